"""The roster importer on messy files: encodings, delimiters, workbooks, misspellings and bad dates.

Each test builds the file it needs (CSV as bytes, XLSX with openpyxl) and checks what the importer
makes of it against the real knowledge base: the people, and the problems with the words that tell
an office how to fix them.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest

from ma_ladder.compliance.records import HeldCredential, TrainingRecord
from ma_ladder.errors import UsageError
from ma_ladder.kb import KnowledgeBase, resolve
from ma_ladder.roster.importing import ImportResult, import_file, read_table, report_text

FIXTURES = Path(__file__).parent / "fixtures" / "roster"
ON = date(2026, 12, 1)
HEAD = "Employee ID,Name,State,Credential,Issued,Expires,Tasks\n"


def imp(kb: KnowledgeBase, data: str | bytes, filename: str = "roster.csv") -> ImportResult:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return import_file(kb, raw, filename, ON)


def messages(result: ImportResult) -> list[str]:
    """Issues as row|column|value|message, the value quoted as the CLI's text report quotes it."""
    return [f"{i.row}|{i.column}|{None if i.value is None else repr(i.value)}|{i.message}" for i in result.issues]


def test_an_issues_value_is_the_cell_as_given_cut_short_not_quoted(kb: KnowledgeBase) -> None:
    long = "C" * 100
    r = imp(kb, f"Staff ID,Name,State,Credential\n1,Ana,CA,CCMAA\n2,Bo,CA,{long}\n")
    assert [i.value for i in r.issues] == ["CCMAA", "C" * 80 + "…"]
    assert "'CCMAA'" in report_text(r)  # the terminal's report quotes it
    assert "ma-ladder" not in r.issues[0].message  # the fix reads the same on the web page


def only_issue(result: ImportResult) -> str:
    assert len(result.issues) == 1, messages(result)
    return messages(result)[0]


# --- the sample file --------------------------------------------------------------------------------


def test_the_sample_roster_reads_into_people_with_resolved_ids(kb: KnowledgeBase) -> None:
    r = import_file(kb, FIXTURES / "small.csv", None, ON)
    assert r.issues == [] and r.ok and r.rows_read == 4 and r.ok_rows == 4
    ana, li, sam = r.members
    assert (ana.staff_id, ana.name, ana.state, ana.role) == ("E001", "Ana Ruiz", "CA", "Medical Assistant")
    assert ana.credentials == (
        HeldCredential("CMA", "CM1234567", date(2019, 3, 14), date(2024, 3, 1), None),
        HeldCredential("CPT", "CP7654321", date(2021, 1, 5), None, date(2027, 1, 5)),
    )
    assert ana.tasks == ("vital_signs", "injection", "ekg")
    assert ana.training == (TrainingRecord("injection", 12.0),)
    assert li.credentials == (HeldCredential("WA:MA-C", "MC0001", date(2022, 1, 5)),)  # "MA-C" in WA
    assert li.tasks == ("venipuncture", "vital_signs")
    assert sam.credentials == () and sam.tasks == ("scheduling",)  # no credential is fine
    assert r.encoding == "utf-8" and r.delimiter == ","


def test_synonyms_map_with_how_each_matched_and_ignored_columns_are_listed(kb: KnowledgeBase) -> None:
    head = "Emp #,Full Name,ST,Position,Cert,License Number,Certified On,Recert Date,Valid Through,Skills,Notes,"
    head += "Expiraton Date,IM training (hrs)\n"
    r = imp(kb, head + "E1,Ann Lee,ca,MA,cma,123,1/2/2020,1/2/2025,1/31/2030,vitals,hello,1/31/2030,8\n")
    got = {m.column: (m.field, m.how) for m in r.mapping.columns}
    assert got["Emp #"] == ("staff_id", "synonym")
    assert got["ST"] == ("state", "synonym")
    assert got["Position"] == ("role", "synonym")
    assert got["Cert"] == ("credential", "synonym")
    assert got["License Number"] == ("credential_number", "synonym")
    assert got["Certified On"] == ("issued", "synonym")
    assert got["Recert Date"] == ("last_renewed", "synonym")
    assert got["Valid Through"] == ("expires", "synonym")
    assert got["Skills"] == ("tasks", "synonym")
    assert got["IM training (hrs)"] == ("training:injection", "task training")
    ignored = {c.column: c.reason for c in r.mapping.ignored}
    assert ignored["Notes"] == "not a roster field"
    # the fuzzy match of a misspelt header loses to the column that names the field outright
    assert "expires already read from 'Valid Through'" in ignored["Expiraton Date"]
    m = r.members[0]
    assert m.credentials[0] == HeldCredential("CMA", "123", date(2020, 1, 2), date(2025, 1, 2), date(2030, 1, 31))
    assert m.training == (TrainingRecord("injection", 8.0),)


