"""A re-planned day (``replan``): the plan against the plan it re-planned and the disruption, read on their own.

The run keeps both: ``inputs/previous_plan.json`` (the old plan) and ``inputs/disruption.toml`` (``day``, and
optionally ``without`` with ``from``, ``closed``, ``[extra]``). The checker reads them as plain data and
verifies, with nothing from the re-planner:

- the frozen part: on the day, every van but the broken one starts with the stops it had reached (arrived
  at) before ``from``, unchanged in branch, arrival, departure and crates, in the same order;
- the broken van does nothing after ``from``: its route that day is exactly the stops it had finished by
  then (none, without ``from``);
- a branch shut that day gets no stop after ``from``;
- the crates of the branches the disruption touches (the broken van's stops it did not serve, the shut
  branches, the extra crates) are all accounted for: from the day on, what the new plan moves there plus
  what it lists as not served (each with its crates in ``reason_fields``) equals what the old plan moved
  plus the extra crates; a later day only gains crates, and only on the branch's next visit day;
- a visit listed as not served that the old plan served belongs to a branch the disruption touches;
- every other visit moves what the old plan moved there.

A run with master routes promised each branch its van and window (:mod:`.consistency`). The disruption may
break that promise only for the visits it moved: from the day on, a branch's visits on a day whose vans or
arrivals differ from the old plan's. Those are :class:`Moved`; :mod:`.consistency` verifies every other
visit's promise as before. The broken van's stops it did not finish (the ones the breakdown moves) are served
without waiting for their window on the day; every other stop still waits at the door until it opens.

It returns the visits these rules cover (which the accumulation rule of :mod:`.visits` then leaves to them),
the visits moved and the violations.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

FIELDS = ("deliver", "pickup", "deliver_items", "pickup_items")

Key = tuple[str, str]  # (branch, day)


@dataclass(frozen=True)
class Moved:
    """The visits the disruption moved (their promise may break) and those served without waiting for their
    promised window (the broken van's stops it left, on the day)."""

    visits: frozenset[Key] = field(default_factory=frozenset)
    unwaited: frozenset[Key] = field(default_factory=frozenset)


def _served(plan: dict[str, Any], days: list[str]) -> dict[Key, list[tuple[str, float]]]:
    """(branch, day) -> the (van, start of service as written: arrival plus wait) of its stops on ``days``."""
    out: dict[Key, list[tuple[str, float]]] = {}
    for r in plan.get("routes", []):
        if r["day"] in days:
            for s in r["stops"]:
                start = _minutes(s["arrival"]) + float(s.get("wait_min") or 0.0)
                out.setdefault((s["branch"], r["day"]), []).append((r["vehicle"], start))
    return out


def moved_visits(plan: dict[str, Any], previous: dict[str, Any], day: str, left: set[str]) -> Moved:
    """The visits the disruption moved (see the module): ``left``, the broken van's branches it did not finish on
    ``day``, and from ``day`` on each visit on another van, new, or starting later than in ``previous``."""
    week = list(plan.get("working_days", []))
    later = week[week.index(day) :] if day in week else []
    old, new = _served(previous, later), _served(plan, later)

    def moved(k: Key) -> bool:
        was, now = sorted(old.get(k, [])), sorted(new[k])
        return len(was) != len(now) or any(v != u or t > w + 0.5 for (u, w), (v, t) in zip(was, now))

    unwaited = {(b, day) for b in left}
    return Moved(frozenset(unwaited | {k for k in new if moved(k)}), frozenset(unwaited))


def _minutes(hhmm: str) -> float:
    h, m = str(hhmm).split(":")
    return int(h) * 60 + int(m)


def _moved(plan: dict[str, Any]) -> dict[Key, Counter[str]]:
    out: dict[Key, Counter[str]] = {}
    for r in plan.get("routes", []):
        for s in r["stops"]:
            c = out.setdefault((s["branch"], r["day"]), Counter())
            for f in FIELDS:
                c[f] += int(s.get(f, 0))
    return out


def _day_routes(plan: dict[str, Any], day: str) -> dict[str, list[dict[str, Any]]]:
    return {r["vehicle"]: r["stops"] for r in plan.get("routes", []) if r["day"] == day}


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return all(a.get(k) == b.get(k) for k in ("branch", "arrival", "departure", "deliver", "pickup"))


def _frozen(plan: dict[str, Any], previous: dict[str, Any], d: dict[str, Any]) -> tuple[list[str], set[str]]:
    """The frozen part and the broken van; returns the violations and the branches the broken van left."""
    day, broken, start = d["day"], d.get("without"), d.get("from")
    t = None if start is None else _minutes(start)
    old, new = _day_routes(previous, day), _day_routes(plan, day)
    errs: list[str] = []
    left: set[str] = set()
    for van, stops in old.items():
        key = "departure" if van == broken else "arrival"
        kept = []
        for s in stops:
            reached = t is not None and (_minutes(s[key]) <= t if van == broken else _minutes(s[key]) < t)
            if not reached:
                break
            kept.append(s)
        now = new.get(van, [])
        if len(now) < len(kept) or not all(_same(a, b) for a, b in zip(kept, now)):
            errs.append(f"{day} {van}: the {len(kept)} stops it had reached by {start} are not kept as they were")
        if van == broken:
            left = {s["branch"] for s in stops[len(kept) :]}
            if len(now) > len(kept):
                x = now[len(kept)]
                errs.append(
                    f"{day} {van} broke down at {start or 'the start'} but serves {x['branch']} at {x['arrival']}"
                )
    if broken is not None and broken not in old:
        errs.append(f"disruption: van {broken} has no route on {day} in the plan re-planned")
    return errs, left


def _closed(plan: dict[str, Any], d: dict[str, Any]) -> list[str]:
    t = None if d.get("from") is None else _minutes(d["from"])
    shut = set(d.get("closed", []))
    return [
        f"{d['day']} {r['vehicle']}: {s['branch']} is shut that day but served at {s['arrival']}"
        for r in plan.get("routes", [])
        if r["day"] == d["day"]
        for s in r["stops"]
        if s["branch"] in shut and (t is None or _minutes(s["arrival"]) >= t)
    ]


def _unserved(plan: dict[str, Any], previous: dict[str, Any]) -> list[dict[str, Any]]:
    before = [json_key(u) for u in previous.get("unassigned", [])]
    out = []
    for u in plan.get("unassigned", []):
        k = json_key(u)
        if k in before:
            before.remove(k)
        else:
            out.append(u)
    return out


def json_key(u: dict[str, Any]) -> tuple[str, str, str]:
    return (u.get("branch", ""), u.get("day", ""), u.get("reason", ""))


def check_disruption(
    plan: dict[str, Any], previous: dict[str, Any], d: dict[str, Any], expect: dict[Key, dict[str, int]]
) -> tuple[set[Key], Moved, list[str]]:
    """The visits the disruption's rules cover, those it moved, and the violations of those rules (see the
    module's docstring)."""
    day = d.get("day")
    week = list(plan.get("working_days", []))
    if day not in week or not isinstance(d.get("extra", {}), dict):
        return set(), Moved(), [f"disruption: day {day!r} is not a working day of the plan (or [extra] is not a table)"]
    errs, left = _frozen(plan, previous, d)
    errs += _closed(plan, d)
    extra = {b: int(n) for b, n in d.get("extra", {}).items()}
    touched = left | set(d.get("closed", [])) | set(extra)
    later = week[week.index(day) :]
    old, new = _moved(previous), _moved(plan)
    covered = {(b, x) for b in touched for x in later}
    # visits an earlier re-plan changed: they move what the old plan moved there
    covered |= {k for k, c in old.items() if k in expect and any(c[f] != expect[k][f] for f in FIELDS)}
    for k in covered:
        if k[0] not in touched and old.get(k) != new.get(k):
            errs.append(f"{k[0]} on {k[1]}: moves {dict(new.get(k, {}))}, the plan re-planned {dict(old.get(k, {}))}")
    unserved = _unserved(plan, previous)
    for u in unserved:
        if u.get("branch") not in touched:
            errs.append(f"{u.get('branch')} on {u.get('day')}: not served, though the disruption does not touch it")
        elif not all(isinstance((u.get("reason_fields") or {}).get(f), int) for f in FIELDS):
            errs.append(f"{u.get('branch')} on {u.get('day')}: not served, without the crates it leaves")
    for b in sorted(touched):
        errs += _accounted(b, later, old, new, unserved, extra.get(b, 0))
    return covered, moved_visits(plan, previous, str(day), left), errs


def _accounted(
    b: str,
    later: list[str],
    old: dict[Key, Counter[str]],
    new: dict[Key, Counter[str]],
    unserved: list[Any],
    extra: int,
) -> list[str]:
    """Branch ``b``'s crates from the day on: none lost, none made up; moved only to its next visit day."""
    errs = []
    want: Counter[str] = Counter({"pickup": extra})
    have: Counter[str] = Counter()
    for x in later:
        want.update(old.get((b, x), Counter()))
        have.update(new.get((b, x), Counter()))
    for u in unserved:
        if u.get("branch") == b:
            have.update({f: int((u.get("reason_fields") or {}).get(f, 0)) for f in FIELDS})
    for f in FIELDS:
        if have[f] != want[f]:
            errs.append(f"{b}: from {later[0]} on, {have[f]} {f} moved or listed as not served, expected {want[f]}")
    visited = [x for x in later[1:] if (b, x) in old]
    for x in later[1:]:
        gained = {f: new.get((b, x), Counter())[f] - old.get((b, x), Counter())[f] for f in FIELDS}
        if any(v < 0 for v in gained.values()):
            errs.append(f"{b} on {x}: moves less than in the plan re-planned")
        elif any(gained.values()) and (not visited or x != visited[0]):
            errs.append(
                f"{b} on {x}: takes crates from {later[0]}, but its next visit is {visited[0] if visited else 'none'}"
            )
    return errs
