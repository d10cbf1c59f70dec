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

import numpy as np

from ..data.model import Network
from ..distances import Matrix
from ..plan import Timing, route_timing
from ..routing.problem import RouteResult
from ..routing.rules import HORIZON_S
from .days import DayInput, stop_minutes, window
from .windows import MAX_ROUNDS

#: Passes of the relocate, 2-opt and swap moves over every branch.
PASSES = 3

#: The nearest branches a move may bring a branch next to (:meth:`Search.near`).
NEAR = 12
#: Branches an insertion with a price may take out along a chain (:func:`_eject`): one route's branch
#: into a second route, whose branch goes to a third (or back to the first).
EJECT_DEPTH = 2

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


Timed = tuple["Day", list[str], Timing, float]  # a day, its branches due in order, their timing, the minute it leaves


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
        self._near: dict[str, set[str]] = {}
        self.memo: dict[tuple[int, tuple[str, ...]], tuple[float | None, float]] = {}  # cost and start, once
        promises = network.settings.consistency
        self.spread = promises.max_arrival_spread_min if promises is not None and len(days) > 1 else None

    def cost(self, vehicle: int, bids: list[str]) -> float | None:
        return self._priced(vehicle, bids)[0]

    def start(self, vehicle: int, bids: list[str]) -> float:
        """The minute the route leaves: the shift's start, or with promised windows later by the waits of the
        day that waits least or of the day that waits most, where that makes the week cheaper (a van
        that would wait at doors leaves later instead)."""
        return self._priced(vehicle, bids)[1]

    def _priced(self, vehicle: int, bids: list[str]) -> tuple[float | None, float]:
        key = (vehicle, tuple(bids))
        if key not in self.memo:
            runs = [(day, due) for day in self.days if (due := [b for b in bids if b in day.node])]
            begin = self.types[vehicle].shift_start_min
            timed = self._timed(vehicle, runs, begin)
            best = (self._week(vehicle, bids, timed), begin)
            waits = [sum(t.waits) for _, _, t, _ in timed or []] if self.spread is not None else []
            for delay in sorted({math.floor(min(waits, default=0.0)), math.floor(max(waits, default=0.0))} - {0}):
                later = self._week(vehicle, bids, self._timed(vehicle, runs, begin + delay))
                if later is not None and (best[0] is None or later < best[0] - 1e-9):
                    best = (later, begin + delay)
            self.memo[key] = best
        return self.memo[key]

    def _week(self, vehicle: int, bids: list[str], timed: list[Timed] | None) -> float | None:
        if timed is None:
            return None
        vt = self.types[vehicle]
        total = 0.0
        for day, due, t, begin in timed:
            if t.end > vt.shift_end_min + 1e-9 or not self._fits(day, due, t.departures, vt.capacity_crates):
                return None
            path = [self.depot[vehicle], *(self.pos[b] for b in due), self.depot[vehicle]]
            km = sum(float(self.km[a, b]) for a, b in zip(path, path[1:]))
            total += km * vt.cost_per_km + (t.end - begin) / 60 * vt.cost_per_hour + vt.fixed_cost_per_day
            if self.price is not None:
                name = day.input.day
                total += sum(self.price.late(b, name, a + w) for b, a, w in zip(due, t.arrivals, t.waits))
        if self.price is not None:
            total += sum(self.price.van(b, self.vans[vehicle].name) for b in bids)
        return total

    def _timed(self, vehicle: int, runs: list[tuple[Day, list[str]]], begin: float) -> list[Timed] | None:
        """The route's timing on each day and the minute it leaves; with promised windows, each branch's service
        held within the spread of its week's latest start as :func:`.windows.window_starts` does it (a branch
        is on this van only, so its window depends on this route alone), and the day's route leaving later by
        its wait at the first stop where :func:`.windows.later_starts` would."""
        opens: dict[str, float] = {}
        for _ in range(MAX_ROUNDS):
            timed = [(day, due, self._timing(vehicle, day, due, opens, begin), begin) for day, due in runs]
            if self.spread is None:
                return timed
            starts: dict[str, list[float]] = {}
            for _, due, t, _ in timed:
                for b, a, w in zip(due, t.arrivals, t.waits):
                    starts.setdefault(b, []).append(a + w)
            wanted = {b: float(math.ceil(max(x) - self.spread - 1e-9)) for b, x in starts.items() if len(x) > 1}
            wanted = {b: w for b, w in wanted.items() if w > min(starts[b]) + 1e-9 or b in opens}
            if all(abs(wanted.get(b, -1.0) - opens.get(b, -1.0)) < 1e-9 for b in set(wanted) | set(opens)):
                return [self._later(vehicle, day, due, t, begin, opens) for day, due, t, _ in timed]
            opens = {b: max(w, opens.get(b, w)) for b, w in wanted.items()}
        return None  # the windows do not settle (a wait moves the break back and forth): the route is not taken

    def _later(self, vehicle: int, day: Day, due: list[str], t: Timing, begin: float, opens: dict[str, float]) -> Timed:
        """The day's route leaving later by its wait at the first stop when every start of service stays, no
        departure and not the end comes later (the rule of :func:`.windows.later_starts`)."""
        leave = float(math.floor(begin + t.waits[0])) if t.waits else begin
        if leave <= begin:
            return day, due, t, begin
        t2 = self._timing(vehicle, day, due, opens, leave)
        same = all(abs(a2 + w2 - a - w) <= 1e-9 for a, w, a2, w2 in zip(t.arrivals, t.waits, t2.arrivals, t2.waits))
        if same and all(d2 <= d + 1e-9 for d, d2 in zip(t.departures, t2.departures)) and t2.end <= t.end + 1e-9:
            return day, due, t2, leave
        return day, due, t, begin

    def _timing(self, vehicle: int, day: Day, due: list[str], opens: dict[str, float], begin: float) -> Timing:
        s = self.network.settings
        path = [self.depot[vehicle], *(self.pos[b] for b in due), self.depot[vehicle]]
        windows = [_opening(day.window[b], opens.get(b)) for b in due]
        return route_timing(
            begin,
            [float(self.minutes[a, b]) for a, b in zip(path, path[1:])],
            [day.stop_min[b] for b in due],
            windows,
            s.break_after_min,
            s.break_min,
        )

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

    def near(self, bid: str) -> set[str]:
        """The ``NEAR`` branches nearest ``bid`` (minutes either way): the moves of the local search only
        bring a branch next to one of these (granular neighbourhoods, Toth & Vigo 2003)."""
        if not self._near:
            everyone = sorted({b for day in self.days for b in day.node})
            at = np.array([self.pos[b] for b in everyone])
            both = self.minutes[np.ix_(at, at)] + self.minutes[np.ix_(at, at)].T
            for k, b in enumerate(everyone):
                ranked = np.argsort(both[k], kind="stable")
                self._near[b] = {everyone[o] for o in [o for o in ranked if o != k][:NEAR]}
        return self._near[bid]

    def best_place(
        self, master: Master, costs: dict[int, float], bid: str, granular: bool = False
    ) -> tuple[float, int, int] | None:
        """The cheapest feasible place for ``bid``: (added cost, vehicle, position); ``granular``: only next to
        a branch :meth:`near` it."""
        best = None
        near = self.near(bid) if granular else set()
        for v, bids in master.items():
            for k in range(len(bids) + 1):
                if granular and not ((k and bids[k - 1] in near) or (k < len(bids) and bids[k] in near)):
                    continue
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
    _descend(search, master, week)
    return master


