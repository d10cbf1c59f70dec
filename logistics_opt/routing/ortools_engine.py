"""Every OR-Tools routing call lives here (its ``pywrapcp`` wrapper is changing upstream).

Model of one day, a vehicle-routing problem with simultaneous pickup and delivery:
- arc cost per vehicle type = metres x EUR/km, in 1e-5 EUR, registered as a native matrix;
- ``time`` dimension: service at the from-node + travel, waiting allowed as slack; windows on
  stops, the shift on each van; the span costs EUR/hour;
- ``delivered`` dimension counts crates dropped so far; ``load`` changes by pickup - delivery
  and starts at the route's total delivery (load_start == delivered_end), so the crates aboard
  stay within capacity all along the route;
- a stop may be left out only at a prohibitive penalty, so the plan can name what is unserved;
- a problem without times (CVRP) has no ``time`` dimension.

Search (tuned on CVRPLIB X and generated library days, see benchmarks/HISTORY.md; the settings are
:class:`.settings.OrtoolsSettings`): two searches per day, each with its own first solution and seed
(:func:`search`): the first solution (SAVINGS, or greedy routes above ``greedy_above`` stops) with
guided local search on ``first_share`` of its budget, then ruin and recreate on the rest, in compiled
code (:mod:`.sisr`; ``compiled``). Vans that reload at the depot
(trip chains, which the compiled kernel does not model) rebuild instead through OR-Tools
(:func:`improve`: SISR-style string removal, the few ruined routes re-solved as a small OR-Tools
problem with greedy descent, simulated-annealing acceptance; a rebuild rule per search). One
core runs the searches in turn (:func:`solve`), two side by side (:func:`solve_parallel`); a
reproducible week puts every day's searches in one queue over the cores (:func:`solve_days`). Vans
that may reload at the depot are searched as chains of trips (:mod:`.trips`).
Measured and left at their defaults: the GLS lambda (0.05-1.0 changed nothing beyond noise),
the multi-armed-bandit operator order (worse at 150 stops). OR-Tools 9.15's
``use_iterated_local_search`` is not reached through the Python wrapper's Solve calls in this
build (with it set, the search stops at the first local optimum), hence :func:`improve`.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable
from concurrent.futures import as_completed
from dataclasses import replace
from typing import NamedTuple

import numpy as np
from ortools.constraint_solver import pywrapcp

from ..errors import LogisticsError
from ..workers import process_pool
from . import ruin, sisr, trips
from .greedy import greedy_routes
from .judge import evaluate
from .ortools_model import AUTO_STRATEGIES, DayModel, search_parameters
from .problem import DayProblem, DaySolution, SearchParams
from .rules import DROP_PENALTY
from .stop import MaxRuntime, stop_after


def strategies(problem: DayProblem, params: SearchParams) -> tuple[str, ...]:
    """The first-solution strategies one solve tries (one only when warm-started or chosen);
    ``GREEDY`` is a warm start from nearest-neighbour routes."""
    chosen = params.settings.ortools.first_solution
    if chosen != "AUTO":
        return (chosen,)
    if params.initial_routes:
        return AUTO_STRATEGIES[:1]
    if problem.num_nodes - problem.num_depots > params.settings.ortools.greedy_above:
        return ("GREEDY",)
    return AUTO_STRATEGIES


def _rank(sol: DaySolution) -> tuple[int, int]:
    """Fewest stops left out first, then the lowest objective (the same model for every strategy)."""
    return len(sol.dropped), sol.objective


def solve(problem: DayProblem, params: SearchParams, cores: int = 1) -> DaySolution:
    """Solve one day: on two or more cores the searches run side by side (:func:`solve_parallel`);
    on one core one after the other on equal shares of the budget. The best solution wins. With a
    solution limit the plan is the same on one core as on two. Vans that may reload are searched as
    chains of trips (:mod:`.trips`)."""
    if trips.multi_trip(problem):
        return _solve_with_reloads(problem, params, cores)
    if cores >= 2:
        return solve_parallel(problem, params, cores)
    budget = MaxRuntime(params.time_limit_s)
    runs = _runs(problem, params, len(params.settings.ortools.rebuilds))
    sols = []
    for k, run in enumerate(runs):
        # Reproducible runs (a solution limit) stop on work: each search may use what is left as its cap.
        of = 1 if params.solution_limit else len(runs) - k
        sols.append(run_search(problem, run._replace(params=replace(run.params, time_limit_s=budget.share(1, of)))))
    best = _best(problem, sols)
    best.seconds = budget.elapsed()
    best.capped = any(s.capped for s in sols)
    return best


def _solve_with_reloads(problem: DayProblem, params: SearchParams, cores: int) -> DaySolution:
    """The day without reloads first; then the trips chained (:mod:`.trips`), started from that plan.
    The cheaper wins (the plan without reloads on a tie), so allowing reloads never costs more. A time
    limit is shared between the phases; with a solution limit the second phase, which starts from a
    plan, does half the ruin-and-recreate rounds."""
    budget = MaxRuntime(params.time_limit_s)
    first = params if params.solution_limit else replace(params, time_limit_s=budget.share(1, 2))
    single = solve(trips.single_trips(problem), first, cores)
    if params.solution_limit:  # the second phase starts from a plan: half the rounds
        second = replace(params, rounds=max(1, _rounds(params) // 2))
    else:
        second = replace(params, time_limit_s=budget.left(0.05))
    warm = replace(second, initial_routes=trips.first_trips(problem, single))
    chained = trips.collapse(problem, solve(trips.expand(problem), warm, cores))
    best = min([single, chained], key=_rank)
    best.seconds = single.seconds + chained.seconds
    best.capped = single.capped or chained.capped
    return best


def solve_days(
    problems: list[DayProblem],
    params: list[SearchParams],
    cores: int = 2,
    on_day: Callable[[int], None] | None = None,
) -> list[DaySolution]:
    """Several days, each solved as :func:`solve` solves it on ``cores`` (the same searches, so with a
    solution limit the same plans), but every day's searches in one queue over ``cores`` processes: a
    core that finishes a search takes the next, instead of waiting for the day's slower search."""
    count = [cores if cores >= 2 else len(p.settings.ortools.rebuilds) for p in params]
    queued = [i for i, p in enumerate(problems) if not trips.multi_trip(p)]
    jobs = [(i, k, run) for i in queued for k, run in enumerate(_runs(problems[i], params[i], count[i]))]
    found: dict[int, dict[int, DaySolution]] = {i: {} for i in queued}
    out: dict[int, DaySolution] = {}
    with process_pool(max(1, cores)) as pool:
        futures = {pool.submit(run_search, problems[i], run): (i, k) for i, k, run in jobs}
        for future in as_completed(futures):
            i, k = futures[future]
            found[i][k] = future.result()
            if len(found[i]) == count[i]:
                sols = [found[i][k] for k in range(count[i])]
                out[i] = _best(problems[i], sols)
                out[i].seconds = max(s.seconds for s in sols)
                out[i].capped = any(s.capped for s in sols)
                if on_day:
                    on_day(i)
    for i, problem in enumerate(problems):
        if i not in out:  # vans that reload: two phases (:func:`_solve_with_reloads`), each on all cores
            out[i] = solve(problem, params[i], cores)
            if on_day:
                on_day(i)
    return [out[i] for i in range(len(problems))]


