"""Opening hours per weekday (``hours.csv``, optional).

One row per branch and weekday whose hours differ from the branch's own ``open``/``close`` in
branches.csv: ``branch``, ``day`` (mon ... sun), ``open`` and ``close`` (HH:MM). A row replaces both
times for that day; one empty cell means no bound on that side, as in branches.csv. Both empty: the
branch is shut all day. A day without a row keeps the branch's own hours.

A shut day is never a visit day: a branch without fixed ``days`` is visited on the days it is open
(current practice takes its patterns among those, ``--frequencies optimise`` too); fixed ``days`` in
branches.csv that name a shut day are an error here, on the hours row that shuts it, as is a
``visits_per_week`` no allowed pattern of open days can give. Every problem raises
:class:`~logistics_opt.errors.InputError` naming the file, the row and the column.
"""

from __future__ import annotations

from pathlib import Path

from ..codes import WEEKDAYS
from .cells import Cells, optional_table, read_table
from .model import Branch, Hours, Settings

HOURS_COLUMNS = ("branch", "day", "open", "close")


def hours_file(folder: Path) -> Path | None:
    """``hours.csv`` or ``.xlsx``, or an ``hours`` sheet of ``data.xlsx``; None without one."""
    return optional_table(folder, "hours")


def load_hours(path: Path, branches: tuple[Branch, ...], settings: Settings) -> dict[tuple[str, str], Hours | None]:
    """The table's rows, each checked: a branch that exists (not a hub), a weekday once per branch, a closing
    time after the opening; then every branch's visit days against the days it is shut."""
    table = read_table(path, HOURS_COLUMNS, "hours")
    stops = {b.id: b for b in branches if not b.is_hub}
    hubs = {b.id for b in branches if b.is_hub}
    out: dict[tuple[str, str], Hours | None] = {}
    rows: dict[tuple[str, str], Cells] = {}
    for row in table.rows:
        c = Cells(table, row)
        bid = c.text("branch")
        if bid not in stops:
            why = "a hub; hours are for the branches the vans visit" if bid in hubs else "not an id in branches"
            raise c.err("branch", f"'{bid}' is not a branch ({why})")
        day = c.text("day").lower()
        if day not in WEEKDAYS:
            raise c.err("day", f"unknown weekday '{day}' (expected one of {', '.join(WEEKDAYS)})")
        if (bid, day) in rows:
            raise c.err("day", f"{bid} has two rows for {day} (first on row {rows[(bid, day)].row.number})")
        opens, closes = c.clock("open", required=False), c.clock("close", required=False)
        if opens is not None and closes is not None and closes <= opens:
            raise c.err("close", f"closes at {c.text('close')}, not after it opens at {c.text('open')}")
        out[(bid, day)] = None if opens is None and closes is None else (opens, closes)
        rows[(bid, day)] = c
    for b in stops.values():
        _check_days(
            b, {d for d in settings.working_days if (b.id, d) in out and out[(b.id, d)] is None}, rows, settings
        )
    return out


def _check_days(b: Branch, shut: set[str], rows: dict[tuple[str, str], Cells], settings: Settings) -> None:
    """A branch's visit days leave out the working days it is shut (``shut``), or the row that shuts it says why."""
    if not shut:
        return
    first = rows[(b.id, min(shut, key=settings.working_days.index))]
    if b.days and (clash := [d for d in b.days if d in shut]):
        raise rows[(b.id, clash[0])].err(
            "day",
            f"{b.id} is shut on {clash[0]} (open and close empty), but its days in branches "
            f"({'+'.join(b.days)}) include it: take {clash[0]} out of its days or give its hours that day",
        )
    open_days = [d for d in settings.working_days if d not in shut]
    if not open_days:
        raise first.err("day", f"{b.id} is shut on every working day ({'+'.join(settings.working_days)})")
    k = b.visits_per_week
    if b.days or not k:
        return
    patterns = settings.allowed_patterns().get(k, ())
    if (patterns and not any(shut.isdisjoint(p) for p in patterns)) or k > len(open_days):
        raise first.err(
            "day",
            f"{b.id} is visited {k} times a week (visits_per_week in branches), but no allowed pattern of "
            f"{k} days leaves out the days it is shut ({'+'.join(sorted(shut, key=settings.working_days.index))})",
        )
