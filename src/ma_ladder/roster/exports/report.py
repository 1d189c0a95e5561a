"""The roster audit report: one printable HTML page (and its PDF) an auditor or office manager can file.

The page is a downloaded file, read offline and printed, so it is self-contained: styles inline, no
scripts, no fonts, images or links it must fetch, and a Content-Security-Policy that forbids them in
case a template change ever adds one. Everything from the roster is escaped by Jinja2's autoescape;
citations are numbered once and referred to by number in the tables.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import jinja2

from .cells import as_date, check_rows

STATUSES = ("current", "expiring", "grace", "lapsed", "unknown")
DECISIONS = ("allowed", "allowed_with_conditions", "not_allowed", "unclear")
WINDOWS = (30, 60, 90)  # days ahead the report lists what lapses
DISCLAIMER = "Not legal advice; confirm with the state board."


@dataclass
class Sources:
    """Every citation of the report, numbered in first-seen order, each URL (or title, if none) once."""

    numbered: dict[str, int] = field(default_factory=dict)
    items: list[dict[str, Any]] = field(default_factory=list)

    def refs(self, cites: Iterable[Any]) -> list[int]:
        """The numbers of ``cites``, adding the new ones; a row's numbers in order, without repeats."""
        out: list[int] = []
        for c in cites:
            if not isinstance(c, Mapping):
                continue
            url = c.get("url") or None
            key = str(url or c.get("title") or "")
            if not key:
                continue
            if key not in self.numbered:
                self.numbered[key] = len(self.items) + 1
                self.items.append(
                    {
                        "n": self.numbered[key],
                        "title": str(c.get("title") or url),
                        "url": url,
                        "linkable": isinstance(url, str) and url.lower().startswith(("https://", "http://")),
                    }
                )
            if self.numbered[key] not in out:
                out.append(self.numbered[key])
        return out


def report_html(
    org_name: str,
    status_rows: Sequence[Mapping[str, Any]],
    task_rows: Sequence[Mapping[str, Any]],
    dataset_version: str,
    generated_on: date | datetime | str,
    on: date,
) -> str:
    """The audit report as one HTML document, for the roster as evaluated on ``on``."""
    sources = Sources()
    statuses = [_status_view(r, n, sources) for n, r in enumerate(check_rows(status_rows, "status"), start=1)]
    tasks = [_task_view(r, sources) for r in check_rows(task_rows, "task")]
    flagged = [t for t in tasks if t["flagged"]]
    context = {
        "org_name": org_name,
        "dataset_version": dataset_version,
        "generated_on": _when(generated_on),
        "on": on.isoformat(),
        "people": len({(r["staff_id"], r["name"]) for r in [*statuses, *tasks]}),
        "status_counts": _counts((r["status"] for r in statuses), STATUSES),
        "decision_counts": _counts((t["decision"] for t in tasks), DECISIONS),
        "windows": _windows(statuses, on),
        "past_due": sorted(
            (r for r in statuses if r["status"] in ("grace", "lapsed")),
            key=lambda r: (r["due_date"] or date.max, r["name"], r["credential"]),
        ),
        "flagged": flagged,
        "unclear": [t for t in tasks if t["decision"] == "unclear" and not t["flagged"]],
        "statuses": statuses,
        "tasks": tasks,
        "sources": sources.items,
        "disclaimer": DISCLAIMER,
    }
    return _template().render(context)


@functools.cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("ma_ladder.roster.exports", "templates"),
        autoescape=True,  # every template here is HTML: escape everything, always
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("report.html")


def _when(moment: date | datetime | str) -> str:
    """``2026-12-02`` or ``2026-12-02 14:05`` (with the zone, when the time has one)."""
    if isinstance(moment, datetime):
        return moment.strftime("%Y-%m-%d %H:%M %Z").strip()
    return moment.isoformat() if isinstance(moment, date) else str(moment)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _strings(values: Any) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        return [values]
    return [str(v) for v in values if v is not None]


def _status_view(row: Mapping[str, Any], n: int, sources: Sources) -> dict[str, Any]:
    where = f"status row {n} (staff {row.get('staff_id')})"
    due, grace = as_date(row.get("due"), f"{where} due"), as_date(row.get("grace_until"), f"{where} grace_until")
    return {
        "staff_id": _text(row.get("staff_id")),
        "name": _text(row.get("name")),
        "state": _text(row.get("state")),
        "credential": _text(row.get("credential")) or "none",
        "status": _text(row.get("status")) or "unknown",
        "due_date": due,
        "due": due.isoformat() if due else "unknown",
        "grace_until": grace.isoformat() if grace else "",
        "needs": _strings(row.get("needs")),
        "reason": _text(row.get("reason")),
        "refs": sources.refs(row.get("citations") or []),
    }


def _task_view(row: Mapping[str, Any], sources: Sources) -> dict[str, Any]:
    decision, unmet = _text(row.get("decision")) or "unclear", _strings(row.get("unmet"))
    return {
        "staff_id": _text(row.get("staff_id")),
        "name": _text(row.get("name")),
        "state": _text(row.get("state")),
        "task": _text(row.get("task")),
        "decision": decision,
        "conditions": _strings(row.get("conditions")),
        "unmet": unmet,
        "credential": _text(row.get("credential")) or "none",
        "flagged": decision == "not_allowed" or bool(unmet),
        "refs": sources.refs(row.get("citations") or []),
    }


def _counts(values: Iterable[str], order: Sequence[str]) -> list[tuple[str, int]]:
    """Counts in the vocabulary's order, zeros included (an auditor reads "lapsed: 0" as a finding),
    then any value outside it, so a new status is shown rather than dropped."""
    counts = dict.fromkeys(order, 0)
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return list(counts.items())


def _windows(statuses: list[dict[str, Any]], on: date) -> list[dict[str, Any]]:
    """What falls due in days 0-30, 31-60 and 61-90 after ``on``, soonest first, each row in one window."""
    out, start = [], 0
    for end in WINDOWS:
        first, last = on + timedelta(days=start), on + timedelta(days=end)
        rows = [
            {**r, "days": (r["due_date"] - on).days}
            for r in statuses
            if r["due_date"] is not None and first <= r["due_date"] <= last
        ]
        rows.sort(key=lambda r: (r["due_date"], r["name"], r["credential"]))
        label = f"Due within {end} days" if start == 0 else f"Due in {start} to {end} days"
        out.append({"label": label, "first": first.isoformat(), "last": last.isoformat(), "rows": rows})
        start = end + 1
    return out
