"""``timetable.csv``: when the van comes to each branch, the promise a branch can plan its staff by.

One row per branch per working day it is visited: the branch, its organisation and town, the
weekday, the van and the promised window ``from``-``to``. Built from plan.json's routes and the
run's ``inputs/`` (organisation, opening hours). The rules, each written once here:

- The time that counts is when the van is at the branch and can hand over its crates: the planned
  ``arrival``, or the opening time when the van arrives early and waits (``arrival + wait_min``).
- A branch has one window for the whole week, from its earliest such time over the week to its
  latest, rounded outward to the quarter hour (the start floored, the end ceiled to :00, :15,
  :30 or :45; :class:`WindowRules`).
- A window is at least 30 minutes wide. A narrower one is widened symmetrically in quarter-hour
  steps, an odd quarter going to the end: a van always at 10:00 gets 09:45-10:15, one at 10:07
  gets 10:00-10:30.
- On a day whose opening hours cut the window (the branch opens later or closes earlier), that
  day's row shows the narrower window, never one that leaves out that day's own visit. Opening
  hours come from a function ``(branch, day) -> (open, close)`` (:data:`Hours`): today the
  branch's ``open``/``close`` for every day (:func:`branch_hours`); per-day hours plug in there.
- A visit planned but not served keeps its row, with the van ``UNASSIGNED`` and no window.

With routes that change from day to day the windows can be wide; they are shown as they are.
Column names stay English (a CSV is for scripts); :mod:`.timetable_html` and the workbook's sheet
word the same rows for people.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..data.model import Network
from ..data.read import load_network
from ..files import csv_text, write_text
from ..plan import hhmm, start_of_service

#: Opening hours of a branch on a weekday: ``(open, close)`` in minutes after midnight, None: not limited.
Hours = Callable[[str, str], tuple[float | None, float | None]]

UNASSIGNED = "UNASSIGNED"
CSV_COLUMNS = ("branch_id", "branch_name", "organisation", "town", "weekday", "van", "from", "to")


@dataclass(frozen=True)
class WindowRules:
    """How a week's times become a promised window: rounded out to ``step_min``, at least ``min_width_min``."""

    step_min: int = 15
    min_width_min: int = 30


@dataclass(frozen=True)
class TimetableRow:
    """One branch on one weekday; ``start``/``end`` in minutes, None for a visit not served."""

    branch: str
    name: str
    organisation: str
    town: str
    day: str
    van: str
    start: float | None
    end: float | None

    @property
    def served(self) -> bool:
        return self.start is not None


def week_window(times: Sequence[float], rules: WindowRules = WindowRules()) -> tuple[float, float]:
    """The one window of a branch's week: its times rounded out, widened to the minimum (see the module)."""
    step = rules.step_min
    start = math.floor(min(times) / step) * step
    end = math.ceil(max(times) / step) * step
    missing = rules.min_width_min - (end - start)
    if missing > 0:
        steps = math.ceil(missing / step)
        start -= steps // 2 * step
        end += (steps - steps // 2) * step
        if start < 0:  # not before midnight: the rest goes to the end
            start, end = 0, end - start
    return start, end


def day_window(
    window: tuple[float, float], hours: tuple[float | None, float | None], times: Sequence[float]
) -> tuple[float, float]:
    """``window`` cut to one day's opening ``hours``, but never so far that the day's own ``times`` fall outside."""
    start, end = window
    opens, closes = hours
    if opens is not None:
        start = max(start, opens)
    if closes is not None:
        end = min(end, closes)
    return min(start, *times), max(end, *times)


def branch_hours(network: Network) -> Hours:
    """Each weekday's hours: ``hours.csv``'s row for the branch and day, else its own ``open``/``close``."""

    def hours(branch: str, day: str) -> tuple[float | None, float | None]:
        try:
            b = network.branch(branch)
        except KeyError:
            return None, None
        return network.hours_on(b, day) or (None, None)

    return hours


def _minutes(hhmm_text: str) -> float:
    h, m = hhmm_text.split(":")
    return int(h) * 60 + int(m)


def at_branch(stop: dict[str, Any]) -> float:
    """When the van is at the branch and can hand over: arrival, plus any wait for opening."""
    return start_of_service(stop["arrival"], stop.get("wait_min", 0.0))


def visits(plan: dict[str, Any]) -> dict[str, dict[str, list[tuple[str, float]]]]:
    """Branch -> day -> ``(van, time at the branch)`` of every served visit."""
    out: dict[str, dict[str, list[tuple[str, float]]]] = {}
    for r in plan["routes"]:
        for s in r["stops"]:
            out.setdefault(s["branch"], {}).setdefault(r["day"], []).append((r["vehicle"], at_branch(s)))
    return out


def timetable_rows(
    plan: dict[str, Any], network: Network | None, hours: Hours | None = None, rules: WindowRules = WindowRules()
) -> list[TimetableRow]:
    """Every branch's rows, by organisation, branch id and working day (see the module for the rules)."""
    hours = hours or (branch_hours(network) if network is not None else (lambda b, d: (None, None)))
    order = {d: i for i, d in enumerate(plan.get("working_days", []))}
    seen = visits(plan)
    names = {s["branch"]: (s.get("name", ""), s.get("town", "")) for r in plan["routes"] for s in r["stops"]}
    unserved = {(u["branch"], u["day"]) for u in plan.get("unassigned", [])}
    rows = []
    for bid in set(seen) | {b for b, _ in unserved}:
        name, org, town = _describe(bid, network, names)
        days = seen.get(bid, {})
        window = week_window([t for v in days.values() for _, t in v], rules) if days else None
        for day in set(days) | {d for b, d in unserved if b == bid}:
            if day not in days:
                rows.append(TimetableRow(bid, name, org, town, day, UNASSIGNED, None, None))
                continue
            assert window is not None
            times = [t for _, t in days[day]]
            start, end = day_window(window, hours(bid, day), times)
            van = " + ".join(sorted({v for v, _ in days[day]}))
            rows.append(TimetableRow(bid, name, org, town, day, van, start, end))
    return sorted(rows, key=lambda r: (r.organisation, r.branch, order.get(r.day, 99), r.day))


def _describe(bid: str, network: Network | None, names: dict[str, tuple[str, str]]) -> tuple[str, str, str]:
    """Name, organisation and town of a branch: from the inputs, else what the plan says."""
    name, town = names.get(bid, (bid, ""))
    if network is not None:
        try:
            b = network.branch(bid)
            return b.name, b.organisation, b.town
        except KeyError:
            pass
    return name, "", town


def timetable_csv(rows: Sequence[TimetableRow]) -> str:
    """``timetable.csv``'s text: English column names, weekday keys, ``HH:MM`` windows."""
    return csv_text(
        CSV_COLUMNS,
        [
            [
                r.branch,
                r.name,
                r.organisation,
                r.town,
                r.day,
                r.van,
                "" if r.start is None else hhmm(r.start),
                "" if r.end is None else hhmm(r.end),
            ]
            for r in rows
        ],
    )


def write_timetable_csv(plan: dict[str, Any], folder: Path) -> None:
    """Run-folder writer: ``folder/timetable.csv`` (organisation and opening hours from ``folder/inputs``)."""
    write_text(folder / "timetable.csv", timetable_csv(timetable_rows(plan, load_network(folder / "inputs"))))
