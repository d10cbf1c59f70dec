"""Promised windows: each branch's service starts within ``max_arrival_spread_min`` over the week.

A day's sub-route reaches a branch no later than its master route does, and often earlier. The van
then waits at the door until the branch's window opens: service begins at the latest of the
arrival, the opening time and the window's start ``W_b``. :func:`window_starts` finds, for every
branch, ``W_b`` = the latest start of service of the week minus the spread, rounded up to the
minute, and repeats (a wait delays the stops after it) until nothing moves; every start then lies in
``[W_b, W_b + spread]``. The waits are the branch opening later (:func:`with_openings`), so the
routes are timed by the ordinary semantics (:func:`.days.route_times`).
"""

from __future__ import annotations

import math

from ..data.model import Network
from ..distances import Matrix
from ..plan import Timing, hhmm
from ..routing.problem import RouteResult
from .days import DayInput, route_times

#: Rounds of :func:`window_starts` before it takes the master's starts as the bound (never needed so far).
MAX_ROUNDS = 200

Week = list[tuple[DayInput, list[RouteResult]]]


def with_openings(network: Network, opens: dict[str, float]) -> Network:
    """The network with each branch in ``opens`` opening no earlier than that minute, on every day."""
    return network.opening_no_earlier(opens)


def service_starts(network: Network, matrix: Matrix, week: Week) -> dict[str, list[float]]:
    """Every branch's starts of service over the week (minutes after midnight)."""
    out: dict[str, list[float]] = {}
    for day, routes in week:
        for rr in routes:
            _, t, _ = route_times(network, matrix, day, rr)
            for node, arrival, wait in zip(rr.nodes, t.arrivals, t.waits):
                out.setdefault(day.node_ids[node], []).append(arrival + wait)
    return out


def window_starts(network: Network, matrix: Matrix, week: Week, spread: float) -> dict[str, float]:
    """Each branch's window start: service everywhere within ``spread`` minutes of the week's latest."""
    opens: dict[str, float] = {}
    for _ in range(MAX_ROUNDS):
        starts = service_starts(with_openings(network, opens), matrix, week)
        wanted = {b: float(math.ceil(max(s) - spread - 1e-9)) for b, s in starts.items() if len(s) > 1}
        wanted = {b: w for b, w in wanted.items() if w > min(starts[b]) + 1e-9 or b in opens}
        if all(abs(wanted.get(b, -1.0) - opens.get(b, -1.0)) < 1e-9 for b in set(wanted) | set(opens)):
            return opens
        opens = {b: max(w, opens.get(b, w)) for b, w in wanted.items()}
    raise AssertionError("promised windows did not settle")  # pragma: no cover (monotone and bounded)


def later_starts(network: Network, matrix: Matrix, week: Week) -> Week:
    """Each route leaves later by its wait at the first stop, when that moves no start of service and the van
    is home no later: the hours spent waiting at the door become hours not worked. Where that
    whole shift would move the break, the route leaves at least late enough that the wait at the first
    stop no longer counts as work before the break: a driver never works more than ``break_after_min``
    before it because of a wait at a promised window."""
    out: Week = []
    for day, routes in week:
        kept = []
        for rr in routes:
            start, t, _ = route_times(network, matrix, day, rr)
            chosen = rr
            for shift in _start_shifts(t, start, network.settings.break_after_min):
                later = RouteResult(rr.vehicle, rr.nodes, int(math.floor(start + shift) * 60), rr.reload_after)
                s2, t2, _ = route_times(network, matrix, day, later)
                # Every start of service stays where it was: a later start may move the break, and a stop it
                # brings ahead of the break would start before its promised window (found on a generated week).
                same = all(
                    abs(a2 + w2 - (a + w)) <= 1e-9 for a, w, a2, w2 in zip(t.arrivals, t.waits, t2.arrivals, t2.waits)
                ) and all(d2 <= d + 1e-9 for d, d2 in zip(t.departures, t2.departures))
                if s2 > start and same and t2.end <= t.end + 1e-9:
                    chosen = later
                    break
            kept.append(chosen)
        out.append((day, kept))
    return out


def _start_shifts(t: Timing, start: float, break_after_min: float) -> list[float]:
    """Later starts to try, in minutes: the whole wait at the first stop, then (when the first stop's
    departure already lies past ``break_after_min``) just enough of that wait to bring it within."""
    wait = t.waits[0] if t.waits else 0.0
    shifts = [wait]
    over = (t.departures[0] - start - break_after_min) if t.departures else 0.0
    if over > 1e-9 and math.ceil(over) <= wait:
        shifts.append(float(math.ceil(over)))
    return shifts


def branch_windows(
    network: Network, matrix: Matrix, week: Week, vans: dict[str, str] | None
) -> dict[str, dict[str, str | None]]:
    """Per branch its van (``vans``, when the van is promised) and its window: the week's earliest start
    of service rounded down to the minute and its latest rounded up (HH:MM)."""
    starts = service_starts(network, matrix, week)
    return {
        b: {
            "van": vans.get(b) if vans is not None else None,
            "from": hhmm(math.floor(min(s) + 1e-9)),
            "to": hhmm(math.ceil(max(s) - 1e-9)),
        }
        for b, s in sorted(starts.items())
    }