class Run(NamedTuple):
    """One search of a day: its parameters (own seed), first solution and rebuild rule, or PyVRP's search."""

    params: SearchParams
    first_solution: str
    rebuild: str
    pyvrp: bool = False


def _runs(problem: DayProblem, params: SearchParams, count: int) -> list[Run]:
    """The searches of a day: each with its own seed, first solution and rebuild rule; on a large day
    (:func:`pyvrp_helps`) the second is PyVRP's search."""
    names = strategies(problem, params)
    rebuilds = params.settings.ortools.rebuilds
    large = count >= 2 and pyvrp_helps(problem, params)
    return [
        Run(replace(params, seed=params.seed + k), names[k % len(names)], rebuilds[k % len(rebuilds)], large and k == 1)
        for k in range(count)
    ]


def pyvrp_helps(problem: DayProblem, params: SearchParams) -> bool:
    """Whether one of the day's searches is PyVRP's: a cold start (no routes to carry on from) of more than
    ``pyvrp_above`` stops (``pyvrp_above_untimed`` on a day without times) that PyVRP models (every van may
    serve every stop, no reloads), with pyvrp installed, on a time limit. On such days the two searches
    together beat two of ours (benchmarks/README.md, VRPSPD). A reproducible run (a solution limit) keeps
    two of ours: PyVRP's iterations are not our work, so a work limit would give one or the other too little."""
    settings = params.settings.ortools
    above = settings.pyvrp_above
    if above is not None and settings.pyvrp_above_untimed is not None and not problem.timed:
        above = min(above, settings.pyvrp_above_untimed)
    return (
        above is not None
        and not params.solution_limit
        and not params.initial_routes
        and problem.num_nodes - problem.num_depots > above
        and not trips.multi_trip(problem)
        and not problem.restricts_vans
        and importlib.util.find_spec("pyvrp") is not None
    )


