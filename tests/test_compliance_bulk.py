"""The whole-roster path (columnar evaluation) against the person-by-person one, on the real knowledge
base: generated rosters through the real importer, property tests with every kind of record, the date
core of a renewal status against the status itself, and the array helpers the columns are built with."""

from __future__ import annotations

import importlib.util
import random
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ma_ladder.compliance import bulk, columns, renewal, tasks
from ma_ladder.compliance.records import HeldCredential, StaffMember, TrainingRecord
from ma_ladder.errors import UnknownName
from ma_ladder.kb import KnowledgeBase
from ma_ladder.roster.importing import import_file

BENCH = Path(__file__).parents[1] / "bench"
ON = date(2026, 12, 1)


def _roster_data() -> ModuleType:
    spec = importlib.util.spec_from_file_location("roster_data", BENCH / "roster_data.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _one_by_one(kb: KnowledgeBase, people: list[StaffMember], on: date, window: int) -> tuple[list[Any], list[Any]]:
    status_rows: list[dict[str, Any]] = []
    task_rows: list[dict[str, Any]] = []
    for m in people:
        s, t = bulk.rows_for(kb, m, on, window)
        status_rows.extend(s)
        task_rows.extend(t)
    return status_rows, task_rows


def _counts(status_rows: list[dict[str, Any]], task_rows: list[dict[str, Any]]) -> dict[str, Any]:
    report = bulk.summary(status_rows, task_rows)
    return {**report, "flagged": len(report["flagged"])}


@pytest.fixture(scope="module")
def generated(kb: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory) -> list[StaffMember]:
    """Some 3,000 people from the benchmark's generator, read by the real importer."""
    path = tmp_path_factory.mktemp("roster") / "roster.csv"
    _roster_data().write(path, 6000)
    result = import_file(kb, path, "roster.csv", ON)
    assert not [i for i in result.issues if i.severity == "error"], result.issues[:3]
    return list(result.members)


@pytest.mark.parametrize("window", [90, 30])
def test_a_generated_roster_equals_person_by_person(
    kb: KnowledgeBase, generated: list[StaffMember], window: int
) -> None:
    assert len(generated) > 2500
    result = bulk.evaluate_columns(kb, generated, ON, window)
    status_rows, task_rows = result.status_rows(), result.task_rows()
    want = _one_by_one(kb, generated, ON, window)
    assert status_rows == want[0]
    assert task_rows == want[1]
    assert result.counts() == _counts(*want)
    assert (bulk.evaluate(kb, generated, ON, window)) == want
    # the roster exercises every status and decision, so the equality above means something
    assert set(result.counts()["statuses"]) == set(renewal.STATUSES)
    assert set(result.counts()["decisions"]) == set(bulk.DECISIONS)


def test_the_columns_share_answers(kb: KnowledgeBase, generated: list[StaffMember]) -> None:
    """Far fewer distinct answers than rows: the point of the columnar shape."""
    result = bulk.evaluate_columns(kb, generated, ON)
    assert len(result.row_answer) == sum(max(1, len(m.credentials)) for m in generated)
    assert len(result.pair_answer) == sum(len(set(m.tasks)) for m in generated)
    assert len(result.task_answers) < len(result.pair_answer) / 5
    assert result.flagged().sum() == sum(bulk.flagged(r) for r in result.task_rows())
    first = generated[0].credentials[0]
    key = result.status_key(int(result.row_answer[0]))
    assert key == (first.credential, renewal.cycle_start(first), first.expires)
    assert result.status_answer(int(result.row_answer[0])) == renewal.status(kb, first, ON)


_CREDS = ["CMA", "RMA", "RPT", "CCMA", "CET", "NCMA", "NCET", "CMAC", "CPT", "PBT", "CMM", "COA", "ABR-OE", "WA:MA-C"]
_STATES = ["CT", "NJ", "WA", "CA", "TX", "DC"]
_TASKS = ["injection", "venipuncture", "order_entry", "vital_signs", "iv", "xray"]
_DAYS = st.one_of(st.none(), st.dates(min_value=date(2003, 1, 1), max_value=date(2028, 12, 31)))


@st.composite
def _members(draw: st.DrawFn) -> StaffMember:
    held = draw(
        st.lists(st.builds(HeldCredential, st.sampled_from(_CREDS), st.none(), _DAYS, _DAYS, _DAYS), max_size=4)
    )
    training = draw(
        st.lists(
            st.builds(
                TrainingRecord,
                st.sampled_from(_TASKS),
                st.one_of(st.none(), st.sampled_from([0.0, 8, 10.0, 20.0, 32.0, 40.0])),
                _DAYS,
            ),
            max_size=3,
        )
    )
    return StaffMember(
        draw(st.text("abc123", min_size=1, max_size=4)),
        draw(st.sampled_from(["P", "Q"])),
        draw(st.sampled_from(_STATES)),
        credentials=tuple(held),
        training=tuple(training),
        tasks=tuple(draw(st.lists(st.sampled_from(_TASKS), max_size=5))),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    people=st.lists(_members(), max_size=12),
    on=st.dates(min_value=date(2008, 1, 1), max_value=date(2029, 1, 1)),
    window=st.sampled_from([0, 1, 30, 90, 365]),
)
def test_columns_equal_one_person_at_a_time(
    kb: KnowledgeBase, people: list[StaffMember], on: date, window: int
) -> None:
    """Card expiries, repeated credentials and tasks, several training records per task, state
    credentials, people with nothing: the columns give the same rows and counts as each person alone."""
    people = people + people[:3]
    result = bulk.evaluate_columns(kb, iter(people), on, window)
    want = _one_by_one(kb, people, on, window)
    assert result.status_rows() == want[0]
    assert result.task_rows() == want[1]
    assert result.counts() == _counts(*want)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    held=st.builds(HeldCredential, st.sampled_from(_CREDS), st.none(), _DAYS, _DAYS, _DAYS),
    on=st.dates(min_value=date(2005, 1, 1), max_value=date(2030, 1, 1)),
    window=st.sampled_from([0, 30, 90, 365]),
)
def test_the_date_core_decides_the_status(kb: KnowledgeBase, held: HeldCredential, on: date, window: int) -> None:
    """What the columns ask (the timing of a rule and three dates) is what the full status says."""
    s = renewal.status(kb, held, on, window)
    t = renewal.timing(renewal.date_rule(kb, held.credential), renewal.cycle_start(held), held.expires, on, window)
    assert (t.status, t.current, t.due, t.grace_until) == (s.status, s.current, s.due, s.grace_until)


