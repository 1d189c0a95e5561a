"""Who is asking, for the roster: one store per process, and an organization only for its own token.

The API takes the token as ``Authorization: Bearer …``; the dashboard keeps it in an HttpOnly,
SameSite=Strict cookie after a person types it once. Either way the organization a request may see
is the one its token belongs to: a token for another organization, or none, gets the same answer
as an organization that does not exist, so no one can learn which organizations a server holds.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import threading

from fastapi import Request
from starlette.exceptions import HTTPException

from ..errors import MaLadderError
from ..roster.store import Org, RosterDatabaseError, Store

COOKIE = "ma_ladder_token"
PRIVATE = {"cache-control": "private, no-store"}  # every roster answer: one organization's staff
MAX_UPLOAD = 200 * 1024 * 1024  # the largest roster upload: a million-row roster is about 140 MB of CSV
log = logging.getLogger("ma_ladder.web")
_lock = threading.Lock()
_stores: dict[str, Store] = {}


def database_url() -> str | None:
    """The roster database the server uses: ``MA_LADDER_DB``, else the store's default SQLite file."""
    return os.environ.get("MA_LADDER_DB") or None


def store() -> Store:
    """The process's store, opened (and migrated) on the first roster request, then shared by threads."""
    key = database_url() or ""
    with _lock:
        found = _stores.get(key)
        if found is None:
            try:
                found = _stores[key] = Store(key or None)
            except MaLadderError as exc:
                raise unavailable(exc) from None
        return found


def unavailable(exc: MaLadderError) -> HTTPException:
    """A 503 that says only that the database is down: the reason (the database's URL, host and user, the
    driver's words) is for the operator's log, never for a client, who may not even hold a token."""
    log.error("the roster database is unavailable: %s", exc)
    return HTTPException(503, "the roster database is unavailable; the server's log says why")


def close_all() -> None:
    """Close every open store (tests, and the server's shutdown)."""
    with _lock:
        for s in _stores.values():
            s.close()
        _stores.clear()


def bearer(request: Request) -> str | None:
    """The token of an API request's ``Authorization: Bearer`` header, if any."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def org_for(slug: str, token: str | None) -> Org:
    """The organization ``slug`` names, if ``token`` is its token; else 401 (no token) or 404 (any other)."""
    if not token:
        raise HTTPException(401, "this needs the organization's API token", {"www-authenticate": "Bearer"})
    try:
        org = store().org_for_token(token)
    except RosterDatabaseError as exc:  # not yet known to be the organization: tell it nothing of the server
        raise unavailable(exc) from None
    if org is None:
        raise HTTPException(
            401, "the API token is not valid (it may have been replaced)", {"www-authenticate": "Bearer"}
        )
    if not hmac.compare_digest(org.slug.encode(), slug.encode()):
        raise HTTPException(404, f"no organization {slug[:80]!r} for this token")
    return org


def form_key(token: str) -> str:
    """The value a dashboard form carries to prove it came from a page the token holder loaded (CSRF)."""
    return hmac.new(token.encode(), b"ma-ladder dashboard form", hashlib.sha256).hexdigest()[:32]
