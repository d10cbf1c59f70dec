"""One day's OR-Tools routing model (with :mod:`.ortools_engine`, the only place OR-Tools routing is called).

A vehicle-routing problem with simultaneous pickup and delivery: arc cost per vehicle type =
metres x EUR/km in 1e-5 EUR; a ``time`` dimension (service at the from-node + travel, waiting as
slack, windows on stops, the shift with the break reserved, span cost per hour); ``delivered`` and
``load`` dimensions tied at the route start; every stop droppable at a prohibitive penalty. A
problem without times (CVRP) has no ``time`` dimension.
"""

from __future__ import annotations

import numpy as np
from google.protobuf.duration_pb2 import Duration
from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from .problem import DayProblem, DaySolution, RouteResult, SearchParams, Vehicle
from .rules import DROP_PENALTY, HORIZON_S, arc_costs, second_cost, shift_limits

#: First solutions a search may start from; GREEDY is a warm start from :func:`.greedy.greedy_routes`
#: (OR-Tools then starts from SAVINGS' parameters).
AUTO_STRATEGIES = ("SAVINGS", "GREEDY")


def search_parameters(
    params: SearchParams, first_solution: str | None = None, metaheuristic: str | None = None
) -> pywrapcp.DefaultRoutingSearchParameters:
    """OR-Tools' search parameters: the first solution and metaheuristic (default: the settings'), the
    time limit, and the solution limit of a reproducible run."""
    settings = params.settings.ortools
    sp = pywrapcp.DefaultRoutingSearchParameters()
    name = first_solution or settings.first_solution
    sp.first_solution_strategy = getattr(
        routing_enums_pb2.FirstSolutionStrategy, AUTO_STRATEGIES[0] if name in ("AUTO", "GREEDY") else name
    )
    sp.local_search_metaheuristic = getattr(
        routing_enums_pb2.LocalSearchMetaheuristic, metaheuristic or settings.metaheuristic
    )
    if settings.gls_lambda is not None:
        sp.guided_local_search_lambda_coefficient = settings.gls_lambda
    secs = max(params.time_limit_s, 0.01)
    sp.time_limit.CopyFrom(Duration(seconds=int(secs), nanos=int((secs % 1) * 1e9)))
    if params.solution_limit:
        sp.solution_limit = params.solution_limit
        # Reproducible runs: OR-Tools' large-neighbourhood operators stop on a wall-clock limit of their
        # own (100 ms by default); on a busy machine that cuts them at another point. Only the cap remains.
        sp.lns_time_limit.CopyFrom(Duration(seconds=int(secs) + 1))
    sp.log_search = params.log
    return sp


def _add_time(
    model: pywrapcp.RoutingModel,
    manager: pywrapcp.RoutingIndexManager,
    vehicles: tuple[Vehicle, ...],
    windows: list[tuple[int, int]],
    service: np.ndarray,
    travel: np.ndarray,
    nd: int,
    n: int,
) -> pywrapcp.RoutingDimension:
    """The ``time`` dimension: windows on stops, shifts (with the break reserved) and span costs."""
    time_idx = model.RegisterTransitMatrix((service[:, None] + travel).tolist())
    model.AddDimension(time_idx, HORIZON_S, HORIZON_S, False, "time")
    tdim = model.GetDimensionOrDie("time")
    for node in range(nd, n):
        idx = manager.NodeToIndex(node)
        lo, hi = windows[node]
        tdim.CumulVar(idx).SetRange(int(lo), int(max(lo, hi - service[node])))
    for v_i, v in enumerate(vehicles):
        end_max, span_max = shift_limits(v)
        tdim.CumulVar(model.Start(v_i)).SetRange(v.shift_start_s, end_max)
        tdim.CumulVar(model.End(v_i)).SetRange(v.shift_start_s, end_max)
        tdim.SetSpanUpperBoundForVehicle(span_max, v_i)
        coef = second_cost(v.cost_per_hour)
        if coef:
            tdim.SetSpanCostCoefficientForVehicle(coef, v_i)
    for v_i in range(len(vehicles)):
        model.AddVariableMinimizedByFinalizer(tdim.CumulVar(model.Start(v_i)))
        model.AddVariableMinimizedByFinalizer(tdim.CumulVar(model.End(v_i)))
    return tdim


