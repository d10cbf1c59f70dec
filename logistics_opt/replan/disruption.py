"""The disruption a day is re-planned for: the day, a van that breaks down (and from when), extra crates to
collect, branches shut that day. Checked against the run before anything is solved (one ``Error:`` line for a
van the run does not have, a day it does not plan, a time outside the van's shift, a branch it does not
know), and written into the new run folder as ``inputs/disruption.toml``, which the checker reads on its own
(:mod:`..checker.disruption`)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..data.model import Network
from ..errors import LogisticsError
from ..plan import hhmm

_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class DisruptionError(LogisticsError):
    """A disruption that does not fit the run."""


@dataclass(frozen=True)
class Disruption:
    day: str
    without: str | None = None  # the van that breaks down
    from_min: float | None = None  # when (minutes after midnight); None: before the day starts
    extra: dict[str, int] = field(default_factory=dict)  # branch -> extra crates to collect that day
    closed: tuple[str, ...] = ()  # branches shut that day
    spare: bool = True  # may send out a van of the fleet that has no route that day

    def to_toml(self, source: str) -> str:
        """``inputs/disruption.toml``: what ``check`` verifies the run against."""
        lines = [
            "# The disruption this run was re-planned for (logistics-opt replan); 'check' verifies the plan",
            "# against it and against the plan re-planned, inputs/previous_plan.json.",
            f"source = {json.dumps(source)}",
            f'day = "{self.day}"',
        ]
        if self.without is not None:
            lines.append(f"without = {json.dumps(self.without)}")
        if self.from_min is not None:
            lines.append(f'from = "{hhmm(self.from_min)}"')
        lines.append("closed = [" + ", ".join(json.dumps(b) for b in self.closed) + "]")
        lines.append(f"spare = {'true' if self.spare else 'false'}  # spare vans of the fleet may be sent out")
        lines.append("")
        lines.append("[extra]  # branch = extra crates to collect that day")
        lines += [f"{json.dumps(b)} = {n}" for b, n in self.extra.items()]
        return "\n".join(lines) + "\n"


def parse_clock(text: str) -> float:
    m = _CLOCK.match(text.strip())
    if not m:
        raise DisruptionError(f"--from {text!r}: expected a time HH:MM")
    return int(m.group(1)) * 60 + int(m.group(2))


def parse_extra(items: tuple[str, ...]) -> dict[str, int]:
    """``BRANCH=CRATES`` options into a mapping (crates of one branch named twice add up)."""
    out: dict[str, int] = {}
    for item in items:
        branch, eq, crates = item.partition("=")
        if not eq or not branch.strip() or not crates.strip().isdigit() or int(crates) < 1:
            raise DisruptionError(f"--extra {item!r}: expected BRANCH=CRATES with a whole number of crates above 0")
        out[branch.strip()] = out.get(branch.strip(), 0) + int(crates)
    return out


def check_disruption(d: Disruption, plan: dict[str, Any], network: Network, run: str) -> None:
    """The disruption fits the run: its day, van, time and branches (a :class:`DisruptionError` otherwise)."""
    days = list(plan.get("working_days", []))
    if d.day not in days:
        raise DisruptionError(f"--day {d.day}: the run {run} plans {', '.join(days) or 'no day'}, not {d.day}")
    vans = {r["vehicle"]: r for r in plan["routes"] if r["day"] == d.day}
    if d.without is not None and d.without not in vans:
        known = ", ".join(sorted(vans)) or "none"
        raise DisruptionError(f"--without {d.without}: no such van on {d.day} in {run} (its vans: {known})")
    if d.without is None and d.from_min is not None and not vans:
        raise DisruptionError(f"--from: the run {run} has no van on {d.day}")
    if d.from_min is not None:
        types = {v.type: v for v in network.fleet}
        chosen = [vans[d.without]] if d.without is not None else list(vans.values())
        lo = min(types[r["vehicle_type"]].shift_start_min for r in chosen)
        hi = max(types[r["vehicle_type"]].shift_end_min for r in chosen)
        if not lo <= d.from_min <= hi:
            raise DisruptionError(f"--from {hhmm(d.from_min)} is outside the shift ({hhmm(lo)}-{hhmm(hi)})")
    stops = {b.id for b in network.stops}
    for b in [*d.extra, *d.closed]:
        if b not in stops:
            raise DisruptionError(f"{b}: no such branch in {run}")
    for b in set(d.extra) & set(d.closed):
        raise DisruptionError(f"{b}: both --extra and --closed on {d.day}")
    served = {s["branch"] for r in vans.values() for s in r["stops"]}
    for b in d.closed:
        if b not in served:
            raise DisruptionError(f"--closed {b}: the run does not visit {b} on {d.day}")