def test_a_misspelt_header_matches_fuzzily_and_says_so(kb: KnowledgeBase) -> None:
    r = imp(kb, "Employee ID,Name,State,Expiraton Date\nE1,Ann,CA,\n")
    (fuzzy,) = [m for m in r.mapping.columns if m.how == "fuzzy"]
    assert (fuzzy.column, fuzzy.field, fuzzy.matched) == ("Expiraton Date", "expires", "Expiration Date")
    assert fuzzy.score is not None and fuzzy.score >= 86
    assert "fuzzy match" in report_text(r)


def test_first_and_last_name_columns_make_the_name(kb: KnowledgeBase) -> None:
    r = imp(kb, "Staff No,First Name,Last Name,Location State\n7, Ana , Ruiz ,Texas\n")
    assert r.issues == []
    assert (r.members[0].staff_id, r.members[0].name, r.members[0].state) == ("7", "Ana Ruiz", "TX")


def test_a_missing_required_column_names_the_columns_seen_and_the_nearest(kb: KnowledgeBase) -> None:
    with pytest.raises(UsageError) as err:
        imp(kb, "Worker Code,Full Name,Credential\nE1,Ann,CMA\n", "team.csv")
    text = str(err.value)
    assert "team.csv: the roster has no column for staff_id, state." in text
    assert "The nearest column is 'Worker Code'; rename it." in text
    assert "Columns seen: 'Worker Code', 'Full Name', 'Credential'." in text
    assert "Employee ID" in text and err.value.exit_code == 2


# --- encodings and CSV shapes -------------------------------------------------------------------------


def test_a_utf8_byte_order_mark_does_not_reach_the_first_header(kb: KnowledgeBase) -> None:
    r = imp(kb, b"\xef\xbb\xbf" + "Employee ID,Name,State\nE1,Zoë,CA\n".encode())
    assert r.encoding == "utf-8-sig"
    assert r.mapping.columns[0].column == "Employee ID" and r.mapping.columns[0].how == "synonym"
    assert r.members[0].name == "Zoë"


def test_windows_1252_text_is_read_as_cp1252(kb: KnowledgeBase) -> None:
    data = "Employee ID,Name,State,Job Title\nE1,José Núñez,NM,MA \u2013 lead\n".encode("cp1252")
    r = imp(kb, data)
    assert r.encoding == "cp1252"
    assert (r.members[0].name, r.members[0].role) == ("José Núñez", "MA \u2013 lead")
    assert "not UTF-8; read as cp1252" in r.notes[0]


def test_bytes_cp1252_leaves_undefined_are_read_as_latin1_never_refused(kb: KnowledgeBase) -> None:
    data = b"Employee ID,Name,State\nE1,Jos\xe9 \x81,CA\n"  # 0x81 is undefined in Windows-1252
    r = imp(kb, data)
    assert r.encoding == "latin-1"
    assert r.members[0].name == "José \x81"


