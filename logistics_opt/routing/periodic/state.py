"""The periodic search's state: every day's routes under a choice of options, their exact costs, the
engine's re-solves of a day or of the whole week, and option moves with cheapest insertion."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from .. import get_engine
from ..problem import DayProblem, DaySolution, SearchParams
from .insertion import day_insertion
from .model import INFEASIBLE, _Week


class _State:
    """Routes of every day under a choice of options, with exact costs per day."""

    def __init__(self, w: _Week, choice: list[int]) -> None:
        self.w = w
        self.choice = list(choice)
        T = w.p.num_days
        self.routes: list[dict[int, list[int]]] = [{} for _ in range(T)]
        self.costs: list[dict[int, float]] = [{} for _ in range(T)]  # each route's exact cost
        self.sizes: list[dict[int, tuple[int, int, int]]] = [{} for _ in range(T)]
        for k, c in enumerate(self.choice):
            node = w.nd + k
            opt = w.p.options[k][c]
            for d in opt.days:
                self.sizes[d][node] = w.visit(node, opt, d)

    def copy(self) -> _State:
        s = _State.__new__(_State)
        s.w, s.choice = self.w, list(self.choice)
        s.routes = [{v: list(r) for v, r in day.items()} for day in self.routes]
        s.costs = [dict(day) for day in self.costs]
        s.sizes = [dict(x) for x in self.sizes]
        return s

    def day_cost(self, d: int) -> float:
        return sum(self.costs[d].values())

    def set_day(self, d: int, routes: dict[int, list[int]], costs: dict[int, float] | None = None) -> None:
        """Day ``d``'s routes, with their costs (priced here unless given)."""
        self.routes[d] = routes
        self.costs[d] = (
            costs if costs is not None else {v: self.w.route_cost(v, r, self.sizes[d]) for v, r in routes.items()}
        )

    def cost(self) -> float:
        return sum(self.day_cost(d) for d in range(self.w.p.num_days))

    def unserved(self, d: int) -> list[int]:
        """Visits of day ``d`` on no route (dropped by the engine, or not routed yet)."""
        routed = {n for r in self.routes[d].values() for n in r}
        return sorted(n for n in self.sizes[d] if n not in routed)

    def penalty(self) -> int:
        return sum(len(self.unserved(d)) for d in range(self.w.p.num_days))

    def day_excess(self, d: int) -> int:
        """Crates over capacity on day ``d``'s routes (only while the week prices overload)."""
        return sum(self.w.excess(v, r, self.sizes[d]) for v, r in self.routes[d].items())

    def overloaded(self) -> set[int]:
        return {d for d in range(self.w.p.num_days) if self.day_excess(d)}

    def key(self) -> tuple[int, int, float]:
        """What the search minimises, in order: visits unserved, crates over capacity, cost."""
        return self.penalty(), sum(map(self.day_excess, range(self.w.p.num_days))), self.cost()

    def reprice(self, days: set[int]) -> None:
        """Price ``days``' routes anew (after :attr:`_Week.overload_cost` changed)."""
        for d in days:
            self.set_day(d, self.routes[d])

    def warm_routes(self, d: int) -> dict[int, list[int]]:
        """Day ``d``'s routes for an engine's warm start: an overloaded route sheds the stops that bring
        its fullest point down most until it fits (the engine then places them again)."""
        size, w = self.sizes[d], self.w
        out = {}
        for v, r in self.routes[d].items():
            r = list(r)
            while w.excess(v, r, size):
                r.remove(min(r, key=lambda n: (w.peak_load([m for m in r if m != n], size), -sum(size[n][:2]))))
            out[v] = r
        return out

    def day_problem(self, d: int) -> tuple[DayProblem, list[int]]:
        """The engine's problem for day ``d`` and its node -> template node map."""
        t = self.w.p.template
        nodes = list(range(self.w.nd)) + sorted(self.sizes[d])
        idx = np.asarray(nodes)
        size = self.sizes[d]
        return DayProblem(
            distance_m=tuple(map(tuple, self.w.dist[np.ix_(idx, idx)].tolist())),
            travel_s=tuple(map(tuple, self.w.travel[np.ix_(idx, idx)].tolist())),
            service_s=tuple(size[n][2] if n in size else 0 for n in nodes),
            delivery=tuple(size[n][0] if n in size else 0 for n in nodes),
            pickup=tuple(size[n][1] if n in size else 0 for n in nodes),
            windows=tuple(t.windows[n] for n in nodes),
            vehicles=t.vehicles,
            num_depots=self.w.nd,
        ), nodes

    def solve_day(self, d: int, engine: str, params: SearchParams, warm: bool) -> None:
        """Re-solve day ``d``; keep the engine's routes if they serve more or cost less."""
        problem, nodes = self.day_problem(d)
        local = {n: i for i, n in enumerate(nodes)}
        if warm and self.routes[d]:
            warm_routes = self.warm_routes(d)
            init = tuple(tuple(local[n] for n in warm_routes.get(v, [])) for v in range(len(problem.vehicles)))
            params = replace(params, initial_routes=init)
        sol: DaySolution = get_engine(engine)(problem, params)
        new_routes = {r.vehicle: [nodes[n] for n in r.nodes] for r in sol.routes if r.nodes}
        new_dropped = {nodes[n] for n in sol.dropped}
        new_costs = {v: self.w.route_cost(v, r, self.sizes[d]) for v, r in new_routes.items()}
        new_cost = sum(new_costs.values())
        old_unserved = len(self.sizes[d]) - sum(map(len, self.routes[d].values()))
        old = (old_unserved, self.day_excess(d), self.day_cost(d))
        must = old[1] > 0 and not math.isfinite(self.w.overload_cost)  # overload is no longer allowed
        if math.isfinite(new_cost) and (must or (len(new_dropped), 0, new_cost) < old):
            self.set_day(d, new_routes, new_costs)

    def fit(self) -> None:
        """Overloaded routes shed stops until they fit (those visits go unserved): the last guard
        before the plan."""
        for d in self.overloaded():
            self.set_day(d, self.warm_routes(d))

    def week_problem(self) -> tuple[DayProblem, list[int], list[int | None], dict[tuple[int, int], int]]:
        """The whole week as one problem: (problem, week node -> template node, each node's fixed day or
        None, (template node, day) -> week node)."""
        w = self.w
        T, V, nd = w.p.num_days, len(w.vehicles), w.nd
        nodes: list[int] = list(range(nd))  # week node -> template node
        node_day: list[int | None] = [None] * nd  # fixed day, or None (depot / flexible)
        allowed: list[tuple[int, ...]] = [()] * nd
        size: list[tuple[int, int, int]] = [(0, 0, 0)] * nd
        where: dict[tuple[int, int], int] = {}  # (template node, day) -> week node
        for k, c in enumerate(self.choice):
            node = nd + k
            opts = w.p.options[k]
            if w.flexible[k]:
                days = sorted(o.days[0] for o in opts)
                for d in days:
                    where[(node, d)] = len(nodes)
                nodes.append(node)
                node_day.append(None)
                allowed.append(tuple(d * V + v for d in days for v in range(V)))
                size.append(w.visit(node, opts[0], opts[0].days[0]))
                continue
            for d in opts[c].days:
                where[(node, d)] = len(nodes)
                nodes.append(node)
                node_day.append(d)
                allowed.append(tuple(d * V + v for v in range(V)))
                size.append(self.sizes[d][node])
        idx = np.asarray(nodes)
        vehicles = tuple(replace(v, name=f"{v.name}@{d}") for d in range(T) for v in w.vehicles)
        problem = DayProblem(
            distance_m=tuple(map(tuple, w.dist[np.ix_(idx, idx)].tolist())),
            travel_s=tuple(map(tuple, w.travel[np.ix_(idx, idx)].tolist())),
            service_s=tuple(x[2] for x in size),
            delivery=tuple(x[0] for x in size),
            pickup=tuple(x[1] for x in size),
            windows=tuple(w.windows[n] for n in nodes),
            vehicles=vehicles,
            num_depots=nd,
            allowed_vehicles=tuple(allowed),
        )
        return problem, nodes, node_day, where

    def solve_week(self, engine: str, params: SearchParams, warm: bool) -> bool:
        """Re-solve all days in one model (vans of day d = vehicles d*V..d*V+V-1); keep it if better.

        A stop whose options are single days of equal size gets one node that may go on any
        of those days (the engine picks the day); every other stop gets a node per visit of
        its current option, tied to that day's vans.
        """
        w = self.w
        T, V, nd = w.p.num_days, len(w.vehicles), w.nd
        problem, nodes, node_day, where = self.week_problem()
        if warm and any(self.routes):
            days = [self.warm_routes(d) for d in range(T)]
            init = tuple(tuple(where[(n, d)] for n in days[d].get(v, [])) for d in range(T) for v in range(V))
            params = replace(params, initial_routes=init)
        sol = get_engine(engine)(problem, params)
        new = self.copy()
        day_routes: list[dict[int, list[int]]] = [{} for _ in range(T)]
        for r in sol.routes:
            d, v = divmod(r.vehicle, V)
            day_routes[d][v] = [nodes[n] for n in r.nodes]
            for n in r.nodes:
                k = nodes[n] - nd
                if node_day[n] is None and w.p.options[k][new.choice[k]].days != (d,):
                    old_d = w.p.options[k][new.choice[k]].days[0]
                    new.choice[k] = next(o for o, opt in enumerate(w.p.options[k]) if opt.days == (d,))
                    new.sizes[d][nodes[n]] = new.sizes[old_d].pop(nodes[n])
        for d in range(T):
            new.set_day(d, day_routes[d])
        if new.key() < self.key():
            self.choice, self.routes, self.sizes, self.costs = new.choice, new.routes, new.sizes, new.costs
            return True
        return False

    # -- moves

    def _insert_best(
        self, node: int, routes: dict[int, list[int]], costs: dict[int, float], size: dict[int, tuple[int, int, int]]
    ) -> tuple[float, int, list[int], float] | None:
        """Cheapest feasible insertion of ``node`` into a day's ``routes`` (or a new route on an idle van):
        (cost change, van, its new route, that route's cost), or None. Every place is priced at once
        (:func:`.insertion.day_insertion`); the cheapest few (``exact_checks``) are then priced exactly, as the
        estimate is exact only when travel times obey the triangle inequality."""
        w = self.w
        best: tuple[float, int, list[int], float] | None = None
        if routes:
            deltas, vans, places = day_insertion(w, routes, size, node)
            for i in np.argsort(deltas, kind="stable")[: w.settings.exact_checks]:
                if not math.isfinite(deltas[i]):
                    break
                v_i, pos = int(vans[i]), int(places[i])
                r = routes[v_i]
                new = [*r[:pos], node, *r[pos:]]
                c = w.route_cost(v_i, new, size)
                if math.isfinite(c) and (best is None or c - costs[v_i] < best[0]):
                    best = (c - costs[v_i], v_i, new, c)
        for v_i in range(len(w.vehicles)):  # a new route on an idle van
            if v_i not in routes:
                c = w.route_cost(v_i, [node], size)
                if math.isfinite(c) and (best is None or c < best[0]):
                    best = (c, v_i, [node], c)
        return best

    def _day_after(
        self, d: int, items: list[tuple[int, bool, tuple[int, int, int] | None]], may_stay: bool
    ) -> tuple[float, dict[int, list[int]], dict[int, float], dict[int, tuple[int, int, int]]] | None:
        """Day ``d`` with each ``(node, leaves, visit)`` applied: every visit that leaves (or changes) is
        taken out first, then every visit the day gains (``visit`` not None: its size) is inserted at
        its cheapest place. With ``may_stay`` (a single stop's move), a visit that stays may instead stay
        in place, resized. Returns
        (change in the day's cost, routes, their costs, visit sizes), or None when infeasible."""
        w = self.w
        size, routes, costs = dict(self.sizes[d]), dict(self.routes[d]), dict(self.costs[d])
        before = sum(costs.values())
        vans = {node: self._take_out(node, routes, costs, size) for node, leaves, _ in items if leaves}
        gains = [node for node, _, visit in items if visit is not None]
        for node, _, visit in items:
            if visit is not None:
                size[node] = visit
        keep, c_keep, v_of = INFEASIBLE, INFEASIBLE, -1
        if may_stay and vans and gains:  # the visit stays on its route, resized
            v_of = vans[gains[0]]
            c_keep = w.route_cost(v_of, self.routes[d][v_of], size)
            keep = before - self.costs[d][v_of] + c_keep
        inserted = True
        for node in gains:
            ins = self._insert_best(node, routes, costs, size)
            if ins is None:
                inserted = False
                break
            routes[ins[1]], costs[ins[1]] = ins[2], ins[3]
        if inserted and sum(costs.values()) < keep:
            return sum(costs.values()) - before, routes, costs, size
        if math.isfinite(keep):
            costs = dict(self.costs[d])
            costs[v_of] = c_keep
            return keep - before, dict(self.routes[d]), costs, size
        return None

    def try_move(self, k: int, new: int, allowance: float = 0.0) -> float | None:
        """Apply option ``new`` to stop ``k`` if the week's cost rises by less than ``allowance``
        (0: only if it falls); returns the change in cost, or None when not applied."""
        return self.try_swap([(k, new)], allowance)

    def _take_out(
        self, node: int, routes: dict[int, list[int]], costs: dict[int, float], size: dict[int, tuple[int, int, int]]
    ) -> int:
        """Take ``node``'s visit out of a day's (copied) routes, re-pricing its route; returns its van."""
        v = next(v for v, r in routes.items() if node in r)
        del size[node]
        rest = [n for n in routes[v] if n != node]
        del routes[v], costs[v]
        if rest:
            routes[v], costs[v] = rest, self.w.route_cost(v, rest, size)
        return v

    def _commit(self, changes: dict, moves: list[tuple[int, int]]) -> None:
        """Keep the changed days ``{day: (routes, costs, sizes)}`` and the stops' new options."""
        for d, (routes, costs, size) in changes.items():
            self.routes[d], self.costs[d], self.sizes[d] = routes, costs, size
        for k, o in moves:
            self.choice[k] = o

    def try_swap(self, moves: list[tuple[int, int]], allowance: float = 0.0) -> float | None:
        """Apply several option changes ``(stop, new option)`` together, like :meth:`try_move`, each day
        by :meth:`_day_after`. Two stops trading days this way need no room in between, which single
        moves on full vans never find."""
        w = self.w
        nodes = [w.nd + k for k, _ in moves]
        olds = [w.p.options[k][self.choice[k]] for k, _ in moves]
        news = [w.p.options[k][o] for k, o in moves]
        if any(n in self.unserved(d) for n, opt in zip(nodes, olds) for d in opt.days):
            return None
        changes = {}
        delta = 0.0
        for d in sorted({d for opt in olds + news for d in opt.days}):
            items = [
                (n, d in old.days, w.visit(n, new, d) if d in new.days else None)
                for n, old, new in zip(nodes, olds, news)
                if d in old.days or d in new.days
            ]
            day = self._day_after(d, items, may_stay=len(moves) == 1)
            if day is None:
                return None
            delta += day[0]
            changes[d] = day[1:]
        if not math.isfinite(delta) or delta >= allowance - 1e-6:
            return None
        self._commit(changes, moves)
        return delta
