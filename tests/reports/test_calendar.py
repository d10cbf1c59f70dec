"""The weekly calendar: branch x weekday, the van on each visit day."""

from __future__ import annotations

import csv
import io

from logistics_opt.reports.calendar import calendar_csv, calendar_rows

PLAN = {
    "working_days": ["mon", "tue", "wed"],
    "schedule": {"A": ["mon", "wed"], "B": ["tue"], "C": ["mon"]},
    "routes": [
        {"day": "mon", "vehicle": "van-1", "stops": [{"branch": "A", "name": "Branch A", "town": "Utrecht"}]},
        {"day": "tue", "vehicle": "van-2", "stops": [{"branch": "B", "name": "Branch B", "town": "Zeist"}]},
        {"day": "wed", "vehicle": "van-1", "stops": [{"branch": "A", "name": "Branch A", "town": "Utrecht"}]},
    ],
    "unassigned": [{"branch": "C", "day": "mon", "reason": "too far"}],
}


def test_calendar_rows() -> None:
    """Each branch shows its van per visit day, UNASSIGNED for a visit that failed, and its visits a week."""
    rows = {r["branch_id"]: r for r in calendar_rows(PLAN)}
    assert (rows["A"]["mon"], rows["A"]["tue"], rows["A"]["wed"], rows["A"]["visits_per_week"]) == (
        "van-1",
        "",
        "van-1",
        2,
    )
    assert rows["B"]["tue"] == "van-2" and rows["B"]["visits_per_week"] == 1
    assert rows["C"]["mon"] == "UNASSIGNED" and rows["C"]["visits_per_week"] == 0


def test_calendar_csv_columns() -> None:
    """The CSV has a column per working day between the branch and the visit count."""
    rows = list(csv.reader(io.StringIO(calendar_csv(PLAN))))
    assert rows[0] == ["branch_id", "branch_name", "town", "mon", "tue", "wed", "visits_per_week"]
    assert len(rows) == 4
