"""Questions in plain English: the evaluation set, the interfaces, and the parts that must not guess."""

from __future__ import annotations

import json
from datetime import date

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from ma_ladder.ask import ask, understand
from ma_ladder.kb import KnowledgeBase, load
from ma_ladder.web.app import create_app

from . import askeval
from .clirun import invoke


def test_the_evaluation_set_is_large_and_covers_every_category() -> None:
    cases = askeval.cases()
    assert len(cases) >= 300
    cats = {c["category"] for c in cases}
    assert {"scope", "credential", "comparison", "pay", "careers", "claims", "unanswerable"} <= cats
    for c in cases:
        assert c["q"].strip() and c["query"]["intent"] and "expect" in c, c


def test_at_least_95_percent_right_and_nothing_confidently_wrong(kb: KnowledgeBase) -> None:
    verdicts = [askeval.judge(kb, c) for c in askeval.cases()]
    right = sum(v.ok for v in verdicts) / len(verdicts)
    confident = [f"{v.case['q']}: {v.problems}" for v in verdicts if v.confidently_wrong]
    print(askeval.report(verdicts))
    assert not confident, f"confidently wrong answers: {confident[:10]}"
    failures = [f"{v.case['q']}: {v.problems}" for v in verdicts if not v.ok]
    assert right >= 0.95, f"{right:.1%} right; first failures: {failures[:10]}"


def test_the_held_out_set_has_no_confidently_wrong_answer(kb: KnowledgeBase) -> None:
    """80 questions written apart from the parser; its first run scored 87.5% with 3 confidently wrong."""
    verdicts = [askeval.judge(kb, c) for c in askeval.cases(askeval.HOLDOUT)]
    assert len(verdicts) >= 80
    assert not [v.case["q"] for v in verdicts if v.confidently_wrong]
    assert sum(v.ok for v in verdicts) / len(verdicts) >= 0.9


def test_the_judge_fails_a_wrong_decision_given_as_sure(kb: KnowledgeBase) -> None:
    case = {"q": "can a cma give flu shots in new york", "category": "scope",
            "query": {"intent": "scope", "state": "NY"}, "expect": {"decision": "allowed"}}  # fmt: skip
    v = askeval.judge(kb, case)
    assert not v.ok and v.confidently_wrong


@pytest.mark.parametrize(
    ("question", "intent", "fields"),
    [
        ("can a cma give flu shots in new york", "scope", {"state": "NY", "task": "injection", "credential": "CMA"}),
        ("can MAs draw blood in Calfornia", "scope", {"state": "CA", "task": "venipuncture", "credential": None}),
        ("can an uncertified MA give shots in NJ", "scope", {"state": "NJ", "credential": "none"}),
        ("can an ma do triage in MA", "scope", {"state": "MA", "task": "triage"}),
        ("can medical assistants give injections in NYC", "scope", {"state": "NY"}),
        ("injections in texas in 2015", "scope", {"state": "TX", "on": date(2015, 1, 1)}),
        ("how long is a CMA good for", "credential", {"credential": "CMA", "fact": "renewal"}),
        ("who runs the rma exam", "credential", {"credential": "RMA", "fact": "issuer"}),
        ("is RMA or CMA better", "compare", {"credentials": ["RMA", "CMA"]}),
        ("what does a phlebotomist make in Texas", "wages", {"state": "TX", "career": "phlebotomist"}),
        ("what is the highest level of medical assistant", "highest", {}),
        ("will AI replace medical assistants", "none", {}),
    ],
)
def test_questions_become_structured_queries(kb: KnowledgeBase, question: str, intent: str, fields: dict) -> None:
    q = understand(kb, question)
    assert q.intent == intent, q
    for k, v in fields.items():
        assert getattr(q, k) == v, (k, q)


def test_a_question_about_the_general_case_gets_the_general_answer(kb: KnowledgeBase) -> None:
    a = ask(kb, "can a medical assistant in connecticut give vaccines")
    assert a.decision == "allowed_with_conditions" and a.sure
    assert "It takes holding CMA" in a.answer and a.citations and a.disclaimer


def test_an_unanswerable_question_says_it_is_not_sure_and_shows_the_closest_facts(kb: KnowledgeBase) -> None:
    a = ask(kb, "which medical assisting school in ohio is the best")
    assert not a.sure and a.answer.startswith("I'm not sure") and a.decision is None


