"""Taking routes away (:mod:`logistics_opt.routing.fleet_kernel`, driven by :func:`.sisr.improve`):
on days small enough to check by hand."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from logistics_opt.routing import ortools_engine, sisr
from logistics_opt.routing import sisr_kernel as k
from logistics_opt.routing.judge import evaluate
from logistics_opt.routing.problem import COST_UNITS_PER_EUR, DayProblem, DaySolution, RouteResult
from logistics_opt.routing.settings import FleetSettings, SearchSettings
from logistics_opt.routing.stop import MaxIterations
from tests.factories import FAST, line, read_back, van
from tests.strategies import day_problems

FIVE_EACH = (0, 5, 5, 5, 5)


def _line_day(pickup=FIVE_EACH, distance=None) -> DayProblem:
    """Stops on a line 1 km apart (or ``distance``), three 10-crate vans at EUR 1/km and EUR 1 a day."""
    d = distance or line(len(pickup))
    n = len(pickup)
    vans = tuple(replace(van(name), fixed_cost=COST_UNITS_PER_EUR) for name in "abc")
    return DayProblem(d, d, (0,) * n, (0,) * n, pickup, ((0, 99999),) * n, vans)


def _phase(problem: DayProblem, routes: list[list[int]], iterations: int, settings: SearchSettings = SearchSettings()):
    day = sisr.pack(problem)
    state = sisr.new_state(problem, routes)
    k.start(day, state)
    k.seed_rng(0)
    done, searched = sisr._fewer_routes(day, state, MaxIterations(iterations), settings)
    return state, searched, done


def test_the_floor_is_the_larger_load_over_the_largest_van() -> None:
    """20 crates to collect, none to deliver, 10-crate vans: two routes at the least."""
    assert sisr.route_floor(sisr.pack(_line_day())) == 2
    assert sisr.route_floor(sisr.pack(_line_day(pickup=(0, 5, 5, 5, 6)))) == 3


def test_three_routes_of_twenty_crates_become_two_and_the_third_van_closes() -> None:
    """Routes 1 | 2 | 3-4 (5 crates a stop, 10-crate vans): 2 + 4 + 8 = 14 km and 3 vans, EUR 17. The
    phase takes a 5-crate route away and puts its stop where it fits: two full routes, 1-2 | 3-4
    (EUR 12 + 2) or 1-4 | 2-3 (EUR 14 + 2; the phase does not look at cost), cheaper than the three. The search then
    goes on from them with the emptied van closed."""
    state, searched, done = _phase(_line_day(), [[1], [2], [3, 4]], iterations=5000)
    routes = [sorted(state.routes[v, : state.lens[v]].tolist()) for v in range(3)]
    assert sorted(r for r in routes if r) in ([[1, 2], [3, 4]], [[1, 4], [2, 3]])
    assert state.scalars[k.CUR] == state.scalars[k.BEST] <= 16 * COST_UNITS_PER_EUR
    empty = routes.index([])
    assert not searched.allowed[empty].any() and searched.allowed[[v for v in range(3) if v != empty]].all()
    assert 0 < done < 5000, "the phase ends once the routes are down to the floor"


def test_routes_at_the_floor_are_left_alone() -> None:
    state, searched, done = _phase(_line_day(), [[1, 2], [3, 4], []], iterations=100)
    assert done == 0 and searched is None
    assert state.lens.tolist() == [2, 2, 0]


def test_without_a_fixed_cost_or_with_a_shift_too_short_no_route_goes() -> None:
    """Fewer routes are the aim only where vans cost a fixed sum. And when the shift (6 s here, a
    stop 1 s out) keeps every route to one stop, the phase gives up after its patience."""
    free = replace(_line_day(), vehicles=tuple(van(x) for x in "abc"))
    state, searched, done = _phase(free, [[1], [2], [3, 4]], iterations=5000)
    assert done == 0 and searched is None and state.lens.tolist() == [1, 1, 2]
    short = _line_day(pickup=(0, 5, 5), distance=((0, 1, 1), (1, 0, 9), (1, 9, 0)))
    short = replace(short, vehicles=tuple(replace(v, shift_end_s=6) for v in short.vehicles))
    state, searched, done = _phase(short, [[1], [2], []], iterations=50_000)
    assert sorted(state.lens.tolist()) == [0, 1, 1] and searched is None
    assert done <= SearchSettings().fleet.patience + SearchSettings().sisr.count_chunk


def test_a_day_of_more_stops_than_the_limit_keeps_its_routes() -> None:
    few = SearchSettings(fleet=FleetSettings(max_stops=3))
    state, searched, done = _phase(_line_day(), [[1], [2], [3, 4]], iterations=5000, settings=few)
    assert done == 0 and searched is None and state.lens.tolist() == [1, 1, 2]


def test_fewer_routes_that_cost_more_do_not_win() -> None:
    """Stops 1 and 2 are 5 km from the hub but 20 km apart: EUR 20 + 2 in two routes, 30 + 1 in one.
    The phase finds the one route; the search from it races the search from the two, and both
    ``improve`` and the engine return the two."""
    d = ((0, 5000, 5000), (5000, 0, 20_000), (5000, 20_000, 0))
    p = _line_day(pickup=(0, 5, 5), distance=d)
    state, _, _ = _phase(p, [[1], [2], []], iterations=100)
    assert (state.lens > 0).sum() == 1 and state.scalars[k.CUR] == state.scalars[k.BEST] == 31 * COST_UNITS_PER_EUR
    assert sisr.improve(p, [[1], [2], []], seed=0, stop=MaxIterations(400))[1] == 22 * COST_UNITS_PER_EUR
    sol = ortools_engine.solve(p, FAST)
    assert evaluate(p, sol).cost == 22 * COST_UNITS_PER_EUR and len([r for r in sol.routes if r.nodes]) == 2


def test_improve_serves_a_full_day_with_the_fewest_vans_and_passes_the_checker() -> None:
    """Eight 5-crate stops on a line, one route each to start, eight 10-crate vans: the crates fit
    four routes, and ``improve`` ends with four, which pass the checker at the kernel's cost."""
    pickup = (0,) + (5,) * 8
    d = line(9)
    vans = tuple(replace(van(f"v{i}"), fixed_cost=COST_UNITS_PER_EUR) for i in range(8))
    p = DayProblem(d, d, (0,) * 9, (0,) * 9, pickup, ((0, 99999),) * 9, vans)
    routes, cost, _ = sisr.improve(p, [[i] for i in range(1, 9)], seed=3, stop=MaxIterations(2000))
    assert sum(1 for r in routes if r) == 4
    sol = DaySolution([RouteResult(v, r, 0) for v, r in enumerate(routes) if r], [])
    verdict = evaluate(p, sol)
    assert verdict.feasible, verdict.problem
    assert verdict.cost == cost
    assert np.array_equal(sorted(s for r in routes for s in r), range(1, 9))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day_problems(), st.integers(0, 1000))
