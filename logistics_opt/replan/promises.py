"""A run planned with master routes (``--consistent``) on its bad day: which promises the re-plan keeps.

The run promised each branch its van and a window (plan.json ``consistency``), and its vans wait at a door
until the window opens. On the re-planned day and the days that take postponed crates:

- every visit the disruption does not move keeps its promise: its van still waits at the door until the
  window opens (the day's network opens each branch no earlier than its window's ``from``), so a van that
  carries on after a breakdown is never early at a branch;
- the stops the broken van leaves are moved by the breakdown: whichever van takes them does not wait for
  their window (it comes when it can), and a stop an insertion pushes later is moved too;
- a moved visit whose promise breaks (another van, or a time outside the window the timetable gave the
  branch) is on the coordinator's phone list (:mod:`.report`); the checker verifies the promise of every
  other visit on its own (:mod:`..checker.disruption`).

A run without master routes has no promises: its days' networks are the run's, unchanged.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..data.model import Network
from ..reports.timetable import week_window
from .day import minutes
from .disruption import Disruption
from .model import frozen_count


def promised_opens(plan: dict[str, Any]) -> dict[str, float]:
    """Each branch's promised window ``from`` (minutes after midnight); empty without master routes."""
    windows = (plan.get("consistency") or {}).get("branches") or {}
    return {b: minutes(w["from"]) for b, w in windows.items() if isinstance(w, dict) and isinstance(w.get("from"), str)}


def left_stops(routes: list[dict[str, Any]], d: Disruption) -> set[str]:
    """The branches of the broken van's stops it had not finished by ``--from`` (the stops the breakdown moves)."""
    route = next((r for r in routes if r["vehicle"] == d.without), None)
    if route is None:
        return set()
    return {s["branch"] for s in route["stops"][frozen_count(route, d.from_min, True) :]}


def day_network(network: Network, plan: dict[str, Any], day: str, moved: set[str]) -> Network:
    """The network as the vans meet it on ``day``: each branch opens no earlier than its promised window,
    except the branches in ``moved`` (their own hours that day)."""
    opens = promised_opens(plan)
    if not opens:
        return network
    timed = network.opening_no_earlier(opens)
    hours = dict(timed.hours)
    for bid in moved:
        hours[(bid, day)] = network.hours_on(network.branch(bid), day)
    return replace(timed, hours=hours)


def broken_promise(plan: dict[str, Any], branch: str, van: str, at: float) -> bool:
    """Whether a visit by ``van`` with the van at the branch at ``at`` breaks what ``plan`` promised ``branch``:
    its van, or its window as the timetable words it (rounded out to the quarter hour, at least 30 minutes:
    :func:`..reports.timetable.week_window`). Never without master routes."""
    w = ((plan.get("consistency") or {}).get("branches") or {}).get(branch)
    if not isinstance(w, dict) or not isinstance(w.get("from"), str) or not isinstance(w.get("to"), str):
        return False
    start, end = week_window([minutes(w["from"]), minutes(w["to"])])
    return van != w.get("van") or not start <= round(at) <= end