def test_ask_json_follows_the_public_contract() -> None:
    r = invoke(["ask", "how long is a CMA good for", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert {"question", "answer", "decision", "query", "citations", "confidence"} <= set(d)
    assert d["query"]["credential"] == "CMA" and "60 months" in d["answer"]


def test_ask_batch_prints_one_json_object_per_line_in_order(tmp_path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "q.txt"
    f.write_text("how long is a CMA good for\n\nlpn salary in ohio\nblah blah\n", encoding="utf-8")
    r = invoke(["ask", "--batch", str(f), "--json"])
    assert r.exit_code == 0, r.output
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["question"] for x in lines] == ["how long is a CMA good for", "lpn salary in ohio", "blah blah"]


@pytest.mark.parametrize(
    "args", [["ask"], ["ask", "   "], ["ask", "x", "--batch", "f"], ["ask", "--batch", "/no/such"]]
)
def test_ask_bad_usage_is_exit_2(args: list[str]) -> None:
    r = invoke(args)
    assert r.exit_code == 2 and "Traceback" not in r.output


def test_the_api_and_the_page_answer_the_same() -> None:
    c = TestClient(create_app())
    api = c.get("/api/v1/ask", params={"q": "can a cma give flu shots in new york"})
    assert api.status_code == 200 and api.json()["decision"] == "not_allowed"
    page = c.get("/ask", params={"q": "can a cma give flu shots in new york"})
    assert page.status_code == 200 and api.json()["answer"].split(".")[0] in page.text
    assert c.get("/api/v1/ask").status_code == 422
    assert 'action="/ask"' in c.get("/states/TX").text  # the box is on every page


def test_show_takes_a_career_and_prints_its_bls_outlook() -> None:
    r = invoke(["show", "phlebotomist", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["id"] == "phlebotomist" and d["outlook"]["soc"] == "31-9097" and d["sources"]
    text = invoke(["show", "Phlebotomist (phlebotomy technician)"])
    assert text.exit_code == 0 and "Projected growth (%)" in text.stdout
    assert invoke(["show", "phlebotomista"]).exit_code == 2


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_ask_answers_anything_typed_without_raising(text: str) -> None:
    a = ask(load(), text)
    assert 0 <= a.confidence <= 1 and (a.sure or a.answer.startswith("I'm not sure") or not text.strip())


@pytest.mark.parametrize("fact", ["renewal", "eligibility", "fees", "summary"])
def test_a_state_credential_question_says_what_its_record_holds_and_no_more(kb: KnowledgeBase, fact: str) -> None:
    words = {"renewal": "how long is the", "eligibility": "requirements for the", "fees": "how much is the",
             "summary": "what is the"}  # fmt: skip
    a = ask(kb, f"{words[fact]} ma-c in washington")
    assert a.query.credential == "WA:MA-C", a.query
    assert "Washington" in a.answer
    if fact in ("renewal", "fees"):
        assert "unknown, not zero" in a.answer


@pytest.mark.parametrize(
    ("question", "state", "task", "credential"),
    [
        ("can an SD:MA-R give injections in Washington", "WA", "injection", "SD:MA-R"),  # a typed prefix is kept
        ("can a WA:MA-R give injections in South Dakota", "SD", "injection", "WA:MA-R"),
        ("can an MA-R give injections in Washington", "WA", "injection", "WA:MA-R"),  # a bare short name is local
        ("can a CMA from Texas give injections in New York", "NY", "injection", "CMA"),  # the state after "in"
        ("my manager wants me to give flu shots in houston, is that legal for me", "TX", "injection", None),
        ("can a \uff23\uff2d\uff21 give flu shots in \uff2e\uff39", "NY", "injection", "CMA"),  # full-width
    ],
)
def test_review_findings_names(kb: KnowledgeBase, question: str, state: str, task: str, credential: str) -> None:
    """Each was a confidently wrong answer found in review; the decision must be scope's own."""
    from ma_ladder import scope

    a = ask(kb, question)
    assert (a.query.state, a.query.task, a.query.credential) == (state, task, credential), a.query
    assert a.decision == scope.evaluate(kb, state, task, credential).decision


@pytest.mark.parametrize(
    "question",
    [
        "could a medical assistant give injections in Washington on 2012-02-30",  # not a date
        "can an MA give shots in Texas or in New York? no wait, Texas and New York",
        "can a cma give flu shots in texas in 2999",  # the law of a year to come
    ],
)
def test_what_cannot_be_answered_as_asked_is_not_sure(kb: KnowledgeBase, question: str) -> None:
    a = ask(kb, question)
    assert not a.sure and a.decision is None, (a.confidence, a.query)


def test_review_findings_text(kb: KnowledgeBase) -> None:
    """No crash on a credential without an exam; no object text; no misleading yes; a number is not a year."""
    assert "no exam" in ask(kb, "how many questions on the ABR-OE exam").answer
    assert "Unclear(" not in ask(kb, "how long does the CCMA last").answer
    illegal = ask(kb, "is it illegal for an MA to start IVs in California")
    assert not illegal.answer.startswith(("Yes", "No")) and illegal.decision == "not_allowed"
    assert ask(kb, "can an MA give injections in WA after 2000 hours of training").query.on is None
    assert ask(kb, "how long is the CMA good for?").query.fact == "renewal"
    assert ask(kb, "does a CMA need to renew").query.fact == "renewal"
    odd = ask(kb, "can a cma \udcff give shots in NY")
    assert "\udcff" not in odd.question and json.loads(json.dumps(odd.question))


def test_one_bad_line_never_loses_a_batch(tmp_path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "q.txt"
    f.write_text("can a cma give shots in NY\nhow many questions on the ABR-OE exam\n", encoding="utf-8")
    r = invoke(["ask", "--batch", str(f), "--json"])
    assert r.exit_code == 0 and len(r.stdout.splitlines()) == 2
