"""Reports asserted by their numbers: three small runs of tests/data/tiny that differ in km and CO2 (the
diesel baseline, a fleet of small electric vans, and a branch that closes before the shift starts), and
every column of comparison.csv, allocation.csv, summary.csv and route_sheet.csv recomputed here from the
runs' plan.json and inputs/ by the report's definitions, not by the report's code."""

from __future__ import annotations

import csv
import json
import shutil
import tomllib
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from geopy.distance import geodesic

from logistics_opt.pipeline import RunOptions, run_plan
from logistics_opt.reports import registry
from logistics_opt.reports.compare import write_compare
from logistics_opt.runs import load_runs
from tests.factories import TINY

WEEKS = 52
ELECTRIC = (
    "type,count,capacity_crates,cost_per_km,cost_per_hour,fixed_cost_per_day,co2_g_per_km,shift_start,"
    "shift_end,depot\nevan,3,3,0.25,32.00,50.00,90,08:00,16:00,HUB\n"
)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """runs/baseline, runs/electric, runs/closed and the comparison report in report/."""
    root = tmp_path_factory.mktemp("reports")
    mp = pytest.MonkeyPatch()
    from logistics_opt.reports.tables import write_route_sheet_csv, write_summary_csv

    # the CSVs only: maps and HTML are not what this module checks
    mp.setattr(registry, "report_writers", lambda: [write_route_sheet_csv, write_summary_csv])
    try:
        for name in ("baseline", "electric", "closed"):
            data = root / "data" / name
            shutil.copytree(TINY, data)
            if name == "electric":
                (data / "fleet.csv").write_text(ELECTRIC, encoding="utf-8")
            if name == "closed":  # C opens 06:00-07:00, before any shift: its visits cannot be served
                p = data / "branches.csv"
                p.write_text(p.read_text().replace("5.1681,branch,,,,,,10", "5.1681,branch,,,,06:00,07:00,10"))
            run_plan(
                data, root / "runs" / name, RunOptions(time_limit_s=120, solution_limit=20, workers=1, use_cache=False)
            )
    finally:
        mp.undo()
    write_compare(load_runs([root / "runs"]), root / "report", weeks_per_year=WEEKS)
    return root


def plan_of(root: Path, name: str) -> dict[str, Any]:
    return json.loads((root / "runs" / name / "plan.json").read_text(encoding="utf-8"))


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def num(cell: str) -> float | None:
    return None if cell == "" else float(cell)


# ---------------------------------------------------------------- an independent reading of the service figures
def lead_times(plan: dict[str, Any], inputs: Path) -> tuple[float | None, int | None]:
    """Items-weighted mean and 95th percentile of the working days from pickup to delivery: walk forward day by
    day from each pickup to the destination's next visit. A branch hands over on the days it is visited, each
    visit the share of the week since the previous visit; a hub has items ready every day; a hub receives at once."""
    days = plan["working_days"]
    n = len(days)
    visited: dict[str, set[int]] = defaultdict(set)
    for r in plan["routes"]:
        for s in r["stops"]:
            visited[s["branch"]].add(days.index(r["day"]))
    hubs = {row["id"] for row in read_csv(inputs / "branches.csv") if row["kind"] == "hub"}
    portions: list[tuple[int, float]] = []
    for req in read_csv(inputs / "requests.csv"):
        items = int(req["items"])
        if not items:
            continue
        o, d = req["origin"], req["destination"]
        if o in hubs:
            pickups = [(k, 1 / n) for k in range(n)]
        else:
            vis = sorted(visited[o])
            pickups = []
            for k in vis:
                back = 1
                while (k - back) % n not in vis:
                    back += 1
                pickups.append((k, back / n))
        for k, share in pickups:
            if d in hubs:
                portions.append((0, share * items))
                continue
            ahead = next((j for j in range(1, n + 1) if (k + j) % n in visited[d]), None)
            if ahead is not None:
                portions.append((ahead, share * items))
    total = sum(w for _, w in portions)
    if not total:
        return None, None
    mean = sum(lead * w for lead, w in portions) / total
    acc = 0.0
    for lead, w in sorted(portions):
        acc += w
        if acc >= 0.95 * total - 1e-9:
            return mean, lead
    raise AssertionError("unreachable")


