"""The plan's summary adds up its routes."""

from __future__ import annotations

from typing import Any


def check_totals(plan: dict[str, Any]) -> list[str]:
    routes = plan.get("routes", [])
    totals = {
        "cost_eur": (sum(r["cost_eur"] for r in routes), 0.05),
        "distance_km": (sum(r["distance_km"] for r in routes), 0.05),
        "duration_h": (sum(r["duration_min"] for r in routes) / 60, 0.01),
        "co2_kg": (sum(r.get("co2_kg", 0.0) for r in routes), 0.05),
    }
    summ = plan.get("summary", {})
    errs = []
    for key, (tot, tol) in totals.items():
        if key in summ and abs(summ[key] - tot) > tol:
            errs.append(f"summary {key} = {summ[key]}, routes add up to {tot:.3f}")
    if "routes" in summ and summ["routes"] != len(routes):
        errs.append(f"summary routes = {summ['routes']}, plan has {len(routes)}")
    return errs
