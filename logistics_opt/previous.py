"""The earlier run a plan starts from (``plan DATA --previous RUN_DIR``; ``previous = "..."`` in a scenario
file; issue 32): what it promised each branch, read from its run folder.

A branch's promise on a weekday is its van and its window: the time the van is at the branch (its
arrival, or the opening time when it waits) should fall in it. The window is, in this order:

- the earlier run's ``timetable.csv`` (what the branches were told: :mod:`.reports.timetable`);
- else its plan's ``consistency`` windows (master routes);
- else the earlier arrival, :data:`WINDOW_MIN` minutes either side (a run written before timetables).

When the data changed since, the rules (each applied by the planner, :mod:`.planning.keep`):

- a branch in both runs keeps what it can: its van, its days and its window, where that costs little
  (the ``[stability]`` prices, :mod:`.stability`);
- a new branch is fitted in where it costs least: it has no promise, so it pays no price;
- a branch that is gone is dropped from the earlier routes; the branches after it keep their order;
- a van the fleet no longer has: its branches are fitted into the other vans and pay the van price; a
  van more is free to take branches (they pay the van price);
- a changed window or opening hours: the new hours are rules, the earlier window a price;
- only an earlier run with no branch in common with the data, or with other hubs (a run of another
  network), is an error; so is a folder that is not a run.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from .calendar_week import parse_week
from .changes import read_plan
from .data.model import Network
from .data.read import load_network
from .errors import InputError
from .plan import Plan, service_start
from .plan_meta import meta_of

#: The earlier run's timetable (:mod:`.reports.timetable` writes it; a visit not served has this van).
TIMETABLE_FILE = "timetable.csv"
UNASSIGNED = "UNASSIGNED"
#: Minutes either side of the earlier arrival a branch may expect its van, where the earlier run has no
#: timetable (the issue's "within 15 minutes").
WINDOW_MIN = 15.0


@dataclass(frozen=True)
class Promise:
    """A branch on one weekday in the earlier run: its van, the window (minutes after midnight) and when the van
    was there (its first start of service that day)."""

    van: str
    window: tuple[float, float]
    at: float


@dataclass
class PreviousRun:
    """The earlier run: its folder, plan, inputs' hash and week, and per (branch, weekday) its promise."""

    folder: Path
    plan: dict[str, Any]
    inputs_sha256: str | None
    week: str | None
    promises: dict[tuple[str, str], Promise]
    routes: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # day -> van -> branches in order
    times: dict[str, float] = field(default_factory=dict)  # branch -> its mean time at the branch over the week
    window_source: str = "timetable"  # timetable | consistency | arrival

    @property
    def branches(self) -> set[str]:
        return {b for b, _ in self.promises}

    @property
    def daily(self) -> bool:
        """The earlier run was planned day by day (no master routes): its timetable's windows span a branch's
        times over the week, so what a branch expects on a day is its time that day."""
        return not (self.plan.get("consistency") or {}).get("branches")

    def van(self, branch: str, day: str | None = None) -> str | None:
        """The branch's van on ``day``; without a day, its van of most days (ties: the earlier day)."""
        if day is not None:
            p = self.promises.get((branch, day))
            return p.van if p else None
        vans = Counter(p.van for (b, _), p in self.promises.items() if b == branch)
        return vans.most_common(1)[0][0] if vans else None

    def master(self) -> dict[str, list[str]]:
        """Van -> the branches it served on most of their days, in the order of their mean times there."""
        out: dict[str, list[str]] = {}
        for b in sorted(self.times, key=lambda b: (self.times[b], b)):
            van = self.van(b)
            if van is not None:
                out.setdefault(van, []).append(b)
        return out

    def window(self, branch: str, day: str) -> tuple[float, float] | None:
        """The window of ``branch`` on ``day``; on a day it was not visited, its window of its other days
        (a branch moved to another day keeps the time it was told)."""
        p = self.promises.get((branch, day))
        if p is not None:
            return p.window
        others = [p.window for (b, _), p in self.promises.items() if b == branch]
        return (min(w[0] for w in others), max(w[1] for w in others)) if others else None

    def kept(self, branch: str, day: str) -> tuple[float, float] | None:
        """The times on ``day`` that keep ``branch`` as it was: inside its window (:meth:`window`) and within
        :data:`WINDOW_MIN` minutes of when the van was there that day (on a day it was not visited, of its
        times on its other days). A wide window (a day-by-day week's earliest to latest time) does not let a
        branch's time move by hours."""
        window = self.window(branch, day)
        if window is None:
            return None
        p = self.promises.get((branch, day))
        times = [p.at] if p is not None else [q.at for (b, _), q in self.promises.items() if b == branch]
        lo, hi = max(window[0], min(times) - WINDOW_MIN), min(window[1], max(times) + WINDOW_MIN)
        return (lo, hi) if lo <= hi else window


