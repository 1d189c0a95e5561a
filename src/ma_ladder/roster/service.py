"""The roster's questions, one function each: what the CLI, the API and the dashboard all call.

Each function takes an open :class:`~.store.Store`, the knowledge base and an organization, and
returns a plain record that the one serializer turns into the same JSON everywhere. The organization
is always given, never inferred: every read goes through the store's tenant-scoped methods, so no
answer can hold another organization's staff.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import msgspec
import numpy as np

from ..compliance import bulk
from ..compliance.renewal import STATUSES
from ..errors import UsageError
from ..kb import KnowledgeBase
from ..scope import DISCLAIMER
from . import exports
from .importing import import_file, report_text
from .store import Org, Store
from .store.records import ImportSummary

Row = dict[str, Any]
MAX_DAYS = 3660  # a window of ten years is already longer than any renewal cycle
EXPORTS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ics": "text/calendar; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}


class ImportOutcome(msgspec.Struct, frozen=True):
    """What an import found and did. ``imported`` is False when the file was refused (all or nothing) or
    in a dry run; ``summary`` says what was (or, in a dry run, would be) added and changed."""

    org: str
    filename: str
    encoding: str
    rows_read: int
    people: int
    errors: int
    warnings: int
    imported: bool
    dry_run: bool
    skipped_people: int
    message: str
    mapping: list[dict[str, Any]]
    ignored: list[dict[str, Any]]
    issues: list[dict[str, Any]]
    summary: ImportSummary | None = None
    text: str = ""  # the validation report as a person reads it (the terminal and the upload page)


class StatusReport(msgspec.Struct, frozen=True):
    """Every credential on an organization's roster: its status, when it is due and what renewal needs."""

    org: str
    org_name: str
    on: date
    window_days: int
    counts: dict[str, int]
    rows: list[Row]
    dataset_version: str


class TaskReport(msgspec.Struct, frozen=True):
    """Every task each person performs, checked against their work state's law with their current credentials."""

    org: str
    org_name: str
    on: date
    counts: dict[str, int]
    flagged: int
    rows: list[Row]
    dataset_version: str
    disclaimer: str = DISCLAIMER


class OrgSummary(msgspec.Struct, frozen=True):
    """The dashboard's figures: staff, credentials by status, due within 30/60/90 days, tasks to act on."""

    org: str
    name: str
    on: date
    staff: int
    statuses: dict[str, int]
    due_within: dict[str, int]
    flagged_tasks: int
    unclear_tasks: int
    dataset_version: str


def window(days: int) -> int:
    """A look-ahead window in days, checked: 0 to ten years."""
    if not 0 <= days <= MAX_DAYS:
        raise UsageError(f"--days {days}: give a number of days from 0 to {MAX_DAYS}", "days")
    return days


def import_roster(
    store: Store,
    kb: KnowledgeBase,
    org: Org,
    data: bytes,
    filename: str,
    *,
    on: date,
    actor: str,
    skip_invalid: bool = False,
    dry_run: bool = False,
    progress: Callable[[int, int | None], None] | None = None,
) -> ImportOutcome:
    """Read, validate and (unless refused or a dry run) store a roster file, in one transaction.

    All or nothing by default: one row with an error and nothing is written, and the report says
    what to fix in each row. With ``skip_invalid`` the people none of whose rows had an error are
    imported and the rest are reported. Re-importing the same file changes nothing.
    """
    result = import_file(kb, data, filename, on, progress)
    members = result.valid if skip_invalid else result.members
    refused = not result.ok and not skip_invalid
    summary = None
    if not refused:
        digest = hashlib.sha256(data).hexdigest()
        summary = store.apply_import(org, members, filename=filename, sha256=digest, actor=actor, dry_run=dry_run)
    skipped = len(result.invalid_staff_ids) if skip_invalid else 0
    mapping = result.mapping.to_dict()
    return ImportOutcome(
        org=org.slug,
        filename=filename,
        encoding=result.encoding,
        rows_read=result.rows_read,
        people=len(result.members),
        errors=len(result.errors),
        warnings=len(result.issues) - len(result.errors),
        imported=summary is not None and not dry_run,
        dry_run=dry_run,
        skipped_people=skipped,
        message=_verdict(result.ok, refused, dry_run, summary, skipped),
        mapping=mapping["columns"],  # type: ignore[arg-type]
        ignored=mapping["ignored"],  # type: ignore[arg-type]
        issues=[i.to_dict() for i in result.issues],
        summary=summary,
        text=report_text(result),
    )


def _verdict(ok: bool, refused: bool, dry_run: bool, s: ImportSummary | None, skipped: int) -> str:
    if refused:
        return "Nothing was imported: fix the rows listed (or import the good rows with --skip-invalid)."
    assert s is not None
    did = "would add" if dry_run else "added"
    text = f"{did} {s.added}, {'would change' if dry_run else 'changed'} {s.changed}, unchanged {s.unchanged}"
    if skipped:
        text += f"; {skipped} {'person' if skipped == 1 else 'people'} with errors skipped"
    return ("Dry run, nothing written: " if dry_run else "Imported: ") + text + "."


