"""Regression tests for defects found in review; each test names the defect it guards against."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ma_ladder import ladder, scope
from ma_ladder.kb import KnowledgeBase
from ma_ladder.paths import advisor, goals, planner, profile
from ma_ladder.paths import steps as paths

from .clirun import invoke

ON = date(2026, 11, 27)


def _plan(kb: KnowledgeBase, raw: dict[str, Any], goal: str) -> planner.Plan:
    p = profile.normalise(kb, profile.from_dict(raw))
    return planner.plan(kb, p, goals.parse(kb, goal, p.state), ON)


def _titles(path: paths.Path) -> str:
    return " | ".join(s.title for s in path.steps)


@pytest.mark.parametrize("args", [["scope", "--state", "[/]", "--task", "injection"], ["plan", "--goal", "[/bold]"]])
def test_markup_characters_in_input_are_a_usage_error_not_a_crash(args: list[str]) -> None:
    result = invoke(args)
    assert result.exit_code == 2 and "Traceback" not in result.output and "[/" in result.stderr


def test_a_task_plan_carries_the_rules_conditions_as_a_step(kb: KnowledgeBase) -> None:
    plan = _plan(kb, {"state": "CT", "high_school": True}, "task:injection@CT")
    assert plan.paths
    for path in plan.paths:
        last = path.steps[-1]
        assert last.kind == "confirm" and any("program graduate" in c for c in last.confirm), _titles(path)


def test_ophthalmic_program_levels_are_kept_apart(kb: KnowledgeBase) -> None:
    plan = _plan(kb, {"high_school": True}, "COMT")
    for path in plan.paths:
        programs = [s.title for s in path.steps if s.kind == "program"]
        exam_ids = [s.credential for s in path.steps if s.kind == "exam"]
        if exam_ids == ["COMT"]:
            assert programs and "technologist-level" in programs[0]
        assert "orthoptist" not in _titles(path)


def test_experience_as_a_cot_comes_after_the_cot(kb: KnowledgeBase) -> None:
    plan = _plan(kb, {"high_school": True}, "COMT")
    via_cot = [x for x in plan.paths if [s.credential for s in x.steps if s.kind == "exam"][-2:] == ["COT", "COMT"]]
    assert via_cot
    for path in via_cot:
        kinds = [s.kind for s in path.steps]
        assert kinds[-2:] == ["experience", "exam"] and path.months.min >= 36


def test_a_credential_never_narrows_what_the_general_rule_allows(kb: KnowledgeBase) -> None:
    for cell in scope.matrix(kb, ON):
        if cell.credential in (None, "none"):
            continue
        base = scope.evaluate(kb, cell.state, cell.task, "none", ON)
        assert scope.DECISION_RANK[cell.decision] >= scope.DECISION_RANK[base.decision], cell


def test_a_variant_answer_keeps_training_hours_and_the_general_rule(kb: KnowledgeBase) -> None:
    a = scope.evaluate(kb, "CT", "injection", "CMA", ON)
    assert a.training_hours == 32 and a.base_decision == "not_allowed" and a.base_conditions
    assert "hospital settings" in a.excluded


def test_unknown_costs_are_never_called_cheapest(kb: KnowledgeBase) -> None:
    for goal in ("RMA", "COMT", "healthcare administrator", "CMA"):
        plan = _plan(kb, {"high_school": True}, goal)
        if plan.cheapest is not None:
            assert not plan.paths[plan.cheapest].unknown, goal
        if plan.fastest is not None:
            assert plan.paths[plan.fastest].months_known, goal


def test_advice_leaves_out_what_you_already_hold(kb: KnowledgeBase) -> None:
    p = profile.normalise(kb, profile.from_dict({"state": "NY", "credentials": [{"id": "CMA"}]}))
    assert "CMA" not in [r.credential for r in advisor.advise(kb, p, ON).recommendations]


def test_advice_in_washington_sees_the_state_credential_a_national_one_leads_to(kb: KnowledgeBase) -> None:
    p = profile.normalise(kb, profile.from_dict({"state": "WA", "high_school": True}))
    reasons = [r.text for rec in advisor.advise(kb, p, ON).recommendations for r in rec.reasons if r.factor == "scope"]
    assert any("WA:MA-C" in text for text in reasons)


def test_an_unstated_diploma_is_something_to_confirm_not_a_gap(kb: KnowledgeBase) -> None:
    from ma_ladder.paths import eligibility

    p = profile.normalise(kb, profile.from_dict({"experience_months": {"medical_assisting": 12}}))
    e = eligibility.evaluate(kb, p, "CCMA", ON)
    assert e.status == "eligible_to_confirm" and any("high-school" in c for c in e.to_confirm)
    plan = _plan(kb, {"experience_months": {"medical_assisting": 12}}, "CCMA")
    assert not any(s.kind == "high_school" for x in plan.paths for s in x.steps)


def test_a_lapsed_cma_pays_the_reactivation_fee_and_sees_the_rule(kb: KnowledgeBase) -> None:
    plan = _plan(kb, {"high_school": True, "credentials": [{"id": "CMA", "expires": "2024-05-31"}]}, "CMA")
    renew = [x for x in plan.paths if x.steps and x.steps[-1].route == "category-3"]
    assert renew and renew[0].cost_usd.min == 300
    assert any("reinstatement" in c for c in renew[0].steps[-1].confirm)


def test_a_recent_accredited_graduate_pays_the_category_1_fee(kb: KnowledgeBase) -> None:
    raw = {
        "high_school": True,
        "program": {"status": "graduated", "accreditation": ["caahep"], "graduated_on": "2026-06-01"},
    }
    plan = _plan(kb, raw, "CMA")
    assert plan.paths[0].cost_usd.min == 125


def test_no_keep_cost_is_claimed_when_no_credential_is_earned(kb: KnowledgeBase) -> None:
    plan = _plan(kb, {"high_school": True}, "nursing")
    assert plan.paths and all(x.keep_cost_10y_usd is None for x in plan.paths)


def test_a_program_step_names_the_accreditation_its_route_needs(kb: KnowledgeBase) -> None:
    plan = _plan(kb, {"high_school": True}, "CMA")
    programs = [s.title for x in plan.paths for s in x.steps if s.kind == "program"]
    assert programs and all(
        "CAAHEP or ABHES" in t or "approve" in " ".join(c for x in plan.paths for s in x.steps for c in s.confirm)
        for t in programs
    )


def test_a_held_state_credential_is_used(kb: KnowledgeBase) -> None:
    plan = _plan(kb, {"state": "WA", "credentials": [{"id": "WA:MA-C"}]}, "task:iv@WA")
    assert any(all(s.kind == "confirm" for s in x.steps) for x in plan.paths)


def test_an_ended_state_credential_is_not_on_the_ladder(kb: KnowledgeBase) -> None:
    state_level = next(lvl for lvl in ladder.levels(kb) if lvl.id == "state")
    assert "SD:MA-R" not in state_level.credentials
    sd = next(r for r in scope.summarize(kb, ON) if r.code == "SD")
    assert "SD:MA-R" not in sd.state_credentials


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["highest", "--weight", "eligibility=nan"], "number of 0 or more"),
        (["highest", "--weight", "renewal=-1"], "number of 0 or more"),
        (["plan", "--goal", "CMA", "--override", "program:ma-certificat.cost_usd=4000"], "program:ma-certificate"),
        (["plan", "--goal", "CMA", "--override", "program:ma-certificate.cost_usd=-5"], "number of 0 or more"),
        (["eligible", "--accreditation", "caahep"], "--program-status"),
        (["scope", "--state", "NY", "--task", "injection", "--credential", ""], "--credential is empty"),
        (["eligible", "--experience-months", "-5"], "--experience-months: '-5' is negative"),
        (["eligible", "--program-status", "graduated", "--graduated-on", "2026-02-30"], "--graduated-on"),
        (["wages", "--state", "TX", "--plot", "/nonexistent/dir/x.png"], "cannot write the chart"),
        (["kb", "check", "--older-than", "-1"], "0 or more"),
    ],
)
def test_bad_values_are_usage_errors(args: list[str], needle: str) -> None:
    result = invoke(args)
    assert result.exit_code == 2, result.output
    assert needle in result.stderr or needle in result.output


def test_a_credential_that_expires_before_it_was_earned_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("credentials:\n  - {id: CMA, earned: 2024-01-31, expires: 2020-01-31}\n")
    result = invoke(["eligible", "--profile", str(path)])
    assert result.exit_code == 2 and "expires (2020-01-31) is before earned" in result.stderr


def test_the_states_table_says_whose_injection_answer_it_shows() -> None:
    result = invoke(["states", "--json"])
    row = next(r for r in json.loads(result.stdout)["states"] if r["code"] == "WA")
    assert row["injection_no_credential"] == "not_allowed" and row["injection_confidence"] == "medium"
