"""`best`: the shared cost judge and the cheaper of two engines."""

from __future__ import annotations

from dataclasses import replace

import pytest

from logistics_opt.routing import get_engine
from logistics_opt.routing.judge import evaluate, route_seconds
from logistics_opt.routing.problem import DayProblem, DaySolution, RouteResult, SearchParams
from tests.factories import line_problem as _problem
from tests.factories import van as _van


def test_evaluate_prices_by_hand() -> None:
    """0 -> 1 -> 2 -> 0 on a 1 km line: 4 km at 1 EUR/km plus 4000 s at 36 EUR/h = 4 + 40 EUR."""
    p = _problem((_van(cph=36.0),))
    v = evaluate(p, DaySolution([RouteResult(0, [1, 2], 0)]))
    assert v.feasible and v.cost == 4 * 100_000 + 40 * 100_000


def test_evaluate_rejects_overload_and_counts_drops() -> None:
    """Collecting 8 at S2 before dropping 8 at S1 overloads the van; a drop costs the penalty."""
    p = _problem((_van(),))
    assert not evaluate(p, DaySolution([RouteResult(0, [2, 1], 0)])).feasible
    dropped = evaluate(p, DaySolution([RouteResult(0, [1], 0)], dropped=[2]))
    assert dropped.feasible and dropped.cost > 10**12


def test_evaluate_prices_the_break_by_the_semantics() -> None:
    """A 10 h shift with a 30 min break after 1 h: the 4000 s route 0 -> 1 -> 2 -> 0 works past
    3600 s, so it takes the break after S1 (left at 1000 s) and lasts 4000 + 1800 s at 36 EUR/h."""
    p = _problem((_van(cph=36.0, break_after=3600, brk=1800),))
    assert route_seconds(p, p.vehicles[0], [1, 2], 0) == 5800
    v = evaluate(p, DaySolution([RouteResult(0, [1, 2], 0)]))
    assert v.feasible and v.cost == 4 * 100_000 + 58 * 100_000


def test_the_break_absorbs_waiting() -> None:
    """S2 opens at 5000 s: the van waits anyway, so the break taken after S1 costs nothing extra."""
    p = replace(
        _problem((_van(cph=36.0, break_after=1500, brk=1800),)), windows=((0, 99999), (0, 99999), (5000, 99999))
    )
    assert route_seconds(p, p.vehicles[0], [1, 2], 0) == 5000 + 2000


def test_best_is_never_worse_than_either_engine() -> None:
    """With deterministic limits, `best` costs no more than OR-Tools or PyVRP on the same problem."""
    pytest.importorskip("pyvrp")
    d = tuple(tuple(abs(i - j) * 700 + (i * j) % 5 * 300 * (i != j) for j in range(9)) for i in range(9))
    p = DayProblem(
        distance_m=d,
        travel_s=d,
        service_s=(0,) + (300,) * 8,
        delivery=(0, 3, 1, 4, 2, 5, 1, 2, 3),
        pickup=(0, 2, 2, 1, 3, 1, 4, 1, 2),
        windows=((0, 99999),) * 9,
        vehicles=(_van("a", capacity=12, cph=30.0), _van("b", capacity=12, cph=30.0)),
    )
    params = SearchParams(time_limit_s=5, solution_limit=60)
    costs = {name: evaluate(p, get_engine(name)(p, params)) for name in ("ortools", "pyvrp", "best")}
    assert all(v.feasible for v in costs.values())
    assert costs["best"].cost <= min(costs["ortools"].cost, costs["pyvrp"].cost)