def test_the_runs_differ_in_km_and_co2(runs: Path) -> None:
    """The three runs are different plans (else the comparison would prove little), and every run holds."""
    from logistics_opt.checker import check_plan
    from logistics_opt.data.read import load_network

    sums = {}
    for name in ("baseline", "electric", "closed"):
        p = plan_of(runs, name)
        assert check_plan(p, load_network(runs / "runs" / name / "inputs")) == []
        sums[name] = (
            round(sum(r["distance_km"] for r in p["routes"]), 3),
            round(sum(r["co2_kg"] for r in p["routes"]), 3),
        )
    assert len({s[0] for s in sums.values()}) == 3 and len({s[1] for s in sums.values()}) == 3
    assert not plan_of(runs, "baseline")["unassigned"] and not plan_of(runs, "electric")["unassigned"]
    assert {u["branch"] for u in plan_of(runs, "closed")["unassigned"]} == {"C"}


def test_comparison_csv_column_by_column(runs: Path) -> None:
    rows = {r["scenario"]: r for r in read_csv(runs / "report" / "comparison.csv")}
    assert list(rows) == ["baseline", "closed", "electric"]  # the baseline first, then folder order
    base = plan_of(runs, "baseline")["routes"]
    b_cost = round(sum(r["cost_eur"] for r in base), 2)
    b_co2 = round(sum(r["co2_kg"] for r in base), 3)
    for name, row in rows.items():
        plan = plan_of(runs, name)
        routes = plan["routes"]
        cost = round(sum(r["cost_eur"] for r in routes), 2)
        co2 = round(sum(r["co2_kg"] for r in routes), 3)
        saving = b_cost - cost
        mean, p95 = lead_times(plan, runs / "runs" / name / "inputs")
        want = {
            "cost_eur_week": round(cost, 2),
            "cost_eur_year": round(cost * WEEKS),
            "saving_eur_week": round(saving, 2),
            "saving_eur_year": round(saving * WEEKS),
            "saving_pct": round(100 * saving / b_cost, 1),
            "distance_km": round(sum(r["distance_km"] for r in routes), 1),
            "vehicle_hours": round(sum(r["duration_min"] for r in routes) / 60, 1),
            "routes": len(routes),
            "co2_kg": round(co2, 1),
            "co2_saving_pct": round(100 * (b_co2 - co2) / b_co2, 1),
            "lead_time_p95_days": p95,
            "unserved_visits": len(plan["unassigned"]),
        }
        got = {k: num(row[k]) for k in want}
        assert got == pytest.approx(want, abs=1e-9), name
        assert num(row["lead_time_mean_days"]) == pytest.approx(mean, abs=5e-4), name
        assert row["description"] == ""
    assert num(rows["electric"]["co2_saving_pct"]) > 50  # 90 against 259 g/km
    assert num(rows["baseline"]["saving_eur_week"]) == 0.0


def test_unserved_visits_are_noted(runs: Path) -> None:
    """The run with unserved visits is named in the report's note; the others are not."""
    md = (runs / "report" / "report.md").read_text(encoding="utf-8")
    assert "Runs with unserved visits (their cost leaves work undone): closed." in md
    closed = plan_of(runs, "closed")
    assert len(closed["unassigned"]) == 5 and all(
        "cannot be reached while open (06:00-07:00)" in u["reason"] for u in closed["unassigned"]
    )
    assert closed["service"]["items_without_delivery"] == 50 + 20  # A -> C and C -> D never arrive


