"""``routes.gpx``: the week's routes for the drivers' navigation apps (GPX 1.1).

One ``<rte>`` per van per day, named as its route sheet (``Monday: van-1``), in working-day order.
Its route points are the route sheet's rows in visiting order: the depot first and last (and at
each reload), each stop named with its number and branch name as on the sheet, its ``<desc>``
giving the planned arrival and departure, the crates to drop and to collect, and the sheet's notes
(opening hours, waiting, the break). A plan that names its week (``plan --week``) gives each point a
``<time>``: its planned arrival (the departure when leaving the depot) on that day's date, in UTC from
Europe/Amsterdam; a plan with weekdays and no dates has no ``<time>``. When the plan was made on a road network that is still at hand (:mod:`.road_lines`),
a ``<trk>`` per route follows the roads; otherwise there is no track, only the route points.
Labels are in the plan's language; the XML is built with :mod:`xml.etree.ElementTree`, which
escapes every text and attribute.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from ..calendar_week import utc_time
from ..data.model import Network
from ..data.read import load_network
from ..plan import places
from ..plan_meta import meta_of
from ..wording import Labels, plan_labels
from .road_lines import distances_label, road_line_maker
from .route_rows import SheetRow, plan_title, routes_in_order, sheet_facts, sheet_heading, sheet_rows

GPX_NS = "http://www.topografix.com/GPX/1/1"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = f"{GPX_NS} {GPX_NS}/gpx.xsd"
CREATOR = "logistics-opt"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = text
    return el


def _at(lat: float, lon: float) -> dict[str, str]:
    return {"lat": f"{lat:.6f}", "lon": f"{lon:.6f}"}


def point_name(row: SheetRow) -> str:
    """``3. Bibliotheek Zeist`` as numbered on the route sheet (a reload at the depot has no number)."""
    return f"{row.no}. {row.name}" if row.no != "" else row.name


def point_desc(row: SheetRow, L: Labels) -> str:
    """Planned arrival and departure, crates to drop and collect, and the sheet's notes."""
    parts = []
    if row.arrival:
        parts.append(L("gpx.arrive", time=row.arrival))
    if row.departure:
        parts.append(L("gpx.depart", time=row.departure))
    if not row.hub:
        parts.append(L("sheet.crates", drop=row.deliver, collect=row.pickup))
    if row.notes:
        parts.append(row.notes)
    return "; ".join(parts)


def routes_gpx(plan: dict[str, Any], network: Network, lang: str | None = None) -> str:
    """The whole GPX document as text."""
    L = plan_labels(plan, lang)
    title = plan_title(plan, L)
    distances = distances_label(plan, L)
    where = {b.id: (b.lat, b.lon) for b in network.branches}
    root = ET.Element(
        "gpx",
        {"xmlns": GPX_NS, "xmlns:xsi": XSI_NS, "xsi:schemaLocation": SCHEMA, "version": "1.1", "creator": CREATOR},
    )
    meta = _sub(root, "metadata")
    _sub(meta, "name", title)
    _sub(meta, "desc", L("sheet.distances", what=distances))
    routes = routes_in_order(plan)
    week = meta_of(plan).week
    dates = week.dates if week else {}
    for n, route in enumerate(routes, start=1):
        rte = _sub(root, "rte")
        _sub(rte, "name", sheet_heading(route, L))
        _sub(rte, "desc", " | ".join(sheet_facts(route, title, L, distances)))
        _sub(rte, "number", str(n))
        for row in sheet_rows(route, network, L):
            pt = _sub(rte, "rtept", **_at(*where[row.branch]))
            clock = row.arrival or row.departure
            if route["day"] in dates and clock:
                _sub(pt, "time", utc_time(dates[route["day"]], clock))
            _sub(pt, "name", point_name(row))
            _sub(pt, "desc", point_desc(row, L))
    along_roads = road_line_maker(plan)
    if along_roads is not None:
        for n, route in enumerate(routes, start=1):
            trk = _sub(root, "trk")
            _sub(trk, "name", sheet_heading(route, L))
            _sub(trk, "number", str(n))
            seg = _sub(trk, "trkseg")
            for lon, lat in along_roads([where[x] for x in places(route)]):
                _sub(seg, "trkpt", **_at(lat, lon))
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def write_gpx(plan: dict[str, Any], folder: Path, lang: str | None = None) -> None:
    """Run-folder writer: ``folder/routes.gpx`` (coordinates and hub names from ``folder/inputs``)."""
    text = routes_gpx(plan, load_network(folder / "inputs"), lang)
    (folder / "routes.gpx").write_text(text, encoding="utf-8")