def _add_load(model: pywrapcp.RoutingModel, caps: list[int], delivery: list[int], pickup: list[int]) -> None:
    """Simultaneous pickup and delivery: ``delivered`` counts crates dropped; ``load`` changes by pickup -
    delivery and starts at the route's total delivery, so the crates aboard stay within capacity."""
    if not any(delivery) and not any(pickup):
        return
    deliv_idx = model.RegisterUnaryTransitVector(delivery)
    model.AddDimensionWithVehicleCapacity(deliv_idx, 0, caps, True, "delivered")
    if any(pickup):
        change_idx = model.RegisterUnaryTransitVector([p - d for p, d in zip(pickup, delivery)])
        model.AddDimensionWithVehicleCapacity(change_idx, 0, caps, False, "load")
        ddim, ldim = model.GetDimensionOrDie("delivered"), model.GetDimensionOrDie("load")
        solver = model.solver()
        for v_i in range(len(caps)):
            solver.Add(ldim.CumulVar(model.Start(v_i)) == ddim.CumulVar(model.End(v_i)))


def _chain_trips(model: pywrapcp.RoutingModel, tdim: pywrapcp.RoutingDimension, problem: DayProblem) -> None:
    """A van's trip vehicles (:mod:`.trips`) in order: trip k + 1 only after trip k, leaving no earlier
    than trip k's return plus the reload; the whole day within the van's working time."""
    solver = model.solver()
    for group in problem.trips:
        for a, b in zip(group, group[1:]):
            later = model.ActiveVehicleVar(b)
            solver.Add(model.ActiveVehicleVar(a) >= later)
            reload_s = problem.vehicles[b].reload_s
            solver.Add(tdim.CumulVar(model.Start(b)) >= tdim.CumulVar(model.End(a)) + later * reload_s)
        if len(group) > 1:
            _, span_max = shift_limits(problem.vehicles[group[0]])
            solver.Add(tdim.CumulVar(model.End(group[-1])) - tdim.CumulVar(model.Start(group[0])) <= span_max)


def _moved(problem: DayProblem, order: list[int], v_i: int) -> np.ndarray:
    """Per solver node, the cost units of vehicle ``v_i`` serving it against its van target (0 without)."""
    t = problem.targets
    if t is None or not t.move_van:
        return np.zeros(len(order), dtype=np.int64)
    return np.array([t.move_van if t.vans[p] >= 0 and t.vans[p] != v_i else 0 for p in order], dtype=np.int64)


def _soft_times(
    tdim: pywrapcp.RoutingDimension, manager: pywrapcp.RoutingIndexManager, problem: DayProblem, order: list[int]
) -> None:
    """Each stop's time target (:class:`.problem.Targets`): soft bounds on its start of service."""
    t = problem.targets
    assert t is not None
    for node in range(problem.num_depots, problem.num_nodes):
        window = t.times[order[node]]
        if window is not None and t.late_per_s:
            idx = manager.NodeToIndex(node)
            tdim.SetCumulVarSoftLowerBound(idx, int(window[0]), t.late_per_s)
            tdim.SetCumulVarSoftUpperBound(idx, int(window[1]), t.late_per_s)