def test_semicolons_are_sniffed_and_ma_c_resolves_inside_washington(kb: KnowledgeBase) -> None:
    r = imp(kb, "Emp #;Name;ST;Cert;Issue Date\nE1;Lee, Ann;WA;MA-C;2024-02-03\n")
    assert r.delimiter == ";"
    assert r.members[0].name == "Lee, Ann"
    assert r.members[0].credentials == (HeldCredential("WA:MA-C", None, date(2024, 2, 3)),)


def test_tabs_are_sniffed(kb: KnowledgeBase) -> None:
    r = imp(kb, "Employee ID\tName\tState\nE1\tAnn, Lee\tOR\n", "roster.tsv")
    assert r.delimiter == "\t" and r.members[0].state == "OR"


def test_a_quoted_field_with_commas_and_newlines_and_blank_lines_keep_row_numbers(kb: KnowledgeBase) -> None:
    data = HEAD + '\n"E1","Lee, Ann",CA,CMA,1/2/2020,,"injection,\nvenipuncture"\n\n\nE2,Bo,CA,CMX,,,\n'
    r = imp(kb, data)
    assert r.rows_read == 2
    assert r.members[0].name == "Lee, Ann" and r.members[0].tasks == ("injection", "venipuncture")
    # the header is line 1, a blank line, E1 on lines 3-4, two blank lines: E2 is line 7
    assert [i.row for i in r.issues] == [7]


def test_trailing_empty_columns_are_ignored_and_extra_values_are_warned_about(kb: KnowledgeBase) -> None:
    r = imp(kb, "Employee ID,Name,State,,,\nE1,Ann,CA,,,\nE2,Bo,CA,,oops,\n")
    assert r.mapping.ignored == []  # the empty header cells are not columns
    issue = only_issue(r)
    assert issue.startswith("3|None|None|values beyond the last column were ignored: '', 'oops'")
    assert r.issues[0].severity == "warning" and r.ok and len(r.valid) == 2


def test_excel_serial_dates_in_a_csv(kb: KnowledgeBase) -> None:
    r = imp(kb, HEAD + "E1,Ann,CA,CMA,45292,46753.0,\n")
    assert r.members[0].credentials[0].issued == date(2024, 1, 1)
    assert r.members[0].credentials[0].expires == date(2028, 1, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1/5/2024", date(2024, 1, 5)),
        ("1/5/24", date(2024, 1, 5)),
        ("01-05-2024", date(2024, 1, 5)),
        ("2024-01-05", date(2024, 1, 5)),
        ("Jan 5, 2024", date(2024, 1, 5)),
        ("January 5 2024", date(2024, 1, 5)),
        ("5-Jan-2024", date(2024, 1, 5)),
        ("05-Jan-24", date(2024, 1, 5)),
        ("1/5/2024 0:00", date(2024, 1, 5)),
        ("2024-01-05T00:00:00", date(2024, 1, 5)),
    ],
)
def test_us_date_forms(kb: KnowledgeBase, text: str, expected: date) -> None:
    r = imp(kb, HEAD + f'E1,Ann,CA,CMA,"{text}",,\n')
    assert r.issues == [] and r.members[0].credentials[0].issued == expected


# --- row problems ---------------------------------------------------------------------------------------


def test_a_misspelt_credential_suggests_the_nearest(kb: KnowledgeBase) -> None:
    r = imp(kb, HEAD + "E1,Ann,CA,CMX,,,\n")
    assert only_issue(r).startswith("2|Credential|'CMX'|unknown credential. Did you mean CMM or CMA?")
    assert "list of credentials" in r.issues[0].message
    assert r.invalid_staff_ids == {"E1"} and r.valid == [] and not r.ok


def test_an_unknown_state_suggests_the_nearest(kb: KnowledgeBase) -> None:
    r = imp(kb, HEAD + "E1,Ann,Calfornia,CMA,,,\n")
    assert only_issue(r).startswith("2|State|'Calfornia'|unknown state. Did you mean CA")


def test_an_unknown_task_suggests_the_nearest_and_keeps_the_known_ones(kb: KnowledgeBase) -> None:
    r = imp(kb, HEAD + "E1,Ann,CA,,,,vitals; injectoin | ekg\n")
    assert only_issue(r).startswith("2|Tasks|'injectoin'|unknown task. Did you mean injection")
    assert r.members[0].tasks == ("vital_signs", "ekg")


