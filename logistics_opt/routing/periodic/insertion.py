"""Every insertion place of one visit into one route, priced at once (the annealing's hot loop).

The route's times are computed once (Savelsbergh's push-forward: each stop's start of service, its
wait, and how far it may start later without breaking a window or the van's working time further
on), and so are its crates aboard (the most aboard before and after each place). Inserting a visit
between two stops then costs its extra metres, plus the seconds the route ends later: the push at
the next stop, less the waiting further on that absorbs it. Feasible means the new visit starts
within its window, the push stays within what follows allows, and the crates stay within capacity
(or, while the week prices overload, :attr:`.model._Week.overload_cost`, each crate over it is paid).

The prices are exact when travel times obey the triangle inequality; the caller re-evaluates its
pick with :meth:`.model._Week.route_cost` all the same, so an estimate never reaches a plan.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .model import _Week

INF = float("inf")


class _Places(NamedTuple):
    """One route's insertion places ``0..n`` (between stop ``i`` and ``i + 1``, depot ends included)."""

    a: np.ndarray  # the stop before each place
    b: np.ndarray  # the stop after
    ready: np.ndarray  # when the van can leave ``a``
    b_start: np.ndarray  # when service at ``b`` starts (the route's end at the depot)
    room: np.ndarray  # how much later ``b`` may start
    absorbed: np.ndarray  # waiting after ``b`` that absorbs a push
    before: np.ndarray  # most crates aboard up to ``a``
    after: np.ndarray  # most crates aboard from ``a`` on
    metres: np.ndarray  # the arc a-b


def places(w: _Week, v_i: int, route: list[int], size: dict[int, tuple[int, int, int]]) -> _Places | None:
    """The route's places, or None when the route itself is infeasible (remembered per week)."""
    key = (v_i, tuple(route), tuple(size[n] for n in route))
    if key not in w.places_cache:
        _remember(w, key, _places(w, v_i, route, size), len(route) + 1)
    return w.places_cache[key]


def _remember(w: _Week, key: tuple, value: object, count: int) -> None:
    """Keep ``value`` (``count`` places) in the week's cache, which starts over past ``cache_most`` places."""
    w.places_count += count
    if w.places_count > w.settings.cache_most:
        w.places_cache.clear()
        w.places_count = count
    w.places_cache[key] = value


def _places(w: _Week, v_i: int, route: list[int], size: dict[int, tuple[int, int, int]]) -> _Places | None:
    veh = w.vehicles[v_i]
    seq = [veh.depot, *route, veh.depot]
    n = len(route)
    svc = [0] * (n + 2)
    hi = [0] * (n + 2)
    start = [0] * (n + 2)
    wait = [0] * (n + 2)
    start[0] = t = veh.shift_start_s
    deliv, load = 0, [0] * (n + 1)
    for j in range(1, n + 2):
        t += svc[j - 1] + int(w.travel[seq[j - 1], seq[j]])
        if j <= n:
            d, p, svc[j] = size[seq[j]]
            lo, hi[j] = w.windows[seq[j]]
            deliv += d
            load[j] = load[j - 1] + p - d
            wait[j] = max(0, lo - t)
            t += wait[j]
        start[j] = t
    # Most each stop may start later: its own window, then what the stops after it allow.
    room = [0] * (n + 2)
    room[n + 1] = w.span_max[v_i] - (start[n + 1] - veh.shift_start_s)
    for j in range(n, 0, -1):
        room[j] = min(hi[j] - svc[j] - start[j], wait[j + 1] + room[j + 1])
    if min(room[1:]) < 0:
        return None
    aboard = np.asarray(load) + deliv
    waits_after = np.concatenate((np.cumsum(np.asarray(wait[::-1]))[::-1], [0]))  # waits at j.. the end
    a, b = np.asarray(seq[:-1]), np.asarray(seq[1:])
    return _Places(
        a=a,
        b=b,
        ready=np.asarray(start[:-1]) + np.asarray(svc[:-1]),
        b_start=np.asarray(start[1:]),
        room=np.asarray(room[1:]),
        absorbed=waits_after[2:],
        before=np.maximum.accumulate(aboard),
        after=np.maximum.accumulate(aboard[::-1])[::-1],
        metres=w.dist[a, b],
    )


