"""Each route on its own: distance, loads, times (waits, the break, closing times, the shift),
duration, cost and CO2, recomputed by the checker's own pass over the route."""

from __future__ import annotations

from typing import Any

from ..data.model import Branch, Network, VehicleType
from ..plan import fold_reloads, reload_path, reload_stops
from .legs import LegKm

TIME_TOL = 1.01  # minutes: plan times are rounded to HH:MM
KM_TOL = 0.01
EUR_TOL = 0.02


def minutes(hhmm: str) -> float:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def check_routes(plan: dict[str, Any], network: Network, legs: LegKm) -> list[str]:
    errs: list[str] = []
    fleet = {v.type: v for v in network.fleet}
    branches = {b.id: b for b in network.branches}
    for ri, r in enumerate(plan.get("routes", [])):
        tag = f"route {ri + 1} ({r.get('day')} {r.get('vehicle')})"
        vt = fleet.get(r["vehicle_type"])
        if vt is None:
            errs.append(f"{tag}: unknown vehicle type {r['vehicle_type']}")
            continue
        if r["day"] not in network.settings.working_days:
            errs.append(f"{tag}: {r['day']} is not a working day")
        if not r["stops"]:
            errs.append(f"{tag}: a route with no stops")
        after = reload_stops(r)
        fault = _reload_fault(after, len(r["stops"]), vt)
        if fault:
            errs.append(f"{tag}: {fault}")
            continue
        seq = reload_path(vt.depot, [x["branch"] for x in r["stops"]], after)
        if any(x not in branches for x in seq):
            errs.append(f"{tag}: unknown branch in stops")
            continue
        lg = [legs(a, b) for a, b in zip(seq, seq[1:])]
        km = sum(x[0] for x in lg)
        if abs(km - r["distance_km"]) > KM_TOL + 1e-6 * km:
            errs.append(f"{tag}: distance {r['distance_km']} km, recomputed {km:.3f}")
        errs += [f"{tag}: {e}" for e in _loads(r, vt, after)]
        errs += [f"{tag}: {e}" for e in _times(r, vt, network, branches, [x[1] for x in lg], km)]
    return errs


def _reload_fault(after: list[Any], n: int, vt: VehicleType) -> str:
    """Reloads: whole stop numbers, increasing, between stops, no more than the van's trips allow."""
    if not after:
        return ""
    if len(after) > vt.max_trips - 1:
        return f"{len(after)} reloads, but a {vt.type} makes at most {vt.max_trips} trips a day"
    if any(not isinstance(k, int) or not 1 <= k < n for k in after) or after != sorted(set(after)):
        return f"reloads after stops {after}: expected increasing stop numbers between 1 and {n - 1}"
    return ""


def _loads(r: dict[str, Any], vt: VehicleType, after: list[int]) -> list[str]:
    """Each trip leaves the depot with everything it delivers; never above capacity or below zero."""
    errs = []
    stops = r["stops"]
    bounds = [0, *after, len(stops)]
    trips = [sum(x["deliver"] for x in stops[a:b]) for a, b in zip(bounds, bounds[1:])]
    load = trips[0]
    if r.get("load_start", load) != load:
        errs.append(f"load_start {r.get('load_start')} but deliveries add up to {load}")
    for k, x in enumerate(stops):
        if k in after:
            trip = after.index(k) + 1
            load = trips[trip]
            stated = r["reloads"][trip - 1].get("load_start")
            if stated != load:
                errs.append(f"trip {trip + 1} leaves with {stated} crates, but its deliveries add up to {load}")
        if k in bounds[:-1] and load > vt.capacity_crates:
            errs.append(f"leaves with {load} crates, capacity {vt.capacity_crates}")
        if x["deliver"] < 0 or x["pickup"] < 0:
            errs.append(f"negative crates at {x['branch']}")
        load += x["pickup"] - x["deliver"]
        if x["load_after"] != load:
            errs.append(f"load after {x['branch']} is {x['load_after']}, recomputed {load}")
        if load > vt.capacity_crates or load < 0:
            errs.append(f"{load} crates aboard after {x['branch']}, capacity {vt.capacity_crates}")
    return errs


