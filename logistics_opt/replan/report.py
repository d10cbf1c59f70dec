"""What ``replan`` prints: per van what changed, and the coordinator's phone list.

The phone list names each branch whose visit moved by more than :data:`CALL_MIN` minutes or to another day,
with its new time (or where its crates went, or why they could not be moved).
"""

from __future__ import annotations

from typing import Any

from ..changes import BranchChange, plan_changes
from ..plan import hhmm
from .run import Replanned

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


def _needs_call(c: BranchChange) -> bool:
    return c.day_changed or (c.moved_min is not None and abs(c.moved_min) > CALL_MIN)


def phone_lines(result: Replanned) -> list[str]:
    """Each branch whose visit moved by more than 15 minutes or to another day, with its new time."""
    later = {p.crates.branch: p for p in result.postponed}
    unserved = {u.branch: u for u in result.plan.unassigned if u.reason_code.startswith("replan_")}
    lines = []
    for c in plan_changes(result.old, result.plan.to_dict()).branches:
        if not _needs_call(c) or c.old is None:
            continue
        was = f"{c.old.day} {c.old.arrival} ({c.old.van})"
        if c.new is not None:
            now = f"{c.new.day} {c.new.arrival} ({c.new.van})"
        elif c.branch in later:
            p = later[c.branch]
            now = f"no visit on {c.old.day}; its crates come {p.day} {p.arrival} ({p.van})"
        elif c.branch in unserved:
            now = f"no visit on {c.old.day}: {unserved[c.branch].reason}"
        else:
            now = f"no visit on {c.old.day}"
        lines.append(f"  {c.branch} {c.name}: was {was}, now {now}")
    return lines
