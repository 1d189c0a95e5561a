"""The roster API, ``/api/v1/orgs/{org}/…``, on SQLite and PostgreSQL: the token decides the organization,
a request never learns another organization exists, bodies are the CLI's ``--json``, and an import
that fails half-way leaves the database as it was.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ma_ladder.errors import MaLadderError
from ma_ladder.kb import KnowledgeBase
from ma_ladder.roster import service
from ma_ladder.roster.store import Store, rows
from ma_ladder.web import tenancy
from ma_ladder.web.app import create_app
from tests.clirun import invoke
from tests.roster_db import db_url, postgres_server
from tests.test_roster_cli import A_NAMES, A_ROWS, B_NAMES, B_ROWS, HEADER, ON
from tests.test_roster_store import snapshot

__all__ = ["db_url", "postgres_server"]  # fixtures, imported for pytest

A_CSV = ("\r\n".join([HEADER, *A_ROWS[:1], *A_ROWS[2:]]) + "\r\n").encode("cp1252")  # the valid rows
B_CSV = b"\xef\xbb\xbf" + ("\r\n".join([HEADER, *B_ROWS]) + "\r\n").encode("utf-8")
GETS = ["", "/status", "/expiring?days=400", "/tasks", "/tasks?flagged=true", "/staff", "/audit",
        "/export.csv", "/export.xlsx", "/export.ics", "/export.html"]  # fmt: skip


@pytest.fixture(scope="module")
def app() -> Any:
    return create_app()


class Site:
    """The API over one database with two organizations, A and B, holding the same staff ids."""

    def __init__(self, client: TestClient, url: str, tokens: dict[str, str]) -> None:
        self.client, self.url, self.tokens = client, url, tokens

    def get(self, org: str, path: str = "", token: str | None = "own") -> Any:
        return self.client.get(f"/api/v1/orgs/{org}{path}", headers=self.auth(org, token))

    def post(self, org: str, query: str, body: bytes, token: str | None = "own") -> Any:
        return self.client.post(f"/api/v1/orgs/{org}/import?{query}", content=body, headers=self.auth(org, token))

    def auth(self, org: str, token: str | None) -> dict[str, str]:
        if token is None:
            return {}
        return {"authorization": f"Bearer {self.tokens[org] if token == 'own' else token}"}


@pytest.fixture
def site(app: Any, db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Site]:
    monkeypatch.setenv("MA_LADDER_DB", db_url)
    monkeypatch.setenv("MA_LADDER_DATA", str(tmp_path / "data"))
    tenancy.close_all()
    with Store(db_url) as s:
        tokens = {org.slug: token for org, token in (s.create_org("Org A"), s.create_org("Org B"))}
    client = TestClient(app, raise_server_exceptions=False)
    one = Site(client, db_url, tokens)
    for org, body in (("org-a", A_CSV), ("org-b", B_CSV)):
        r = one.post(org, "filename=staff.csv", body)
        assert r.status_code == 200, r.text
    try:
        yield one
    finally:
        tenancy.close_all()


def cli(url: str, *args: str) -> Any:
    result = invoke([*args, "--db", url, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def contents(r: Any) -> bytes:
    """Everything a response says, an XLSX's zipped parts included, an iCalendar's folded lines joined."""
    if r.content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(r.content)) as z:
            return b"".join(z.read(n) for n in z.namelist())
    return bytes(r.content).replace(b"\r\n ", b"")


# --- one serializer ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "args"),
    [
        (f"/status?on={ON}", ["status", "--on", ON]),
        (f"/status?on={ON}&days=30", ["status", "--on", ON, "--days", "30"]),
        (f"/expiring?on={ON}&days=60", ["expiring", "--on", ON, "--days", "60"]),
        (f"/tasks?on={ON}", ["tasks", "--on", ON]),
        (f"/tasks?on={ON}&flagged=true", ["tasks", "--on", ON, "--flagged"]),
        ("/audit", ["audit", "--limit", "200"]),
    ],
)
def test_api_bodies_are_the_cli_json(site: Site, path: str, args: list[str]) -> None:
    r = site.get("org-a", path)
    assert r.status_code == 200, r.text
    assert r.headers["cache-control"] == "private, no-store"
    assert r.json() == cli(site.url, "roster", *args, "--org", "org-a")


@pytest.mark.parametrize("path", [f"/status?on={ON}", f"/tasks?on={ON}", f"/tasks?on={ON}&flagged=true"])
def test_a_streamed_body_of_many_chunks_is_the_whole_answers_bytes(
    site: Site, path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ma_ladder import serialize
    from ma_ladder.compliance import bulk
    from ma_ladder.kb import load

    monkeypatch.setattr(bulk, "CHUNK", 1)  # every row its own chunk
    with Store(site.url) as store:
        org, on = store.org("org-a"), date.fromisoformat(ON)
        if path.startswith("/status"):
            whole = service.status(store, load(), org, on, 90)
        else:
            whole = service.tasks(store, load(), org, on, "flagged" in path)
    assert len(whole.rows) > 1
    r = site.get("org-a", path)
    assert r.status_code == 200
    assert r.content == serialize.to_json(whole)


def test_a_failure_while_encoding_a_streamed_answer_is_a_500_not_an_empty_200(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ma_ladder.compliance import bulk

    def broken(s: object) -> dict[str, object]:
        raise RuntimeError("boom")

    monkeypatch.setattr(bulk, "status_part", broken)
    r = site.get("org-a", f"/status?on={ON}")
    assert r.status_code == 500
    assert r.json()["error"]["message"] == "internal error; it has been logged" and "boom" not in r.text


def test_summary_and_staff(site: Site) -> None:
    summary = site.get("org-a", f"?on={ON}").json()
    assert (summary["org"], summary["staff"], summary["flagged_tasks"]) == ("org-a", 4, 2)
    assert summary["due_within"] == {"30": 1, "60": 2, "90": 3}
    staff = site.get("org-a", "/staff").json()
    assert [p["name"] for p in staff["staff"]] == A_NAMES


# --- tenancy ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", GETS)
def test_every_endpoint_for_one_org_holds_none_of_the_others_people(site: Site, path: str) -> None:
    for org, mine, theirs in (("org-a", A_NAMES, B_NAMES), ("org-b", B_NAMES, A_NAMES)):
        r = site.get(org, path)
        assert r.status_code == 200, (org, r.text)
        data = contents(r)
        for name in theirs:
            for form in (name.encode(), name.encode("unicode_escape"), json.dumps(name).encode()):
                assert form not in data, (org, path, name)
        if path not in ("", "/audit") and not (org == "org-b" and "flagged" in path):  # B has nothing flagged
            assert any(n.encode() in data or json.dumps(n).encode()[1:-1] in data for n in mine), (org, path)


@pytest.mark.parametrize("path", GETS)
def test_a_token_on_another_orgs_url_is_a_404_that_says_nothing_of_it(site: Site, path: str) -> None:
    there = site.get("org-b", path, token=site.tokens["org-a"])
    nowhere = site.get("no-such-org", path, token=site.tokens["org-a"])
    near = site.get("org-bb", path, token=site.tokens["org-a"])  # a near miss must not be "did you mean org-b"
    for r in (there, nowhere, near):
        assert r.status_code == 404
        for word in (b"org-b", b"Org B", *(n.encode() for n in B_NAMES)):
            assert word not in r.content.replace(b"org-bb", b""), (path, word)
    assert there.json() == nowhere.json() == near.json()  # B's existence cannot be told from its absence


def test_an_import_to_another_orgs_url_is_a_404_and_writes_nothing(site: Site) -> None:
    before = snapshot(site.url)
    r = site.post("org-b", "filename=x.csv", A_CSV, token=site.tokens["org-a"])
    assert r.status_code == 404 and b"org-b" not in r.content
    assert snapshot(site.url) == before


@pytest.mark.parametrize("token", [None, "not-a-token", "x" * 500, ""])
def test_no_token_or_a_bad_one_is_a_401_asking_for_bearer(site: Site, token: str | None) -> None:
    for path in ("/status", "/export.csv"):
        r = site.get("org-a", path, token=token)
        assert r.status_code == 401, (token, r.text)
        assert r.headers["www-authenticate"] == "Bearer"
        assert r.json()["error"]["message"] and b"Jos" not in r.content
    assert site.post("org-a", "filename=x.csv", A_CSV, token=token).status_code == 401


def test_a_basic_auth_header_is_not_a_token(site: Site) -> None:
    r = site.client.get("/api/v1/orgs/org-a/status", headers={"authorization": f"Basic {site.tokens['org-a']}"})
    assert r.status_code == 401


def test_rotating_the_token_in_the_cli_stops_the_old_one_at_once(site: Site) -> None:
    assert site.get("org-a", "/status").status_code == 200
    new = cli(site.url, "roster", "org", "token", "org-a")["token"]
    assert site.get("org-a", "/status").status_code == 401
    assert site.get("org-a", "/status", token=new).status_code == 200
    assert site.get("org-b", "/status").status_code == 200  # B's token is untouched


def test_an_unreachable_database_is_a_503_that_tells_a_client_nothing_of_the_server(
    app: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Before the fix any bearer string got the database's URL (user, host, port) and the driver's error."""
    monkeypatch.setenv("MA_LADDER_DB", "postgresql+psycopg://ann:s3cretpw@127.0.0.1:1/roster")
    tenancy.close_all()
    client = TestClient(app, raise_server_exceptions=False)
    try:
        for path in ("/api/v1/orgs/org-a/status", "/api/v1/orgs/org-a/export.csv"):
            r = client.get(path, headers={"authorization": "Bearer guess"})
            assert r.status_code == 503 and "unavailable" in r.json()["error"]["message"]
            assert b"127.0.0.1" not in r.content and b"ann" not in r.content and b"s3cretpw" not in r.content
        assert client.get("/api/v1/orgs/org-a/status").status_code == 401  # no token: no database work at all
    finally:
        tenancy.close_all()
    assert "127.0.0.1" in caplog.text and "s3cretpw" not in caplog.text  # the operator's log says why


