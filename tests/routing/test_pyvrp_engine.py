"""The PyVRP engine: its model, its refusals, and its plans under the checker."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings

from logistics_opt.checker import check_plan
from logistics_opt.distances import build_matrix
from logistics_opt.errors import LogisticsError
from logistics_opt.planning.schedule import current_schedule
from logistics_opt.planning.week import solve_week
from logistics_opt.routing import get_engine
from logistics_opt.routing.best_engine import evaluate
from logistics_opt.routing.problem import SearchParams
from tests.factories import FAST
from tests.factories import line_problem as _problem
from tests.factories import van as _van
from tests.strategies import networks


def test_pyvrp_refuses_a_break_that_can_bind() -> None:
    """PyVRP cannot model breaks: a clear LogisticsError, not a wrong plan."""
    pytest.importorskip("pyvrp")
    with pytest.raises(LogisticsError, match="break"):
        get_engine("pyvrp")(_problem((_van(break_after=19800, brk=1800),)), FAST)


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
    """Plans from the PyVRP engine (no break rule) hold under the independent checker."""
    pytest.importorskip("pyvrp")
    from logistics_opt.routing.pyvrp_engine import NoFeasiblePlanError

    net = net.with_changes(settings=replace(net.settings, break_min=0.0))
    matrix = build_matrix(net, None, False)
    params = SearchParams(time_limit_s=1, solution_limit=20)
    try:
        plan = solve_week(net, matrix, current_schedule(net), params, engine="pyvrp")
    except NoFeasiblePlanError:  # only when the day cannot be served in full: OR-Tools leaves stops out too
        assert solve_week(net, matrix, current_schedule(net), params).unassigned
        return
    assert check_plan(json.loads(json.dumps(plan.to_dict())), net) == []