def test_allocation_csv_column_by_column(runs: Path) -> None:
    """Each organisation's share: (items sent + received) x road km from the hub (geopy geodesic x detour),
    over all branches; its cost is that share of the run's weekly cost."""
    got = read_csv(runs / "report" / "allocation.csv")
    want = []
    for name in ("baseline", "closed", "electric"):
        inputs = runs / "runs" / name / "inputs"
        settings = tomllib.loads((inputs / "settings.toml").read_text(encoding="utf-8"))
        rows = read_csv(inputs / "branches.csv")
        hub = next(r for r in rows if r["kind"] == "hub")
        items: dict[str, int] = defaultdict(int)
        for q in read_csv(inputs / "requests.csv"):
            items[q["origin"]] += int(q["items"])
            items[q["destination"]] += int(q["items"])
        orgs: dict[str, list[float]] = {}
        for b in rows:
            if b["kind"] == "hub":
                continue
            km = geodesic((float(hub["lat"]), float(hub["lon"])), (float(b["lat"]), float(b["lon"]))).km
            acc = orgs.setdefault(b["organisation"], [0, 0, 0.0])
            acc[0] += 1
            acc[1] += items[b["id"]]
            acc[2] += items[b["id"]] * km * settings["detour_factor"]
        total = sum(v[2] for v in orgs.values())
        cost = round(sum(r["cost_eur"] for r in plan_of(runs, name)["routes"]), 2)
        for org, (n, it, w) in sorted(orgs.items(), key=lambda kv: -kv[1][2]):
            share_cost = round(cost * w / total, 2)
            want.append(
                {
                    "scenario": name,
                    "organisation": org,
                    "branches": n,
                    "items_week": it,
                    "item_km": round(w, 1),
                    "share": round(w / total, 6),
                    "cost_eur_week": share_cost,
                    "cost_eur_year": round(share_cost * WEEKS, 2),
                }
            )
    assert [(r["scenario"], r["organisation"]) for r in got] == [(w["scenario"], w["organisation"]) for w in want]
    for g, w in zip(got, want, strict=True):
        assert {k: (g[k] if k in ("scenario", "organisation") else num(g[k])) for k in w} == pytest.approx(w, abs=0.011)
    # Tiny's items a week: Org One (A, B) 205 + 105 = 310; Org Two (C, D, E) 70 + 27 + 15 = 112.
    assert {(w["organisation"], w["items_week"]) for w in want} == {("Org One", 310), ("Org Two", 112)}
    for name in ("baseline", "closed", "electric"):
        mine = [num(g["cost_eur_week"]) for g in got if g["scenario"] == name]
        assert sum(mine) == pytest.approx(
            round(sum(r["cost_eur"] for r in plan_of(runs, name)["routes"]), 2), abs=0.011
        )


@pytest.mark.parametrize("name", ["baseline", "electric", "closed"])
def test_summary_csv_column_by_column(runs: Path, name: str) -> None:
    """A row per working day, the week's totals, then the service figures, each from the plan's routes."""
    plan = plan_of(runs, name)
    with open(runs / "runs" / name / "summary.csv", encoding="utf-8", newline="") as f:
        lines = list(csv.reader(f))
    header, body = lines[0], lines[1:]
    assert header == [
        "day",
        "routes",
        "stops",
        "distance_km",
        "duration_h",
        "cost_eur",
        "co2_kg",
        "crates_delivered",
        "crates_collected",
        "unassigned",
    ]
    week = defaultdict(float)
    for k, day in enumerate(plan["working_days"]):
        rs = [r for r in plan["routes"] if r["day"] == day]
        want = [
            day,
            len(rs),
            sum(len(r["stops"]) for r in rs),
            round(sum(r["distance_km"] for r in rs), 2),
            round(sum(r["duration_min"] for r in rs) / 60, 2),
            round(sum(r["cost_eur"] for r in rs), 2),
            round(sum(r["co2_kg"] for r in rs), 2),
            sum(s["deliver"] for r in rs for s in r["stops"]),
            sum(s["pickup"] for r in rs for s in r["stops"]),
            sum(u["day"] == day for u in plan["unassigned"]),
        ]
        assert [body[k][0]] + [float(x) for x in body[k][1:]] == pytest.approx(want, abs=1e-9)
        for col, v in zip(header[1:], want[1:], strict=True):
            week[col] += v
    assert body[5][0] == "week"
    assert [float(x) for x in body[5][1:]] == pytest.approx([week[c] for c in header[1:]], abs=1e-6)
    assert int(body[5][header.index("unassigned")]) == len(plan["unassigned"])
    mean, p95 = lead_times(plan, runs / "runs" / name / "inputs")
    service = dict(row for row in body[7:] if row)
    assert float(service["lead_time_mean_days"]) == pytest.approx(mean, abs=5e-4)
    assert float(service["lead_time_p95_days"]) == p95
    visits = defaultdict(set)
    for r in plan["routes"]:
        for s in r["stops"]:
            visits[s["branch"]].add(r["day"])
    per_branch = {k.split(":", 1)[1]: int(v) for k, v in service.items() if k.startswith("visits_per_week:")}
    assert per_branch == {b: len(visits[b]) for b in "ABCDE"}
    assert float(service["visits_per_week_mean"]) == pytest.approx(sum(per_branch.values()) / 5, abs=5e-4)


