"""The changes against an earlier plan (:mod:`..changes`) as two tables in the reports' language: the
branches whose visit changed and the vans whose stops changed. ``route_sheets.html`` and
``route_sheets.xlsx`` print them as they are (a section and a "Changes" sheet)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..changes import Changes, Visit, plan_changes, previous_plan
from ..wording import Labels

BRANCH_COLUMNS = ("chg.col_branch", "chg.col_name", "chg.col_before", "chg.col_after", "chg.col_moved")
VAN_COLUMNS = ("chg.col_day", "chg.col_van", "chg.col_added", "chg.col_removed")


def run_changes(plan: dict[str, Any], folder: Path) -> Changes | None:
    """The changes of a run folder's plan against the plan it was made from (None: a run made from scratch)."""
    previous = previous_plan(folder)
    return None if previous is None else plan_changes(previous, plan)


def _visit(v: Visit | None, L: Labels) -> str:
    return f"{L.dated(v.day)} {v.van} {v.arrival}" if v else L("chg.no_visit")


def branch_table(changes: Changes, L: Labels) -> tuple[list[str], list[list[Any]]]:
    rows = [
        [c.branch, c.name, _visit(c.old, L), _visit(c.new, L), "" if c.moved_min is None else c.moved_min]
        for c in changes.branches
    ]
    return [L(c) for c in BRANCH_COLUMNS], rows


def van_table(changes: Changes, L: Labels) -> tuple[list[str], list[list[Any]]]:
    rows = [[L.dated(v.day), v.van, " ".join(v.added), " ".join(v.removed)] for v in changes.vans]
    return [L(c) for c in VAN_COLUMNS], rows
