"""A built road folder, opened for queries: distance tables and route shapes from OSRM.

Coordinates go in as (lat, lon), the project's order, and are turned into OSRM's (lon, lat) here
and nowhere else. The engine is loaded on first use, so a cached matrix needs only the manifest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import LogisticsError
from .engine import osrm_module
from .manifest import BASENAME, Manifest, check_usable, read_manifest


@dataclass(frozen=True)
class Table:
    """Raw router output for points as given: metres and seconds between the snapped points
    (NaN where no road connects them) and each point's distance to the road it snapped to."""

    metres: np.ndarray
    seconds: np.ndarray
    snap_m: np.ndarray


@dataclass
class RoadNetwork:
    """A road folder made by :func:`logistics_opt.roads.build_roads`."""

    folder: Path
    manifest: Manifest
    _engine: Any = field(default=None, repr=False)

    @classmethod
    def open(cls, folder: Path) -> RoadNetwork:
        """Read and check the manifest (engine, version); the routing data is loaded lazily."""
        folder = Path(folder)
        manifest = read_manifest(folder)
        check_usable(folder, manifest)
        return cls(folder, manifest)

    def engine(self) -> Any:
        if self._engine is None:
            osrm = osrm_module()
            base = self.folder / BASENAME
            try:
                self._engine = osrm.OSRM(storage_config=str(base), algorithm="CH", use_shared_memory=False)
            except RuntimeError as exc:
                raise LogisticsError(f"{self.folder}: cannot load the road network ({exc}): build it again") from None
        return self._engine

    def table(self, points: Sequence[tuple[float, float]]) -> Table:
        """All-pairs fastest routes between ``points`` ((lat, lon) each): their length and time."""
        osrm = osrm_module()
        coords = [(float(lon), float(lat)) for lat, lon in points]
        params = osrm.TableParameters(coordinates=coords, annotations=["duration", "distance"], generate_hints=False)
        try:
            result = self.engine().Table(params)
        except RuntimeError as exc:
            raise LogisticsError(f"the road router refused the points: {exc}") from None
        n = len(coords)
        metres, seconds = _square(result["distances"], n), _square(result["durations"], n)
        snap_m = np.fromiter((float(w["distance"]) for w in result["sources"]), float, n)
        # OSRM's table can give a negative length between two points on the same road segment
        # (osrm-backend issues #5306, #5855); its route service gets those right, so ask it.
        for i, j in np.argwhere((metres < 0) | (seconds < 0)):
            if i != j:
                metres[i, j], seconds[i, j] = self._route_cost(coords[i], coords[j])
        return Table(metres, seconds, snap_m)

    def _route(self, a: tuple[float, float], b: tuple[float, float], shape: bool) -> Any:
        """OSRM's fastest route from ``a`` to ``b`` ((lon, lat) each), or None when no road connects them."""
        osrm = osrm_module()
        params = osrm.RouteParameters(
            coordinates=[a, b], geometries="geojson", overview="full" if shape else "false", generate_hints=False
        )
        try:
            return self.engine().Route(params)["routes"][0]
        except RuntimeError:
            return None  # NoRoute

    def _route_cost(self, a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
        route = self._route(a, b, shape=False)
        return (float(route["distance"]), float(route["duration"])) if route is not None else (np.nan, np.nan)

    def leg_shape(self, a: tuple[float, float], b: tuple[float, float]) -> list[tuple[float, float]] | None:
        """The road line of the fastest route from ``a`` to ``b`` ((lat, lon) each) as (lon, lat)
        pairs, or None when no road connects them."""
        route = self._route((float(a[1]), float(a[0])), (float(b[1]), float(b[0])), shape=True)
        if route is None:
            return None
        line = np.asarray(route["geometry"]["coordinates"], dtype=float)
        return [(float(x), float(y)) for x, y in line]


def _square(rows: Any, n: int) -> np.ndarray:
    """OSRM's nested answer as an n x n float array; None (no route) becomes NaN."""
    flat = (np.nan if v is None else v for row in rows for v in row)
    return np.fromiter(flat, float, n * n).reshape(n, n)
