"""Tests for the run-folder reports (route sheets, maps, GeoJSON), cost allocation and compare."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from geopy.distance import geodesic

from logistics_opt.data.read import load_network
from logistics_opt.distances import build_matrix
from logistics_opt.errors import InputError
from logistics_opt.reports.allocation import allocate
from logistics_opt.reports.compare import write_compare
from logistics_opt.reports.frontier import write_frontier
from logistics_opt.reports.maps import routes_geojson, write_day_maps
from logistics_opt.reports.route_sheets_html import route_sheets_html
from logistics_opt.runs import load_runs
from logistics_opt.scenarios.frontier import frontier_row, mark_dominated
from tests.factories import TINY


def stop(
    branch: str, arrival: str, departure: str, deliver: int, pickup: int, load_after: int, wait: float = 0.0
) -> dict[str, Any]:
    return {
        "branch": branch,
        "name": f"Branch {branch}",
        "town": "Town",
        "arrival": arrival,
        "departure": departure,
        "deliver": deliver,
        "pickup": pickup,
        "load_after": load_after,
        "wait_min": wait,
    }


def route(day: str, vehicle: str, stops: list[dict[str, Any]], cost: float, brk: int | None = None) -> dict[str, Any]:
    return {
        "day": day,
        "vehicle": vehicle,
        "vehicle_type": "van",
        "depot": "HUB",
        "start": "08:00",
        "end": "12:00",
        "distance_km": 50.0,
        "duration_min": 240.0,
        "cost_eur": cost,
        "co2_kg": 10.0,
        "load_start": sum(s["deliver"] for s in stops),
        "stops": stops,
        "break_after_stop": brk,
        "break_min": 30.0 if brk else 0.0,
    }


def tiny_plan(cost_mon: float = 60.0, cost_tue: float = 40.0, name: str = "base") -> dict[str, Any]:
    """A hand-made plan on tests/data/tiny: two routes on Monday, one on Tuesday."""
    routes = [
        route(
            "mon",
            "van-1",
            [stop("A", "08:10", "08:30", 3, 2, 4), stop("B", "08:40", "08:55", 2, 1, 3)],
            cost_mon / 2,
            brk=1,
        ),
        route("mon", "van-2", [stop("C", "08:20", "08:40", 1, 1, 1, wait=12)], cost_mon / 2),
        route("tue", "van-1", [stop("D", "09:00", "09:15", 1, 1, 1)], cost_tue),
    ]
    return {
        "summary": {
            "cost_eur": cost_mon + cost_tue,
            "distance_km": 150.0,
            "duration_h": 12.0,
            "routes": 3,
            "co2_kg": 30.0,
            "stops": 4,
            "unassigned": 0,
        },
        "routes": routes,
        "unassigned": [],
        "working_days": ["mon", "tue", "wed", "thu", "fri"],
        "service": {},
        "meta": {"scenario": {"name": name, "description": f"{name} case"}},
    }


def make_run(folder: Path, plan: dict[str, Any]) -> Path:
    """A run folder as the pipeline writes it: plan.json and inputs/."""
    shutil.copytree(TINY, folder / "inputs")
    (folder / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    return folder


def test_allocation_is_items_times_km_from_hub() -> None:
    """Each organisation pays its share of (items sent + received) x road km from the hub; shares add up."""
    net = load_network(TINY)
    shares = {s.organisation: s for s in allocate(tiny_plan(), net, build_matrix(net))}
    hub = (52.0670, 5.1990)
    where = {b.id: (b.lat, b.lon) for b in net.stops}
    items = {"A": 205, "B": 105, "C": 70, "D": 27, "E": 15}  # sent + received, from requests.csv
    w = {b: items[b] * geodesic(hub, where[b]).km * 1.3 for b in items}
    one = w["A"] + w["B"]
    total = sum(w.values())
    assert shares["Org One"].cost_eur_week == pytest.approx(100 * one / total, abs=0.01)
    assert shares["Org One"].items_week == 310 and shares["Org Two"].branches == 3
    assert sum(s.cost_eur_week for s in shares.values()) == pytest.approx(100, abs=0.02)


def test_route_sheets_one_printed_page_per_van_per_day() -> None:
    """One sheet per route, each ending in a page break, with times, crates, load and notes."""
    html = route_sheets_html(tiny_plan(), load_network(TINY), "Scenario base")
    assert html.count('<section class="sheet">') == 3
    assert "@page" in html and "page-break-after: always" in html
    first = html.split('<section class="sheet">')[1]
    assert "Monday: van-1" in first and "08:10" in first and "08:55" in first
    assert "30 min break after this stop" in first and "load 5 crates" in first
    assert "wait 12 min for opening" in html
    # nothing is fetched from elsewhere (the stops' navigation links are <a href>s, followed only when tapped)
    assert not re.search(r"src=\"https?:|<link ", html)


def test_geojson_is_lon_lat_and_routes_start_at_the_hub() -> None:
    """Route LineStrings run hub -> stops -> hub in [lon, lat]; one Point per stop and per hub."""
    gj = routes_geojson(tiny_plan(), load_network(TINY))
    lines = [f for f in gj["features"] if f["geometry"]["type"] == "LineString"]
    points = [f for f in gj["features"] if f["geometry"]["type"] == "Point"]
    assert len(lines) == 3 and len(points) == 4 + 1
    first = lines[0]["geometry"]["coordinates"]
    assert first[0] == first[-1] == [5.199, 52.067]
    assert first[1] == [5.1182, 52.0931]  # branch A: lon 5.1182, lat 52.0931
    assert json.loads(json.dumps(gj)) == gj


def test_day_maps_written_for_every_working_day(tmp_path: Path) -> None:
    """map_<day>.png exists for each working day, including days without routes."""
    make_run(tmp_path, tiny_plan())
    write_day_maps(tiny_plan(), tmp_path)
    for day in ("mon", "tue", "wed", "thu", "fri"):
        assert (tmp_path / f"map_{day}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_compare_savings_and_self_contained_html(tmp_path: Path) -> None:
    """Savings are baseline minus scenario per week, per year and in percent; the HTML needs no network."""
    make_run(tmp_path / "runs" / "a", tiny_plan(60, 40, "baseline"))
    make_run(tmp_path / "runs" / "b", tiny_plan(50, 30, "cheaper"))
    rows = write_compare(load_runs([tmp_path / "runs"]), tmp_path / "report", weeks_per_year=52)
    assert [r["scenario"] for r in rows] == ["baseline", "cheaper"]
    with open(tmp_path / "report" / "comparison.csv", encoding="utf-8") as f:
        got = {r["scenario"]: r for r in csv.DictReader(f)}
    assert float(got["cheaper"]["saving_eur_week"]) == 20.0
    assert float(got["cheaper"]["saving_pct"]) == 20.0
    assert float(got["cheaper"]["cost_eur_year"]) == 80 * 52
    html = (tmp_path / "report" / "report.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in html and not re.search(r"(src|href)=\"https?:", html)
    assert "Org One" in html and "cheaper case" in html
    assert "| cheaper | 80.00 |" in (tmp_path / "report" / "report.md").read_text(encoding="utf-8")


def test_compare_unknown_baseline_is_an_input_error(tmp_path: Path) -> None:
    """--baseline must name one of the runs."""
    make_run(tmp_path / "a", tiny_plan(name="baseline"))
    with pytest.raises(InputError, match="no run named 'nope'"):
        write_compare(load_runs([tmp_path / "a"]), tmp_path / "report", baseline="nope")


def test_frontier_table_keeps_failed_levels(tmp_path: Path) -> None:
    """A failed level is a row with its error; the others have their cost."""
    rows = [frontier_row(1, tiny_plan(70, 50)), frontier_row(2, None, "boom")]
    write_frontier(rows, tmp_path)
    with open(tmp_path / "frontier.csv", encoding="utf-8") as f:
        got = list(csv.DictReader(f))
    assert [(r["max_days_between_visits"], r["cost_eur_week"], r["status"]) for r in got] == [
        ("1", "120.0", "ok"),
        ("2", "", "boom"),
    ]
    assert (tmp_path / "frontier.png").read_bytes()[:4] == b"\x89PNG"


def test_frontier_flags_a_looser_level_that_cost_more_than_a_tighter_one() -> None:
    """A looser service limit costing more than a tighter one is flagged: the tighter plan meets it too."""
    rows = mark_dominated(
        [frontier_row(2, tiny_plan(70, 50)), frontier_row(3, tiny_plan(80, 50)), frontier_row(4, tiny_plan(50, 50))]
    )
    assert [r["status"] for r in rows] == ["ok", "ok; max 2 is cheaper and meets this limit too", "ok"]


def test_frontier_report_in_the_plans_language(tmp_path: Path) -> None:
    """frontier.md is written in the levels' plans' language (--lang wins): Dutch headings, figures and
    the flag on a dominated level; frontier.csv stays English for scripts."""
    plans = [tiny_plan(1000.5, 50), tiny_plan(1100, 50), tiny_plan(900, 50)]
    for p in plans:
        p["meta"] = {"language": "nl"}
    rows = mark_dominated([frontier_row(k, p) for k, p in zip((2, 3, 4), plans, strict=True)])
    write_frontier(rows, tmp_path / "nl")
    write_frontier(rows, tmp_path / "en", lang="en")
    nl = (tmp_path / "nl" / "frontier.md").read_text(encoding="utf-8")
    assert nl.startswith("# Kosten tegen serviceniveau") and "| max. dagen | EUR/week |" in nl
    assert "| 1.050,50 |" in nl and "ok; max 2 is goedkoper en haalt deze grens ook" in nl
    en = (tmp_path / "en" / "frontier.md").read_text(encoding="utf-8")
    assert "| 1,050.50 |" in en and "ok; max 2 is cheaper and meets this limit too" in en
    assert "max 2 is cheaper" in (tmp_path / "nl" / "frontier.csv").read_text(encoding="utf-8")
