"""Cost against service level: the frequency model at each ``max_days_between_visits`` level.

Each level is a scenario of the base data with that limit as every branch's default (branches
with fixed days or a limit of their own keep them), run by :func:`.runner.run_many`. Each level's
run gives one row (:func:`frontier_row`); :func:`mark_dominated` flags a level a tighter one beat.
:mod:`..reports.frontier` writes the rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..data.read import load_network
from ..errors import InputError
from ..plan_meta import meta_of
from ..reports.compare import service_figure
from ..reports.frontier import FRONTIER_COLUMNS
from ..wording import plan_language, text
from .runner import RunResult, run_many
from .spec import Scenario, scenario_from_dict


def parse_levels(levels: str, data: Path) -> list[int]:
    """``"1,2,3"`` as sorted whole numbers within the data's working week."""
    try:
        wanted = sorted({int(x) for x in levels.split(",") if x.strip()})
    except ValueError:
        raise InputError("--levels", f"'{levels}' is not a comma-separated list of whole numbers") from None
    ndays = len(load_network(data).settings.working_days)
    if not wanted or wanted[0] < 1 or wanted[-1] > ndays:
        raise InputError("--levels", f"'{levels}': levels must be whole numbers from 1 to {ndays} (working days)")
    return wanted


def level_scenarios(
    data: Path, levels: list[int], search: dict[str, Any], roads: Path | None = None, consistent: bool = False
) -> list[Scenario]:
    """One scenario per level; ``search`` holds scenario-file keys (stop, solution_limit, time_limit, seed,
    repeats); ``consistent``: master routes (the data's ``[consistency]``, else the defaults)."""
    extra: dict[str, Any] = {"roads": str(Path(roads).resolve())} if roads else {}
    if consistent:
        extra["consistency"] = {}
    return [
        scenario_from_dict(
            {
                **search,
                "name": f"max-{k}-days",
                "data": str(Path(data).resolve()),
                "frequencies": "optimise",
                "settings": {"max_days_between_visits": k, **extra},
                "description": f"frequency model, at most {k} working days between visits",
            }
        )
        for k in levels
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


def run_frontier(
    data: Path,
    levels: list[int],
    out: Path,
    search: dict[str, Any],
    jobs: int,
    on_result: Callable[[RunResult], None] | None = None,
    roads: Path | None = None,
    language: str | None = None,
    consistent: bool = False,
) -> list[dict[str, Any]]:
    """Run every level into ``out/runs/max-<k>-days`` and return the frontier rows (dominated levels flagged).
    ``language``: the run folders' reports (None: the data's settings); ``consistent``: master routes."""
    scns = [replace(s, language=language) for s in level_scenarios(data, levels, search, roads, consistent)]
    results = run_many(scns, out / "runs", jobs=jobs, on_result=on_result)
    rows = []
    for k, r in zip(levels, results):
        plan = json.loads((Path(r.out) / "plan.json").read_text(encoding="utf-8")) if r.ok else None
        rows.append(frontier_row(k, plan, r.error))
    return mark_dominated(rows)
