"""Answers a person can act on: state credentials are credentials, unknowns stay unknown, the data is shown.

Every assertion reads the real knowledge base (or the CLI over it), so each one fails if the rule
it names is broken: a state credential refused, an unknown counted as zero, a field left unshown.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from fastapi.testclient import TestClient

from ma_ladder import ladder
from ma_ladder.kb import KnowledgeBase
from ma_ladder.paths import advisor, goals, planner, profile, steps
from ma_ladder.web.app import create_app
from ma_ladder.words import words

from .clirun import invoke

ON = date(2026, 11, 27)
ON_TEXT = ON.isoformat()


def _plan(kb: KnowledgeBase, raw: dict[str, object], goal: str, on: date = ON) -> planner.Plan:
    p = profile.normalise(kb, profile.from_dict(raw))
    return planner.plan(kb, p, goals.parse(kb, goal, p.state), on)


def _text(args: list[str]) -> str:
    result = invoke(args)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(autouse=True)
def _columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")


# 1. State credentials are credentials ------------------------------------------------------------


@pytest.mark.parametrize("goal", ["WA:MA-C", "ND:MA-III", "NE:MED-AIDE"])
def test_a_state_credential_is_a_goal_a_plan_reaches(kb: KnowledgeBase, goal: str) -> None:
    plan = _plan(kb, {"state": goal[:2], "high_school": True}, goal)
    assert plan.paths, plan.unreachable
    assert all(x.steps[-1].kind == "state_credential" and x.steps[-1].credential == goal for x in plan.paths)


def test_an_ended_state_credential_is_a_goal_no_plan_reaches_and_says_why(kb: KnowledgeBase) -> None:
    plan = _plan(kb, {"state": "SD", "high_school": True}, "SD:MA-R")
    assert not plan.paths and any("2021-07-01" in u for u in plan.unreachable)
    result = invoke(["plan", "--goal", "SD:MA-R", "--on", ON_TEXT])
    assert result.exit_code == 1 and "internal error" not in result.output and "2021-07-01" in result.stdout


def test_the_path_to_wa_ma_c_goes_through_a_national_credential_its_record_lists(kb: KnowledgeBase) -> None:
    _, sc = kb.state_credentials()["WA:MA-C"]
    plan = _plan(kb, {"state": "WA", "high_school": True}, "WA:MA-C")
    earned = {c for x in plan.paths for c in x.credentials if c in kb.credentials}
    assert earned and earned <= set(sc.satisfied_by)


def test_applying_for_a_state_credential_has_unknown_length_and_cost_never_zero(kb: KnowledgeBase) -> None:
    plan = _plan(kb, {"state": "WA", "high_school": True, "credentials": [{"id": "CMA"}]}, "WA:MA-C")
    apply = plan.paths[0].steps[-1]
    assert apply.kind == "state_credential"
    assert apply.months is None and apply.cost_usd is None
    assert apply.months_text == "unknown" and apply.cost_text == "unknown"
    assert plan.paths[0].months_text == "unknown" and plan.paths[0].cost_text == "unknown"
    assert plan.fastest is None and plan.cheapest is None


def test_plan_show_compare_and_eligible_take_wa_ma_c_on_the_command_line() -> None:
    plan = invoke(["plan", "--goal", "WA:MA-C", "--state", "WA", "--high-school"])
    assert plan.exit_code == 0 and "internal error" not in plan.output
    assert "Medical assistant-certified (Washington)" in plan.stdout
    shown = " ".join(_text(["show", "WA:MA-C"]).split())
    assert "Medical assistant-certified (Washington)" in shown and "unknown, not zero" in shown
    compared = _text(["compare", "WA:MA-C", "WA:MA-R"])
    assert "Medical assistant-registered (Washington)" in compared and "can't be compared" not in compared
    data = json.loads(invoke(["eligible", "--state", "WA", "--holds", "CMA", "--json"]).stdout)
    row = next(e for e in data["credentials"] if e["credential"] == "WA:MA-C")
    assert row["status"] == "eligible_to_confirm" and row["route"] == "CMA"
    assert row["name"] == "Medical assistant-certified (Washington)"


def test_show_wa_ma_c_json_holds_what_its_record_holds_and_no_invented_fees(kb: KnowledgeBase) -> None:
    data = json.loads(invoke(["show", "WA:MA-C", "--json"]).stdout)
    _, sc = kb.state_credentials()["WA:MA-C"]
    assert data["kind"] == "state_credential" and data["state"] == "WA"
    assert data["requires"] == list(sc.requires) and data["satisfied_by"] == list(sc.satisfied_by)
    assert data["as_of"] == sc.as_of.isoformat() and data["confidence"] == sc.confidence
    assert data["exam"] is None and data["fees"] is None and data["renewal"] is None
    assert [s["url"] for s in data["sources"]] == [s.url for s in sc.sources]


def test_compare_a_state_credential_leaves_fees_and_exam_unknown_not_zero() -> None:
    data = json.loads(invoke(["compare", "WA:MA-C", "CMA", "--json"]).stdout)
    rows = data["rows"]
    for row in ("fee_nonmember_usd", "exam_items", "renewal_fee_usd", "ten_year_cost_usd"):
        assert rows[row]["WA:MA-C"].startswith("unknown"), (row, rows[row])
        assert "$0" not in rows[row]["WA:MA-C"]
    assert "WA:MA-C" in rows["state_credentials"]["CMA"] and "CMA" in rows["state_credentials"]["WA:MA-C"]


def test_the_api_answers_for_state_credentials() -> None:
    client = TestClient(create_app())
    one = client.get("/api/v1/credentials/WA:MA-C")
    assert one.status_code == 200 and one.json()["name"] == "Medical assistant-certified (Washington)"
    both = client.get("/api/v1/compare?ids=WA:MA-C,WA:MA-R")
    assert both.status_code == 200 and both.json()["credentials"] == ["WA:MA-C", "WA:MA-R"]
    plan = client.post("/api/v1/plan?goal=WA:MA-C", json={"state": "WA", "high_school": True})
    assert plan.status_code == 200 and plan.json()["paths"]


def test_the_ladder_names_its_state_credentials(kb: KnowledgeBase) -> None:
    state = next(lvl for lvl in ladder.levels(kb) if lvl.id == "state")
    assert state.names["WA:MA-C"] == "Medical assistant-certified (Washington)"
    assert "WA:MA-C: Medical assistant-certified (Washington)" in _text(["ladder"])


def test_credentials_lists_the_state_issued_ones_too() -> None:
    data = json.loads(invoke(["credentials", "--json"]).stdout)
    assert "WA:MA-C" in {s["id"] for s in data["state_credentials"]}
    only_state = json.loads(invoke(["credentials", "--track", "state", "--json"]).stdout)
    assert not only_state["credentials"] and len(only_state["state_credentials"]) == len(data["state_credentials"])
    assert "Medical assistant-certified (Washington)" in _text(["credentials"])


# 2. Unknowns stay unknown ------------------------------------------------------------------------


def test_an_unknown_criterion_is_a_range_in_the_score_never_zero(kb: KnowledgeBase) -> None:
    ncma = next(s for s in ladder.rank(kb) if s.credential == "NCMA")
    renewal = next(p for p in ncma.parts if p.criterion == "renewal")
    assert ladder.ce_per_year(kb.credentials["NCMA"]) is None  # the data leaves NCMA's CE rule open
    assert renewal.unknown and (renewal.min, renewal.max) == (0.0, 1.0)
    assert ncma.min < ncma.total < ncma.max
    assert any("renewal" in u for u in ncma.unknown)


def test_every_known_criterion_is_a_single_value(kb: KnowledgeBase) -> None:
    cma = next(s for s in ladder.rank(kb) if s.credential == "CMA")
    assert all(p.unknown is None and p.min == p.max == p.value for p in cma.parts)
    assert cma.min == cma.max == cma.total


def test_highest_text_shows_the_range_and_says_how_unknowns_count() -> None:
    text = " ".join(_text(["highest", "--full"]).split())
    assert "renewal 0.00 (" not in text
    assert "renewal 0.00-1.00" in text
    assert "never as zero" in text and "ordered by the middle of each range" in text


def test_highest_fits_one_80_by_40_screen_without_full() -> None:
    lines = _text(["highest"]).splitlines()
    assert len(lines) <= 40, len(lines)
    assert all(len(line) <= 80 for line in lines)


def test_a_plan_whose_step_length_is_unknown_is_never_fastest_and_says_unknown(kb: KnowledgeBase) -> None:
    plan = _plan(kb, {"state": "ND", "high_school": True}, "ND:MA-III")
    assert plan.paths and all(not x.months_known for x in plan.paths)
    assert plan.fastest is None and any("none is marked fastest" in n for n in plan.notes)
    assert plan.paths[0].months_text == "unknown"
    text = _text(["plan", "--goal", "ND:MA-III", "--state", "ND", "--high-school"])
    assert "fastest" not in text.split("Sources")[0].replace("none is marked fastest", "")
    assert "unknown" in text


@pytest.mark.parametrize(
    ("raw", "goal"),
    [
        ({"state": "WA", "high_school": True}, "task:injection@WA"),
        ({"state": "TX", "high_school": True}, "CCMA"),
        ({"state": "TX", "high_school": True, "interests": ["ekg"]}, "cardiology"),
        ({"high_school": True}, "COMT"),
        ({"state": "WA", "high_school": True}, "WA:MA-C"),
    ],
)
def test_fastest_and_cheapest_are_only_ever_fully_known_paths(
    kb: KnowledgeBase, raw: dict[str, object], goal: str
) -> None:
    plan = _plan(kb, raw, goal)
    assert plan.paths
    if plan.fastest is not None:
        assert plan.paths[plan.fastest].months_known
    if plan.cheapest is not None:
        assert plan.paths[plan.cheapest].cost_known
    for x in plan.paths:
        assert x.months_known == all(s.months is not None for s in x.steps)
        assert x.cost_known == all(s.cost_usd is not None for s in x.steps)
        if not x.months_known:
            assert "0 months" not in x.months_text and (x.months_text == "unknown" or "at least" in x.months_text)
        if not x.cost_known:
            assert "$0" not in x.cost_text.split("(")[0] or x.cost_text.startswith("at least")


def test_an_unknown_exam_fee_reads_unknown_not_zero(kb: KnowledgeBase) -> None:
    # A year of MA work and the CCMA exam: the work is paid, and NHA's exam fee is not recorded.
    plan = _plan(kb, {"state": "TX", "high_school": True, "experience_months": {"medical_assisting": 12}}, "CCMA")
    work_only = [x for x in plan.paths if [s.kind for s in x.steps] == ["exam"]]
    assert work_only, [x.label for x in plan.paths]
    path = work_only[0]
    assert path.steps[0].cost_usd is None and not path.cost_known
    assert path.cost_text == "unknown" and path.steps[0].cost_text == "unknown"
    assert plan.cheapest is None or plan.paths[plan.cheapest] is not path


def test_a_marked_cheapest_path_comes_with_a_note_when_a_partly_unknown_one_might_be_cheaper(
    kb: KnowledgeBase,
) -> None:
    plan = _plan(kb, {"state": "TX", "high_school": True, "interests": ["ekg"]}, "cardiology")
    assert plan.cheapest is not None
    best = plan.paths[plan.cheapest]
    rivals = [i for i, x in enumerate(plan.paths) if not x.cost_known and x.cost_usd.min < best.cost_usd.mid]
    assert rivals, "the data no longer has a partly priced path cheaper in its known part"
    note = next(n for n in plan.notes if f"path {plan.cheapest + 1} is marked cheapest" in n)
    assert all(f"path {i + 1}" in note for i in rivals) and "could be lower" in note


def test_the_advice_never_calls_a_partly_unknown_path_fastest_or_cheapest(kb: KnowledgeBase) -> None:
    p = profile.normalise(kb, profile.from_dict({"state": "TX", "high_school": True, "interests": ["ekg"]}))
    recs = advisor.advise(kb, p, ON).recommendations
    assert recs
    for r in recs:
        assert r.fastest is None or r.fastest.months_known
        assert r.cheapest is None or r.cheapest.cost_known
        cost = next(x for x in r.reasons if x.factor == "cost")
        assert cost.known == (r.cheapest is not None)
        assert "$0 plus" not in cost.text and "unknown cost(s)" not in cost.text
        if r.cheapest is None:
            assert cost.score == advisor.UNKNOWN_SCORE and "none is cheapest" in cost.text


def test_a_budget_is_not_called_met_when_a_cost_is_unknown(kb: KnowledgeBase) -> None:
    plan = _plan(kb, {"state": "WA", "high_school": True, "budget_usd": 100000}, "WA:MA-C")
    assert plan.paths and all(x.fits_budget is None for x in plan.paths if not x.cost_known)


def test_span_text_shows_ranges_and_unknown() -> None:
    assert steps.span_text(steps.Span(9, 24)) == "9-24"
    assert steps.span_text(steps.Span(2100, 20000), "$") == "$2,100-$20,000"
    assert steps.span_text(None, "$") == "unknown"
    assert steps.months_text(steps.Span(9, 24), False).startswith("at least 9-24 months")
    assert steps.cost_text(steps.ZERO, False) == "unknown"


# 3. Show what the data holds ---------------------------------------------------------------------


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_show_prints_the_credential_notes_and_its_accreditation_dates_and_sources(kb: KnowledgeBase) -> None:
    c = kb.credentials["CMAC"]
    text = _flat(_text(["show", "CMAC"]))
    for note in c.notes:
        assert _flat(note) in text
    assert (
        c.accreditation.notes and _flat(c.accreditation.notes) in text
    )  # "NCCA accredited the CMAC on 8 October 2015"
    assert f"as of {c.accreditation.as_of}" in text
    assert all(s.url in text for s in c.accreditation.sources)


def test_show_prints_the_dated_renewal_rule_changes(kb: KnowledgeBase) -> None:
    history = kb.credentials["CMA"].renewal.history
    if not history:
        pytest.skip("the CMA record has no dated renewal changes")
    text = _flat(_text(["show", "CMA"]))
    assert all(f"Renewal rule from {h.date}" in text for h in history)


def test_every_field_an_organization_record_holds_is_in_its_text(kb: KnowledgeBase) -> None:
    import msgspec

    def strings(obj: object) -> list[str]:
        if isinstance(obj, msgspec.Struct):
            return [s for f in obj.__struct_fields__ if f != "sources" for s in strings(getattr(obj, f))]
        if isinstance(obj, list):
            return [s for item in obj for s in strings(item)]
        if isinstance(obj, str):
            return [obj]
        return []

    full = _flat(_text(["organizations", "--full"]))
    for o in kb.organizations.values():
        one = _flat(_text(["show", o.abbreviation]))
        for field in o.__struct_fields__:
            value = getattr(o, field)
            if field in ("id", "parent", "sources") or value is None:
                continue
            for s in strings(value):
                if s.startswith("http"):
                    assert s in one and s in full, (o.id, field, s)
                    continue
                expected = (words(s) if re.fullmatch(r"[a-z0-9]+(?:_[a-z0-9]+)+", s) else _flat(s)).lower()
                assert expected in one.lower(), (o.id, field, expected)
                assert expected in full.lower(), (o.id, field, expected)
        nested = [src for f in o.__struct_fields__ for src in getattr(getattr(o, f), "sources", [])]
        assert all(src.url in one for src in [*o.sources, *nested])
        assert all(src.date in one for src in o.sources if src.date)
        assert f"as of {o.as_of}" in one.lower()
        if o.parent:
            assert kb.organizations[o.parent].name in one


def test_a_plan_shows_the_dates_of_the_rules_it_cites() -> None:
    # On 2020-11-27 Washington's IV rule for the MA-C was the one in force 2013-07-01 to 2023-04-20.
    raw = ["plan", "--goal", "task:iv@WA", "--holds", "WA:MA-C", "--state", "WA", "--on", "2020-11-27"]
    text = _flat(_text(raw))
    assert "rule in force since 2013-07-01 until 2023-04-20" in text


def test_a_task_plan_names_the_federal_rule_and_the_dates_it_applied() -> None:
    text = _flat(_text(["plan", "--goal", "task:order_entry@TX", "--state", "TX", "--high-school"]))
    assert "applied from 2015-10-16 until" in text


# 4. Terminal output ------------------------------------------------------------------------------

IDS = re.compile(
    r"\b(?:not_eligible|eligible_to_confirm|allowed_with_conditions|physician_assistant|partly_true|order_entry|"
    r"certifying_body|professional_association|program_accreditor|exam_items|ten_year_cost_usd|fee_member_usd)\b"
    r"|route category-1"
)
MINE = [
    ["highest"],
    ["highest", "--full"],
    ["ladder"],
    ["credentials"],
    ["show", "CMA"],
    ["show", "CMA", "--full"],
    ["show", "WA:MA-C"],
    ["show", "AAMA"],
    ["compare", "CMA", "RMA", "WA:MA-C"],
    ["compare", "CMA", "RMA", "--full"],
    ["claims"],
    ["claims", "--full"],
    ["organizations"],
    ["organizations", "--full"],
    ["wages", "--state", "WA"],
]


@pytest.mark.parametrize("columns", ["80", "60"])
@pytest.mark.parametrize("args", MINE, ids=" ".join)
def test_text_has_no_internal_ids_and_fits_the_width(
    monkeypatch: pytest.MonkeyPatch, args: list[str], columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    text = _text(args)
    assert not IDS.search(text), IDS.search(text)
    too_long = [line for line in text.splitlines() if len(line) > int(columns) and "://" not in line]
    assert not too_long, too_long


def test_claims_without_full_is_a_summary_one_line_per_claim(kb: KnowledgeBase) -> None:
    lines = _text(["claims"]).splitlines()
    n = len(kb.claims)
    assert lines[0].startswith(f"{n} claim(s)") and "partly true" in lines[0]
    assert len(lines) <= n + 8
    full = _text(["claims", "--full"])
    assert len(full.splitlines()) > 3 * n and "Section:" in full


def test_show_and_compare_keep_the_rest_behind_full() -> None:
    assert "Items total" not in _text(["show", "CMA"]) and "Items total" in _text(["show", "CMA", "--full"])
    short, full = _text(["compare", "CMA", "RMA"]), _text(["compare", "CMA", "RMA", "--full"])
    assert "Passing score" not in short and "Passing score" in full


def test_wages_text_is_a_table_at_80_columns() -> None:
    lines = _text(["wages"]).splitlines()
    assert any(line.startswith("occupation") and "median" in line for line in lines), lines[:6]
