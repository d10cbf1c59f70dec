"""The annealing's insertion prices (:mod:`logistics_opt.routing.periodic.insertion`) against the exact
route cost: by hand on three stops, and as a property on random routes with windows and pickups, with
overload infeasible or at a price."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logistics_opt.routing.periodic import PeriodicProblem, VisitOption
from logistics_opt.routing.periodic.insertion import day_insertion
from logistics_opt.routing.periodic.model import _Week
from logistics_opt.routing.problem import COST_UNITS_PER_EUR
from tests.factories import km_template

# Depot 0; stops 1 and 2 side by side 10 km east; stop 3 10 km west (1 km a minute).
KM = [[0, 10, 10, 10], [10, 0, 1, 20], [10, 1, 0, 20], [10, 20, 20, 0]]
OPEN = (0, 48 * 3600)


def week(km, windows, capacity: int = 50, span_h: float = 8.0, vans: int = 1) -> _Week:
    once = VisitOption((0,), (1,), (1,), (600,))
    return _Week(PeriodicProblem(1, km_template(km, windows, vans, capacity, span_h), ((once,),) * (len(km) - 1)))


def eur(x: float) -> float:
    return x / COST_UNITS_PER_EUR


def insertion_deltas(
    w: _Week, v_i: int, route: list[int], size: dict[int, tuple[int, int, int]], node: int
) -> np.ndarray:
    """:func:`day_insertion` on one route: the cost change of putting ``node`` at each place
    ``0..len(route)`` of van ``v_i``'s route; ``inf`` where infeasible."""
    return day_insertion(w, {v_i: route}, size, node)[0]


def test_by_hand_a_neighbour_costs_its_detour_and_service() -> None:
    """Stop 2 beside stop 1: either side of it adds 1 km (EUR 0.50) and 1 + 10 min (EUR 5.50, at a
    whole number of cost units a second);
    stop 3, on the other side, adds 20 km and 20 + 10 minutes (EUR 25); a route of its own costs 20 km,
    30 minutes and the fixed EUR 40."""
    w = week(KM, [OPEN] * 4)
    size = {1: (5, 5, 600), 2: (5, 5, 600), 3: (5, 5, 600)}
    assert [eur(x) for x in insertion_deltas(w, 0, [1], size, 2)] == pytest.approx([6.0, 6.0], abs=0.01)
    assert [eur(x) for x in insertion_deltas(w, 0, [1], size, 3)] == pytest.approx([25.0, 25.0], abs=0.01)
    assert eur(insertion_deltas(w, 0, [], size, 3)[0]) == pytest.approx(10.0 + 15.0 + 40.0, abs=0.01)


def test_by_hand_every_place_of_a_day_at_once() -> None:
    """Stop 2 beside stop 1 on van 0 costs its EUR 6 either side; beside stop 3 on van 1, EUR 25: one
    array over both routes, each place named by van and position, equal to each route priced alone."""
    w = week(KM, [OPEN] * 4, vans=2)
    size = {1: (5, 5, 600), 2: (5, 5, 600), 3: (5, 5, 600)}
    deltas, vans, places = day_insertion(w, {0: [1], 1: [3]}, size, 2)
    assert [eur(x) for x in deltas] == pytest.approx([6.0, 6.0, 25.0, 25.0], abs=0.01)
    assert list(vans) == [0, 0, 1, 1] and list(places) == [0, 1, 0, 1]
    assert list(deltas[2:]) == pytest.approx(list(insertion_deltas(w, 1, [3], size, 2)))


def test_by_hand_waiting_absorbs_the_push_and_windows_and_crates_forbid() -> None:
    """Stop 1 opens at 10:00 and the van waits there from 08:10: visiting stop 2 first (11 minutes
    more) costs only its kilometre. Stop 2 closing at 08:05 cannot be reached; 50 crates do not fit."""
    windows = [OPEN, (10 * 3600, 18 * 3600), OPEN, OPEN]
    w = week(KM, windows)
    size = {1: (5, 5, 600), 2: (5, 5, 600)}
    first, last = insertion_deltas(w, 0, [1], size, 2)
    assert eur(first) == pytest.approx(0.5, abs=0.01)  # before stop 1: absorbed by the wait
    assert eur(last) == pytest.approx(6.0, abs=0.01)  # after stop 1: the route ends 11 minutes later
    closed = week(KM, [OPEN, OPEN, (0, 8 * 3600 + 300), OPEN])
    assert np.isinf(insertion_deltas(closed, 0, [1], size, 2)).all()
    assert np.isinf(insertion_deltas(w, 0, [1], {**size, 2: (46, 0, 600)}, 2)).all()


def test_by_hand_crates_over_capacity_at_a_price() -> None:
    """A van of 50 crates carrying 45 out: stop 2's 10 more put it 5 over; while the week prices a crate
    over at EUR 3, either place costs its EUR 6 detour plus EUR 15, and the route costs that exactly."""
    w = week(KM, [OPEN] * 4)
    w.overload_cost = 3 * COST_UNITS_PER_EUR
    size = {1: (45, 0, 600), 2: (10, 0, 600)}
    assert [eur(x) for x in insertion_deltas(w, 0, [1], size, 2)] == pytest.approx([21.0, 21.0], abs=0.01)
    assert w.excess(0, [1, 2], size) == 5
    assert eur(w.route_cost(0, [1, 2], size) - w.route_cost(0, [1], size)) == pytest.approx(21.0, abs=0.01)
    w.overload_cost = math.inf
    assert math.isinf(w.route_cost(0, [1, 2], size))


@st.composite
def routes(draw: st.DrawFn):
    """A random route on a small grid (Manhattan kilometres: the triangle inequality holds), with
    windows, deliveries and pickups, and a stop to insert."""
    n = draw(st.integers(2, 9))
    xy = [(0, 0)] + [(draw(st.integers(-8, 8)), draw(st.integers(-8, 8))) for _ in range(n)]
    km = [[abs(a[0] - b[0]) + abs(a[1] - b[1]) for b in xy] for a in xy]
    windows = [OPEN]
    for _ in range(n):
        lo = draw(st.sampled_from([0, 8 * 3600, 9 * 3600, 10 * 3600]))
        windows.append((lo, lo + draw(st.sampled_from([1800, 3600, 4 * 3600, 40 * 3600]))))
    size = {
        k: (draw(st.integers(0, 12)), draw(st.integers(0, 12)), draw(st.sampled_from([0, 300, 900])))
        for k in range(1, n + 1)
    }
    order = draw(st.permutations(range(1, n + 1)))
    capacity = draw(st.sampled_from([25, 40, 200]))
    span = draw(st.sampled_from([1.0, 3.0, 8.0]))
    w = week(km, windows, capacity, span)
    w.overload_cost = draw(st.sampled_from([math.inf, 0.0, 250.0]))  # hard, or crates over at a price
    return w, list(order[:-1]), size, order[-1]


@settings(max_examples=150, deadline=None)
@given(routes())
def test_prices_equal_the_exact_route_cost(case) -> None:
    """Every place's price is the exact cost difference (``route_cost``), and infinite exactly where
    the longer route is infeasible."""
    w, route, size, node = case
    old = w.route_cost(0, route, size)
    deltas = insertion_deltas(w, 0, route, size, node)
    assert len(deltas) == len(route) + 1
    for pos, delta in enumerate(deltas):
        new = w.route_cost(0, [*route[:pos], node, *route[pos:]], size)
        if not math.isfinite(old) or not math.isfinite(new):
            assert math.isinf(delta)
        else:
            assert delta == pytest.approx(new - old, abs=1e-6)