def run_search(problem: DayProblem, run: Run) -> DaySolution:
    """One search: ours (:func:`search`) or PyVRP's (:mod:`.pyvrp_engine`). A PyVRP search that serves not
    every stop gives way: its result leaves every stop out, so the other search's plan wins."""
    if not run.pyvrp:
        return search(problem, run.params, run.first_solution, run.rebuild)
    from .pyvrp_engine import solve as pyvrp_solve

    try:
        return pyvrp_solve(problem, run.params)
    except LogisticsError as exc:
        return DaySolution([], dropped=list(problem.stop_nodes), status=f"pyvrp: {exc}", engine="pyvrp")


def _best(problem: DayProblem, sols: list[DaySolution]) -> DaySolution:
    """The day's plan among its searches' (:func:`_rank`). With a PyVRP search among them, all are judged by
    one cost (:func:`.judge.evaluate`), PyVRP's objective being its own; a plan that breaks a rule loses."""
    if not any(s.engine == "pyvrp" for s in sols):
        return min(sols, key=_rank)
    judged = [(evaluate(problem, s), s) for s in sols]
    verdict, best = min(judged, key=lambda j: (len(j[1].dropped), not j[0].feasible, j[0].cost))
    best.objective = verdict.cost
    return best


def search(
    problem: DayProblem, params: SearchParams, first_solution: str | None = None, rebuild: str = "ruined"
) -> DaySolution:
    """One search on one core: a first solution improved by guided local search on
    ``first_share`` of the budget, then ruin and recreate (:func:`improve`) on the rest."""
    settings = params.settings.ortools
    if settings.compiled and sisr.supports(problem):
        sisr.warm_up()  # before the clock: loading (or compiling) the kernel is no search time
    budget = MaxRuntime(params.time_limit_s)
    name = first_solution or strategies(problem, params)[0]
    if name == "GREEDY":
        params = replace(params, initial_routes=tuple(tuple(r) for r in greedy_routes(problem)))
    if not problem.vehicles or problem.num_nodes == problem.num_depots:
        return DaySolution([], dropped=list(problem.stop_nodes), status="EMPTY", seconds=budget.elapsed())
    day = DayModel(problem, params.seed)
    # With a solution limit (reproducible runs) that limit bounds the first search, and the time
    # limit is only a cap: a share of it could cut the search at a machine-dependent point.
    first = params if params.solution_limit else replace(params, time_limit_s=budget.seconds * settings.first_share)
    assignment = day.solve(search_parameters(first, name), params.initial_routes)
    if name != "GREEDY" and (assignment is None or assignment.ObjectiveValue() >= DROP_PENALTY):
        # Stops left out: typically the first solution did not finish in its share (SAVINGS on 150
        # pickup-and-delivery stops needs ~1 s) and OR-Tools answered with every stop dropped.
        # Greedy routes take milliseconds; keep whichever start is cheaper.
        first = replace(first, time_limit_s=max(first.time_limit_s - (budget.elapsed()), 0.05))
        other = day.solve(search_parameters(first, "GREEDY"), greedy_routes(problem))
        if other is not None and (assignment is None or other.ObjectiveValue() < assignment.ObjectiveValue()):
            assignment = other
    if assignment is None:
        return day.solution(None, budget.elapsed())
    deadline = budget.start + budget.seconds * (1 - settings.final_reserve)
    tries: dict[int, int] = {}
    if settings.compiled and sisr.supports(problem):
        iterations = _rounds(params) * params.settings.sisr.iterations_per_round  # 0: until the deadline
        stop = stop_after(iterations or None, deadline)
        routes, _, tries = sisr.improve(problem, day.routes(assignment), params.seed, stop, params.settings)
    else:
        if sum(1 for r in day.routes(assignment) if r) < settings.scratch_min_routes:
            rebuild = "ruined"
        routes, _ = improve(
            problem, day.routes(assignment), int(assignment.ObjectiveValue()), params, deadline, rebuild
        )
    # Read the routes back into the whole day's model for departure times and the objective.
    final = replace(params, time_limit_s=max(1.0, params.time_limit_s * settings.final_reserve), solution_limit=1)
    assignment = day.solve(search_parameters(final, name, "GREEDY_DESCENT"), routes) or assignment
    sol = day.solution(assignment, budget.elapsed())
    sol.tries = {s: tries[s] for s in sol.dropped if s in tries}
    # With a solution limit, the search is done by its work count well before the cap; using the
    # whole cap means the wall clock stopped it.
    sol.capped = bool(params.solution_limit) and time.perf_counter() >= deadline
    return sol


