"""Compare run folders side by side: ``report.md``, ``report.html`` (self-contained), ``comparison.csv``.

For each run: cost per week and per year, km, vehicle-hours, routes, CO2, the items-weighted lead
time (when the plan has service figures), unserved visits, and the saving against the baseline in
euros and percent; the cost allocated to each library organisation by volume x distance
(:mod:`.allocation`); charts of cost and CO2 by scenario and of cost against lead time. The same
module writes the cost-against-service table and chart of ``frontier``. Reports read run folders;
they never solve.
"""
from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from ..errors import InputError
from ..loader import load_network
from ..model import Network
from ..output import atomic_folder, write_text
from .allocation import Share, allocate
from .compare_doc import SAVINGS_KEYS, ReportParts, md_table, report_html, report_md
from .labels import Labels, plan_language, text
from .safe_cells import csv_text

COLUMNS = ["scenario", "cost_eur_week", "cost_eur_year", "saving_eur_week", "saving_eur_year", "saving_pct",
           "distance_km", "vehicle_hours", "routes", "co2_kg", "co2_saving_pct", "lead_time_mean_days",
           "lead_time_p95_days", "unserved_visits", "description"]


@dataclass
class RunRecord:
    """A finished run folder: its name, plan and the network it was planned from."""

    name: str
    folder: Path
    plan: dict[str, Any]
    network: Network

    @property
    def description(self) -> str:
        return ((self.plan.get("meta") or {}).get("scenario") or {}).get("description", "")


MANIFEST = "runs.json"


def find_runs(paths: Sequence[str | Path]) -> list[Path]:
    """Run folders from arguments: a run folder (with plan.json) or a folder of run folders."""
    out: list[Path] = []
    for a in paths:
        p = Path(a)
        if (p / "plan.json").is_file():
            out.append(p)
        elif (p / MANIFEST).is_file():
            # Written by `scenario run`: exactly that invocation's successful runs, no stale folders.
            try:
                listed = json.loads((p / MANIFEST).read_text(encoding="utf-8"))["runs"]
            except (OSError, ValueError, KeyError, TypeError) as e:
                raise InputError(str(p / MANIFEST), f"cannot read the run list: {e}") from None
            found = [p / r["folder"] for r in listed if r.get("ok") and (p / r["folder"] / "plan.json").is_file()]
            if not found:
                raise InputError(str(p / MANIFEST), "no scenario of that run succeeded")
            out.extend(found)
        elif p.is_dir():
            found = sorted(q for q in p.iterdir() if (q / "plan.json").is_file())
            if not found:
                raise InputError(str(p), "not a run folder (no plan.json) and holds no run folders")
            out.extend(found)
        else:
            raise InputError(str(p), "run folder not found")
    return out


def load_run(folder: Path) -> RunRecord:
    """Read a run folder's plan.json and inputs/."""
    path = folder / "plan.json"
    try:
        plan = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise InputError(str(path), f"cannot read the plan: {e}") from None
    for key in ("summary", "routes"):
        if key not in plan:
            raise InputError(str(path), f"not a plan.json: no '{key}'")
    name = ((plan.get("meta") or {}).get("scenario") or {}).get("name") or folder.name
    return RunRecord(name, folder, plan, load_network(folder / "inputs"))


def load_runs(paths: Sequence[str | Path]) -> list[RunRecord]:
    runs = [load_run(f) for f in find_runs(paths)]
    seen: dict[str, Path] = {}
    for r in runs:
        if r.name in seen:
            raise InputError(str(r.folder), f"two runs are both named '{r.name}' (the other: {seen[r.name]})")
        seen[r.name] = r.folder
    return runs


def pick_baseline(runs: list[RunRecord], baseline: str | None) -> RunRecord:
    """The named run; by default the run named 'baseline', else the first."""
    names = [r.name for r in runs]
    if baseline is None:
        return next((r for r in runs if r.name == "baseline"), runs[0])
    for r in runs:
        if r.name == baseline:
            return r
    raise InputError("--baseline", f"no run named '{baseline}' (runs: {', '.join(names)})")


def _service(plan: dict[str, Any], key: str) -> float | None:
    v = (plan.get("service") or {}).get(key)
    return float(v) if isinstance(v, (int, float)) else None


