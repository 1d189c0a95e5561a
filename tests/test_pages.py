"""The pages in-process: every page type answers, links its JSON twin, lists its sources, escapes
what a person typed, and carries no inline script or style (the Content-Security-Policy forbids them)."""

from __future__ import annotations

import html
import re
import textwrap
import unicodedata

import pytest
from fastapi.testclient import TestClient
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ma_ladder.kb import load
from ma_ladder.web import fragments, svg
from ma_ladder.web.app import create_app

PAGES = {
    "/": "/api/v1/",
    "/highest": "/api/v1/highest",
    "/credentials": "/api/v1/credentials",
    "/credentials/CMA": "/api/v1/credentials/CMA",
    "/compare?ids=CMA&ids=RMA": "/api/v1/compare",
    "/organizations": "/api/v1/organizations",
    "/organizations/aama": "/api/v1/organizations/aama",
    "/claims": "/api/v1/claims",
    "/scope?task=injection": "/api/v1/scope",
    "/states/WA": "/api/v1/states/WA",
    "/advise": None,
    "/advise?state=TX&high_school=yes&interests=ekg": "/api/v1/docs#post-api-v1-advise",
    "/wages?state=TX": "/api/v1/wages",
}
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE)


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(), raise_server_exceptions=False)


@pytest.mark.parametrize("url", list(PAGES))
def test_get_page_is_complete(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    html = r.text
    assert '<html lang="en"' in html and "<title>" in html and html.count("<h1") == 1
    assert not INLINE.findall(html), INLINE.findall(html)[:3]
    assert "http://" not in html.split("<body")[0] and "https://" not in html.split("<body")[0], "nothing from a CDN"
    twin = PAGES[url]
    if twin:
        assert f'href="{twin}' in html, f"{url} must link its JSON twin {twin}"
    if url not in ("/advise",):
        assert "Sources" in html or "sources" in html


@pytest.mark.parametrize("url", ["/scope?task=injection", "/states/WA"])
def test_get_legal_pages_say_not_legal_advice(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 200
    assert "not legal advice" in r.text.lower()


def test_get_state_page_shows_plain_decisions_not_ids(client: TestClient) -> None:
    r = client.get("/states/WA")
    assert r.status_code == 200
    text = re.sub(r"<[^>]+>", " ", r.text)
    assert "allowed_with_conditions" not in text and "not_allowed" not in text
    assert 'id="injection"' in r.text


def test_get_scope_map_has_51_tiles_each_a_link(client: TestClient) -> None:
    r = client.get("/scope?task=injection&credential=CMA")
    assert r.status_code == 200
    tiles = set(re.findall(r'href="/states/([A-Z]{2})', r.text))
    assert len(tiles) == 51


@pytest.mark.parametrize(
    "url",
    [
        "/states/Texs",
        "/credentials/<script>alert(1)</script>",
        "/scope?task=%3Cscript%3Ealert(1)%3C/script%3E",
        "/wages?metro=%3Cimg%20src=x%20onerror=alert(1)%3E",
        "/advise?state=%3Cb%3Ebold%3C/b%3E",
    ],
)
def test_get_bad_input_is_an_escaped_error_page(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code in (404, 422), r.status_code
    assert r.headers["content-type"].startswith("text/html")
    assert "<script>alert" not in r.text and "<img src=x" not in r.text and "<b>bold" not in r.text
    assert "Traceback" not in r.text


def test_get_unknown_page_is_a_404_page(client: TestClient) -> None:
    r = client.get("/no/such/page")
    assert r.status_code == 404
    assert "<h1" in r.text and "Traceback" not in r.text


@pytest.mark.parametrize("query", ["experience=%C2%B2", "budget=%E2%91%A0", "months=%C2%B3"])
def test_get_advisor_with_unicode_digits_is_a_422_page(client: TestClient, query: str) -> None:
    """``"²".isdigit()`` is True but ``int("²")`` fails: these were 500s (review finding)."""
    r = client.get(f"/advise?state=TX&{query}")
    assert r.status_code == 422
    assert "whole number" in r.text


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab c", max_size=80), st.integers(3, 50))
def test_the_svg_word_wrap_matches_textwrap_on_words_that_fit(text: str, width: int) -> None:
    """The greedy wrap that replaced textwrap (about 20 µs a call) breaks lines where textwrap does."""
    text = " ".join(text.split())
    assume(all(len(word) <= width for word in text.split()))
    assert list(svg._lines(text, width)) == (textwrap.wrap(text, width) or [""])


def test_a_word_longer_than_the_line_is_cut_not_lost() -> None:
    assert svg._lines("abcdefghij", 4) == ("abcd", "efgh", "ij")


# Unicode's 66 noncharacters, listed as the standard defines them (not as the escaper tests for them)
NONCHARACTERS = frozenset(
    [*range(0xFDD0, 0xFDF0), *(plane * 0x10000 + last for plane in range(17) for last in (0xFFFE, 0xFFFF))]
)


def _forbidden(ch: str) -> bool:
    """A noncharacter or a lone surrogate: HTML allows neither, raw or as a reference."""
    return ord(ch) in NONCHARACTERS or unicodedata.category(ch) == "Cs"


# text with noncharacters and lone surrogates in it on purpose (a list, for st.text would merge these
# alphabets into one range and almost never draw from the small ones)
_UNUSUAL = (
    st.characters()
    | st.sampled_from([chr(n) for n in sorted(NONCHARACTERS)])
    | st.characters(codec=None, categories=["Cs"])
)


@given(st.text(max_size=40) | st.lists(_UNUSUAL, max_size=12).map("".join))
def test_the_escaper_escapes_text_the_knowledge_base_never_saw(text: str) -> None:
    e = fragments.escaper(load())
    expected = "".join(
        ch if ord(ch) < 0xA0 else f"&#{65533 if _forbidden(ch) else ord(ch)};" for ch in html.escape(text)
    )
    assert e(text) == expected
    read = "".join("\ufffd" if _forbidden(ch) else ch for ch in html.unescape(html.escape(text)))
    assert html.unescape(e(text)) == read  # what a browser reads is the text, U+FFFD for what HTML forbids
    assert all(ord(ch) < 0x80 or 0x80 <= ord(ch) <= 0x9F for ch in e(text))  # ASCII, but for the C1 controls


def test_every_page_of_the_knowledge_base_is_ascii_so_it_encodes_by_a_copy(client: TestClient) -> None:
    """Text beyond ASCII (a statute's section sign, a decision's check mark) reaches the page as
    character references, from the fragments and from the templates alike (``fragments.finalize``)."""
    kb = load()
    paths = ["/", "/highest", "/credentials", "/organizations", "/claims", "/scope", "/states", "/wages"]
    paths += ["/advise?state=TX&experience=12&interests=ekg", "/compare?ids=CMA,RMA,WA:MA-C"]
    paths += [f"/states/{s}" for s in kb.states]
    paths += [f"/credentials/{sc.id}" for _, sc in kb.state_credentials().values()]
    paths += [f"/credentials/{c}" for c in kb.credentials] + [f"/organizations/{o}" for o in kb.organizations]
    for path in paths:
        r = client.get(path)
        assert r.status_code == 200, path
        assert r.text.isascii(), (path, sorted({ch for ch in r.text if not ch.isascii()}))
    page = client.get("/states/CA").text
    assert "&#167;" in page and "\u00a7" not in page  # California's statutes are cited by section
    typed = client.get("/ask", params={"q": "can a CMA give flu shots in New York \u2014 é?"})
    assert typed.status_code == 200 and typed.text.isascii() and "&#8212; &#233;?" in typed.text


def test_the_escaper_escapes_knowledge_base_text_once_and_the_same_way() -> None:
    kb = load()
    e = fragments.escaper(kb)
    condition = kb.states["TX"].tasks["vital_signs"]
    text = next(iter(condition.values())).conditions[-1]
    assert text in e.memo and e(text) == html.escape(text) and "'" not in e(text)
    badge = '<span class="dec d-allowed_with_conditions">&#10003;* Allowed with conditions</span>'  # ✓, as ASCII
    assert e.decision("allowed_with_conditions") == badge


def test_the_states_page_shows_the_federal_baseline_with_dates(client: TestClient) -> None:
    r = client.get("/states")
    assert r.status_code == 200
    assert "What federal law requires of MAs" in r.text
    assert "No federal licence or certification for medical assistants" in r.text
    assert "until 2019-01-01 (no longer applies)" in r.text  # a historical rule keeps its dates


def test_a_state_page_shows_title_rules_or_says_none_were_researched(client: TestClient) -> None:
    fl = client.get("/states/FL")
    assert fl.status_code == 200 and "Titles the law protects" in fl.text and "&ldquo;nurse&rdquo;" in fl.text.lower()
    ak = client.get("/states/AK")
    assert ak.status_code == 200 and "not researched yet, which does not mean there is none" in ak.text


def test_organizations_show_what_each_does_and_whether_it_is_a_non_profit(client: TestClient) -> None:
    r = client.get("/organizations/AAMA")
    assert r.status_code == 200
    assert re.search(r"Non-profit</dt><dd>yes", r.text)
    listing = client.get("/organizations")
    assert listing.status_code == 200 and "unclear: " in listing.text


def test_the_wages_page_shows_the_bls_outlook_and_unclear_figures_as_unclear(client: TestClient) -> None:
    r = client.get("/wages")
    assert r.status_code == 200
    assert "Outlook: projected growth (BLS)" in r.text and "2024-34" in r.text and "12.0%" in r.text
    assert "unclear: no BLS" in r.text


def test_every_source_on_a_page_says_how_far_it_is_trusted(client: TestClient) -> None:
    r = client.get("/states/FL")
    assert r.status_code == 200
    assert "weak source</span>" in r.text and "secondary source</span>" in r.text


def test_a_source_list_from_the_escapers_memo_is_the_one_laid_out_afresh() -> None:
    """Source items are laid out once per escaper: a warm escaper prints what a cold one does, and each
    item's quality tag is the host list's verdict for that URL."""
    from ma_ladder import questions
    from ma_ladder.kb.sources import host_of, host_quality

    kb = load()
    items = [*questions.highest(kb).citations, *questions.state(kb, "WA", None).sources]
    cold = fragments.sources(fragments.Escaper(kb), items, kb)
    warm = fragments.escaper(kb)
    fragments.sources(warm, items, kb)
    assert fragments.sources(warm, items, kb) == cold
    assert cold.count("<li>") == len(items)
    for s in items:
        assert f"q-{host_quality(kb, host_of(s.url))}" in fragments._source(warm, s, kb)


@pytest.mark.parametrize(
    ("url", "current"), [("/", "/"), ("/states/WA", "/scope"), ("/wages", "/wages"), ("/ask?q=x", None)]
)
def test_the_menu_marks_the_section_a_page_belongs_to_and_no_other(
    client: TestClient, url: str, current: str | None
) -> None:
    r = client.get(url)
    assert r.status_code == 200
    menu = r.text.split('<nav aria-label="Main">', 1)[1].split("</nav>", 1)[0]
    assert menu.count("<li>") == 8 and menu.count('aria-current="page"') == (current is not None)
    if current:
        assert f'<a href="{current}" aria-current="page">' in menu


@pytest.mark.parametrize(
    ("value", "shown"),
    [("CMA", "CMA"), ("\u202eAMC", "\\u202eAMC"), ("injection\u200b", "injection\\u200b"), ("", "(empty)"),
     ("  ", "(blank: 2 spaces)"), (None, "")],
)  # fmt: skip
def test_an_import_value_is_shown_as_a_person_can_check_it(value: str | None, shown: str) -> None:
    """Invisible characters would make a wrong value look right next to its error: they are written out."""
    from ma_ladder.web.pages import _as_typed

    assert _as_typed(value) == shown


@pytest.mark.parametrize(
    ("url", "field", "words"),
    [
        ("/states/TX?credential=" + "x" * 81, "credential", "longer than 80 characters"),
        ("/states/" + "x" * 81, "code", "longer than 80 characters"),
        ("/scope?task=" + "y" * 81, "task", "longer than 80 characters"),
        ("/advise?interests=" + "z" * 81, "interests", "longer than 80 characters"),
        ("/ask?q=" + "w" * 501, "q", "longer than 500 characters"),
        ("/orgs/" + "a" * 81, "org", "longer than 80 characters"),
    ],
)
def test_a_page_parameter_too_long_is_a_422_page_that_names_it(
    client: TestClient, url: str, field: str, words: str
) -> None:
    """The pages read their parameters as the API does (``params.read``), bounded the same way."""
    r = client.get(url)
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("text/html")
    assert f"{field}: {words}" in r.text
    asked = client.get(url, headers={"accept": "application/json"})
    assert asked.status_code == 422 and asked.json()["error"]["field"] == field


def test_a_page_answers_another_method_with_405_and_head_like_get(client: TestClient) -> None:
    wrong = client.post("/states/TX")
    assert wrong.status_code == 405
    assert {m.strip() for m in wrong.headers["allow"].split(",")} == {"GET", "HEAD"}  # a set: order varies by run
    head = client.head("/states/TX")
    assert head.status_code == 200 and head.content == b"" and head.headers["content-security-policy"]


def test_a_page_takes_repeated_boxes_and_ignores_parameters_it_does_not_know(client: TestClient) -> None:
    r = client.get("/compare?ids=CMA&ids=RMA&utm_source=mail")
    assert r.status_code == 200
    assert r.text.count('<th scope="col"') >= 2 and "RMA" in r.text and "utm_source" not in r.text


def test_task_cards_from_the_escapers_memo_are_the_ones_laid_out_afresh() -> None:
    """A card's pieces (its lead: heading, decision, description, basis, confidence; its body: the rule's
    facts, lists, notes, citations), a task table's rows and a state page's own record are laid out once
    per escaper, by what they print. Every state's cards, for every credential
    choice the picker offers, rendered by one warm escaper in turn, must equal each card laid out by an
    escaper that remembers nothing: two pieces under one key would show here."""
    from ma_ladder import questions

    kb = load()
    warm, cold = fragments.escaper(kb), fragments.Escaper(kb)
    for credential in (None, "none", *sorted(kb.credential_ids())):
        for code in kb.states:
            s = questions.state(kb, code, credential)
            held = s.answers[0].credential or ""
            afresh, rows = [], []
            for a in s.answers:
                cold.items.clear()
                afresh.append(fragments.task_cards(cold, s.code, [a], kb.tasks, held))
                cold.items.clear()
                rows.append(fragments.task_table(cold, [a], kb.tasks))
            assert fragments.task_cards(warm, s.code, s.answers, kb.tasks, held) == "".join(afresh), (code, credential)
            assert fragments.task_table(warm, s.answers, kb.tasks) == "".join(rows), (code, credential)
            cold.items.clear()
            page = fragments.state_page(warm, s, held or "anyone", "", "", "")
            assert page == fragments.state_page(cold, s, held or "anyone", "", "", ""), (code, credential)
    wa = questions.state(kb, "WA", "WA:MA-C")
    cards = fragments.task_cards(warm, "WA", wa.answers, kb.tasks, "WA:MA-C")
    assert cards.count('<section class="card task"') == len(wa.answers)
    assert '/api/v1/scope?state=WA&amp;task=injection&amp;credential=WA%3AMA-C">JSON</a>' in cards
