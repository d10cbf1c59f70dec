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

Search (tuned on CVRPLIB X and generated library days, see benchmarks/README.md): SAVINGS, then a
warm start from greedy routes, each followed by guided local search on half the budget
(:func:`solve`, one core), or both side by side on two cores (:func:`solve_parallel`).
Measured and left at their defaults: the GLS lambda (0.05-1.0 changed nothing beyond noise),
the multi-armed-bandit operator order (worse at 150 stops). OR-Tools 9.15's
``use_iterated_local_search`` with SISR ruin-and-recreate had no effect in this build (the
search ends in the same local optimum, with GREEDY_DESCENT in 0.8 s of a 5 s budget).
"""
from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
from ortools.constraint_solver import pywrapcp, routing_enums_pb2
from google.protobuf.duration_pb2 import Duration

from .greedy import greedy_routes
from .problem import COST_UNITS_PER_EUR, DayProblem, DaySolution, RouteResult, SearchParams, Vehicle
from ..workers import process_pool

DROP_PENALTY = 10**13  # far above any feasible day's cost: only unserviceable stops are dropped


#: With ``SearchParams.first_solution == "AUTO"``: the searches tried, in this order (GREEDY: a warm
#: start from :func:`.greedy.greedy_routes`). Measured at a 10 s budget (benchmarks/README.md):
#: SAVINGS beats PARALLEL_CHEAPEST_INSERTION on pickup-and-delivery days (at 150 stops the latter
#: left stops out) and on half the CVRPLIB X instances; the greedy warm start beats
#: PARALLEL_CHEAPEST_INSERTION at 5 s on 5 of 6 days and X instances; two searches on half the
#: budget each beat one on all of it, because guided local search stalls after its first seconds
#: (20 s gave the same cost as 10 s on 7 of 9 instances).
AUTO_STRATEGIES = ("SAVINGS", "GREEDY")


#: Above this many stops, OR-Tools' first solutions do not finish in a planning budget on
#: pickup-and-delivery days (3 s for SAVINGS at 150 stops; nothing at 1,000 stops in 40 s): the
#: search starts from :func:`.greedy.greedy_routes` instead.
GREEDY_ABOVE = 200


def strategies(problem: DayProblem, params: SearchParams) -> tuple[str, ...]:
    """The first-solution strategies one solve tries (one only when warm-started or chosen);
    ``GREEDY`` is a warm start from nearest-neighbour routes."""
    if params.first_solution != "AUTO":
        return (params.first_solution,)
    if params.initial_routes:
        return AUTO_STRATEGIES[:1]
    if problem.num_nodes - problem.num_depots > GREEDY_ABOVE:
        return ("GREEDY",)
    return AUTO_STRATEGIES


def search_parameters(params: SearchParams, first_solution: str | None = None
                      ) -> pywrapcp.DefaultRoutingSearchParameters:
    sp = pywrapcp.DefaultRoutingSearchParameters()
    name = first_solution or params.first_solution
    sp.first_solution_strategy = getattr(routing_enums_pb2.FirstSolutionStrategy,
                                         AUTO_STRATEGIES[0] if name in ("AUTO", "GREEDY") else name)
    sp.local_search_metaheuristic = getattr(routing_enums_pb2.LocalSearchMetaheuristic, params.metaheuristic)
    if params.gls_lambda is not None:
        sp.guided_local_search_lambda_coefficient = params.gls_lambda
    if params.use_ils:
        # 9.15's iterated local search needs a ruin strategy; the default parameters carry none.
        sp.use_iterated_local_search = True
        rr = sp.iterated_local_search_parameters.ruin_recreate_parameters
        if not rr.ruin_strategies:
            sisr = rr.ruin_strategies.add().sisr
            sisr.max_removed_sequence_size = 10
            sisr.avg_num_removed_visits = 10
            sisr.bypass_factor = 0.01
    secs = max(params.time_limit_s, 0.01)
    sp.time_limit.CopyFrom(Duration(seconds=int(secs), nanos=int((secs % 1) * 1e9)))
    if params.solution_limit:
        sp.solution_limit = params.solution_limit
    sp.log_search = params.log
    return sp


def _add_time(model: pywrapcp.RoutingModel, manager: pywrapcp.RoutingIndexManager, vehicles: tuple[Vehicle, ...],
              windows: list[tuple[int, int]], service: np.ndarray, travel: np.ndarray, nd: int,
              n: int) -> pywrapcp.RoutingDimension:
    """The ``time`` dimension: windows on stops, shifts (with the break reserved) and span costs."""
    horizon = 48 * 3600
    time_idx = model.RegisterTransitMatrix((service[:, None] + travel).tolist())
    model.AddDimension(time_idx, horizon, horizon, False, "time")
    tdim = model.GetDimensionOrDie("time")
    for node in range(nd, n):
        idx = manager.NodeToIndex(node)
        lo, hi = windows[node]
        tdim.CumulVar(idx).SetRange(int(lo), int(max(lo, hi - service[node])))
    for v_i, v in enumerate(vehicles):
        shift = v.shift_end_s - v.shift_start_s
        end_max, span_max = v.shift_end_s, shift
        if v.break_s > 0:
            if shift - v.break_s >= v.break_after_s:
                end_max = v.shift_end_s - v.break_s
                span_max = shift - v.break_s
            else:
                span_max = min(shift, v.break_after_s)
        tdim.CumulVar(model.Start(v_i)).SetRange(v.shift_start_s, end_max)
        tdim.CumulVar(model.End(v_i)).SetRange(v.shift_start_s, end_max)
        tdim.SetSpanUpperBoundForVehicle(span_max, v_i)
        coef = int(round(v.cost_per_hour * COST_UNITS_PER_EUR / 3600.0))
        if coef:
            tdim.SetSpanCostCoefficientForVehicle(coef, v_i)
    for v_i in range(len(vehicles)):
        model.AddVariableMinimizedByFinalizer(tdim.CumulVar(model.Start(v_i)))
        model.AddVariableMinimizedByFinalizer(tdim.CumulVar(model.End(v_i)))
    return tdim


def _rank(sol: DaySolution) -> tuple[int, int]:
    """Fewest stops left out first, then the lowest objective (the same model for every strategy)."""
    return len(sol.dropped), sol.objective


def solve(problem: DayProblem, params: SearchParams) -> DaySolution:
    """Solve one day on one core: each strategy of :func:`strategies` in turn on an equal share of the
    time left; the best solution wins."""
    t0 = time.perf_counter()
    names = strategies(problem, params)
    sols = []
    for k, name in enumerate(names):
        left = params.time_limit_s - (time.perf_counter() - t0)
        sols.append(solve_once(problem, replace(params, time_limit_s=left / (len(names) - k)), name))
    best = min(sols, key=_rank)
    best.seconds = time.perf_counter() - t0
    return best


def solve_parallel(problem: DayProblem, params: SearchParams, cores: int = 2) -> DaySolution:
    """Solve one day on ``cores`` processes: the strategies side by side, each with the whole budget."""
    names = strategies(problem, params)
    if cores < 2 or len(names) < 2:
        return solve(problem, params)
    t0 = time.perf_counter()
    with process_pool(min(cores, len(names)) - 1) as pool:
        futures = [pool.submit(solve_once, problem, params, name) for name in names[1:]]
        sols = [solve_once(problem, params, names[0])] + [f.result() for f in futures]
    best = min(sols, key=_rank)
    best.seconds = time.perf_counter() - t0
    return best


def solve_once(problem: DayProblem, params: SearchParams, first_solution: str | None = None) -> DaySolution:
    """One search. The seed permutes the stops handed to OR-Tools (its search has no seed)."""
    t0 = time.perf_counter()
    if first_solution == "GREEDY":
        params = replace(params, initial_routes=tuple(tuple(r) for r in greedy_routes(problem)))
    n, nd = problem.num_nodes, problem.num_depots
    stops = np.arange(nd, n)
    if params.seed:
        np.random.default_rng(params.seed).shuffle(stops)
    order = list(range(nd)) + [int(s) for s in stops]   # solver node -> problem node
    if not problem.vehicles or n == nd:
        return DaySolution([], dropped=list(range(nd, n)), status="EMPTY", seconds=time.perf_counter() - t0)

    dist = np.asarray(problem.distance_m, dtype=np.int64)[np.ix_(order, order)]
    travel = np.asarray(problem.travel_s, dtype=np.int64)[np.ix_(order, order)]
    service = np.asarray(problem.service_s, dtype=np.int64)[order]
    delivery = [int(problem.delivery[i]) for i in order]
    pickup = [int(problem.pickup[i]) for i in order]
    windows = [problem.windows[i] for i in order]
    vehicles = problem.vehicles

    depot_nodes = [v.depot for v in vehicles]
    manager = pywrapcp.RoutingIndexManager(n, len(vehicles), depot_nodes, depot_nodes)
    model = pywrapcp.RoutingModel(manager)

    # Rows/columns in RoutingIndexManager index order (the matrix API works on node indices).
    def register(matrix: np.ndarray) -> int:
        return model.RegisterTransitMatrix(matrix.tolist())

    arc_cost_index: dict[float, int] = {}
    for v_i, v in enumerate(vehicles):
        if v.cost_per_km not in arc_cost_index:
            cost = np.rint(dist * (v.cost_per_km * COST_UNITS_PER_EUR / 1000.0)).astype(np.int64)
            arc_cost_index[v.cost_per_km] = register(cost)
        model.SetArcCostEvaluatorOfVehicle(arc_cost_index[v.cost_per_km], v_i)
        model.SetFixedCostOfVehicle(int(v.fixed_cost), v_i)

    # Time: service at the from-node, then travel. A problem without times (the CVRP benchmark)
    # skips the dimension: it would constrain nothing and only slow the search down.
    timeless = not travel.any() and not service.any() and all(lo <= 0 for lo, _ in windows) \
        and all(v.shift_start_s == 0 and not v.cost_per_hour for v in vehicles)
    tdim = None
    if not timeless:
        tdim = _add_time(model, manager, vehicles, windows, service, travel, nd, n)

    # Load: simultaneous pickup and delivery.
    caps = [int(v.capacity) for v in vehicles]
    if any(delivery) or any(pickup):
        deliv_idx = model.RegisterUnaryTransitVector(delivery)
        model.AddDimensionWithVehicleCapacity(deliv_idx, 0, caps, True, "delivered")
        if any(pickup):
            change_idx = model.RegisterUnaryTransitVector([p - d for p, d in zip(pickup, delivery)])
            model.AddDimensionWithVehicleCapacity(change_idx, 0, caps, False, "load")
            ddim, ldim = model.GetDimensionOrDie("delivered"), model.GetDimensionOrDie("load")
            solver = model.solver()
            for v_i in range(len(vehicles)):
                solver.Add(ldim.CumulVar(model.Start(v_i)) == ddim.CumulVar(model.End(v_i)))

    for node in range(nd, n):
        model.AddDisjunction([manager.NodeToIndex(node)], DROP_PENALTY)
        allowed = problem.allowed_vehicles[order[node]] if problem.allowed_vehicles else ()
        if allowed:
            # -1 keeps the stop droppable (SetAllowedVehiclesForIndex's binding rejects lists here).
            model.VehicleVar(manager.NodeToIndex(node)).SetValues([-1] + [int(v) for v in allowed])

    sp = search_parameters(params, first_solution)
    assignment = None
    if params.initial_routes:
        solver_node = {p: i for i, p in enumerate(order)}
        model.CloseModelWithParameters(sp)
        init = model.ReadAssignmentFromRoutes(
            [[manager.NodeToIndex(solver_node[p]) for p in r] for r in params.initial_routes], True)
        if init is not None:
            assignment = model.SolveFromAssignmentWithParameters(init, sp)
    if assignment is None:
        assignment = model.SolveWithParameters(sp)
    status = model.status()
    status_name = {v: k for k, v in routing_enums_pb2.RoutingSearchStatus.Value.items()}.get(status, str(status))
    if assignment is None:
        return DaySolution([], dropped=[order[i] for i in range(nd, n)], status=status_name,
                           seconds=time.perf_counter() - t0)
    routes: list[RouteResult] = []
    served: set[int] = set()
    for v_i in range(len(vehicles)):
        idx = model.Start(v_i)
        start_s = assignment.Value(tdim.CumulVar(idx)) if tdim else vehicles[v_i].shift_start_s
        nodes: list[int] = []
        idx = assignment.Value(model.NextVar(idx))
        while not model.IsEnd(idx):
            node = manager.IndexToNode(idx)
            nodes.append(order[node])
            served.add(order[node])
            idx = assignment.Value(model.NextVar(idx))
        if nodes:
            routes.append(RouteResult(v_i, nodes, int(start_s)))
    dropped = [s for s in range(nd, n) if s not in served]
    return DaySolution(routes, dropped, int(assignment.ObjectiveValue()), status_name,
                       time.perf_counter() - t0)
