"""End to end in a real browser: Debian's Chromium driven by Playwright, against a real server.

A person answers the three questions people come with, each in three clicks or fewer from the home
page; axe-core finds no serious or critical accessibility violation on any page type; no page
breaks its Content-Security-Policy; every page fits a 390-px phone without scrolling sideways.
Nothing here downloads a browser: the tests use /usr/bin/chromium (``MA_LADDER_CHROMIUM``
overrides it) and are skipped, loudly, only where no Chromium is installed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.serving import running_server

CHROMIUM = os.environ.get("MA_LADDER_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]  # fmt: skip
PAGES = {
    "home": "/",
    "highest": "/highest",
    "credentials": "/credentials",
    "credential": "/credentials/CMA",
    "state-credential": "/credentials/WA:MA-C",
    "compare": "/compare?ids=CMA&ids=RMA&ids=CCMA",
    "organizations": "/organizations",
    "organization": "/organizations/aama",
    "claims": "/claims",
    "scope-map": "/scope?task=injection",
    "state": "/states/WA",
    "advise-form": "/advise",
    "advise-result": "/advise?state=TX&high_school=yes&interests=ekg&budget=3000",
    "wages": "/wages?state=TX&metro=Houston",
    "states": "/states",
    "ask": "/ask?q=can+an+MA+in+Connecticut+give+vaccines",
    "api-docs": "/api/v1/docs",
    "error": "/states/Texs",
}

pytestmark = pytest.mark.skipif(not shutil.which(CHROMIUM), reason=f"no Chromium at {CHROMIUM}")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with running_server() as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.csp_errors = []  # type: ignore[attr-defined]
    pg.on("console", lambda m: m.type == "error" and pg.csp_errors.append(m.text))  # type: ignore[attr-defined]
    yield pg
    context.close()


def _console_errors(page: Any) -> list[str]:
    return page.csp_errors  # type: ignore[no-any-return]


def test_what_is_the_highest_level_in_one_click(server: str, page: Any) -> None:
    page.goto(server + "/")
    assert "no official highest level" in page.locator("main").inner_text().lower()
    page.get_by_role("link", name="Why?").click()  # click 1
    page.wait_for_url("**/highest")
    assert "CMA" in page.locator("main").inner_text() and "Sources" in page.locator("main").inner_text()
    assert not _console_errors(page)


def test_can_i_give_injections_in_my_state_in_two_clicks(server: str, page: Any) -> None:
    page.goto(server + "/")
    page.get_by_role("navigation").get_by_role("link", name="Scope of practice").click()  # click 1
    page.wait_for_url("**/scope**")
    page.locator("a[href*='/states/WA']").first.click()  # click 2: the Washington tile
    page.wait_for_url("**/states/WA**")
    injection = page.locator("#injection")
    assert injection.count() == 1
    text = injection.inner_text().lower()
    assert "allowed" in text or "not allowed" in text or "unclear" in text
    assert "not legal advice" in page.locator("body").inner_text().lower()
    assert not _console_errors(page)


def test_what_should_i_pursue_in_two_clicks(server: str, page: Any) -> None:
    page.goto(server + "/")
    page.get_by_role("navigation").get_by_role("link", name="Advisor").click()  # click 1
    page.wait_for_url("**/advise")
    page.get_by_label("State").select_option("TX")
    page.get_by_role("button", name="Get advice").click()  # click 2
    page.wait_for_load_state()
    assert "state=TX" in page.url, "the result has its own URL to share or print"
    main = page.locator("main").inner_text()
    assert "1." in main or "Recommend" in main
    assert page.locator("main svg").count() >= 1
    assert not _console_errors(page)


@pytest.mark.parametrize("name", list(PAGES))
def test_page_is_accessible_fits_a_phone_and_keeps_its_policy(
    server: str, browser: Any, name: str, tmp_path: Path
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    for width in (390, 1280):
        context = browser.new_context(viewport={"width": width, "height": 844})
        pg = context.new_page()
        errors: list[str] = []
        pg.on("console", lambda m, errors=errors: m.type == "error" and errors.append(m.text))
        response = pg.goto(server + PAGES[name])
        assert response is not None and response.status == (404 if name == "error" else 200), name
        assert not [e for e in errors if "Content Security Policy" in e], errors
        overflow = pg.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{name} at {width} px scrolls sideways by {overflow} px"
        pg.screenshot(path=str(tmp_path / f"{name}-{width}.png"), full_page=True)
        if width == 1280:
            results = Axe().run(pg)
            bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
            assert not bad, [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in bad]
        context.close()
