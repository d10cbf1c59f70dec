"""Road distance and drive-time matrices between the network's places, with snapping checks.

Each place snaps to the nearest routable road. A leg's km are the road km between the two snapped
points plus each end's straight access from the place to its road (so a leg is never shorter than
the geodesic between the places); its minutes are the router's drive time plus the access at
``ACCESS_KMH``, times ``road_time_factor`` (a van against the car profile).

A place outside the extract's bounds, more than ``max_snap_km`` from a road, or cut off from the
others (no route there and back) is an :class:`InputError` naming it and the distance. The raw
router table is cached on disk (:mod:`..disk_cache`), keyed by the road file's sha256, the engine
version and the coordinates.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..disk_cache import cached_arrays
from ..errors import InputError
from ..matrix import Matrix
from .network import RoadNetwork, Table

MAX_SNAP_KM = 1.0
ACCESS_KMH = 20.0  # ESTIMATE: a van between the door and the road (car park, service lane)
Place = tuple[str, float, float]  # id, lat, lon


def road_matrix(
    network: RoadNetwork,
    places: Sequence[Place],
    *,
    time_factor: float = 1.0,
    use_cache: bool = True,
    max_snap_km: float = MAX_SNAP_KM,
    where: str = "branches.csv",
) -> Matrix:
    """Road km and drive minutes between ``places``, in their order; ``where`` names them in errors."""
    ids = tuple(p[0] for p in places)
    points = [(float(p[1]), float(p[2])) for p in places]
    check_bounds(network, ids, points, where)
    table = cached_table(network, points, use_cache)
    check_snapping(ids, table, max_snap_km, where)
    check_reachable(ids, table, where)
    km, minutes = legs(table)
    return Matrix(ids, km, minutes * time_factor)


def legs(table: Table) -> tuple[np.ndarray, np.ndarray]:
    """Km and minutes of each leg: along the road between the snapped points, plus both accesses."""
    access_km = table.snap_m / 1000.0
    pair_access = access_km[:, None] + access_km[None, :]
    km = table.metres / 1000.0 + pair_access
    minutes = table.seconds / 60.0 + pair_access / ACCESS_KMH * 60.0
    np.fill_diagonal(km, 0.0)
    np.fill_diagonal(minutes, 0.0)
    return km, minutes


def _distance(km: float) -> str:
    return f"{km * 1000:.0f} m" if km < 1 else f"{km:.1f} km"


def check_bounds(network: RoadNetwork, ids: Sequence[str], points: Sequence[tuple[float, float]], where: str) -> None:
    """A place outside the extract's bounding box: the roads around it are missing."""
    bounds = network.manifest.bounds
    if bounds is None:
        return  # the file does not say; the snapping distance still catches far-away places
    min_lon, min_lat, max_lon, max_lat = bounds
    for pid, (lat, lon) in zip(ids, points, strict=True):
        if min_lat <= lat <= max_lat and min_lon <= lon <= max_lon:
            continue
        from pyproj import Geod

        edge_lat, edge_lon = min(max(lat, min_lat), max_lat), min(max(lon, min_lon), max_lon)
        _, _, metres = Geod(ellps="WGS84").inv(lon, lat, edge_lon, edge_lat)
        raise InputError(
            where,
            f"branch {pid} at ({lat:.5f}, {lon:.5f}) lies {_distance(metres / 1000)} outside the road network "
            f"{network.manifest.source} (lat {min_lat:.3f} to {max_lat:.3f}, lon {min_lon:.3f} to {max_lon:.3f}): "
            "use an OpenStreetMap extract that covers it",
        )


def check_snapping(ids: Sequence[str], table: Table, max_snap_km: float, where: str) -> None:
    """A place too far from any road has a wrong coordinate, or the extract lacks its roads."""
    far = np.flatnonzero(table.snap_m / 1000.0 > max_snap_km)
    if len(far):
        i = int(far[np.argmax(table.snap_m[far])])
        raise InputError(
            where,
            f"branch {ids[i]} is {_distance(table.snap_m[i] / 1000)} from the nearest road "
            f"(at most {_distance(max_snap_km)}): check its coordinates",
        )


def check_reachable(ids: Sequence[str], table: Table, where: str) -> None:
    """Every place must be reachable from every other and back; name the place cut off most."""
    bad = np.isnan(table.metres) | np.isnan(table.seconds)
    np.fill_diagonal(bad, False)
    if not bad.any():
        return
    cut = bad | bad.T
    i = int(np.argmax(cut.sum(axis=1)))
    raise InputError(
        where,
        f"branch {ids[i]} cannot be reached by road both ways: no route to or from {int(cut[i].sum())} of "
        f"{len(ids) - 1} other places (it snaps to a road {_distance(table.snap_m[i] / 1000)} away, which is "
        "cut off: an island, a private or one-way road, or a road cut at the extract's edge); check its coordinates",
    )


def cached_table(network: RoadNetwork, points: Sequence[tuple[float, float]], use_cache: bool = True) -> Table:
    """:meth:`RoadNetwork.table`, read from or written to the on-disk cache."""
    m = network.manifest
    coords = np.ascontiguousarray(np.asarray(points, dtype=np.float64).reshape(-1, 2))
    key = f"osrm-table-v1|{m.engine}|{m.engine_version}|{m.profile}|{m.source_sha256}|".encode() + coords.tobytes()
    n = len(points)
    shapes = {"metres": (n, n), "seconds": (n, n), "snap_m": (n,)}

    def compute() -> dict[str, np.ndarray]:
        table = network.table(points)
        return {"metres": table.metres, "seconds": table.seconds, "snap_m": table.snap_m}

    arrays = cached_arrays("roads", key, shapes, compute, use_cache)
    return Table(arrays["metres"], arrays["seconds"], arrays["snap_m"])
