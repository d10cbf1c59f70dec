"""Road matrices on the Kotka extract: shape, sanity against the geodesic, snapping errors, cache."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pyproj import Geod

from logistics_opt.data.read import load_network
from logistics_opt.distances import geodesic_km
from logistics_opt.errors import InputError
from logistics_opt.roads import RoadNetwork, road_matrix, route_line

from .conftest import KOTKA

# OSRM reports metres to 0.1 m per leg; the geodesic comparison allows for that rounding only.
ROUNDING_KM = 0.0005


def kotka_places() -> list[tuple[str, float, float]]:
    return [(b.id, b.lat, b.lon) for b in load_network(KOTKA).branches]


def test_matrix_is_complete_with_zero_diagonal_and_never_shorter_than_the_geodesic(road_dir: Path) -> None:
    """Every cell is filled, the diagonal is zero, and road km >= geodesic km for every pair."""
    places = kotka_places()
    m = road_matrix(RoadNetwork.open(road_dir), places)
    n = len(places)
    assert m.ids == tuple(p[0] for p in places) and m.km.shape == m.minutes.shape == (n, n)
    assert np.isfinite(m.km).all() and np.isfinite(m.minutes).all()
    assert (np.diag(m.km) == 0).all() and (np.diag(m.minutes) == 0).all()
    off = ~np.eye(n, dtype=bool)
    assert (m.km[off] > 0).all() and (m.minutes[off] > 0).all()
    geo = geodesic_km(np.array([p[1] for p in places]), np.array([p[2] for p in places]))
    assert (m.km >= geo - ROUNDING_KM).all()
    assert not np.allclose(m.km, m.km.T)  # one-way streets: road distances are not symmetric


def test_road_time_factor_multiplies_minutes_only(road_dir: Path) -> None:
    """A van 25% slower than the car profile: minutes x 1.25, km unchanged."""
    net, places = RoadNetwork.open(road_dir), kotka_places()
    car, van = road_matrix(net, places), road_matrix(net, places, time_factor=1.25)
    assert np.array_equal(car.km, van.km)
    assert np.allclose(van.minutes, car.minutes * 1.25)


def test_a_branch_outside_the_extract_is_named_with_its_distance(road_dir: Path) -> None:
    """A coordinate north of the extract's bounds: one error naming the branch and how far out it is."""
    places = [*kotka_places(), ("FAR", 60.60, 26.95)]
    with pytest.raises(InputError, match=r"branch FAR at \(60\.60000, 26\.95000\) lies 6\.7 km outside"):
        road_matrix(RoadNetwork.open(road_dir), places)


def test_a_branch_too_far_from_a_road_is_named_with_its_distance(road_dir: Path) -> None:
    """A point 180 m from the nearest road fails a 100 m limit (every point of this small extract
    lies within 1 km of a road, so the limit is lowered to exercise the rule)."""
    places = [*kotka_places(), ("FIELD", 60.534, 26.932)]
    with pytest.raises(InputError, match=r"branch FIELD is 180 m from the nearest road \(at most 100 m\)"):
        road_matrix(RoadNetwork.open(road_dir), places, max_snap_km=0.1)
    assert road_matrix(RoadNetwork.open(road_dir), places).km.shape == (11, 11)  # fine at the 1 km default


def test_a_branch_on_a_cut_off_road_is_named_with_its_distance(road_dir: Path) -> None:
    """A point next to a road fragment with no link to the others: the error names it, not its neighbours."""
    places = [*kotka_places(), ("ISLE", 60.522, 26.936)]
    with pytest.raises(InputError, match=r"branch ISLE cannot be reached by road both ways.* 10 of 10 .*8 m away"):
        road_matrix(RoadNetwork.open(road_dir), places)


def test_the_cache_answers_a_repeated_matrix_without_the_router(
    road_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second identical request is read from the cache, keyed by the road file's hash and coordinates."""
    monkeypatch.setenv("LOGISTICS_OPT_CACHE", str(tmp_path))
    places = kotka_places()
    first = road_matrix(RoadNetwork.open(road_dir), places)
    assert len(list(tmp_path.glob("roads-*.npz"))) == 1
    monkeypatch.setattr(RoadNetwork, "table", lambda *a: pytest.fail("the cache was not used"))
    again = road_matrix(RoadNetwork.open(road_dir), places)
    assert np.array_equal(first.km, again.km) and np.array_equal(first.minutes, again.minutes)
    moved = [(pid, lat + 1e-4, lon) for pid, lat, lon in places]
    with pytest.raises(pytest.fail.Exception, match="cache was not used"):
        road_matrix(RoadNetwork.open(road_dir), moved)  # other coordinates: a cache miss


def test_route_line_follows_the_road_for_the_matrix_distance(road_dir: Path) -> None:
    """A route's line starts and ends at the stops and is as long as the matrix says the legs are."""
    net, places = RoadNetwork.open(road_dir), kotka_places()
    m = road_matrix(net, places)
    stops = [(lat, lon) for _, lat, lon in places[:4]]
    line = np.array(route_line(net, stops))
    assert tuple(line[0]) == (stops[0][1], stops[0][0]) and tuple(line[-1]) == (stops[-1][1], stops[-1][0])
    assert len(line) > 4 * len(stops)  # it bends with the streets
    drawn_km = Geod(ellps="WGS84").line_length(line[:, 0], line[:, 1]) / 1000
    legs_km = m.km[0, 1] + m.km[1, 2] + m.km[2, 3]
    assert drawn_km == pytest.approx(legs_km, rel=0.01)
