"""Legs between places, recomputed by the checker itself: geodesic km (geopy, not the solver's
pyproj matrix) x detour factor, and minutes at the network's speed."""

from __future__ import annotations

from collections.abc import Callable

from geopy.distance import geodesic

from ..data.model import Network

LegKm = Callable[[str, str], tuple[float, float]]  # (road km, minutes) between two ids


def geodesic_legs(network: Network) -> LegKm:
    s = network.settings
    where = {b.id: (b.lat, b.lon) for b in network.branches}
    cache: dict[tuple[str, str], tuple[float, float]] = {}

    def leg(a: str, b: str) -> tuple[float, float]:
        if (a, b) not in cache:
            km = geodesic(where[a], where[b]).km * s.detour_factor if a != b else 0.0
            cache[(a, b)] = (km, km / s.speed_kmh * 60.0)
        return cache[(a, b)]

    return leg
