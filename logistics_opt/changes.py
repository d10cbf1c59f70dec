"""What changed between two plans (two ``plan.json`` dicts): per branch, its van, day and arrival before
and after; per van and day, the stops added and removed.

A pure function over the two plans (:func:`plan_changes`); ``diff``, ``replan`` and the reports of a run
made from another run's plan (``inputs/previous_plan.json``: :func:`previous_plan`) read it. A branch's
visits are paired day by day: a day visited in both plans is compared there (van or arrival changed); the
days visited in only one of them are paired in weekday order (a visit moved to another day), and what is
left is a visit added or gone. A branch with two stops on one day (a split visit) counts its first stop
(its earliest arrival) and all its vans.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .codes import WEEKDAYS
from .errors import InputError
from .files import csv_text

#: The earlier plan a run was made from, in its ``inputs/`` (``replan``; ``plan --previous``).
PREVIOUS_PLAN = "previous_plan.json"
#: The disruption a re-planned run was made for, in its ``inputs/`` (``replan``; :mod:`.replan.disruption`).
DISRUPTION_FILE = "disruption.toml"

CSV_HEADER = (
    "kind",
    "branch_id",
    "branch_name",
    "old_day",
    "old_van",
    "old_arrival",
    "new_day",
    "new_van",
    "new_arrival",
    "moved_min",
    "stops_added",
    "stops_removed",
)


@dataclass(frozen=True)
class Visit:
    """A branch on one day: its van(s) and its first arrival."""

    day: str
    van: str
    arrival: str


@dataclass(frozen=True)
class BranchChange:
    """One visit of a branch that changed: before (``old``) and after (``new``); None: no such visit."""

    branch: str
    name: str
    old: Visit | None
    new: Visit | None

    @property
    def moved_min(self) -> int | None:
        """Minutes the arrival moved on the same day (None when the day changed or a side is missing)."""
        if self.old is None or self.new is None or self.old.day != self.new.day:
            return None
        return _minutes(self.new.arrival) - _minutes(self.old.arrival)

    @property
    def day_changed(self) -> bool:
        return self.old is None or self.new is None or self.old.day != self.new.day


@dataclass(frozen=True)
class VanChange:
    """One van on one day: the branches its route gained and lost."""

    day: str
    van: str
    added: tuple[str, ...]
    removed: tuple[str, ...]


@dataclass(frozen=True)
class Changes:
    branches: tuple[BranchChange, ...]
    vans: tuple[VanChange, ...]

    @property
    def empty(self) -> bool:
        return not self.branches and not self.vans

    @property
    def moved_branches(self) -> list[str]:
        """Branches with at least one changed visit, in order."""
        return list(dict.fromkeys(c.branch for c in self.branches))


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def _day_order(day: str) -> int:
    return WEEKDAYS.index(day) if day in WEEKDAYS else len(WEEKDAYS)


def visits(plan: dict[str, Any]) -> tuple[dict[str, dict[str, Visit]], dict[str, str]]:
    """Branch -> day -> its visit, and branch -> name, from a plan's routes."""
    seen: dict[str, dict[str, list[tuple[str, str]]]] = {}
    names: dict[str, str] = {}
    for r in plan.get("routes", []):
        for s in r["stops"]:
            seen.setdefault(s["branch"], {}).setdefault(r["day"], []).append((s["arrival"], r["vehicle"]))
            names.setdefault(s["branch"], s.get("name", ""))
    out: dict[str, dict[str, Visit]] = {}
    for b, days in seen.items():
        out[b] = {}
        for d, stops in days.items():
            stops.sort()
            vans = "+".join(dict.fromkeys(v for _, v in stops))
            out[b][d] = Visit(d, vans, stops[0][0])
    return out, names


def _branch_changes(branch: str, name: str, old: dict[str, Visit], new: dict[str, Visit]) -> list[BranchChange]:
    out = []
    for d in sorted(old.keys() & new.keys(), key=_day_order):
        if old[d] != new[d]:
            out.append(BranchChange(branch, name, old[d], new[d]))
    gone = sorted(old.keys() - new.keys(), key=_day_order)
    came = sorted(new.keys() - old.keys(), key=_day_order)
    for k in range(max(len(gone), len(came))):
        was = old[gone[k]] if k < len(gone) else None
        now = new[came[k]] if k < len(came) else None
        out.append(BranchChange(branch, name, was, now))
    return out