def solve_parallel(problem: DayProblem, params: SearchParams, cores: int = 2) -> DaySolution:
    """Solve one day on ``cores`` processes, each a :func:`search` from its own first solution,
    seed and rebuild rule; the best solution wins."""
    if cores < 2:
        return solve(problem, params)
    t0 = time.perf_counter()
    runs = _runs(problem, params, cores)
    with process_pool(cores - 1) as pool:
        futures = [pool.submit(run_search, problem, run) for run in runs[1:]]
        sols = [run_search(problem, runs[0])] + [f.result() for f in futures]
    best = _best(problem, sols)
    best.seconds = time.perf_counter() - t0
    best.capped = any(s.capped for s in sols)
    return best


def _round(
    problem: DayProblem,
    current: list[list[int]],
    near: dict[int, list[int]],
    rng: np.random.Generator,
    params: SearchParams,
    cap: float,
    rebuild: str,
) -> tuple[list[int], list[list[int]], int] | None:
    """One ruin-and-recreate round: ruin a few neighbouring routes (SISR) and rebuild them as a small
    OR-Tools problem. Returns (the vehicles rebuilt, their new routes, the change in cost), or None."""
    sisr_settings = params.settings.sisr
    vehicles, removed = ruin.sisr_ruin(current, near, rng, sisr_settings.avg_removed, sisr_settings.max_string)
    if not vehicles:
        return None
    empty = [v for v, r in enumerate(current) if not r]
    if empty:
        vehicles.append(empty[int(rng.integers(len(empty)))])
    vehicles = trips.whole_vans(problem, vehicles)
    served = {s for r in current for s in r}
    allowed = problem.allowed_vehicles
    unserved = [
        s
        for s in problem.stop_nodes
        if s not in served and (not allowed or not allowed[s] or set(allowed[s]) & set(vehicles))
    ]
    sub, nodes = ruin.restrict(problem, vehicles, [s for v in vehicles for s in current[v]] + unserved)
    local = {n: i for i, n in enumerate(nodes)}
    gone = set(removed)
    sub_day = DayModel(sub)
    evaluate = search_parameters(
        replace(params, time_limit_s=max(cap, 0.01), solution_limit=1), "SAVINGS", "GREEDY_DESCENT"
    )
    old = sub_day.solve(evaluate, [[local[s] for s in current[v]] for v in vehicles])
    if rebuild == "scratch":  # the routes' stops afresh: SAVINGS, then descent
        new = sub_day.solve(_descent_parameters(params, cap))
    else:  # the ruined routes, the removed stops to insert
        new = sub_day.solve(
            _descent_parameters(params, cap), [[local[s] for s in current[v] if s not in gone] for v in vehicles]
        )
    if old is None or new is None:
        return vehicles, [], 0
    routes = [[nodes[x] for x in r] for r in sub_day.routes(new)]
    return vehicles, routes, int(new.ObjectiveValue() - old.ObjectiveValue())


