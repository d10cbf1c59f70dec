"""Navigation links to a stop, for the map popups and the route sheets.

Each place gets two links: a ``geo:LAT,LON`` URI (RFC 5870), which opens the phone's own map or
navigation app, and an https OpenStreetMap link beside it for phones and programs that do not take
``geo:``. Coordinates are written with five decimals (about a metre) and a decimal point in every
language: they are part of an address, not a figure for people.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..data.model import Network

OSM_ZOOM = 17


@dataclass(frozen=True)
class NavLinks:
    """The two links to one place."""

    geo: str
    osm: str


def _coords(lat: float, lon: float) -> tuple[str, str]:
    return f"{lat:.5f}", f"{lon:.5f}"


def geo_uri(lat: float, lon: float) -> str:
    """``geo:52.09310,5.11820``: opens the phone's map app at the place."""
    la, lo = _coords(lat, lon)
    return f"geo:{la},{lo}"


def osm_url(lat: float, lon: float) -> str:
    """The place on openstreetmap.org, marked and zoomed to street level."""
    la, lo = _coords(lat, lon)
    return f"https://www.openstreetmap.org/?mlat={la}&mlon={lo}#map={OSM_ZOOM}/{la}/{lo}"


def nav_links(lat: float, lon: float) -> NavLinks:
    return NavLinks(geo_uri(lat, lon), osm_url(lat, lon))


def branch_links(network: Network | None, branch_id: str) -> NavLinks | None:
    """The links to a branch or hub of ``network``; None when the network does not know it."""
    if network is None:
        return None
    try:
        b = network.branch(branch_id)
    except KeyError:
        return None
    return nav_links(b.lat, b.lon)
