"""``calendar.csv``: the weekly view of the route sheets, a branch x weekday calendar.

One row per branch (hubs excluded), one column per working day holding the van that visits
the branch that day (``UNASSIGNED`` when the visit is planned but could not be served, empty
when there is no visit), then the visits a week. Built from a plan dict alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..files import csv_text, write_text
from ..wording import Labels


def calendar_rows(plan: dict[str, Any]) -> list[dict[str, Any]]:
    """Per branch: id, name, town, the van per working day, visits a week (plan order by id)."""
    days = plan["working_days"]
    info: dict[str, tuple[str, str]] = {}
    cell: dict[tuple[str, str], str] = {}
    for r in plan["routes"]:
        for s in r["stops"]:
            info.setdefault(s["branch"], (s.get("name", ""), s.get("town", "")))
            cell[(s["branch"], r["day"])] = r["vehicle"]
    for u in plan.get("unassigned", []):
        cell.setdefault((u["branch"], u["day"]), "UNASSIGNED")
    rows = []
    for bid in sorted(set(plan.get("schedule", {})) | {b for b, _ in cell}):
        name, town = info.get(bid, ("", ""))
        row: dict[str, Any] = {"branch_id": bid, "branch_name": name, "town": town}
        row.update({d: cell.get((bid, d), "") for d in days})
        row["visits_per_week"] = sum(1 for d in days if cell.get((bid, d), "") not in ("", "UNASSIGNED"))
        rows.append(row)
    return rows


def calendar_csv(plan: dict[str, Any]) -> str:
    cols = ["branch_id", "branch_name", "town", *plan["working_days"], "visits_per_week"]
    return csv_text(cols, [[row[c] for c in cols] for row in calendar_rows(plan)])


def write_calendar(plan: dict[str, Any], folder: Path) -> None:
    write_text(folder / "calendar.csv", calendar_csv(plan))


def calendar_table(plan: dict[str, Any], L: Labels) -> tuple[list[str], list[list[Any]]]:
    """The calendar for people: header labels and rows in ``L``'s language (weekday names, NOT SERVED)."""
    days = list(plan["working_days"])
    header = [L("cal.branch_id"), L("cal.branch_name"), L("cal.town"), *[L.day(d) for d in days], L("cal.visits")]
    body = [
        [
            r["branch_id"],
            r["branch_name"],
            r["town"],
            *[L("cal.unassigned") if r[d] == "UNASSIGNED" else r[d] for d in days],
            r["visits_per_week"],
        ]
        for r in calendar_rows(plan)
    ]
    return header, body
