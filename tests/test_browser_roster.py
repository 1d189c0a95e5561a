"""The employer's roster dashboard end to end, in Debian's Chromium against a real server.

The done-when story: a clinic manager opens their organization's page, signs in with its token, sees
who lapses in the next 30/60/90 days and who performs a task their state does not allow, uploads a
messy roster and reads which row, column and value to fix and how, downloads the renewal calendar
and the audit report, and never sees a name from another organization on the same server. It all
works with JavaScript off (the pages have no script). axe-core finds no serious or critical
violation on the sign-in page, the dashboard or the import report, and none of them scrolls
sideways on a 390-px phone. Screenshots go to a temporary folder, or to ``MA_LADDER_SCREENSHOTS``
(e.g. ``docs/screenshots``) when set, reduced to 256 colours like scripts/screenshots.py does.
"""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from ma_ladder import scope
from ma_ladder.kb import KnowledgeBase
from tests.serving import running_server
from tests.test_browser import CHROMIUM, browser

__all__ = ["browser"]  # the fixture, imported for pytest

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}")

A_SLUG, B_SLUG = "valley-clinic", "harbor-health"
B_NAMES = ("Bartholomew Quince", "Xiomara Velasquez", "Ingrid Thorsdottir")
LAPSING = "Priya Lapsewell"  # CPT card expiring in 20 days: the 30-day list
SOON = "Omar Haddad"  # CCMA expiring in 45 days: the 60-day list
LATER = "Grace Lindqvist"  # RMA expiring in 80 days: the 90-day list
FLAGGED = "Nadia Okafor"  # gives injections in New York, where an MA may not
NEWCOMER = "Tomas Reyes"  # the valid row of the uploaded file


def _day(days: int) -> date:
    return date.today() + timedelta(days=days)


def roster_a() -> str:
    """Organization A's roster as a real export looks: mixed date formats, a padded lower-case state code,
    two separators for duties, synonyms for every column name."""
    return (
        "Employee ID,Full Name,Work State,Job Title,Certification,Cert #,Date Certified,Last Renewal,Expiration,"
        "Duties,Injection Training Hours\n"
        f"A01,{LAPSING},TX,Medical Assistant,CPT,CP111,{_day(-700):%m/%d/%Y},,{_day(20).isoformat()},"
        "vital signs; venipuncture,\n"
        f"A02,{FLAGGED},NY,Clinical MA,CMA,CM222,2022-01-10,{_day(-300).isoformat()},,vitals | injection,4\n"
        f'A03,{SOON},  ca ,MA,CCMA,CC333,"Mar 3, 2023",,{_day(45):%d-%b-%Y},ekg; scheduling,\n'
        f"A04,{LATER},FL,MA,RMA,RM444,2021-06-01,,{_day(80).isoformat()},EKG,\n"
    )


def roster_b() -> str:
    """Organization B: different people, who must never appear on A's pages or downloads."""
    return (
        "ID,Name,State,Credential,Expires,Tasks\n"
        f"B01,{B_NAMES[0]},TX,CPT,{_day(10).isoformat()},venipuncture\n"
        f"B02,{B_NAMES[1]},NY,CMA,{_day(50).isoformat()},injection\n"
        f"B03,{B_NAMES[2]},WA,MA-C,{_day(85).isoformat()},vitals\n"
    )


def upload_a() -> str:
    """The file A's manager uploads: one good new person, one misspelt credential ('CCMAA')."""
    return (
        "ID,Name,State,Credential,Expires,Tasks\n"
        f"A05,{NEWCOMER},TX,CMA,{_day(400).isoformat()},ekg\n"
        f"A06,June Park,TX,CCMAA,{_day(200).isoformat()},ekg\n"
    )


@dataclass(frozen=True)
class Roster:
    """A running server over a fresh roster database with two organizations."""

    base: str
    token_a: str
    token_b: str
    folder: Path