def _routes(plan: dict[str, Any]) -> dict[tuple[str, str], list[str]]:
    return {(r["day"], r["vehicle"]): [s["branch"] for s in r["stops"]] for r in plan.get("routes", [])}


def plan_changes(old: dict[str, Any], new: dict[str, Any]) -> Changes:
    """What changed from plan ``old`` to plan ``new`` (two plan.json dicts)."""
    was, old_names = visits(old)
    now, new_names = visits(new)
    branches: list[BranchChange] = []
    for b in sorted(was.keys() | now.keys()):
        name = new_names.get(b) or old_names.get(b, "")
        branches += _branch_changes(b, name, was.get(b, {}), now.get(b, {}))
    before, after = _routes(old), _routes(new)
    vans = []
    for key in sorted(before.keys() | after.keys(), key=lambda k: (_day_order(k[0]), k[1])):
        old_stops, new_stops = before.get(key, []), after.get(key, [])
        added = tuple(x for x in dict.fromkeys(new_stops) if x not in old_stops)
        removed = tuple(x for x in dict.fromkeys(old_stops) if x not in new_stops)
        if added or removed:
            vans.append(VanChange(key[0], key[1], added, removed))
    return Changes(tuple(branches), tuple(vans))


def changes_rows(changes: Changes) -> list[list[Any]]:
    """The rows of ``changes.csv`` (:data:`CSV_HEADER`): a ``branch`` row per changed visit, a ``van`` row per
    van and day whose stops changed."""
    rows: list[list[Any]] = []
    for c in changes.branches:
        o, n = c.old, c.new
        rows.append(
            ["branch", c.branch, c.name]
            + ([o.day, o.van, o.arrival] if o else ["", "", ""])
            + ([n.day, n.van, n.arrival] if n else ["", "", ""])
            + ["" if c.moved_min is None else c.moved_min, "", ""]
        )
    for v in changes.vans:
        rows.append(["van", "", "", v.day, v.van, "", v.day, v.van, "", "", " ".join(v.added), " ".join(v.removed)])
    return rows


def changes_csv(changes: Changes) -> str:
    return csv_text(CSV_HEADER, changes_rows(changes))


def visit_text(v: Visit | None) -> str:
    return f"{v.day} {v.van} {v.arrival}" if v else "no visit"


def changes_lines(changes: Changes) -> list[str]:
    """The changes as the lines ``diff`` prints ("no change" when there is none)."""
    if changes.empty:
        return ["no change"]
    lines = [f"branches: {len(changes.moved_branches)} changed ({len(changes.branches)} visits)"]
    for c in changes.branches:
        moved = "" if c.moved_min is None else f" ({c.moved_min:+d} min)"
        lines.append(f"  {c.branch} {c.name}: {visit_text(c.old)} -> {visit_text(c.new)}{moved}")
    lines.append(f"vans: {len(changes.vans)} routes changed")
    for v in changes.vans:
        parts = [f"+{x}" for x in v.added] + [f"-{x}" for x in v.removed]
        lines.append(f"  {v.day} {v.van}: {' '.join(parts)}")
    return lines


def read_plan(path: Path) -> dict[str, Any]:
    try:
        plan = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise InputError(str(path), f"cannot read the plan: {e}") from None
    if not isinstance(plan, dict) or "routes" not in plan:
        raise InputError(str(path), "not a plan.json: no 'routes'")
    return plan


def previous_plan(folder: Path) -> dict[str, Any] | None:
    """The earlier plan a run folder was made from (``inputs/previous_plan.json``), or None."""
    path = folder / "inputs" / PREVIOUS_PLAN
    return read_plan(path) if path.is_file() else None


def write_changes_csv(plan: dict[str, Any], folder: Path) -> None:
    """Run-folder writer (runs made from another run's plan): ``changes.csv`` against that plan."""
    previous = previous_plan(folder)
    if previous is not None:
        (folder / "changes.csv").write_text(changes_csv(plan_changes(previous, plan)), encoding="utf-8")
