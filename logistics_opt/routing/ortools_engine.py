"""Every OR-Tools routing call lives here (its ``pywrapcp`` wrapper is changing upstream).

Model of one day, a vehicle-routing problem with simultaneous pickup and delivery:
- arc cost per vehicle type = metres x EUR/km, in 1e-5 EUR, registered as a native matrix;
- ``time`` dimension: service at the from-node + travel, waiting allowed as slack; windows on
  stops, the shift on each van; the span costs EUR/hour;
- ``delivered`` dimension counts crates dropped so far; ``load`` changes by pickup - delivery
  and starts at the route's total delivery (load_start == delivered_end), so the crates aboard
  stay within capacity all along the route;
- a stop may be left out only at a prohibitive penalty, so the plan can name what is unserved.
"""
from __future__ import annotations

import time

import numpy as np
from ortools.constraint_solver import pywrapcp, routing_enums_pb2
from google.protobuf.duration_pb2 import Duration

from .problem import COST_UNITS_PER_EUR, DayProblem, DaySolution, RouteResult, SearchParams

DROP_PENALTY = 10**13  # far above any feasible day's cost: only unserviceable stops are dropped


def search_parameters(params: SearchParams) -> pywrapcp.DefaultRoutingSearchParameters:
    sp = pywrapcp.DefaultRoutingSearchParameters()
    sp.first_solution_strategy = getattr(routing_enums_pb2.FirstSolutionStrategy, params.first_solution)
    sp.local_search_metaheuristic = getattr(routing_enums_pb2.LocalSearchMetaheuristic, params.metaheuristic)
    if params.gls_lambda is not None:
        sp.guided_local_search_lambda_coefficient = params.gls_lambda
    if params.use_ils:
        sp.use_iterated_local_search = True
    secs = max(params.time_limit_s, 0.01)
    sp.time_limit.CopyFrom(Duration(seconds=int(secs), nanos=int((secs % 1) * 1e9)))
    if params.solution_limit:
        sp.solution_limit = params.solution_limit
    sp.log_search = params.log
    return sp


def solve(problem: DayProblem, params: SearchParams) -> DaySolution:
    """Solve one day. The seed permutes the stops handed to OR-Tools (its search has no seed)."""
    t0 = time.perf_counter()
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

    # Time: service at the from-node, then travel.
    horizon = 48 * 3600
    time_idx = register(service[:, None] + travel)
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

    sp = search_parameters(params)
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
        start_s = assignment.Value(tdim.CumulVar(idx))
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