class DayModel:
    """One day's OR-Tools model, built once and searchable many times (from different starts)."""

    def __init__(self, problem: DayProblem, seed: int = 0) -> None:
        self.problem = problem
        n, nd = problem.num_nodes, problem.num_depots
        stops = np.arange(nd, n)
        if seed:
            np.random.default_rng(seed).shuffle(stops)
        order = list(range(nd)) + [int(s) for s in stops]  # solver node -> problem node
        self.order = order
        self.solver_node = {p: i for i, p in enumerate(order)}
        self.closed = False

        dist = np.asarray(problem.distance_m, dtype=np.int64)[np.ix_(order, order)]
        travel = np.asarray(problem.travel_s, dtype=np.int64)[np.ix_(order, order)]
        service = np.asarray(problem.service_s, dtype=np.int64)[order]
        delivery = [int(problem.delivery[i]) for i in order]
        pickup = [int(problem.pickup[i]) for i in order]
        windows = [problem.windows[i] for i in order]
        vehicles = problem.vehicles

        depot_nodes = [v.depot for v in vehicles]
        self.manager = manager = pywrapcp.RoutingIndexManager(n, len(vehicles), depot_nodes, depot_nodes)
        self.model = model = pywrapcp.RoutingModel(manager)

        # Rows/columns in RoutingIndexManager index order (the matrix API works on node indices).
        arc_cost_index: dict[tuple[float, int], int] = {}
        for v_i, v in enumerate(vehicles):
            # With a van target (:class:`.problem.Targets`), an arc into a stop another van served before costs
            # ``move_van`` more on this van: each van's own matrix.
            key = (v.cost_per_km, v_i if problem.targets is not None and problem.targets.move_van else -1)
            if key not in arc_cost_index:
                arcs = arc_costs(dist, v.cost_per_km) + _moved(problem, order, v_i)[None, :]
                arc_cost_index[key] = model.RegisterTransitMatrix(arcs.tolist())
            model.SetArcCostEvaluatorOfVehicle(arc_cost_index[key], v_i)
            model.SetFixedCostOfVehicle(int(v.fixed_cost), v_i)

        # Time: service at the from-node, then travel. A problem without times (the CVRP benchmark)
        # skips the dimension: it would constrain nothing and only slow the search down.
        self.tdim = None
        if problem.timed:
            self.tdim = _add_time(model, manager, vehicles, windows, service, travel, nd, n)

        if self.tdim is not None and problem.trips:
            _chain_trips(model, self.tdim, problem)
        if self.tdim is not None and problem.targets is not None:
            _soft_times(self.tdim, manager, problem, order)

        # Load: simultaneous pickup and delivery.
        _add_load(model, [int(v.capacity) for v in vehicles], delivery, pickup)

        for node in range(nd, n):
            model.AddDisjunction([manager.NodeToIndex(node)], DROP_PENALTY)
            allowed = problem.allowed_vehicles[order[node]] if problem.allowed_vehicles else ()
            if allowed:
                # -1 keeps the stop droppable (SetAllowedVehiclesForIndex's binding rejects lists here).
                model.VehicleVar(manager.NodeToIndex(node)).SetValues([-1] + [int(v) for v in allowed])

    def solve(self, sp, routes=None):
        """Search with parameters ``sp``, from ``routes`` (per vehicle, problem nodes; stops in no
        route start unperformed) when given; None when no solution was found."""
        model, manager = self.model, self.manager
        if routes is not None:
            if not self.closed:
                model.CloseModelWithParameters(sp)
                self.closed = True
            # RoutesToAssignment, not ReadAssignmentFromRoutes: the latter restores the routes under
            # the search limit of the previous solve and fails once that search used its time up.
            # Stops in no route start unperformed (their next is themselves).
            index_routes = [[manager.NodeToIndex(self.solver_node[p]) for p in r] for r in routes]
            init = model.solver().Assignment()
            if model.RoutesToAssignment(index_routes, True, True, init):
                routed = {i for r in index_routes for i in r}
                for node in range(self.problem.num_depots, self.problem.num_nodes):
                    idx = manager.NodeToIndex(node)
                    if idx not in routed:
                        init.Add(model.NextVar(idx))
                        init.SetValue(model.NextVar(idx), idx)
                assignment = model.SolveFromAssignmentWithParameters(init, sp)
                if assignment is not None:
                    return assignment
        self.closed = True
        return model.SolveWithParameters(sp)

    def status(self) -> str:
        status = self.model.status()
        return {v: k for k, v in routing_enums_pb2.RoutingSearchStatus.Value.items()}.get(status, str(status))

    def routes(self, assignment) -> list[list[int]]:
        """Per vehicle, its stops in order (problem nodes)."""
        model, manager = self.model, self.manager
        out = []
        for v_i in range(len(self.problem.vehicles)):
            nodes = []
            idx = assignment.Value(model.NextVar(model.Start(v_i)))
            while not model.IsEnd(idx):
                nodes.append(self.order[manager.IndexToNode(idx)])
                idx = assignment.Value(model.NextVar(idx))
            out.append(nodes)
        return out

    def solution(self, assignment, seconds: float) -> DaySolution:
        problem = self.problem
        if assignment is None:
            return DaySolution([], dropped=list(problem.stop_nodes), status=self.status(), seconds=seconds)
        routes: list[RouteResult] = []
        served: set[int] = set()
        for v_i, nodes in enumerate(self.routes(assignment)):
            if nodes:
                start = self.model.Start(v_i)
                start_s = (
                    assignment.Value(self.tdim.CumulVar(start)) if self.tdim else problem.vehicles[v_i].shift_start_s
                )
                routes.append(RouteResult(v_i, nodes, int(start_s)))
                served.update(nodes)
        dropped = [s for s in problem.stop_nodes if s not in served]
        return DaySolution(routes, dropped, int(assignment.ObjectiveValue()), self.status(), seconds, engine="ortools")


def steer(problem: DayProblem, params: SearchParams, starts: list[list[list[int]]]) -> list[DaySolution]:
    """The day searched with its targets (:class:`.problem.Targets`) by the settings' metaheuristic under
    ``params``' limits, from each of ``starts`` (per vehicle, its stops): one plan per start."""
    day = DayModel(problem)
    return [day.solution(day.solve(search_parameters(params), routes), 0.0) for routes in starts]
