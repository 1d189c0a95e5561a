"""Score ``ask`` against ``tests/cases/questions.yaml``: by category, and every confidently wrong answer.

A case passes when the structured query has every key the case names, the decision is the case's,
every expected text is in the answer, and an unanswerable question gets "not sure". A case fails
*confidently* when the answer is marked sure and yet its decision is wrong, it answers about another
state, task, credential, career or date (so its figures are wrong), or the question was one the
product cannot answer: one such answer fails the evaluation. A sure answer that is true but not the
one asked for (the issuer, asked about the article's claim on the issuer) is a plain failure.

Run ``.venv/bin/python -m tests.askeval`` for the report.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

import msgspec
import yaml

from ma_ladder import serialize
from ma_ladder.ask import AskAnswer, ask
from ma_ladder.kb import KnowledgeBase, load

CASES = Path(__file__).parent / "cases" / "questions.yaml"
HOLDOUT = Path(__file__).parent / "cases" / "questions_holdout.yaml"  # written apart, never tuned on
NAMES = {"state", "task", "credential", "credentials", "career", "on"}  # wrong, they make a figure wrong


class Verdict(msgspec.Struct, frozen=True):
    case: dict[str, Any]
    ok: bool
    confidently_wrong: bool
    problems: list[str]


def cases(path: Path = CASES) -> list[dict[str, Any]]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8")))


def judge(kb: KnowledgeBase, case: dict[str, Any]) -> Verdict:
    a = ask(kb, case["q"])
    return verdict(case, a)


def verdict(case: dict[str, Any], a: AskAnswer) -> Verdict:
    problems = []
    wrong_name = False
    got = serialize.to_builtins(a.query)
    for key, want in (case.get("query") or {}).items():
        have = got.get(key)
        if key == "credentials":
            same = set(have or []) == set(want or [])
        elif key == "on":
            same = str(have) == str(want)
        else:
            same = have == want
        if not same:
            problems.append(f"query.{key}: got {have!r}, want {want!r}")
            wrong_name = wrong_name or key in NAMES
    expect = case.get("expect") or {}
    wrong_fact = False
    if "decision" in expect and a.decision != expect["decision"]:
        problems.append(f"decision: got {a.decision!r}, want {expect['decision']!r}")
        wrong_fact = True
    for text in expect.get("contains") or []:
        if str(text).lower() not in a.answer.lower():
            problems.append(f"answer lacks {text!r}")
            wrong_fact = wrong_fact or wrong_name  # an answer about another state or credential states its figures
    if expect.get("unsure") and a.sure:
        problems.append("answered as sure a question the data cannot answer")
        wrong_fact = True
    return Verdict(case, not problems, a.sure and wrong_fact, problems)


def report(verdicts: list[Verdict]) -> str:
    by: Counter[str] = Counter()
    good: Counter[str] = Counter()
    for v in verdicts:
        by[v.case["category"]] += 1
        good[v.case["category"]] += v.ok
    lines = [f"{'category':14} {'right':>6} {'of':>4} {'share':>7}"]
    for cat in sorted(by):
        lines.append(f"{cat:14} {good[cat]:6} {by[cat]:4} {good[cat] / by[cat]:7.1%}")
    total, right = len(verdicts), sum(v.ok for v in verdicts)
    lines.append(f"{'all':14} {right:6} {total:4} {right / max(total, 1):7.1%}")
    lines.append(f"confidently wrong: {sum(v.confidently_wrong for v in verdicts)}")
    return "\n".join(lines)


def main() -> None:
    kb = load()
    path = HOLDOUT if "--holdout" in sys.argv else CASES
    verdicts = [judge(kb, c) for c in cases(path)]
    print(f"{path.name}:")
    print(report(verdicts))
    for v in verdicts:
        if not v.ok:
            flag = "CONFIDENTLY WRONG " if v.confidently_wrong else ""
            print(f"- {flag}[{v.case['category']}] {v.case['q']}: {'; '.join(v.problems)}", file=sys.stderr)


if __name__ == "__main__":
    main()
