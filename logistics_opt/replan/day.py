"""One day of a written plan as routes that can change: each van's stops as nodes of a day problem, timed by
the same rules as every plan (:func:`..planning.days.route_times`, :func:`..planning.days.to_routes`).

A :class:`DayRoutes` holds the day's :class:`..planning.days.DayInput` (depots, then one node per stop of the
written routes, then a node per stop a re-plan adds) and each van's :class:`..routing.problem.RouteResult`.
Each van may keep a frozen prefix: stops that are served (or being served) and must keep their times and
order; :meth:`DayRoutes.cost` rejects any change that moves them. A change is kept only when the van's day
still holds: back at its depot by the end of its shift, every stop served before its branch closes, its load
within capacity on every trip, no more reloads than its ``max_trips`` allow.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from ..data.model import Network, VehicleType
from ..distances import Matrix
from ..plan import Route, hhmm, trip_loads
from ..planning.days import DayInput, day_hours, fleet_vehicles, route_times, stop_minutes, to_routes
from ..routing.problem import DayProblem, DaySolution, RouteResult
from ..routing.rules import HORIZON_S
from ..volumes import Visit

EPS = 1e-6


@dataclass
class Van:
    """One van's day: its vehicle (index in the day problem), stops (nodes), start, reloads and frozen prefix."""

    vehicle: int
    nodes: list[int]
    start_min: float
    after: list[int] = field(default_factory=list)  # reloads after these stop numbers (1-based)
    frozen: int = 0  # the first ``frozen`` stops keep their times and order
    fixed_times: list[tuple[float, float]] = field(default_factory=list)  # their (arrival, departure)
    is_new: bool = False  # a spare van the re-plan sends out: its fixed cost counts

    def result(self) -> RouteResult:
        return RouteResult(self.vehicle, list(self.nodes), int(round(self.start_min * 60)), tuple(self.after))


def stop_visit(day: str, stop: dict[str, Any]) -> Visit:
    """A written stop's crates and items as a visit."""
    return Visit(
        day,
        1,
        int(stop.get("deliver_items", 0)),
        int(stop.get("pickup_items", 0)),
        int(stop["deliver"]),
        int(stop["pickup"]),
    )


def minutes(hhmm_text: str) -> float:
    h, m = hhmm_text.split(":")
    return int(h) * 60 + int(m)


