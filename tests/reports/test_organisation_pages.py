"""What each organisation is told (issue 34, item 4): its page of the baseline run, in Markdown and HTML,
Dutch and English, with its cost share and its transport CO2e by ISO 14083; allocation.csv's CO2e columns.

The CO2 figures are recomputed here from the routes' km and the factors fleet.csv states (energy per
km x well-to-wheel g CO2e per unit), on tiny data with a diesel and an electric van type.
"""

from __future__ import annotations

import base64
import csv
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from logistics_opt.data.read import load_network
from logistics_opt.data.write import materialise
from logistics_opt.reports.compare import write_compare
from logistics_opt.reports.organisation_pages import page_names
from logistics_opt.runs import load_runs
from tests.reports.chromium import Browser
from tests.reports.test_map_html import TINY, needs_chromium, route, stop

#: type, energy per km, unit, WTW g CO2e per unit, source (co2_g_per_km is their product).
FACTORS = {
    "diesel_van": (0.08, "l", 3200.0, "test diesel 3.2 kg/l"),
    "electric_van": (0.25, "kWh", 374.0, "test grid 374 g/kWh"),
}
#: (day, vehicle type, km, stops)
ROUTES = [
    ("mon", "diesel_van", 61.5, [("A", 3, 2), ("B", 2, 1)]),
    ("mon", "electric_van", 42.25, [("C", 1, 1)]),
    ("tue", "diesel_van", 37.0, [("D", 1, 2), ("E", 1, 0)]),
]


def fleet_csv() -> str:
    head = "type,count,capacity_crates,cost_per_km,cost_per_hour,fixed_cost_per_day,co2_g_per_km,shift_start,"
    head += "shift_end,depot,energy_per_km,energy_unit,wtw_g_per_unit,co2_source\n"
    rows = [
        f'{t},2,20,0.40,30.00,40.00,{e * w:g},08:00,16:00,HUB,{e:g},{u},{w:g},"{src}"\n'
        for t, (e, u, w, src) in FACTORS.items()
    ]
    return head + "".join(rows)


def tiny_plan() -> dict[str, Any]:
    routes = []
    for k, (day, vtype, km, stops) in enumerate(ROUTES):
        r = route(day, f"{vtype}-{k}", [stop(b, "09:00", d, p, d) for b, d, p in stops])
        e, _, w, _ = FACTORS[vtype]
        routes.append(r | {"vehicle_type": vtype, "distance_km": km, "co2_kg": round(km * e * w / 1000, 3)})
    summary = {
        "cost_eur": sum(r["cost_eur"] for r in routes),
        "distance_km": sum(r["distance_km"] for r in routes),
        "duration_h": 12.0,
        "routes": len(routes),
        "co2_kg": round(sum(r["co2_kg"] for r in routes), 3),
        "stops": sum(len(r["stops"]) for r in routes),
        "unassigned": 0,
    }
    return {
        "routes": routes,
        "unassigned": [],
        "working_days": ["mon", "tue", "wed", "thu", "fri"],
        "summary": summary,
        "meta": {"scenario": {"name": "baseline", "description": "baseline case"}},
    }


def make_run(tmp_path: Path) -> Path:
    folder = tmp_path / "runs" / "baseline"
    shutil.copytree(TINY, folder / "inputs")
    (folder / "inputs" / "fleet.csv").write_text(fleet_csv(), encoding="utf-8")
    (folder / "plan.json").write_text(json.dumps(tiny_plan()), encoding="utf-8")
    return tmp_path / "runs"


