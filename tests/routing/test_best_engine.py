"""`best`: the shared cost judge and the cheaper of two engines."""

from __future__ import annotations

import pytest

from logistics_opt.routing import get_engine
from logistics_opt.routing.best_engine import evaluate
from logistics_opt.routing.best_engine import solve as best_solve
from logistics_opt.routing.ortools_engine import solve as ortools_solve
from logistics_opt.routing.problem import DayProblem, DaySolution, RouteResult, SearchParams
from tests.factories import FAST
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


def test_best_falls_back_to_ortools_when_a_break_can_bind() -> None:
    """A 10 h shift with a break after 5.5 h: `best` says it ran OR-Tools alone, with the same plan."""
    p = _problem((_van(break_after=19800, brk=1800),))
    sol = best_solve(p, FAST)
    assert sol.status.startswith("ortools:") and "(pyvrp" in sol.status
    assert [r.nodes for r in sol.routes] == [r.nodes for r in ortools_solve(p, FAST).routes] == [[1, 2]]


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
