"""The PyVRP engine: its model, its refusals, and its plans under the checker."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings

from logistics_opt.checker import check_plan
from logistics_opt.distances import build_matrix
from logistics_opt.planning.schedule import current_schedule
from logistics_opt.planning.week import solve_week
from logistics_opt.routing import get_engine
from logistics_opt.routing.judge import evaluate
from logistics_opt.routing.problem import DayProblem, SearchParams
from tests.factories import FAST
from tests.factories import line_problem as _problem
from tests.factories import van as _van
from tests.strategies import networks


def test_pyvrp_keeps_the_break_reserved() -> None:
    """Six 1-hour stops but a 7 h shift with a 1 h break after 5.5 h: PyVRP may plan only 6 h of work
    per van (shift - break), so it needs two vans; OR-Tools and `best` agree, and `best` names the winner."""
    pytest.importorskip("pyvrp")
    n = 7
    d = tuple(tuple(0 if i == j else 60 for j in range(n)) for i in range(n))
    vans = tuple(_van(f"v{k}", capacity=99, end=7 * 3600, break_after=19800, brk=3600) for k in range(2))
    p = DayProblem(
        distance_m=d,
        travel_s=d,
        service_s=(0,) + (3540,) * 6,
        delivery=(0,) + (1,) * 6,
        pickup=(0,) + (1,) * 6,
        windows=((0, 99999),) * n,
        vehicles=vans,
    )
    for name in ("pyvrp", "ortools", "best"):
        sol = get_engine(name)(p, FAST)
        verdict = evaluate(p, sol)
        assert verdict.feasible and not sol.dropped and len(sol.routes) == 2, (name, verdict)
        assert sol.engine in ("ortools", "pyvrp") and (name == "best" or sol.engine == name)


def test_pyvrp_forces_delivery_before_pickup_and_drops_oversized_stops() -> None:
    """Same order as OR-Tools on the capacity-10 line; a 12-crate stop is dropped, not routed."""
    pytest.importorskip("pyvrp")
    sol = get_engine("pyvrp")(_problem((_van(),), delivery=(0, 8, 2, 12), pickup=(0, 0, 8, 0)), FAST)
    assert sol.dropped == [3] and [r.nodes for r in sol.routes] == [[1, 2]]


def test_pyvrp_objective_matches_the_shared_judge() -> None:
    """PyVRP's own cost equals evaluate()'s: same arc costs, duration costs and fixed costs."""
    pytest.importorskip("pyvrp")
    vans = (replace(_van("a", cph=36.0), fixed_cost=500), replace(_van("b", cph=36.0), cost_per_km=0.5))
    p = _problem(vans, delivery=(0, 8, 2, 3, 4), pickup=(0, 0, 8, 1, 2))
    sol = get_engine("pyvrp")(p, FAST)
    v = evaluate(p, sol)
    assert v.feasible and v.cost == sol.objective


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(max_branches=5))
def test_every_pyvrp_plan_passes_the_checker(net) -> None:
    """Plans from the PyVRP engine (the break kept as the OR-Tools engine keeps it) hold under the
    independent checker."""
    pytest.importorskip("pyvrp")
    from logistics_opt.routing.pyvrp_engine import NoFeasiblePlanError

    matrix = build_matrix(net, None, False)
    params = SearchParams(time_limit_s=1, solution_limit=20)
    try:
        plan = solve_week(net, matrix, current_schedule(net), params, engine="pyvrp")
    except NoFeasiblePlanError:  # only when the day cannot be served in full: OR-Tools leaves stops out too
        assert solve_week(net, matrix, current_schedule(net), params).unassigned
        return
    assert check_plan(json.loads(json.dumps(plan.to_dict())), net) == []
