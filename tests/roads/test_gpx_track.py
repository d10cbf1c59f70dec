"""routes.gpx of a plan made on roads: each route also has a track that follows the streets."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import gpxpy

from logistics_opt.data.read import load_network
from logistics_opt.reports.gpx import routes_gpx
from tests.reports.test_map_html import route, stop

from .conftest import KOTKA, PBF


def road_plan(road_dir: Path) -> dict[str, Any]:
    r = route("mon", "van-1", [stop("K01", "08:10", 2, 1, 1), stop("K02", "08:30", 1, 1, 1)])
    r["depot"] = "HUB"
    distances = {
        "kind": "roads",
        "road_folder": str(road_dir),
        "source_sha256": hashlib.sha256(PBF.read_bytes()).hexdigest(),
    }
    return {"routes": [r], "unassigned": [], "working_days": ["mon"], "meta": {"distances": distances}}


def test_a_track_per_route_along_the_roads(road_dir: Path) -> None:
    net = load_network(KOTKA)
    gpx = gpxpy.parse(routes_gpx(road_plan(road_dir), net))
    assert len(gpx.routes) == 1 and len(gpx.tracks) == 1
    track, rte = gpx.tracks[0], gpx.routes[0]
    assert track.name == rte.name == "Monday: van-1"
    points = track.segments[0].points
    hub = net.branch("HUB")
    assert len(points) > 3 * len(rte.points)  # it bends with the streets between the stops
    for end in (points[0], points[-1]):  # starts and ends on the road nearest the hub
        assert abs(end.latitude - hub.lat) < 0.01 and abs(end.longitude - hub.lon) < 0.01


def test_no_track_when_the_road_folder_is_gone(tmp_path: Path, road_dir: Path) -> None:
    gpx = gpxpy.parse(routes_gpx(road_plan(tmp_path / "moved"), load_network(KOTKA)))
    assert len(gpx.routes) == 1 and gpx.tracks == []
