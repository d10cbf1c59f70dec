"""``frontier``'s report: weekly cost against the service limit (frontier.csv, frontier.md, frontier.png)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..runs import csv_text, write_text
from .charts import chart_frontier
from .compare import service_figure
from .render import fmt, md_table
from .road_lines import distances_label

FRONTIER_COLUMNS = [
    "max_days_between_visits",
    "cost_eur_week",
    "distance_km",
    "vehicle_hours",
    "routes",
    "co2_kg",
    "visits_per_week",
    "lead_time_mean_days",
    "lead_time_p95_days",
    "unserved_visits",
    "status",
]


def frontier_row(level: int, plan: dict[str, Any] | None, error: str = "") -> dict[str, Any]:
    """One level of the cost-against-service curve (``plan`` None: the level failed with ``error``)."""
    if plan is None:
        return {c: None for c in FRONTIER_COLUMNS} | {"max_days_between_visits": level, "status": error}
    s = plan["summary"]
    return {
        "max_days_between_visits": level,
        "cost_eur_week": round(float(s["cost_eur"]), 2),
        "distance_km": round(float(s["distance_km"]), 1),
        "vehicle_hours": round(float(s["duration_h"]), 1),
        "routes": s["routes"],
        "co2_kg": round(float(s["co2_kg"]), 1),
        "visits_per_week": s.get("stops"),
        "lead_time_mean_days": service_figure(plan, "lead_time_mean_days"),
        "lead_time_p95_days": service_figure(plan, "lead_time_p95_days"),
        "unserved_visits": len(plan.get("unassigned", [])),
        "status": "ok",
        "distances": distances_label(plan),  # not a column: named once under the table
    }


def mark_dominated(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Flag levels where a tighter level came out cheaper: its plan meets the looser limit too, so the
    difference is search noise, and the tighter plan is the better answer for that level."""
    out = []
    for r in rows:
        better = [
            t
            for t in rows
            if t["status"] == "ok"
            and r["status"] == "ok"
            and t["max_days_between_visits"] < r["max_days_between_visits"]
            and t["cost_eur_week"] < r["cost_eur_week"]
        ]
        if better:
            best = min(better, key=lambda t: t["cost_eur_week"])
            r = r | {"status": f"ok; max {best['max_days_between_visits']} is cheaper and meets this limit too"}
        out.append(r)
    return out


def frontier_table(rows: list[dict[str, Any]]) -> str:
    """The frontier rows as a Markdown table."""
    header = [
        "max days",
        "EUR/week",
        "km",
        "van-hours",
        "routes",
        "CO2 kg",
        "visits/week",
        "lead time mean",
        "lead time p95",
        "unserved",
        "status",
    ]
    return md_table(
        header, [[fmt(r[c], 2 if c.startswith(("cost", "lead")) else 1) for c in FRONTIER_COLUMNS] for r in rows]
    )


def write_frontier(rows: list[dict[str, Any]], out: Path) -> None:
    """``frontier.csv``, ``frontier.md`` and ``frontier.png`` into ``out``."""
    write_text(out / "frontier.csv", csv_text(FRONTIER_COLUMNS, [[r[c] for c in FRONTIER_COLUMNS] for r in rows]))
    md = [
        "# Cost against service level",
        "",
        "Each row runs the frequency model with `max_days_between_visits` set as the default of every branch "
        "(branches with fixed days or a limit of their own keep them). Distances: "
        + ("; ".join(sorted({r["distances"] for r in rows if r.get("distances")})) or "none (every level failed)")
        + ".",
        "",
        frontier_table(rows),
        "",
        "![Cost against service](frontier.png)",
        "",
    ]
    write_text(out / "frontier.md", "\n".join(md))
    if any(r["cost_eur_week"] is not None for r in rows):
        (out / "frontier.png").write_bytes(chart_frontier(rows))
