"""``frontier``'s report: weekly cost against the service limit (frontier.csv, frontier.md, frontier.png)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..files import csv_text, write_text
from ..plan_meta import meta_of
from ..wording import Labels, distances_text, plan_language, text
from .charts import chart_frontier
from .compare import service_figure
from .render import fmt, md_table

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
        "distances": meta_of(plan).distances,  # not a column: named once under the table
        "language": plan_language(plan),  # not a column: frontier.md's language
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
            n = best["max_days_between_visits"]
            r = r | {"status": text("en", "fr.cheaper", n=n), "cheaper_level": n}  # frontier.csv is English
        out.append(r)
    return out


FRONTIER_KEYS = [
    "fr.max_days",
    "rep.eur_week",
    "rep.km",
    "rep.van_hours",
    "rep.routes",
    "rep.co2",
    "fr.visits",
    "rep.lead_mean",
    "rep.lead_p95",
    "rep.unserved_col",
    "fr.status",
]


def _status(row: dict[str, Any], L: Labels) -> str:
    """A level's status in ``L``'s language (a failed level's error stays as the error said it)."""
    if row["status"] == "ok":
        return L("fr.ok")
    return L("fr.cheaper", n=row["cheaper_level"]) if row.get("cheaper_level") else row["status"]


def frontier_table(rows: list[dict[str, Any]], L: Labels | None = None) -> str:
    """The frontier rows as a Markdown table, in ``L``'s language (default English)."""
    L = L or Labels()
    body = [
        [fmt(r[c], 2 if c.startswith(("cost", "lead")) else 1) for c in FRONTIER_COLUMNS[:-1]] + [_status(r, L)]
        for r in rows
    ]
    return md_table([L(k) for k in FRONTIER_KEYS], body, L.lang)


def write_frontier(rows: list[dict[str, Any]], out: Path, lang: str | None = None) -> None:
    """``frontier.csv``, ``frontier.md`` and ``frontier.png`` into ``out``; the last two in ``lang``
    (default: the levels' plans' language, else English)."""
    write_text(out / "frontier.csv", csv_text(FRONTIER_COLUMNS, [[r[c] for c in FRONTIER_COLUMNS] for r in rows]))
    L = Labels(lang or next((r["language"] for r in rows if r.get("language")), None))
    labels = {distances_text(r["distances"], L.lang) for r in rows if r.get("distances")}
    md = [
        f"# {L('fr.title')}",
        "",
        L("fr.note", distances="; ".join(sorted(labels)) or L("fr.no_distances")),
        "",
        frontier_table(rows, L),
        "",
        f"![{L('fr.title')}](frontier.png)",
        "",
    ]
    write_text(out / "frontier.md", "\n".join(md))
    if any(r["cost_eur_week"] is not None for r in rows):
        (out / "frontier.png").write_bytes(chart_frontier(rows, L))
