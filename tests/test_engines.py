"""The engines behind one interface: the shared cost judge, PyVRP's model and refusals, and `best`."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from logistics_opt.checker import check_plan
from logistics_opt.distances import build_matrix
from logistics_opt.planner import solve_week
from logistics_opt.routing import get_engine
from logistics_opt.routing.best_engine import evaluate, route_seconds
from logistics_opt.routing.greedy import greedy_routes
from logistics_opt.routing.ortools_engine import GREEDY_ABOVE, strategies
from logistics_opt.routing.ortools_engine import solve as ortools_solve
from logistics_opt.routing.problem import DayProblem, DaySolution, RouteResult, SearchParams, Vehicle
from logistics_opt.schedule import current_schedule

from .strategies import networks

FAST = SearchParams(time_limit_s=2, solution_limit=100)


def _van(name: str = "v1", capacity: int = 10, start: int = 0, end: int = 36000, cph: float = 0.0,
         break_after: int = 0, brk: int = 0) -> Vehicle:
    return Vehicle(name, "van", 0, capacity, 0, 1.0, cph, start, end, break_after, brk)


def _line(n: int) -> tuple[tuple[int, ...], ...]:
    """Nodes on a line, 1 km apart (node 0 is the depot)."""
    return tuple(tuple(abs(i - j) * 1000 for j in range(n)) for i in range(n))


def _problem(vehicles: tuple[Vehicle, ...], delivery=(0, 8, 2), pickup=(0, 0, 8)) -> DayProblem:
    d = _line(len(delivery))
    return DayProblem(distance_m=d, travel_s=d, service_s=(0,) * len(delivery), delivery=delivery, pickup=pickup,
                      windows=((0, 99999),) * len(delivery), vehicles=vehicles)


def test_unknown_engine_is_refused() -> None:
    """get_engine names the engines it knows."""
    with pytest.raises(ValueError, match="ortools, pyvrp, best"):
        get_engine("gurobi")


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
    p = replace(_problem((_van(cph=36.0, break_after=1500, brk=1800),)), windows=((0, 99999), (0, 99999),
                                                                               (5000, 99999)))
    assert route_seconds(p, p.vehicles[0], [1, 2], 0) == 5000 + 2000


def test_pyvrp_keeps_the_break_reserved() -> None:
    """Six 1-hour stops but a 7 h shift with a 1 h break after 5.5 h: PyVRP may plan only 6 h of work
    per van (shift - break), so it needs two vans; OR-Tools and `best` agree, and `best` names the winner."""
    pytest.importorskip("pyvrp")
    n = 7
    d = tuple(tuple(0 if i == j else 60 for j in range(n)) for i in range(n))
    vans = tuple(_van(f"v{k}", capacity=99, end=7 * 3600, break_after=19800, brk=3600) for k in range(2))
    p = DayProblem(distance_m=d, travel_s=d, service_s=(0,) + (3540,) * 6, delivery=(0,) + (1,) * 6,
                   pickup=(0,) + (1,) * 6, windows=((0, 99999),) * n, vehicles=vans)
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


def test_best_is_never_worse_than_either_engine() -> None:
    """With deterministic limits, `best` costs no more than OR-Tools or PyVRP on the same problem."""
    pytest.importorskip("pyvrp")
    d = tuple(tuple(abs(i - j) * 700 + (i * j) % 5 * 300 * (i != j) for j in range(9)) for i in range(9))
    p = DayProblem(distance_m=d, travel_s=d, service_s=(0,) + (300,) * 8, delivery=(0, 3, 1, 4, 2, 5, 1, 2, 3),
                   pickup=(0, 2, 2, 1, 3, 1, 4, 1, 2), windows=((0, 99999),) * 9,
                   vehicles=(_van("a", capacity=12, cph=30.0), _van("b", capacity=12, cph=30.0)))
    params = SearchParams(time_limit_s=5, solution_limit=60)
    costs = {name: evaluate(p, get_engine(name)(p, params)) for name in ("ortools", "pyvrp", "best")}
    assert all(v.feasible for v in costs.values())
    assert costs["best"].cost <= min(costs["ortools"].cost, costs["pyvrp"].cost)


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
    except NoFeasiblePlanError:   # only when the day cannot be served in full: OR-Tools leaves stops out too
        assert solve_week(net, matrix, current_schedule(net), params).unassigned
        return
    assert check_plan(json.loads(json.dumps(plan.to_dict())), net) == []


@st.composite
def day_problems(draw: st.DrawFn, max_stops: int = 12) -> DayProblem:
    """Random small days: points on a grid, pickups and deliveries, some windows, a tight shift."""
    n = draw(st.integers(1, max_stops)) + 1
    xy = [(draw(st.integers(0, 20)), draw(st.integers(0, 20))) for _ in range(n)]
    d = tuple(tuple(1000 * (abs(a[0] - b[0]) + abs(a[1] - b[1])) for b in xy) for a in xy)
    t = tuple(tuple(x // 10 for x in row) for row in d)
    crates = st.integers(0, 9)
    windows = [(0, 99999)] + [draw(st.sampled_from([(0, 99999), (3600, 7200), (0, 5000)])) for _ in range(n - 1)]
    vans = tuple(_van(f"v{k}", capacity=draw(st.integers(5, 15)), end=draw(st.sampled_from([6000, 20000])),
                      break_after=3000, brk=draw(st.sampled_from([0, 600]))) for k in range(draw(st.integers(1, 3))))
    return DayProblem(distance_m=d, travel_s=t, service_s=(0,) + tuple(draw(crates) * 60 for _ in range(n - 1)),
                      delivery=(0,) + tuple(draw(crates) for _ in range(n - 1)),
                      pickup=(0,) + tuple(draw(crates) for _ in range(n - 1)), windows=tuple(windows), vehicles=vans)


@settings(max_examples=60, deadline=None)
@given(day_problems())
def test_greedy_routes_hold_under_the_shared_judge(p: DayProblem) -> None:
    """Nearest-neighbour start routes respect capacity all along, windows and shifts (break reserved)."""
    routes = greedy_routes(p)
    served = {s for r in routes for s in r}
    sol = DaySolution([RouteResult(k, r, p.vehicles[k].shift_start_s) for k, r in enumerate(routes) if r],
                      dropped=[s for s in p.stop_nodes if s not in served])
    verdict = evaluate(p, sol)
    assert verdict.feasible, verdict.problem


def test_large_day_is_warm_started_and_complete() -> None:
    """Above GREEDY_ABOVE stops the engine starts from greedy routes and serves every stop."""
    n = GREEDY_ABOVE + 11
    d = tuple(tuple(100 * abs(i - j) + 50 * ((i * 7 + j * 3) % 11) * (i != j) for j in range(n)) for i in range(n))
    p = DayProblem(distance_m=d, travel_s=tuple(tuple(x // 20 for x in r) for r in d), service_s=(0,) + (60,) * (n - 1),
                   delivery=(0,) + (1,) * (n - 1), pickup=(0,) + (1,) * (n - 1), windows=((0, 99999),) * n,
                   vehicles=tuple(_van(f"v{k}", capacity=40, end=40000) for k in range(8)))
    assert strategies(p, FAST) == ("GREEDY",)
    sol = ortools_solve(p, SearchParams(time_limit_s=5, solution_limit=5))
    assert not sol.dropped and evaluate(p, sol).feasible
