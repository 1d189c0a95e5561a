"""The roster API, ``/api/v1/orgs/{org}/…``: an organization's staff, renewals, tasks, exports, imports.

Every route needs the organization's token (``Authorization: Bearer …``) and calls one function of
:mod:`ma_ladder.roster.service`, the same the CLI calls, so a body is what ``ma-ladder roster …
--json`` prints. Handlers are plain functions (FastAPI runs them on its thread pool), because the
store is a database. Roster answers are private: ``Cache-Control: private, no-store``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from itertools import chain
from typing import Annotated, Any

import msgspec
from fastapi import APIRouter, Path, Request
from fastapi.responses import Response, StreamingResponse
from msgspec import Meta

from .. import serialize
from ..compliance.records import StaffMember
from ..errors import UnknownName, UsageError
from ..kb import load
from ..roster import service
from ..roster.store import AuditEntry
from .params import Day, Query, parameters, read
from .tenancy import PRIVATE, bearer, org_for, store

router = APIRouter(prefix="/api/v1/orgs")
Slug = Annotated[str, Path(max_length=80, description="the organization's slug, e.g. valley-clinic")]


class WhenQuery(Query, frozen=True):
    on: Day = None
    days: Annotated[int, Meta(ge=0, le=service.MAX_DAYS, description="'expiring' = due within this many days")] = 90


class TasksQuery(Query, frozen=True):
    on: Day = None
    flagged: Annotated[bool, Meta(description="only the rows to act on: not allowed, or a condition unmet")] = False


class ImportQuery(Query, frozen=True):
    filename: Annotated[str, Meta(min_length=1, max_length=200, description="the file's name, e.g. roster.xlsx")]
    skip_invalid: Annotated[bool, Meta(description="import the people whose rows are valid; report the rest")] = False
    dry_run: Annotated[bool, Meta(description="validate and say what would change; write nothing")] = False
    on: Day = None


def _on(q: Any) -> date:
    from ..questions import parse_date

    return parse_date(q.on, "on") or date.today()


def _json(answer: object, status: int = 200) -> Response:
    return Response(serialize.to_json(answer), status_code=status, media_type="application/json", headers=PRIVATE)


def _streamed(head: msgspec.Struct, chunks: Iterator[list[Any]]) -> Response:
    """A report whose rows are encoded a chunk at a time as the body is sent: the bytes :func:`_json`
    gives, without holding a national roster's million rows. The answer is decided, and its first chunk
    encoded, before the status line is sent; a failure after that can only cut the body short."""
    body = serialize.stream(head, "rows", chunks)
    first = next(body)  # the head and the first chunk of rows: an error here is still an error response
    return StreamingResponse(chain([first], body), media_type="application/json", headers=PRIVATE)


def _responses(schema: str | None, media: str = "application/json") -> dict[int | str, dict[str, Any]]:
    err = {
        "description": "an error",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    ok: dict[str, Any] = {"description": "the answer"}
    if schema:
        ok["content"] = {media: {"schema": {"$ref": f"#/components/schemas/{schema}"}}}
    else:
        ok["content"] = {media: {"schema": {"type": "string", "format": "binary"}}}
    return {200: ok, 401: err, 404: err, 422: err}


def _get(
    path: str, schema: str | None, query: type[Query] | None = None, media: str = "application/json"
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    extra = {"parameters": parameters(query)} if query else None
    return router.get(path, response_class=Response, responses=_responses(schema, media), openapi_extra=extra)


@_get("/{org}", "OrgSummary", WhenQuery)
def org_summary(request: Request, org: Slug) -> Response:
    """Staff, credentials by status, how many fall due within 30, 60 and 90 days, and tasks to act on."""
    who = org_for(org, bearer(request))
    return _json(service.overview(store(), load(), who, _on(read(request, WhenQuery))))


@_get("/{org}/status", "StatusReport", WhenQuery)
def status(request: Request, org: Slug) -> Response:
    """Every credential on the roster: status, due date, what renewal needs, with citations."""
    who, q = org_for(org, bearer(request)), read(request, WhenQuery)
    return _streamed(*service.status_stream(store(), load(), who, _on(q), q.days))


@_get("/{org}/expiring", "StatusReport", WhenQuery)
def expiring(request: Request, org: Slug) -> Response:
    """The credentials due within ``days`` days, soonest first."""
    who, q = org_for(org, bearer(request)), read(request, WhenQuery)
    return _json(service.expiring(store(), load(), who, _on(q), q.days))


@_get("/{org}/tasks", "TaskReport", TasksQuery)
def tasks(request: Request, org: Slug) -> Response:
    """Each task each person performs, decided by their state's law with their current credentials."""
    who, q = org_for(org, bearer(request)), read(request, TasksQuery)
    return _streamed(*service.tasks_stream(store(), load(), who, _on(q), q.flagged))


