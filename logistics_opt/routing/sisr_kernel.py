"""The compiled core of :mod:`.sisr`: one day's routes improved by ruin and recreate, in Numba.

Everything here works on plain arrays (:class:`Day`, :class:`State`), never on a DayProblem;
:mod:`.sisr` packs them. A route is costed exactly as the OR-Tools day model costs it
(:mod:`.ortools_model`): fixed cost, arc costs of its van's type, and the span (return minus
departure, the departure as late as waiting allows) at the van's cost per second; the crates
aboard (simultaneous pickup and delivery) within capacity all along; service starts within the
stops' windows; the return and the span within the shift's limits (:func:`.rules.shift_limits`).

The search is SISR (Christiaens & Vanden Berghe, Transportation Science 2020): remove strings
(or split strings) of stops from a few neighbouring routes, re-insert them one by one at their
cheapest place with blinks, accept by simulated annealing (the iterations: :mod:`.anneal_kernel`). One iteration costs microseconds, not
the milliseconds of a re-solve through OR-Tools.
"""

from __future__ import annotations

from collections import namedtuple

import numpy as np
from numba import njit

INF = np.int64(2**62)

Day = namedtuple(
    "Day",
    "arc travel service lo hi timed deliv pick vtype vdepot vcap vfixed vcoef vstart vend vspan "
    "allowed vclass near far avg_removed max_string split_depth blink granular",
)
#: ``Day``'s last five: SISR's ruin settings (:class:`.settings.SisrSettings`): average stops removed,
#: longest string, split-string depth, blink rate; and the nearest stops whose routes an insertion tries
#: first (0: every route).
State = namedtuple(
    "State",
    "routes lens rcost pm sm wait where_v where_p best_routes best_lens bk_routes bk_lens bk_cost "
    "touched tlist dirty buf removed seen mark absent left tries scalars",
)
#: ``State.scalars``: current cost, best cost, touched count, stamp for empty-van classes, stops absent from
#: the current routes (``absent[:NABS]``) and from the best. ``tries``: per node, how often the search tried
#: to put it in a route while it was absent; ``left``: a buffer of the stops an iteration leaves out.
CUR, BEST, NTOUCH, STAMP, NABS, BABS = 0, 1, 2, 3, 4, 5


@njit(cache=True)
def seed_rng(seed):
    np.random.seed(seed)


@njit(cache=True)
def eval_seq(d, v, seq, n):
    """Cost of van ``v`` driving ``seq[:n]``; -1 when it breaks capacity, a window or the shift."""
    if n == 0:
        return np.int64(0)
    start_load = 0
    for i in range(n):
        start_load += d.deliv[seq[i]]
    if start_load > d.vcap[v]:
        return np.int64(-1)
    load = start_load
    for i in range(n):
        load += d.pick[seq[i]] - d.deliv[seq[i]]
        if load > d.vcap[v]:
            return np.int64(-1)
    dep = d.vdepot[v]
    arc = d.arc[d.vtype[v]]
    cost = d.vfixed[v]
    prev = dep
    for i in range(n):
        cost += arc[prev, seq[i]]
        prev = seq[i]
    cost += arc[prev, dep]
    if not d.timed:
        return cost
    t = d.vstart[v]
    waited = 0
    delay = INF
    prev = dep
    for i in range(n):
        node = seq[i]
        t += d.service[prev] + d.travel[prev, node]
        if t < d.lo[node]:
            waited += d.lo[node] - t
            t = d.lo[node]
        if t > d.hi[node]:
            return np.int64(-1)
        delay = min(delay, d.hi[node] - t + waited)
        prev = node
    end = t + d.service[prev] + d.travel[prev, dep]
    if end > d.vend[v]:
        return np.int64(-1)
    delay = min(delay, d.vend[v] - end + waited)
    span = end - d.vstart[v] - min(waited, delay)
    if span > d.vspan[v]:
        return np.int64(-1)
    return cost + d.vcoef[v] * span


@njit(cache=True)
def refresh(d, s, v):
    """Recompute van ``v``'s cost, load extremes, waiting and the stops' places after a change."""
    n = s.lens[v]
    r = s.routes[v]
    s.rcost[v] = eval_seq(d, v, r, n)
    start_load = 0
    for i in range(n):
        start_load += d.deliv[r[i]]
    # Crates aboard on each leg: leg 0 leaves the depot, leg i + 1 leaves stop i.
    load = start_load
    s.pm[v, 0] = load
    for i in range(n):
        load += d.pick[r[i]] - d.deliv[r[i]]
        s.pm[v, i + 1] = max(s.pm[v, i], load)
    s.sm[v, n] = load
    for i in range(n - 1, -1, -1):
        load -= d.pick[r[i]] - d.deliv[r[i]]
        s.sm[v, i] = max(s.sm[v, i + 1], load)
    waited = 0
    if d.timed and n:
        t = d.vstart[v]
        prev = d.vdepot[v]
        for i in range(n):
            t += d.service[prev] + d.travel[prev, r[i]]
            if t < d.lo[r[i]]:
                waited += d.lo[r[i]] - t
                t = d.lo[r[i]]
            prev = r[i]
    s.wait[v] = waited
    for i in range(n):
        s.where_v[r[i]] = v
        s.where_p[r[i]] = i


