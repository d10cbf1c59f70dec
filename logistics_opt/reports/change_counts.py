"""``compare``: how many branches each scenario moves against the baseline run (issue 32): to another van, to
another day, or by more than 15 minutes on the same day (:func:`..stability.change_counts`, measured by
:mod:`..changes`). A scenario that saves EUR 30 a week by moving 40 branches is a different decision from one
that moves 3."""

from __future__ import annotations

from typing import Any

from ..runs import RunRecord
from ..stability import KEPT_MIN, change_counts
from ..wording import Labels
from .render import fmt

#: comparison.csv's columns of this table (appended after the steadiness columns).
COLUMNS = ("branches_new_van", "branches_new_day", "branches_new_time", "branches_kept_share")


def change_columns(run: RunRecord, base: RunRecord) -> dict[str, Any]:
    """A run's counts against the baseline: branches (in both plans) moved to another van, another day, another
    time, and the share kept as they were."""
    c = change_counts(base.plan, run.plan)
    return dict(zip(COLUMNS, (c.van, c.day, c.time, round(c.kept_share, 4))))


def change_table(rows: list[dict[str, Any]], L: Labels) -> tuple[list[str], list[list[str]]]:
    """Per scenario: the branches moved to another van, day or time, the share kept, and the saving."""
    keys = ("rep.scenario", "rep.new_van", "rep.new_day", "rep.new_time", "rep.kept_pct", "rep.saving_week")
    return [L(k, minutes=KEPT_MIN) for k in keys], [
        [r["scenario"], str(r["branches_new_van"]), str(r["branches_new_day"]), str(r["branches_new_time"])]
        + [fmt(100 * r["branches_kept_share"], 0), fmt(r["saving_eur_week"], 2)]
        for r in rows
    ]