def test_an_impossible_date(kb: KnowledgeBase) -> None:
    r = imp(kb, HEAD + "E1,Ann,CA,CMA,2/30/2024,,\n")
    assert only_issue(r) == "2|Issued|'2/30/2024'|February 2024 has 29 days, so day 30 does not exist; check the date"


def test_a_day_first_date_says_dates_are_month_first(kb: KnowledgeBase) -> None:
    r = imp(kb, HEAD + "E1,Ann,CA,CMA,25/12/2020,,\n")
    assert "dates are read month first (US)" in only_issue(r)


def test_text_that_is_not_a_date(kb: KnowledgeBase) -> None:
    r = imp(kb, HEAD + "E1,Ann,CA,CMA,last spring,,\n")
    assert only_issue(r) == "2|Issued|'last spring'|not a date; write it as M/D/YYYY, YYYY-MM-DD or Jan 5, 2024"


def test_an_issue_date_in_the_future_and_an_expiry_before_issue(kb: KnowledgeBase) -> None:
    r = imp(kb, HEAD + "E1,Ann,CA,CMA,1/1/2027,,\nE2,Bo,CA,CMA,1/1/2020,1/1/2019,\n")
    assert messages(r) == [
        "2|Issued|'1/1/2027'|the issue date is in the future (after 2026-12-01); check the year",
        "3|Expires|'1/1/2019'|expires before it was issued (2020-01-01); check both dates",
    ]


def test_a_persons_rows_that_disagree_are_issues_on_the_later_row(kb: KnowledgeBase) -> None:
    r = imp(kb, HEAD + "E1,Ann Lee,CA,CMA,,,vitals\nE1,Anne Lee,NV,RMA,,,vitals\n")
    assert messages(r) == [
        "3|Name|'Anne Lee'|staff 'E1' is 'Ann Lee' for name in row 2; a person's rows must agree: correct one of them",
        "3|State|'NV'|staff 'E1' is 'CA' for state in row 2; a person's rows must agree: correct one of them",
    ]
    (m,) = r.members
    assert (m.name, m.state, [c.credential for c in m.credentials]) == ("Ann Lee", "CA", ["CMA", "RMA"])
    assert r.ok_rows == 1 and r.invalid_staff_ids == {"E1"}


def test_disagreeing_task_lists_and_a_repeated_credential(kb: KnowledgeBase) -> None:
    r = imp(kb, HEAD + "E1,Ann,CA,CMA,,,vitals\nE1,Ann,CA,CMA,,,ekg\n")
    assert messages(r) == [
        "3|Credential|'CMA'|the same credential as row 2; the duplicate row was ignored",
        "3|Tasks|'ekg'|staff 'E1' has 'vital_signs' for tasks on an earlier row; a person's rows must agree (put "
        "the same tasks on each, or on one row only)",
    ]


def test_skip_invalid_keeps_only_people_with_no_errors(kb: KnowledgeBase) -> None:
    r = imp(kb, HEAD + "E1,Ann,CA,CMA,,,\nE2,Bo,CA,CMA,,,\nE2,Bo,CA,RMA,13/13/2020,,\n,Cy,CA,,,,\n")
    assert [m.staff_id for m in r.members] == ["E1", "E2"]
    assert [m.staff_id for m in r.valid] == ["E1"]
    assert r.invalid_staff_ids == {"E2"} and r.ok_rows == 2 and r.rows_read == 4
    assert "5|Employee ID|''|no staff id" in messages(r)[-1]


