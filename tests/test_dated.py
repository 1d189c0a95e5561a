"""Properties of dated values: the newest start on or before the date wins; ends are derived."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from ma_ladder.scope.dated import in_force

DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1))


@given(st.dictionaries(DAYS, st.integers() | st.none(), min_size=1, max_size=8), DAYS)
def test_newest_start_on_or_before_the_date_wins(values: dict[date, int | None], on: date) -> None:
    got = in_force(values, on)
    earlier = [d for d in values if d <= on]
    if not earlier:
        assert got is None
        return
    assert got is not None
    assert got.start == max(earlier)
    assert got.value == values[got.start]
    later = [d for d in values if d > got.start]
    assert got.end == (min(later) if later else None)


def test_a_repeal_is_in_force_from_its_date() -> None:
    values: dict[date, str | None] = {date(2010, 1, 1): "rule", date(2021, 7, 1): None}
    before, after = in_force(values, date(2021, 6, 30)), in_force(values, date(2021, 7, 1))
    assert before is not None and before.value == "rule" and before.end == date(2021, 7, 1)
    assert after is not None and after.value is None
