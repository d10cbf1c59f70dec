"""What ``replan`` prints: per van what changed, and the coordinator's phone list.

The phone list names each branch whose visit moved by more than :data:`CALL_MIN` minutes (when the van is at
the branch: its arrival, or the end of its wait for opening or for the promised window) or to another day,
with its new time (or where its crates went, or why they could not be moved). In a run with master routes it
also names each visit the disruption moved off the van or out of the window the timetable promised the
branch (:func:`.promises.broken_promise`), however few minutes it moved: the only promises the re-plan may
break, and the checker holds every other visit to its promise.
"""

from __future__ import annotations

from typing import Any

from ..changes import BranchChange, plan_changes
from ..plan import hhmm
from ..reports.timetable import at_branch
from .promises import broken_promise
from .run import Replanned

Key = tuple[str, str]  # (branch, day)

#: A visit that moves by more than this many minutes (or to another day) is on the phone list.
CALL_MIN = 15


def _by_van(routes: list[dict[str, Any]], day: str) -> dict[str, dict[str, Any]]:
    return {r["vehicle"]: r for r in routes if r["day"] == day}


def van_lines(result: Replanned) -> list[str]:
    """Per van of the disrupted day (and each later van that took postponed crates): what changed."""
    d = result.disruption
    new = result.plan.to_dict()
    old_vans, new_vans = _by_van(result.old["routes"], d.day), _by_van(new["routes"], d.day)
    lines = []
    for van in sorted(old_vans.keys() | new_vans.keys()):
        was, now = old_vans.get(van), new_vans.get(van)
        before = [s["branch"] for s in was["stops"]] if was else []
        after = [s["branch"] for s in now["stops"]] if now else []
        if van == d.without:
            at = hhmm(d.from_min) if d.from_min is not None else "the start of the day"
            off = result.outcome.taken_off.get(van, [])
            lines.append(
                f"  {d.day} {van}: breaks down at {at} after {len(after)} stops; {len(off)} stops taken off "
                "(its undelivered crates go back to the hub for the next visit)"
            )
            continue
        added = [b for b in after if b not in before]
        removed = [b for b in before if b not in after]
        if van in result.outcome.spares and now:
            lines.append(f"  {d.day} {van}: spare van, leaves the hub at {now['start']} for {len(after)} stops: "
                         f"{', '.join(after)}; back {now['end']}")  # fmt: skip
        elif added or removed:
            parts = [f"+{len(added)} stops ({', '.join(added)})"] if added else []
            parts += [f"-{len(removed)} stops ({', '.join(removed)})"] if removed else []
            end = f"; back {now['end']} (was {was['end']})" if now and was else ""
            lines.append(f"  {d.day} {van}: {', '.join(parts)}{end}")
        else:
            lines.append(f"  {d.day} {van}: unchanged order" + (f"; back {now['end']}" if now else ""))
    for p in result.postponed:
        c = p.crates
        lines.append(
            f"  {p.day} {p.van}: {c.branch} takes {c.deliver} crates to deliver and {c.pickup} to collect "
            f"from {d.day} (arrives {p.arrival})"
        )
    return lines


def _at_branch(plan: dict[str, Any]) -> dict[tuple[str, str], float]:
    """(branch, day) -> when its first van is at the branch and can hand over: arrival plus any wait for opening
    or for the promised window (the time the timetable counts, :func:`..reports.timetable.at_branch`)."""
    out: dict[tuple[str, str], float] = {}
    for r in plan["routes"]:
        for s in r["stops"]:
            t = at_branch(s)
            key = (s["branch"], r["day"])
            out[key] = min(out.get(key, t), t)
    return out


def _needs_call(c: BranchChange, old: dict[str, Any], was: dict[Key, float], now: dict[Key, float]) -> bool:
    if c.old is None or c.day_changed or c.new is None:
        return c.old is not None
    moved = now[(c.branch, c.new.day)] - was[(c.branch, c.old.day)]
    return abs(moved) > CALL_MIN or broken_promise(old, c.branch, c.new.van, now[(c.branch, c.new.day)])


def phone_lines(result: Replanned) -> list[str]:
    """Each branch whose visit moved by more than 15 minutes or to another day, or off its promised van or
    window, with its new time (when the van is at the branch)."""
    later = {p.crates.branch: p for p in result.postponed}
    unserved = {u.branch: u for u in result.plan.unassigned if u.reason_code.startswith("replan_")}
    new = result.plan.to_dict()
    was, now = _at_branch(result.old), _at_branch(new)
    lines = []
    for c in plan_changes(result.old, new).branches:
        if c.old is None or not _needs_call(c, result.old, was, now):
            continue
        before = f"{c.old.day} {hhmm(was[(c.branch, c.old.day)])} ({c.old.van})"
        if c.new is not None:
            after = f"{c.new.day} {hhmm(now[(c.branch, c.new.day)])} ({c.new.van})"
        elif c.branch in later:
            p = later[c.branch]
            after = f"no visit on {c.old.day}; its crates come {p.day} {p.arrival} ({p.van})"
        elif c.branch in unserved:
            after = f"no visit on {c.old.day}: {unserved[c.branch].reason}"
        else:
            after = f"no visit on {c.old.day}"
        lines.append(f"  {c.branch} {c.name}: was {before}, now {after}")
    return lines
