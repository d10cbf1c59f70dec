"""Periodic routing (PVRP): choose one visit option per stop and the routes of every day together.

Solver side only: integers, no files, no branch ids. A :class:`PeriodicProblem` is a template
:class:`~.problem.DayProblem` holding every node (depots first) plus, for every stop, the visit
options it may take (a set of days, and the crates and service seconds of each of those
visits, which differ per option because a visit after a longer gap carries more).

The search (:func:`solve_periodic`), within one wall-clock budget:

1. CP-SAT picks an option per stop, minimising an estimate of the week's cost: the service
   time bought, vans per day (fixed cost, by crates and working time), and a travel proxy that
   charges each visit the distance to its nearest co-visited neighbour (or the depot). This
   puts neighbours on the same days and balances the days.
2. The routing engine solves the week, in one of two ways (``method``):
   - ``"days"``: each day on its own;
   - ``"week"``: one model with every day's vans (vehicle ``d*V+v`` is van ``v`` on day ``d``)
     and a node per required visit tied to its day's vans; a stop whose options are single
     days of equal size gets one node allowed on all those days, so the engine itself
     chooses its day while it routes.
3. Simulated annealing moves stops between options: a move removes the stop from the days
   it leaves, updates it on the days it keeps, and inserts it at the cheapest feasible place
   on the days it gains; every changed route is re-evaluated exactly by :meth:`_Week.route_cost`.
   A rise in cost passes with a probability that falls over the budget. After each segment of
   moves the engine re-solves the changed days, warm-started from the patched routes, and the
   better of both is kept. The best week found is polished with the time left.

``"auto"`` picks what measured best on Cordeau's instances: the week model alone when it can
choose every option itself (p01 at 20 s: 0.06 % above the reference with the week model, 7.3 %
with separate days); otherwise separate days for the annealing rounds (p02 and p05 at 60 s:
5.1 % and 8.1 % above the reference, against 13.5 % and 15.2 % with a week-model re-solve per
round, which leaves time for too few rounds) and the week model to polish the best week.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from .. import get_engine
from ..budget import Budget
from ..problem import COST_UNITS_PER_EUR, DayProblem, DaySolution, SearchParams
from .initial import initial_choice
from .model import INFEASIBLE, PeriodicProblem, PeriodicSolution, _Week

Progress = Callable[[str], None]


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

    def solve_week(self, engine: str, params: SearchParams, warm: bool) -> bool:
        """Re-solve all days in one model (vans of day d = vehicles d*V..d*V+V-1); keep it if better.

        A stop whose options are single days of equal size gets one node that may go on any
        of those days (the engine picks the day); every other stop gets a node per visit of
        its current option, tied to that day's vans.
        """
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


def anneal(
    state: _State, temperature: float, rng: random.Random, seconds: float | None = None, moves: int | None = None
) -> set[int]:
    """Random option moves for ``seconds`` (or exactly ``moves`` of them: reproducible runs), accepting a
    rise in cost with the Metropolis rule at ``temperature`` (cost units; 0 accepts only improvements).
    Returns the days changed."""
    w = state.w
    changed: set[int] = set()
    movable = [k for k in range(len(w.p.options)) if len(w.p.options[k]) > 1]
    if not movable:
        return changed
    end = time.perf_counter() + (seconds or 0.0)
    tried = 0
    while (tried < moves) if moves is not None else (time.perf_counter() < end):
        for _ in range(20):
            k = rng.choice(movable)
            o = rng.randrange(len(w.p.options[k]) - 1)
            o += o >= state.choice[k]
            before = w.p.options[k][state.choice[k]].days
            allowance = -temperature * math.log(1.0 - rng.random()) if temperature > 0 else 0.0
            if state.try_move(k, o, allowance) is not None:
                changed |= set(before) | set(w.p.options[k][o].days)
        tried += 20
    return changed


METHODS = ("auto", "week", "days")
TEMPERATURE = 0.5  # starting temperature of the annealing, as a share of the cost per visit
SEGMENT_S = 1.0  # seconds of annealing between re-solves
RESOLVE_S = 0.3  # most seconds per day for the engine's warm re-solve after a segment
FIRST_SHARE = 0.1  # share of the budget for the first routes when options remain to be moved
POLISH_SHARE = 0.35  # share of the budget for the week model polishing the best week
#: Reproducible runs (a solution limit) count work instead: option moves per round, rounds per solution
#: of the limit, and the solution limit of a day's re-solve after a round as a share of the limit.
SEGMENT_MOVES = 300
ROUNDS_PER_SOLUTION = 0.05
RESOLVE_SHARE = 0.05


class _Search:
    """One periodic search: the state it moves, the best week so far, and how it stops (wall clock,
    or counted work with the wall clock only a cap)."""

    def __init__(
        self, problem: PeriodicProblem, params: SearchParams, engine: str, method: str, progress: Progress | None
    ) -> None:
        self.p, self.params, self.engine, self.progress = problem, params, engine, progress
        self.w = _Week(problem)
        self.polish_week = False
        if method == "auto":
            alone = all(len(o) == 1 or self.w.flexible[k] for k, o in enumerate(problem.options))
            method = "week" if alone else "days"
            self.polish_week = not alone and any(self.w.flexible)
        self.method = method
        self.budget = Budget(params.time_limit_s)
        self.work = params.solution_limit is not None
        self.rng = random.Random(params.seed)
        self.log: list[str] = []
        # Stops the annealing can move that the week model cannot: with none, the engine does it all.
        self.movable = any(
            len(o) > 1 and not (method == "week" and self.w.flexible[k]) for k, o in enumerate(problem.options)
        )
        share = POLISH_SHARE if self.polish_week else 0.15
        self.polish_at = self.budget.deadline - (share * self.budget.seconds if self.movable else 0.0)

    def say(self, msg: str) -> None:
        self.log.append(f"{self.budget.elapsed():.1f}s {msg}")
        if self.progress:
            self.progress(msg)

    def reoptimise(
        self, st: _State, days: set[int], until: float, most: float, params: SearchParams, warm: bool = True
    ) -> None:
        """Re-solve ``days`` by the engine; in reproducible runs every time limit is only a cap."""
        if not days:
            return
        T = self.p.num_days
        if self.method == "week":
            left = until - time.perf_counter()
            cap = left if self.work else min(T * most, left)
            st.solve_week(self.engine, replace(params, time_limit_s=max(0.02, cap)), warm)
            return
        for d in sorted(days):
            left = until - time.perf_counter()
            if left <= 0.02 and st.penalty() == 0:
                return
            if st.sizes[d]:
                cap = left if self.work else min(most, left / len(days))
                st.solve_day(d, self.engine, replace(params, time_limit_s=max(0.05, cap)), warm)

    def first(self, choice: list[int] | None) -> _State:
        budget = self.budget.seconds
        if choice is None:
            choice = initial_choice(self.p, min(5.0, 0.05 * budget), self.params.seed, deterministic=self.work)
        state = _State(self.w, choice)
        until = time.perf_counter() + FIRST_SHARE * budget if self.movable and not self.work else self.budget.deadline
        self.reoptimise(state, set(range(self.p.num_days)), until, budget, self.params, warm=False)
        if self.method == "week" and state.penalty():
            # The week model found no full first solution in time: route the days one by one.
            for d in range(self.p.num_days):
                share = max(0.05, 0.5 * self.budget.left() / (self.p.num_days - d))
                state.solve_day(d, self.engine, replace(self.params, time_limit_s=share), warm=False)
        self.say(f"first routes: cost {state.cost() / COST_UNITS_PER_EUR:.2f}, unserved {state.penalty()}")
        return state

    def rounds(self, state: _State) -> tuple[_State, int]:
        """Annealing rounds over options, each followed by a re-solve of the days it changed."""
        best, best_key = state.copy(), (state.penalty(), state.cost())
        visits = max(1, sum(len(x) for x in state.sizes))
        t_start = max(1.0, TEMPERATURE * best_key[1] / visits)
        t_end = 0.02 * t_start
        span = max(1e-6, self.polish_at - time.perf_counter())
        segment = min(SEGMENT_S, max(0.1, span / 40))
        per_day = (
            max(0.05, min(RESOLVE_S, 0.01 * self.budget.seconds))
            if self.method == "days"
            else max(0.2, 0.01 * self.budget.seconds)
        )
        limit = self.params.solution_limit
        planned = max(1, int(limit * ROUNDS_PER_SOLUTION)) if limit else 0
        resolve = replace(self.params, solution_limit=max(5, int(limit * RESOLVE_SHARE))) if limit else self.params
        done = 0
        while self.movable and (done < planned if self.work else time.perf_counter() < self.polish_at - 0.05):
            if self.work and self.budget.done():
                break
            frac = (
                done / planned if self.work else min(1.0, max(0.0, 1.0 - (self.polish_at - time.perf_counter()) / span))
            )
            temperature = t_start * (t_end / t_start) ** frac
            done += 1
            if self.work:
                changed = anneal(state, temperature, self.rng, moves=SEGMENT_MOVES)
            else:
                changed = anneal(state, temperature, self.rng, seconds=segment)
            self.reoptimise(state, changed, self.polish_at if not self.work else self.budget.deadline, per_day, resolve)
            key = (state.penalty(), state.cost())
            if key < best_key:
                best, best_key = state.copy(), key
                self.say(f"round {done}: cost {key[1] / COST_UNITS_PER_EUR:.2f}")
            elif self.rng.random() < 0.2:
                state = best.copy()
        return best, done

    def polish(self, best: _State) -> None:
        """Improving option moves, then every day (or the week model) of the best week."""
        if self.work:
            anneal(best, 0.0, self.rng, moves=SEGMENT_MOVES // 4)
        else:
            anneal(best, 0.0, self.rng, seconds=min(0.5, 0.2 * self.budget.left()))
        if self.polish_week:
            best.solve_week(self.engine, replace(self.params, time_limit_s=self.budget.left(0.05)), True)
        else:
            self.reoptimise(best, set(range(self.p.num_days)), self.budget.deadline, self.budget.seconds, self.params)


def solve_periodic(
    problem: PeriodicProblem,
    params: SearchParams,
    *,
    engine: str = "ortools",
    method: str = "auto",
    progress: Progress | None = None,
    choice: list[int] | None = None,
) -> PeriodicSolution:
    """Options and routes together (see the module docstring): within ``params.time_limit_s``, or, with a
    solution limit, for a counted amount of work (the same plan on any machine, the time limit a cap).

    ``method`` is ``"week"``, ``"days"`` or ``"auto"`` (the default; see the module docstring).
    """
    if method not in METHODS:
        raise ValueError(f"unknown method '{method}' (expected one of {', '.join(METHODS)})")
    run = _Search(problem, params, engine, method, progress)
    best = run.first(choice)
    rounds = 0
    if run.movable:
        best, rounds = run.rounds(best)
        run.polish(best)
    run.say(f"final: cost {best.cost() / COST_UNITS_PER_EUR:.2f} after {rounds} rounds")
    T = problem.num_days
    routes = [{v: list(r) for v, r in day.items()} for day in best.routes]
    dropped = [(d, n) for d in range(T) for n in best.unserved(d)]
    sol = PeriodicSolution(best.choice, routes, int(round(best.cost())), dropped, run.budget.elapsed(), run.log)
    sol.capped = run.work and run.budget.done()
    return sol
