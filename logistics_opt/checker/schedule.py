"""The schedule: every branch scheduled on distinct working days, fixed days kept, and (for
optimised frequencies) an allowed pattern within the branch's service limits and storage."""

from __future__ import annotations

from typing import Any

from ..data.model import Network
from .visits import expected_visits


def check_schedule(plan: dict[str, Any], network: Network, frequency_rules: bool) -> list[str]:
    s = network.settings
    errs: list[str] = []
    branches = {b.id: b for b in network.branches}
    schedule: dict[str, list[str]] = plan.get("schedule", {})
    for b in network.stops:
        if b.id not in schedule:
            errs.append(f"branch {b.id} is missing from the schedule")
    for bid, days in schedule.items():
        if bid not in branches or branches[bid].is_hub:
            errs.append(f"schedule names unknown branch {bid}")
            continue
        b = branches[bid]
        if any(d not in s.working_days for d in days) or len(set(days)) != len(days):
            errs.append(f"{bid}: schedule days {days} are not distinct working days")
        if b.days and tuple(sorted(days, key=s.working_days.index)) != tuple(b.days):
            errs.append(f"{bid}: fixed days {'+'.join(b.days)} but scheduled {'+'.join(days)}")
        if not days:
            errs.append(f"{bid}: never visited")
        if shut := [d for d in days if network.hours_on(b, d) is None]:
            errs.append(f"{bid}: scheduled on {'+'.join(shut)}, when it is shut (hours)")
        if frequency_rules and days:
            errs.extend(frequency_violations(bid, days, network))
    return errs


def frequency_violations(bid: str, days: list[str], network: Network) -> list[str]:
    s = network.settings
    b = network.branch(bid)
    wd = list(s.working_days)
    out = []
    ordered = tuple(sorted(days, key=wd.index))
    if not b.days:
        allowed = s.allowed_patterns().get(len(ordered), ())
        if ordered not in allowed:
            out.append(f"{bid}: pattern {'+'.join(ordered)} is not an allowed pattern")
    # Fixed days override the settings' default limits (a branch open on Tuesday only),
    # but not limits given for the branch itself.
    min_v = b.min_visits_per_week or (None if b.days else s.min_visits_per_week)
    if min_v and len(ordered) < min_v:
        out.append(f"{bid}: {len(ordered)} visits a week, minimum {min_v}")
    max_gap = b.max_days_between_visits or (None if b.days else s.max_days_between_visits)
    if max_gap:
        pos = sorted(wd.index(d) for d in ordered)
        gap = max((pos[k] - pos[k - 1]) % len(wd) or len(wd) for k in range(len(pos)))
        if gap > max_gap:
            out.append(f"{bid}: {gap} working days between visits, at most {max_gap} allowed")
    if b.storage_crates is not None:
        want = expected_visits(network, {bid: list(ordered)})
        waiting = max(v["pickup"] for v in want.values())
        if waiting > b.storage_crates:
            out.append(f"{bid}: {waiting} crates wait for a visit, storage holds {b.storage_crates}")
    return out
