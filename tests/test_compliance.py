"""The compliance engine on the real knowledge base: table-driven renewal and task cases (YAML), the
CMS order-entry rule, the bulk rows, and a property test that the bulk path equals the per-person one."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from ma_ladder.compliance import bulk, cms, renewal, tasks
from ma_ladder.compliance.records import HeldCredential, StaffMember, TrainingRecord
from ma_ladder.errors import UnknownName
from ma_ladder.kb import KnowledgeBase
from ma_ladder.scope import DISCLAIMER

CASES = Path(__file__).parent / "cases"


def _load(path: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text())
    assert isinstance(data, list), f"{path}: a case file is a list of cases"
    return [{**c, "_file": path.name} for c in data]


RENEWAL = [c for p in sorted((CASES / "renewal").glob("*.yaml")) for c in _load(p)]
TASKS = _load(CASES / "compliance_tasks.yaml")


def _held(c: dict[str, Any]) -> HeldCredential:
    return HeldCredential(
        c["credential"], issued=c.get("issued"), last_renewed=c.get("last_renewed"), expires=c.get("expires")
    )


def test_case_ids_are_unique() -> None:
    ids = [c["id"] for c in RENEWAL + TASKS]
    assert len(ids) == len(set(ids))


def test_every_credential_has_a_renewal_case(kb: KnowledgeBase) -> None:
    covered = {c["credential"] for c in RENEWAL}
    assert set(kb.credentials) - covered == set()


@pytest.mark.parametrize("case", RENEWAL, ids=[c["id"] for c in RENEWAL])
def test_renewal_case(kb: KnowledgeBase, case: dict[str, Any]) -> None:
    s = renewal.status(kb, _held(case), case["date"], case.get("window", 90))
    assert s.status == case["status"], s.reason
    if "due" in case:
        assert s.due == case["due"], s.reason
    if "grace_until" in case:
        assert s.grace_until == case["grace_until"], s.reason
    for text in case.get("reason_contains", []):
        assert text in s.reason
    for text in case.get("needs_contains", []):
        assert any(text in n for n in s.needs), s.needs
    assert s.reason and s.citations, "every status says why and cites its sources"
    assert s.current is (True if s.status in ("current", "expiring") else s.current)
    if s.status in ("grace", "lapsed"):
        assert s.current is False


def _member(m: dict[str, Any]) -> StaffMember:
    return StaffMember(
        m["staff_id"],
        m["name"],
        m["state"],
        credentials=tuple(_held(c) for c in m.get("credentials", [])),
        training=tuple(TrainingRecord(t["task"], t.get("hours")) for t in m.get("training", [])),
        tasks=tuple(m.get("tasks", [])),
    )


@pytest.mark.parametrize("case", TASKS, ids=[c["id"] for c in TASKS])
def test_task_case(kb: KnowledgeBase, case: dict[str, Any]) -> None:
    member, on = _member(case["member"]), case["date"]
    statuses = [renewal.status(kb, h, on) for h in member.credentials]
    checks = tasks.check_tasks(kb, member, statuses, on)
    assert [c.task for c in checks] == [e["task"] for e in case["expect"]]
    for check, want in zip(checks, case["expect"], strict=True):
        assert check.decision == want["decision"], check.conditions
        assert check.credential == want["credential"]
        if "unmet" in want:
            assert check.unmet == want["unmet"]
        for text in want.get("unmet_contains", []):
            assert any(text in u for u in check.unmet), check.unmet
        for text in want.get("conditions_contains", []):
            assert any(text in c for c in check.conditions), check.conditions
        assert check.disclaimer == DISCLAIMER
        assert check.citations


def test_month_arithmetic() -> None:
    assert renewal.add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert renewal.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert renewal.add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert renewal.add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert renewal.month_end(date(2025, 1, 1), 1) == date(2025, 2, 28)
    assert renewal.month_end(date(2023, 12, 15), 2) == date(2024, 2, 29)


def test_unknown_names_are_clear_errors(kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownName, match="Did you mean CMA"):
        renewal.status(kb, HeldCredential("CMAA2"), date(2026, 1, 1))
    member = StaffMember("1", "A", "CT", tasks=("injections",))
    with pytest.raises(UnknownName, match="injection"):
        tasks.check_tasks(kb, member, [], date(2026, 1, 1))
    with pytest.raises(UnknownName, match="state"):
        tasks.check_tasks(kb, StaffMember("1", "A", "ZZ", tasks=("injection",)), [], date(2026, 1, 1))


def _cms(kb: KnowledgeBase, held: list[HeldCredential], on: date) -> dict[str, cms.CmsCheck]:
    return {c.rule: c for c in cms.order_entry(kb, [renewal.status(kb, h, on) for h in held], on)}


def test_cms_order_entry_by_date(kb: KnowledgeBase) -> None:
    cma = [HeldCredential("CMA", issued=date(2014, 3, 1))]
    mid = _cms(kb, cma, date(2016, 6, 1))
    assert mid["cms-cpoe-medicare"].applies and mid["cms-cpoe-medicare"].counted is True
    assert mid["cms-cpoe-medicaid"].credentials == ["CMA"]
    after_medicare = _cms(kb, [HeldCredential("CMA", issued=date(2018, 3, 1))], date(2020, 1, 1))
    assert not after_medicare["cms-cpoe-medicare"].applies
    assert "until 2019-01-01" in after_medicare["cms-cpoe-medicare"].in_force
    assert after_medicare["cms-cpoe-medicaid"].counted is True
    gone = _cms(kb, cma, date(2023, 1, 1))
    assert all(not c.applies and c.counted is None for c in gone.values())
    assert "until 2022-01-01" in gone["cms-cpoe-medicaid"].reason
    early = _cms(kb, [HeldCredential("CMA", issued=date(2011, 3, 1))], date(2012, 6, 1))
    assert early["cms-cpoe-medicare"].applies and early["cms-cpoe-medicare"].counted is False
    before = _cms(kb, cma, date(2010, 6, 1))
    assert not before["cms-cpoe-medicare"].applies and "2011-01-01" in before["cms-cpoe-medicare"].reason


def test_cms_unknown_and_uncounted(kb: KnowledgeBase) -> None:
    on = date(2016, 6, 1)
    unknown = _cms(kb, [HeldCredential("CMA")], on)["cms-cpoe-medicare"]
    assert unknown.counted is None and "Depends on CMA" in unknown.reason
    phlebotomist = _cms(kb, [HeldCredential("CPT", issued=date(2015, 1, 1))], on)["cms-cpoe-medicare"]
    assert phlebotomist.counted is False
    lapsed = _cms(kb, [HeldCredential("CMA", issued=date(2008, 1, 1), expires=date(2013, 1, 31))], on)
    assert lapsed["cms-cpoe-medicare"].counted is False


STATUS_KEYS = [
    "staff_id",
    "name",
    "state",
    "credential",
    "status",
    "due",
    "needs",
    "grace_until",
    "reason",
    "citations",
]
TASK_KEYS = [
    "staff_id",
    "name",
    "state",
    "task",
    "decision",
    "conditions",
    "unmet",
    "credential",
    "citations",
    "disclaimer",
]


def test_rows_have_the_public_shape(kb: KnowledgeBase) -> None:
    on = date(2026, 12, 2)
    people = [_member(c["member"]) for c in TASKS] + [StaffMember("x", "Nobody", "TX", tasks=("vital_signs",))]
    status_rows, task_rows = bulk.evaluate(kb, people, on)
    assert all(list(r) == STATUS_KEYS for r in status_rows)
    assert all(list(r) == TASK_KEYS for r in task_rows)
    nobody = [r for r in status_rows if r["staff_id"] == "x"]
    assert nobody == [
        {
            "staff_id": "x",
            "name": "Nobody",
            "state": "TX",
            "credential": None,
            "status": "unknown",
            "due": None,
            "needs": ["no credential on the roster"],
            "grace_until": None,
            "reason": "The roster lists no credential for this person.",
            "citations": [],
        }
    ]
    assert all(set(c) == {"title", "url"} for r in status_rows + task_rows for c in r["citations"])
    report = bulk.summary(status_rows, task_rows)
    assert sum(report["statuses"].values()) == len(status_rows)
    flagged_ids = {r["staff_id"] for r in report["flagged"]}
    assert {"2", "3", "4"} <= flagged_ids and "1" not in flagged_ids


# The property that the whole-roster path equals the one-person path is in test_compliance_bulk.py.


def test_bulk_shares_answers_for_repeated_inputs(kb: KnowledgeBase) -> None:
    """A big roster of repeated records costs one computation per distinct input."""
    on = date(2026, 12, 2)
    base = date(2020, 1, 1)
    people = [
        StaffMember(
            str(i),
            "P",
            "CT",
            credentials=(HeldCredential("CMA", issued=base + timedelta(days=i % 50)),),
            tasks=("injection",),
        )
        for i in range(5000)
    ]
    status_rows, task_rows = bulk.evaluate(kb, people, on)
    assert len(status_rows) == len(task_rows) == 5000
    assert len({id(r["needs"]) for r in status_rows}) <= 50
    assert len({id(r["conditions"]) for r in task_rows}) <= 2