def read_previous(folder: Path, network: Network) -> PreviousRun:
    """The earlier run in ``folder``, checked against the data it is to plan (see the module's rules)."""
    if not (folder / "plan.json").is_file() or not (folder / "inputs").is_dir():
        raise InputError(
            str(folder), "not a run folder (no plan.json and inputs/): --previous names a folder plan wrote"
        )
    plan = read_plan(folder / "plan.json")
    hubs = {b.id for b in load_network(folder / "inputs").hubs}
    here = {b.id for b in network.hubs}
    if hubs != here:
        raise InputError(
            str(folder),
            f"the earlier run has other hubs ({', '.join(sorted(hubs))}) than the data ({', '.join(sorted(here))}): "
            "a run of another network",
        )
    meta = meta_of(plan)
    promises, source = _promises(folder, plan)
    run = PreviousRun(folder, plan, meta.inputs_sha256, meta.week.week if meta.week else None, promises)
    run.window_source = source
    if not run.branches & {b.id for b in network.stops}:
        raise InputError(str(folder), "the earlier run has no branch in common with the data")
    times: dict[str, list[float]] = {}
    for r in Plan.from_dict(plan).routes:
        run.routes.setdefault(r.day, {})[r.vehicle] = [s.branch for s in r.stops]
        for s in r.stops:
            times.setdefault(s.branch, []).append(service_start(s))
    run.times = {b: sum(ts) / len(ts) for b, ts in times.items()}
    return run


def _promises(folder: Path, plan: dict[str, Any]) -> tuple[dict[tuple[str, str], Promise], str]:
    """Each (branch, weekday) visited: its van (the first stop's, for a split visit) and its window."""
    times: dict[tuple[str, str], list[float]] = {}
    vans: dict[tuple[str, str], str] = {}
    for r in Plan.from_dict(plan).routes:
        for s in r.stops:
            times.setdefault((s.branch, r.day), []).append(service_start(s))
            vans.setdefault((s.branch, r.day), r.vehicle)
    told = _timetable(folder / TIMETABLE_FILE)
    windows = (plan.get("consistency") or {}).get("branches") or {}
    if told is not None:
        source = "timetable"
    elif windows:
        source = "consistency"
        told = {(b, d): (clock(windows[b]["from"]), clock(windows[b]["to"])) for b, d in times if b in windows}
    else:
        source, told = "arrival", {}
    out = {}
    for key, ts in times.items():
        w = told.get(key) or (min(ts) - WINDOW_MIN, max(ts) + WINDOW_MIN)
        out[key] = Promise(vans[key], w, min(ts))
    return out, source


def _timetable(path: Path) -> dict[tuple[str, str], tuple[float, float]] | None:
    """``timetable.csv``'s windows by (branch, weekday), or None when the run has none."""
    if not path.is_file():
        return None
    try:
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        return {
            (r["branch_id"], r["weekday"]): (clock(r["from"]), clock(r["to"]))
            for r in rows
            if r["van"] != UNASSIGNED and r["from"] and r["to"]
        }
    except (OSError, KeyError, ValueError) as e:
        raise InputError(str(path), f"cannot read the earlier run's timetable: {e}") from None


def clock(hhmm: str) -> float:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def following_week(week: str) -> str:
    """The ISO week after ``week`` (``2026-W22`` -> ``2026-W23``)."""
    year, num = parse_week(week)
    y, w, _ = (date.fromisocalendar(year, num, 1) + timedelta(days=7)).isocalendar()
    return f"{y}-W{w:02d}"


def run_week(previous: PreviousRun, week: str | None) -> str | None:
    """This run's week: ``--week`` when given, else the week after the earlier run's (None: no week named).
    A week before the earlier run's is an error (a plan cannot follow on from a later one)."""
    if week is None:
        return following_week(previous.week) if previous.week else None
    if previous.week and parse_week(week) < parse_week(previous.week):
        raise InputError(str(previous.folder), f"--week {week} comes before the earlier run's week {previous.week}")
    return week
