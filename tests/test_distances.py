"""Distance matrices: geodesic agreement, cache, external router matrices."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from geopy.distance import geodesic

from logistics_opt import distances
from logistics_opt.data.read import load_network
from logistics_opt.errors import InputError


def test_geodesic_agrees_with_geopy_within_a_metre() -> None:
    """The vectorised matrix matches geopy's geodesic to well under a metre."""
    rng = np.random.default_rng(3)
    lat, lon = rng.uniform(51.8, 52.4, 60), rng.uniform(4.7, 5.7, 60)
    km = distances.geodesic_km(lat, lon)
    for i, j in rng.integers(0, 60, (200, 2)):
        assert abs(km[i, j] - geodesic((lat[i], lon[i]), (lat[j], lon[j])).km) < 1e-3
    assert np.allclose(km, km.T) and np.all(np.diag(km) == 0)


def test_neude_to_bunnik_is_about_six_km() -> None:
    """Utrecht central library to Bunnik is about 6 km as the crow flies."""
    km = distances.geodesic_km(np.array([52.0931, 52.067]), np.array([5.1182, 5.199]))
    assert 5.5 < km[0, 1] < 6.5


def test_cache_is_written_and_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A second call reads the cached matrix instead of recomputing it."""
    monkeypatch.setenv("LOGISTICS_OPT_CACHE", str(tmp_path))
    lat, lon = np.array([52.0, 52.1, 52.2]), np.array([5.0, 5.1, 5.2])
    first = distances.cached_geodesic_km(lat, lon)
    assert len(list(tmp_path.glob("geodesic-*.npz"))) == 1
    monkeypatch.setattr(distances, "geodesic_km", lambda *a: pytest.fail("cache not used"))
    assert np.array_equal(distances.cached_geodesic_km(lat, lon), first)


def test_matrix_applies_detour_and_speed(tiny_dir: Path) -> None:
    """Road km = geodesic x detour_factor; minutes = km / speed_kmh x 60."""
    net = load_network(tiny_dir)
    m = distances.build_matrix(net, use_cache=False)
    g = geodesic((net.branches[0].lat, net.branches[0].lon), (net.branches[1].lat, net.branches[1].lon)).km
    assert m.km[0, 1] == pytest.approx(g * 1.3, abs=1e-6)
    assert m.minutes[0, 1] == pytest.approx(g * 1.3 / 45.0 * 60, abs=1e-6)


def _write_external(path: Path, ids: list[str], skip: tuple[str, str] | None = None) -> None:
    rows = ["from,to,km,minutes"]
    for a in ids:
        for b in ids:
            if a != b and (a, b) != skip:
                rows.append(f"{a},{b},{len(a) + len(b)},{7}")
    path.write_text("\n".join(rows) + "\n")


def test_external_matrix_is_used(tiny_dir: Path) -> None:
    """A router's from,to,km,minutes CSV replaces the geodesic matrix."""
    net = load_network(tiny_dir)
    ids = [b.id for b in net.branches]
    _write_external(tiny_dir / "m.csv", ids)
    m = distances.build_matrix(net, external=tiny_dir / "m.csv")
    assert m.km[0, 1] == len(ids[0]) + len(ids[1]) and m.minutes[0, 1] == 7 and m.km[2, 2] == 0


def test_external_matrix_missing_pair_is_named(tiny_dir: Path) -> None:
    """A pair missing from the router's matrix is an error naming both places."""
    net = load_network(tiny_dir)
    ids = [b.id for b in net.branches]
    _write_external(tiny_dir / "m.csv", ids, skip=("A", "B"))
    with pytest.raises(InputError, match="no distance from 'A' to 'B'"):
        distances.build_matrix(net, external=tiny_dir / "m.csv")