def evaluated(store: Store, kb: KnowledgeBase, org: Org, on: date, days: int = 90) -> bulk.Evaluation:
    """The organization's roster decided on a date, as the engine's columns: each question builds only
    the rows it shows (status rows, task rows, or both)."""
    return bulk.evaluate_columns(kb, store.columns(org), on, window(days))


def evaluate(store: Store, kb: KnowledgeBase, org: Org, on: date, days: int = 90) -> tuple[list[Row], list[Row]]:
    """The organization's status rows and task rows on a date, from the engine."""
    result = evaluated(store, kb, org, on, days)
    return result.status_rows(), result.task_rows()


def overview(store: Store, kb: KnowledgeBase, org: Org, on: date) -> OrgSummary:
    """An organization at a glance: what the dashboard shows at its top. Counted from the engine's
    columns, without building a row per credential and task (seconds for a national roster)."""
    return _overview(kb, org, on, evaluated(store, kb, org, on))


def _dues(result: bulk.Evaluation) -> dict[int, date]:
    """The due date of each distinct status answer that is ``expiring``."""
    expiring = STATUSES.index("expiring")
    out = {}
    for answer in np.unique(result.row_answer).tolist():
        if result.answer_status[answer] == expiring:
            s = result.status_answer(answer)
            if s is not None and s.due is not None:
                out[answer] = s.due
    return out


def _overview(
    kb: KnowledgeBase, org: Org, on: date, result: bulk.Evaluation, dues: dict[int, date] | None = None
) -> OrgSummary:
    """The overview's figures; ``dues`` is :func:`_dues` of ``result`` where the caller has it already."""
    counts = result.counts()
    due = dict.fromkeys(("30", "60", "90"), 0)
    per_answer = np.bincount(result.row_answer, minlength=len(result.answer_status))
    for answer, day in (_dues(result) if dues is None else dues).items():
        for k in due:
            due[k] += int(per_answer[answer]) if (day - on).days <= int(k) else 0
    unclear = counts["decisions"].get("unclear", 0)
    staff = result.people
    return OrgSummary(
        org.slug, org.name, on, staff, counts["statuses"], due, counts["flagged"], unclear, kb.dataset.version
    )


class Listing(msgspec.Struct, frozen=True):
    """The first rows of a list a page shows, and how many the whole list holds."""

    rows: list[Row]
    total: int


class Dashboard(msgspec.Struct, frozen=True):
    """What an organization's dashboard shows: the overview, who falls due within 30, 60 and 90 days,
    who is past due, and the task rows to act on and the unclear ones (each list cut at ``shown``)."""

    summary: OrgSummary
    due: dict[str, Listing]
    past: Listing
    flagged: Listing
    unclear: Listing


def dashboard(store: Store, kb: KnowledgeBase, org: Org, on: date, shown: int = 100) -> Dashboard:
    """The dashboard's lists, built only for the rows it shows: a national roster has a million
    credential rows, and a page lists a few hundred."""
    result = evaluated(store, kb, org, on)
    dues = _dues(result)
    status_of = result.row_status()
    expiring = np.flatnonzero(status_of == STATUSES.index("expiring")).tolist()
    expiring.sort(key=lambda i: (dues[int(result.row_answer[i])], i))
    buckets: dict[str, list[int]] = {"30": [], "60": [], "90": []}
    for i in expiring:
        left = (dues[int(result.row_answer[i])] - on).days
        buckets["30" if left <= 30 else "60" if left <= 60 else "90"].append(i)
    past = np.flatnonzero(np.isin(status_of, [STATUSES.index("grace"), STATUSES.index("lapsed")])).tolist()
    flags = result.flagged()
    unclear = np.flatnonzero((result.task_decision() == bulk.DECISIONS.index("unclear")) & ~flags).tolist()
    flagged = np.flatnonzero(flags).tolist()

    def listing(rows: list[int], build: Callable[[list[int]], list[Row]]) -> Listing:
        return Listing(build(rows[:shown]), len(rows))

    return Dashboard(
        _overview(kb, org, on, result, dues),
        {k: listing(v, result.status_rows_at) for k, v in buckets.items()},
        listing(past, result.status_rows_at),
        listing(flagged, result.task_rows_at),
        listing(unclear, result.task_rows_at),
    )


def status(store: Store, kb: KnowledgeBase, org: Org, on: date, days: int = 90) -> StatusReport:
    """Every credential's status; ``expiring`` means due within ``days``."""
    return whole(*status_stream(store, kb, org, on, days))


def status_stream(
    store: Store, kb: KnowledgeBase, org: Org, on: date, days: int = 90
) -> tuple[StatusReport, Iterator[list[Row]]]:
    """:func:`status` as its report without rows and the rows in chunks, for :func:`.serialize.stream`:
    a national roster's answer is encoded a chunk at a time, never held whole."""
    result = evaluated(store, kb, org, on, days)
    head = StatusReport(org.slug, org.name, on, days, result.counts()["statuses"], [], kb.dataset.version)
    return head, result.status_row_chunks()