def test_rule_ids_are_checked_like_the_status(kb: KnowledgeBase) -> None:
    assert renewal.date_rule(kb, "WA:MA-C") is None
    assert renewal.date_rule(kb, "CMA") == renewal.rule_of(kb.credentials["CMA"].renewal)
    with pytest.raises(UnknownName, match="Did you mean CMA"):
        renewal.date_rule(kb, "CMAA2")


def test_the_cycle_starts_at_the_last_renewal_else_the_first_certification() -> None:
    issued, renewed = date(2020, 1, 1), date(2022, 1, 1)
    assert renewal.cycle_start(HeldCredential("CMA", issued=issued, last_renewed=renewed)) == renewed
    assert renewal.cycle_start(HeldCredential("CMA", issued=issued)) == issued
    assert renewal.cycle_start(HeldCredential("CMA")) is None


def test_a_bad_name_is_the_same_error_as_person_by_person(kb: KnowledgeBase) -> None:
    """The first bad name in roster order is reported, whichever step of the columns met it first."""
    good = StaffMember("1", "A", "CT", credentials=(HeldCredential("CMA", issued=date(2024, 1, 1)),))
    bad_task = StaffMember("2", "B", "CT", credentials=(HeldCredential("CMA"),), tasks=("injections",))
    bad_credential = StaffMember("3", "C", "CT", credentials=(HeldCredential("CMAA2"),))
    bad_state = StaffMember("4", "D", "ZZ", tasks=("injection",))
    for people, match in (
        ([good, bad_task, bad_credential], "Did you mean injection"),
        ([good, bad_credential, bad_task], "Did you mean CMA"),
        ([bad_state, bad_task], "state"),
    ):
        with pytest.raises(UnknownName, match=match) as got:
            bulk.evaluate_columns(kb, people, ON)
        with pytest.raises(UnknownName) as want:
            _one_by_one(kb, people, ON, 90)
        assert str(got.value) == str(want.value)


