"""Compare run folders side by side: ``report.md``, ``report.html`` (self-contained), ``comparison.csv``.

For each run: cost per week and per year, km, vehicle-hours, routes, CO2, the items-weighted lead
time (when the plan has service figures), unserved visits, and the saving against the baseline in
euros and percent; the cost allocated to each library organisation by volume x distance
(:mod:`.allocation`), with its CO2e by the same key; charts of cost and CO2 by scenario and of cost against
lead time; a page per organisation for the baseline (:mod:`.organisation_pages`). Reports read run folders;
they never solve.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..files import atomic_folder, csv_text, write_text
from ..plan_meta import meta_of
from ..runs import RunRecord
from ..wording import Labels, plan_language, text
from .allocation import Share, allocate
from .change_counts import COLUMNS as CHANGE_COLUMNS
from .change_counts import change_columns, change_table
from .charts import chart_cost_co2, chart_cost_lead_time
from .emissions import total_kg, vehicle_emissions
from .hub_costs import allocate_by_hub, hub_table
from .organisation_pages import page_links, write_pages
from .render import Doc, fmt
from .road_lines import distances_label
from .supply_figures import COLUMNS as SUPPLY_COLUMNS
from .supply_figures import has_log, organisation_table, supply_columns, supply_table

COLUMNS = [
    "scenario",
    "cost_eur_week",
    "cost_eur_year",
    "saving_eur_week",
    "saving_eur_year",
    "saving_pct",
    "distance_km",
    "vehicle_hours",
    "routes",
    "co2_kg",
    "co2_saving_pct",
    "lead_time_mean_days",
    "lead_time_p95_days",
    "unserved_visits",
    "description",
    # Decision-grade columns (appended; the ones above keep their names and meaning).
    "cost_spread_eur",
    "noise_eur",
    "difference",
    "reproducible",
    "plan_from",
    "trunk_eur_week",
    # Supply (issue 34): crates delivered and collected, items collected, share of the baseline's items
    # that no longer travel.
    *SUPPLY_COLUMNS,
    # Steadiness (issue 31): branches visited on 2+ days with one van all week, and their arrival spread.
    "one_van_share",
    "arrival_spread_mean_min",
    "arrival_spread_max_min",
    # Changes against the baseline (issue 32): branches moved to another van, day or time, and the share kept.
    *CHANGE_COLUMNS,
]
#: The steadiness figures of a plan's summary.
STEADY = ("branches_one_van_share", "arrival_spread_mean_min", "arrival_spread_max_min")
#: Their columns in comparison.csv.
STEADY_COLUMNS = ("one_van_share", "arrival_spread_mean_min", "arrival_spread_max_min")


def pick_baseline(runs: list[RunRecord], baseline: str | None) -> RunRecord:
    """The named run; by default the run named 'baseline', else the first."""
    names = [r.name for r in runs]
    if baseline is None:
        return next((r for r in runs if r.name == "baseline"), runs[0])
    for r in runs:
        if r.name == baseline:
            return r
    raise InputError("--baseline", f"no run named '{baseline}' (runs: {', '.join(names)})")


def service_figure(plan: dict[str, Any], key: str) -> float | None:
    v = (plan.get("service") or {}).get(key)
    return float(v) if isinstance(v, (int, float)) else None


def spread(plan: dict[str, Any]) -> float | None:
    """The spread of the run's repeats (EUR/week), or None when it was solved once."""
    rep = meta_of(plan).repeats
    return float(rep.spread_eur) if rep and len(rep.cost_eur) > 1 else None


def reproducible(plan: dict[str, Any]) -> str:
    meta = meta_of(plan)
    if meta.solve.stopped_by_time_cap:
        return "no: stopped by the time cap"
    return "yes" if meta.reproducible_search else "no: time-limited search"


def verdict(run: RunRecord, base: RunRecord, saving: float, noise: float | None) -> str:
    """Whether a difference against the baseline is real: an identical plan, within the noise band of
    the two runs (the larger spread of their repeats), or larger than it."""
    source = run.meta.plan_from.scenario if run.meta.plan_from else None
    if run is base:
        return "baseline"
    if abs(saving) < 0.005 and (source == base.name or run.plan["routes"] == base.plan["routes"]):
        return "identical plan"
    if noise is None:
        return "no noise band (run with --repeats 2 or more)"
    return "within noise" if abs(saving) <= noise else "real"


