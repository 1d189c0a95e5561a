"""An organization's dashboard: who lapses in the next 30/60/90 days, who performs a task their state
does not allow, exports, and the upload of a roster with its validation report.

Behind the organization's token: a person types it once on the sign-in form and it is kept in an
HttpOnly, SameSite=Strict cookie scoped to the organization's pages; every form carries a key derived
from it, so another site cannot post to the dashboard. The figures and rows come from the same
:mod:`ma_ladder.roster.service` functions as the API's (``/api/v1/orgs/{org}``), its JSON twin.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ..citations import Citation
from ..errors import UnknownName, UsageError
from ..kb import load
from ..roster import service
from ..roster.store import Org
from ..scope import DISCLAIMER
from .pages import Routes, render
from .params import Query, Text, path_param, read
from .tenancy import COOKIE, MAX_UPLOAD, PRIVATE, form_key, org_for, store

routes = Routes()
SHOWN = 100  # rows per table on the page; the report and the exports have them all


def _signed_in(request: Request, slug: str) -> tuple[Org, str] | None:
    """The organization and token of a signed-in visitor, or None (no cookie, or a token no longer valid)."""
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    try:
        return org_for(slug, token), token
    except HTTPException:
        return None


TOKEN_NOTE = (
    "The roster's JSON needs the organization's token, sent as the header Authorization: Bearer TOKEN "
    "(a browser's link alone is refused)"
)


def _sign_in_page(request: Request, slug: str, message: str = "", status: int = 200) -> HTMLResponse:
    page = render(
        request, "org_login.html", "Sign in", f"/api/v1/orgs/{slug}", slug=slug, message=message, status=status,
        json_note=TOKEN_NOTE,
    )  # fmt: skip
    page.headers.update(PRIVATE)
    return page


class DashboardForm(Query, frozen=True):
    on: Text = None  # a day, read by parse_date for its own message


@routes.page("/orgs/{org}")
async def dashboard(request: Request) -> Response:
    """The dashboard, or the sign-in form for a visitor without a valid token."""
    org, on = path_param(request, "org"), read(request, DashboardForm).on
    found = _signed_in(request, org)
    if found is None:
        return _sign_in_page(request, org)
    who, token = found
    from ..questions import parse_date

    day = parse_date(on, "on") or date.today()
    view = await run_in_threadpool(_view, who, day)
    page = render(
        request, "org_dashboard.html", f"{who.name}: roster", f"/api/v1/orgs/{who.slug}", view.pop("sources"),
        org=who, key=form_key(token), legal=True, disclaimer=DISCLAIMER, shown=SHOWN, json_note=TOKEN_NOTE, **view,
    )  # fmt: skip
    page.headers.update(PRIVATE)
    return page


def _view(org: Org, on: date) -> dict[str, Any]:
    """Everything the dashboard shows, from the engine (only the rows it lists are built)."""
    d = service.dashboard(store(), load(), org, on, SHOWN)
    seen: dict[str, Citation] = {}
    for r in d.flagged.rows + d.unclear.rows:
        for c in r["citations"]:
            seen.setdefault(c["url"] or c["title"], Citation(c["title"], c["url"]))
    return {
        "summary": d.summary,
        "buckets": d.due,
        "past": d.past,
        "flagged": d.flagged,
        "unclear": d.unclear,
        "on": on,
        "sources": list(seen.values()),
    }


@routes.page("/orgs/{org}/login", ["POST"])
async def login(request: Request) -> Response:
    """Check the token typed into the sign-in form; keep it in a cookie for this organization's pages."""
    org = path_param(request, "org")
    form = await request.form()
    token = str(form.get("token") or "").strip()[:200]
    try:
        who = org_for(org, token)
    except HTTPException:
        return _sign_in_page(request, org, "That token does not open this organization. Check it and try again.", 401)
    page = RedirectResponse(f"/orgs/{who.slug}", status_code=303)
    page.set_cookie(
        COOKIE, token, httponly=True, samesite="strict", secure=request.url.scheme == "https", path=f"/orgs/{who.slug}"
    )
    return page


@routes.page("/orgs/{org}/logout", ["POST"])
async def logout(request: Request) -> Response:
    org = path_param(request, "org")
    page = RedirectResponse(f"/orgs/{org}", status_code=303)
    page.delete_cookie(COOKIE, path=f"/orgs/{org}")
    return page


def _checked_form(request: Request, org: str, form: Any) -> tuple[Org, str]:
    found = _signed_in(request, org)
    if found is None:
        raise HTTPException(401, "sign in first: your session has ended or the token was replaced")
    if str(form.get("key") or "") != form_key(found[1]):
        raise HTTPException(403, "this form did not come from your dashboard; reload the page and try again")
    return found


@routes.page("/orgs/{org}/upload", ["POST"])
async def upload(request: Request) -> Response:
    """Import an uploaded roster and show its validation report: every row's problem and its fix."""
    org = path_param(request, "org")
    form = await request.form(max_files=1, max_fields=10, max_part_size=MAX_UPLOAD)
    who, token = _checked_form(request, org, form)
    file = form.get("file")
    if file is None or isinstance(file, str) or not file.filename:
        raise UsageError("choose a CSV or XLSX file to upload", "file")
    data = await file.read()
    if not data:
        raise UsageError(f"{file.filename}: the file is empty", "file")
    outcome = await run_in_threadpool(
        service.import_roster, store(), load(), who, data, file.filename, on=date.today(), actor="dashboard",
        skip_invalid=form.get("skip_invalid") == "on", dry_run=form.get("dry_run") == "on",
    )  # fmt: skip
    page = render(
        request, "org_upload.html", f"{who.name}: import report", f"/api/v1/orgs/{who.slug}", org=who,
        outcome=outcome, key=form_key(token), status=200 if outcome.summary is not None else 422, json_note=TOKEN_NOTE,
    )  # fmt: skip
    page.headers.update(PRIVATE)
    return page


@routes.page("/orgs/{org}/export.{fmt}")
async def export(request: Request) -> Response:
    """A download for a signed-in visitor: csv, xlsx, ics, or the audit report as html or pdf."""
    org, fmt = path_param(request, "org"), path_param(request, "fmt", 10)
    found = _signed_in(request, org)
    if found is None:
        return RedirectResponse(f"/orgs/{org}", status_code=303)
    who = found[0]
    try:
        data, media = await run_in_threadpool(service.export, store(), load(), who, fmt, date.today(), 90)
    except UnknownName as exc:  # an unknown format in the path is a page that does not exist, as in the API
        exc.in_path = exc.kind == "export format"  # type: ignore[attr-defined]
        raise
    # Every export is a download, the HTML report too: it is a self-contained document with its own print
    # style, which this site's Content-Security-Policy (no inline styles) would strip if shown here.
    disposition = f'attachment; filename="{who.slug}-roster.{fmt.lower()}"'
    return Response(data, media_type=media, headers={**PRIVATE, "content-disposition": disposition})