def test_an_empty_roster(kb: KnowledgeBase) -> None:
    result = bulk.evaluate_columns(kb, [], ON)
    assert result.status_rows() == [] and result.task_rows() == []
    assert result.counts() == {"statuses": {}, "decisions": {}, "flagged": 0}
    nobody = bulk.evaluate_columns(kb, [StaffMember("1", "A", "TX")], ON)
    assert nobody.counts() == {"statuses": {"unknown": 1}, "decisions": {}, "flagged": 0}


def test_many_credentials_spread_over_mask_words(kb: KnowledgeBase) -> None:
    """More than 64 distinct credential codes need a second mask word; the sets must not mix up."""
    ids = sorted(kb.credentials) + sorted(kb.state_credential_ids())
    rnd = random.Random(7)
    people = [
        StaffMember(
            str(i),
            "P",
            rnd.choice(_STATES),
            credentials=tuple(
                HeldCredential(rnd.choice(ids), issued=date(2010, 1, 1) + timedelta(days=rnd.randrange(6000)))
                for _ in range(rnd.randint(0, 4))
            ),
            tasks=tuple(rnd.sample(_TASKS, 3)),
        )
        for i in range(400)
    ]
    words = columns.bits(np.array([0, 63, 64, 130], np.int32), 3)
    assert [w.tolist() for w in words] == [[1, 1 << 63, 0, 0], [0, 0, 1, 0], [0, 0, 0, 4]]
    assert columns.members_of([1 << 63 | 1, 4], [f"c{i}" for i in range(130)]) == {"c0", "c63", "c66"}
    result = bulk.evaluate_columns(kb, people, ON)
    assert (result.status_rows(), result.task_rows()) == _one_by_one(kb, people, ON, 90)


def test_factorize_by_table_and_by_sorting_agree() -> None:
    rnd = np.random.default_rng(3)
    keys = rnd.integers(0, 5000, 20_000).astype(np.int64)
    by_table = columns.factorize(keys, 5000)
    by_sorting = columns.factorize(keys)
    assert np.array_equal(by_table[0], by_sorting[0]) and np.array_equal(by_table[1], by_sorting[1])
    distinct, inverse = by_table
    assert np.array_equal(distinct[inverse], keys)
    assert np.array_equal(distinct, np.unique(keys))
    empty = columns.factorize(np.zeros(0, np.int64))
    assert len(empty[0]) == len(empty[1]) == 0


def test_keys_widen_when_the_space_is_large() -> None:
    a = np.array([0, 70_000, 69_999], np.int32)
    small, space = columns.key((a, 70_001), (np.array([1, 2, 3], np.int32), 4))
    assert small.dtype == np.int32 and space == 280_004 and small.tolist() == [1, 280_002, 279_999]
    wide, space = columns.key((a, 70_001), (a, 70_001))
    assert wide.dtype == np.int64 and space == 70_001**2 and wide.tolist() == [0, 70_000 * 70_002, 69_999 * 70_002]


def test_combine_groups_equal_rows() -> None:
    a = np.array([0, 1, 0, 1, 0], np.int32)
    b = np.array([2, 2, 2, 0, 2], np.int32)
    code, rep = columns.combine((a, 2), (b, 3))
    assert code.tolist() == [0, 2, 0, 1, 0]  # codes in the order of the combined keys
    assert [(a[r], b[r]) for r in rep.tolist()] == [(0, 2), (1, 0), (1, 2)]
    assert columns.first_given(np.array([0, 3, 0]), np.array([5, 6, 0])).tolist() == [5, 3, 0]


def test_task_steps_compose_to_the_check(kb: KnowledgeBase) -> None:
    """The three steps the columns ask separately are exactly :func:`tasks.check_task`."""
    current, unknown = frozenset({"CCMA"}), frozenset({"CMA", "WA:MA-C"})
    best = tasks.best_held(kb, "WA", "injection", current, ON)
    better = tasks.better_unknown(kb, "WA", "injection", best, unknown, ON)
    assert better and all(c in unknown for c in better)
    assert tasks.decided(kb, "WA", "injection", best, better, 8.0, ON) == tasks.check_task(
        kb, "WA", "injection", current, unknown, 8.0, ON
    )
