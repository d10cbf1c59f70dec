"""The annealing of :mod:`.sisr` in compiled code: ruin-and-recreate iterations accepted by simulated
annealing (:func:`iterate`), with the stops no route takes kept in play.

A stop that fits nowhere is *absent* (``State.absent[:NABS]``). Every iteration tries the absent stops
first, before the stops its ruin removed, and half of its ruins start around an absent stop, to make room
near it. Routes that leave fewer stops out are kept whatever they cost; routes that leave more out never
are; as many: the annealing decides on cost. The best routes are the fewest absent, then the cheapest. A
tight fleet thus first serves what it can, then gets cheap. ``State.tries`` counts, per stop, how often the
search tried to fit it while it was absent: the plan's reason for a stop left out says so.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from .sisr_kernel import (
    BABS,
    BEST,
    CUR,
    NABS,
    NTOUCH,
    finish,
    keep_best,
    order_removed,
    order_stops,
    place,
    recreate,
    ruin,
)


@njit(cache=True)
def recreate_absent(d, s, nr):
    """Re-insert the stops absent before this iteration (first, each try counted in ``s.tries``), then the
    ``nr`` removed ones. A stop that fits nowhere joins ``s.left``. Returns how many did, or -1 once more
    stops are left out than were absent before (such routes are never kept)."""
    before = s.scalars[NABS]
    nleft = 0
    for c in order_stops(d, s.absent[:before]):
        s.tries[c] += 1
        if not place(d, s, c):
            s.left[nleft] = c
            nleft += 1
    for c in order_removed(d, s, nr):
        if not place(d, s, c):
            if nleft >= before:
                return -1
            s.left[nleft] = c
            nleft += 1
    return nleft


@njit(cache=True)
def place_unserved(d, s, unserved):
    """Each of ``unserved`` put where it fits, its try counted; those that fit nowhere join the absent
    stops (``s.absent``). The routes are kept: call :func:`start` after."""
    for c in unserved:
        s.tries[c] += 1
        if not place(d, s, c):
            s.absent[s.scalars[NABS]] = c
            s.scalars[NABS] += 1
        finish(d, s, np.bool_(True))


@njit(cache=True)
def iterate(d, s, iterations, progress_from, progress_to, temp_start, temp_end):
    """``iterations`` rounds of ruin, recreate and annealing acceptance; the temperature cools
    exponentially from ``temp_start`` to ``temp_end`` over progress 0..1."""
    for it in range(iterations):
        progress = progress_from + (progress_to - progress_from) * it / iterations
        temp = temp_start * (temp_end / temp_start) ** progress
        before = s.scalars[NABS]
        nr = ruin(d, s)
        nabs = 0
        if before == 0:
            ok = nr > 0 and recreate(d, s, nr)
        else:
            nabs = recreate_absent(d, s, nr)
            ok = nabs >= 0
        cost = s.scalars[CUR]
        if ok:
            for j in range(s.scalars[NTOUCH]):
                v = s.tlist[j]
                if s.rcost[v] < 0:
                    ok = False
                    break
                cost += s.rcost[v] - s.bk_cost[v]
        # Fewer stops left out wins whatever the cost; as many: annealing on cost.
        keep = ok and (nabs < before or cost < s.scalars[CUR] - temp * np.log(max(np.random.random(), 1e-300)))
        finish(d, s, keep)
        if keep:
            s.scalars[CUR] = cost
            s.scalars[NABS] = nabs
            s.absent[:nabs] = s.left[:nabs]
            if nabs < s.scalars[BABS] or (nabs == s.scalars[BABS] and cost < s.scalars[BEST]):
                s.scalars[BEST] = cost
                s.scalars[BABS] = nabs
                keep_best(s)
        elif before:  # the restored routes leave the absent stops out again
            for i in range(before):
                s.where_v[s.absent[i]] = -1