def improve(
    problem: DayProblem,
    routes: list[list[int]],
    cost: int,
    params: SearchParams,
    deadline: float,
    rebuild: str = "ruined",
) -> tuple[list[list[int]], int]:
    """Ruin and recreate (:mod:`.ruin`) from ``routes`` (per vehicle) of objective ``cost`` until
    ``deadline`` (``time.perf_counter()``), or for ``params.rounds`` rounds (default: a quarter of the
    solution limit) when a solution limit is set (then the result depends on the seed only). Each
    round (:func:`_round`) is accepted by simulated annealing; returns the best routes and their objective."""
    rng = np.random.default_rng(params.seed)
    near = ruin.neighbours(problem)
    anneal = ruin.Annealing()
    rounds = _rounds(params)
    stop = stop_after(rounds or None, deadline)
    sub_limit = params.settings.ortools.sub_limit_s
    current, current_cost = [list(r) for r in routes], cost
    best, best_cost = current, cost
    while not stop.done():
        left = deadline - time.perf_counter()
        # Reproducible runs let each descent reach its local optimum: a time cap would depend on the machine.
        step = _round(problem, current, near, rng, params, left if rounds else min(left, sub_limit), rebuild)
        if step is None:
            break
        stop.add(1)
        vehicles, new_routes, delta = step
        if not new_routes:
            continue
        if anneal.accept(current_cost + delta, current_cost, stop.fraction(), rng):
            current = [list(r) for r in current]
            for v, r in zip(vehicles, new_routes):
                current[v] = r
            current_cost += delta
            if current_cost < best_cost:
                best, best_cost = current, current_cost
    return best, best_cost


def _rounds(params: SearchParams) -> int:
    """Ruin-and-recreate rounds of a reproducible run (0 for a time-limited one): ``params.rounds``,
    or ``rounds_per_solution`` per solution of the limit."""
    if not params.solution_limit:
        return 0
    return params.rounds or max(1, int(params.solution_limit * params.settings.ortools.rounds_per_solution))


def _descent_parameters(params: SearchParams, cap: float) -> pywrapcp.DefaultRoutingSearchParameters:
    """A round's descent: greedy descent to a local optimum within ``cap`` seconds, on granular
    neighbourhoods when the settings ask (``descent_neighbors_ratio``: 0.3 cut its CPU by about a quarter
    on the Utrecht days but cost 5537 EUR/week over 3 seeds instead of 5518, benchmarks/HISTORY.md)."""
    sp = search_parameters(
        replace(params, time_limit_s=max(cap, 0.01), solution_limit=None), "SAVINGS", "GREEDY_DESCENT"
    )
    ratio = params.settings.ortools.descent_neighbors_ratio
    if ratio is not None:
        sp.ls_operator_neighbors_ratio, sp.ls_operator_min_neighbors = ratio, 10
    return sp
