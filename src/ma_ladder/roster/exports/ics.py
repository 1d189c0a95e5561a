"""Renewal deadlines as an iCalendar file: each due date an all-day event with a reminder a month ahead.

A credential whose due date is unknown cannot be put on a calendar, and silently leaving it out would
read as "nothing due"; the file says how many were left out (``X-MA-LADDER-UNKNOWN-DUE`` and the
calendar description), so the importer of the file is told to look at the report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import quote

from icalendar import Alarm, Calendar, Event

from .cells import as_date, check_rows, citation_text

PRODID = "-//MA Ladder//Roster renewals//EN"
REMIND_DAYS = 30
DISCLAIMER = "Not legal advice; confirm with the state board."


def to_ics(
    status_rows: Sequence[Mapping[str, Any]],
    org_name: str,
    dataset_version: str,
    *,
    stamp: datetime | None = None,
) -> bytes:
    """The status rows' due dates (and grace-window ends) as an iCalendar file.

    ``stamp`` is the DTSTAMP of every event (now, by default); pass one for byte-identical output.
    UIDs are stable across exports, so re-importing updates events instead of duplicating them.
    """
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{org_name}: credential renewals")
    unknown = 0
    for n, row in enumerate(check_rows(status_rows, "status"), start=1):
        where = f"status row {n} (staff {row.get('staff_id')})"
        due = as_date(row.get("due"), f"{where} due")
        if due is None:
            unknown += 1
            continue
        cal.add_component(_event(row, due, "due", dataset_version, stamp))
        grace = as_date(row.get("grace_until"), f"{where} grace_until")
        if grace is not None:
            cal.add_component(_event(row, grace, "grace", dataset_version, stamp))
    cal.add("x-ma-ladder-dataset-version", dataset_version)
    cal.add("x-ma-ladder-unknown-due", str(unknown))
    cal.add("x-wr-caldesc", _calendar_description(unknown, dataset_version))
    return bytes(cal.to_ical())


def uid(row: Mapping[str, Any], day: date, kind: str = "due") -> str:
    """``staff/credential/date@ma-ladder`` with each part percent-encoded, so no two rows share one."""
    parts = [quote(str(row.get("staff_id") or ""), safe=""), quote(str(row.get("credential") or "none"), safe="")]
    tail = day.isoformat() if kind == "due" else f"{kind}-{day.isoformat()}"
    return "/".join([*parts, tail]) + "@ma-ladder"


def summary(row: Mapping[str, Any], kind: str = "due") -> str:
    """``Renew CMA: Ana Ruiz (staff 1042)``; the end of a grace window says so."""
    who = f"{row.get('name') or 'unnamed'} (staff {row.get('staff_id')})"
    cred = row.get("credential") or "credential"
    if kind == "grace":
        return f"Last day to renew {cred} without retesting: {who}"
    return f"Renew {cred}: {who}"


def _event(row: Mapping[str, Any], day: date, kind: str, dataset_version: str, stamp: datetime) -> Event:
    ev = Event()
    ev.add("uid", uid(row, day, kind))
    ev.add("dtstamp", stamp)
    ev.add("dtstart", day)
    ev.add("dtend", day + timedelta(days=1))
    ev.add("summary", summary(row, kind))
    ev.add("description", _description(row, kind, dataset_version))
    ev.add("transp", "TRANSPARENT")  # a deadline, not time the person is busy
    ev.add("categories", ["Credential renewal"])
    ev.add_component(_alarm(summary(row, kind)))
    return ev


def _alarm(text: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", timedelta(days=-REMIND_DAYS))
    alarm.add("description", f"In {REMIND_DAYS} days: {text}")
    return alarm


def _description(row: Mapping[str, Any], kind: str, dataset_version: str) -> str:
    """What the person must do, why, and where it says so: plain text, one item a line."""
    lines = [f"Status: {row.get('status') or 'unknown'}"]
    if kind == "grace":
        lines.append("The issuer's window for renewing without retesting ends on this day.")
    needs = [str(n) for n in row.get("needs") or []]
    if needs:
        lines += ["Needs:", *(f"- {n}" for n in needs)]
    if row.get("reason"):
        lines.append(f"Reason: {row['reason']}")
    cites = [citation_text(c) for c in row.get("citations") or [] if isinstance(c, Mapping)]
    if cites:
        lines += ["Sources:", *(f"- {c}" for c in cites)]
    lines += [f"Dataset version: {dataset_version}", DISCLAIMER]
    return "\n".join(lines)


def _calendar_description(unknown: int, dataset_version: str) -> str:
    missing = (
        f"{unknown} credential(s) have no known due date and are not on this calendar; see the roster report."
        if unknown
        else "Every credential on the roster has a known due date."
    )
    return f"{missing} Dataset version {dataset_version}. {DISCLAIMER}"
