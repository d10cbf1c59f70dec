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

    def label(self) -> str:
        return self.manifest.label()

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
        params = osrm.TableParameters(coordinates=coords, annotations=["duration", "distance"])
        try:
            result = self.engine().Table(params)
        except RuntimeError as exc:
            raise LogisticsError(f"the road router refused the points: {exc}") from None
        metres = np.asarray(result["distances"], dtype=float)
        seconds = np.asarray(result["durations"], dtype=float)
        snap_m = np.asarray([float(w["distance"]) for w in result["sources"]], dtype=float)
        return Table(metres, seconds, snap_m)

    def leg_shape(self, a: tuple[float, float], b: tuple[float, float]) -> list[tuple[float, float]] | None:
        """The road line of the fastest route from ``a`` to ``b`` as (lon, lat) pairs, or None
        when no road connects them."""
        osrm = osrm_module()
        params = osrm.RouteParameters(
            coordinates=[(float(a[1]), float(a[0])), (float(b[1]), float(b[0]))],
            geometries="geojson",
            overview="full",
        )
        try:
            result = self.engine().Route(params)
        except RuntimeError:
            return None  # NoRoute: the caller draws a straight line
        line = np.asarray(result["routes"][0]["geometry"]["coordinates"], dtype=float)
        return [(float(x), float(y)) for x, y in line]