def test_from_one_route_a_stop_the_routes_pass_the_checker_and_cost_no_more(problem: DayProblem, seed: int) -> None:
    """Every stop alone in its own van (a van for each, any van for any stop), so the phase has
    routes to take away: the result serves every stop once, passes the checker at the kernel's
    cost, costs no more than the start, and the same seed gives the same routes."""
    vans = tuple(replace(problem.vehicles[i % len(problem.vehicles)], name=f"v{i}") for i in problem.stop_nodes)
    problem = replace(problem, vehicles=vans, allowed_vehicles=())
    start = [[s] for s in problem.stop_nodes]
    start_cost = sisr.improve(problem, start, seed=seed, stop=MaxIterations(0))[1]
    routes, cost, _ = sisr.improve(problem, start, seed=seed, stop=MaxIterations(3000))
    assert sorted(s for r in routes for s in r) == list(problem.stop_nodes)
    assert 0 <= cost <= start_cost
    objective, solution = read_back(problem, routes)  # departures as late as waiting allows
    assert objective == cost
    verdict = evaluate(problem, DaySolution(solution.routes, solution.dropped))
    assert verdict.feasible, verdict.problem
    assert sisr.improve(problem, start, seed=seed, stop=MaxIterations(3000))[:2] == (routes, cost)