def test_free_form_training_and_bad_hours(kb: KnowledgeBase) -> None:
    head = "Employee ID,Name,State,Training,Venipuncture training hours\n"
    r = imp(kb, head + 'E1,Ann,CA,"injection: 12; EKG; flu shot 2h",lots\nE2,Bo,CA,juggling: 3,20\n')
    assert r.members[0].training == (  # "flu shot" is injection: both records are kept
        TrainingRecord("injection", 12.0),
        TrainingRecord("ekg", None),
        TrainingRecord("injection", 2.0),
    )
    assert r.members[1].training == (TrainingRecord("venipuncture", 20.0),)
    got = messages(r)
    assert got[0].startswith("2|Venipuncture training hours|'lots'|not a number of hours")
    assert got[1].startswith("3|Training|'juggling'|unknown task.")


def test_a_credential_number_without_a_credential(kb: KnowledgeBase) -> None:
    r = imp(kb, "Employee ID,Name,State,Credential,Cert #\nE1,Ann,CA,,123\nE2,Bo,CA,none,\n")
    assert only_issue(r).startswith("2|Credential|''|a credential number or date is given but no credential")
    assert r.members[1].credentials == ()


def test_each_distinct_value_is_resolved_once(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = resolve.state

    def counting(kb_: KnowledgeBase, text: str) -> str:
        calls.append(text)
        return real(kb_, text)

    monkeypatch.setattr(resolve, "state", counting)
    body = "".join(f"E{i},P{i},{'ca' if i % 2 else 'Texas'},,,,\n" for i in range(500))
    body += "X1,Q,Nowhere,,,,\nX2,Q,Nowhere,,,,\n"
    r = imp(kb, HEAD + body)
    assert sorted(calls) == ["Nowhere", "Texas", "ca"]
    assert [i.row for i in r.issues] == [502, 503]  # a remembered miss is still reported on each row


def test_progress_is_called_every_ten_thousand_rows(kb: KnowledgeBase) -> None:
    body = "".join(f"E{i},P,CA,,,,\n" for i in range(25_000))
    seen: list[tuple[int, int | None]] = []
    import_file(kb, (HEAD + body).encode(), "big.csv", ON, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(10_000, None), (20_000, None), (25_000, 25_000)]


# --- workbooks --------------------------------------------------------------------------------------------


def workbook(rows: list[list[object]], epoch_1904: bool = False, blank_first_sheet: bool = False) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    if blank_first_sheet:
        ws.title = "Notes"
        ws = wb.create_sheet("Staff")
    if epoch_1904:
        wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def with_cached_values(data: bytes, values: dict[str, str]) -> bytes:
    """A workbook as Excel saves it: each formula cell (``B2``) with its calculated value stored."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                xml = content.decode()
                for ref, value in values.items():
                    xml, n = re.subn(
                        rf'<c r="{ref}"(.*?)><f>(.*?)</f><v ?/>',
                        rf'<c r="{ref}" t="str"\1><f>\2</f><v>{value}</v>',
                        xml,
                    )
                    assert n == 1, ref
                content = xml.encode()
            dst.writestr(item, content)
    return out.getvalue()


XHEAD: list[object] = ["Employee ID", "Name", "State", "Credential", "Issued", "Expires"]


def test_xlsx_dates_as_cells_text_and_serials_and_numeric_ids(kb: KnowledgeBase) -> None:
    data = workbook(
        [XHEAD, [1001, "Ann", "CA", "CMA", datetime(2020, 3, 4), "Jan 5, 2030"], [1002, "Bo", "CA", "RMA", 43894, None]]
    )
    r = imp(kb, data, "roster.xlsx")
    assert r.kind == "xlsx" and r.encoding == "xlsx" and r.issues == []
    ann, bo = r.members
    assert ann.staff_id == "1001"  # a whole number, not "1001.0"
    assert (ann.credentials[0].issued, ann.credentials[0].expires) == (date(2020, 3, 4), date(2030, 1, 5))
    assert bo.credentials[0].issued == date(2020, 3, 4)  # serial 43894 in the 1900 system


def test_xlsx_in_the_1904_date_system(kb: KnowledgeBase) -> None:
    data = workbook([XHEAD, ["E1", "Ann", "CA", "CMA", datetime(2020, 3, 4), 42432]], epoch_1904=True)
    r = imp(kb, data, "mac.xlsx")
    cred = r.members[0].credentials[0]
    assert cred.issued == date(2020, 3, 4)  # a date cell, stored as a 1904-system serial
    assert cred.expires == date(2020, 3, 4)  # a bare number: 42432 days after 1904-01-01


def test_xlsx_first_sheet_with_data_and_trailing_blank_rows(kb: KnowledgeBase) -> None:
    data = workbook([[], [*XHEAD, None, None], ["E1", "Ann", "CA"], [], [None, None]], blank_first_sheet=True)
    t = read_table(data, "two.xlsx")
    assert (t.sheet, t.header_row, t.header) == ("Staff", 2, XHEAD)
    assert [row.number for row in t.rows] == [3]


def test_xlsx_formula_without_a_saved_value_says_to_open_and_save(kb: KnowledgeBase) -> None:
    data = workbook([XHEAD, ["E1", "Ann", "CA", '="C"&"MA"', "1/2/2020"]])
    r = imp(kb, data, "calc.xlsx")
    assert messages(r) == [
        '2|Credential|\'="C"&"MA"\'|the cell holds a formula with no saved value (the file was written by a '
        "program that does not calculate); open the file in Excel or LibreOffice, save it, and import it again",
        "2|Credential|''|a credential number or date is given but no credential; name the credential (e.g. CMA) "
        "or clear the number and dates",
    ]


def test_xlsx_formula_with_a_saved_value_reads_the_value(kb: KnowledgeBase) -> None:
    data = workbook([XHEAD, ["E1", "Ann", "CA", '="C"&"MA"', '=TEXT(DATE(2020,1,2),"m/d/yyyy")']])
    data = with_cached_values(data, {"D2": "CMA", "E2": "1/2/2020"})
    r = imp(kb, data, "saved.xlsx")
    assert r.issues == [] and r.members[0].credentials == (HeldCredential("CMA", None, date(2020, 1, 2)),)


# --- files that are not rosters, and the text report ------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "the file is empty"),
        (b"%PDF-1.7 ...", "is a PDF document, not a roster spreadsheet"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old-format Excel (.xls)"),
        (b"\x00\x01\x02binary", "binary file, neither CSV nor XLSX"),
        (b"PK\x03\x04not really a zip", "is a zip file but not a readable Excel workbook"),
        (b"\n\n,,,\n", "the file has no rows"),
    ],
)
def test_files_that_are_not_rosters_raise_a_usage_error(kb: KnowledgeBase, data: bytes, says: str) -> None:
    with pytest.raises(UsageError, match=re.escape(says)):
        imp(kb, data, "upload.bin")


def test_report_text_fits_80_columns_and_lists_20_issues_then_the_rest(kb: KnowledgeBase) -> None:
    body = "".join(f"E{i},Person {i},Calfornia,CMX,2/30/2024,,\n" for i in range(10))
    r = imp(kb, HEAD + body)
    assert len(r.issues) == 30
    text = report_text(r)
    assert all(len(line) <= 80 for line in text.splitlines()), text
    assert text.splitlines()[-1] == "  and 10 more."
    assert "30 error(s) and 0 warning(s); 10 people have errors:" in text
    assert "  row 2, State 'Calfornia': unknown state. Did you mean CA" in text
    assert "Employee ID" in text and "-> staff_id (synonym)" in text


def test_the_result_serialises_to_plain_dicts(kb: KnowledgeBase) -> None:
    import json

    r = imp(kb, HEAD + "E1,Ann,CA,CMX,,,\n")
    d = json.loads(json.dumps(r.to_dict()))
    assert d["issues"][0]["column"] == "Credential" and d["invalid_staff_ids"] == ["E1"]
    assert d["mapping"]["columns"][0] == {
        "column": "Employee ID", "position": 1, "field": "staff_id", "how": "synonym", "score": None,
        "matched": "Employee ID", "task": None,
    }  # fmt: skip
