"""The checker's own flows from a reservation log: which holder supplies each reservation under the
supply rule, the loans and the returns, and what floating keeps at the branch.

Shares no code with :mod:`logistics_opt.supply`: the nearest holder comes from the checker's legs
(geopy, or the run's stored matrix), current practice and the spreading of a reservation over the
working days from its own pass. The rules are the README's ("The reservation log"). A plan is then
checked against these flows, so a plan made from other flows fails on its volumes.
"""

from __future__ import annotations

import math
from dataclasses import replace

from ..data.model import Network, Request, Reservation
from .legs import LegKm

CALENDAR = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def with_own_flows(network: Network, legs: LegKm) -> Network:
    """The network with its branch-to-branch requests recomputed from the log (unchanged without one)."""
    if network.reservations is None:
        return network
    hubs = {h.id for h in network.hubs}
    kept = tuple(r for r in network.requests if hubs & {r.origin, r.destination})
    return replace(network, requests=kept + own_flows(network, legs))


def practice_days(network: Network) -> dict[str, set[int]]:
    """Current practice per branch, as calendar weekday numbers: fixed days, else the allowed patterns
    for its visits a week taken in turn (in file order), else every working day."""
    s = network.settings
    patterns = s.allowed_patterns()
    turn: dict[int, int] = {}
    out = {}
    for b in network.stops:
        if b.days:
            days = tuple(b.days)
        elif b.visits_per_week and patterns.get(b.visits_per_week):
            options = patterns[b.visits_per_week]
            days = options[turn.get(b.visits_per_week, 0) % len(options)]
            turn[b.visits_per_week] = turn.get(b.visits_per_week, 0) + 1
        elif b.visits_per_week:
            step = len(s.working_days) / b.visits_per_week
            days = tuple(s.working_days[int(k * step)] for k in range(b.visits_per_week))
            turn[b.visits_per_week] = turn.get(b.visits_per_week, 0) + 1
        else:
            days = tuple(s.working_days)
        out[b.id] = {CALENDAR.index(d) for d in days}
    return out


def _portions(res: Reservation, working_days: tuple[str, ...], by_day: bool) -> list[tuple[str | None, int]]:
    if res.day is not None or not by_day:
        return [(res.day, res.items)]
    n = len(working_days)
    whole = [res.items // n] * n
    for k in range(res.items - sum(whole)):  # equal weights: the leftovers go to the earliest days
        whole[k] += 1
    return [(d, x) for d, x in zip(working_days, whole, strict=True) if x > 0]


def own_flows(network: Network, legs: LegKm) -> tuple[Request, ...]:
    supply = network.settings.supply
    visits = practice_days(network) if supply.rule == "soonest" else {}
    org = {b.id: b.organisation for b in network.stops}

    def rank(res: Reservation, holder: str, day: str | None) -> tuple[float, int]:
        if supply.rule == "as_today":
            return (0.0, res.holders.index(holder))
        if holder == res.requester:  # the copy is there already
            return (-1.0, 0)
        if supply.rule == "nearest_copy":
            return (legs(res.requester, holder)[0], res.holders.index(holder))
        if supply.rule == "soonest":
            d = CALENDAR.index(day or "mon")
            return (min((v - d) % 7 or 7 for v in visits[holder]), res.holders.index(holder))
        raise ValueError(f"unknown supply rule {supply.rule!r}")

    loans: dict[tuple[str, str], int] = {}
    back: dict[tuple[str, str], int] = {}
    stay: dict[tuple[str, str], int] = {}
    for res in network.reservations or ():
        for day, items in _portions(res, network.settings.working_days, supply.rule == "soonest"):
            source = min(res.holders, key=lambda h: rank(res, h, day))
            home = res.owner if res.owner is not None else source
            if source != res.requester:
                loans[(source, res.requester)] = loans.get((source, res.requester), 0) + items
            if home != res.requester:
                target = stay if supply.floats(org[home]) and org[home] == org[res.requester] else back
                target[(res.requester, home)] = target.get((res.requester, home), 0) + items
    for pair, items in stay.items():
        travel = int(math.floor(items * supply.rebalance_share + 0.5))
        if travel > 0:
            back[pair] = back.get(pair, 0) + travel
    return tuple(Request(a, b, n, "reservation") for (a, b), n in loans.items()) + tuple(
        Request(a, b, n, "reservation_return") for (a, b), n in back.items()
    )
