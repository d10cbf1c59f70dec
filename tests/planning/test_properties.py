"""Property tests that explore, with the independent checker as oracle.

The networks (tests/strategies.py) have one or two vehicle types, opening windows, Mon-Fri, Mon-Sat and
Tue-Sat weeks, branches on fixed days and branches free to take any allowed pattern. ``event`` and
``target`` show which paths the examples reach; run with ``--hypothesis-show-statistics`` to see them.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import replace

from hypothesis import HealthCheck, event, given, settings, target
from hypothesis import strategies as st

from logistics_opt.checker import check_plan, expected_visits
from logistics_opt.data.model import Network
from logistics_opt.distances import build_matrix
from logistics_opt.errors import InfeasibleError
from logistics_opt.planning.frequencies import candidate_patterns, optimise_week
from logistics_opt.planning.schedule import current_schedule
from logistics_opt.planning.week import solve_week
from logistics_opt.routing.problem import SearchParams
from tests.strategies import networks, week_name

# Stops on a solution limit; the time cap only bounds days whose stops cannot all be served.
PARAMS = SearchParams(time_limit_s=1.0, solution_limit=10)


def _shape_events(net: Network) -> None:
    event(f"week {week_name(net.settings.working_days)}")
    event(f"{len(net.fleet)} vehicle type(s)")
    hours = [b for b in net.stops if b.open_min is not None or b.close_min is not None]
    event("some branches have opening hours" if hours else "no opening hours")


@settings(max_examples=36, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_property_current_practice_holds(net: Network) -> None:
    """Every plan passes the checker; every scheduled visit is served or listed with a reason."""
    _shape_events(net)
    plan = solve_week(net, build_matrix(net, use_cache=False), current_schedule(net), PARAMS, workers=1)
    d = json.loads(json.dumps(plan.to_dict()))
    assert check_plan(d, net) == []
    expected = {(b, day) for b, days in d["schedule"].items() for day in days}
    got = {(s["branch"], r["day"]) for r in d["routes"] for s in r["stops"]}
    assert got | {(u["branch"], u["day"]) for u in d["unassigned"]} == expected
    assert all(u["reason"] for u in d["unassigned"])
    types = {r["vehicle_type"] for r in d["routes"]}
    breaks = sum(1 for r in d["routes"] if r["break_after_stop"])
    waits = sum(1 for r in d["routes"] for s in r["stops"] if s["wait_min"] > 0)
    event("both vehicle types drive" if len(types) == 2 else f"{len(types)} vehicle type(s) drive")
    event("a route takes its break" if breaks else "no break")
    event("a van waits for an opening" if waits else "no waiting")
    event("some visits unserved" if d["unassigned"] else "every visit served")
    target(float(len(types)), label="vehicle types driving")
    target(float(breaks), label="routes with a break")


def _why_no_pattern(bid: str, net: Network) -> list[str]:
    """For each pattern the branch could take, the limit it breaks, recomputed with the checker's reading of
    the accumulation rule (an empty list means some pattern meets every limit)."""
    s = net.settings
    b = net.branch(bid)
    wd = list(s.working_days)
    min_v = b.min_visits_per_week or s.min_visits_per_week
    max_gap = b.max_days_between_visits or s.max_days_between_visits
    biggest = max((v.capacity_crates for v in net.fleet if v.count > 0), default=0)
    pats = [b.days] if b.days else [p for ps in s.allowed_patterns().values() for p in ps]
    reasons = []
    for pat in pats:
        pos = sorted(wd.index(d) for d in pat)
        gap = max((pos[k] - pos[k - 1]) % len(wd) or len(wd) for k in range(len(pos)))
        visits = expected_visits(net, {bid: list(pat)}).values()
        if not b.days and min_v and len(pat) < min_v:
            reasons.append("min visits")
        elif not b.days and max_gap and gap > max_gap:
            reasons.append("max gap")
        elif b.storage_crates is not None and max(v["pickup"] for v in visits) > b.storage_crates:
            reasons.append("storage")
        elif not b.days and max(max(v["deliver"], v["pickup"]) for v in visits) > biggest:
            reasons.append("van too small")
        else:
            return []
    return reasons


@settings(max_examples=24, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    net=networks(max_branches=5, free=0.8, storage=True),
    max_gap=st.sampled_from([None, 1, 2, 3]),
    min_visits=st.sampled_from([None, 1, 2]),
)
def test_property_frequency_search_holds(net: Network, max_gap: int | None, min_visits: int | None) -> None:
    """Patterns and routes chosen together: every branch on one of its allowed patterns within its limits,
    every route checked. When no pattern meets a branch's limits, the error names that branch, and each of
    its patterns does break a limit."""
    net = net.with_changes(
        settings=replace(net.settings, max_days_between_visits=max_gap, min_visits_per_week=min_visits)
    )
    _shape_events(net)
    choices = {b.id: len(candidate_patterns(b, net)) for b in net.stops}
    m = build_matrix(net, use_cache=False)
    try:
        p = optimise_week(net, m, replace(PARAMS, time_limit_s=0.5))
    except InfeasibleError as e:
        bid = re.match(r"branch (\S+): no visit pattern meets its limits", str(e))
        assert bid, str(e)
        why = _why_no_pattern(bid.group(1), net)
        assert why, f"{bid.group(1)} has a pattern within its limits, yet: {e}"
        event(f"infeasible: {', '.join(sorted(set(why)))}")
        return
    free = sum(1 for k in choices.values() if k > 1)
    event(f"frequency search: {p.meta.solve.frequencies['method']}")
    event(f"branches with a choice: {'none' if not free else '1-2' if free < 3 else '3+'}")
    target(float(free), label="branches with a choice of pattern")
    target(math.log2(1 + sum(choices.values())), label="log2 allowed patterns")
    d = json.loads(json.dumps(p.to_dict()))
    assert check_plan(d, net, frequency_rules=True) == []
    for b in net.stops:
        assert tuple(d["schedule"][b.id]) in candidate_patterns(b, net)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(max_branches=6), st.sampled_from([2, 3]), st.sampled_from([0.0, 20.0]), st.integers(1, 4))
def test_property_reloading_vans_hold(net: Network, trips: int, reload_min: float, capacity: int) -> None:
    """Small vans that may reload: every trip, reload and the whole day pass the checker."""
    fleet = tuple(replace(v, capacity_crates=capacity, max_trips=trips, reload_min=reload_min) for v in net.fleet)
    net = net.with_changes(fleet=fleet)
    plan = solve_week(net, build_matrix(net, use_cache=False), current_schedule(net), PARAMS, workers=1)
    d = json.loads(json.dumps(plan.to_dict()))
    assert check_plan(d, net) == []
    reloads = sum(len(r.get("reloads", [])) for r in d["routes"])
    event("a van reloads" if reloads else "no reload")
    target(float(reloads), label="reloads in the week")
