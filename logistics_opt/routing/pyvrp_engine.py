"""The optional PyVRP engine (``pip install logistics-opt[pyvrp]``), behind the same interface.

It models what PyVRP can: capacity with simultaneous pickup and delivery, the shift (earliest
start, latest return, maximum duration), visit windows, a mixed fleet with its own cost per km
(one routing profile per cost rate), cost per hour as duration cost, fixed costs, several depots.
PyVRP has no breaks, so the driver's break is kept the way the OR-Tools engine keeps it
(:func:`.problem.shift_limits`): where it could bind, routes stay within shift - break and return
by shift end - break, so the break fits wherever the rule puts it. The route's exact cost with its
break is :func:`.judge.evaluate`'s. A problem that restricts stops to some vans
(``allowed_vehicles``) is refused with :class:`UnsupportedProblemError`; the ``ortools`` engine
handles it. Vans that may reload (``max_trips`` > 1) use PyVRP's reload depots: their own depot,
at most ``max_trips`` - 1 times, the reload time as the depot's service duration. PyVRP also
counts that service at the start of every route from the depot, so each route from it may start
that much earlier, works that much longer, and pays that time back in its fixed cost. A day it
cannot serve in full raises :class:`NoFeasiblePlanError` (OR-Tools names what it leaves out).

Costs are the OR-Tools engine's, unit for unit: an arc costs round(metres x EUR/km x 100) cost
units and a second of route duration round(EUR/h x 1e5 / 3600).
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from ..errors import LogisticsError
from .problem import DayProblem, DaySolution, RouteResult, SearchParams
from .rules import arc_costs, second_cost, shift_limits
from .stop import FirstOf, MaxIterations, MaxRuntime, StoppingCriterion


class UnsupportedProblemError(LogisticsError):
    """The problem has a rule this engine cannot model."""


class NoFeasiblePlanError(LogisticsError):
    """The engine found no plan serving every stop within the budget."""


def unserviceable(problem: DayProblem) -> list[int]:
    """Stops no van can serve on its own (too many crates, or an out-and-back trip that fits no shift)."""
    out = []
    for s in problem.stop_nodes:
        ok = False
        lo, hi = problem.windows[s]
        for v in problem.vehicles:
            if max(problem.delivery[s], problem.pickup[s]) > v.capacity:
                continue
            go, back = problem.travel_s[v.depot][s], problem.travel_s[s][v.depot]
            begin = max(v.shift_start_s + go, lo)
            if begin > max(lo, hi - problem.service_s[s]):  # the latest start of service
                continue
            end_max, span_max = shift_limits(v)
            if begin + problem.service_s[s] + back <= end_max and go + problem.service_s[s] + back <= span_max:
                ok = True
                break
        if not ok:
            out.append(s)
    return out


def _untimed(problem: DayProblem) -> bool:
    """A day without times (:attr:`.problem.DayProblem.timed`) and without reloads: PyVRP then gets no
    windows, durations or shifts, which saves it the time checks (a quarter more iterations or so)."""
    return not problem.timed and all(v.max_trips == 1 for v in problem.vehicles)


def reload_seconds(problem: DayProblem) -> list[int]:
    """Per depot, the reload time of its vans that may reload (the longest; 0 if none may)."""
    out = [0] * problem.num_depots
    for v in problem.vehicles:
        if v.max_trips > 1:
            out[v.depot] = max(out[v.depot], v.reload_s)
    return out


def _add_places(m, problem: DayProblem, stops: list[int]) -> list[object]:
    """Depots and clients (PyVRP numbers the clients in the order of ``stops``); returns the depots. The arcs
    come whole (:func:`_matrices`)."""
    nodes = list(range(problem.num_depots)) + stops
    locs = {i: m.add_location(0.0, 0.0) for i in nodes}
    if _untimed(problem):  # no times at all (the CVRP and VRPSPD benchmarks): PyVRP skips its time checks
        depots = [m.add_depot(locs[i]) for i in range(problem.num_depots)]
        for s in stops:
            m.add_client(locs[s], delivery=[int(problem.delivery[s])], pickup=[int(problem.pickup[s])])
        return depots
    reload = reload_seconds(problem)
    depots = [
        m.add_depot(locs[i], tw_early=problem.windows[i][0], tw_late=problem.windows[i][1], service_duration=reload[i])
        for i in range(problem.num_depots)
    ]
    for s in stops:
        lo, hi = problem.windows[s]
        m.add_client(
            locs[s],
            delivery=[int(problem.delivery[s])],
            pickup=[int(problem.pickup[s])],
            service_duration=int(problem.service_s[s]),
            tw_early=int(lo),
            tw_late=int(max(lo, hi - problem.service_s[s])),
        )
    return depots


def _add_profiles(m, problem: DayProblem) -> dict[float, object]:
    """One routing profile per cost per km, whose "distance" is the arc's cost (matrices: :func:`_matrices`)."""
    profiles: dict[float, object] = {}
    for veh in problem.vehicles:
        if veh.cost_per_km not in profiles:
            profiles[veh.cost_per_km] = m.add_profile(name=f"eur_per_km_{veh.cost_per_km}")
    return profiles


def _matrices(problem: DayProblem, stops: list[int], rates: list[float]) -> tuple[list[Any], list[Any]]:
    """Per profile (in ``rates``' order) the arc costs and travel seconds between the model's places (the
    depots, then ``stops``), handed to PyVRP whole: adding a million edges one by one took 3 s of a
    1,000-stop day's budget."""
    nodes = np.array(list(range(problem.num_depots)) + stops)
    pick = np.ix_(nodes, nodes)
    dist = np.asarray(problem.distance_m, dtype=np.int64)
    travel = np.ascontiguousarray(np.asarray(problem.travel_s, dtype=np.int64)[pick])
    costs = [np.ascontiguousarray(arc_costs(dist, rate)[pick].astype(np.int64)) for rate in rates]
    return costs, [travel] * len(rates)


