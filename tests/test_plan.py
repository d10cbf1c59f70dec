"""Route timing by the semantics: travel, waiting for opening, one break."""

from __future__ import annotations

from logistics_opt.plan import hhmm, route_timing


def test_simple_route_times() -> None:
    """Two stops, no windows, no break: times add up leg by leg."""
    t = route_timing(480, [10, 20, 30], [15, 5], [None, None], break_after_min=330, break_min=30)
    assert t.arrivals == [490, 525] and t.departures == [505, 530] and t.end == 560
    assert t.break_after_stop is None


def test_waits_for_opening() -> None:
    """A van arriving before the branch opens waits, then serves."""
    t = route_timing(480, [10, 10], [15], [(540.0, 1000.0)], 330, 30)
    assert t.arrivals == [490] and t.waits == [50] and t.departures == [555]


def test_break_after_last_stop_within_limit() -> None:
    """Over 330 min of work: the 30 min break follows the last stop left within 330 min."""
    t = route_timing(0, [100, 100, 100, 100], [50, 50, 50], [None] * 3, 330, 30)
    # departures without break: 150, 300, 450 -> break after stop 2
    assert t.break_after_stop == 2
    assert t.departures == [150, 300, 480] and t.end == 580


def test_no_break_when_short_or_disabled() -> None:
    """A route within 330 min, or break_min 0, has no break."""
    assert route_timing(0, [100, 100], [100], [None], 330, 30).break_after_stop is None
    assert route_timing(0, [200, 200], [100], [None], 330, 0).break_after_stop is None


def test_hhmm_rounds() -> None:
    """Minutes after midnight print as HH:MM."""
    assert (hhmm(450), hhmm(450.6), hhmm(0)) == ("07:30", "07:31", "00:00")