def _cli(env: dict[str, str], *args: str) -> str:
    ma_ladder = Path(sys.executable).parent / "ma-ladder"
    done = subprocess.run([str(ma_ladder), "roster", *args], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _org(env: dict[str, str], name: str, roster: str, folder: Path) -> str:
    """Create an organization with the CLI, import its roster, and return its token."""
    token = str(json.loads(_cli(env, "org", "create", name, "--json"))["token"])
    slug = name.lower().replace(" ", "-")
    path = folder / f"{slug}.csv"
    path.write_text(roster, encoding="utf-8")
    _cli(env, "import", str(path), "--org", slug)
    return token


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Roster]:
    folder = tmp_path_factory.mktemp("roster")
    settings = {"MA_LADDER_DATA": str(folder), "MA_LADDER_DB": f"sqlite:///{folder / 'roster.sqlite'}"}
    env = {**os.environ, **settings}
    token_a = _org(env, "Valley Clinic", roster_a(), folder)
    token_b = _org(env, "Harbor Health", roster_b(), folder)
    with pytest.MonkeyPatch.context() as mp:  # running_server's uvicorn inherits this process's environment
        for k, v in settings.items():
            mp.setenv(k, v)
        with running_server() as base:
            yield Roster(base, token_a, token_b, folder)


def _context(browser: Any, width: int = 1280, javascript: bool = True) -> Any:
    return browser.new_context(viewport={"width": width, "height": 844}, java_script_enabled=javascript)


def _sign_in(page: Any, roster: Roster, token: str) -> Any:
    """Open A's page, type a token into the sign-in form and submit it; returns the response."""
    page.goto(f"{roster.base}/orgs/{A_SLUG}")
    page.get_by_label("API token").fill(token)
    with page.expect_navigation() as nav:
        page.get_by_role("button", name="Sign in").click()
    return nav.value


def _upload(page: Any, roster: Roster, skip_invalid: bool) -> None:
    path = roster.folder / "messy-upload.csv"
    path.write_text(upload_a(), encoding="utf-8")
    page.get_by_label("CSV or XLSX file").set_input_files(str(path))
    if skip_invalid:
        page.get_by_label("Import the valid people and report the rest").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Upload and check").click()


def _download(page: Any, link: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=link).click()
    return Path(info.value.path()).read_bytes()


def _assert_no_b(text: str, where: str) -> None:
    seen = [n for n in B_NAMES if n in text]
    assert not seen, f"{where} shows organization B's people: {seen}"


def _main(page: Any) -> str:
    return str(page.locator("main").inner_text())


def _no_script(page: Any) -> None:
    assert page.locator("script").count() == 0, "the roster pages must work without JavaScript"


def test_a_manager_signs_in_reads_the_dashboard_uploads_and_downloads_without_javascript(
    roster: Roster, browser: Any, kb: KnowledgeBase
) -> None:
    context = _context(browser, javascript=False)
    page = context.new_page()

    page.goto(f"{roster.base}/orgs/{A_SLUG}")
    assert page.get_by_label("API token").count() == 1, "without a cookie the page is the sign-in form"
    _assert_no_b(page.content(), "the sign-in page")
    assert "Authorization: Bearer" in page.locator("p.json").inner_text(), "the JSON twin says it needs the token"
    _no_script(page)

    response = _sign_in(page, roster, roster.token_a)
    assert response.status == 200 and page.url == f"{roster.base}/orgs/{A_SLUG}"
    _no_script(page)
    main = _main(page)
    assert "Valley Clinic" in main
    due = {d: page.get_by_role("region", name=f"Due {d}") for d in ("in the next 30 days", "in 31 to 60 days")}
    assert LAPSING in due["in the next 30 days"].inner_text()
    assert SOON in due["in 31 to 60 days"].inner_text() and LAPSING not in due["in 31 to 60 days"].inner_text()
    assert LATER in page.get_by_role("region", name="Due in 61 to 90 days").inner_text()
    flagged = page.get_by_role("region", name="Tasks to act on").inner_text()
    assert FLAGGED in flagged and "not allowed" in flagged.lower() and "Injection" in flagged
    assert LAPSING not in flagged, "a TX MA doing vital signs and venipuncture is not flagged"
    ny = scope.evaluate(kb, "NY", "injection", "none", date.today())
    assert ny.decision == "not_allowed"
    assert any(c.url and c.url in page.content() for c in ny.citations), "the flagged task's sources are listed"
    _assert_no_b(page.content(), "the dashboard")

    _upload(page, roster, skip_invalid=True)
    _no_script(page)
    report = page.get_by_role("region", name="Problems by row")
    row = report.locator("tr", has_text="CCMAA")
    cells = [c.strip() for c in row.locator("td").all_inner_texts()]
    assert cells[0] == "3" and cells[1] == "Credential" and "CCMAA" in cells[2], cells
    assert "Did you mean" in cells[3] and "CCMA" in cells[3] and "To fix" in cells[3], cells
    assert "1 person with errors skipped" in page.get_by_role("status").inner_text()
    _assert_no_b(page.content(), "the import report")

    page.get_by_role("link", name="Back to the dashboard").click()
    page.wait_for_url(f"**/orgs/{A_SLUG}")
    assert "5 people on the roster" in _main(page), "the valid row was imported, the misspelt one was not"

    calendar = _download(page, "Calendar of renewal deadlines (iCalendar)").decode("utf-8")
    unfolded = calendar.replace("\r\n ", "").replace("\n ", "")
    assert unfolded.startswith("BEGIN:VCALENDAR") and "END:VCALENDAR" in unfolded
    assert f"Renew CPT: {LAPSING}" in unfolded and _day(20).strftime("%Y%m%d") in unfolded
    _assert_no_b(unfolded, "the calendar")

    audit = html.unescape(_download(page, "Audit report (HTML)").decode("utf-8"))
    assert kb.dataset.version in audit and FLAGGED in audit and LAPSING in audit
    missing = [c.url for c in ny.citations if c.url and c.url not in audit]
    assert not missing, f"the audit report lacks the flagged task's citations: {missing}"
    _assert_no_b(audit, "the audit report")
    context.close()


