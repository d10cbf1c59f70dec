"""Improve master routes on the week's own figures (Kovacs, Parragh & Hartl 2014: template-based search).

The master day (:mod:`.master`) holds every branch at its largest crates of the week at once, which
is safe but dear: branches that never share a day still share the van's capacity and shift in the
master (the week's odd visits can cost a van on every day). Here a master route is judged by what
it does: on each working day, the branches due in master order with that day's crates, timed by the
semantics (:func:`..plan.route_timing`), within capacity, closing times and the shift, costed like
a plan route. Two moves, first improvement, a fixed number of passes (reproducible):

- empty a route: move every branch of the smallest route into the others, each to its cheapest
  place that keeps every day feasible (one van fewer on every day it drove);
- relocate: move a branch to the cheapest feasible place of any route when the week gets cheaper.

Single-trip vans and branches served in one stop only (the caller checks); the promised windows
come after (:mod:`.windows`) and the week is checked again there. With a :class:`Price` (``plan
--previous``, :mod:`..stability`) a route's week cost adds the price of each branch it takes from another
van and of each arrival outside the window the earlier run promised, so every move weighs those too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

from ..data.model import Network
from ..distances import Matrix
from ..plan import route_timing
from ..routing.problem import RouteResult
from .days import DayInput, stop_minutes, window

#: Passes of the relocate move over every branch.
PASSES = 3

Master = dict[int, list[str]]  # vehicle -> branch ids in master order


@dataclass
class Day:
    """One working day as the search sees it: the branches due with their stop minutes and windows."""

    input: DayInput
    node: dict[str, int]  # branch id -> the day's node
    stop_min: dict[str, float]
    window: dict[str, tuple[float, float] | None]


def week_days(network: Network, days: list[DayInput]) -> list[Day]:
    out = []
    for di in days:
        nodes = {di.node_ids[n]: n for n in range(di.problem.num_depots, di.problem.num_nodes)}
        brs = {b: network.branch(b) for b in nodes}
        out.append(
            Day(
                di,
                nodes,
                {b: stop_minutes(brs[b], di.visit(n), network) for b, n in nodes.items()},
                {b: window(network, brs[b], di.day) for b in nodes},
            )
        )
    return out


class Price(Protocol):
    """What changing a branch against an earlier run costs (EUR): :class:`..stability.Keep`."""

    def van(self, branch: str, van: str) -> float: ...

    def late(self, branch: str, day: str, at: float) -> float: ...


class Search:
    """Week costs of master routes (``None``: some day breaks a rule), with ``price`` when one is given."""

    def __init__(self, network: Network, matrix: Matrix, days: list[Day], price: Price | None = None) -> None:
        self.network, self.days, self.price = network, days, price
        pos = matrix.index()
        self.pos, self.km, self.minutes = pos, matrix.km, matrix.minutes
        first = days[0].input
        self.vans = first.problem.vehicles
        self.types = first.vehicle_types
        self.depot = {v: pos[first.node_ids[van.depot]] for v, van in enumerate(self.vans)}

    def cost(self, vehicle: int, bids: list[str]) -> float | None:
        s, vt = self.network.settings, self.types[vehicle]
        total = 0.0
        for day in self.days:
            due = [b for b in bids if b in day.node]
            if not due:
                continue
            path = [self.depot[vehicle], *(self.pos[b] for b in due), self.depot[vehicle]]
            legs = [float(self.minutes[a, b]) for a, b in zip(path, path[1:])]
            t = route_timing(
                vt.shift_start_min,
                legs,
                [day.stop_min[b] for b in due],
                [day.window[b] for b in due],
                s.break_after_min,
                s.break_min,
            )
            if t.end > vt.shift_end_min + 1e-9 or not self._fits(day, due, t.departures, vt.capacity_crates):
                return None
            km = sum(float(self.km[a, b]) for a, b in zip(path, path[1:]))
            total += km * vt.cost_per_km + (t.end - vt.shift_start_min) / 60 * vt.cost_per_hour + vt.fixed_cost_per_day
            if self.price is not None:
                name = day.input.day
                total += sum(self.price.late(b, name, a + w) for b, a, w in zip(due, t.arrivals, t.waits))
        if self.price is not None:
            total += sum(self.price.van(b, self.vans[vehicle].name) for b in bids)
        return total

    def _fits(self, day: Day, due: list[str], departures: list[float], capacity: int) -> bool:
        visits = [day.input.visit(day.node[b]) for b in due]
        load = sum(v.deliver_crates for v in visits)
        if load > capacity:
            return False
        for b, v, dep in zip(due, visits, departures):
            load += v.pickup_crates - v.deliver_crates
            close = hours[1] if (hours := day.window[b]) else math.inf
            if load > capacity or dep > close + 1e-9:
                return False
        return True

    def best_place(self, master: Master, costs: dict[int, float], bid: str) -> tuple[float, int, int] | None:
        """The cheapest feasible place for ``bid``: (added cost, vehicle, position)."""
        best = None
        for v, bids in master.items():
            for k in range(len(bids) + 1):
                c = self.cost(v, bids[:k] + [bid] + bids[k:])
                if c is not None and (best is None or c - costs[v] < best[0] - 1e-9):
                    best = (c - costs[v], v, k)
        return best


def improve(search: Search, master: Master, branches: list[str]) -> Master | None:
    """From ``master``, with every branch of ``branches`` it lacks put at its cheapest feasible place: empty
    routes while the others can take their branches, then relocate branches (``PASSES`` passes). None when
    the start breaks a rule on some day or a branch has no feasible place."""
    master = {v: list(b) for v, b in master.items() if b}
    costs = {v: search.cost(v, b) for v, b in master.items()}
    if any(c is None for c in costs.values()):
        return None
    week: dict[int, float] = {v: c for v, c in costs.items() if c is not None}
    placed = {b for bids in master.values() for b in bids}
    for v in range(len(search.vans)):
        master.setdefault(v, [])
        week.setdefault(v, 0.0)
    if not all(_insert(search, master, week, b) for b in branches if b not in placed):
        return None
    master = {v: b for v, b in master.items() if b}
    week = {v: c for v, c in week.items() if v in master}
    for v in sorted(master, key=lambda v: (len(master[v]), v)):
        trial = {u: list(b) for u, b in master.items() if u != v}
        trial_costs = {u: c for u, c in week.items() if u != v}
        if all(_insert(search, trial, trial_costs, b) for b in master[v]):
            if sum(trial_costs.values()) < sum(week.values()) - 1e-6:
                master, week = trial, trial_costs
    for _ in range(PASSES):
        moved = False
        for bid in [b for v in sorted(master) for b in master[v]]:
            v = next(u for u, b in master.items() if bid in b)
            rest = [b for b in master[v] if b != bid]
            left = search.cost(v, rest) if rest else 0.0
            if left is None:
                continue
            saved = week[v] - left
            trial = {u: (rest if u == v else b) for u, b in master.items()}
            trial_costs = {u: (week[u] - saved if u == v else c) for u, c in week.items()}
            place = search.best_place(trial, trial_costs, bid)
            if place is not None and place[0] < saved - 0.01:
                _insert(search, trial, trial_costs, bid, place)
                master, week, moved = {u: b for u, b in trial.items() if b}, trial_costs, True
                week = {u: c for u, c in week.items() if u in master}
        if not moved:
            break
    return master


def repair(search: Search, master: Master) -> Master:
    """``master`` with each route that breaks a rule on some day (or may not serve a branch it holds) cut until
    it holds: each time the stop whose removal leaves the cheapest route that holds, else its last stop.
    :func:`improve` then puts the stops cut at their cheapest places."""
    out = {}
    for v, bids in master.items():
        bids = list(bids)
        while bids and not _holds(search.cost(v, bids)):
            trials = [(c, k) for k in range(len(bids)) if _holds(c := search.cost(v, bids[:k] + bids[k + 1 :]))]
            del bids[min(trials)[1] if trials else len(bids) - 1]
        out[v] = bids
    return out


def _holds(cost: float | None) -> bool:
    return cost is not None and math.isfinite(cost)


def _insert(
    search: Search, master: Master, costs: dict[int, float], bid: str, place: tuple[float, int, int] | None = None
) -> bool:
    """Put ``bid`` at its cheapest feasible place (or ``place``); False when there is none. With a price, where
    that place is none or an empty van, also try :func:`_eject`: a van opened for a few crates is dear."""
    if place is None:
        place = search.best_place(master, costs, bid)
        if search.price is not None and (place is None or not master[place[1]]):
            swap = _eject(search, master, costs, bid)
            if swap is not None and (place is None or swap[0] < place[0] - 1e-6):
                for v, (bids, cost) in swap[1].items():
                    master[v], costs[v] = bids, cost
                return True
    if place is None:
        return False
    added, v, k = place
    master[v].insert(k, bid)
    costs[v] += added
    return True


def _eject(
    search: Search, master: Master, costs: dict[int, float], bid: str
) -> tuple[float, dict[int, tuple[list[str], float]]] | None:
    """The cheapest way to put ``bid`` into a route that drives by taking one branch out of it, which then goes
    to its cheapest place in another route that drives: (added cost, the two routes and their costs)."""
    best: tuple[float, dict[int, tuple[list[str], float]]] | None = None
    driving = [v for v, bids in master.items() if bids]
    for v in driving:
        for j, out in enumerate(master[v]):
            rest = master[v][:j] + master[v][j + 1 :]
            into = _cheapest(search, v, rest, bid)
            if into is None or (best is not None and into[1] - costs[v] >= best[0]):
                continue
            for u in (u for u in driving if u != v):
                moved = _cheapest(search, u, master[u], out)
                if moved is None:
                    continue
                added = into[1] - costs[v] + moved[1] - costs[u]
                if best is None or added < best[0] - 1e-9:
                    best = (added, {v: into, u: moved})
    return best


def _cheapest(search: Search, v: int, bids: list[str], bid: str) -> tuple[list[str], float] | None:
    """Route ``v`` with ``bid`` at its cheapest feasible position in ``bids``, and its cost."""
    best = None
    for k in range(len(bids) + 1):
        trial = bids[:k] + [bid] + bids[k:]
        c = search.cost(v, trial)
        if c is not None and (best is None or c < best[1] - 1e-9):
            best = (trial, c)
    return best


def as_routes(search: Search, master: Master, day: DayInput) -> list[RouteResult]:
    """The master routes as a solution of the master day ``day``, for :func:`.master.sub_routes`."""
    node = {day.node_ids[n]: n for n in range(day.problem.num_depots, day.problem.num_nodes)}
    return [
        RouteResult(v, [node[b] for b in bids], int(search.types[v].shift_start_min * 60))
        for v, bids in sorted(master.items())
    ]
