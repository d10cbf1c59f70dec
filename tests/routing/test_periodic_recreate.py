"""Ruin and recreate over visit options (:mod:`logistics_opt.routing.periodic.recreate`): by hand on
three stops, and as a property on random weeks (every visit of every chosen option routed once, on
its days only, every cost exact)."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logistics_opt.routing.periodic import PeriodicProblem, VisitOption
from logistics_opt.routing.periodic.model import _Week
from logistics_opt.routing.periodic.recreate import near, ruin_recreate
from logistics_opt.routing.periodic.state import _State
from logistics_opt.routing.problem import COST_UNITS_PER_EUR
from tests.factories import km_template

# Depot 0; stops 1 and 2 side by side 10 km east; stop 3 10 km west (1 km a minute).
KM = [[0, 10, 10, 10], [10, 0, 1, 20], [10, 1, 0, 20], [10, 20, 20, 0]]
OPEN = (0, 48 * 3600)


def once(day: int, crates: int = 5) -> VisitOption:
    return VisitOption((day,), (crates,), (crates,), (600,))


def week(km, options, days: int = 2, vans: int = 1, capacity: int = 50) -> _Week:
    return _Week(PeriodicProblem(days, km_template(km, [OPEN] * len(km), vans, capacity), tuple(options)))


def test_by_hand_the_east_pair_rebuilt_onto_one_van_day() -> None:
    """Stop 2 shares day 0 with west stop 3 (40 km), stop 1 is alone on day 1 (20 km and a second van
    day). Ruining stop 1 and its neighbour 2 and rebuilding them puts both beside stop 3 on day 0:
    41 km, 41 minutes' driving and 30 at the stops, and one fixed EUR 40; day 1 stays home."""
    w = week(KM, [(once(0), once(1)), (once(0), once(1)), (once(0),)])
    state = _State(w, [1, 0, 0])
    state.set_day(0, {0: [2, 3]})
    state.set_day(1, {0: [1]})
    assert near(state)[0] == [1]
    days = ruin_recreate(state, 0, random.Random(0), math.inf)
    assert days == {0, 1} and state.choice[:2] == [0, 0] and state.routes[1] == {}
    want = 41 * 0.5 + 71 / 60 * 30.0 + 40
    assert state.cost() / COST_UNITS_PER_EUR == pytest.approx(want, abs=0.05)


def test_a_dearer_rebuild_is_refused() -> None:
    """Already the best week: with no allowance the rebuild changes nothing."""
    w = week(KM, [(once(0), once(1)), (once(0), once(1)), (once(0),)])
    state = _State(w, [0, 0, 0])
    state.set_day(0, {0: [1, 2, 3]})
    assert ruin_recreate(state, 0, random.Random(0), 0.0) is None
    assert state.routes[0] == {0: [1, 2, 3]} and state.choice == [0, 0, 0]


@st.composite
def weeks(draw: st.DrawFn):
    """A random three-day week on a small grid: stops with one to three options, two vans a day,
    every visit routed (each on the first van it fits, or the stop is left out of the week)."""
    n = draw(st.integers(3, 8))
    xy = [(0, 0)] + [(draw(st.integers(-8, 8)), draw(st.integers(-8, 8))) for _ in range(n)]
    km = [[abs(a[0] - b[0]) + abs(a[1] - b[1]) for b in xy] for a in xy]
    patterns = [(0,), (1,), (2,), (0, 2), (0, 1, 2)]
    options = []
    for _ in range(n):
        days = draw(st.lists(st.sampled_from(patterns), min_size=1, max_size=3, unique=True))
        crates = draw(st.integers(1, 12))
        options.append(tuple(VisitOption(p, (crates,) * len(p), (crates,) * len(p), (300,) * len(p)) for p in days))
    w = week(km, options, days=3, vans=2, capacity=draw(st.sampled_from([20, 60])))
    state = _State(w, [0] * n)
    for d in range(3):
        routes: dict[int, list[int]] = {}
        for node in sorted(state.sizes[d]):
            v = next(
                (v for v in range(2) if math.isfinite(w.route_cost(v, [*routes.get(v, []), node], state.sizes[d]))),
                None,
            )
            if v is not None:
                routes.setdefault(v, []).append(node)
        state.set_day(d, routes)
    if draw(st.booleans()):  # overload at a price, as in the annealing rounds
        w.overload_cost = 100.0
    return state, draw(st.integers(0, n - 1)), draw(st.integers(0, 99))


@settings(max_examples=60, deadline=None)
@given(weeks())
def test_rebuilt_week_is_consistent(case) -> None:
    """Whatever is rebuilt: each stop is visited on exactly its option's days, once, at that option's
    size; no route is infeasible; each route's cost is the exact ``route_cost``; a kept rebuild with no
    allowance is cheaper."""
    state, k, seed = case
    before = state.cost()
    kept = ruin_recreate(state, k, random.Random(seed), 0.0)
    w = state.w
    assert kept is None or state.cost() < before
    for d in range(3):
        routed = [n for r in state.routes[d].values() for n in r]
        assert len(routed) == len(set(routed))
        for v, r in state.routes[d].items():
            assert state.costs[d][v] == pytest.approx(w.route_cost(v, r, state.sizes[d]))
            assert math.isfinite(state.costs[d][v])
    for m, c in enumerate(state.choice):
        opt = w.p.options[m][c]
        for d in range(3):
            node = w.nd + m
            assert (node in state.sizes[d]) == (d in opt.days)
            if d in opt.days:
                assert state.sizes[d][node] == w.visit(node, opt, d)
