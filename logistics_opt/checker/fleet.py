"""The fleet: no more routes of a type on a day than the type's count, and one route per van a day."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..data.model import Network


def check_fleet(plan: dict[str, Any], network: Network) -> list[str]:
    fleet = {v.type: v for v in network.fleet}
    per_type_day: Counter[tuple[str, str]] = Counter()
    names_day: Counter[tuple[str, str]] = Counter()
    for r in plan.get("routes", []):
        if r["vehicle_type"] in fleet:
            per_type_day[(r["vehicle_type"], r["day"])] += 1
            names_day[(r["vehicle"], r["day"])] += 1
    errs = []
    for (t, d), k in per_type_day.items():
        if k > fleet[t].count:
            errs.append(f"{d}: {k} routes of type {t}, only {fleet[t].count} in the fleet")
    for (v, d), k in names_day.items():
        if k > 1:
            errs.append(f"{d}: vehicle {v} drives {k} routes")
    return errs
