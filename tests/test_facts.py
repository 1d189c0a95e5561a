"""Data health of the facts a person can act on: outlooks, title rules, renewal history, nonprofit status.

These load the real knowledge base and check that every new fact is well-formed: an outlook names
its period and figure (or says why not), a title rule cites its law, a renewal change is dated and
in order, and an organization's role and status are stated.
"""

from __future__ import annotations

from datetime import date

import pytest

from ma_ladder.kb import load
from ma_ladder.kb.base import KnowledgeBase
from ma_ladder.kb.schema import Unclear

MA_SOC = "31-9092"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load()


def test_every_career_with_a_bls_occupation_has_an_outlook(kb: KnowledgeBase) -> None:
    missing = [r.id for r in kb.careers.values() if r.soc and r.outlook is None]
    assert missing == []


def test_every_outlook_has_a_period_and_a_percentage_or_says_why_not(kb: KnowledgeBase) -> None:
    for r in kb.careers.values():
        o = r.outlook
        if o is None:
            continue
        assert o.soc == r.soc, r.id
        assert isinstance(o.period, Unclear) or len(o.period) == 7, r.id
        if isinstance(o.growth_pct, Unclear):
            assert o.growth_pct.unclear.strip(), r.id
        else:
            assert -100 < o.growth_pct < 200, r.id
            assert not isinstance(o.period, Unclear), f"{r.id}: a percentage needs its period"
        if isinstance(o.annual_openings, int):
            assert o.annual_openings > 0, r.id
        assert o.sources and o.as_of <= date.today(), r.id


def test_the_medical_assistant_occupation_has_an_outlook(kb: KnowledgeBase) -> None:
    outlooks = [r.outlook for r in kb.careers.values() if r.soc == MA_SOC and r.outlook]
    assert outlooks, "no career carries the outlook of SOC 31-9092"
    assert len({(o.period, o.growth_pct, o.annual_openings) for o in outlooks}) == 1


def test_every_title_rule_has_a_citation_a_url_and_a_rule(kb: KnowledgeBase) -> None:
    rules = [(s.code, t) for s in kb.states.values() for t in s.titles]
    assert rules, "no title rules recorded"
    for code, t in rules:
        assert t.citation.strip() and t.rule.strip() and t.title.strip(), code
        assert t.url.startswith(("https://", "http://")), code
        assert t.sources, code
        assert t.effective is None or t.effective <= date.today(), code


def test_renewal_history_is_dated_in_order_and_says_what_changed(kb: KnowledgeBase) -> None:
    seen = 0
    for c in kb.credentials.values():
        dates = [h.date for h in c.renewal.history]
        assert dates == sorted(dates), c.id
        assert len(set(dates)) == len(dates), c.id
        for h in c.renewal.history:
            seen += 1
            assert h.change.strip() and h.sources, c.id
            assert h.date <= date.today(), c.id
    assert seen, "no renewal history recorded"


def test_every_organization_has_a_role_and_a_nonprofit_status(kb: KnowledgeBase) -> None:
    for o in kb.organizations.values():
        assert o.role and o.role.strip(), o.id
        assert o.nonprofit is not None, o.id
        status = o.nonprofit.status
        assert isinstance(status, bool) or status.unclear.strip(), o.id
        assert o.nonprofit.sources, o.id


def test_federal_baseline_rules_say_why_they_have_no_dates(kb: KnowledgeBase) -> None:
    for n in kb.national.values():
        if not n.values:
            assert n.notes and n.notes.strip(), n.id
    assert "federal-no-ma-licence" in kb.national
