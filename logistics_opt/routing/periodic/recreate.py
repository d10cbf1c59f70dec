"""Ruin and recreate over visit options: a stop and its nearest neighbours leave every day they are
visited on, then each in turn takes the option whose visits are cheapest to insert, day by day.

A single option move (:meth:`.state._State.try_swap`) changes one stop; when neighbours' days must
change together (a cluster moving from Monday-Thursday to Tuesday-Friday) every single step on the
way is dearer and the annealing rarely takes it. Removing the cluster and rebuilding it choice by
choice is the large-neighbourhood step of Pisinger and Ropke's ALNS, here over options as well as
places. The change is accepted like any annealing move (Metropolis at the round's temperature).
"""

from __future__ import annotations

import math
import random

import numpy as np

from .model import VisitOption
from .state import _State


def near(state: _State) -> list[list[int]]:
    """Per stop, the other movable stops by increasing distance there and back (remembered per week)."""
    w = state.w
    if w.near is None:
        nd, movable = w.nd, [k for k, o in enumerate(w.p.options) if len(o) > 1]
        idx = np.asarray(movable, dtype=np.int64) + nd
        sym = (w.dist + w.dist.T)[:, idx]
        w.near = [
            [movable[j] for j in np.argsort(sym[nd + k], kind="stable") if movable[j] != k]
            for k in range(len(w.p.options))
        ]
    return w.near


def ruin_recreate(state: _State, k: int, rng: random.Random, allowance: float) -> set[int] | None:
    """Ruin stop ``k`` and its ``ruined`` - 1 nearest movable neighbours (:class:`.settings.PeriodicSettings`), recreate them (each the
    option cheapest to insert, in random order), and keep the result if the week's cost rises by less
    than ``allowance``. Returns the days changed, or None when not kept."""
    w = state.w
    ruined = [k, *near(state)[k][: w.settings.ruined - 1]]
    old = {m: w.p.options[m][state.choice[m]] for m in ruined}
    if any(w.nd + m in state.unserved(d) for m, opt in old.items() for d in opt.days):
        return None
    trial = state.copy()
    for m, opt in old.items():
        for d in opt.days:
            trial._take_out(w.nd + m, trial.routes[d], trial.costs[d], trial.sizes[d])
    rng.shuffle(ruined)
    days = {d for opt in old.values() for d in opt.days}
    for m in ruined:
        best = None
        for o, opt in enumerate(w.p.options[m]):
            price = _price(trial, m, opt)
            if price is not None and (best is None or price[0] < best[0]):
                best = (price[0], o, price[1])
        if best is None:
            return None
        trial.choice[m] = best[1]
        for d, visit, (_, v, route, cost) in best[2]:
            trial.sizes[d][w.nd + m] = visit
            trial.routes[d][v], trial.costs[d][v] = route, cost
            days.add(d)
    delta = trial.cost() - state.cost()
    if not math.isfinite(delta) or delta >= allowance - 1e-6:
        return None
    state.choice, state.routes, state.costs, state.sizes = trial.choice, trial.routes, trial.costs, trial.sizes
    return days


def _price(trial: _State, m: int, opt: VisitOption) -> tuple[float, list] | None:
    """The cost of inserting stop ``m``'s visits of ``opt`` at their cheapest places, each day on its
    own: (total, [(day, visit, insertion)]), or None when a day has no feasible place."""
    w, node = trial.w, trial.w.nd + m
    total, picks = 0.0, []
    for d in opt.days:
        visit = w.visit(node, opt, d)
        size = trial.sizes[d]
        size[node] = visit
        ins = trial._insert_best(node, trial.routes[d], trial.costs[d], size)
        del size[node]
        if ins is None:
            return None
        total += ins[0]
        picks.append((d, visit, ins))
    return total, picks
