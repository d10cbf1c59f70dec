"""The accumulation rule: crates per visit."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from logistics_opt.volumes import apportion, crates, gaps, visits

WD = ("mon", "tue", "wed", "thu", "fri")


def test_gaps_mon_thu() -> None:
    """Mon+Thu: Monday carries Fri+Mon (2 days), Thursday Tue-Thu (3 days)."""
    assert gaps(("mon", "thu"), WD) == [2, 3]


def test_gaps_single_visit_is_whole_week() -> None:
    """A branch visited once a week carries five days at that visit."""
    assert gaps(("wed",), WD) == [5]


def test_visits_hand_checked() -> None:
    """100 sent / 71 received on Mon+Thu: 40/60 and 28/43 items, crates rounded up per visit."""
    mon, thu = visits(("thu", "mon"), sent=100, received=71, working_days=WD, items_per_crate=35)
    assert (mon.day, mon.pickup_items, mon.deliver_items) == ("mon", 40, 28)
    assert (thu.day, thu.pickup_items, thu.deliver_items) == ("thu", 60, 43)
    assert (mon.pickup_crates, mon.deliver_crates, thu.pickup_crates, thu.deliver_crates) == (2, 1, 2, 2)


def test_crates_part_filled_crate_counts() -> None:
    """One item needs a crate; none needs none; 35 fit exactly in one."""
    assert (crates(0, 35), crates(1, 35), crates(35, 35), crates(36, 35)) == (0, 1, 1, 2)


@given(st.integers(0, 10_000), st.lists(st.integers(1, 5), min_size=1, max_size=5))
def test_apportion_adds_up(total: int, weights: list[int]) -> None:
    """Largest-remainder split keeps every item and stays within one of the exact share."""
    parts = apportion(total, weights)
    assert sum(parts) == total
    for p, w in zip(parts, weights):
        assert abs(p - total * w / sum(weights)) < 1
