"""Route lines that follow the roads, for maps: the router's shape of each leg, joined."""

from __future__ import annotations

from collections.abc import Sequence

from .network import RoadNetwork


def route_line(network: RoadNetwork, stops: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """(lon, lat) points of a route through ``stops`` ((lat, lon) each, in visiting order).

    Each leg runs from the stop to its road, along the road, and on to the next stop; a leg no road
    connects is drawn straight.
    """
    line: list[tuple[float, float]] = []
    for a, b in zip(stops, stops[1:], strict=False):
        leg = [(float(a[1]), float(a[0]))]
        leg += network.leg_shape(a, b) or []
        leg.append((float(b[1]), float(b[0])))
        for point in leg:
            if not line or line[-1] != point:
                line.append(point)
    if not line and stops:
        line = [(float(stops[0][1]), float(stops[0][0]))]
    return line