def comparison_rows(runs: list[RunRecord], base: RunRecord, weeks_per_year: float) -> list[dict[str, Any]]:
    """One row per run (in the given order) with its figures and savings against ``base``."""
    def figures(plan: dict[str, Any]) -> dict[str, float]:
        return {k: float(v) for k, v in plan["summary"].items() if isinstance(v, (int, float))}
    b = figures(base.plan)
    rows = []
    for r in runs:
        s = figures(r.plan)
        saving = b["cost_eur"] - s["cost_eur"]
        rows.append({
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
            "lead_time_mean_days": _service(r.plan, "lead_time_mean_days"),
            "lead_time_p95_days": _service(r.plan, "lead_time_p95_days"),
            "unserved_visits": len(r.plan.get("unassigned", [])),
            "description": r.description,
        })
    return rows


def _fmt(v: Any, decimals: int = 1) -> str:
    """A figure for display: thousands separators, fixed decimals; ``n/a`` when unknown."""
    if v is None:
        return "n/a"
    if isinstance(v, float):
        return f"{v:,.{decimals}f}"
    return str(v)


def _csv_text(header: list[str], rows: list[list[Any]]) -> str:
    return csv_text(header, rows)


# ---------------------------------------------------------------- charts
def _png(fig: Any) -> bytes:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", dpi=100)
    plt.close(fig)
    return buf.getvalue()


def _plt() -> Any:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def chart_cost_co2(rows: list[dict[str, Any]], base_name: str) -> bytes:
    """Horizontal bars: weekly cost and weekly CO2 per scenario (the baseline in a darker colour)."""
    plt = _plt()
    names = [r["scenario"] for r in rows][::-1]
    colours = ["#555555" if n == base_name else "#4c72b0" for n in names]
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 0.45 * len(rows) + 1.5), sharey=True)
    a1.barh(names, [r["cost_eur_week"] for r in rows][::-1], color=colours)
    a1.set_xlabel("cost per week (EUR)")
    a1.set_title("Cost")
    a2.barh(names, [r["co2_kg"] for r in rows][::-1], color=["#555555" if n == base_name else "#55a868" for n in names])
    a2.set_xlabel("CO2 per week (kg)")
    a2.set_title("CO2")
    for ax in (a1, a2):
        ax.grid(True, axis="x", lw=0.3)
    return _png(fig)


def chart_cost_lead_time(rows: list[dict[str, Any]]) -> bytes | None:
    """Scatter of weekly cost against mean lead time; None when no run has lead times."""
    pts = [r for r in rows if r["lead_time_mean_days"] is not None]
    if not pts:
        return None
    plt = _plt()
    fig, ax = plt.subplots(figsize=(7, 5))
    ax.scatter([r["lead_time_mean_days"] for r in pts], [r["cost_eur_week"] for r in pts], color="#c44e52", zorder=3)
    # Runs with the same lead time (all current-practice runs) stack their labels 11 points apart.
    groups: dict[float, list[dict[str, Any]]] = {}
    for r in pts:
        groups.setdefault(round(r["lead_time_mean_days"], 2), []).append(r)
    for group in groups.values():
        group.sort(key=lambda r: r["cost_eur_week"])
        for k, r in enumerate(group):
            dy = 11 * (k - (len(group) - 1) / 2) if len(group) > 1 else 4
            ax.annotate(r["scenario"], (r["lead_time_mean_days"], r["cost_eur_week"]), xytext=(14, dy),
                        textcoords="offset points", fontsize=8, va="center",
                        arrowprops={"arrowstyle": "-", "lw": 0.4, "color": "#888888"} if len(group) > 1 else None)
    ax.set_xlabel("items-weighted mean lead time (working days)")
    ax.set_ylabel("cost per week (EUR)")
    ax.set_title("Cost against service")
    ax.grid(True, lw=0.3)
    return _png(fig)


# ---------------------------------------------------------------- tables as text
SAVINGS_HEADER = [text("en", k) for k in SAVINGS_KEYS]
"""The savings table's English column labels (:mod:`.labels` has them in every language)."""


