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
   on the days it gains (every place of every route priced at once, :mod:`.insertion`); every
   changed route is re-evaluated exactly by :meth:`_Week.route_cost`. A share of the moves trade
   days between two stops (:func:`trade`: the partner leaves a day the first stop gains), which
   single moves cannot do when the vans are full, and another share ruins a stop and its
   nearest neighbours and rebuilds them option by option (:mod:`.recreate`). While the rounds
   last, a van may also go over capacity at a price per crate (``overload_weight``; Cordeau,
   Gendreau and Laporte's penalised tabu search does the same), so the search can pass through
   full days.
   A rise in cost passes with a probability that falls over the budget. After each segment of
   moves the engine re-solves the changed days and the overloaded ones, warm-started from the
   patched routes (an overloaded route sheds stops for the engine to place again), and the
   better of both is kept; the price rises while a day stays over and falls once all fit. The
   best week is always one that fits; it is polished with the time left, overload infeasible.

``"auto"`` picks what measured best on Cordeau's instances: separate days for the annealing
rounds (p02 and p05 at 60 s: 5.1 % and 8.1 % above the reference, against 13.5 % and 15.2 % with a
week-model re-solve per round, which leaves time for too few rounds) and the week model to polish
the best week. When the week model can choose every option itself, it also routes the first week,
on ``week_first_share`` of the budget (in reproducible runs, all of it): alone it stopped at
1.60 % above the reference on p01 and p03 in every run; the annealing over days from its half-time
week reaches the reference on p01 (not on p03).
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import replace

from ...progress import Progress
from ..problem import COST_UNITS_PER_EUR, SearchParams
from ..stop import FirstOf, MaxIterations, MaxRuntime, StoppingCriterion
from . import recreate
from .initial import initial_choice
from .model import PeriodicProblem, PeriodicSolution, _Week
from .state import _State


def anneal(state: _State, temperature: float, rng: random.Random, stop: StoppingCriterion) -> set[int]:
    """Random option moves until ``stop`` says so (it counts moves, a rebuild of :mod:`.recreate`
    counting as the stops it rebuilds: reproducible runs; or watches the clock), accepting a rise in cost
    with the Metropolis rule at ``temperature`` (cost units; 0 accepts only improvements). Returns the
    days changed."""
    w = state.w
    settings = w.settings
    changed: set[int] = set()
    movable = [k for k in range(len(w.p.options)) if len(w.p.options[k]) > 1]
    if not movable:
        return changed
    while not stop.done():
        for _ in range(20):
            k = rng.choice(movable)
            o = rng.randrange(len(w.p.options[k]) - 1)
            o += o >= state.choice[k]
            allowance = -temperature * math.log(1.0 - rng.random()) if temperature > 0 else 0.0
            if rng.random() < settings.ruin_share:  # counted as the single moves it costs about as much as
                changed |= recreate.ruin_recreate(state, k, rng, allowance) or set()
                stop.add(settings.ruined)
                continue
            stop.add(1)
            change = [(k, o)]
            if rng.random() < settings.swap_share:
                change += trade(state, k, o, rng)
            before = [w.p.options[m][state.choice[m]].days for m, _ in change]
            if state.try_swap(change, allowance) is not None:
                changed |= {d for days in before for d in days}
                changed |= {d for m, x in change for d in w.p.options[m][x].days}
    return changed


def trade(state: _State, k: int, o: int, rng: random.Random) -> list[tuple[int, int]]:
    """A partner for stop ``k`` moving to option ``o``: a stop on a day ``k`` gains, moved to an option
    off that day (one that takes a day ``k`` leaves, if it has one). Empty when there is none."""
    w = state.w
    old, new = w.p.options[k][state.choice[k]].days, w.p.options[k][o].days
    gains = [d for d in new if d not in old]
    if not gains:
        return []
    g = rng.choice(gains)
    others = [n - w.nd for n in state.sizes[g] if n != w.nd + k and len(w.p.options[n - w.nd]) > 1]
    if not others:
        return []
    k2 = rng.choice(others)
    off = [x for x, opt in enumerate(w.p.options[k2]) if g not in opt.days]
    into = [x for x in off if any(d in old for d in w.p.options[k2][x].days)]
    return [(k2, rng.choice(into or off))] if off else []


METHODS = ("auto", "week", "days")


class _Search:
    """One periodic search: the state it moves, the best week so far, and how it stops (wall clock,
    or counted work with the wall clock only a cap)."""

    def __init__(
        self,
        problem: PeriodicProblem,
        params: SearchParams,
        engine: str,
        method: str,
        progress: Progress | None,
        week_first: float | None = None,
    ) -> None:
        self.p, self.params, self.engine, self.progress = problem, params, engine, progress
        self.settings = settings = params.settings.periodic
        self.week_first = settings.week_first_share if week_first is None else week_first
        self.w = _Week(problem, settings)
        self.polish_week = False
        self.first_method = method  # the first routes': the week model first when it can choose alone
        if method == "auto":
            alone = all(len(o) == 1 or self.w.flexible[k] for k, o in enumerate(problem.options))
            week_first = alone and self.week_first > 0 and params.solution_limit is None
            method = "week" if alone and not week_first else "days"
            self.first_method = "week" if alone else "days"
            self.polish_week = any(self.w.flexible) and (week_first or not alone)
        self.method = method
        self.budget = MaxRuntime(params.time_limit_s)
        self.work = params.solution_limit is not None
        self.rng = random.Random(params.seed)
        self.log: list[str] = []
        # Stops the annealing can move that the week model cannot: with none, the engine does it all.
        self.movable = any(
            len(o) > 1 and not (method == "week" and self.w.flexible[k]) for k, o in enumerate(problem.options)
        )
        share = settings.polish_share if self.polish_week else settings.day_polish_share
        self.polish_at = self.budget.deadline - (share * self.budget.seconds if self.movable else 0.0)

    def say(self, msg: str) -> None:
        self.log.append(f"{self.budget.elapsed():.1f}s {msg}")
        if self.progress:
            self.progress(msg)

    def reoptimise(
        self,
        st: _State,
        days: set[int],
        until: float,
        most: float,
        params: SearchParams,
        warm: bool = True,
        method: str | None = None,
    ) -> None:
        """Re-solve ``days`` by the engine (by :attr:`method` unless given); in reproducible runs every
        time limit is only a cap."""
        if not days:
            return
        T = self.p.num_days
        clock = MaxRuntime.until(until)
        if (method or self.method) == "week":
            left = clock.left()
            cap = left if self.work else min(T * most, left)
            st.solve_week(self.engine, replace(params, time_limit_s=max(0.02, cap)), warm)
            return
        for i, d in enumerate(sorted(days)):
            left = clock.left()
            if left <= 0.02 and st.key()[:2] == (0, 0):
                return
            if st.sizes[d]:  # the time left shared over the days left
                cap = left if self.work else min(most, left / (len(days) - i))
                st.solve_day(d, self.engine, replace(params, time_limit_s=max(0.05, cap)), warm)

    def first(self, choice: list[int] | None) -> _State:
        budget = self.budget.seconds
        if choice is None:
            choice = initial_choice(self.p, min(5.0, 0.05 * budget), self.params.seed, deterministic=self.work)
        state = _State(self.w, choice)
        share = self.week_first if self.first_method != self.method else self.settings.first_share
        until = time.perf_counter() + share * budget if self.movable and not self.work else self.budget.deadline
        self.reoptimise(state, set(range(self.p.num_days)), until, budget, self.params, False, self.first_method)
        if self.first_method == "week" and state.penalty():
            # The week model found no full first solution in time: route the days one by one.
            for d in range(self.p.num_days):
                share = max(0.05, 0.5 * self.budget.left() / (self.p.num_days - d))
                state.solve_day(d, self.engine, replace(self.params, time_limit_s=share), warm=False)
        self.say(f"first routes: cost {state.cost() / COST_UNITS_PER_EUR:.2f}, unserved {state.penalty()}")
        return state

    def rounds(self, state: _State) -> tuple[_State, int]:
        """Annealing rounds over options, each followed by a re-solve of the days it changed."""
        settings = self.settings
        best, best_key = state.copy(), state.key()
        visits = max(1, sum(len(x) for x in state.sizes))
        t_start = max(1.0, settings.temperature * best_key[2] / visits)
        if settings.overload_weight > 0:
            crates = sum(max(x[0], x[1]) for day in state.sizes for x in day.values()) / visits
            self.w.overload_cost = settings.overload_weight * best_key[2] / visits / max(1.0, crates)
        t_end = 0.02 * t_start
        span = max(1e-6, self.polish_at - time.perf_counter())
        segment = min(settings.segment_s, max(0.1, span / 40))
        per_day = (
            max(0.05, min(settings.resolve_s, 0.01 * self.budget.seconds))
            if self.method == "days"
            else max(0.2, 0.01 * self.budget.seconds)
        )
        limit = self.params.solution_limit
        resolve = self.params
        if limit:
            few = max(5, int(limit * settings.resolve_share))
            resolve = replace(self.params, solution_limit=few, rounds=max(1, few // 4))
        stop = self.rounds_stop(span)
        done = 0
        while self.movable and not stop.done():
            temperature = t_start * (t_end / t_start) ** stop.fraction()
            stop.add(1)
            done += 1
            moves = MaxIterations(settings.segment_moves) if self.work else MaxRuntime(segment)
            changed = anneal(state, temperature, self.rng, moves)
            changed |= state.overloaded()
            self.reoptimise(state, changed, self.polish_at if not self.work else self.budget.deadline, per_day, resolve)
            self.adapt_overload(state)
            key = state.key()
            if key < best_key:
                best, best_key = state.copy(), key
                self.say(f"round {done}: cost {key[2] / COST_UNITS_PER_EUR:.2f}")
            elif self.rng.random() < 0.2:
                state = best.copy()
        self.w.overload_cost = math.inf
        return best, done

    def rounds_stop(self, span: float) -> StoppingCriterion:
        """When the rounds end: reproducible runs after a counted number of rounds (``rounds_per_solution``
        of the solution limit, at least ``min_rounds``), the budget only a cap; time-limited ones 0.05 s
        before the polish, their annealing cooling over the ``span`` seconds up to it."""
        limit = self.params.solution_limit
        if self.work and limit:
            planned = max(self.settings.min_rounds, int(limit * self.settings.rounds_per_solution))
            return FirstOf([MaxIterations(planned), self.budget])
        return FirstOf([MaxRuntime(span, self.polish_at - span), MaxRuntime.until(self.polish_at - 0.05)])

    def adapt_overload(self, state: _State) -> None:
        """After a round's re-solves: dearer overload while some day is still over capacity, cheaper
        once every day fits; the overloaded routes are priced anew."""
        if not math.isfinite(self.w.overload_cost):
            return
        over = state.overloaded()
        self.w.overload_cost *= self.settings.overload_up if over else self.settings.overload_down
        state.reprice(over)

    def polish(self, best: _State) -> None:
        """Improving option moves, then every day (or the week model) of the best week."""
        best.reprice(best.overloaded())
        if self.work:
            anneal(best, 0.0, self.rng, MaxIterations(self.settings.segment_moves // 4))
        else:
            anneal(best, 0.0, self.rng, MaxRuntime(min(0.5, 0.2 * self.budget.left())))
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
    week_first: float | None = None,
) -> PeriodicSolution:
    """Options and routes together (see the module docstring): within ``params.time_limit_s``, or, with a
    solution limit, for a counted amount of work (the same plan on any machine, the time limit a cap).

    ``method`` is ``"week"``, ``"days"`` or ``"auto"`` (the default; see the module docstring).
    ``week_first`` overrides the settings' ``week_first_share`` for this search.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method '{method}' (expected one of {', '.join(METHODS)})")
    run = _Search(problem, params, engine, method, progress, week_first)
    best = run.first(choice)
    rounds = 0
    if run.movable:
        best, rounds = run.rounds(best)
        run.polish(best)
        best.fit()
    run.say(f"final: cost {best.cost() / COST_UNITS_PER_EUR:.2f} after {rounds} rounds")
    T = problem.num_days
    routes = [{v: list(r) for v, r in day.items()} for day in best.routes]
    dropped = [(d, n) for d in range(T) for n in best.unserved(d)]
    sol = PeriodicSolution(best.choice, routes, int(round(best.cost())), dropped, run.budget.elapsed(), run.log)
    sol.capped = run.work and run.budget.done()
    return sol
