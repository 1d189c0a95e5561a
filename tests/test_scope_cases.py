"""Table-driven rule cases: every ``cases/scope/*.yaml`` case must hold on the real data.

Case names are sentences that give the reason, so a failure reads as the rule that broke.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ma_ladder import scope
from ma_ladder.errors import UnknownName
from ma_ladder.kb import KnowledgeBase
from ma_ladder.kb.schema import TASK_IDS

from .caseload import load_cases

CASE_DIR = Path(__file__).parent / "cases" / "scope"
FIELDS = {"name", "state", "task", "credential", "on", "decision", "basis", "by_credential", "takes", "mentions"}


def _cases() -> list[Any]:
    out = []
    for path in sorted(CASE_DIR.glob("*.yaml")):
        for i, case in enumerate(load_cases(path)):
            out.append(pytest.param(case, id=f"{path.stem}:{i}:{case.get('name', '?')[:60]}"))
    return out


CASES = _cases()


@pytest.mark.parametrize("case", CASES)
def test_rule_case(kb: KnowledgeBase, case: dict[str, Any]) -> None:
    assert set(case) <= FIELDS, f"unknown keys in case: {set(case) - FIELDS}"
    on = case.get("on")
    if isinstance(on, str):
        on = date.fromisoformat(on)
    answer = scope.evaluate(kb, case["state"], case["task"], case.get("credential"), on or date.today())
    assert answer.decision == case["decision"], f"{case['name']}: got {answer.decision}, conditions {answer.conditions}"
    if "basis" in case:
        assert answer.basis == case["basis"]
    assert answer.citations, "every answer carries a citation"
    for words in case.get("mentions") or []:  # what the conditions must tell the person, in these words
        assert any(words in c for c in answer.conditions), f"{case['name']}: {words!r} not in {answer.conditions}"
    if "credential" not in case:  # the general question
        got = {b.credential: b.decision for b in answer.by_credential or []}
        assert got["none"] == scope.evaluate(kb, case["state"], case["task"], "none", on).decision
        for credential, decision in (case.get("by_credential") or {}).items():
            assert got.get(credential) == decision, f"{case['name']}: {credential} got {got.get(credential)}"
        if "takes" in case:
            first = answer.conditions[0]
            assert case["takes"] in first and first.startswith("It takes"), answer.conditions


def test_every_jurisdiction_has_at_least_three_cases(kb: KnowledgeBase) -> None:
    counts: dict[str, int] = {}
    for param in CASES:
        case = param.values[0]
        counts[case["state"]] = counts.get(case["state"], 0) + 1
    short = {code: counts.get(code, 0) for code in kb.states if counts.get(code, 0) < 3}
    assert not short, f"jurisdictions with fewer than three cases: {short}"


def test_every_injection_change_is_tested_on_both_sides(kb: KnowledgeBase) -> None:
    """A dated injection rule needs a case before and after each date on which it changes."""
    missing = []
    for code, st in kb.states.items():
        starts = sorted(st.tasks["injection"])
        days = [
            p.values[0]["on"]
            for p in CASES
            if p.values[0]["state"] == code and p.values[0]["task"] == "injection" and p.values[0].get("on")
        ]
        days = [date.fromisoformat(d) if isinstance(d, str) else d for d in days]
        for start in starts[1:]:
            if not any(d < start for d in days) or not any(d >= start for d in days):
                missing.append(f"{code} {start}")
    assert not missing, f"injection changes without a case on both sides: {missing}"


def test_the_matrix_agrees_with_evaluate_everywhere(kb: KnowledgeBase) -> None:
    """The fast matrix shares its decision logic with evaluate; check every cell on two dates."""
    for on in (date(2015, 1, 1), date(2026, 11, 27)):
        for cell in scope.matrix(kb, on):
            full = scope.evaluate(kb, cell.state, cell.task, cell.credential, on)
            assert (cell.decision, cell.basis, cell.confidence) == (full.decision, full.basis, full.confidence), cell


def test_a_variant_answer_also_reports_the_answer_without_a_credential(kb: KnowledgeBase) -> None:
    with_credential = scope.evaluate(kb, "WA", "injection", "WA:MA-C", date(2026, 11, 27))
    without = scope.evaluate(kb, "WA", "injection", "none", date(2026, 11, 27))
    assert with_credential.variant and with_credential.base_decision == without.decision
    assert with_credential.base_conditions == without.conditions


def test_the_general_answer_is_the_best_any_credential_gets_everywhere(kb: KnowledgeBase) -> None:
    """No credential given: never "not allowed" where some credential allows it, and never more than one allows."""
    rank = scope.DECISION_RANK
    for on in (date(2015, 1, 1), date(2026, 11, 27)):
        cells: dict[tuple[str, str], dict[str | None, str]] = {}
        for cell in scope.matrix(kb, on):
            cells.setdefault((cell.state, cell.task), {})[cell.credential] = cell.decision
        for (state, task), by in cells.items():
            general = by.pop(None)
            top = max(by.values(), key=rank.__getitem__)
            expected = "allowed_with_conditions" if top == "allowed" and by["none"] != "allowed" else top
            assert general == expected, (state, task, on, general, by)


def test_a_general_answer_names_what_it_takes_first_and_who_gets_what(kb: KnowledgeBase) -> None:
    answer = scope.evaluate(kb, "CT", "injection", None, date(2026, 11, 27))
    assert answer.decision == "allowed_with_conditions" and answer.credential is None
    assert answer.conditions[0].startswith("It takes holding CMA, RMA, CCMA, NCMA or CMAC")
    assert [b.credential for b in answer.by_credential or []][-1] == "none"
    none = scope.evaluate(kb, "CT", "injection", "none", date(2026, 11, 27))
    assert none.decision == "not_allowed" and none.credential == "none" and none.by_credential is None


def test_a_state_and_a_task_in_full_are_the_answers_evaluate_gives_one_by_one(kb: KnowledgeBase) -> None:
    """``for_state`` and ``for_task`` check the names once and call the engine's core directly: what
    they give must stay exactly what twenty (or fifty-one) calls of :func:`scope.evaluate` give."""
    credentials = [None, "none", "CMA", "WA:MA-C", "ND:MA-III"]
    for on in (date(2015, 1, 1), date(2026, 11, 27)):
        for credential in credentials:
            for state in kb.states:
                one_by_one = [scope.evaluate(kb, state, t, credential, on) for t in TASK_IDS]
                assert scope.for_state(kb, state, credential, on) == one_by_one, (state, credential, on)
            for task in TASK_IDS:
                one_by_one = [scope.evaluate(kb, s, task, credential, on) for s in sorted(kb.states)]
                assert scope.for_task(kb, task, credential, on) == one_by_one, (task, credential, on)


def test_a_state_or_task_in_full_still_refuses_names_it_does_not_know(kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownName, match="credential") as raised:
        scope.for_state(kb, "WA", "CMX")
    assert "CMA" in raised.value.suggestions
    with pytest.raises(UnknownName, match="credential"):
        scope.for_task(kb, "injection", "CMX")
    with pytest.raises(UnknownName, match="state"):
        scope.for_state(kb, "XX")
    with pytest.raises(UnknownName, match="task"):
        scope.for_task(kb, "injections_galore")
