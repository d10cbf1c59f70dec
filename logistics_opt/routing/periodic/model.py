"""The periodic problem (a template day plus visit options per stop), its solution, and exact route
costs under a choice of options (:class:`_Week`)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..problem import COST_UNITS_PER_EUR, DayProblem
from ..rules import second_cost, shift_limits
from ..settings import DEFAULT_SETTINGS, PeriodicSettings

INFEASIBLE = math.inf


@dataclass(frozen=True)
class VisitOption:
    """One way to visit a stop in the period: its days and, per day, the visit's size."""

    days: tuple[int, ...]  # day indices, ascending
    delivery: tuple[int, ...]  # crates per visit, aligned with ``days``
    pickup: tuple[int, ...]
    service_s: tuple[int, ...]


@dataclass(frozen=True)
class PeriodicProblem:
    """Every node once (``template``; its per-stop volumes are ignored) and each stop's options.

    ``options[k]`` belongs to node ``template.num_depots + k``; the same fleet works every day.
    """

    num_days: int
    template: DayProblem
    options: tuple[tuple[VisitOption, ...], ...]

    @property
    def stops(self) -> range:
        return self.template.stop_nodes


@dataclass
class PeriodicSolution:
    """The chosen option per stop and, per day, the routes (nodes are template nodes)."""

    choice: list[int]  # option index per stop (stop k = node nd + k)
    routes: list[dict[int, list[int]]]  # per day: vehicle index -> nodes in order
    cost: int  # cost units, by :func:`route_cost`
    dropped: list[tuple[int, int]]  # (day, node) visits no route could take
    seconds: float = 0.0
    log: list[str] | None = None
    capped: bool = False  # a reproducible search stopped by the wall-clock cap


class _Week:
    """Fast arrays over the template, and exact route evaluation."""

    def __init__(self, problem: PeriodicProblem, settings: PeriodicSettings = DEFAULT_SETTINGS.periodic) -> None:
        t = problem.template
        self.p = problem
        self.settings = settings
        self.nd = t.num_depots
        self.dist = np.asarray(t.distance_m, dtype=np.int64)
        self.travel = np.asarray(t.travel_s, dtype=np.int64)
        self.windows = t.windows
        self.vehicles = t.vehicles
        self.places_cache: dict = {}  # routes' and days' insertion places (:mod:`.insertion`)
        self.places_count = 0  # places in the cache
        self.near: list[list[int]] | None = None  # movable stops nearest each stop (:mod:`.recreate`)
        #: Cost units per crate over a van's capacity; ``inf`` (the default) makes overloading infeasible.
        #: The annealing lowers it to move through overloaded days, which the engine's re-solves repair.
        self.overload_cost = INFEASIBLE
        self.arc_coef = [v.cost_per_km * COST_UNITS_PER_EUR / 1000.0 for v in t.vehicles]
        self.time_coef = [second_cost(v.cost_per_hour) for v in t.vehicles]
        self.span_max = [shift_limits(v)[1] for v in t.vehicles]
        # Stops whose options are single days with visits of equal size: the week model
        # leaves their day to the engine.
        self.flexible = [
            len(opts) > 1
            and all(len(o.days) == 1 for o in opts)
            and len({(o.delivery, o.pickup, o.service_s) for o in opts}) == 1
            for opts in problem.options
        ]
        v0 = 0 if t.vehicles else None
        self.proxy = self.dist * (self.arc_coef[v0] if v0 is not None else 1.0) + self.travel * (
            self.time_coef[v0] if v0 is not None else 0
        )

    def visit(self, node: int, opt: VisitOption, day: int) -> tuple[int, int, int]:
        k = opt.days.index(day)
        return opt.delivery[k], opt.pickup[k], opt.service_s[k]

    def peak_load(self, nodes: list[int], size: dict[int, tuple[int, int, int]]) -> int:
        """The most crates aboard on a route: every delivery at the start, then each stop's change."""
        load = peak = sum(size[n][0] for n in nodes)
        for n in nodes:
            load += size[n][1] - size[n][0]
            peak = max(peak, load)
        return peak

    def excess(self, v_i: int, nodes: list[int], size: dict[int, tuple[int, int, int]]) -> int:
        """Crates over van ``v_i``'s capacity at the route's fullest point (0 when it fits)."""
        return max(0, self.peak_load(nodes, size) - self.vehicles[v_i].capacity) if nodes else 0

    def route_cost(self, v_i: int, nodes: list[int], size: dict[int, tuple[int, int, int]]) -> float:
        """Exact cost of one route in cost units (arcs, span, fixed), or ``inf`` if infeasible.

        Same model as the engine: service at a stop, then travel; wait for a window to open;
        the route leaves at the shift start; crates aboard stay within capacity throughout; or,
        while :attr:`overload_cost` is finite, each crate over capacity costs that much instead.
        """
        if not nodes:
            return 0.0
        v = self.vehicles[v_i]
        over = self.excess(v_i, nodes, size)
        if over and not math.isfinite(self.overload_cost):
            return INFEASIBLE
        t = v.shift_start_s
        metres = 0
        prev = v.depot
        for n in nodes:
            metres += int(self.dist[prev, n])
            t += int(self.travel[prev, n])
            lo, hi = self.windows[n]
            t = max(t, lo)
            if t > hi - size[n][2]:
                return INFEASIBLE
            t += size[n][2]
            prev = n
        metres += int(self.dist[prev, v.depot])
        t += int(self.travel[prev, v.depot])
        span = t - v.shift_start_s
        if span > self.span_max[v_i]:
            return INFEASIBLE
        cost = metres * self.arc_coef[v_i] + span * self.time_coef[v_i] + v.fixed_cost
        return cost + over * self.overload_cost if over else cost
