"""Ruin and recreate's solver-independent pieces: SISR strings, sub-problems, annealing."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logistics_opt.routing import ruin
from logistics_opt.routing.problem import DayProblem, Vehicle


def _grid_problem(n: int, vans: int = 4, allowed: bool = False, pickup: int = 0, shift: int = 36000) -> DayProblem:
    """n stops on a 1 km grid around a depot, 3 crates each (and ``pickup`` to collect), 10-crate vans."""
    pts = [(0, 0)] + [((i % 5) - 2, (i // 5) + 1) for i in range(n)]
    d = tuple(tuple(int(1000 * (abs(a[0] - b[0]) + abs(a[1] - b[1]))) for b in pts) for a in pts)
    vehicles = tuple(Vehicle(f"v{k}", "van", 0, 10, 0, 1.0, 0.0, 0, shift) for k in range(vans))
    allow = tuple(() if i == 0 or not allowed or i % 3 else (0, 1) for i in range(n + 1)) if allowed else ()
    return DayProblem(
        distance_m=d,
        travel_s=d,
        service_s=(0,) * (n + 1),
        delivery=(0,) + (3,) * n,
        pickup=(0,) + (pickup,) * n,
        windows=((0, 99999),) * (n + 1),
        vehicles=vehicles,
        allowed_vehicles=allow,
    )


@st.composite
def route_sets(draw: st.DrawFn) -> list[list[int]]:
    n = draw(st.integers(1, 40))
    stops = draw(st.permutations(list(range(1, n + 1))))
    cuts = sorted(draw(st.lists(st.integers(0, n), max_size=6)))
    routes, last = [], 0
    for c in cuts + [n]:
        routes.append(list(stops[last:c]))
        last = c
    return routes


@settings(max_examples=200, deadline=None)
@given(route_sets(), st.integers(0, 2**32 - 1))
def test_sisr_removes_strings_from_the_routes_it_names(routes: list[list[int]], seed: int) -> None:
    """Each ruined route loses one run of consecutive stops, at most MAX_STRING long; nothing else
    is removed, no route twice, and at most 4 * AVG_REMOVED / (1 + L) routes are touched."""
    n = sum(len(r) for r in routes)
    near = {c: sorted(range(1, n + 1), key=lambda x: (abs(x - c), x)) for c in range(1, n + 1)}
    vehicles, removed = ruin.sisr_ruin(routes, near, np.random.default_rng(seed))
    assert len(set(vehicles)) == len(vehicles) >= 1
    assert len(removed) == len(set(removed))
    taken = set(removed)
    for v in vehicles:
        idx = [i for i, s in enumerate(routes[v]) if s in taken]
        assert idx and idx == list(range(idx[0], idx[0] + len(idx))) and len(idx) <= ruin.MAX_STRING
    assert taken <= {s for v in vehicles for s in routes[v]}
    mean_len = n / sum(1 for r in routes if r)
    assert len(vehicles) <= 4 * ruin.AVG_REMOVED / (1 + min(ruin.MAX_STRING, mean_len))


def test_sisr_on_no_routes_removes_nothing() -> None:
    assert ruin.sisr_ruin([[], []], {}, np.random.default_rng(1)) == ([], [])


def test_restrict_keeps_the_depots_and_maps_the_rest() -> None:
    """The sub-problem's matrix and volumes are the problem's, read through the node map."""
    p = _grid_problem(9, allowed=True)
    sub, nodes = ruin.restrict(p, [1, 3], [6, 2, 4])
    assert nodes == [0, 6, 2, 4]
    assert all(sub.distance_m[i][j] == p.distance_m[a][b] for i, a in enumerate(nodes) for j, b in enumerate(nodes))
    assert sub.vehicles == (p.vehicles[1], p.vehicles[3]) and sub.delivery == (0, 3, 3, 3)
    # Stop 6 may use vans 0 and 1 only: here that is the sub-problem's van 0 (the problem's van 1).
    assert sub.allowed_vehicles[1] == (0,) and sub.allowed_vehicles[2] == ()
    with pytest.raises(ValueError, match="none of the vehicles"):
        ruin.restrict(p, [2, 3], [3])


def test_annealing_takes_improvements_and_cools_to_greedy() -> None:
    rng = np.random.default_rng(0)
    a = ruin.Annealing(start=0.01, end=1e-12)
    assert a.accept(99, 100, 0.0, rng) and a.accept(99, 100, 1.0, rng)
    # 1 % worse: accepted now and then while hot, never once cold.
    hot = sum(a.accept(1_010_000, 1_000_000, 0.0, rng) for _ in range(1000))
    cold = sum(a.accept(1_010_000, 1_000_000, 1.0, rng) for _ in range(1000))
    assert 200 < hot < 600 and cold == 0
