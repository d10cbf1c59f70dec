"""Ruin-and-recreate around any day solver: the pieces that do not depend on the solver.

The OR-Tools engine's guided local search stalls after its first seconds on pickup-and-delivery
days (benchmarks/HISTORY.md), and OR-Tools 9.15's own iterated local search is not reachable from
its Python wrapper. So the engine iterates itself, in the manner of SISR (Christiaens & Vanden
Berghe, "Slack Induction by String Removals for Vehicle Routing Problems", Transportation Science
2020): remove strings of stops from a few neighbouring routes (:func:`sisr_ruin`), re-solve only
those routes as a small day problem (:func:`restrict`), and accept the result by simulated
annealing (:class:`Annealing`). Routes are independent in the day model (cost, capacity, windows
and shift are per van), so a change to a few routes changes the day's cost by exactly the change
in those routes' cost.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .problem import DayProblem


def neighbour_table(problem: DayProblem) -> np.ndarray:
    """Per node (a row for every node, depots too), every stop by increasing distance there and
    back, ties in node order (a stop itself first)."""
    d = np.asarray(problem.distance_m, dtype=np.int64)
    nd = problem.num_depots
    return np.argsort((d + d.T)[:, nd:], axis=1, kind="stable") + nd


def neighbours(problem: DayProblem) -> dict[int, list[int]]:
    """Per stop, every stop by increasing distance there and back (the stop itself first)."""
    table = neighbour_table(problem)
    return {c: table[c].tolist() for c in problem.stop_nodes}


def sisr_ruin(
    routes: list[list[int]],
    near: dict[int, list[int]],
    rng: np.random.Generator,
    avg_removed: float,
    max_string: float,
) -> tuple[list[int], list[int]]:
    """Choose what to remove: (the vehicles whose routes lose a string, the stops removed).

    A random seed stop; then, walking its neighbours by distance, up to ``k`` routes (SISR's rule:
    ``k`` uniform in [1, 4 * avg_removed / (1 + L) ]) each lose a string of 1..L consecutive stops
    around the neighbour met, L = min(max_string, average route length).
    """
    where = {c: v for v, r in enumerate(routes) for c in r}
    if not where:
        return [], []
    used = [r for r in routes if r]
    mean_len = sum(len(r) for r in used) / len(used)
    l_max = min(max_string, mean_len)
    k_max = 4 * avg_removed / (1 + l_max) - 1
    k = int(rng.uniform(1, k_max + 1))
    seed = int(rng.choice(sorted(where)))
    vehicles: list[int] = []
    removed: list[int] = []
    for c in near[seed]:
        if len(vehicles) >= k:
            break
        v = where.get(c)
        if v is None or v in vehicles:
            continue
        r = routes[v]
        length = int(rng.uniform(1, min(len(r), l_max) + 1))
        i = r.index(c)
        first = int(rng.integers(max(0, i - length + 1), min(i, len(r) - length) + 1))
        vehicles.append(v)
        removed += r[first : first + length]
    return vehicles, removed


def restrict(problem: DayProblem, vehicles: list[int], stops: list[int]) -> tuple[DayProblem, list[int]]:
    """The day problem of only these vehicles and stops: (sub-problem, its node -> problem node).
    The depots keep their numbers; the stops follow in the order given. Every stop must be
    allowed on at least one of the vehicles."""
    nd = problem.num_depots
    nodes = list(range(nd)) + list(stops)
    idx = np.ix_(nodes, nodes)
    dist = np.asarray(problem.distance_m, dtype=np.int64)[idx]
    travel = np.asarray(problem.travel_s, dtype=np.int64)[idx]
    allowed: tuple[tuple[int, ...], ...] = ()
    if problem.allowed_vehicles:
        new_index = {v: i for i, v in enumerate(vehicles)}
        allowed = tuple(
            tuple(new_index[v] for v in problem.allowed_vehicles[n] if v in new_index)
            if problem.allowed_vehicles[n]
            else ()
            for n in nodes
        )
        if any(problem.allowed_vehicles[n] and not allowed[i] for i, n in enumerate(nodes)):
            raise ValueError("a stop given to restrict() may use none of the vehicles given")
    sub = DayProblem(
        distance_m=tuple(map(tuple, dist.tolist())),
        travel_s=tuple(map(tuple, travel.tolist())),
        service_s=tuple(problem.service_s[n] for n in nodes),
        delivery=tuple(problem.delivery[n] for n in nodes),
        pickup=tuple(problem.pickup[n] for n in nodes),
        windows=tuple(problem.windows[n] for n in nodes),
        vehicles=tuple(problem.vehicles[v] for v in vehicles),
        num_depots=nd,
        allowed_vehicles=allowed,
        trips=_sub_trips(problem, vehicles),
    )
    return sub, nodes


def _sub_trips(problem: DayProblem, vehicles: list[int]) -> tuple[tuple[int, ...], ...]:
    """The vans' trip chains among ``vehicles`` (which hold every trip of a van or none), renumbered."""
    new_index = {v: i for i, v in enumerate(vehicles)}
    groups = [g for g in problem.trips if g[0] in new_index]
    if any(t not in new_index for g in groups for t in g):
        raise ValueError("restrict() needs every trip of a van or none")
    return tuple(tuple(new_index[t] for t in g) for g in groups)


@dataclass
class Annealing:
    """Simulated-annealing acceptance with the temperature a fraction of the current cost, cooling
    exponentially from ``start`` to ``end`` as the search progresses (progress in [0, 1])."""

    start: float = 0.003
    end: float = 0.0001

    def accept(self, candidate: int, current: int, progress: float, rng: np.random.Generator) -> bool:
        if candidate < current:
            return True
        temp = abs(current) * self.start * (self.end / self.start) ** min(max(progress, 0.0), 1.0)
        return temp > 0 and candidate < current - temp * math.log(max(rng.random(), 1e-300))
