"""A fast feasible start for large days: nearest-neighbour routes, one van after the other.

OR-Tools' first-solution strategies do not finish on large pickup-and-delivery days (measured:
none of SAVINGS, PARALLEL/LOCAL_CHEAPEST_INSERTION, PATH_MOST_CONSTRAINED_ARC completed on a
1,000-stop day within 40 s), so the engine warm-starts from these routes instead and improves
them with its local search. Each route grows by the nearest stop that keeps it feasible under the
OR-Tools model's rules: crates aboard within capacity all along the route (the van leaves with
every delivery of the route), service within the stop's window, back within the shift with the
break reserved. Stops no route can take are left out for the search to place.
"""

from __future__ import annotations

import numpy as np

from .problem import DayProblem
from .rules import shift_limits
from .trips import later_trips


def greedy_routes(problem: DayProblem) -> list[list[int]]:
    """Per vehicle (in order), its stops in visiting order; unused vans get an empty list."""
    dist = np.asarray(problem.distance_m, dtype=np.int64)
    travel = np.asarray(problem.travel_s, dtype=np.int64)
    service = np.asarray(problem.service_s, dtype=np.int64)
    deliver = np.asarray(problem.delivery, dtype=np.int64)
    pickup = np.asarray(problem.pickup, dtype=np.int64)
    lo = np.asarray([w[0] for w in problem.windows], dtype=np.int64)
    latest = np.maximum(lo, np.asarray([w[1] for w in problem.windows], dtype=np.int64) - service)
    open_ = np.zeros(problem.num_nodes, dtype=bool)
    open_[problem.num_depots :] = True
    allowed = list(problem.allowed_vehicles) + [()] * (problem.num_nodes - len(problem.allowed_vehicles))
    out: list[list[int]] = []
    later = later_trips(problem)  # a van's later trips are left to the search (they are chained to the first)
    for v_i, v in enumerate(problem.vehicles):
        if v_i in later:
            out.append([])
            continue
        end_max, span_max = shift_limits(v)
        may = np.asarray([not a or v_i in a for a in allowed], dtype=bool)
        route: list[int] = []
        at, t = v.depot, v.shift_start_s
        # Crates: the van leaves with all D deliveries; after stop i it holds D - D_i + P_i, so the
        # most aboard is D + M with M the largest (P_i - D_i) so far (0 at the start).
        d_tot = p_tot = m = 0
        while True:
            begin = np.maximum(t + travel[at], lo)
            back = begin + service + travel[:, v.depot]
            ok = (
                may
                & open_
                & (begin <= latest)
                & (back <= end_max)
                & (back - v.shift_start_s <= span_max)
                & (d_tot + m + deliver <= v.capacity)
                & (p_tot + pickup <= v.capacity)
            )
            if not ok.any():
                break
            nxt = int(np.argmin(np.where(ok, dist[at], np.iinfo(np.int64).max)))
            d_tot += int(deliver[nxt])
            p_tot += int(pickup[nxt])
            m = max(m, p_tot - d_tot)
            t = int(begin[nxt] + service[nxt])
            at = nxt
            route.append(nxt)
            open_[nxt] = False
        out.append(route)
    return out
