"""The OR-Tools day model on hand-checkable instances."""

from __future__ import annotations

from dataclasses import replace

from logistics_opt.routing.ortools_engine import solve
from logistics_opt.routing.problem import DayProblem, SearchParams
from tests.factories import FAST
from tests.factories import line as _line
from tests.factories import van as _van

FAST = replace(FAST, solution_limit=200)


def test_pickup_then_delivery_order_is_forced() -> None:
    """Capacity 10: deliver 8 at S1 before collecting 8 at S2, or the van overflows."""
    d = _line(3)
    p = DayProblem(
        distance_m=d,
        travel_s=d,
        service_s=(0, 0, 0),
        delivery=(0, 8, 2),
        pickup=(0, 0, 8),
        windows=((0, 99999),) * 3,
        vehicles=(_van(),),
    )
    sol = solve(p, FAST)
    assert not sol.dropped and [r.nodes for r in sol.routes] == [[1, 2]]


def test_capacity_splits_routes() -> None:
    """Two stops of 6 crates with 10-crate vans need two routes."""
    d = _line(3)
    p = DayProblem(
        distance_m=d,
        travel_s=d,
        service_s=(0, 0, 0),
        delivery=(0, 6, 6),
        pickup=(0, 0, 0),
        windows=((0, 99999),) * 3,
        vehicles=(_van("a"), _van("b")),
    )
    sol = solve(p, FAST)
    assert not sol.dropped and sorted(len(r.nodes) for r in sol.routes) == [1, 1]


def test_unreachable_stop_is_dropped_not_lost() -> None:
    """A stop beyond the shift is reported as dropped."""
    d = ((0, 1000, 90000), (1000, 0, 90000), (90000, 90000, 0))
    p = DayProblem(
        distance_m=d,
        travel_s=d,
        service_s=(0, 0, 0),
        delivery=(0, 1, 1),
        pickup=(0, 0, 0),
        windows=((0, 99999),) * 3,
        vehicles=(_van(end=36000),),
    )
    sol = solve(p, FAST)
    assert sol.dropped == [2] and [r.nodes for r in sol.routes] == [[1]]


def test_seed_changes_order_fed_but_same_seed_same_result() -> None:
    """The same seed and solution limit give the same routes twice."""
    d = _line(6)
    p = DayProblem(
        distance_m=d,
        travel_s=d,
        service_s=(0,) * 6,
        delivery=(0, 1, 2, 3, 2, 1),
        pickup=(0, 1, 1, 1, 1, 1),
        windows=((0, 99999),) * 6,
        vehicles=(_van(), _van("b")),
    )
    a = solve(p, SearchParams(time_limit_s=5, solution_limit=30, seed=7))
    b = solve(p, SearchParams(time_limit_s=5, solution_limit=30, seed=7))
    assert [(r.vehicle, r.nodes) for r in a.routes] == [(r.vehicle, r.nodes) for r in b.routes]
