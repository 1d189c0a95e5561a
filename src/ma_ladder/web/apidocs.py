"""Interactive API docs at ``/api/v1/docs``, drawn from the OpenAPI document, with nothing from a CDN.

Each GET endpoint gets a plain HTML form (query parameters in, the JSON answer out in the browser),
so the docs work offline, with JavaScript off and under the strict Content-Security-Policy. POST
endpoints show a ``curl`` call with an example profile.
"""

from __future__ import annotations

import html
import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from .assets import SITE

router = APIRouter(include_in_schema=False)
EXAMPLES = {"id": "CMA", "code": "WA", "ids": "CMA,RMA,CCMA", "state": "NY", "task": "injection", "goal": "CMA"}
PROFILE = '{"state": "TX", "high_school": true, "interests": ["ekg"]}'


def _param(p: dict[str, Any]) -> str:
    name = html.escape(p["name"])
    note = html.escape(p.get("description") or ("required" if p.get("required") else "optional"))
    value = html.escape(EXAMPLES.get(p["name"], "")) if p.get("required") else ""
    return (
        f'<p><label for="{{form}}-{name}">{name}</label> <small>{note}</small><br>'
        f'<input id="{{form}}-{name}" name="{name}" value="{value}"></p>'
    )


def anchor(method: str, path: str) -> str:
    """The id of an endpoint's section: ``post-api-v1-advise`` (pages link to it)."""
    return re.sub(r"[^a-z0-9]+", "-", f"{method} {path}".lower()).strip("-")


def _endpoint(n: int, path: str, method: str, op: dict[str, Any]) -> str:
    summary = html.escape(op.get("description") or op.get("summary") or "")
    head = f'<h2 id="{anchor(method, path)}"><code>{method.upper()} {html.escape(path)}</code></h2><p>{summary}</p>'
    params = op.get("parameters", [])
    if method == "post":
        query = "&".join(f"{p['name']}={EXAMPLES.get(p['name'], '')}" for p in params if p.get("required"))
        url = html.escape(path + (f"?{query}" if query else ""))
        call = (
            f"curl -X POST -H 'content-type: application/json' -d '{html.escape(PROFILE)}' http://localhost:8000{url}"
        )
        return head + f"<p>The body is a profile, with the same fields as a profile file:</p><pre>{call}</pre>"
    if any(p["in"] == "path" for p in params):
        example = path
        for p in params:
            if p["in"] == "path":
                example = example.replace("{" + p["name"] + "}", EXAMPLES.get(p["name"], "x"))
        return head + f'<p>Example: <a href="{html.escape(example)}">{html.escape(example)}</a></p>'
    fields = "".join(_param(p).replace("{form}", f"f{n}") for p in params if p["in"] == "query")
    return head + f'<form action="{html.escape(path)}" method="get">{fields}<p><button>Send</button></p></form>'


@router.get("/api/v1/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    """Every endpoint of the REST API, with a form to try each GET endpoint."""
    doc = request.app.openapi()
    ops = [(path, m, op) for path, item in doc["paths"].items() for m, op in item.items()]
    body = "".join(_endpoint(i, path, m, op) for i, (path, m, op) in enumerate(ops))
    toc = "".join(f'<li><a href="#{anchor(m, p)}">{m.upper()} {html.escape(p)}</a></li>' for p, m, _ in ops)
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>MA Ladder API</title><link rel="stylesheet" href="{SITE.url("site.css")}"></head><body>'
        '<a class="skip" href="#main">Skip to the endpoints</a>'
        '<header class="site"><a class="brand" href="/">MA Ladder</a></header>'
        '<main id="main"><h1>MA Ladder API v1</h1>'
        f"<p>{html.escape(doc['info'].get('description', ''))}</p>"
        '<p>Machine-readable: <a href="/api/v1/openapi.json">openapi.json</a>. Errors are '
        '<code>{"error": {"message", "field", "suggestions"}}</code>: 404 for an unknown id, 422 for a bad '
        "parameter. Answers carry an ETag and answer If-None-Match with 304.</p>"
        f'<nav aria-label="Endpoints"><ul>{toc}</ul></nav>{body}</main></body></html>'
    )
    return HTMLResponse(page)