@pytest.mark.parametrize("name", ["baseline", "closed"])
def test_route_sheet_csv_row_by_row(runs: Path, name: str) -> None:
    """Per route: leaving the hub with the load, each stop in order with its times, crates and load, and the
    return with what is left aboard; the break is noted after its stop, a wait for opening at its stop."""
    plan = plan_of(runs, name)
    rows = read_csv(runs / "runs" / name / "route_sheet.csv")
    want = []
    for r in plan["routes"]:
        want.append([r["day"], r["vehicle"], "0", r["depot"], "", "", r["start"], str(r["load_start"])])
        for k, s in enumerate(r["stops"], start=1):
            want.append(
                [
                    r["day"],
                    r["vehicle"],
                    str(k),
                    s["branch"],
                    s["arrival"],
                    s["departure"],
                    f"{s['deliver']}/{s['pickup']}",
                    str(s["load_after"]),
                ]
            )
        last = r["stops"][-1]["load_after"]
        want.append([r["day"], r["vehicle"], str(len(r["stops"]) + 1), r["depot"], r["end"], "", "", str(last)])
    got = []
    for x in rows:
        crates = f"{x['deliver_crates']}/{x['pickup_crates']}" if x["deliver_crates"] else ""
        if x["branch_name"] == "depart hub":
            got.append([x["day"], x["vehicle"], x["stop_no"], x["branch_id"], "", "", x["departure"], x["load_after"]])
        elif x["branch_name"] == "return to hub":
            got.append([x["day"], x["vehicle"], x["stop_no"], x["branch_id"], x["arrival"], "", "", x["load_after"]])
        else:
            got.append(
                [
                    x["day"],
                    x["vehicle"],
                    x["stop_no"],
                    x["branch_id"],
                    x["arrival"],
                    x["departure"],
                    crates,
                    x["load_after"],
                ]
            )
    assert got == want
    breaks = [(r["day"], r["vehicle"], str(r["break_after_stop"])) for r in plan["routes"] if r["break_after_stop"]]
    noted = [(x["day"], x["vehicle"], x["stop_no"]) for x in rows if "break after this stop" in x["notes"]]
    assert noted == breaks


def test_unserved_reasons_in_the_sheets_language(runs: Path) -> None:
    """plan.json keeps each unserved visit's reason in English and its code and fields; the Dutch route
    sheets give the reason in Dutch, the English ones as plan.json says it."""
    from html import escape

    from logistics_opt.data.read import load_network
    from logistics_opt.reports.route_sheets_html import route_sheets_html
    from logistics_opt.wording import Labels

    closed = plan_of(runs, "closed")
    u = closed["unassigned"][0]
    assert (u["reason_code"], u["reason_fields"]) == ("closed", {"open": "06:00", "close": "07:00"})
    dutch = Labels("nl").reason(u)
    assert dutch.startswith("niet te bereiken terwijl open (06:00-07:00) met de diensten van de bussen")
    network = load_network(runs / "runs" / "closed" / "inputs")
    assert dutch in route_sheets_html(closed, network, lang="nl")
    assert escape(u["reason"]) in route_sheets_html(closed, network, lang="en")
    assert Labels("nl").reason({"reason": "an old plan's reason"}) == "an old plan's reason"