@njit(cache=True)
def touch(s, v):
    """Keep van ``v``'s route to restore, the first time an iteration changes it."""
    if s.touched[v]:
        return
    s.touched[v] = True
    s.tlist[s.scalars[NTOUCH]] = v
    s.scalars[NTOUCH] += 1
    s.bk_lens[v] = s.lens[v]
    s.bk_cost[v] = s.rcost[v]
    for i in range(s.lens[v]):
        s.bk_routes[v, i] = s.routes[v, i]


@njit(cache=True)
def remove_range(d, s, v, first, count, keep_from, keep_count, nr):
    """Remove ``count`` stops of van ``v`` from ``first`` on, but keep ``keep_count`` of them from
    index ``keep_from``; the removed join ``s.removed`` after its ``nr`` entries. Returns the new count."""
    touch(s, v)
    r = s.routes[v]
    n = s.lens[v]
    out = 0
    for i in range(n):
        inside = first <= i < first + count and not (keep_from <= i < keep_from + keep_count)
        if inside:
            s.removed[nr] = r[i]
            s.where_v[r[i]] = -1
            nr += 1
        else:
            r[out] = r[i]
            out += 1
    s.lens[v] = out
    refresh(d, s, v)
    return nr


@njit(cache=True)
def ruin(d, s):
    """SISR's ruin: strings around a random stop's neighbours, from at most k_s routes."""
    routes_used = 0
    served = 0
    for v in range(s.lens.shape[0]):
        if s.lens[v]:
            routes_used += 1
            served += s.lens[v]
    if served == 0:
        return 0
    l_max = min(d.max_string, served / routes_used)
    k_max = 4.0 * d.avg_removed / (1.0 + l_max) - 1.0
    k = int(np.random.uniform(1.0, k_max + 1.0))
    if s.scalars[NABS] and np.random.random() < 0.5:  # make room around a stop left out
        seed = s.absent[np.random.randint(s.scalars[NABS])]
    else:  # a random served stop: row 0 (the first depot's) lists every stop once
        seed = d.near[0, np.random.randint(d.near.shape[1])]
        while s.where_v[seed] < 0:
            seed = d.near[0, np.random.randint(d.near.shape[1])]
    nr = np.int64(0)  # int64 from the start: a literal 0 would have Numba compile remove_range once more
    ruined = 0
    for j in range(d.near.shape[1]):
        if ruined >= k:
            break
        c = d.near[seed, j]
        v = s.where_v[c]
        if v < 0 or s.touched[v]:
            continue
        n = s.lens[v]
        length = int(np.random.uniform(1.0, min(float(n), l_max) + 1.0))
        pos = s.where_p[c]
        if length == n or np.random.random() < 0.5:
            first = np.random.randint(max(0, pos - length + 1), min(pos, n - length) + 1)
            nr = remove_range(d, s, v, first, length, np.int64(0), np.int64(0), nr)
        else:
            kept = np.int64(1)
            while length + kept < n and np.random.random() < d.split_depth:
                kept += 1
            span = length + kept
            first = np.random.randint(max(0, pos - span + 1), min(pos, n - span) + 1)
            keep_from = first + np.random.randint(0, length + 1)
            nr = remove_range(d, s, v, first, span, keep_from, kept, nr)
        ruined += 1
    return nr


@njit(cache=True)
def try_place(d, s, c, v, best):
    """The cheapest place for stop ``c`` in van ``v``'s route below ``best``: (extra cost, index);
    (best, -1) when none is cheaper (positions blink with probability ``d.blink``)."""
    n = s.lens[v]
    r = s.routes[v]
    dep = d.vdepot[v]
    arc = d.arc[d.vtype[v]]
    fixed = d.vfixed[v] if n == 0 else 0
    found = -1
    for p in range(n + 1):
        if np.random.random() < d.blink:
            continue
        prev = dep if p == 0 else r[p - 1]
        nxt = dep if p == n else r[p]
        extra = fixed + arc[prev, c] + arc[c, nxt] - arc[prev, nxt]
        if d.timed:
            more = d.service[c] + d.travel[prev, c] + d.travel[c, nxt] - d.travel[prev, nxt] - s.wait[v]
            extra += d.vcoef[v] * max(0, more)
        if extra >= best:
            continue
        if s.pm[v, p] + d.deliv[c] > d.vcap[v] or s.sm[v, p] + d.pick[c] > d.vcap[v]:
            continue
        if d.timed:
            for i in range(p):
                s.buf[i] = r[i]
            s.buf[p] = c
            for i in range(p, n):
                s.buf[i + 1] = r[i]
            cost = eval_seq(d, v, s.buf, n + 1)
            if cost < 0:
                continue
            extra = cost - s.rcost[v]
            if extra >= best:
                continue
        best = extra
        found = p
    return best, found