def test_b_token_does_not_open_a_and_a_cookie_does_not_open_b(roster: Roster, browser: Any) -> None:
    context = _context(browser, javascript=False)
    page = context.new_page()
    response = _sign_in(page, roster, roster.token_b)
    assert response.status == 401
    assert "does not open this organization" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("API token").count() == 1 and not context.cookies()
    _assert_no_b(page.content(), "the failed sign-in")
    assert LAPSING not in page.content()

    _sign_in(page, roster, roster.token_a)
    assert LAPSING in _main(page)
    page.goto(f"{roster.base}/orgs/{B_SLUG}")
    assert page.get_by_label("API token").count() == 1, "A's cookie is scoped to A's pages"
    _assert_no_b(page.content(), "B's page seen with A's cookie")
    page.goto(f"{roster.base}/orgs/{A_SLUG}")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    assert page.get_by_label("API token").count() == 1 and LAPSING not in page.content()
    context.close()


def _shot(page: Any, folder: Path, name: str) -> None:
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if os.environ.get("MA_LADDER_SCREENSHOTS"):
        from PIL import Image

        Image.open(path).convert("RGB").quantize(colors=256).save(path, optimize=True)


def _check_page(page: Any, name: str, width: int, folder: Path) -> None:
    """No sideways scroll, no broken policy, and (at 1280 px) no serious or critical axe violation."""
    from axe_playwright_python.sync_playwright import Axe

    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{name} at {width} px scrolls sideways by {overflow} px"
    wide = page.evaluate(
        "[...document.querySelectorAll('main *')].filter(e => !e.closest('.scroll'))"
        ".filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)"
        ".map(e => e.tagName + '.' + e.className)"
    )
    assert not wide, f"{name} at {width} px: outside a scrolling region, these stick out of the viewport: {wide}"
    _shot(page, folder, f"{name}-{width}")
    if width == 1280:
        results = Axe().run(page)
        bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        assert not bad, [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in bad]


@pytest.mark.parametrize("width", [390, 1280])
def test_sign_in_dashboard_and_import_report_are_accessible_and_fit_a_phone(
    roster: Roster, browser: Any, width: int, tmp_path: Path
) -> None:
    folder = Path(os.environ.get("MA_LADDER_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    context = _context(browser, width)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))

    page.goto(f"{roster.base}/orgs/{A_SLUG}")
    _check_page(page, "org-login", width, folder)
    _sign_in(page, roster, roster.token_a)
    _check_page(page, "org-dashboard", width, folder)
    _upload(page, roster, skip_invalid=False)  # all or nothing: refused, the report lists what to fix
    assert "Nothing was imported" in page.get_by_role("status").inner_text()
    _check_page(page, "org-upload", width, folder)
    assert not [e for e in errors if "Content Security Policy" in e], errors
    context.close()