def savings_table(rows: list[dict[str, Any]]) -> list[list[str]]:
    """The comparison rows as display strings, in :data:`SAVINGS_HEADER` order."""
    decimals = {"cost_eur_week": 2, "saving_eur_week": 2, "cost_eur_year": 0, "saving_eur_year": 0,
                "lead_time_mean_days": 2, "lead_time_p95_days": 2}
    keys = ["scenario", "cost_eur_week", "cost_eur_year", "saving_eur_week", "saving_eur_year", "saving_pct",
            "distance_km", "vehicle_hours", "routes", "co2_kg", "co2_saving_pct", "lead_time_mean_days",
            "lead_time_p95_days", "unserved_visits"]
    return [[_fmt(r[k], decimals.get(k, 1)) for k in keys] for r in rows]


def allocation_tables(runs: list[RunRecord]) -> tuple[list[str], list[list[str]], dict[str, list[Share]]]:
    """Organisation x scenario EUR/week, and each run's detailed shares."""
    shares = {r.name: allocate(r.plan, r.network) for r in runs}
    orgs = sorted({s.organisation for v in shares.values() for s in v})
    header = ["organisation"] + [r.name for r in runs]
    rows = []
    for o in orgs:
        row = [o]
        for r in runs:
            s = next((x for x in shares[r.name] if x.organisation == o), None)
            row.append(f"{s.cost_eur_week:,.2f}" if s else "-")
        rows.append(row)
    return header, rows, shares


def _share_rows(shares: list[Share], weeks_per_year: float) -> list[list[str]]:
    return [[s.organisation, str(s.branches), f"{s.items_week:,}", f"{s.item_km:,.0f}", f"{100 * s.share:.1f}",
             f"{s.cost_eur_week:,.2f}", f"{s.cost_eur_week * weeks_per_year:,.0f}", f"{s.eur_per_item:.3f}"]
            for s in shares]





def write_compare(runs: list[RunRecord], out: str | Path, baseline: str | None = None,
                  weeks_per_year: float = 52.0, lang: str | None = None) -> list[dict[str, Any]]:
    """Write report.md, report.html, comparison.csv, allocation.csv and the charts into ``out`` (atomically).
    ``lang``: the report's language (default: the baseline run's, else English)."""
    if not runs:
        raise InputError("RUN_DIR", "no runs to compare")
    base = pick_baseline(runs, baseline)
    runs = [base] + [r for r in runs if r is not base]
    L = Labels(lang or plan_language(base.plan))
    rows = comparison_rows(runs, base, weeks_per_year)
    a_header, a_rows, shares = allocation_tables(runs)
    parts = ReportParts(
        base_name=base.name, weeks_per_year=weeks_per_year, savings=savings_table(rows),
        unserved=[r["scenario"] for r in rows if r["unserved_visits"]],
        alloc_header=[L("rep.organisation"), *a_header[1:]], alloc_rows=a_rows,
        share_rows=_share_rows(shares[base.name], weeks_per_year),
        descriptions=[[r["scenario"], r["description"] or "-"] for r in rows],
        folders=[(r.name, r.folder) for r in runs], cost_png=chart_cost_co2(rows, base.name),
        lead_png=chart_cost_lead_time(rows))
    alloc_csv = _csv_text(["scenario", "organisation", "branches", "items_week", "item_km", "share", "cost_eur_week",
                           "cost_eur_year"],
                          [[r.name, s.organisation, s.branches, s.items_week, s.item_km, round(s.share, 6),
                            s.cost_eur_week, round(s.cost_eur_week * weeks_per_year, 2)]
                           for r in runs for s in shares[r.name]])
    out = Path(out)
    with atomic_folder(out) as tmp:
        write_text(tmp / "report.md", report_md(parts, out, L))
        write_text(tmp / "report.html", report_html(parts, out, L))
        write_text(tmp / "comparison.csv", _csv_text(COLUMNS, [[r[c] for c in COLUMNS] for r in rows]))
        write_text(tmp / "allocation.csv", alloc_csv)
        (tmp / "cost_co2.png").write_bytes(parts.cost_png)
        if parts.lead_png:
            (tmp / "cost_lead_time.png").write_bytes(parts.lead_png)
    return rows


# ---------------------------------------------------------------- frontier
FRONTIER_COLUMNS = ["max_days_between_visits", "cost_eur_week", "distance_km", "vehicle_hours", "routes",
                    "co2_kg", "visits_per_week", "lead_time_mean_days", "lead_time_p95_days", "unserved_visits",
                    "status"]


