"""Distance and travel-time matrices between the network's places.

Road km = geodesic WGS-84 km x ``detour_factor``; minutes = road km / ``speed_kmh``.
The geodesic is Karney's algorithm (pyproj's ``Geod.inv``, the same as geopy's
``geodesic``), vectorised over all pairs. The geodesic matrix is cached on disk,
keyed by a hash of the coordinates (:mod:`.disk_cache`). A matrix from an external road router
(CSV ``from,to,km[,minutes]``) or a road network built from OpenStreetMap (``settings.roads``,
:mod:`.roads`) can replace it: :func:`run_matrix` picks one and says which.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import numpy as np

from .data.cells import Cells, find_table, read_table
from .data.model import Network
from .disk_cache import cached_arrays
from .errors import InputError
from .matrix import Matrix


def geodesic_km(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """All-pairs WGS-84 geodesic distance in km (symmetric, zero diagonal)."""
    from pyproj import Geod

    lat = np.asarray(lat, dtype=float)
    lon = np.asarray(lon, dtype=float)
    n = len(lat)
    iu, ju = np.triu_indices(n, k=1)
    _, _, metres = Geod(ellps="WGS84").inv(lon[iu], lat[iu], lon[ju], lat[ju])
    out = np.zeros((n, n))
    out[iu, ju] = metres / 1000.0
    out[ju, iu] = out[iu, ju]
    return out


def cached_geodesic_km(lat: np.ndarray, lon: np.ndarray, use_cache: bool = True) -> np.ndarray:
    """:func:`geodesic_km`, read from or written to the on-disk cache."""
    coords = np.ascontiguousarray(np.column_stack([lat, lon]), dtype=np.float64)
    n = len(lat)
    compute = lambda: {"km": geodesic_km(lat, lon)}
    return cached_arrays("geodesic", b"wgs84-geodesic-v1" + coords.tobytes(), {"km": (n, n)}, compute, use_cache)["km"]


def build_matrix(network: Network, external: Path | None = None, use_cache: bool = True) -> Matrix:
    """The matrix over all branches and hubs, in ``network.branches`` order."""
    s = network.settings
    ids = tuple(b.id for b in network.branches)
    if external is not None:
        return load_external_matrix(external, ids, s.speed_kmh)
    lat = np.array([b.lat for b in network.branches])
    lon = np.array([b.lon for b in network.branches])
    km = cached_geodesic_km(lat, lon, use_cache) * s.detour_factor
    return Matrix(ids, km, km / s.speed_kmh * 60.0)


def run_matrix(network: Network, external: Path | None = None, use_cache: bool = True) -> tuple[Matrix, dict[str, Any]]:
    """The matrix a run uses, and ``meta.distances``: what it is (``kind``) and what it was made from
    (the other fields, from which :func:`.wording.distances_text` names it in each language). An
    external matrix file wins over the settings' road network; without either, crow-fly x
    detour_factor at speed_kmh."""
    s = network.settings
    if external is not None:
        matrix = build_matrix(network, external, use_cache)
        sha = hashlib.sha256(Path(external).read_bytes()).hexdigest()
        return matrix, {"kind": "matrix", "source": str(external), "source_sha256": sha}
    if s.roads:
        from .roads import RoadNetwork, road_matrix  # the roads extra: only for runs that use it

        where = find_table(network.source, "branches").name if network.source else "branches.csv"
        places = [(b.id, b.lat, b.lon) for b in network.branches]
        road = RoadNetwork.open(Path(s.roads))
        matrix = road_matrix(road, places, time_factor=s.road_time_factor, use_cache=use_cache, where=where)
        return matrix, road.manifest.described(Path(s.roads), s.road_time_factor)
    meta = {"kind": "crow-fly", "detour_factor": s.detour_factor, "speed_kmh": s.speed_kmh}
    return build_matrix(network, None, use_cache), meta


def load_external_matrix(path: Path, ids: tuple[str, ...], speed_kmh: float) -> Matrix:
    """Read ``from,to,km[,minutes]`` made by a road router; every ordered pair must be there.

    Missing minutes are derived from ``speed_kmh``. The diagonal is zero.
    """
    table = read_table(Path(path), ("from", "to", "km"))
    pos = {b: i for i, b in enumerate(ids)}
    n = len(ids)
    km = np.full((n, n), np.nan)
    minutes = np.full((n, n), np.nan)
    has_minutes = "minutes" in table.columns
    for row in table.rows:
        c = Cells(table, row)
        a, b = c.text("from"), c.text("to")
        if a not in pos or b not in pos:
            continue  # the router's matrix may cover more places than this network
        k = c.number("km", lo=0)
        i, j = pos[a], pos[b]
        km[i, j] = k
        m = c.number("minutes", required=False, lo=0) if has_minutes else None
        minutes[i, j] = m if m is not None else k / speed_kmh * 60.0
    np.fill_diagonal(km, 0.0)
    np.fill_diagonal(minutes, 0.0)
    missing = np.argwhere(np.isnan(km))
    if len(missing):
        i, j = missing[0]
        raise InputError(
            table.name,
            f"no distance from '{ids[i]}' to '{ids[j]}' "
            f"({len(missing)} pairs missing; the matrix must cover every pair)",
        )
    return Matrix(ids, km, minutes)
