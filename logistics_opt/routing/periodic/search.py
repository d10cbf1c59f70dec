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
   last, a van may also go over capacity at a price per crate (:data:`OVERLOAD_WEIGHT`; Cordeau,
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
on :data:`WEEK_FIRST_SHARE` of the budget (in reproducible runs, all of it): alone it stopped at
1.60 % above the reference on p01 and p03 in every run; the annealing over days from its half-time
week reaches the reference on p01 (not on p03).
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import replace

from ..budget import Budget
from ..problem import COST_UNITS_PER_EUR, SearchParams
from . import recreate
from .initial import initial_choice
from .model import PeriodicProblem, PeriodicSolution, _Week
from .state import _State

Progress = Callable[[str], None]


def anneal(
    state: _State, temperature: float, rng: random.Random, seconds: float | None = None, moves: int | None = None
) -> set[int]:
    """Random option moves for ``seconds`` (or for ``moves`` of them, a rebuild of :mod:`.recreate`
    counting as the stops it rebuilds: reproducible runs), accepting a rise in cost with the
    Metropolis rule at ``temperature`` (cost units; 0 accepts only improvements).
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
            allowance = -temperature * math.log(1.0 - rng.random()) if temperature > 0 else 0.0
            if rng.random() < RUIN_SHARE:  # counted as the single moves it costs about as much as
                changed |= recreate.ruin_recreate(state, k, rng, allowance) or set()
                tried += recreate.RUINED
                continue
            tried += 1
            change = [(k, o)]
            if rng.random() < SWAP_SHARE:
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
#: Share of option moves made as a trade of days between two stops (:func:`trade`). At 0.3, on
#: ``data/utrecht`` (reproducible, seeds 0-2) the optimised week cost EUR 3,947.77 on average against
#: 3,969.17 without trades; Cordeau p05 and p10 at 60 s, six runs each: 2.87 % and 5.0 % above the
#: reference against 4.0 % and 5.05 % (three runs); 0.15 and 0.6 measured worse.
SWAP_SHARE = 0.3
#: Share of the annealing's moves made as a ruin and recreate of a stop and its nearest neighbours
#: (:mod:`.recreate`; one counts as that many single moves in reproducible runs). Cordeau p05 and
#: p10 at 60 s, seeds 0-7 (16 runs each, side by side): mean gap 2.88 % at 0.3 against 3.82 % without
#: (p10 3.64 % against 4.85 %); 0.1 and 0.6 measured 3.41 % and 3.69 % (seeds 0-3).
RUIN_SHARE = 0.3
#: Overloaded vans during the annealing rounds: the price of a crate over capacity starts at
#: ``OVERLOAD_WEIGHT`` x the week's cost per visit per crate of a visit (0: overload stays infeasible),
#: and after each round's re-solves rises by ``OVERLOAD_UP`` while a day is still over capacity,
#: otherwise falls by ``OVERLOAD_DOWN``. The best week is always one that fits. Cordeau p05 and p10
#: at 60 s, seeds 0-3 (eight runs each, two settings side by side): mean gap 4.84 % with overload
#: infeasible; 3.97 % at weight 1, 3.18 % at 1.5, 3.98 % at 2.5; rises of 2 and falls of 0.7 measured
#: 4.67 % (weight 1), rises of 1.25 and falls of 0.95 3.57 % (weight 1) and 4.35 % (weight 1.5).
OVERLOAD_WEIGHT = 1.5
OVERLOAD_UP = 1.5
OVERLOAD_DOWN = 0.9
TEMPERATURE = 0.5  # starting temperature of the annealing, as a share of the cost per visit
#: Time-limited runs. Since the option moves price every insertion place at once (twice the moves a
#: second), shorter rounds and a shorter polish measured better on Cordeau p05 and p10 at 60 s, three
#: seeds: mean gap 4.53 % against 5.14 % (1.0 s segments, 0.3 s re-solves, 35 % polish).
SEGMENT_S = 0.4  # seconds of annealing between re-solves
RESOLVE_S = 0.15  # most seconds per day for the engine's warm re-solve after a segment
FIRST_SHARE = 0.1  # share of the budget for the first routes when options remain to be moved
POLISH_SHARE = 0.15  # share of the budget for the week model polishing the best week
#: Where no week model polishes (no stop's day is left to the engine, as on ``data/utrecht``), the
#: share of the budget for re-solving every day of the best week. On ``data/utrecht`` at 60 s (seeds
#: 0-5, two settings side by side) the plans cost EUR 3,933.81 on average at 0.35 and 3,934.97 at 0.55,
#: against 4,003.09 at 0.15 (before the re-solves shared the time left over the days left: 3,950.53 at
#: 0.35). Cordeau's instances all polish with the week model.
DAY_POLISH_SHARE = 0.35
#: Where the week model could choose every stop's day alone, it routes the first week on this share
#: of the budget, and the annealing (with its ruins) goes on from there over separate days. On
#: Cordeau's six such instances (p01, p03, p04, p06, p07, p09) at 60 s, mean gap: 0.69 / 0.84 / 0.85 %
#: at 0.5; 0.45 / 1.00 / 1.01 / 0.87 % at 0.3; 0.99-1.02 % with the week model alone (three runs).
#: p01 and p03 reach the reference only when the week model has not yet settled at 533.00.
WEEK_FIRST_SHARE = 0.5
#: Reproducible runs (a solution limit) count work instead: option moves per round, rounds per solution
#: of the limit, and the solution limit of a day's re-solve after a round as a share of the limit.
SEGMENT_MOVES = 300
ROUNDS_PER_SOLUTION = 0.05
RESOLVE_SHARE = 0.05
MIN_ROUNDS = 4


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
        self.week_first = WEEK_FIRST_SHARE if week_first is None else week_first
        self.w = _Week(problem)
        self.polish_week = False
        self.first_method = method  # the first routes': the week model first when it can choose alone
        if method == "auto":
            alone = all(len(o) == 1 or self.w.flexible[k] for k, o in enumerate(problem.options))
            week_first = alone and self.week_first > 0 and params.solution_limit is None
            method = "week" if alone and not week_first else "days"
            self.first_method = "week" if alone else "days"
            self.polish_week = any(self.w.flexible) and (week_first or not alone)
        self.method = method
        self.budget = Budget(params.time_limit_s)
        self.work = params.solution_limit is not None
        self.rng = random.Random(params.seed)
        self.log: list[str] = []
        # Stops the annealing can move that the week model cannot: with none, the engine does it all.
        self.movable = any(
            len(o) > 1 and not (method == "week" and self.w.flexible[k]) for k, o in enumerate(problem.options)
        )
        share = POLISH_SHARE if self.polish_week else DAY_POLISH_SHARE
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
        if (method or self.method) == "week":
            left = until - time.perf_counter()
            cap = left if self.work else min(T * most, left)
            st.solve_week(self.engine, replace(params, time_limit_s=max(0.02, cap)), warm)
            return
        for i, d in enumerate(sorted(days)):
            left = until - time.perf_counter()
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
        share = self.week_first if self.first_method != self.method else FIRST_SHARE
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
        best, best_key = state.copy(), state.key()
        visits = max(1, sum(len(x) for x in state.sizes))
        t_start = max(1.0, TEMPERATURE * best_key[2] / visits)
        if OVERLOAD_WEIGHT > 0:
            crates = sum(max(x[0], x[1]) for day in state.sizes for x in day.values()) / visits
            self.w.overload_cost = OVERLOAD_WEIGHT * best_key[2] / visits / max(1.0, crates)
        t_end = 0.02 * t_start
        span = max(1e-6, self.polish_at - time.perf_counter())
        segment = min(SEGMENT_S, max(0.1, span / 40))
        per_day = (
            max(0.05, min(RESOLVE_S, 0.01 * self.budget.seconds))
            if self.method == "days"
            else max(0.2, 0.01 * self.budget.seconds)
        )
        limit = self.params.solution_limit
        planned = max(MIN_ROUNDS, int(limit * ROUNDS_PER_SOLUTION)) if limit else 0
        resolve = self.params
        if limit:
            few = max(5, int(limit * RESOLVE_SHARE))
            resolve = replace(self.params, solution_limit=few, rounds=max(1, few // 4))
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

    def adapt_overload(self, state: _State) -> None:
        """After a round's re-solves: dearer overload while some day is still over capacity, cheaper
        once every day fits; the overloaded routes are priced anew."""
        if not math.isfinite(self.w.overload_cost):
            return
        over = state.overloaded()
        self.w.overload_cost *= OVERLOAD_UP if over else OVERLOAD_DOWN
        state.reprice(over)

    def polish(self, best: _State) -> None:
        """Improving option moves, then every day (or the week model) of the best week."""
        best.reprice(best.overloaded())
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
    week_first: float | None = None,
) -> PeriodicSolution:
    """Options and routes together (see the module docstring): within ``params.time_limit_s``, or, with a
    solution limit, for a counted amount of work (the same plan on any machine, the time limit a cap).

    ``method`` is ``"week"``, ``"days"`` or ``"auto"`` (the default; see the module docstring).
    ``week_first`` overrides :data:`WEEK_FIRST_SHARE` for this search.
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