def comparison_rows(runs: list[RunRecord], base: RunRecord, weeks_per_year: float) -> list[dict[str, Any]]:
    """One row per run (in the given order) with its figures and savings against ``base``."""

    def figures(plan: dict[str, Any]) -> dict[str, float]:
        out = {k: float(v) for k, v in plan["summary"].items() if isinstance(v, (int, float))}
        out["trunk_eur"] = out.get("trunk_cost_eur", 0.0)
        out["cost_eur"] += out["trunk_eur"]  # several hubs: the vans and the night trunk
        return out

    b = figures(base.plan)
    rows = []
    for r in runs:
        s = figures(r.plan)
        saving = b["cost_eur"] - s["cost_eur"]
        spreads = [x for x in (spread(r.plan), spread(base.plan)) if x is not None]
        noise = max(spreads) if len(spreads) == 2 else None
        rows.append(
            {
                "scenario": r.name,
                "cost_eur_week": round(s["cost_eur"], 2),
                "cost_eur_year": round(s["cost_eur"] * weeks_per_year, 0),
                "saving_eur_week": round(saving, 2),
                "saving_eur_year": round(saving * weeks_per_year, 0),
                "saving_pct": round(100 * saving / b["cost_eur"], 1) if b["cost_eur"] else 0.0,
                "distance_km": round(s["distance_km"], 1),
                "vehicle_hours": round(s["duration_h"], 1),
                "routes": int(s["routes"]),
                "co2_kg": round(s["co2_kg"], 1),
                "co2_saving_pct": round(100 * (b["co2_kg"] - s["co2_kg"]) / b["co2_kg"], 1) if b["co2_kg"] else 0.0,
                "lead_time_mean_days": service_figure(r.plan, "lead_time_mean_days"),
                "lead_time_p95_days": service_figure(r.plan, "lead_time_p95_days"),
                "unserved_visits": len(r.plan.get("unassigned", [])),
                "description": r.description,
                "cost_spread_eur": spread(r.plan),
                "noise_eur": noise,
                "difference": verdict(r, base, saving, noise),
                "reproducible": reproducible(r.plan),
                "plan_from": r.meta.plan_from.scenario if r.meta.plan_from else "",
                "trunk_eur_week": round(s["trunk_eur"], 2),
            }
            | supply_columns(r, base)
            | dict(zip(STEADY_COLUMNS, steadiness(r.plan)))
            | change_columns(r, base)
        )
    return rows


def steadiness(plan: dict[str, Any]) -> list[float | None]:
    """A plan's share of branches on one van and its mean and largest arrival spread (None: no branch on
    two days, or a plan written before the summary had them)."""
    return [plan["summary"].get(k) for k in STEADY]


def steadiness_table(rows: list[dict[str, Any]], L: Labels) -> tuple[list[str], list[list[str]]]:
    """Per scenario: one van (% of the branches visited on 2+ days), the arrival spread (mean, largest) and
    the cost against the baseline with its noise band."""
    header = [L(k) for k in ("rep.scenario", "rep.one_van", "rep.spread_mean", "rep.spread_max", "rep.saving_week")]
    header += [L("rep.noise_col"), L("rep.difference_col")]
    share = [None if r["one_van_share"] is None else 100 * r["one_van_share"] for r in rows]
    return header, [
        [r["scenario"], fmt(v, 0), fmt(r["arrival_spread_mean_min"], 0), fmt(r["arrival_spread_max_min"], 0)]
        + [fmt(r["saving_eur_week"], 2), fmt(r["noise_eur"], 2), L(f"rep.v.{r['difference']}")]
        for r, v in zip(rows, share)
    ]


SAVINGS_KEYS = [
    "rep.scenario",
    "rep.eur_week",
    "rep.eur_year",
    "rep.saving_week",
    "rep.saving_year",
    "rep.saving_pct",
    "rep.km",
    "rep.van_hours",
    "rep.routes",
    "rep.co2",
    "rep.co2_saving",
    "rep.lead_mean",
    "rep.lead_p95",
    "rep.unserved_col",
    "rep.noise_col",
    "rep.difference_col",
]
SAVINGS_HEADER = [text("en", k) for k in SAVINGS_KEYS]
"""The savings table's column labels in English (:mod:`..wording` has them in every language)."""


