"""routes.gpx read back with gpxpy: a route per van per day, its points the route sheet's rows in
order with the plan's arrivals, no times, and no track without roads."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import gpxpy
import pytest

from logistics_opt.data.read import load_network
from logistics_opt.reports.gpx import GPX_NS, routes_gpx, write_gpx
from tests.reports.test_map_html import TINY, plan, route, stop


def reload_plan() -> dict[str, Any]:
    """The map tests' plan and a Wednesday van that goes back to the hub to reload after stop 1."""
    p = plan()
    r = route("wed", "van-3", [stop("A", "08:20", 2, 1, 1), stop("C", "10:05", 1, 0, 1)])
    r["reloads"] = [{"after_stop": 1, "arrival": "08:50", "departure": "09:30", "load_start": 1}]
    p["routes"].append(r)
    return p


def read(tmp_path: Path, p: dict[str, Any], lang: str | None = None) -> gpxpy.gpx.GPX:
    shutil.copytree(TINY, tmp_path / "inputs")
    write_gpx(p, tmp_path, lang)
    with open(tmp_path / "routes.gpx", encoding="utf-8") as f:
        return gpxpy.parse(f)


def test_routes_and_stops_match_the_plan(tmp_path: Path) -> None:
    p = reload_plan()
    gpx = read(tmp_path, p)
    net = load_network(TINY)
    where = {b.id: (b.lat, b.lon) for b in net.branches}
    assert gpx.version == "1.1" and gpx.tracks == [] and gpx.waypoints == []
    assert [r.name for r in gpx.routes] == ["Monday: van-1", "Monday: van-2", "Tuesday: van-1", "Wednesday: van-3"]
    for rte, r in zip(gpx.routes, p["routes"], strict=True):
        pts = rte.points
        stops = [pt for pt in pts[1:-1] if not pt.name.startswith("reload: ")]
        assert [(pt.latitude, pt.longitude) for pt in (pts[0], pts[-1])] == [where["HUB"]] * 2
        assert pts[0].name == "0. depart: Test hub, Bunnik"
        assert pts[-1].name == f"{len(r['stops']) + 1}. return: Test hub, Bunnik"
        assert len(stops) == len(r["stops"])
        for k, (pt, s) in enumerate(zip(stops, r["stops"], strict=True), start=1):
            assert pt.name == f"{k}. {s['name']}"
            assert (pt.latitude, pt.longitude) == pytest.approx(where[s["branch"]])
            assert pt.description.startswith(f"arrive {s['arrival']}; depart {s['departure']}; ")
            assert f"drop {s['deliver']} crates, collect {s['pickup']}" in pt.description
            assert pt.time is None
    reload = gpx.routes[3].points[2]
    assert reload.name == "reload: Test hub, Bunnik (trip 2)" and (reload.latitude, reload.longitude) == where["HUB"]
    assert reload.description == "arrive 08:50; depart 09:30; unload 1 crates, load 1"


def test_names_are_escaped_and_the_namespace_is_gpx_1_1(tmp_path: Path) -> None:
    """A stop named ``Branch <A> & co`` survives the round trip; the root is GPX 1.1's ``gpx``."""
    gpx = read(tmp_path, plan())
    assert gpx.routes[0].points[1].name == "1. Branch <A> & co"
    root = ET.parse(tmp_path / "routes.gpx").getroot()
    assert root.tag == f"{{{GPX_NS}}}gpx" and root.get("version") == "1.1"
    assert "<time>" not in (tmp_path / "routes.gpx").read_text(encoding="utf-8")


def test_dutch(tmp_path: Path) -> None:
    gpx = read(tmp_path, plan(), "nl")
    assert gpx.routes[0].name == "maandag: van-1"
    assert gpx.routes[0].points[0].name == "0. vertrek: Test hub, Bunnik"
    assert gpx.routes[0].points[1].description.startswith("aankomst 08:10; vertrek 08:10; 3 kratten afleveren")


def test_no_routes_is_still_a_gpx_file() -> None:
    gpx = gpxpy.parse(routes_gpx(plan() | {"routes": []}, load_network(TINY)))
    assert gpx.routes == [] and gpx.name == "Route sheet"
