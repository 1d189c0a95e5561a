"""Server-rendered pages (placeholder until the pages land): an error page for every HTML error."""

from __future__ import annotations

import html

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)


def error_page(request: Request, status: int, message: str, suggestions: list[str]) -> HTMLResponse:
    """A readable error page; never a stack trace."""
    hint = f"<p>Did you mean {html.escape(', '.join(suggestions))}?</p>" if suggestions else ""
    body = f"<!doctype html><html lang=en><title>Error {status}</title><h1>Error {status}</h1><p>{html.escape(message)}</p>{hint}"
    return HTMLResponse(body, status_code=status)