def savings_table(rows: list[dict[str, Any]], L: Labels | None = None) -> list[list[str]]:
    """The comparison rows as display strings, in :data:`SAVINGS_HEADER` order."""
    decimals = {
        "cost_eur_week": 2,
        "saving_eur_week": 2,
        "cost_eur_year": 0,
        "saving_eur_year": 0,
        "lead_time_mean_days": 2,
        "lead_time_p95_days": 2,
    }
    keys = COLUMNS[: COLUMNS.index("unserved_visits") + 1]
    L = L or Labels()
    return [
        [fmt(r[k], decimals.get(k, 1)) for k in keys] + [fmt(r["noise_eur"], 2), L(f"rep.v.{r['difference']}")]
        for r in rows
    ]


ALLOCATION_COLUMNS = [
    "scenario",
    "organisation",
    "branches",
    "items_week",
    "item_km",
    "share",
    "cost_eur_week",
    "cost_eur_year",
    # Transport CO2e well-to-wheel (ISO 14083) allocated by the same key as the cost (reports/emissions.py).
    "co2e_kg_week",
    "co2e_kg_year",
]


def allocation_table(
    runs: list[RunRecord], shares: dict[str, list[Share]], L: Labels | None = None
) -> tuple[list[str], list[list[str]]]:
    """Organisation x scenario EUR/week."""
    orgs = sorted({s.organisation for v in shares.values() for s in v})
    header = [(L or Labels())("rep.organisation")] + [r.name for r in runs]
    rows = []
    for o in orgs:
        row = [o]
        for r in runs:
            s = next((x for x in shares[r.name] if x.organisation == o), None)
            row.append(f"{s.cost_eur_week:,.2f}" if s else "-")
        rows.append(row)
    return header, rows


def _share_rows(shares: list[Share], weeks_per_year: float) -> list[list[str]]:
    return [
        [
            s.organisation,
            str(s.branches),
            f"{s.items_week:,}",
            f"{s.item_km:,.0f}",
            f"{100 * s.share:.1f}",
            f"{s.cost_eur_week:,.2f}",
            f"{s.cost_eur_week * weeks_per_year:,.0f}",
            f"{s.eur_per_item:.3f}",
        ]
        for s in shares
    ]


SHARE_KEYS = [
    "rep.organisation",
    "rep.branches",
    "rep.items_week",
    "rep.item_km",
    "rep.share",
    "rep.eur_week",
    "rep.eur_year",
    "rep.eur_item",
]


def map_links(runs: list[RunRecord], out: Path) -> list[tuple[str, str]]:
    """(run name, its map.html relative to the report folder ``out``) for each run that has one."""
    return [
        (r.name, Path(os.path.relpath(r.folder.resolve() / "map.html", out.resolve())).as_posix())
        for r in runs
        if (r.folder / "map.html").is_file()
    ]