def allocation(out: Path) -> list[dict[str, str]]:
    with open(out / "allocation.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def table_rows(md: str, first: str) -> list[list[str]]:
    """The cells of the Markdown table rows whose first cell is ``first``, in the page's order."""
    lines = [x for x in md.splitlines() if x.startswith(f"| {first} |")]
    return [[c.strip() for c in x.strip("|").split("|")] for x in lines]


def table_row(md: str, first: str) -> list[str]:
    return table_rows(md, first)[0]


def number(cell: str) -> float:
    return float(cell.replace(",", ""))


def test_co2_recomputed_from_route_km_and_the_stated_factors(tmp_path: Path) -> None:
    """Per vehicle type the page's network kg = its routes' km x energy per km x WTW factor; an
    organisation's kg = its cost share x the network's; its g per item and per crate follow."""
    write_compare(load_runs([make_run(tmp_path)]), tmp_path / "out", lang="en")
    out = tmp_path / "out"
    rows = allocation(out)
    net = load_network(TINY)
    names = page_names([r["organisation"] for r in rows])
    kg_type = {t: sum(km for _, vt, km, _ in ROUTES if vt == t) * FACTORS[t][0] * FACTORS[t][2] / 1000 for t in FACTORS}
    for row in rows:
        org = row["organisation"]
        md = (out / "organisations" / f"{names[org]}.md").read_text(encoding="utf-8")
        share = float(row["share"])
        for t, kg in kg_type.items():
            cells = table_row(md, t)
            assert number(cells[4]) == pytest.approx(kg, abs=0.01)  # network kg CO2e/week
            assert number(cells[5]) == pytest.approx(kg * share, abs=0.01)  # the organisation's
            assert number(cells[3]) == pytest.approx(FACTORS[t][0] * FACTORS[t][2], abs=0.05)  # g/km
        org_kg = sum(kg_type.values()) * share
        branches = {b.id for b in net.stops if b.organisation == org}
        crates = sum(d + p for _, _, _, stops in ROUTES for b, d, p in stops if b in branches)
        intensity = table_row(md, f"{org_kg:,.2f}")
        assert number(intensity[2]) == pytest.approx(1000 * org_kg / int(row["items_week"]), abs=0.05)
        assert number(intensity[3]) == pytest.approx(1000 * org_kg / crates, abs=0.05)
        for t, (e, u, w, src) in FACTORS.items():  # the factors table: stated as fleet.csv gives them
            assert table_rows(md, t)[1][1:] == [f"{e:g}", u, f"{w:g}", f"{e * w:.1f}", src]
        assert "ISO 14083" in md and "hub" in md and "ESTIMATE" in md


def test_allocation_co2e_adds_up_to_the_plans_total(tmp_path: Path) -> None:
    """allocation.csv keeps its columns and gains co2e_kg_week and co2e_kg_year; over the organisations they
    add up to the plan's total CO2e (summary.co2_kg), by the cost's key."""
    write_compare(load_runs([make_run(tmp_path)]), tmp_path / "out")
    rows = allocation(tmp_path / "out")
    old = ["scenario", "organisation", "branches", "items_week", "item_km", "share", "cost_eur_week", "cost_eur_year"]
    assert list(rows[0])[: len(old)] == old and list(rows[0])[len(old) :] == ["co2e_kg_week", "co2e_kg_year"]
    total = tiny_plan()["summary"]["co2_kg"]
    assert sum(float(r["co2e_kg_week"]) for r in rows) == pytest.approx(total, abs=0.002)
    assert sum(float(r["co2e_kg_year"]) for r in rows) == pytest.approx(total * 52, abs=0.2)
    for r in rows:
        assert float(r["co2e_kg_week"]) == pytest.approx(total * float(r["share"]), abs=0.002)


def test_a_type_without_documented_factors_is_named_on_the_page(tmp_path: Path) -> None:
    """fleet.csv without energy columns: the plan's g/km stands and the page says the type's factors are
    not documented."""
    runs = make_run(tmp_path)
    fleet = runs / "baseline" / "inputs" / "fleet.csv"
    fleet.write_text("\n".join(",".join(x.split(",")[:10]) for x in fleet_csv().splitlines()) + "\n")
    write_compare(load_runs([runs]), tmp_path / "out", lang="en")
    md = next((tmp_path / "out" / "organisations").glob("*.md")).read_text(encoding="utf-8")
    assert "does not derive from energy per km" in md and "diesel_van, electric_van" in md


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with Browser() as b:
        yield b


@needs_chromium
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_pages_open_in_chromium_and_print_on_a4(tmp_path: Path, browser: Browser, lang: str) -> None:
    """report.html links every organisation's page; each opens without console errors, in the report's
    language, and prints on A4 with its tables inside the page's width."""
    write_compare(load_runs([make_run(tmp_path)]), tmp_path / "out", lang=lang)
    report = browser.open((tmp_path / "out" / "report.html").as_uri())
    hrefs = report.js("[...document.querySelectorAll('a[href^=\"organisations/\"]')].map(a => a.href)")
    assert len(hrefs) == 2
    for href in hrefs:
        page = browser.open(href, width=round(277 * 96 / 25.4))
        assert page.console_errors() == []
        assert page.js("document.documentElement.lang") == lang
        title = page.js("document.querySelector('h1').textContent")
        assert title.startswith("Transportkosten en uitstoot" if lang == "nl" else "Transport cost and emissions")
        browser.call("Emulation.setEmulatedMedia", {"media": "print"}, page.session)
        too_wide = page.js(
            "[...document.querySelectorAll('table')].filter(t => t.scrollWidth > "
            "document.documentElement.clientWidth).length"
        )
        assert too_wide == 0
        pdf = base64.b64decode(browser.call("Page.printToPDF", {"preferCSSPageSize": True}, page.session)["data"])
        box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
        assert box and sorted(float(x) for x in box.groups()) == pytest.approx([595, 842], abs=2)


def test_the_emission_fields_survive_materialise(tmp_path: Path) -> None:
    """fleet.csv's energy_per_km, energy_unit, wtw_g_per_unit and co2_source are read and written back as they
    are (a scenario's materialised data keeps its factors and their sources)."""
    runs = make_run(tmp_path)
    net = load_network(runs / "baseline" / "inputs")
    again = materialise(net, tmp_path / "again")
    for v, w in zip(net.fleet, again.fleet, strict=True):
        e, u, g, src = FACTORS[v.type]
        assert (w.energy_per_km, w.energy_unit, w.wtw_g_per_unit, w.co2_source) == (e, u, g, src)
        assert w.co2_g_per_km == pytest.approx(e * g)