class DayRoutes:
    """The routes of one day, open to insertions, removals and changed crates (see the module's docstring)."""

    def __init__(self, network: Network, matrix: Matrix, day: str, routes: list[dict[str, Any]]) -> None:
        self.network, self.matrix, self.day = network, matrix, day
        hubs = list(network.hubs)
        vehicles, types = fleet_vehicles(network, {b.id: i for i, b in enumerate(hubs)})
        self.vehicle_of = {v.name: k for k, v in enumerate(vehicles)}
        self._vehicles, self._types = vehicles, types
        self.ids: list[str] = [h.id for h in hubs]
        self.visits: list[Visit | None] = [None] * len(hubs)
        self.vans: dict[str, Van] = {}
        for r in routes:
            if r["vehicle"] not in self.vehicle_of:
                raise ValueError(f"{day}: van {r['vehicle']} is not one of the fleet's vans")
            nodes = [self.add_node(s["branch"], stop_visit(day, s)) for s in r["stops"]]
            after = [x["after_stop"] for x in r.get("reloads", [])]
            self.vans[r["vehicle"]] = Van(self.vehicle_of[r["vehicle"]], nodes, minutes(r["start"]), after)
        self._input: DayInput | None = None

    # -- nodes -------------------------------------------------------------------------------------------------
    def add_node(self, branch: str, visit: Visit) -> int:
        self.ids.append(branch)
        self.visits.append(visit)
        self._input = None
        return len(self.ids) - 1

    def set_visit(self, node: int, visit: Visit) -> None:
        self.visits[node] = visit
        self._input = None

    def visit(self, node: int) -> Visit:
        v = self.visits[node]
        assert v is not None
        return v

    def van_type(self, name: str) -> VehicleType:
        return self._types[self.vehicle_of[name]]

    @property
    def day_input(self) -> DayInput:
        """The day problem over every node so far (built again after a node or its crates change)."""
        if self._input is None:
            self._input = self._build()
        return self._input

    def _build(self) -> DayInput:
        pos = self.matrix.index()
        idx = [pos[b] for b in self.ids]
        km = self.matrix.km[np.ix_(idx, idx)]
        mins = self.matrix.minutes[np.ix_(idx, idx)]
        service, windows = [], []
        for b, v in zip(self.ids, self.visits):
            br = self.network.branch(b)
            service.append(0 if v is None else int(math.ceil(stop_minutes(br, v, self.network) * 60 - EPS)))
            opens, closes = day_hours(self.network, br, self.day)
            lo = int(math.ceil((opens or 0.0) * 60)) if v else 0
            hi = int(math.floor(closes * 60)) if v and closes is not None else HORIZON_S
            windows.append((lo, hi))
        problem = DayProblem(
            distance_m=tuple(map(tuple, np.rint(km * 1000).astype(np.int64).tolist())),
            travel_s=tuple(map(tuple, np.ceil(mins * 60 - EPS).astype(np.int64).tolist())),
            service_s=tuple(service),
            delivery=tuple(v.deliver_crates if v else 0 for v in self.visits),
            pickup=tuple(v.pickup_crates if v else 0 for v in self.visits),
            windows=tuple(windows),
            vehicles=tuple(self._vehicles),
            num_depots=len(self.network.hubs),
        )
        return DayInput(self.day, problem, list(self.ids), list(self.visits), list(self._types))

    # -- vans ----------------------------------------------------------------------------------------------------
    def freeze(self, name: str, count: int) -> None:
        """Keep the first ``count`` stops of van ``name`` as they are, at the times they have now."""
        van = self.vans[name]
        _, t, _ = route_times(self.network, self.matrix, self.day_input, van.result())
        van.frozen = count
        van.fixed_times = list(zip(t.arrivals[:count], t.departures[:count]))

    def spare(self, start_min: float, taken: set[str]) -> str | None:
        """A van of the fleet with no route today (and not in ``taken``), leaving its depot at ``start_min`` at the
        earliest: its name, or None when the fleet has none left."""
        for k, v in enumerate(self._vehicles):
            if v.name in self.vans or v.name in taken:
                continue
            vt = self._types[k]
            if max(start_min, vt.shift_start_min) >= vt.shift_end_min:
                continue
            self.vans[v.name] = Van(k, [], max(start_min, vt.shift_start_min), is_new=True)
            return v.name
        return None

    def cost(self, name: str, nodes: list[int] | None = None, after: list[int] | None = None) -> float | None:
        """The van's day cost in EUR with these stops and reloads (default: its own), or None when that day does not
        hold (the module's docstring) or moves a frozen stop."""
        van = self.vans[name]
        trial = replace(van, nodes=van.nodes if nodes is None else nodes, after=van.after if after is None else after)
        if not trial.nodes:
            return 0.0
        vt = self._types[van.vehicle]
        if len(trial.after) > vt.max_trips - 1:
            return None
        d = self.day_input
        start, t, _ = route_times(self.network, self.matrix, d, trial.result())
        if t.end > vt.shift_end_min + EPS:
            return None
        for (a, dep), (a0, d0) in zip(zip(t.arrivals, t.departures), van.fixed_times):
            if abs(a - a0) > EPS or abs(dep - d0) > EPS:
                return None
        for n, dep in zip(trial.nodes, t.departures):
            close = day_hours(self.network, self.network.branch(self.ids[n]), self.day)[1]
            if close is not None and dep > close + EPS:
                return None
        if not self._loads_fit([self.visit(n) for n in trial.nodes], trial.after, vt.capacity_crates):
            return None
        km = self._km(name, trial.nodes, trial.after)
        fixed = vt.fixed_cost_per_day if van.is_new else 0.0
        return km * vt.cost_per_km + (t.end - start) / 60 * vt.cost_per_hour + fixed

    @staticmethod
    def _loads_fit(visits: list[Visit], after: list[int], capacity: int) -> bool:
        bounds = [0, *after, len(visits)]
        for (a, b), load in zip(zip(bounds, bounds[1:]), trip_loads([v.deliver_crates for v in visits], after)):
            if load > capacity:
                return False
            for v in visits[a:b]:
                load += v.pickup_crates - v.deliver_crates
                if load > capacity or load < 0:
                    return False
        return True

    def _km(self, name: str, nodes: list[int], after: list[int]) -> float:
        d = self.day_input
        depot = d.problem.vehicles[self.vans[name].vehicle].depot
        path = [depot]
        for k, n in enumerate(nodes, start=1):
            path.append(n)
            if k in after:
                path.append(depot)
        path.append(depot)
        pos = self.matrix.index()
        return float(sum(self.matrix.km[pos[self.ids[a]], pos[self.ids[b]]] for a, b in zip(path, path[1:])))

    def end(self, name: str) -> str:
        _, t, _ = route_times(self.network, self.matrix, self.day_input, self.vans[name].result())
        return hhmm(t.end)

    def routes(self) -> list[Route]:
        """The day's routes, timed by the semantics (vans with no stop left have no route)."""
        order = sorted((v for v in self.vans.values() if v.nodes), key=lambda v: v.vehicle)
        routes, _ = to_routes(self.network, self.matrix, self.day_input, DaySolution([v.result() for v in order]))
        return routes
