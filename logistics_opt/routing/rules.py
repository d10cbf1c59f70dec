"""Rules every engine and heuristic reads the same way: written once, here.

- The shift and the break: a van whose shift is long enough for work before the break plus the
  break must be back ``break_s`` before its shift ends, and works at most shift - break (the
  break is reserved); a shorter shift caps the route at ``break_after_s`` (no break needed).
  This is conservative: the semantics place the break exactly (:func:`..plan.route_timing`), and
  the checker verifies it.
- Costs in integer cost units (1e-5 EUR): per metre by EUR/km, per second by EUR/hour.
- A stop left out costs :data:`DROP_PENALTY`; times live within :data:`HORIZON_S`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .problem import COST_UNITS_PER_EUR, Vehicle

#: Far above any feasible day's cost: only stops no van can serve are left out.
DROP_PENALTY = 10**13
#: Every time of day in a day problem lies within two days (seconds).
HORIZON_S = 48 * 3600


def shift_limits(v: Vehicle) -> tuple[int, int]:
    """(latest return to the depot, longest working time) of a van's route, in seconds."""
    span = v.shift_end_s - v.shift_start_s
    end = v.shift_end_s
    if v.break_s > 0:
        if span - v.break_s >= v.break_after_s:
            end, span = end - v.break_s, span - v.break_s
        else:
            span = min(span, v.break_after_s)
    return end, span


def second_cost(cost_per_hour: float) -> int:
    """Cost units per second of a route's duration."""
    return int(round(cost_per_hour * COST_UNITS_PER_EUR / 3600.0))


def arc_costs(distance_m: ArrayLike, cost_per_km: float) -> np.ndarray:
    """Cost units per arc: metres x EUR/km, rounded."""
    return np.rint(np.asarray(distance_m, dtype=np.int64) * (cost_per_km * COST_UNITS_PER_EUR / 1000.0)).astype(
        np.int64
    )
