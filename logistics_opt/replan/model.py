"""What the day looks like at ``--from``, and the stops that must find another van.

- Every van but the broken one continues from where it is: the stops it has reached by ``--from`` (arrived
  before it) stay as they were, in time and order; it carries on with the crates aboard.
- The broken van keeps the stops it had finished by ``--from`` and does nothing after: its undelivered
  crates stay in it and come back to the hub, so those deliveries move to the branch's next visit; its
  remaining pickups become stops for the other vans.
- A branch shut today loses its visit: its crates wait for its next visit.
- Extra crates to collect join the branch's own later stop today when its van has room and time, else
  become a stop of their own.

The stops to place go into the running vans first (:mod:`.insert`), then into spare vans of the fleet (a van
with no route that day, leaving its depot at ``--from``), then a light improvement; what is left waits for
the branch's next visit (:mod:`.postpone`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..volumes import Visit
from .day import DayRoutes, minutes
from .disruption import Disruption, DisruptionError
from .insert import improve, insert_cheapest
from .postpone import Crates


@dataclass
class DayOutcome:
    """The re-planned day: its routes, the stops it placed (by node), the spare vans it sent out and the crates
    that must wait for a later visit."""

    day: DayRoutes
    placed: list[int] = field(default_factory=list)
    spares: list[str] = field(default_factory=list)
    waiting: dict[str, Crates] = field(default_factory=dict)
    taken_off: dict[str, list[str]] = field(default_factory=dict)  # van -> branches it no longer visits


def _wait(out: DayOutcome, branch: str, v: Visit) -> None:
    out.waiting.setdefault(branch, Crates(branch)).add(v)


def frozen_count(route: dict[str, Any], from_min: float | None, broken: bool) -> int:
    """Stops in order served by ``from_min``: finished (the broken van) or begun (the others)."""
    if from_min is None:
        return 0
    key = "departure" if broken else "arrival"
    n = 0
    for s in route["stops"]:
        t = minutes(s[key])
        if (t <= from_min) if broken else (t < from_min):
            n += 1
        else:
            break
    return n


def _take_off(day: DayRoutes, van: str, keep: int, out: DayOutcome) -> list[int]:
    """Van ``van`` keeps its first ``keep`` stops; the others' nodes come back."""
    v = day.vans[van]
    gone = v.nodes[keep:]
    v.nodes = v.nodes[:keep]
    v.after = [k for k in v.after if k < keep]
    out.taken_off[van] = [day.ids[n] for n in gone]
    return gone


def disrupted_day(day: DayRoutes, routes: list[dict[str, Any]], d: Disruption) -> DayOutcome:
    """Apply ``d`` to the day's routes and place what it displaces (see the module's docstring)."""
    out = DayOutcome(day)
    for r in routes:
        broken = r["vehicle"] == d.without
        count = frozen_count(r, d.from_min, broken)
        for s in r["stops"][:count]:
            if s["branch"] in d.closed:
                raise DisruptionError(
                    f"--closed {s['branch']}: {r['vehicle']} reached it at {s['arrival']}, before --from"
                )
        if not broken:
            day.freeze(r["vehicle"], count)
            continue
        for n in _take_off(day, r["vehicle"], count, out):
            v = day.visit(n)
            _wait(out, day.ids[n], Visit(v.day, v.gap_days, v.deliver_items, 0, v.deliver_crates, 0))
            if v.pickup_crates and day.ids[n] not in d.closed:
                out.placed.append(day.add_node(day.ids[n], Visit(v.day, 1, 0, v.pickup_items, 0, v.pickup_crates)))
            elif v.pickup_crates:
                _wait(out, day.ids[n], Visit(v.day, 1, 0, v.pickup_items, 0, v.pickup_crates))
        day.freeze(r["vehicle"], count)
    running = [r["vehicle"] for r in routes if r["vehicle"] != d.without]
    _close(day, running, d, out)
    _extras(day, running, d, out)
    left = insert_cheapest(day, out.placed, running)
    left = _spares(day, left, d, out)
    improve(day, out.placed, running + out.spares)
    for n in left:
        _wait(out, day.ids[n], day.visit(n))
    out.spares = [s for s in out.spares if day.vans[s].nodes]
    return out


def _close(day: DayRoutes, running: list[str], d: Disruption, out: DayOutcome) -> None:
    """Shut branches lose their stops today; their crates wait for the next visit."""
    for van in running:
        v = day.vans[van]
        shut = [k for k in range(v.frozen, len(v.nodes)) if day.ids[v.nodes[k]] in d.closed]
        for k in reversed(shut):
            n = v.nodes.pop(k)
            v.after = sorted({a - 1 if a > k else a for a in v.after} - {0})
            v.after = [a for a in v.after if a < len(v.nodes)]
            out.taken_off.setdefault(van, []).append(day.ids[n])
            _wait(out, day.ids[n], day.visit(n))


def _extras(day: DayRoutes, running: list[str], d: Disruption, out: DayOutcome) -> None:
    """Extra crates join the branch's later stop today (its van permitting), else a stop of their own."""
    for branch, crates in d.extra.items():
        own = [n for n in out.placed if day.ids[n] == branch]
        if own:
            v = day.visit(own[0])
            day.set_visit(
                own[0], Visit(v.day, 1, v.deliver_items, v.pickup_items, v.deliver_crates, v.pickup_crates + crates)
            )
            continue
        if not any(_grow(day, van, branch, crates) for van in running):
            out.placed.append(day.add_node(branch, Visit(d.day, 1, 0, 0, 0, crates)))


def _grow(day: DayRoutes, van: str, branch: str, crates: int) -> bool:
    v = day.vans[van]
    for n in v.nodes[v.frozen :]:
        if day.ids[n] == branch:
            old = day.visit(n)
            day.set_visit(
                n,
                Visit(
                    old.day,
                    old.gap_days,
                    old.deliver_items,
                    old.pickup_items,
                    old.deliver_crates,
                    old.pickup_crates + crates,
                ),
            )
            if day.cost(van) is not None:
                return True
            day.set_visit(n, old)
    return False


def _spares(day: DayRoutes, left: list[int], d: Disruption, out: DayOutcome) -> list[int]:
    """Send out spare vans of the fleet, one at a time, for the stops the running vans cannot take."""
    start = d.from_min if d.from_min is not None else 0.0
    while left and d.spare:
        name = day.spare(start, set(out.spares) | ({d.without} if d.without else set()))
        if name is None:
            break
        out.spares.append(name)
        still = insert_cheapest(day, left, [name])
        if len(still) == len(left):
            break
        left = still
    return left
