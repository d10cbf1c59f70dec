"""Distance and travel-time matrices between the network's places.

Road km = geodesic WGS-84 km x ``detour_factor``; minutes = road km / ``speed_kmh``.
The geodesic is Karney's algorithm (pyproj's ``Geod.inv``, the same as geopy's
``geodesic``), vectorised over all pairs. The geodesic matrix is cached on disk,
keyed by a hash of the coordinates. A matrix from an external road router
(CSV ``from,to,km[,minutes]``) or a road network built from OpenStreetMap (``settings.roads``,
:mod:`.roads`) can replace it: :func:`run_matrix` picks one and says which.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .data.cells import Cells, find_table, read_table
from .data.model import Network
from .errors import InputError
from .wording import distances_text


@dataclass(frozen=True)
class Matrix:
    """Road km and driving minutes between ``ids`` (same order on both axes)."""

    ids: tuple[str, ...]
    km: np.ndarray
    minutes: np.ndarray

    def index(self) -> dict[str, int]:
        return {b: i for i, b in enumerate(self.ids)}


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


def cache_dir() -> Path:
    env = os.environ.get("LOGISTICS_OPT_CACHE")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "logistics-opt"


def cached_geodesic_km(lat: np.ndarray, lon: np.ndarray, use_cache: bool = True) -> np.ndarray:
    """:func:`geodesic_km`, read from or written to the on-disk cache."""
    coords = np.ascontiguousarray(np.column_stack([lat, lon]), dtype=np.float64)
    key = hashlib.sha256(b"wgs84-geodesic-v1" + coords.tobytes()).hexdigest()[:24]
    path = cache_dir() / f"geodesic-{key}.npy"
    if use_cache and path.is_file():
        try:
            km = np.load(path)
            if km.shape == (len(lat), len(lat)):
                return km
        except (OSError, ValueError):
            pass  # a damaged cache entry is recomputed
    km = geodesic_km(lat, lon)
    if use_cache:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npy")
            with os.fdopen(fd, "wb") as f:
                np.save(f, km)
            os.replace(tmp, path)
        except OSError:
            pass  # the cache is an optimisation only
    return km


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
    """The matrix a run uses, and ``meta.distances``: what it is (``kind``), what it was made from
    (the other fields, from which reports name it in their language) and its name in English
    (``label``, :func:`.wording.distances_text`). An external matrix file wins over the
    settings' road network; without either, crow-fly x detour_factor at speed_kmh."""
    s = network.settings
    if external is not None:
        matrix = build_matrix(network, external, use_cache)
        sha = hashlib.sha256(Path(external).read_bytes()).hexdigest()
        return matrix, distances_meta("matrix", source=str(external), source_sha256=sha)
    if s.roads:
        from .roads.matrix import network_road_matrix

        where = find_table(network.source, "branches").name if network.source else "branches.csv"
        places = [(b.id, b.lat, b.lon) for b in network.branches]
        return network_road_matrix(
            places, Path(s.roads), time_factor=s.road_time_factor, use_cache=use_cache, where=where
        )
    meta = distances_meta("crow-fly", detour_factor=s.detour_factor, speed_kmh=s.speed_kmh)
    return build_matrix(network, None, use_cache), meta


def distances_meta(kind: str, **made_from: Any) -> dict[str, Any]:
    """``meta.distances``: the ``kind``, its name in English (``label``) and what it was made from,
    from which reports name it in their own language (:func:`.wording.distances_text`)."""
    fields = {"kind": kind, **made_from}
    return {"kind": kind, "label": distances_text(fields), **made_from}


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
