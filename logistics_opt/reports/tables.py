"""``route_sheet.csv`` and ``summary.csv`` from a plan dict.

Both stay English whatever the plan's language, so scripts keep working; a stop's notes are the
route sheets' (:func:`.route_rows.stop_notes`) in English.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..files import csv_text, write_text
from ..wording import Labels
from .route_rows import stop_notes

ROUTE_SHEET_COLUMNS = [
    "day",
    "vehicle",
    "stop_no",
    "branch_id",
    "branch_name",
    "town",
    "arrival",
    "departure",
    "deliver_crates",
    "pickup_crates",
    "load_after",
]


def route_sheet_csv(plan: dict[str, Any]) -> str:
    """One row per stop, plus a row leaving and returning to the depot (stop_no 0 and last) and, for a van
    that reloads, a row at the depot between trips (no stop_no; its notes say what it unloads and loads)."""
    english = Labels("en")
    rows: list[list[Any]] = []
    for r in plan["routes"]:
        day, van, vt = r["day"], r["vehicle"], r["vehicle_type"]
        rows.append([day, van, 0, r["depot"], "depart hub", "", "", r["start"], "", "", r["load_start"], vt, ""])
        reloads = {x["after_stop"]: x for x in r.get("reloads", [])}
        for k, s in enumerate(r["stops"], start=1):
            if k - 1 in reloads:
                x = reloads[k - 1]
                aboard = r["stops"][k - 2]["load_after"]
                rows.append(
                    [day, van, "", r["depot"], "reload at hub", "", x["arrival"], x["departure"], "", "",
                     x["load_start"], vt, f"unload {aboard} crates, load {x['load_start']}"]
                )  # fmt: skip
            rows.append(
                [
                    day,
                    van,
                    k,
                    s["branch"],
                    s.get("name", ""),
                    s.get("town", ""),
                    s["arrival"],
                    s["departure"],
                    s["deliver"],
                    s["pickup"],
                    s["load_after"],
                    vt,
                    stop_notes(s, k, r, None, english),
                ]
            )
        last = r["stops"][-1]["load_after"] if r["stops"] else 0
        rows.append(
            [day, van, len(r["stops"]) + 1, r["depot"], "return to hub", "", r["end"], "", "", "", last, vt, ""]
        )
    return csv_text(ROUTE_SHEET_COLUMNS + ["vehicle_type", "notes"], rows)


SUMMARY_COLUMNS = [
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


def summary_csv(plan: dict[str, Any]) -> str:
    """One row per working day and a ``week`` total row; service figures follow when present."""
    rows: list[list[Any]] = []
    tot = {c: 0.0 for c in SUMMARY_COLUMNS[1:]}
    for d in plan["working_days"]:
        rs = [r for r in plan["routes"] if r["day"] == d]
        row = {
            "routes": len(rs),
            "stops": sum(len(r["stops"]) for r in rs),
            "distance_km": round(sum(r["distance_km"] for r in rs), 2),
            "duration_h": round(sum(r["duration_min"] for r in rs) / 60, 2),
            "cost_eur": round(sum(r["cost_eur"] for r in rs), 2),
            "co2_kg": round(sum(r["co2_kg"] for r in rs), 2),
            "crates_delivered": sum(s["deliver"] for r in rs for s in r["stops"]),
            "crates_collected": sum(s["pickup"] for r in rs for s in r["stops"]),
            "unassigned": sum(1 for u in plan["unassigned"] if u["day"] == d),
        }
        for c, v in row.items():
            tot[c] += v
        rows.append([d] + [row[c] for c in SUMMARY_COLUMNS[1:]])
    rows.append(
        ["week"]
        + [
            round(tot[c], 2) if isinstance(tot[c], float) and not tot[c].is_integer() else int(tot[c])
            for c in SUMMARY_COLUMNS[1:]
        ]
    )
    svc = plan.get("service") or {}
    if svc:
        rows += [[], ["service", "value"]]
        for k in ("lead_time_mean_days", "lead_time_p95_days", "visits_per_week_mean"):
            if k in svc:
                rows.append([k, svc[k]])
        for bid, n in sorted((svc.get("visits_per_week") or {}).items()):
            rows.append([f"visits_per_week:{bid}", n])
    return csv_text(SUMMARY_COLUMNS, rows)


def write_route_sheet_csv(plan: dict[str, Any], folder: Path) -> None:
    write_text(folder / "route_sheet.csv", route_sheet_csv(plan))


def write_summary_csv(plan: dict[str, Any], folder: Path) -> None:
    write_text(folder / "summary.csv", summary_csv(plan))
