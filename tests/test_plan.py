"""Route timing by the semantics: travel, waiting for opening, one break."""

from __future__ import annotations

from logistics_opt.plan import Route, Stop, consistency_figures, hhmm, route_timing, service_start
from logistics_opt.planning.days import _wait


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


def _route(day: str, arrival: str, wait_min: float) -> Route:
    stop = Stop("B1", "B1", "T", arrival, arrival, 1, 1, 0, wait_min=wait_min)
    return Route(day, "van-1", "diesel", "HUB", "08:00", "12:00", 10.0, 60.0, 10.0, 1.0, 1, [stop])


def test_summary_spread_never_over_the_promise_by_rounding() -> None:
    """Service at 10:00.6 on Monday (arrival 09:50.4 shown as 09:50, wait 10.2 min counted from the
    arrival shown) and 11:00.6 on Tuesday (arrival 11:01, no wait) is 60 minutes apart: the summary
    says 60, not the 60.4 that the printed arrival plus an exact wait gave."""
    assert _wait(590.4, 10.2) == 10.6
    routes = [_route("mon", hhmm(590.4), _wait(590.4, 10.2)), _route("tue", hhmm(660.6), 0.0)]
    assert service_start(routes[0].stops[0]) == 601 and service_start(routes[1].stops[0]) == 661
    assert consistency_figures(routes)["arrival_spread_max_min"] == 60


def test_wait_counts_from_the_arrival_shown() -> None:
    """No wait stays 0; a wait shorter than the rounding is never negative."""
    assert _wait(600.4, 0.0) == 0.0 and _wait(600.6, 0.3) == 0.0 and _wait(599.5, 10.0) == 9.5
