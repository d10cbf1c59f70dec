"""The OR-Tools engine on large days: warm-started from greedy routes."""

from __future__ import annotations

from logistics_opt.routing.judge import evaluate
from logistics_opt.routing.ortools_engine import solve as ortools_solve
from logistics_opt.routing.ortools_engine import strategies
from logistics_opt.routing.problem import DayProblem, SearchParams
from logistics_opt.routing.settings import OrtoolsSettings
from tests.factories import FAST
from tests.factories import van as _van


def test_large_day_is_warm_started_and_complete() -> None:
    """Above ``greedy_above`` stops the engine starts from greedy routes and serves every stop."""
    n = OrtoolsSettings().greedy_above + 11
    d = tuple(tuple(100 * abs(i - j) + 50 * ((i * 7 + j * 3) % 11) * (i != j) for j in range(n)) for i in range(n))
    p = DayProblem(
        distance_m=d,
        travel_s=tuple(tuple(x // 20 for x in r) for r in d),
        service_s=(0,) + (60,) * (n - 1),
        delivery=(0,) + (1,) * (n - 1),
        pickup=(0,) + (1,) * (n - 1),
        windows=((0, 99999),) * n,
        vehicles=tuple(_van(f"v{k}", capacity=40, end=40000) for k in range(8)),
    )
    assert strategies(p, FAST) == ("GREEDY",)
    sol = ortools_solve(p, SearchParams(time_limit_s=5, solution_limit=5))
    assert not sol.dropped and evaluate(p, sol).feasible
