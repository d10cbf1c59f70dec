"""Route lines for the maps: along the roads when the plan used a road network, else straight.

The plan's ``meta.distances`` names the road folder and its file hash. The map writers ask
:func:`route_lines` for each route's line; when the folder is gone or holds another file (a run
folder opened on another machine), or the roads extra is missing, the lines are straight between
the stops, as for crow-fly runs.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import LogisticsError
from ..plan_meta import meta_of
from ..wording import Labels, distances_text

Line = list[tuple[float, float]]  # (lon, lat) points


@lru_cache(maxsize=4)
def _road_network(folder: str, sha256: str) -> Any:
    """The opened road network, once per folder and process; None when it is not usable here."""
    from ..roads import RoadNetwork

    try:
        net = RoadNetwork.open(Path(folder))
    except LogisticsError:
        return None
    return net if net.manifest.source_sha256 == sha256 else None


@lru_cache(maxsize=4096)
def _leg(folder: str, sha256: str, a: tuple[float, float], b: tuple[float, float]) -> tuple[tuple[float, float], ...]:
    from ..roads import route_line

    return tuple(route_line(_road_network(folder, sha256), [a, b]))


def distances_label(plan: dict[str, Any], L: Labels | None = None) -> str:
    """How a plan's distances were made, for reports in ``L``'s language (default English): ``road
    network FILE (OSM data of DATE)``, ``crow-fly x 1.3 at 45 km/h`` or ``road matrix FILE``."""
    return distances_text(meta_of(plan).distances, (L or Labels()).lang)


def line_maker(plan: dict[str, Any]) -> Callable[[list[tuple[float, float]]], Line]:
    """A function from a route's stops ((lat, lon) each, in order) to its map line ((lon, lat) each)."""
    return road_line_maker(plan) or (lambda stops: [(lon, lat) for lat, lon in stops])


def road_line_maker(plan: dict[str, Any]) -> Callable[[list[tuple[float, float]]], Line] | None:
    """:func:`line_maker` along the roads, or None when the plan used no roads or they are not usable here."""
    src = meta_of(plan).distances
    folder, sha256 = src.get("road_folder"), src.get("source_sha256")
    if not (src.get("kind") == "roads" and folder and sha256 and _road_network(folder, sha256) is not None):
        return None

    def along_roads(stops: list[tuple[float, float]]) -> Line:
        line: Line = []
        for a, b in zip(stops, stops[1:], strict=False):
            for p in _leg(folder, sha256, a, b):
                if not line or line[-1] != p:
                    line.append(p)
        return line or [(lon, lat) for lat, lon in stops]

    return along_roads