# --- imports ------------------------------------------------------------------------------------------


def test_import_refused_is_a_422_with_the_row_report_and_writes_nothing(site: Site) -> None:
    before = snapshot(site.url)
    messy = ("\r\n".join([HEADER, *A_ROWS]) + "\r\n").encode("cp1252")
    r = site.post("org-a", "filename=staff.csv", messy)
    assert r.status_code == 422
    body = r.json()
    assert body["imported"] is False and body["errors"] == 1
    assert body == cli_import(site, messy, [])
    [issue] = body["issues"]
    assert (issue["row"], issue["column"], issue["staff_id"]) == (3, "Certification", "A2")
    dry = site.post("org-a", "filename=staff.csv&skip_invalid=true&dry_run=true", messy)
    assert dry.status_code == 200 and dry.json()["dry_run"] and dry.json()["summary"]["unchanged"] == 4
    assert snapshot(site.url) == before


def cli_import(site: Site, data: bytes, extra: list[str]) -> Any:
    """The CLI's --json answer for the same bytes, sent as a file of the same name."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "staff.csv"
        path.write_bytes(data)
        result = invoke(["roster", "import", str(path), "--org", "org-a", "--db", site.url, "--json", *extra])
    return json.loads(result.stdout)


def test_reimport_through_the_api_changes_nothing(site: Site) -> None:
    audit = site.get("org-a", "/audit").json()
    r = site.post("org-a", "filename=staff.csv", A_CSV)
    assert r.status_code == 200
    assert (r.json()["summary"]["added"], r.json()["summary"]["changed"], r.json()["summary"]["unchanged"]) == (0, 0, 4)
    assert site.get("org-a", "/audit").json() == audit


@pytest.mark.parametrize(
    ("query", "body", "words"),
    [
        ("filename=x.csv", b"", "the request body is empty"),
        ("filename=x.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        ("filename=x.csv", bytes(range(256)) * 4, "binary"),
        ("", A_CSV, "filename"),
        ("filename=x.csv&dry_run=perhaps", A_CSV, "dry_run"),
    ],
)
def test_bad_imports_are_422_with_a_message(site: Site, query: str, body: bytes, words: str) -> None:
    before = snapshot(site.url)
    r = site.post("org-a", query, body)
    assert r.status_code == 422, r.text
    assert words in r.json()["error"]["message"]
    assert snapshot(site.url) == before


def test_a_too_large_import_is_a_413(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    import ma_ladder.web.app as web

    monkeypatch.setattr(web, "MAX_UPLOAD", 1000)
    before = snapshot(site.url)
    big = A_CSV + b"\r\n".join(b"Z%d,Zed,CA,CMA,,vitals," % i for i in range(100))
    r = site.post("org-a", "filename=x.csv", big)
    assert r.status_code == 413 and "larger than" in r.json()["error"]["message"]

    def chunks() -> Iterator[bytes]:
        yield from (big[i : i + 100] for i in range(0, len(big), 100))

    r = site.client.post(
        "/api/v1/orgs/org-a/import?filename=x.csv", content=chunks(), headers=site.auth("org-a", "own")
    )
    assert r.status_code == 413
    assert snapshot(site.url) == before


# --- exports ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "media", "start"),
    [("csv", "text/csv", b"staff_id,"), ("CSV", "text/csv", b"staff_id,"), ("xlsx", "application/vnd.openxml", b"PK"),
     ("ics", "text/calendar", b"BEGIN:VCALENDAR"), ("html", "text/html", b"<!")],
)  # fmt: skip
def test_exports_are_downloads_of_their_kind(site: Site, fmt: str, media: str, start: bytes) -> None:
    r = site.get("org-a", f"/export.{fmt}?on={ON}")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(media) and r.content.lstrip().upper().startswith(start.upper())
    assert r.headers["content-disposition"] == f'attachment; filename="org-a-roster.{fmt.lower()}"'
    assert r.headers["cache-control"] == "private, no-store"


@pytest.mark.parametrize(("fmt", "suggestion"), [("cvs", "csv"), ("xls", "xlsx"), ("doc", "csv")])
def test_unknown_export_format_is_a_404_naming_the_formats(site: Site, fmt: str, suggestion: str) -> None:
    """The format is part of the path, and an unknown name in a path is a 404 with suggestions, like
    ``/api/v1/credentials/{id}``; a name with no near miss is offered every format."""
    r = site.get("org-a", f"/export.{fmt}")
    assert r.status_code == 404, r.text
    error = r.json()["error"]
    assert error["field"] == "format" and suggestion in error["suggestions"] and "csv" in error["message"]
    assert (
        site.get("org-b", f"/export.{fmt}", token=site.tokens["org-a"]).json()
        == site.get("no-such-org", "/status", token=site.tokens["org-a"]).json()
    )  # the organization is checked first: a wrong one says nothing about formats


@pytest.mark.parametrize(
    ("path", "field"), [("/expiring?days=-1", "days"), ("/expiring?days=soon", "days"), ("/status?on=2026-13-01", "on"),
                        ("/tasks?flagged=maybe", "flagged")]
)  # fmt: skip
def test_bad_query_parameters_are_422_naming_them(site: Site, path: str, field: str) -> None:
    r = site.get("org-a", path)
    assert r.status_code == 422 and r.json()["error"]["field"] == field


# --- atomicity ----------------------------------------------------------------------------------------


def test_an_import_failing_half_way_leaves_the_database_exactly_as_before(
    site: Site, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The people are written table by table; a failure after the staff table (and, for the changed
    people, after their old rows were deleted) must undo all of it, the import record and audit too."""
    changed = A_CSV.replace(b"2026-12-20", b"2028-12-20") + b"A9,New Person,CA,CMA,2029-01-01,vitals,\r\n"
    before = snapshot(site.url)
    real, calls = rows.insert_rows, []

    def failing(conn: Any, table: Any, columns: Any, data: Any) -> None:
        calls.append(table.name)
        if len(calls) == 2:
            raise MaLadderError("the disk is full")
        real(conn, table, columns, data)

    monkeypatch.setattr(rows, "insert_rows", failing)
    with Store(site.url) as store:
        org = store.org("org-a")
        with pytest.raises(MaLadderError, match="the disk is full"):
            service.import_roster(store, kb, org, changed, "staff.csv", on=store_day(), actor="test")
    assert calls == ["staff", "staff_credentials"]
    assert snapshot(site.url) == before
    monkeypatch.setattr(rows, "insert_rows", real)
    with Store(site.url) as store:  # and the same import, not interrupted, goes through
        outcome = service.import_roster(store, kb, store.org("org-a"), changed, "staff.csv", on=store_day(), actor="t")
    assert outcome.summary is not None and (outcome.summary.added, outcome.summary.changed) == (1, 1)


def store_day() -> Any:
    from datetime import date

    return date.fromisoformat(ON)
