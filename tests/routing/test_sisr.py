"""The compiled ruin and recreate (:mod:`logistics_opt.routing.sisr`): its costs are the OR-Tools
model's, its routes pass the checker, and a seed and an iteration count fix its result."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from logistics_opt.routing import sisr
from logistics_opt.routing.best_engine import evaluate
from logistics_opt.routing.ortools_model import DayModel, search_parameters
from logistics_opt.routing.problem import COST_UNITS_PER_EUR, DayProblem, DaySolution, SearchParams, Vehicle
from logistics_opt.routing.rules import DROP_PENALTY
from tests.factories import line, line_problem, van

READ_BACK = SearchParams(time_limit_s=30, solution_limit=1, metaheuristic="GREEDY_DESCENT")


def _read_back(problem: DayProblem, routes: list[list[int]]):
    """The routes in the OR-Tools day model, unchanged: (its objective, the solution with departures)."""
    day = DayModel(problem)
    day.model.CloseModelWithParameters(search_parameters(READ_BACK, "SAVINGS"))
    day.closed = True
    index_routes = [[day.manager.NodeToIndex(day.solver_node[p]) for p in r] for r in routes]
    assignment = day.model.ReadAssignmentFromRoutes(index_routes, True)
    assert assignment is not None, "OR-Tools finds these routes infeasible"
    return assignment.ObjectiveValue(), day.solution(assignment, 0.0)


def test_a_route_on_a_line_drives_out_and_back_once() -> None:
    """Three stops 1 km apart on a line, visited 3-1-2 (3 + 2 + 1 + 2 = 8 km); out to stop 3 and back
    is the least any order can drive (6 km, EUR 6), and the kernel finds such an order."""
    d = line(4)
    p = DayProblem(d, d, (0,) * 4, (0, 1, 1, 1), (0,) * 4, ((0, 99999),) * 4, (van(),))
    routes, cost = sisr.improve(p, [[3, 1, 2]], seed=0, iterations=50)
    assert sorted(routes[0]) == [1, 2, 3]
    assert cost == 6 * COST_UNITS_PER_EUR


def test_the_van_leaves_late_rather_than_wait() -> None:
    """One stop 1 km out (1,000 s), open from 5,000 s; EUR 1/km and EUR 36/h. The van leaves at 4,000 s
    and is back at 6,000 s: 2 km + 2,000 s = EUR 2 + EUR 20, the OR-Tools model's cost to the unit."""
    d = line(2)
    p = DayProblem(d, d, (0, 0), (0, 1), (0, 0), ((0, 99999), (5000, 99999)), (van(cph=36.0),))
    routes, cost = sisr.improve(p, [[1]], seed=0, iterations=0)
    assert cost == 22 * COST_UNITS_PER_EUR
    assert _read_back(p, routes)[0] == cost


def test_a_first_route_over_capacity_is_left_alone() -> None:
    """Simultaneous pickup and delivery: with 10 crates aboard, stop 2 first (drop 2, collect 8)
    would carry 16. The kernel does not search from routes it finds infeasible."""
    p = line_problem((van(),))
    routes, cost = sisr.improve(p, [[2, 1]], seed=0, iterations=100)
    assert (routes, cost) == ([[2, 1]], -1)
    assert sisr.improve(p, [[1, 2]], seed=0, iterations=100)[1] == 4 * COST_UNITS_PER_EUR


@st.composite
def days(draw: st.DrawFn) -> DayProblem:
    """Small days of every feature the kernel models: pickups and deliveries, windows, service times,
    two van types, fixed costs, costs per hour, shifts, stops restricted to some vans."""
    n = draw(st.integers(2, 12))
    pts = [(0, 0)] + [(draw(st.integers(-9, 9)), draw(st.integers(-9, 9))) for _ in range(n)]
    dist = tuple(tuple(1000 * (abs(a[0] - b[0]) + abs(a[1] - b[1])) for b in pts) for a in pts)
    travel = tuple(tuple(x // 10 for x in row) for row in dist)  # 36 km/h
    opens = [0] + [draw(st.sampled_from([0, 0, 3600, 7200])) for _ in range(n)]
    vans = tuple(
        Vehicle(
            f"v{i}",
            "van",
            0,
            12,
            draw(st.sampled_from([0, 500_000])),
            draw(st.sampled_from([0.3, 0.5])),
            draw(st.sampled_from([0.0, 30.0])),
            0,
            6 * 3600,
        )
        for i in range(draw(st.integers(2, 4)))
    )
    allowed = tuple(() if i == 0 or draw(st.integers(0, 3)) else (0,) for i in range(n + 1))
    return DayProblem(
        dist,
        travel,
        (0,) + tuple(draw(st.sampled_from([0, 300, 900])) for _ in range(n)),
        (0,) + tuple(draw(st.integers(0, 6)) for _ in range(n)),
        (0,) + tuple(draw(st.integers(0, 6)) for _ in range(n)),
        tuple((o, 6 * 3600) for o in opens),
        vans,
        allowed_vehicles=allowed,
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(days(), st.integers(0, 1000))
def test_improved_routes_pass_the_checker_at_the_cost_ortools_gives(problem: DayProblem, seed: int) -> None:
    """From OR-Tools' first routes, the kernel's routes are no dearer, serve at least the same stops, read back
    into the OR-Tools model at exactly the kernel's cost, and pass the checker; the same seed and
    iteration count give the same routes."""
    day = DayModel(problem)
    first = day.solve(search_parameters(SearchParams(time_limit_s=30, solution_limit=1), "SAVINGS"))
    start = day.routes(first)
    served = sorted(s for r in start for s in r)
    routes, cost = sisr.improve(problem, start, seed=seed, iterations=300)
    now = sorted(s for r in routes for s in r)
    left_out = DROP_PENALTY * (len(problem.stop_nodes) - len(now))
    assert set(served) <= set(now) and len(now) == len(set(now))
    assert cost + left_out <= first.ObjectiveValue()
    objective, solution = _read_back(problem, routes)
    assert objective == cost + left_out
    verdict = evaluate(problem, DaySolution(solution.routes, solution.dropped))
    assert verdict.feasible, verdict.problem
    assert sisr.improve(problem, start, seed=seed, iterations=300) == (routes, cost)


def test_only_days_without_reloads_are_packed() -> None:
    p = line_problem((van(),))
    assert sisr.supports(p)
    assert not sisr.supports(replace(p, trips=((0,),)))


def test_a_stop_the_first_routes_left_out_is_put_where_it_fits() -> None:
    """Stop 2 is in no first route; the kernel serves it before searching (6 km out and back on the line)."""
    d = line(4)
    p = DayProblem(d, d, (0,) * 4, (0, 1, 1, 1), (0,) * 4, ((0, 99999),) * 4, (van(),))
    routes, cost = sisr.improve(p, [[1, 3]], seed=0, iterations=10)
    assert sorted(routes[0]) == [1, 2, 3] and cost == 6 * COST_UNITS_PER_EUR
