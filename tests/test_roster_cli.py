"""The roster CLI as an office manager uses it, on SQLite and PostgreSQL: organizations, a messy
import refused then taken in part, the status, expiring and task reports, the exports, the audit log,
and every mistake answered with a message (exit 2, or 1 when the database itself fails).

Every command runs in-process through ``ma_ladder.cli.main`` (a couple as a real subprocess), on a
fixed date so that what is "expiring" does not move with the calendar.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.clirun import Result, invoke
from tests.roster_db import db_url, postgres_server

__all__ = ["db_url", "postgres_server"]  # fixtures, imported for pytest

ON = "2026-12-02"
HEADER = "Employee ID,Full Name,Work State,Certification,Expiration,Duties,Injection Training Hours"
A_ROWS = [  # what org A's office manager exported from a Windows spreadsheet: Windows-1252, CRLF
    "A1,José Núñez,CA,CMA,2027-01-20,injection; vital signs,8",
    "A2,Zoë Ångström,WA,Certifed Medcal Asistant,2028-05-01,venipuncture,",
    "A3,Bob Smith,TX,RMA,2026-12-20,ekg,",
    "A4,Mary Major,FL,CCMA,2027-02-10,injection,",
    "A5,Wendy Noncert,WA,,,injection,",
]
A_NAMES = ["José Núñez", "Bob Smith", "Mary Major", "Wendy Noncert"]
B_ROWS = [  # org B: the SAME staff ids, other people; saved by Excel as "CSV UTF-8" (with a BOM)
    "A1,Priya Patel,CA,CMA,2027-01-25,injection,12",
    "A3,Kwame Mensah,TX,RMA,2027-01-05,ekg,",
    "A4,Olga Ivanova,FL,CCMA,2028-02-10,injection,",
]
B_NAMES = ["Priya Patel", "Kwame Mensah", "Olga Ivanova"]
STATUS_KEYS = {"staff_id", "name", "state", "credential", "status", "due", "needs"}
TASK_KEYS = {"task", "decision", "conditions", "citations"}


@pytest.fixture(autouse=True)
def _private_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the user's roster database or reads the developer's MA_LADDER_DB."""
    monkeypatch.setenv("MA_LADDER_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("MA_LADDER_DB", raising=False)


def a_csv(folder: Path, rows: list[str] = A_ROWS) -> Path:
    path = folder / "staff export.csv"
    path.write_bytes(("\r\n".join([HEADER, *rows]) + "\r\n").encode("cp1252"))
    return path


def b_csv(folder: Path) -> Path:
    path = folder / "b.csv"
    path.write_bytes(b"\xef\xbb\xbf" + ("\r\n".join([HEADER, *B_ROWS]) + "\r\n").encode("utf-8"))
    return path


def run(db: str, *args: str) -> Result:
    return invoke([*args, "--db", db])


def ok(db: str, *args: str) -> Any:
    """A command's --json answer, which must have succeeded."""
    result = run(db, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def staff_audit(db: str, org: str) -> list[dict[str, Any]]:
    """The audit entries about staff (creating the organization is an entry too)."""
    return [e for e in ok(db, "roster", "audit", "--org", org)["entries"] if e["entity"] == "staff"]


def failed(result: Result, code: int = 2) -> dict[str, Any]:
    """A --json command that failed: its exit code, nothing on stdout, one JSON object on stderr."""
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    error = json.loads(result.stderr)
    assert error["message"] and "Traceback" not in result.stderr
    return error  # type: ignore[no-any-return]


@pytest.fixture
def two_orgs(db_url: str, tmp_path: Path) -> str:
    """Org A (its valid people imported, the misspelt row skipped) and org B, in one database."""
    ok(db_url, "roster", "org", "create", "Org A")
    ok(db_url, "roster", "org", "create", "Org B")
    ok(db_url, "roster", "import", str(a_csv(tmp_path)), "--org", "org-a", "--skip-invalid")
    ok(db_url, "roster", "import", str(b_csv(tmp_path)), "--org", "org-b")
    return db_url


# --- the office manager's story ---------------------------------------------------------------------


def test_org_create_and_list(db_url: str) -> None:
    first = ok(db_url, "roster", "org", "create", "Valley Clinic")
    assert first["org"]["slug"] == "valley-clinic" and len(first["token"]) >= 32
    ok(db_url, "roster", "org", "create", "Hill Clinic", "--slug", "hill")
    listed = ok(db_url, "roster", "org", "list")["orgs"]
    assert [(o["slug"], o["name"], o["staff"]) for o in listed] == [("hill", "Hill Clinic", 0),
                                                                     ("valley-clinic", "Valley Clinic", 0)]  # fmt: skip
    assert "token" not in json.dumps(listed) and first["token"] not in run(db_url, "roster", "org", "list").output


def test_org_token_rotation_prints_a_new_token(db_url: str) -> None:
    first = ok(db_url, "roster", "org", "create", "Valley Clinic")["token"]
    second = ok(db_url, "roster", "org", "token", "valley-clinic")
    assert second["org"] == "valley-clinic" and second["token"] != first and len(second["token"]) >= 32


def test_messy_file_is_refused_whole_with_the_row_column_value_and_fix(db_url: str, tmp_path: Path) -> None:
    ok(db_url, "roster", "org", "create", "Org A")
    path = a_csv(tmp_path)
    result = run(db_url, "roster", "import", str(path), "--org", "org-a")
    assert result.exit_code == 2
    said = " ".join(result.stdout.split())  # the report is wrapped to the terminal's width
    assert "row 3, Certification 'Certifed Medcal Asistant': unknown credential. Did you mean CMA" in said
    assert "Nothing was imported" in said and "--skip-invalid" in said
    refused = run(db_url, "roster", "import", str(path), "--org", "org-a", "--json")
    assert refused.exit_code == 2
    answer = json.loads(refused.stdout)
    assert answer["imported"] is False and answer["summary"] is None and answer["encoding"] == "cp1252"
    [issue] = [i for i in answer["issues"] if i["severity"] == "error"]
    assert (issue["row"], issue["column"], issue["staff_id"]) == (3, "Certification", "A2")
    assert "Certifed Medcal Asistant" in issue["value"] and "CMA" in issue["message"]
    assert ok(db_url, "roster", "status", "--org", "org-a", "--on", ON)["rows"] == []
    assert staff_audit(db_url, "org-a") == []


def test_skip_invalid_imports_the_rest_dry_run_writes_nothing_and_reimport_changes_nothing(
    db_url: str, tmp_path: Path
) -> None:
    ok(db_url, "roster", "org", "create", "Org A")
    path = str(a_csv(tmp_path))
    dry = ok(db_url, "roster", "import", path, "--org", "org-a", "--skip-invalid", "--dry-run")
    assert dry["dry_run"] and not dry["imported"] and dry["summary"]["added"] == 4
    assert ok(db_url, "roster", "org", "list")["orgs"][0]["staff"] == 0
    assert staff_audit(db_url, "org-a") == []

    done = ok(db_url, "roster", "import", path, "--org", "org-a", "--skip-invalid")
    assert done["imported"] and done["skipped_people"] == 1
    assert (done["summary"]["added"], done["summary"]["changed"]) == (4, 0)
    staff = ok(db_url, "roster", "status", "--org", "org-a", "--on", ON)["rows"]
    assert {r["name"] for r in staff} == set(A_NAMES)  # the Windows-1252 name read right
    audit = ok(db_url, "roster", "audit", "--org", "org-a")["entries"]

    again = ok(db_url, "roster", "import", path, "--org", "org-a", "--skip-invalid")
    assert (again["summary"]["added"], again["summary"]["changed"], again["summary"]["unchanged"]) == (0, 0, 4)
    assert ok(db_url, "roster", "audit", "--org", "org-a")["entries"] == audit
    text = run(db_url, "roster", "import", path, "--org", "org-a", "--skip-invalid")
    said = " ".join(text.stdout.split())
    assert text.exit_code == 0 and "Imported: added 0, changed 0, unchanged 4; 1 person with errors skipped." in said


def test_status_rows_carry_the_public_fields(two_orgs: str) -> None:
    report = ok(two_orgs, "roster", "status", "--org", "org-a", "--on", ON)
    assert report["org"] == "org-a" and report["on"] == ON and report["window_days"] == 90
    rows = report["rows"]
    assert all(set(r) >= STATUS_KEYS for r in rows)
    by_id = {r["staff_id"]: r for r in rows}
    assert by_id["A3"]["credential"] == "RMA" and by_id["A3"]["due"] == "2026-12-20"
    assert by_id["A3"]["status"] == "expiring" and by_id["A3"]["needs"]
    nobody = by_id["A5"]  # no credential on the roster: one row that says so
    assert (nobody["credential"], nobody["status"]) == (None, "unknown")
    assert nobody["needs"] == ["no credential on the roster"]
    assert sum(report["counts"].values()) == len(rows)
    text = run(two_orgs, "roster", "status", "--org", "org-a", "--on", ON, "--full")
    assert text.exit_code == 0 and "Bob Smith" in text.stdout and "2026-12-20" in text.stdout


def test_expiring_lists_only_expiring_rows_soonest_first(two_orgs: str) -> None:
    report = ok(two_orgs, "roster", "expiring", "--days", "90", "--org", "org-a", "--on", ON)
    assert [(r["staff_id"], r["due"]) for r in report["rows"]] == [
        ("A3", "2026-12-20"), ("A1", "2027-01-20"), ("A4", "2027-02-10")]  # fmt: skip
    assert {r["status"] for r in report["rows"]} == {"expiring"}
    shorter = ok(two_orgs, "roster", "expiring", "--days", "30", "--org", "org-a", "--on", ON)
    assert [r["staff_id"] for r in shorter["rows"]] == ["A3"]


def test_tasks_rows_and_the_flagged_ones(two_orgs: str) -> None:
    report = ok(two_orgs, "roster", "tasks", "--org", "org-a", "--on", ON)
    assert report["rows"] and all(set(r) >= TASK_KEYS for r in report["rows"])
    assert all(r["citations"] for r in report["rows"] if r["decision"] != "unclear")
    flagged = ok(two_orgs, "roster", "tasks", "--flagged", "--org", "org-a", "--on", ON)
    got = {(r["staff_id"], r["task"]): r for r in flagged["rows"]}
    assert set(got) == {("A1", "injection"), ("A5", "injection")} and flagged["flagged"] == 2
    assert got[("A5", "injection")]["decision"] == "not_allowed"  # WA: an uncertified MA may not inject
    assert any("8 hours recorded, 10 required" in u for u in got[("A1", "injection")]["unmet"])
    assert report["flagged"] == 2 and len(report["rows"]) > len(flagged["rows"])
    text = run(two_orgs, "roster", "tasks", "--flagged", "--org", "org-a", "--on", ON)
    assert "Wendy Noncert" in text.stdout and "not allowed" in text.stdout and "legal advice" in text.stdout


def _unfolded(data: bytes) -> bytes:
    """An iCalendar file with its folded lines joined, so a name split across two lines is found."""
    return data.replace(b"\r\n ", b"").replace(b"\r\n\t", b"")


def _contents(path: Path) -> bytes:
    """Everything a file says, an XLSX's zipped sheets and strings included."""
    data = path.read_bytes()
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return b"".join(z.read(n) for n in z.namelist())
    return _unfolded(data) if path.suffix == ".ics" else data


@pytest.mark.parametrize("name", ["r.csv", "t.csv", "r.xlsx", "r.ics", "r.html"])
def test_exports_are_written_with_only_the_orgs_people(two_orgs: str, tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    command = "report" if name.endswith(".html") else "export"
    extra = ["--tasks"] if name == "t.csv" else []
    answer = ok(two_orgs, "roster", command, "--out", str(out), *extra, "--org", "org-a", "--on", ON)
    assert answer == {"org": "org-a", "format": out.suffix[1:], "file": str(out), "bytes": out.stat().st_size}
    data = _contents(out)
    assert "José Núñez".encode() in data or b"Jos&#233;" in data or b"Jos\xc3\xa9" in data
    for name_b in B_NAMES:
        assert name_b.encode() not in data, name_b
    if name == "t.csv":
        assert b"not_allowed" in data and b"Wendy Noncert" in data
    if name == "r.ics":
        assert data.startswith(b"BEGIN:VCALENDAR") and b"Bob Smith" in data


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="the PDF is printed by Chromium")
def test_report_pdf_is_written(two_orgs: str, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    ok(two_orgs, "roster", "report", "--out", str(out), "--org", "org-a", "--on", ON)
    assert out.read_bytes().startswith(b"%PDF-") and out.stat().st_size > 1000


def test_audit_lists_the_import(two_orgs: str) -> None:
    entries = staff_audit(two_orgs, "org-a")
    assert {e["key"] for e in entries if e["action"] == "add"} == {"A1", "A3", "A4", "A5"}
    assert all(e["actor"].startswith("cli") for e in entries)
    text = run(two_orgs, "roster", "audit", "--org", "org-a")
    assert text.exit_code == 0 and "A3" in text.stdout


# --- isolation -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--full"], ["status", "--json"], ["expiring", "--days", "400"],
        ["expiring", "--days", "400", "--json"], ["tasks", "--full"], ["tasks", "--json"], ["tasks", "--flagged"],
        ["audit"], ["audit", "--json"],
    ],
)  # fmt: skip
def test_every_command_for_one_org_shows_none_of_the_others_people(two_orgs: str, args: list[str]) -> None:
    for org, mine, theirs in (("org-a", A_NAMES, B_NAMES), ("org-b", B_NAMES, A_NAMES)):
        result = (
            run(two_orgs, "roster", *args, "--org", org, "--on", ON)
            if args[0] != "audit"
            else run(two_orgs, "roster", *args, "--org", org)
        )
        assert result.exit_code == 0, result.output
        for name in theirs:
            assert name not in result.output, (org, name)
        if args[0] != "audit" and "--flagged" not in args:  # B has nothing flagged
            assert any(name in result.output for name in mine), org
    assert {e["key"] for e in staff_audit(two_orgs, "org-b")} == {"A1", "A3", "A4"}  # same ids, B's own entries only


def test_same_staff_ids_in_two_orgs_are_different_people(two_orgs: str) -> None:
    a = {r["staff_id"]: r["name"] for r in ok(two_orgs, "roster", "status", "--org", "org-a", "--on", ON)["rows"]}
    b = {r["staff_id"]: r["name"] for r in ok(two_orgs, "roster", "status", "--org", "org-b", "--on", ON)["rows"]}
    assert a["A1"] == "José Núñez" and b["A1"] == "Priya Patel" and set(b) == {"A1", "A3", "A4"}


# --- errors ----------------------------------------------------------------------------------------------


def test_unknown_org_suggests_the_nearest(two_orgs: str) -> None:
    error = failed(run(two_orgs, "roster", "status", "--org", "org-aa", "--json"))
    assert error["field"] == "org" and "org-a" in error["suggestions"]
    text = run(two_orgs, "roster", "tasks", "--org", "org-aa")
    assert text.exit_code == 2 and "Did you mean org-a" in text.stderr


@pytest.mark.parametrize(
    ("args", "field", "words"),
    [
        (["expiring", "--days", "-3"], "days", "from 0 to"),
        (["expiring", "--days", "99999"], "days", "from 0 to"),
        (["status", "--days", "-1"], "days", "from 0 to"),
        (["expiring", "--days", "soon"], None, "invalid int"),
        (["status", "--on", "2026-13-01"], "on", "YYYY-MM-DD"),
        (["tasks", "--on", "yesterday"], "on", "YYYY-MM-DD"),
        (["export", "--out", "x.pdf"], "out", ".csv or .xlsx or .ics"),
        (["report", "--out", "x.csv"], "out", ".html or .pdf"),
        (["audit", "--limit", "-1"], "limit", "from 1 to"),  # SQLite took it as no limit; PostgreSQL failed
        (["audit", "--limit", "0"], "limit", "from 1 to"),
    ],
)
def test_bad_options_are_exit_2_with_one_json_error(
    two_orgs: str, args: list[str], field: str | None, words: str
) -> None:
    error = failed(run(two_orgs, "roster", *args, "--org", "org-a", "--json"))
    assert error["field"] == field and words in error["message"]


def test_bad_import_files_say_why(two_orgs: str, tmp_path: Path) -> None:
    missing = failed(run(two_orgs, "roster", "import", str(tmp_path / "nope.csv"), "--org", "org-a", "--json"))
    assert "no such file" in missing["message"] and missing["field"] == "file"
    folder = failed(run(two_orgs, "roster", "import", str(tmp_path), "--org", "org-a", "--json"))
    assert "is a folder" in folder["message"]
    fake = tmp_path / "roster.csv"
    fake.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    pdf = failed(run(two_orgs, "roster", "import", str(fake), "--org", "org-a", "--json"))
    assert "PDF" in pdf["message"] and "Save the roster as .xlsx or .csv" in pdf["message"]
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert run(two_orgs, "roster", "import", str(empty), "--org", "org-a", "--json").exit_code == 2
    assert ok(two_orgs, "roster", "org", "list")["orgs"][0]["staff"] == 4  # nothing of it reached the roster


def test_audit_limit_keeps_the_newest(two_orgs: str) -> None:
    entries = ok(two_orgs, "roster", "audit", "--org", "org-a", "--limit", "2")["entries"]
    assert len(entries) == 2 and entries == staff_audit(two_orgs, "org-a")[:2]


def test_export_to_a_place_that_cannot_be_written(two_orgs: str, tmp_path: Path) -> None:
    error = failed(
        run(two_orgs, "roster", "export", "--out", str(tmp_path / "no" / "x.csv"), "--org", "org-a", "--json")
    )
    assert error["field"] == "out" and "cannot write" in error["message"]


@pytest.mark.parametrize(
    "url",
    [
        "mysql://ann:s3cretpw@db.example/roster",
        "nonsense",
        "sqlite:////no/such/folder/roster.sqlite",
    ],
)
def test_bad_db_url_is_exit_2_without_the_password(url: str) -> None:
    result = invoke(["roster", "org", "list", "--db", url, "--json"])
    error = failed(result)
    assert error["field"] == "database" and "s3cretpw" not in result.output


@pytest.mark.parametrize("url", ["ann:s3cretpw@db.example/roster", "postgresql://ann:s3cretpw@db.example:port/x"])
def test_malformed_db_url_is_exit_2_without_the_password(url: str) -> None:
    result = invoke(["roster", "org", "list", "--db", url, "--json"])
    failed(result)
    assert "s3cretpw" not in result.output


def test_unreachable_postgresql_is_exit_1_with_a_message_not_a_trace(monkeypatch: pytest.MonkeyPatch) -> None:
    url = "postgresql+psycopg://ann:s3cretpw@127.0.0.1:1/roster"  # port 1: nothing listens there
    monkeypatch.setenv("MA_LADDER_DB", url)  # the environment variable is read like --db
    result = invoke(["roster", "status", "--org", "org-a", "--json"])
    error = failed(result, 1)
    assert "cannot open the roster database" in error["message"] and "s3cretpw" not in result.output
    text = invoke(["roster", "status", "--org", "org-a"])
    assert text.exit_code == 1 and "Traceback" not in text.output and "ann:***@127.0.0.1" in text.stderr


def test_group_commands_without_a_subcommand_say_what_to_give() -> None:
    for args in (["roster"], ["roster", "org"], ["db"]):
        result = invoke(args)
        assert result.exit_code == 2 and "give " in result.stderr, args


# --- as a real process -------------------------------------------------------------------------------------


def _process(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("ma-ladder", path=str(Path(sys.executable).parent)) or "ma-ladder"
    return subprocess.run([exe, *args], capture_output=True, text=True, env=env, timeout=120)


def test_as_a_process_default_sqlite_under_the_data_folder(tmp_path: Path) -> None:
    env = {**os.environ, "MA_LADDER_DATA": str(tmp_path / "data")}
    env.pop("MA_LADDER_DB", None)
    done = _process(["db", "upgrade", "--json"], env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["database"].endswith("roster.sqlite")
    assert _process(["roster", "org", "create", "Valley Clinic"], env).returncode == 0
    imported = _process(["roster", "import", str(a_csv(tmp_path)), "--org", "valley-clinic", "--skip-invalid"], env)
    assert imported.returncode == 0 and "Imported: added 4" in imported.stdout, imported.stderr
    assert (tmp_path / "data").is_dir() and list((tmp_path / "data").rglob("roster.sqlite"))
    refused = _process(["roster", "import", str(a_csv(tmp_path)), "--org", "valley-clinic", "--json"], env)
    assert refused.returncode == 2 and json.loads(refused.stdout)["errors"] == 1
    bad = _process(["roster", "expiring", "--days", "x", "--org", "valley-clinic", "--json"], env)
    assert bad.returncode == 2 and bad.stdout == "" and json.loads(bad.stderr)["message"]
