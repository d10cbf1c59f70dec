"""The OR-Tools engine's search: read-back, improve, the optimum of a small CVRP, fallbacks, cores."""

from __future__ import annotations

import time
from dataclasses import replace

from logistics_opt.bench.cvrp import day_problem, read_cvrp, route_cost
from logistics_opt.routing.judge import evaluate
from logistics_opt.routing.ortools_engine import improve
from logistics_opt.routing.ortools_engine import solve as ortools_solve
from logistics_opt.routing.ortools_model import DayModel, search_parameters
from logistics_opt.routing.problem import DaySolution, RouteResult, SearchParams
from logistics_opt.routing.settings import OrtoolsSettings, SearchSettings
from tests.factories import CVRP
from tests.factories import grid_problem as _grid_problem


def test_routes_read_back_after_a_search_that_used_its_time() -> None:
    """Regression: reading routes into a model whose last search ended on its time limit failed
    (ReadAssignmentFromRoutes restores under that spent limit), and the engine silently solved
    from scratch instead."""
    p = _grid_problem(20, vans=8)  # travel times: the model has a time dimension
    day = DayModel(p)
    first = day.solve(search_parameters(SearchParams(time_limit_s=0.3), "SAVINGS"))
    routes = day.routes(first)
    routes[0], routes[1] = routes[1], routes[0]  # same cost, different vans: a visible change
    again = day.solve(
        search_parameters(SearchParams(time_limit_s=1, solution_limit=1), "SAVINGS", "GREEDY_DESCENT"),
        routes,
    )
    assert day.routes(again) == routes


def test_improve_never_returns_worse_and_repeats_with_a_seed() -> None:
    """From one van per stop, the loop finds a cheaper plan; same seed and round limit, same routes."""
    p = _grid_problem(12, vans=12)
    start = [[s] for s in p.stop_nodes]
    day = DayModel(p)
    cost = day.solve(
        search_parameters(SearchParams(time_limit_s=1, solution_limit=1), "SAVINGS", "GREEDY_DESCENT"),
        start,
    )
    params = SearchParams(time_limit_s=20, solution_limit=30, seed=3)
    a, a_cost = improve(p, start, cost.ObjectiveValue(), params, time.perf_counter() + 20)
    b, b_cost = improve(p, start, cost.ObjectiveValue(), params, time.perf_counter() + 20)
    assert (a, a_cost) == (b, b_cost) and a_cost < cost.ObjectiveValue()
    judge = [evaluate(p, DaySolution([RouteResult(v, r, 0) for v, r in enumerate(x) if r])) for x in (start, a)]
    assert all(j.feasible for j in judge) and judge[1].cost < judge[0].cost
    assert sorted(s for r in a for s in r) == list(p.stop_nodes)


def test_solve_reaches_the_optimum_of_a_small_cvrp() -> None:
    """E-n22-k4 (BKS 375, CVRPLIB): the engine finds it within 20 solutions (and their ruin-and-recreate
    rounds); the time limit is only a far-off cap, so the result does not depend on the machine's load."""
    inst = read_cvrp(CVRP / "E-n22-k4.vrp")
    sol = ortools_solve(day_problem(inst), SearchParams(time_limit_s=120, solution_limit=20))
    assert not sol.dropped and route_cost(inst, [r.nodes for r in sol.routes]) == 375


def test_a_first_solution_that_misses_its_share_falls_back_to_greedy_routes() -> None:
    """Regression: with 1 s for 150 pickup-and-delivery stops, SAVINGS did not finish in its
    share and the engine returned every stop unserved. Now it starts from greedy routes."""
    no_time = SearchSettings(ortools=OrtoolsSettings(first_share=1e-6))  # no time at all for SAVINGS
    p = _grid_problem(150, vans=60, pickup=2, shift=10**6)
    # first_share leaves SAVINGS no time whatever the budget; the rest of a generous budget lets a busy
    # machine still finish the greedy start and its read-back (1.5 s did not, with a busy loop per core).
    sol = ortools_solve(p, SearchParams(time_limit_s=5, settings=no_time))
    assert not sol.dropped and evaluate(p, sol).feasible


def test_reproducible_runs_do_not_depend_on_the_cores() -> None:
    """With a solution limit, one core runs the two-core searches in turn: the same routes."""
    from logistics_opt.routing.ortools_engine import solve_parallel

    p = _grid_problem(24, vans=10, pickup=1)
    params = SearchParams(time_limit_s=30, solution_limit=40, seed=5)
    one, two = ortools_solve(p, params), solve_parallel(p, params, cores=2)
    assert [(r.vehicle, r.nodes) for r in one.routes] == [(r.vehicle, r.nodes) for r in two.routes]
    assert one.objective == two.objective and not one.dropped


def test_the_week_queue_solves_each_day_as_solve_does() -> None:
    """All days' searches in one queue over two processes (reproducible weeks): each day gets the routes
    that solving it alone gives, a van that reloads included, and each day is reported done once."""
    from logistics_opt.routing.ortools_engine import solve_days
    from tests.factories import line_problem, van

    reload_day = line_problem((replace(van(capacity=8, cph=36.0), max_trips=2, reload_s=100),), (0, 8, 8), (0, 0, 0))
    days = [_grid_problem(14, vans=6, pickup=1), reload_day, _grid_problem(9, vans=4)]
    params = [SearchParams(time_limit_s=30, solution_limit=20, seed=s) for s in (1, 2, 3)]
    done: list[int] = []
    pooled = solve_days(days, params, cores=2, on_day=done.append)
    for p, pr, got in zip(days, params, pooled, strict=True):
        alone = ortools_solve(p, pr)
        assert [(r.vehicle, r.nodes, r.reload_after) for r in got.routes] == [
            (r.vehicle, r.nodes, r.reload_after) for r in alone.routes
        ]
    assert sorted(done) == [0, 1, 2] and pooled[1].routes[0].reload_after


def test_a_day_of_few_routes_rebuilds_ruined_routes_in_every_search(monkeypatch) -> None:
    """Below ``scratch_min_routes`` routes a round re-solves nearly the whole day, so a ``scratch``
    search hands ``ruined`` to the ruin-and-recreate loop; at or above it, ``scratch``."""
    from logistics_opt.routing import ortools_engine as eng

    seen = []

    def record(problem, routes, cost, params, deadline, rebuild="ruined"):
        seen.append((sum(1 for r in routes if r), rebuild))
        return routes, cost

    monkeypatch.setattr(eng, "improve", record)
    # The rule of the OR-Tools rebuild (vans that reload): the compiled kernel switched off.
    settings = SearchSettings(ortools=OrtoolsSettings(compiled=False))
    params = SearchParams(time_limit_s=30, solution_limit=5, settings=settings)
    for n in (8, 16):  # 3 crates a stop in 10-crate vans: 3 routes, then 6
        eng.search(_grid_problem(n, vans=8), params, "SAVINGS", "scratch")
    assert seen == [(3, "ruined"), (6, "scratch")] and settings.ortools.scratch_min_routes == 4
