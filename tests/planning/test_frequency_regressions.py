"""Regressions found by test_properties: plans of the frequency search that the checker rejected, so that
`plan --frequencies optimise` failed with "the plan checker rejected the plan" (PlanCheckError)."""

from __future__ import annotations

import json

import pytest

from logistics_opt.checker import check_plan
from logistics_opt.data.model import Branch, Network, Request, Settings, VehicleType
from logistics_opt.distances import build_matrix
from logistics_opt.errors import InfeasibleError
from logistics_opt.planning.frequencies import departure, optimise_week, periodic_problem
from logistics_opt.routing.problem import DayProblem, SearchParams, Vehicle


def test_a_route_leaves_when_its_first_stop_opens() -> None:
    """The week's routes left the hub at the shift start even when the first stop opened hours later, so the
    van stood waiting and worked past break_after_min before its break could fall.
    Far opens 10:00, about 45 min from the hub (17 km x 1.3 at 30 km/h); shifts start 07:30; a break is
    due after 120 min of work. Leaving 07:30 the van would wait 105 min and work ~175 min before its break
    could be taken; leaving later it reaches Far as it opens (whether Near comes first or not)."""
    hub = Branch("HUB", "Hub", "BiSC", "Bunnik", 52.067, 5.199, "hub")
    far = Branch("FAR", "Far", "Org", "", 52.067, 5.45, "branch", open_min=600.0)
    near = Branch("NEAR", "Near", "Org", "", 52.08, 5.22, "branch")
    net = Network(
        (hub, far, near),
        (Request("HUB", "FAR", 300), Request("FAR", "HUB", 300), Request("NEAR", "HUB", 90)),
        (VehicleType("van", 1, 40, 0.3, 30.0, 5.0, 259.0, 450.0, 720.0, "HUB"),),
        Settings(speed_kmh=30.0, break_after_min=120.0, break_min=30.0),
    )
    plan = optimise_week(net, build_matrix(net, use_cache=False), SearchParams(time_limit_s=0.5, solution_limit=20))
    d = json.loads(json.dumps(plan.to_dict()))
    assert check_plan(d, net, frequency_rules=True) == []
    # wherever Far comes in its route, the van gets there as it opens instead of standing waiting
    at_far = [s for r in d["routes"] for s in r["stops"] if s["branch"] == "FAR"]
    assert at_far and all(s["wait_min"] <= 1.0 and s["arrival"] >= "09:59" for s in at_far)


def test_fixed_days_whose_pickups_overflow_storage_are_named() -> None:
    """A branch fixed to Monday sends 71 items (3 crates of 35) a week but stores 2 crates: no plan can meet
    that, and the frequency model says so, naming the branch (it used to plan Monday and fail the check)."""
    hub = Branch("HUB", "Hub", "BiSC", "Bunnik", 52.067, 5.199, "hub")
    fixed = Branch("B2", "B2", "Org", "", 52.0, 5.0, "branch", days=("mon",), storage_crates=2)
    free = Branch("B0", "B0", "Org", "", 52.0, 5.0, "branch")
    net = Network(
        (hub, free, fixed),
        (Request("B2", "HUB", 71),),
        (VehicleType("van", 1, 8, 0.5, 20.0, 0.0, 259.0, 450.0, 720.0, "HUB"),),
        Settings(),
    )
    with pytest.raises(InfeasibleError, match=r"branch B2: no visit pattern meets its limits .*storage 2 crates"):
        periodic_problem(net, build_matrix(net, use_cache=False))
    ok = net.with_changes(
        branches=(hub, free, Branch("B2", "B2", "Org", "", 52.0, 5.0, "branch", days=("mon",), storage_crates=3))
    )
    plan = optimise_week(ok, build_matrix(ok, use_cache=False), SearchParams(time_limit_s=0.3, solution_limit=10))
    assert check_plan(json.loads(json.dumps(plan.to_dict())), ok, frequency_rules=True) == []


def _line_day(first_window: tuple[int, int]) -> DayProblem:
    """Depot, stop 1 ten minutes out, stop 2 ten minutes further, opening at 02:00 (7200 s); 5 min stops."""
    d = ((0, 600, 1200), (600, 0, 600), (1200, 600, 0))
    van = Vehicle("v", "van", 0, 10, 0, 1.0, 30.0, 0, 36000)
    return DayProblem(
        distance_m=d,
        travel_s=d,
        service_s=(0, 300, 300),
        delivery=(0, 1, 1),
        pickup=(0, 0, 0),
        windows=((0, 99999), first_window, (7200, 99999)),
        vehicles=(van,),
    )


def test_departure_removes_the_wait_at_a_later_stop() -> None:
    """From 0 s: stop 1 at 600-900, stop 2 at 1500, waiting 5700 s for 7200. Leaving at 5700 reaches stop 1
    at 6300, leaves 6600, and stop 2 at 7200 as it opens: same end, 5700 s less working time."""
    assert departure(_line_day((0, 99999)), 0, [1, 2]) == 5700
    assert departure(_line_day((0, 99999)), 0, [2]) == 7200 - 1200


def test_departure_keeps_an_earlier_stop_in_its_window() -> None:
    """Stop 1 must be done by 1200 s (latest start 900): the van may leave only 300 s later than 0."""
    assert departure(_line_day((0, 1200)), 0, [1, 2]) == 300
