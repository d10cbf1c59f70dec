"""route_sheets.html in Dutch: the same sheets as in English, every label translated."""

from __future__ import annotations

from logistics_opt.data.read import load_network
from logistics_opt.reports.route_sheets_html import route_sheets_html
from tests.reports.test_map_html import TINY, plan


def test_dutch_route_sheets() -> None:
    """lang nl: Dutch headings, columns, notes, calendar and the html lang attribute."""
    p = plan(name="Branch A")
    p["routes"][0]["break_after_stop"], p["routes"][0]["break_min"] = 1, 30.0
    p["unassigned"] = [{"branch": "E", "day": "tue", "reason": "no van left"}]
    html = route_sheets_html(p, load_network(TINY), lang="nl")
    first = html.split('<section class="sheet">')[1]
    assert '<html lang="nl">' in html and "<h1>maandag: van-1</h1>" in first
    for word in (
        "Aankomst",
        "Vertrek",
        "Kratten afleveren",
        "Kratten ophalen",
        "Lading aan boord",
        "5 kratten laden",
        "30 min pauze na deze stop",
        "vertrek: Test hub, Bunnik",
        "Handtekening",
    ):
        assert word in first, word
    assert "Weekkalender" in html and "<th>dinsdag</th>" in html and "E op dinsdag: no van left" in html
    english = route_sheets_html(p, load_network(TINY))
    assert english.count('<section class="sheet">') == html.count('<section class="sheet">') == 3
    assert "Monday: van-1" in english and "maandag" not in english
