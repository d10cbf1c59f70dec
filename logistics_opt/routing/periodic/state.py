"""The periodic search's state: every day's routes under a choice of options, their exact costs, the
engine's re-solves of a day or of the whole week, and option moves with cheapest insertion."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from .. import get_engine
from ..problem import DayProblem, DaySolution, SearchParams
from .model import INFEASIBLE, _Week


class _State:
    """Routes of every day under a choice of options, with exact costs per day."""

    def __init__(self, w: _Week, choice: list[int]) -> None:
        self.w = w
        self.choice = list(choice)
        T = w.p.num_days
        self.routes: list[dict[int, list[int]]] = [{} for _ in range(T)]
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
        s.sizes = [dict(x) for x in self.sizes]
        return s

    def day_cost(self, d: int) -> float:
        return sum(self.w.route_cost(v, r, self.sizes[d]) for v, r in self.routes[d].items())

    def cost(self) -> float:
        return sum(self.day_cost(d) for d in range(self.w.p.num_days))

    def unserved(self, d: int) -> list[int]:
        """Visits of day ``d`` on no route (dropped by the engine, or not routed yet)."""
        routed = {n for r in self.routes[d].values() for n in r}
        return sorted(n for n in self.sizes[d] if n not in routed)

    def penalty(self) -> int:
        return sum(len(self.unserved(d)) for d in range(self.w.p.num_days))

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
            init = tuple(tuple(local[n] for n in self.routes[d].get(v, [])) for v in range(len(problem.vehicles)))
            params = replace(params, initial_routes=init)
        sol: DaySolution = get_engine(engine)(problem, params)
        new_routes = {r.vehicle: [nodes[n] for n in r.nodes] for r in sol.routes if r.nodes}
        new_dropped = {nodes[n] for n in sol.dropped}
        new_cost = sum(self.w.route_cost(v, r, self.sizes[d]) for v, r in new_routes.items())
        old_cost = self.day_cost(d)
        old_unserved = len(self.sizes[d]) - sum(map(len, self.routes[d].values()))
        if math.isfinite(new_cost) and (len(new_dropped), new_cost) < (old_unserved, old_cost):
            self.routes[d] = new_routes

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
            init = tuple(tuple(where[(n, d)] for n in self.routes[d].get(v, [])) for d in range(T) for v in range(V))
            params = replace(params, initial_routes=init)
        sol = get_engine(engine)(problem, params)
        new = self.copy()
        new.routes = [{} for _ in range(T)]
        for r in sol.routes:
            d, v = divmod(r.vehicle, V)
            new.routes[d][v] = [nodes[n] for n in r.nodes]
            for n in r.nodes:
                k = nodes[n] - nd
                if node_day[n] is None and w.p.options[k][new.choice[k]].days != (d,):
                    old_d = w.p.options[k][new.choice[k]].days[0]
                    new.choice[k] = next(o for o, opt in enumerate(w.p.options[k]) if opt.days == (d,))
                    new.sizes[d][nodes[n]] = new.sizes[old_d].pop(nodes[n])
        if (new.penalty(), new.cost()) < (self.penalty(), self.cost()):
            self.choice, self.routes, self.sizes = new.choice, new.routes, new.sizes
            return True
        return False

    # -- moves

    def _insert_best(
        self, d: int, node: int, routes: dict[int, list[int]], size: dict[int, tuple[int, int, int]]
    ) -> tuple[float, int, int] | None:
        """Cheapest feasible (delta, vehicle, position) for ``node`` on day ``d``, or None."""
        w = self.w
        best: tuple[float, int, int] | None = None
        used = set(routes)
        deliv, pick, svc = size[node]
        for v_i, r in routes.items():
            veh = w.vehicles[v_i]
            seq = np.asarray([veh.depot] + r + [veh.depot])
            a, b = seq[:-1], seq[1:]
            dd = w.dist[a, node] + w.dist[node, b] - w.dist[a, b]
            dt = w.travel[a, node] + w.travel[node, b] - w.travel[a, b] + svc
            est = dd * w.arc_coef[v_i] + dt * w.time_coef[v_i]
            old = w.route_cost(v_i, r, size)
            for pos in np.argsort(est, kind="stable")[:3]:
                cand = r[:pos] + [node] + r[pos:]
                c = w.route_cost(v_i, cand, size)
                if math.isfinite(c) and (best is None or c - old < best[0]):
                    best = (c - old, v_i, int(pos))
        # A new route on an idle van (the cheapest such).
        for v_i in range(len(w.vehicles)):
            if v_i in used:
                continue
            c = w.route_cost(v_i, [node], size)
            if math.isfinite(c) and (best is None or c < best[0]):
                best = (c, v_i, 0)
        return best

    def try_move(self, k: int, new: int, allowance: float = 0.0) -> float | None:
        """Apply option ``new`` to stop ``k`` if the week's cost rises by less than ``allowance``
        (0: only if it falls); returns the change in cost, or None when not applied."""
        w = self.w
        node = w.nd + k
        old_opt = w.p.options[k][self.choice[k]]
        new_opt = w.p.options[k][new]
        if any(node in self.unserved(d) for d in old_opt.days):
            return None
        changes: dict[int, tuple[dict[int, list[int]], dict[int, tuple[int, int, int]]]] = {}
        delta = 0.0
        for d in set(old_opt.days) | set(new_opt.days):
            size = dict(self.sizes[d])
            routes = {v: list(r) for v, r in self.routes[d].items()}
            before = sum(w.route_cost(v, r, self.sizes[d]) for v, r in routes.items())
            if d in old_opt.days:
                v_of = next(v for v, r in routes.items() if node in r)
                routes[v_of].remove(node)
                if not routes[v_of]:
                    del routes[v_of]
                del size[node]
            if d in new_opt.days:
                size[node] = w.visit(node, new_opt, d)
                if d in old_opt.days:
                    routes_keep = {v: list(r) for v, r in self.routes[d].items()}
                    c_keep = sum(w.route_cost(v, r, size) for v, r in routes_keep.items())
                else:
                    c_keep = INFEASIBLE
                ins = self._insert_best(d, node, routes, size)
                base = sum(w.route_cost(v, r, size) for v, r in routes.items())
                if ins is not None and base + ins[0] < c_keep:
                    _, v_i, pos = ins
                    routes.setdefault(v_i, []).insert(pos, node)
                    after = base + ins[0]
                elif math.isfinite(c_keep):
                    routes, after = routes_keep, c_keep
                else:
                    return None
            else:
                after = sum(w.route_cost(v, r, size) for v, r in routes.items())
            delta += after - before
            changes[d] = (routes, size)
        if not math.isfinite(delta) or delta >= allowance - 1e-6:
            return None
        for d, (routes, size) in changes.items():
            self.routes[d], self.sizes[d] = routes, size
        self.choice[k] = new
        return delta