def _descend(search: Search, master: Master, week: dict[int, float]) -> None:
    """Relocate, 2-opt, swap and 2-opt* until none helps (at most ``PASSES`` passes; in place)."""
    for _ in range(PASSES):
        moved = _relocate(search, master, week)
        moved = _two_opt(search, master, week) | _swap(search, master, week) | _tails(search, master, week) | moved
        if not moved:
            break


def _relocate(search: Search, master: Master, week: dict[int, float]) -> bool:
    """One pass of the relocate move over every branch (in place); whether a branch moved."""
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
        place = search.best_place(trial, trial_costs, bid, granular=True)
        if place is not None and place[0] < saved - 0.01:
            _insert(search, trial, trial_costs, bid, place)
            master.update(trial)
            week.update(trial_costs)
            moved = True
            for u in [u for u, b in master.items() if not b]:
                del master[u], week[u]
    return moved


def _two_opt(search: Search, master: Master, week: dict[int, float]) -> bool:
    """2-opt within each route: reverse a stretch of its branches when the week gets cheaper (in place)."""
    moved = False
    for v in sorted(master):
        bids = master[v]
        for i in range(len(bids) - 1):
            for j in range(i + 1, len(bids)):
                if i and j + 1 < len(bids) and bids[j] not in search.near(bids[i - 1]):
                    continue
                trial = bids[:i] + bids[i : j + 1][::-1] + bids[j + 1 :]
                c = search.cost(v, trial)
                if c is not None and c < week[v] - 0.01:
                    bids, week[v], moved = trial, c, True
        master[v] = bids
    return moved


