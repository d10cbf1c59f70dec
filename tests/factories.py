"""Shared test factories: fixture paths, small vans and line-shaped day problems, quick search limits.

Searches in tests stop on work limits (solution limits); the time limits here are only caps.
"""

from __future__ import annotations

from pathlib import Path

from logistics_opt.routing.ortools_model import DayModel, search_parameters
from logistics_opt.routing.problem import COST_UNITS_PER_EUR, DayProblem, SearchParams, Vehicle

DATA = Path(__file__).parent / "data"
TINY = DATA / "tiny"
CVRP = DATA / "cvrp"
PVRP = DATA / "pvrp"
ROOT = Path(__file__).resolve().parents[1]

#: A quick reproducible day search: stops on the solution limit long before the (generous) time cap.
FAST = SearchParams(time_limit_s=60, solution_limit=100)
#: The same for the CLI's solving commands, on one process.
FAST_CLI = ["--time-limit", "60", "--solution-limit", "30", "--silent", "-j", "1"]


def van(
    name: str = "v1",
    capacity: int = 10,
    start: int = 0,
    end: int = 36000,
    cph: float = 0.0,
    break_after: int = 0,
    brk: int = 0,
) -> Vehicle:
    """A van at depot 0 costing EUR 1/km (and ``cph`` EUR/hour), shift ``start``-``end`` seconds."""
    return Vehicle(name, "van", 0, capacity, 0, 1.0, cph, start, end, break_after, brk)


def line(n: int) -> tuple[tuple[int, ...], ...]:
    """Nodes on a line, 1 km apart (node 0 is the depot)."""
    return tuple(tuple(abs(i - j) * 1000 for j in range(n)) for i in range(n))


def line_problem(vehicles: tuple[Vehicle, ...], delivery=(0, 8, 2), pickup=(0, 0, 8)) -> DayProblem:
    """Stops on a line (1 km apart, 1 s a metre), wide windows, no service time."""
    d = line(len(delivery))
    return DayProblem(
        distance_m=d,
        travel_s=d,
        service_s=(0,) * len(delivery),
        delivery=delivery,
        pickup=pickup,
        windows=((0, 99999),) * len(delivery),
        vehicles=vehicles,
    )


def grid_problem(n: int, vans: int = 4, allowed: bool = False, pickup: int = 0, shift: int = 36000) -> DayProblem:
    """n stops on a 1 km grid around a depot, 3 crates each (and ``pickup`` to collect), 10-crate vans."""
    pts = [(0, 0)] + [((i % 5) - 2, (i // 5) + 1) for i in range(n)]
    d = tuple(tuple(int(1000 * (abs(a[0] - b[0]) + abs(a[1] - b[1]))) for b in pts) for a in pts)
    vehicles = tuple(Vehicle(f"v{k}", "van", 0, 10, 0, 1.0, 0.0, 0, shift) for k in range(vans))
    allow = tuple(() if i == 0 or not allowed or i % 3 else (0, 1) for i in range(n + 1)) if allowed else ()
    return DayProblem(
        distance_m=d,
        travel_s=d,
        service_s=(0,) * (n + 1),
        delivery=(0,) + (3,) * n,
        pickup=(0,) + (pickup,) * n,
        windows=((0, 99999),) * (n + 1),
        vehicles=vehicles,
        allowed_vehicles=allow,
    )


def km_template(km, windows, vans: int = 1, capacity: int = 50, span_h: float = 8.0) -> DayProblem:
    """A periodic template from whole kilometres (1 km a minute): vans of EUR 40 fixed, EUR 0.50 a km
    and EUR 30 an hour, working from 08:00 for ``span_h`` hours."""
    n = len(km)
    return DayProblem(
        tuple(tuple(k * 1000 for k in row) for row in km),
        tuple(tuple(k * 60 for k in row) for row in km),
        (0,) * n,
        (0,) * n,
        (0,) * n,
        tuple(windows),
        tuple(
            Vehicle(f"v{i}", "van", 0, capacity, 40 * COST_UNITS_PER_EUR, 0.5, 30.0, 8 * 3600, int((8 + span_h) * 3600))
            for i in range(vans)
        ),
    )


READ_BACK = SearchParams(time_limit_s=30, solution_limit=1)


def read_back(problem: DayProblem, routes: list[list[int]]):
    """The routes in the OR-Tools day model, unchanged: (its objective, the solution with departures)."""
    day = DayModel(problem)
    day.model.CloseModelWithParameters(search_parameters(READ_BACK, "SAVINGS", "GREEDY_DESCENT"))
    day.closed = True
    index_routes = [[day.manager.NodeToIndex(day.solver_node[p]) for p in r] for r in routes]
    assignment = day.model.ReadAssignmentFromRoutes(index_routes, True)
    assert assignment is not None, "OR-Tools finds these routes infeasible"
    return assignment.ObjectiveValue(), day.solution(assignment, 0.0)
