"""Navigation links per stop: a ``geo:`` URI and an OpenStreetMap link, in the map popups, the HTML
route sheets and the workbook's route sheets."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl

from logistics_opt.data.read import load_network
from logistics_opt.reports.map_html import map_data
from logistics_opt.reports.nav_links import branch_links, geo_uri, osm_url
from logistics_opt.reports.route_sheets_html import route_sheets_html
from logistics_opt.reports.route_sheets_xlsx import write_route_sheets_xlsx
from logistics_opt.wording import Labels
from tests.reports.test_map_html import TINY, plan

A = (52.0931, 5.1182)  # branch A of tests/data/tiny
GEO_A = "geo:52.09310,5.11820"
OSM_A = "https://www.openstreetmap.org/?mlat=52.09310&mlon=5.11820#map=17/52.09310/5.11820"


def test_link_formats() -> None:
    assert geo_uri(*A) == GEO_A and osm_url(*A) == OSM_A
    assert geo_uri(-33.8688, 151.2093) == "geo:-33.86880,151.20930"
    net = load_network(TINY)
    links = branch_links(net, "A")
    assert links is not None and (links.geo, links.osm) == (GEO_A, OSM_A)
    assert branch_links(net, "nowhere") is None and branch_links(None, "A") is None


def test_map_popup_links() -> None:
    stop = map_data(plan(), load_network(TINY), Labels("nl"))["days"][0]["routes"][0]["stops"][0]
    assert f'<a href="{GEO_A}">navigeer</a>' in stop["popup"]
    assert f'<a href="{OSM_A.replace("&", "&amp;")}" target="_blank" rel="noopener">OpenStreetMap</a>' in stop["popup"]


def test_html_route_sheet_links() -> None:
    """Every row of a sheet (hub rows too) carries both links, the & of the OSM link escaped."""
    page = route_sheets_html(plan(), load_network(TINY))
    assert f'<a href="{GEO_A}">navigate</a>' in page
    assert f'<a href="{OSM_A.replace("&", "&amp;")}" target="_blank" rel="noopener">OSM</a>' in page
    assert page.count('href="geo:') == 3 * 2 + 4  # hub out and back on each of 3 sheets, and 4 stops


def test_xlsx_route_sheet_hyperlinks(tmp_path: Path) -> None:
    """Two hyperlink cells after the tick column: geo: and OpenStreetMap, on every row of a van's sheet."""
    shutil.copytree(TINY, tmp_path / "inputs")
    write_route_sheets_xlsx(plan(), tmp_path)
    ws = openpyxl.load_workbook(tmp_path / "route_sheets.xlsx")["Mon van-1"]
    assert [ws.cell(row=4, column=c).value for c in (12, 13)] == ["navigate", "OSM"]
    first = ws.cell(row=6, column=12), ws.cell(row=6, column=13)
    assert ws.cell(row=6, column=2).value == "A"
    assert [c.value for c in first] == ["navigate", "OSM"]
    assert [c.hyperlink.target for c in first] == [GEO_A, OSM_A]
    links = [ws.cell(row=r, column=12).hyperlink for r in range(5, 9)]
    assert all(x is not None and x.target.startswith("geo:") for x in links)