def _pass(
    start: float,
    stops: list[dict[str, Any]],
    network: Network,
    branches: dict[str, Branch],
    travel: list[float],
    brk: int | None,
) -> tuple[float, list[tuple[float, float, float]]]:
    """(end, per stop (arrival, begin of service, departure)) from ``start``, with the break after stop ``brk``."""
    s = network.settings
    t = start
    out = []
    for k, x in enumerate(stops):
        b = branches[x["branch"]]
        t += travel[k]
        begin = max(t, b.open_min) if b.open_min is not None else t
        svc = b.service_min if b.service_min is not None else s.default_service_min
        out.append((t, begin, begin + svc + s.handling_min_per_crate * (x["deliver"] + x["pickup"])))
        t = out[-1][2]
        if brk == k + 1:
            t += s.break_min
    return t + travel[-1], out


def _times(
    r: dict[str, Any], vt: VehicleType, network: Network, branches: dict[str, Branch], travel: list[float], km: float
) -> list[str]:
    s = network.settings
    errs = []
    stops = r["stops"]
    start = minutes(r["start"])
    after = reload_stops(r)
    raw, travel = travel, fold_reloads(travel, after, vt.reload_min)
    if start < vt.shift_start_min - 1e-6:
        errs.append(f"starts {r['start']} before the shift")
    brk_after = r.get("break_after_stop")
    end_plain, _ = _pass(start, stops, network, branches, travel, None)
    needs_break = s.break_min > 0 and end_plain - start > s.break_after_min + 1e-9
    if needs_break and not brk_after:
        errs.append(f"works {end_plain - start:.0f} min without the {s.break_min:g} min break")
    if brk_after and not 1 <= brk_after <= len(stops):
        errs.append(f"break after stop {brk_after}, which does not exist")
        brk_after = None
    end, times = _pass(start, stops, network, branches, travel, brk_after if needs_break else None)
    if brk_after and needs_break:
        before = times[brk_after - 1][2] - start
        if before > s.break_after_min + TIME_TOL:
            errs.append(f"{before:.0f} min of work before the break (limit {s.break_after_min:g})")
    for x, (arr, _, dep) in zip(stops, times):
        if abs(minutes(x["arrival"]) - arr) > TIME_TOL or abs(minutes(x["departure"]) - dep) > TIME_TOL:
            errs.append(f"{x['branch']} at {x['arrival']}-{x['departure']}, recomputed {arr:.1f}-{dep:.1f} min")
        close = branches[x["branch"]].close_min
        if close is not None and dep > close + 1e-6:
            errs.append(f"{x['branch']} served until {dep:.0f} min, after it closes")
    for x, k in zip(r.get("reloads", []), after):
        back = times[k - 1][2] + (s.break_min if brk_after == k and needs_break else 0.0) + raw[k + after.index(k)]
        if (
            abs(minutes(x["arrival"]) - back) > TIME_TOL
            or abs(minutes(x["departure"]) - back - vt.reload_min) > TIME_TOL
        ):
            errs.append(
                f"reload after stop {k} at {x['arrival']}-{x['departure']}, recomputed {back:.1f}-{back + vt.reload_min:.1f} min"
            )
    if abs(minutes(r["end"]) - end) > TIME_TOL:
        errs.append(f"ends {r['end']}, recomputed {end:.1f} min")
    if end > vt.shift_end_min + 1e-6:
        errs.append(f"ends {end:.1f} min, after the shift ends at {vt.shift_end_min:.0f}")
    dur = end - start
    if abs(dur - r["duration_min"]) > 0.02:
        errs.append(f"duration {r['duration_min']} min, recomputed {dur:.2f}")
    cost = km * vt.cost_per_km + dur / 60 * vt.cost_per_hour + vt.fixed_cost_per_day
    if abs(cost - r["cost_eur"]) > EUR_TOL:
        errs.append(f"cost {r['cost_eur']} EUR, recomputed {cost:.2f}")
    if abs(r.get("co2_kg", 0.0) - km * vt.co2_g_per_km / 1000) > 0.01:
        errs.append(f"CO2 {r.get('co2_kg')} kg, recomputed {km * vt.co2_g_per_km / 1000:.3f}")
    return errs