def frontier_row(level: int, plan: dict[str, Any] | None, error: str = "") -> dict[str, Any]:
    """One level of the cost-against-service curve (``plan`` None: the level failed with ``error``)."""
    if plan is None:
        return {c: None for c in FRONTIER_COLUMNS} | {"max_days_between_visits": level, "status": error}
    s = plan["summary"]
    return {"max_days_between_visits": level, "cost_eur_week": round(float(s["cost_eur"]), 2),
            "distance_km": round(float(s["distance_km"]), 1), "vehicle_hours": round(float(s["duration_h"]), 1),
            "routes": s["routes"], "co2_kg": round(float(s["co2_kg"]), 1), "visits_per_week": s.get("stops"),
            "lead_time_mean_days": _service(plan, "lead_time_mean_days"),
            "lead_time_p95_days": _service(plan, "lead_time_p95_days"),
            "unserved_visits": len(plan.get("unassigned", [])), "status": "ok"}


def chart_frontier(rows: list[dict[str, Any]]) -> bytes:
    """Weekly cost against the service limit, and against the mean lead time when known."""
    plt = _plt()
    ok = [r for r in rows if r["cost_eur_week"] is not None]
    lead = [r for r in ok if r["lead_time_mean_days"] is not None]
    fig, axes = plt.subplots(1, 2 if lead else 1, figsize=(11 if lead else 6, 4.5), squeeze=False)
    a = axes[0][0]
    a.plot([r["max_days_between_visits"] for r in ok], [r["cost_eur_week"] for r in ok], "o-", color="#4c72b0")
    a.set_xticks([r["max_days_between_visits"] for r in ok])
    a.set_xlabel("max working days between visits (service limit)")
    a.set_ylabel("cost per week (EUR)")
    a.set_title("Cost against the service limit")
    a.grid(True, lw=0.3)
    if lead:
        b = axes[0][1]
        lead = sorted(lead, key=lambda r: r["lead_time_mean_days"])
        b.plot([r["lead_time_mean_days"] for r in lead], [r["cost_eur_week"] for r in lead], "o-", color="#c44e52")
        for r in lead:
            b.annotate(f"max {r['max_days_between_visits']}", (r["lead_time_mean_days"], r["cost_eur_week"]),
                       xytext=(4, 4), textcoords="offset points", fontsize=8)
        b.set_xlabel("items-weighted mean lead time (working days)")
        b.set_title("Cost against lead time")
        b.grid(True, lw=0.3)
    return _png(fig)


def mark_dominated(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Flag levels where a tighter level came out cheaper: its plan meets the looser limit too, so the
    difference is search noise, and the tighter plan is the better answer for that level."""
    out = []
    for r in rows:
        better = [t for t in rows if t["status"] == "ok" and r["status"] == "ok"
                  and t["max_days_between_visits"] < r["max_days_between_visits"]
                  and t["cost_eur_week"] < r["cost_eur_week"]]
        if better:
            best = min(better, key=lambda t: t["cost_eur_week"])
            r = r | {"status": f"ok; max {best['max_days_between_visits']} is cheaper and meets this limit too"}
        out.append(r)
    return out


def frontier_table(rows: list[dict[str, Any]]) -> str:
    """The frontier rows as a Markdown table."""
    header = ["max days", "EUR/week", "km", "van-hours", "routes", "CO2 kg", "visits/week", "lead time mean",
              "lead time p95", "unserved", "status"]
    return md_table(header, [[_fmt(r[c], 2 if c.startswith(("cost", "lead")) else 1) for c in FRONTIER_COLUMNS]
                             for r in rows])


def write_frontier(rows: list[dict[str, Any]], out: Path) -> None:
    """``frontier.csv``, ``frontier.md`` and ``frontier.png`` into ``out``."""
    write_text(out / "frontier.csv", _csv_text(FRONTIER_COLUMNS, [[r[c] for c in FRONTIER_COLUMNS] for r in rows]))
    md = ["# Cost against service level", "",
          "Each row runs the frequency model with `max_days_between_visits` set as the default of every branch "
          "(branches with fixed days or a limit of their own keep them).", "",
          frontier_table(rows), "", "![Cost against service](frontier.png)", ""]
    write_text(out / "frontier.md", "\n".join(md))
    if any(r["cost_eur_week"] is not None for r in rows):
        (out / "frontier.png").write_bytes(chart_frontier(rows))
