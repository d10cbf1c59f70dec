"""Supply rules: the weekly flows a reservation log gives under ``[supply]``.

For each reservation (``items`` identical ones) collected at the requester:

- **which holder supplies** it (``rule``): ``as_today``, the first holder (the library system's
  order); ``nearest_copy``, the holder nearest the requester by the run's own distances (km; ties: the
  earlier holder); ``soonest``, the holder whose van calls soonest after the day the reservation is
  placed, counted in calendar days to the holder's first visit on a later day (the same weekday a
  week later counts 7), on the visit days known before planning: current practice (fixed ``days``,
  the ``visits_per_week`` patterns, else daily; :func:`.planning.schedule.current_schedule`). Ties go
  to the earlier holder, so with daily visits ``soonest`` is ``as_today``. A reservation without a
  ``day`` is spread over the working days in whole items (largest remainder, ties to the earlier day).
  A holder that is the requester itself wins both: the copy is there, and nothing travels;
- **the loan**, supplier -> requester, kind ``reservation``;
- **the return**, requester -> owner (empty owner: the supplier), kind ``reservation_return``;
  none when the requester is the owner;
- **floating**: an item whose owner belongs to a floating organisation and that is returned at one
  of that organisation's branches stays there. Of each such removed return flow (one per requester
  and owner, over the week), ``rebalance_share`` still travels to the owner, rounded half up.

Flows are summed per origin, destination and kind: the loans first, then the returns, each in the
order of their first reservation in the log. :func:`supplied` puts them after the hub's flows of
``requests.csv``. The checker derives the same flows on its own (:mod:`.checker.supply`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

from .codes import WEEKDAYS
from .data.model import LOAN_KIND, RETURN_KIND, Network, Request, Reservation
from .matrix import Matrix
from .planning.schedule import current_schedule
from .volumes import apportion

#: Which holder supplies: (reservation, the day it is placed or None) -> supplier id.
Chooser = Callable[[Reservation, str | None], str]


def supplied(network: Network, matrix: Matrix | None) -> Network:
    """The network whose ``requests`` are the hub's flows plus the flows its reservation log gives
    (``matrix``: the run's distances, for ``nearest_copy``). Without a log: the network as it is."""
    if network.reservations is None:
        return network
    hubs = {h.id for h in network.hubs}
    own = tuple(r for r in network.requests if r.origin in hubs or r.destination in hubs)
    return replace(network, requests=own + derived_flows(network, matrix))


def derived_flows(network: Network, matrix: Matrix | None) -> tuple[Request, ...]:
    """The loans and returns of the log under the network's supply rule."""
    choose = chooser(network, matrix)
    supply = network.settings.supply
    org = {b.id: b.organisation for b in network.stops}
    loans: dict[tuple[str, str], int] = {}
    returns: dict[tuple[str, str], int] = {}
    floated: dict[tuple[str, str], int] = {}
    for res in network.reservations or ():
        for day, items in placed(res, network.settings.working_days, network.settings.supply.rule):
            supplier = choose(res, day)
            home = res.owner or supplier
            if supplier != res.requester:
                loans[(supplier, res.requester)] = loans.get((supplier, res.requester), 0) + items
            if home == res.requester:
                continue
            stays = supply.floats(org[home]) and org[res.requester] == org[home]
            into = floated if stays else returns
            into[(res.requester, home)] = into.get((res.requester, home), 0) + items
    for pair, items in floated.items():
        rebalanced = math.floor(items * supply.rebalance_share + 0.5)
        if rebalanced:
            returns[pair] = returns.get(pair, 0) + rebalanced
    return tuple(Request(o, d, n, LOAN_KIND) for (o, d), n in loans.items()) + tuple(
        Request(o, d, n, RETURN_KIND) for (o, d), n in returns.items()
    )


def placed(res: Reservation, working_days: tuple[str, ...], rule: str) -> list[tuple[str | None, int]]:
    """(day placed, items) portions of a reservation: its own day; without one, only ``soonest`` asks
    the day, and gets the items spread over the working days (largest remainder, ties earlier)."""
    if res.day is not None or rule != "soonest":
        return [(res.day, res.items)]
    split = apportion(res.items, [1] * len(working_days))
    return [(d, n) for d, n in zip(working_days, split, strict=True) if n]


def chooser(network: Network, matrix: Matrix | None) -> Chooser:
    """The supply rule of the network's settings as a function."""
    rule = network.settings.supply.rule
    if rule == "as_today":
        return lambda res, day: res.holders[0]
    if rule == "nearest_copy":
        if matrix is None:
            raise ValueError("nearest_copy needs the run's distances")
        at = matrix.index()
        km = matrix.km
        return lambda res, day: min(
            res.holders, key=lambda h: (h != res.requester, km[at[res.requester], at[h]], res.holders.index(h))
        )
    if rule != "soonest":
        raise ValueError(f"unknown supply rule {rule!r}")
    days = {bid: {WEEKDAYS.index(d) for d in ds} for bid, ds in current_schedule(network).items()}

    def wait(holder: str, requester: str, day: str | None) -> int:
        if holder == requester:
            return 0
        placed_on = WEEKDAYS.index(day) if day is not None else 0
        return min(((v - placed_on - 1) % 7) + 1 for v in days[holder])

    return lambda res, day: min(res.holders, key=lambda h: (wait(h, res.requester, day), res.holders.index(h)))
