"""``frontier``'s report: weekly cost against the service limit (frontier.csv, frontier.md, frontier.png).

The rows, and which levels a tighter one beat, come from :mod:`..scenarios.frontier`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..files import csv_text, write_text
from ..wording import Labels, distances_text
from .charts import chart_frontier
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
