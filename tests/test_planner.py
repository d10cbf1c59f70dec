"""Planning a week: property tests with the independent checker as oracle."""
from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings

from logistics_opt.checker import check_plan
from logistics_opt.distances import build_matrix
from logistics_opt.planner import solve_week
from logistics_opt.routing.problem import SearchParams
from logistics_opt.schedule import current_schedule

from .strategies import networks

FAST = SearchParams(time_limit_s=2.0, solution_limit=40)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_every_plan_passes_the_checker(net) -> None:
    """Random small networks: capacity, shifts, windows, breaks, volumes and costs all hold."""
    matrix = build_matrix(net, use_cache=False)
    plan = solve_week(net, matrix, current_schedule(net), FAST)
    d = json.loads(json.dumps(plan.to_dict()))
    assert check_plan(d, net) == []
    # Every scheduled visit is served or listed with a reason, never dropped silently.
    expected = {(b, day) for b, days in d["schedule"].items() for day in days}
    got = {(s["branch"], r["day"]) for r in d["routes"] for s in r["stops"]}
    got |= {(u["branch"], u["day"]) for u in d["unassigned"]}
    assert got == expected


def test_utrecht_week_current_practice_is_complete() -> None:
    """The shipped network is served completely on every working day at current practice."""
    from pathlib import Path

    from logistics_opt.loader import load_network

    net = load_network(Path(__file__).parents[1] / "data" / "utrecht")
    plan = solve_week(net, build_matrix(net), current_schedule(net), SearchParams(time_limit_s=3, solution_limit=5),
                      workers=2)
    assert plan.complete and check_plan(json.loads(json.dumps(plan.to_dict())), net) == []
    assert {r.day for r in plan.routes} == set(net.settings.working_days)