def _swap(search: Search, master: Master, week: dict[int, float]) -> bool:
    """Exchange two branches of two routes, each taking the other's place, when the week gets cheaper (in place)."""
    moved = False
    vans = sorted(master)
    for k, u in enumerate(vans):
        for v in vans[k + 1 :]:
            for i in range(len(master[u])):
                for j in range(len(master[v])):
                    a, b = master[u], master[v]
                    if b[j] not in search.near(a[i]):
                        continue
                    tu, tv = a[:i] + [b[j]] + a[i + 1 :], b[:j] + [a[i]] + b[j + 1 :]
                    cu = search.cost(u, tu)
                    cv = search.cost(v, tv) if cu is not None else None
                    if cu is not None and cv is not None and cu + cv < week[u] + week[v] - 0.01:
                        master[u], master[v], week[u], week[v], moved = tu, tv, cu, cv, True
    return moved


def _tails(search: Search, master: Master, week: dict[int, float]) -> bool:
    """2-opt*: two routes exchange their tails (``u[:i] + v[j:]`` and ``v[:j] + u[i:]``) when the week gets
    cheaper (in place); only where ``v[j]`` is near ``u[i - 1]``."""
    moved = False
    vans = sorted(master)
    for k, u in enumerate(vans):
        for v in vans[k + 1 :]:
            for i in range(len(master[u]) + 1):
                for j in range(len(master[v]) + 1):
                    a, b = master[u], master[v]
                    if not (0 < i <= len(a) and j < len(b) and b[j] in search.near(a[i - 1])):
                        continue
                    tu, tv = a[:i] + b[j:], b[:j] + a[i:]
                    cu = search.cost(u, tu) if tu else 0.0
                    cv = (search.cost(v, tv) if tv else 0.0) if cu is not None else None
                    if cu is not None and cv is not None and cu + cv < week[u] + week[v] - 0.01:
                        master[u], master[v], week[u], week[v], moved = tu, tv, cu, cv, True
    for u in [u for u, b in master.items() if not b]:
        del master[u], week[u]
    return moved


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


def _opening(hours: tuple[float, float] | None, opens: float | None) -> tuple[float, float] | None:
    """A day's opening window with the branch opening no earlier than ``opens`` (its promised window)."""
    if opens is None:
        return hours
    return (max(hours[0], opens), hours[1]) if hours is not None else (opens, HORIZON_S / 60)


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
    search: Search,
    master: Master,
    costs: dict[int, float],
    bid: str,
    depth: int = EJECT_DEPTH,
    taken: int | None = None,
) -> tuple[float, dict[int, tuple[list[str], float]]] | None:
    """The cheapest way to put ``bid`` into a route that drives (not ``taken``) by taking one branch out of it,
    which then goes to its cheapest place in another route that drives or, ``depth`` > 1, is itself put in
    by taking one out (an ejection chain): (added cost, the routes changed and their costs)."""
    best: tuple[float, dict[int, tuple[list[str], float]]] | None = None
    driving = [v for v, bids in master.items() if bids]
    for v in (v for v in driving if v != taken):
        for j, out in enumerate(master[v]):
            into = _cheapest(search, v, master[v][:j] + master[v][j + 1 :], bid)
            if into is None or (best is not None and into[1] - costs[v] >= best[0]):
                continue
            for u in (u for u in driving if u != v):
                moved = _cheapest(search, u, master[u], out)
                added = into[1] - costs[v] + (moved[1] - costs[u] if moved else 0.0)
                if moved is not None and (best is None or added < best[0] - 1e-9):
                    best = (added, {v: into, u: moved})
            if depth > 1:
                trial, trial_costs = {**master, v: into[0]}, {**costs, v: into[1]}
                chain = _eject(search, trial, trial_costs, out, depth - 1, v)
                if chain is not None and (best is None or into[1] - costs[v] + chain[0] < best[0] - 1e-9):
                    best = (into[1] - costs[v] + chain[0], {v: into} | chain[1])
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
        RouteResult(v, [node[b] for b in bids], int(search.start(v, bids) * 60)) for v, bids in sorted(master.items())
    ]