@njit(cache=True)
def insert_at(d, s, c, v, p):
    touch(s, v)
    r = s.routes[v]
    for i in range(s.lens[v], p, -1):
        r[i] = r[i - 1]
    r[p] = c
    s.lens[v] += 1
    refresh(d, s, v)


@njit(cache=True)
def order_removed(d, s, nr):
    """The removed stops in one of SISR's orders for re-insertion (:func:`order_stops`)."""
    return order_stops(d, s.removed[:nr])


@njit(cache=True)
def order_stops(d, stops):
    """``stops`` in one of SISR's orders for re-insertion: random (4), most crates (4), farthest (2),
    closest (1)."""
    nr = len(stops)
    keys = np.empty(nr, dtype=np.float64)
    rule = np.random.randint(11)
    for i in range(nr):
        c = stops[i]
        if rule < 4:
            keys[i] = np.random.random()
        elif rule < 8:
            keys[i] = -float(d.deliv[c] + d.pick[c])
        elif rule < 10:
            keys[i] = -float(d.far[c])
        else:
            keys[i] = float(d.far[c])
    return stops[np.argsort(keys, kind="mergesort")]


@njit(cache=True)
def recreate(d, s, nr):
    """Re-insert the removed stops one by one at their cheapest place; False if one fits nowhere."""
    for c in order_removed(d, s, nr):
        if not place(d, s, c):
            return False
    return True


@njit(cache=True)
def place(d, s, c):
    """Insert stop ``c`` at its cheapest feasible place (an empty van tried once per class); False
    if it fits nowhere. On a granular day (``d.granular`` > 0) only the routes of its ``d.granular``
    nearest stops are tried, and every route when none of them has room."""
    if d.granular and place_among(d, s, c, d.granular):
        return True
    return place_among(d, s, c, np.int64(0))


@njit(cache=True)
def place_among(d, s, c, k):
    """:func:`place` among the routes that serve one of the ``k`` stops nearest ``c`` (0: every route)."""
    s.scalars[STAMP] += 1
    stamp = s.scalars[STAMP]
    for j in range(k):
        v = s.where_v[d.near[c, j]]
        if v >= 0:
            s.mark[v] = stamp
    best = INF
    best_v = np.int64(-1)
    best_p = np.int64(-1)
    for v in range(s.lens.shape[0]):
        if not d.allowed[v, c]:
            continue
        if s.lens[v] == 0:
            if s.seen[d.vclass[v]] == stamp:
                continue
            s.seen[d.vclass[v]] = stamp
        elif k and s.mark[v] != stamp:
            continue
        extra, p = try_place(d, s, c, v, best)
        if p >= 0:
            best, best_v, best_p = extra, np.int64(v), p
    if best_v < 0:
        return False
    insert_at(d, s, c, best_v, best_p)
    return True


@njit(cache=True)
def finish(d, s, keep):
    """End an iteration: keep its routes, or restore the touched ones."""
    for j in range(s.scalars[NTOUCH]):
        v = s.tlist[j]
        s.touched[v] = False
        if keep:
            s.dirty[v] = True
        else:
            s.lens[v] = s.bk_lens[v]
            for i in range(s.bk_lens[v]):
                s.routes[v, i] = s.bk_routes[v, i]
            refresh(d, s, v)
    s.scalars[NTOUCH] = 0


@njit(cache=True)
def keep_best(s):
    """Copy the routes changed since the last best into the best routes."""
    for v in range(s.lens.shape[0]):
        if s.dirty[v]:
            s.dirty[v] = False
            s.best_lens[v] = s.lens[v]
            for i in range(s.lens[v]):
                s.best_routes[v, i] = s.routes[v, i]


@njit(cache=True)
def start(d, s):
    """Cost every route of the first solution; it is the current and the best (the absent stops,
    ``s.absent[:NABS]``, as they are)."""
    total = 0
    for v in range(s.lens.shape[0]):
        refresh(d, s, v)
        total += s.rcost[v]
        s.dirty[v] = True
    s.scalars[CUR] = total
    s.scalars[BEST] = total
    s.scalars[BABS] = s.scalars[NABS]
    keep_best(s)