class _DayPlaces(NamedTuple):
    """Every place of every route of a day, end to end (see :class:`_Places`), with each place's van."""

    places: _Places
    van: np.ndarray  # van index
    pos: np.ndarray  # place within its route
    capacity: np.ndarray
    arc: np.ndarray  # cost units a metre
    second: np.ndarray  # cost units a second
    fixed: np.ndarray  # the van's fixed cost where its route is empty, else 0
    over: np.ndarray  # crates its route is over capacity already
    feasible: np.ndarray  # False where the route itself is infeasible


def day_places(w: _Week, routes: dict[int, list[int]], size: dict[int, tuple[int, int, int]]) -> _DayPlaces:
    """The places of all ``routes`` (van -> stops) as one set of arrays (remembered per week)."""
    key = tuple((v, tuple(r), tuple(size[n] for n in r)) for v, r in routes.items())
    if key not in w.places_cache:
        day = _day_places(w, key, size)
        _remember(w, key, day, len(day.van))
    return w.places_cache[key]


def _day_places(w: _Week, key: tuple, size: dict[int, tuple[int, int, int]]) -> _DayPlaces:
    parts, vans, lengths, over, feasible = [], [], [], [], []
    for v, route, _ in key:
        veh = w.vehicles[v]
        pl = places(w, v, list(route), size)
        feasible.append(pl is not None)
        if pl is None:  # no place on an infeasible route
            zero, depot = np.zeros(len(route) + 1, dtype=np.int64), np.full(len(route) + 1, veh.depot)
            pl = _Places(depot, depot, zero, zero, zero, zero, zero, zero, zero)
        parts.append(pl)
        vans.append(v)
        lengths.append(len(route) + 1)
        over.append(max(0, int(pl.before[-1]) - veh.capacity))

    def per_place(values: list) -> np.ndarray:  # one value per route, repeated over its places
        return np.repeat(np.asarray(values), lengths)

    vehicles = [w.vehicles[v] for v in vans]
    return _DayPlaces(
        places=_Places(*(np.concatenate(x) for x in zip(*parts))),
        van=per_place(vans),
        pos=np.concatenate([np.arange(n) for n in lengths]),
        capacity=per_place([veh.capacity for veh in vehicles]),
        arc=per_place([w.arc_coef[v] for v in vans]),
        second=per_place([w.time_coef[v] for v in vans]),
        fixed=per_place([0 if route else w.vehicles[v].fixed_cost for v, route, _ in key]),
        over=per_place(over),
        feasible=per_place(feasible),
    )


def day_insertion(
    w: _Week, routes: dict[int, list[int]], size: dict[int, tuple[int, int, int]], node: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cost change (cost units) of putting ``node`` at every place of every route of a day:
    (changes, vans, places within their routes), ``inf`` where infeasible. ``size`` holds ``node``'s
    visit and every routed stop's."""
    dp = day_places(w, routes, size)
    pl = dp.places
    d_x, p_x, s_x = size[node]
    lo_x, hi_x = w.windows[node]
    at_x = np.maximum(pl.ready + w.travel[pl.a, node], lo_x)
    push = np.maximum(0, at_x + s_x + w.travel[node, pl.b] - pl.b_start)
    ok = dp.feasible & (at_x <= hi_x - s_x) & (push <= pl.room)
    peak = np.maximum(pl.before + d_x, pl.after + p_x)  # the most aboard with the visit
    if np.isfinite(w.overload_cost):  # crates over capacity at a price (the annealing's overload)
        penalty = (np.maximum(0, peak - dp.capacity) - dp.over) * w.overload_cost
    else:
        ok &= peak <= dp.capacity
        penalty = 0
    later = np.maximum(0, push - pl.absorbed)
    extra_m = w.dist[pl.a, node] + w.dist[node, pl.b] - pl.metres
    delta = extra_m * dp.arc + later * dp.second + dp.fixed + penalty
    return np.where(ok, delta, INF), dp.van, dp.pos