def report_doc(
    runs: list[RunRecord],
    rows: list[dict[str, Any]],
    base: RunRecord,
    weeks_per_year: float,
    shares: dict[str, list[Share]],
    charts: dict[str, bytes],
    L: Labels | None = None,
    maps: list[tuple[str, str]] | None = None,
) -> Doc:
    """The comparison report as one document (rendered to report.md and report.html), in ``L``'s
    language, linking each run's interactive map (``maps``: name, relative path)."""
    L = L or Labels()
    doc = Doc(L("rep.title"), lang=L.lang)
    doc.note(L("rep.baseline", name=base.name, weeks=weeks_per_year))
    doc.note(L("rep.lead_note"))
    labels = {distances_label(r.plan, L) for r in runs}
    doc.note(L("rep.distances", what="; ".join(sorted(labels))))
    doc.note(L("rep.noise_note"))
    capped = [r["scenario"] for r in rows if r["reproducible"].startswith("no: stopped")]
    if capped:
        doc.note(L("rep.capped", names=", ".join(capped)))
    if any(r.plan.get("trunk") is not None for r in runs):
        doc.note(L("rep.trunk_note"))
    unserved = [r["scenario"] for r in rows if r["unserved_visits"]]
    if unserved:
        doc.note(L("rep.unserved", names=", ".join(unserved)))
    doc.heading(2, L("rep.h_cost"))
    doc.table([L(k) for k in SAVINGS_KEYS], savings_table(rows, L))
    doc.image("cost_co2.png", L("rep.chart_cost"), charts["cost_co2.png"])
    if "cost_lead_time.png" in charts:
        doc.image("cost_lead_time.png", L("rep.chart_lead"), charts["cost_lead_time.png"])
    if maps:
        doc.heading(2, L("rep.maps"))
        for name, href in maps:
            doc.link(href, f"{L('map.link')}: {name}")
    hubs = hub_table(runs)
    if hubs:
        doc.heading(2, L("rep.h_hubs"))
        doc.note(L("rep.hubs_note"))
        doc.table(*hubs)
    if has_log(runs):
        doc.heading(2, L("rep.h_supply"))
        doc.note(L("rep.supply_note"))
        doc.table(*supply_table(rows, L))
        doc.heading(3, L("rep.h_supply_orgs", name=base.name))
        doc.table(*organisation_table(runs, L))
    doc.heading(2, L("rep.h_alloc"))
    doc.note(L("rep.alloc_note"))
    doc.table(*allocation_table(runs, shares, L))
    doc.heading(3, L("rep.h_alloc_detail", name=base.name))
    doc.table([L(k) for k in SHARE_KEYS], _share_rows(shares[base.name], weeks_per_year))
    doc.heading(3, L("org.h_pages"))
    doc.note(L("org.pages_note"))
    for org, href in page_links(shares[base.name]):
        doc.link(href, org)
    doc.heading(2, L("rep.h_steady"))
    doc.note(L("rep.steady_note"))
    doc.table(*steadiness_table(rows, L))
    doc.heading(2, L("rep.h_changes", name=base.name))
    doc.note(L("rep.changes_note"))
    doc.table(*change_table(rows, L))
    doc.heading(2, L("rep.h_scenarios"))
    doc.table([L("rep.scenario"), L("rep.question")], [[r["scenario"], r["description"] or "-"] for r in rows])
    doc.heading(2, L("rep.h_runs"))
    for r in runs:
        doc.note(L("rep.run_folder", name=r.name, folder=r.folder, what=distances_label(r.plan, L)))
    if len(labels) > 1:
        doc.note(L("rep.mixed_distances"))
    return doc


def write_compare(
    runs: list[RunRecord],
    out: str | Path,
    baseline: str | None = None,
    weeks_per_year: float = 52.0,
    lang: str | None = None,
) -> list[dict[str, Any]]:
    """Write report.md, report.html, comparison.csv, allocation.csv and the charts into ``out`` (atomically).
    ``lang``: the report's language (default: the baseline run's, else English)."""
    if not runs:
        raise InputError("RUN_DIR", "no runs to compare")
    base = pick_baseline(runs, baseline)
    runs = [base] + [r for r in runs if r is not base]
    rows = comparison_rows(runs, base, weeks_per_year)
    shares = {
        r.name: allocate_by_hub(r.plan, r.network, r.matrix())
        if r.plan.get("trunk") is not None
        else allocate(r.plan, r.network, r.matrix())
        for r in runs
    }
    L = Labels(lang or plan_language(base.plan))
    charts = {"cost_co2.png": chart_cost_co2(rows, base.name, L)}
    lead_png = chart_cost_lead_time(rows, L)
    if lead_png:
        charts["cost_lead_time.png"] = lead_png
    doc = report_doc(runs, rows, base, weeks_per_year, shares, charts, L, map_links(runs, Path(out)))
    kg = {r.name: total_kg(vehicle_emissions(r.plan, r.network.fleet)) for r in runs}
    alloc = [
        [
            r.name,
            s.organisation,
            s.branches,
            s.items_week,
            s.item_km,
            round(s.share, 6),
            s.cost_eur_week,
            round(s.cost_eur_week * weeks_per_year, 2),
            round(kg[r.name] * s.share, 3),
            round(kg[r.name] * s.share * weeks_per_year, 1),
        ]
        for r in runs
        for s in shares[r.name]
    ]
    with atomic_folder(out) as tmp:
        write_text(tmp / "report.md", doc.to_markdown())
        write_text(tmp / "report.html", doc.to_html())
        write_text(tmp / "comparison.csv", csv_text(COLUMNS, [[r[c] for c in COLUMNS] for r in rows]))
        write_text(tmp / "allocation.csv", csv_text(ALLOCATION_COLUMNS, alloc))
        write_pages(tmp, base, shares[base.name], weeks_per_year, L)
        if hubs := hub_table(runs):
            write_text(tmp / "hubs.csv", csv_text(*hubs))
        for name, png in charts.items():
            (tmp / name).write_bytes(png)
    return rows
