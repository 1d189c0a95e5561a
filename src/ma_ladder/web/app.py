"""The web app: the REST API under ``/api/v1`` and the server-rendered pages.

They are two apps behind one ASGI entry point (:class:`Site`) that sends ``/api/…`` to the API and
everything else to the pages, so that neither kind of request is matched against the other's routes
(routes are tried one by one, at a few microseconds each). The API is a FastAPI app, for its OpenAPI
document; the pages, which are not in it, are a plain Starlette app, about 100 µs a request lighter.
Stateless and read-only over the knowledge base (loaded once per process), so any number of workers
or machines can serve it behind a reverse proxy. Every response carries the data set version and the
security headers; no response ever carries a stack trace.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.applications import Starlette
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..errors import MaLadderError, UnknownName
from ..kb import load
from ..roster.store import RosterDatabaseError
from .assets import SITE
from .tenancy import MAX_UPLOAD

MAX_BODY = 64 * 1024  # a profile is a few hundred bytes; only a roster upload is larger
log = logging.getLogger("ma_ladder.web")

SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        b"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-frame-options", b"DENY"),
]


class Guard:
    """ASGI middleware: security headers and the data set version on every response; bodies bounded,
    however they are sent; HEAD answered as GET without the body."""

    def __init__(self, app: ASGIApp, dataset_version: str) -> None:
        self.app, self.version = app, dataset_version.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = body_limit(scope.get("path", ""))
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            return await _too_large(send, self.version, limit)
        head = scope["method"] == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}
        seen, too_large = 0, False

        async def bounded_receive() -> Message:
            """A body sent in chunks is counted as it arrives; past the limit the app sees a disconnect."""
            nonlocal seen, too_large
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                too_large = True
                return {"type": "http.disconnect"}
            return message

        async def send_with_headers(message: Message) -> None:
            if too_large:
                return  # the 413 below answers instead of whatever the app makes of the disconnect
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *message.get("headers", []),
                    *SECURITY_HEADERS,
                    (b"x-dataset-version", self.version),
                ]
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        try:
            await self.app(scope, bounded_receive, send_with_headers)
        except Exception:
            if not too_large:
                raise
        if too_large:
            await _too_large(send, self.version, limit)


def body_limit(path: str) -> int:
    """The largest body a path takes: a roster upload (the API's import, the dashboard's upload) or 64 KiB."""
    if path.startswith(("/api/v1/orgs/", "/orgs/")) and path.endswith(("/import", "/upload")):
        return MAX_UPLOAD
    return MAX_BODY


async def _too_large(send: Send, version: bytes, limit: int = MAX_BODY) -> None:
    size = f"{limit // (1024 * 1024)} MiB" if limit >= 1024 * 1024 else f"{limit // 1024} KiB"
    body = (
        b'{"error":{"message":"the request body is larger than ' + size.encode() + b'","field":null,"suggestions":[]}}'
    )
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), *SECURITY_HEADERS, (b"x-dataset-version", version)],
        }
    )
    await send({"type": "http.response.body", "body": body})


def error_body(message: str, field: str | None = None, suggestions: list[str] | None = None) -> dict[str, Any]:
    """The one error shape of the API: ``{"error": {"message", "field", "suggestions"}}``."""
    return {"error": {"message": message, "field": field, "suggestions": suggestions or []}}


def _wants_html(request: Request) -> bool:
    """Pages answer errors with a page, unless the client asks for JSON; the API always answers JSON."""
    if request.url.path.startswith("/api/") and request.url.path != "/api/v1/docs":
        return False
    accept = request.headers.get("accept", "")
    return "application/json" not in accept or "text/html" in accept


class Site:
    """One ASGI app: ``/api/…`` goes to the API, every other path to the pages (and static files)."""

    def __init__(self, api: FastAPI, pages: Starlette) -> None:
        self.api, self.pages = api, pages

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            return await self.api(scope, receive, send)  # neither app has start-up work; one answers
        path = scope.get("path", "")
        await (self.api if path.startswith("/api/") else self.pages)(scope, receive, send)


def create_app() -> Guard:
    """The whole site. The knowledge base is loaded here, once per worker process."""
    from . import api, apidocs, pages, roster_api, roster_pages

    kb = load()
    api_app = FastAPI(
        title="MA Ladder API",
        version=__version__,
        description=(
            "The US medical-assistant career ladder: credentials, state scope of practice, paths and wages, "
            f"every fact with its source. Data set {kb.dataset.version} ({kb.dataset.licence}). "
            "Scope answers are not legal advice."
        ),
        openapi_url="/api/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    api_app.include_router(api.router)
    api_app.include_router(roster_api.router)
    api_app.include_router(apidocs.router)
    api.install_openapi(api_app, [roster_api.schemas])
    static = Route("/static/{name}", SITE.serve, methods=["GET"])
    pages_app = Starlette(routes=[*pages.routes, *roster_pages.routes, static])
    for one in (api_app, pages_app):
        _install_errors(one)
    import gc

    from .. import scope

    scope.prepare(kb)  # every state's rules ready before the first request, so none waits for them
    gc.freeze()  # the knowledge base lives as long as the process: keep the collector from rescanning it
    return Guard(Site(api_app, pages_app), kb.dataset.version)


def _install_errors(app: Starlette) -> None:
    """Every error as JSON for the API and as a page for the pages; never a stack trace."""
    from . import pages

    async def ours(request: Request, exc: MaLadderError) -> Response:
        field = getattr(exc, "field", None)
        status = 404 if isinstance(exc, UnknownName) and getattr(exc, "in_path", False) else 422
        message = str(exc)
        if exc.exit_code == 1:
            status = 503  # our data or our database failed, not the request
            if isinstance(exc, RosterDatabaseError):  # its words name the database's host and user: log them
                log.error("the roster database failed on %s: %s", request.url.path, exc)
                message, field = "the roster database is unavailable; the server's log says why", None
        if _wants_html(request):
            return pages.error_page(request, status, message, getattr(exc, "suggestions", []))
        return JSONResponse(error_body(message, field, getattr(exc, "suggestions", [])), status_code=status)

    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        loc = [str(p) for p in first.get("loc", []) if p not in ("query", "path")]
        if loc and loc[0] == "body":  # the body is the profile, whatever went wrong inside it
            loc = ["profile", *loc[1:]] if len(loc) > 1 and not loc[1].isdigit() else ["profile"]
        field = ".".join(loc) or None
        message = f"{field + ': ' if field else ''}{first.get('msg', 'invalid request')}"
        if _wants_html(request):
            return pages.error_page(request, 422, message, [])
        return JSONResponse(error_body(message, field), status_code=422)

    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 400 and request.method == "POST":  # a body that is not JSON: bad input, like any
            message = "profile: the body is not valid JSON; send the profile's fields as a JSON object"
            return JSONResponse(error_body(message, "profile"), status_code=422)
        message = "no such page" if exc.status_code == 404 else str(exc.detail)
        if _wants_html(request):
            page = pages.error_page(request, exc.status_code, message, [])
            page.headers.update(exc.headers or {})
            return page
        return JSONResponse(error_body(message), status_code=exc.status_code, headers=exc.headers)

    async def internal(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s", request.url.path)  # the trace goes to the log, never the client
        message = "internal error; it has been logged"
        if _wants_html(request):
            return HTMLResponse("<!doctype html><title>Error</title><p>Internal error.</p>", status_code=500)
        return JSONResponse(error_body(message), status_code=500)

    handlers: list[tuple[type[Exception], Any]] = [
        (MaLadderError, ours),
        (RequestValidationError, bad_request),
        (StarletteHTTPException, http_error),
        (Exception, internal),
    ]
    for kind, handler in handlers:
        app.add_exception_handler(kind, handler)


def app() -> Guard:
    """Factory for ``uvicorn --factory ma_ladder.web.app:app``."""
    return create_app()
