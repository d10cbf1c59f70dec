"""Vans that reload at the depot (multi-trip): trip vehicles, chained in time, checked by hand."""

from __future__ import annotations

from dataclasses import replace

import pytest

from logistics_opt.routing import get_engine
from logistics_opt.routing.judge import evaluate
from logistics_opt.routing.problem import DaySolution, RouteResult
from logistics_opt.routing.trips import collapse, expand, multi_trip, whole_vans
from tests.factories import FAST, line_problem, van


def _two_full_stops(end: int = 36000, trips: int = 2, reload_s: int = 100, start: int = 0):
    """Stops 1 km and 2 km out (1 s a metre), each delivering a full van: one van must reload to serve both."""
    v = replace(van(capacity=8, start=start, end=end, cph=36.0), max_trips=trips, reload_s=reload_s)
    return line_problem((v,), delivery=(0, 8, 8), pickup=(0, 0, 0))


def test_expand_gives_each_trip_a_vehicle_with_the_fixed_cost_on_the_first() -> None:
    p = replace(_two_full_stops(trips=3), vehicles=(replace(_two_full_stops(trips=3).vehicles[0], fixed_cost=500),))
    x = expand(p)
    assert multi_trip(p) and not multi_trip(x)
    assert x.trips == ((0, 1, 2),)
    assert [v.max_trips for v in x.vehicles] == [1, 1, 1]
    # EUR 36/h = 1,000 cost units a second; a reload of 100 s costs 100,000 units on each later trip.
    assert [v.fixed_cost for v in x.vehicles] == [500, 100_000, 100_000]
    assert whole_vans(x, [1]) == [0, 1, 2]


def test_collapse_joins_a_vans_trips_and_marks_the_reloads() -> None:
    p = _two_full_stops(trips=3)
    sol = DaySolution([RouteResult(0, [2], 50), RouteResult(1, [], 0), RouteResult(2, [1], 4200)])
    (route,) = collapse(p, sol).routes
    assert (route.vehicle, route.nodes, route.start_s, route.reload_after) == (0, [2, 1], 50, (1,))


def test_a_van_reloads_to_serve_two_full_stops() -> None:
    """By hand: out to 1 km and back (2,000 s), reload (100 s), out to 2 km and back (4,000 s): 6 km."""
    sol = get_engine("ortools").solve(_two_full_stops(end=6100), FAST)
    assert sol.dropped == []
    (route,) = sol.routes
    assert len(route.reload_after) == 1 and sorted(route.nodes) == [1, 2]


def test_the_whole_day_must_fit_the_shift() -> None:
    """Both trips and the reload need 6,100 s: a 6,000 s shift serves one stop only."""
    sol = get_engine("ortools").solve(_two_full_stops(end=6000), FAST)
    assert len(sol.dropped) == 1
    assert all(not r.reload_after for r in sol.routes)


def test_one_trip_a_day_leaves_a_full_stop_out() -> None:
    sol = get_engine("ortools").solve(_two_full_stops(trips=1), FAST)
    assert len(sol.dropped) == 1


@pytest.mark.parametrize("engine", ["pyvrp", "best"])
def test_pyvrp_and_best_plan_the_reload_by_hand(engine: str) -> None:
    """PyVRP's reload depots give the same day: 6 km, 6,100 s from 08:00 (the shift's exact length),
    and the one judge prices it as arcs + 6,100 s at EUR 36/h."""
    pytest.importorskip("pyvrp")
    p = _two_full_stops(start=28800, end=28800 + 6100)
    sol = get_engine(engine).solve(p, FAST)
    (route,) = sol.routes
    assert sol.dropped == [] and sorted(route.nodes) == [1, 2] and len(route.reload_after) == 1
    assert route.start_s == 28800
    verdict = evaluate(p, sol)
    assert verdict.feasible and verdict.cost == 6000 * 100 + 6100 * 1000


def test_the_judge_rejects_a_trip_over_capacity_and_too_many_reloads() -> None:
    p = _two_full_stops()
    assert not evaluate(p, DaySolution([RouteResult(0, [1, 2], 0)])).feasible  # 16 crates on one trip
    assert evaluate(p, DaySolution([RouteResult(0, [1, 2], 0, (1,))])).feasible
    one_trip = replace(p, vehicles=(replace(p.vehicles[0], max_trips=1),))
    assert "reloads" in evaluate(one_trip, DaySolution([RouteResult(0, [1, 2], 0, (1,))])).problem