@_get("/{org}/order-entry", "OrderEntryReport", WhenQuery)
def order_entry(request: Request, org: Slug) -> Response:
    """Who could enter orders under each CMS order-entry rule on the date (historical rules, with dates)."""
    who, q = org_for(org, bearer(request)), read(request, WhenQuery)
    return _json(service.order_entry(store(), load(), who, _on(q)))


@_get("/{org}/staff", "StaffList")
def staff(request: Request, org: Slug) -> Response:
    """The people on the roster as imported: credentials, training and the tasks they perform."""
    who = org_for(org, bearer(request))
    return _json(StaffList(who.slug, store().members(who)))


@_get("/{org}/audit", "AuditLog")
def audit(request: Request, org: Slug) -> Response:
    """The organization's audit log, newest first (the last 200 changes)."""
    who = org_for(org, bearer(request))
    return _json(AuditLog(who.slug, store().audit(who, 200)))


@_get("/{org}/export.{fmt}", None, WhenQuery, media="application/octet-stream")
def export(request: Request, org: Slug, fmt: Annotated[str, Path(max_length=10)]) -> Response:
    """The roster as csv (renewals), xlsx (renewals and tasks), ics (renewal deadlines), html or pdf (the
    printable audit report)."""
    who, q = org_for(org, bearer(request)), read(request, WhenQuery)
    try:
        data, media = service.export(store(), load(), who, fmt, _on(q), q.days)
    except UnknownName as exc:
        exc.in_path = True  # type: ignore[attr-defined]  # the format is in the path: a 404, like any name there
        raise
    name = f"{who.slug}-roster.{fmt.lower()}"
    return Response(
        data, media_type=media, headers={**PRIVATE, "content-disposition": f'attachment; filename="{name}"'}
    )


@router.post("/{org}/import", response_class=Response, responses=_responses("ImportOutcome"),
             openapi_extra={"parameters": parameters(ImportQuery),
                            "requestBody": {"required": True, "content": {"application/octet-stream": {
                                "schema": {"type": "string", "format": "binary"}}}}})  # fmt: skip
async def import_roster(request: Request, org: Slug) -> Response:
    """Import a CSV or XLSX roster sent as the request body; 422 with the row report when refused."""
    from starlette.concurrency import run_in_threadpool

    who, q = org_for(org, bearer(request)), read(request, ImportQuery)
    data = await request.body()
    if not data:
        raise UsageError("the request body is empty: send the CSV or XLSX file as the body", "body")
    outcome = await run_in_threadpool(
        service.import_roster, store(), load(), who, data, q.filename, on=_on(q), actor="api",
        skip_invalid=q.skip_invalid, dry_run=q.dry_run,
    )  # fmt: skip
    return _json(outcome, 200 if outcome.summary is not None else 422)


class StaffList(msgspec.Struct, frozen=True):
    """The people on an organization's roster, as imported."""

    org: str
    staff: list[StaffMember]


class AuditLog(msgspec.Struct, frozen=True):
    """An organization's changes, newest first."""

    org: str
    entries: list[AuditEntry]


def schemas() -> dict[str, Any]:
    """JSON Schemas of the roster's answers, for the OpenAPI document."""
    types = [
        service.OrgSummary,
        service.StatusReport,
        service.TaskReport,
        service.ImportOutcome,
        service.OrderEntryReport,
        StaffList,
        AuditLog,
    ]
    _, components = msgspec.json.schema_components(types, ref_template="#/components/schemas/{name}")
    return components