def _add_vehicle_types(m, problem: DayProblem, depots: list[object], profiles: dict[float, object]) -> list[list[int]]:
    """Identical vans grouped into vehicle types; returns each type's vans (problem indices)."""
    groups: dict[tuple, list[int]] = {}
    for i, v in enumerate(problem.vehicles):
        key = (
            v.depot,
            v.capacity,
            v.fixed_cost,
            v.cost_per_km,
            v.cost_per_hour,
            v.shift_start_s,
            v.shift_end_s,
            v.break_after_s,
            v.break_s,
            v.max_trips,
        )
        groups.setdefault(key, []).append(i)
    reload = reload_seconds(problem)
    for members in groups.values():
        veh = problem.vehicles[members[0]]
        if _untimed(problem):  # no shift to keep: capacity, fixed cost and the arcs only
            m.add_vehicle_type(
                num_available=len(members),
                capacity=[int(veh.capacity)],
                start_depot=depots[veh.depot],
                end_depot=depots[veh.depot],
                fixed_cost=int(veh.fixed_cost),
                unit_distance_cost=1,
                profile=profiles[veh.cost_per_km],
                name=veh.type,
            )
            continue
        end, span = shift_limits(veh)  # the break reserved where it could bind
        lead = reload[veh.depot]  # PyVRP's depot service at the route's start (see the module docstring)
        m.add_vehicle_type(
            num_available=len(members),
            capacity=[int(veh.capacity)],
            start_depot=depots[veh.depot],
            end_depot=depots[veh.depot],
            fixed_cost=max(0, int(veh.fixed_cost) - lead * second_cost(veh.cost_per_hour)),
            tw_early=max(0, int(veh.shift_start_s) - lead),
            tw_late=int(end),
            shift_duration=int(span) + lead,
            reload_depots=[depots[veh.depot]] if veh.max_trips > 1 else [],
            max_reloads=max(0, veh.max_trips - 1),
            unit_distance_cost=1,
            unit_duration_cost=second_cost(veh.cost_per_hour),
            profile=profiles[veh.cost_per_km],
            name=veh.type,
        )
    return list(groups.values())


def _route_result(route, vehicle: int, stops: list[int], lead: int) -> RouteResult:
    """A PyVRP route as the van's stops, its departure (after PyVRP's depot service at the start) and
    where it reloads (a depot between clients)."""
    nodes: list[int] = []
    reload_after = []
    for a in route:
        if a.is_client():  # its idx counts the clients in the order they were added
            nodes.append(stops[a.idx])
        elif nodes:
            reload_after.append(len(nodes))
    reload_after = sorted({k for k in reload_after if k < len(nodes)})  # the end depot is no reload
    return RouteResult(vehicle, nodes, int(route.start_time()) + lead, tuple(reload_after))


def solve(problem: DayProblem, params: SearchParams, cores: int = 1) -> DaySolution:
    """Solve one day with PyVRP's search, which asks a stopping criterion (:mod:`.stop`): the time limit,
    or ``iterations_per_solution`` x the solution limit iterations with the time limit a cap."""
    try:
        import pyvrp
    except ImportError as exc:
        raise UnsupportedProblemError(
            "the pyvrp engine needs the optional extra: pip install 'logistics-opt[pyvrp]'"
        ) from exc
    t0 = time.perf_counter()
    if problem.restricts_vans:
        raise UnsupportedProblemError(
            "the pyvrp engine cannot restrict stops to some vans; use --engine ortools or best"
        )
    dropped = unserviceable(problem)
    stops = [s for s in problem.stop_nodes if s not in set(dropped)]
    if not problem.vehicles or not stops:
        return DaySolution([], dropped=list(problem.stop_nodes), status="EMPTY", seconds=time.perf_counter() - t0)
    m = pyvrp.Model()
    depots = _add_places(m, problem, stops)
    profiles = _add_profiles(m, problem)
    type_vehicles = _add_vehicle_types(m, problem, depots, profiles)
    costs, travel = _matrices(problem, stops, list(profiles))
    data = m.data().replace(distance_matrices=costs, duration_matrices=travel)
    budget = max(params.time_limit_s - (time.perf_counter() - t0), 0.05)
    settings = params.settings.pyvrp
    stop: StoppingCriterion = MaxRuntime(budget)
    if params.solution_limit:
        stop = FirstOf([stop, MaxIterations(settings.iterations_per_solution * params.solution_limit)])
    # Costs here are large integers (1e-5 EUR): let the penalties for excess load and lateness grow
    # well beyond PyVRP's default ceiling, or infeasible solutions look cheap.
    solve_params = pyvrp.SolveParams(penalty=pyvrp.PenaltyParams(max_penalty=settings.max_penalty))
    res = pyvrp.solve(data, stop=stop, seed=params.seed, display=params.log, params=solve_params)
    if not res.best.is_feasible():
        raise NoFeasiblePlanError(
            f"pyvrp found no plan serving all {len(stops)} stops in {budget:.1f} s; "
            "use --engine ortools (it names the stops it cannot serve) or more time"
        )
    routes: list[RouteResult] = []
    used = [0] * len(type_vehicles)
    lead = reload_seconds(problem)
    for r in res.best.routes():
        t = r.vehicle_type()
        veh_i = type_vehicles[t][used[t]]
        used[t] += 1
        routes.append(_route_result(r, veh_i, stops, lead[problem.vehicles[veh_i].depot]))
    routes.sort(key=lambda x: x.vehicle)
    return DaySolution(routes, dropped, int(res.cost()), "FEASIBLE", time.perf_counter() - t0, engine="pyvrp")
