"""Table-driven eligibility and plan cases (``cases/eligibility``, ``cases/plan``) on the real data."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ma_ladder.kb import KnowledgeBase
from ma_ladder.paths import eligibility, goals, planner, profile
from ma_ladder.paths import steps as paths

from .caseload import load_cases

CASES = Path(__file__).parent / "cases"


def _load(kind: str) -> list[Any]:
    out = []
    for path in sorted((CASES / kind).glob("*.yaml")):
        for i, case in enumerate(load_cases(path)):
            out.append(pytest.param(case, id=f"{path.stem}:{i}:{case['name'][:60]}"))
    return out


def _on(case: dict[str, Any]) -> date:
    on = case.get("on", date(2026, 11, 27))
    return date.fromisoformat(on) if isinstance(on, str) else on


@pytest.mark.parametrize("case", _load("eligibility"))
def test_eligibility_case(kb: KnowledgeBase, case: dict[str, Any]) -> None:
    p = profile.normalise(kb, profile.from_dict(case["profile"]))
    for cid, status in case["status"].items():
        got = eligibility.evaluate(kb, p, cid, _on(case))
        assert got.status == status, f"{case['name']}: {cid} is {got.status}; missing {got.missing}"
    for cid, words in case.get("missing", {}).items():
        got = eligibility.evaluate(kb, p, cid, _on(case))
        every = got.missing + [m for r in got.routes for m in r.missing]
        assert any(words in m for m in every), f"{cid}: {every}"
    for cid, words in case.get("to_confirm", {}).items():
        got = eligibility.evaluate(kb, p, cid, _on(case))
        assert any(words in c for c in got.to_confirm), f"{cid}: {got.to_confirm}"


def _titles(path: paths.Path) -> list[str]:
    return [s.title for s in path.steps]


@pytest.mark.parametrize("case", _load("plan"))
def test_plan_case(kb: KnowledgeBase, case: dict[str, Any]) -> None:
    p = profile.normalise(kb, profile.from_dict(case["profile"]))
    result = planner.plan(kb, p, goals.parse(kb, case["goal"], p.state), _on(case))
    text = [" | ".join(_titles(x)) for x in result.paths]
    if "reachable" in case:
        assert bool(result.paths) == case["reachable"], result.unreachable
    if "fastest_contains" in case:
        assert result.fastest is not None and case["fastest_contains"] in text[result.fastest], text
    if "some_path_contains" in case:
        assert any(case["some_path_contains"] in t for t in text), text
    if "every_path_contains" in case:
        assert text and all(case["every_path_contains"] in t for t in text), text
    if "no_path_contains" in case:
        assert text and not any(case["no_path_contains"] in t for t in text), text
    if "every_path_ends_with_exam_of" in case:
        assert all(x.steps[-1].credential in case["every_path_ends_with_exam_of"] for x in result.paths)
    if case.get("nothing_to_earn"):
        assert any(x.steps and all(s.kind == "confirm" for s in x.steps) for x in result.paths)
    if "unreachable_contains" in case:
        assert any(case["unreachable_contains"] in u.lower() for u in result.unreachable), result.unreachable
    if "note_contains" in case:
        assert any(case["note_contains"] in n for n in result.notes), result.notes


def test_every_path_is_pareto_optimal(kb: KnowledgeBase) -> None:
    p = profile.normalise(kb, profile.from_dict({"state": "TX", "high_school": True}))
    paths = planner.plan(kb, p, goals.parse(kb, "CCMA"), date(2026, 11, 27)).paths
    for a in paths:
        for b in paths:
            if a is not b and set(a.unknown) <= set(b.unknown):
                assert not (a.months.mid <= b.months.mid and a.cost_usd.mid < b.cost_usd.mid)


def test_an_override_replaces_the_sourced_figure(kb: KnowledgeBase) -> None:
    p = profile.normalise(
        kb,
        profile.from_dict(
            {
                "high_school": True,
                "overrides": {"program:ma-certificate.months": 7, "program:ma-certificate.cost_usd": 3000},
            }
        ),
    )
    paths = planner.plan(kb, p, goals.parse(kb, "CMA"), date(2026, 11, 27)).paths
    cert = [x for x in paths if any("certificate" in s.title for s in x.steps)]
    assert cert and cert[0].months.min == 7 and cert[0].cost_usd.min >= 3000


def test_ten_year_keep_cost_counts_renewals(kb: KnowledgeBase) -> None:
    p = profile.normalise(kb, profile.from_dict({"high_school": True, "experience_months": {"ekg": 12}}))
    paths = planner.plan(kb, p, goals.parse(kb, "NCET"), date(2026, 11, 27)).paths
    assert paths and all(x.keep_cost_10y_usd is not None or x.keep_cost_note for x in paths)