R = TypeVar("R", StatusReport, TaskReport)


def whole(head: R, chunks: Iterator[list[Row]]) -> R:
    """A streamed report with all its rows: what a program asking for the answer as one object gets."""
    return msgspec.structs.replace(head, rows=[r for chunk in chunks for r in chunk])


def expiring(store: Store, kb: KnowledgeBase, org: Org, on: date, days: int) -> StatusReport:
    """The credentials due within ``days`` (still current until then), soonest first."""
    result = evaluated(store, kb, org, on, days)
    rows = result.status_rows_at(np.flatnonzero(result.row_status() == STATUSES.index("expiring")).tolist())
    rows.sort(key=lambda r: (r["due"], r["staff_id"]))
    return StatusReport(org.slug, org.name, on, days, result.counts()["statuses"], rows, kb.dataset.version)


def tasks(store: Store, kb: KnowledgeBase, org: Org, on: date, flagged_only: bool = False) -> TaskReport:
    """Each task each person performs, decided for them; ``flagged_only`` keeps the rows to act on."""
    return whole(*tasks_stream(store, kb, org, on, flagged_only))


def tasks_stream(
    store: Store, kb: KnowledgeBase, org: Org, on: date, flagged_only: bool = False
) -> tuple[TaskReport, Iterator[list[Row]]]:
    """:func:`tasks` as its report without rows and the rows in chunks (see :func:`status_stream`)."""
    result = evaluated(store, kb, org, on)
    counts = result.counts()
    head = TaskReport(org.slug, org.name, on, counts["decisions"], counts["flagged"], [], kb.dataset.version)
    return head, result.task_row_chunks(np.flatnonzero(result.flagged()) if flagged_only else None)


class OrderEntryReport(msgspec.Struct, frozen=True):
    """Who may enter orders under the CMS order-entry rules (historical: they no longer apply), by person."""

    org: str
    org_name: str
    on: date
    rows: list[Row]
    dataset_version: str


def order_entry(store: Store, kb: KnowledgeBase, org: Org, on: date) -> OrderEntryReport:
    """For each person, each CMS program's order-entry rule on the date: whether it applied then and,
    if it did, whether they held a current credential it counted (unknown when a date is unknown)."""
    from ..citations import Citation
    from ..compliance import cms, renewal

    def cites(items: list[Citation]) -> list[dict[str, str | None]]:
        return [{"title": c.title, "url": c.url} for c in items]

    rows: list[Row] = []
    for m in store.iter_members(org):
        statuses = [renewal.status(kb, h, on) for h in m.credentials]
        for c in cms.order_entry(kb, statuses, on):
            rows.append({
                "staff_id": m.staff_id, "name": m.name, "state": m.state, "rule": c.rule, "rule_name": c.name,
                "applies": c.applies, "in_force": c.in_force, "counted": c.counted, "credentials": c.credentials,
                "reason": c.reason, "citations": cites(c.citations),
            })  # fmt: skip
    return OrderEntryReport(org.slug, org.name, on, rows, kb.dataset.version)


def export(store: Store, kb: KnowledgeBase, org: Org, fmt: str, on: date, days: int = 90) -> tuple[bytes, str]:
    """One export of the organization's roster as bytes, with its media type: csv (the status rows; the
    task rows are :func:`tasks_csv`), xlsx, ics, html or pdf."""
    kind = fmt.lower().lstrip(".")
    if kind not in EXPORTS:
        from ..errors import UnknownName, suggest

        # five formats: with no near miss, offering them all is the useful answer
        raise UnknownName("export format", fmt, EXPORTS, suggest(kind, EXPORTS) or sorted(EXPORTS), field="format")
    result = evaluated(store, kb, org, on, days)
    status_rows, version = result.status_rows(), kb.dataset.version
    if kind == "csv":
        data = exports.to_csv(status_rows, exports.STATUS_COLUMNS).encode("utf-8")
    elif kind == "ics":
        data = exports.to_ics(status_rows, org.name, version)
    elif kind == "xlsx":
        data = exports.to_xlsx(status_rows, result.task_rows())
    else:
        html = exports.report_html(org.name, status_rows, result.task_rows(), version, date.today(), on)
        data = html.encode("utf-8") if kind == "html" else exports.report_pdf(html)
    return data, EXPORTS[kind]


def tasks_csv(store: Store, kb: KnowledgeBase, org: Org, on: date) -> bytes:
    """The task rows as CSV (the status rows are :func:`export` ``csv``)."""
    return exports.to_csv(evaluated(store, kb, org, on).task_rows(), exports.TASK_COLUMNS).encode("utf-8")


def read_file(path: str) -> tuple[bytes, str]:
    """A roster file's bytes and name, or a clear error saying why it cannot be read."""
    p = Path(path)
    try:
        return p.read_bytes(), p.name
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file; give the path of a CSV or XLSX roster", "file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a folder; give the path of a CSV or XLSX roster", "file") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read it ({exc.strerror or exc})", "file") from None
