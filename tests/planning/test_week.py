"""Planning a week, checked by the independent checker (the property tests are in test_properties.py)."""

from __future__ import annotations

import json
from dataclasses import replace

from logistics_opt.checker import check_plan
from logistics_opt.distances import build_matrix
from logistics_opt.planning.schedule import current_schedule
from logistics_opt.planning.week import solve_week
from logistics_opt.routing.problem import SearchParams
from tests.factories import FAST, ROOT, TINY

FAST = replace(FAST, solution_limit=40)


def test_utrecht_week_current_practice_is_complete() -> None:
    """The shipped network is served completely on every working day at current practice."""

    from logistics_opt.data.read import load_network

    net = load_network(ROOT / "data" / "utrecht")
    plan = solve_week(
        net, build_matrix(net), current_schedule(net), SearchParams(time_limit_s=120, solution_limit=5), workers=2
    )
    assert plan.complete and check_plan(json.loads(json.dumps(plan.to_dict())), net) == []
    assert {r.day for r in plan.routes} == set(net.settings.working_days)


def _tiny(**fleet_changes):
    from dataclasses import replace

    from logistics_opt.data.read import load_network

    net = load_network(TINY)
    return net.with_changes(fleet=tuple(replace(v, **fleet_changes) for v in net.fleet))


def _solve(net, params=FAST):
    plan = solve_week(net, build_matrix(net, use_cache=False), current_schedule(net), params)
    return plan, check_plan(json.loads(json.dumps(plan.to_dict())), net)


def test_visit_bigger_than_a_van_is_split() -> None:
    """A branch whose crates exceed the largest van is served in parts, and the checker agrees."""
    from dataclasses import replace

    net = _tiny(capacity_crates=2, count=8)
    plan, errs = _solve(net.with_changes(settings=replace(net.settings, items_per_crate=5)))
    assert errs == [] and plan.complete
    a_stops = [s for r in plan.routes if r.day == "mon" for s in r.stops if s.branch == "A"]
    assert len(a_stops) >= 2 and all(s.deliver <= 2 and s.pickup <= 2 for s in a_stops)


def test_branch_too_far_for_a_shift_is_named() -> None:
    """A shift too short for any round trip lists every visit as unassigned with that reason."""
    # No stop fits the shift, so the search finds no solution to count and only the time cap ends it
    # (all of FAST's 60 s); the outcome does not depend on how far it gets.
    plan, errs = _solve(_tiny(shift_start_min=480.0, shift_end_min=490.0), replace(FAST, time_limit_s=2))
    assert errs == [] and not plan.routes
    assert all("longer than any shift" in u.reason for u in plan.unassigned)


def test_too_few_vans_is_explained() -> None:
    """With no vans at all, each visit is unassigned because no van is available."""
    plan, errs = _solve(_tiny(count=0))
    assert errs == [] and len(plan.unassigned) == sum(len(d) for d in plan.schedule.values())
    assert all("no van available" in u.reason for u in plan.unassigned)
