"""Ruin and recreate's solver-independent pieces: SISR strings, sub-problems, annealing."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logistics_opt.routing import ruin
from logistics_opt.routing.settings import SisrSettings
from tests.factories import grid_problem as _grid_problem

SISR = SisrSettings()  # SISR's suggested string lengths


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
    """Each ruined route loses one run of consecutive stops, at most max_string long; nothing else
    is removed, no route twice, and at most 4 * avg_removed / (1 + L) routes are touched."""
    n = sum(len(r) for r in routes)
    near = {c: sorted(range(1, n + 1), key=lambda x: (abs(x - c), x)) for c in range(1, n + 1)}
    vehicles, removed = ruin.sisr_ruin(routes, near, np.random.default_rng(seed), SISR.avg_removed, SISR.max_string)
    assert len(set(vehicles)) == len(vehicles) >= 1
    assert len(removed) == len(set(removed))
    taken = set(removed)
    for v in vehicles:
        idx = [i for i, s in enumerate(routes[v]) if s in taken]
        assert idx and idx == list(range(idx[0], idx[0] + len(idx))) and len(idx) <= SISR.max_string
    assert taken <= {s for v in vehicles for s in routes[v]}
    mean_len = n / sum(1 for r in routes if r)
    assert len(vehicles) <= 4 * SISR.avg_removed / (1 + min(SISR.max_string, mean_len))


def test_sisr_on_no_routes_removes_nothing() -> None:
    assert ruin.sisr_ruin([[], []], {}, np.random.default_rng(1), 10, 10) == ([], [])


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
