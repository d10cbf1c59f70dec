"""Fewer routes, in compiled code: SISR's fleet minimisation on the kernel's arrays (:mod:`.sisr_kernel`).

A day whose crates nearly fill its vans can sit one route above what they need: 317 crates to
collect with 40-crate vans fit in 8 routes, but the search ends with 9. The annealing on cost
rarely crosses over, because every plan in between leaves a stop out. This phase crosses it the
way Christiaens & Vanden Berghe (Transportation Science 2020, fleet minimisation) do:

- take away the route with the fewest crates; its stops become *absent*;
- ruin and recreate on the vans still in use only (no empty van opens); a stop that fits nowhere
  stays absent;
- keep the new routes when fewer stops are absent, or when the absent ones were absent less often
  so far (every iteration counts one absence for each stop it leaves out);
- when no stop is absent, the routes serve the day with one van fewer: keep them as the best, and
  take away the next route;
- stop at the fewest routes the crates allow, or when the absent stops stay absent too long.

Cost plays no part here. The caller (:func:`.sisr.improve`) races a cost search from the fewer
routes against one from the routes it started with, and keeps the cheaper.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from .sisr_kernel import NTOUCH, finish, keep_best, order_removed, place, refresh, remove_range, ruin


@njit(cache=True)
def routes_used(s):
    used = 0
    for v in range(s.lens.shape[0]):
        if s.lens[v]:
            used += 1
    return used


@njit(cache=True)
def take_route(d, s, absent, nabs):
    """Take away the route with the fewest crates: its van closes (``d.allowed`` must be this
    phase's copy) and its stops join ``absent`` after its ``nabs`` entries. Returns the new count."""
    pick = np.int64(-1)
    least = 0
    for v in range(s.lens.shape[0]):
        if s.lens[v] == 0:
            continue
        crates = 0
        for i in range(s.lens[v]):
            crates += d.deliv[s.routes[v, i]] + d.pick[s.routes[v, i]]
        if pick < 0 or crates < least:
            pick, least = np.int64(v), crates
    n = s.lens[pick]
    for i in range(n):
        absent[nabs + i] = s.routes[pick, i]
    remove_range(d, s, pick, np.int64(0), n, np.int64(0), np.int64(0), np.int64(0))
    finish(d, s, np.bool_(True))
    d.allowed[pick, :] = False
    return nabs + n


@njit(cache=True)
def reduce(d, s, absent, counts, track, iterations, floor, patience):
    """``iterations`` iterations of the phase. ``track``: the number of absent stops
    (``absent[:track[0]]``) and the iterations since a route was last taken away (``track[1]``).
    Vans without a route must be closed in ``d.allowed``. Every time no stop is absent, the routes
    are kept as the best (``s.best_routes``) and, while more routes are used than ``floor``, the
    next route is taken away. Returns early at the floor, or when ``patience`` iterations have not
    served the absent stops: True when the phase should go on."""
    left = np.empty_like(absent)
    nabs = track[0]
    for _ in range(iterations):
        if nabs == 0:
            if routes_used(s) <= floor:
                track[0] = 0
                return False
            nabs = take_route(d, s, absent, 0)
            track[1] = 0
        if track[1] >= patience:
            track[0] = nabs
            return False
        track[1] += 1
        nr = ruin(d, s)
        for i in range(nabs):
            s.removed[nr + i] = absent[i]
        nleft = 0
        for c in order_removed(d, s, nr + nabs):
            if not place(d, s, c):
                left[nleft] = c
                nleft += 1
        ok = True
        for j in range(s.scalars[NTOUCH]):  # the touched routes: each must be feasible
            if s.rcost[s.tlist[j]] < 0:
                ok = False
                break
        before = 0
        for i in range(nabs):
            before += counts[absent[i]]
        after = 0
        for i in range(nleft):
            after += counts[left[i]]
            counts[left[i]] += 1
        keep = ok and (nleft < nabs or after < before)
        finish(d, s, keep)
        if not keep:  # the restored routes leave the absent stops out again
            for i in range(nabs):
                s.where_v[absent[i]] = -1
        else:
            nabs = nleft
            absent[:nabs] = left[:nabs]
            if nabs == 0:
                s.dirty[:] = True
                keep_best(s)
    track[0] = nabs
    return True


@njit(cache=True)
def restore_best(d, s):
    """Make the best routes the current ones."""
    for v in range(s.lens.shape[0]):
        s.lens[v] = s.best_lens[v]
        for i in range(s.best_lens[v]):
            s.routes[v, i] = s.best_routes[v, i]
        refresh(d, s, v)
