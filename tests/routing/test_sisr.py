"""The compiled ruin and recreate (:mod:`logistics_opt.routing.sisr`): its costs are the OR-Tools
model's, its routes pass the checker, and a seed and an iteration count fix its result."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from logistics_opt.routing import sisr
from logistics_opt.routing.judge import evaluate
from logistics_opt.routing.ortools_model import DayModel, search_parameters
from logistics_opt.routing.problem import COST_UNITS_PER_EUR, DayProblem, DaySolution, SearchParams
from logistics_opt.routing.rules import DROP_PENALTY
from logistics_opt.routing.settings import SearchSettings
from logistics_opt.routing.stop import MaxIterations
from tests.factories import line, line_problem, read_back, van
from tests.strategies import day_problems


def test_a_route_on_a_line_drives_out_and_back_once() -> None:
    """Three stops 1 km apart on a line, visited 3-1-2 (3 + 2 + 1 + 2 = 8 km); out to stop 3 and back
    is the least any order can drive (6 km, EUR 6), and the kernel finds such an order."""
    d = line(4)
    p = DayProblem(d, d, (0,) * 4, (0, 1, 1, 1), (0,) * 4, ((0, 99999),) * 4, (van(),))
    routes, cost, _ = sisr.improve(p, [[3, 1, 2]], seed=0, stop=MaxIterations(50))
    assert sorted(routes[0]) == [1, 2, 3]
    assert cost == 6 * COST_UNITS_PER_EUR


def test_the_van_leaves_late_rather_than_wait() -> None:
    """One stop 1 km out (1,000 s), open from 5,000 s; EUR 1/km and EUR 36/h. The van leaves at 4,000 s
    and is back at 6,000 s: 2 km + 2,000 s = EUR 2 + EUR 20, the OR-Tools model's cost to the unit."""
    d = line(2)
    p = DayProblem(d, d, (0, 0), (0, 1), (0, 0), ((0, 99999), (5000, 99999)), (van(cph=36.0),))
    routes, cost, _ = sisr.improve(p, [[1]], seed=0, stop=MaxIterations(0))
    assert cost == 22 * COST_UNITS_PER_EUR
    assert read_back(p, routes)[0] == cost


def test_a_first_route_over_capacity_is_left_alone() -> None:
    """Simultaneous pickup and delivery: with 10 crates aboard, stop 2 first (drop 2, collect 8)
    would carry 16. The kernel does not search from routes it finds infeasible."""
    p = line_problem((van(),))
    routes, cost, _ = sisr.improve(p, [[2, 1]], seed=0, stop=MaxIterations(100))
    assert (routes, cost) == ([[2, 1]], -1)
    assert sisr.improve(p, [[1, 2]], seed=0, stop=MaxIterations(100))[1] == 4 * COST_UNITS_PER_EUR


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day_problems(), st.integers(0, 1000))
def test_improved_routes_pass_the_checker_at_the_cost_ortools_gives(problem: DayProblem, seed: int) -> None:
    """From OR-Tools' first routes, the kernel's routes are no dearer, serve at least as many stops, read back
    into the OR-Tools model at exactly the kernel's cost, and pass the checker; the same seed and
    iteration count give the same routes."""
    day = DayModel(problem)
    first = day.solve(search_parameters(SearchParams(time_limit_s=30, solution_limit=1), "SAVINGS"))
    start = day.routes(first)
    served = sorted(s for r in start for s in r)
    routes, cost, _ = sisr.improve(problem, start, seed=seed, stop=MaxIterations(300))
    now = sorted(s for r in routes for s in r)
    left_out = DROP_PENALTY * (len(problem.stop_nodes) - len(now))
    assert len(served) <= len(now) == len(set(now))
    assert cost + left_out <= first.ObjectiveValue()
    objective, solution = read_back(problem, routes)
    assert objective == cost + left_out
    verdict = evaluate(problem, DaySolution(solution.routes, solution.dropped))
    assert verdict.feasible, verdict.problem
    assert sisr.improve(problem, start, seed=seed, stop=MaxIterations(300))[:2] == (routes, cost)


def test_only_days_without_reloads_are_packed() -> None:
    p = line_problem((van(),))
    assert sisr.supports(p)
    assert not sisr.supports(replace(p, trips=((0,),)))


def test_a_stop_the_first_routes_left_out_is_put_where_it_fits() -> None:
    """Stop 2 is in no first route; the kernel serves it before searching (6 km out and back on the line)."""
    d = line(4)
    p = DayProblem(d, d, (0,) * 4, (0, 1, 1, 1), (0,) * 4, ((0, 99999),) * 4, (van(),))
    routes, cost, _ = sisr.improve(p, [[1, 3]], seed=0, stop=MaxIterations(10))
    assert sorted(routes[0]) == [1, 2, 3] and cost == 6 * COST_UNITS_PER_EUR


def test_a_granular_insertion_tries_every_route_when_the_near_ones_are_full() -> None:
    """Stops 1-4 on a line, 5 crates each, two 10-crate vans: 1-2 full, 4 alone. Stop 3's nearest stops (itself
    and 2) lie in the full route, so a granular insertion of 2 neighbours finds no room there and tries every
    route: 3 joins 4. By default a day this small tries every route at once."""
    d = line(5)
    p = DayProblem(d, d, (0,) * 5, (0,) * 5, (0, 5, 5, 5, 5), ((0, 99999),) * 5, (van("a"), van("b")))
    narrow = SearchSettings().with_values({"sisr.granular": 2, "sisr.granular_above": 0})
    assert sisr.granular(p, narrow.sisr) == 2 and sisr.granular(p, SearchSettings().sisr) == 0
    routes, cost, tries = sisr.improve(p, [[1, 2], [4]], seed=0, stop=MaxIterations(0), settings=narrow)
    assert routes == [[1, 2], [3, 4]] and tries == {}
    assert cost == (4 + 8) * COST_UNITS_PER_EUR
