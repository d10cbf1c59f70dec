"""Each route on its own: distance, loads, times (waits, the break, closing times, the shift),
duration, cost and CO2, recomputed by the checker's own walk over the route.

Nothing here comes from the solver: the checker reads the reloads, the places the van passes, the
loads of its trips and its times from ``plan.json`` and the data alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..data.model import Branch, Network, VehicleType
from .legs import LegKm

TIME_TOL = 1.01  # minutes: plan times are rounded to HH:MM
KM_TOL = 0.01
EUR_TOL = 0.02


def minutes(hhmm: str) -> float:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def reloads_after(route: dict[str, Any]) -> list[Any]:
    """The stop numbers (1-based) after which the van drives back to its depot to reload."""
    return [x["after_stop"] for x in route.get("reloads", [])]


def walk(depot: str, stops: list[str], after: list[int]) -> list[str]:
    """The places in the order the van passes them: out of the depot, each stop in turn, back to
    the depot after every stop it reloads after, and home to the depot after the last stop."""
    path = [depot]
    for number, branch in enumerate(stops, start=1):
        path.append(branch)
        if number in after:
            path.append(depot)
    return [*path, depot]


def trips(stops: list[dict[str, Any]], after: list[int]) -> list[list[dict[str, Any]]]:
    """The stops cut into the van's trips: a new trip starts after each stop it reloads after."""
    out: list[list[dict[str, Any]]] = [[]]
    for number, x in enumerate(stops, start=1):
        out[-1].append(x)
        if number in after:
            out.append([])
    return out


@dataclass
class Drive:
    """One route as the checker drives it: the van, the data, the reloads and each leg's minutes
    along :func:`walk`."""

    route: dict[str, Any]
    van: VehicleType
    network: Network
    branches: dict[str, Branch]
    after: list[int]
    leg_min: list[float]


@dataclass
class Times:
    end: float
    stops: list[tuple[float, float, float]]  # per stop: arrival, begin of service, departure
    reloads: list[tuple[float, float]]  # per reload: arrival at the depot, departure


def check_routes(
    plan: dict[str, Any], network: Network, legs: LegKm, begins: dict[int, list[float]] | None = None
) -> list[str]:
    """Violations of each route on its own; ``begins`` (when given) gets the recomputed start of service at
    each stop, by route index."""
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
        shut = [
            x["branch"] for x in r["stops"] if x["branch"] in branches and not _open(network, branches[x["branch"]], r)
        ]
        errs += [f"{tag}: {bid} is visited on {r['day']}, a day it is shut (hours)" for bid in shut]
        after = reloads_after(r)
        fault = _reload_fault(after, len(r["stops"]), vt)
        if fault:
            errs.append(f"{tag}: {fault}")
            continue
        path = walk(vt.depot, [x["branch"] for x in r["stops"]], after)
        if any(x not in branches for x in path):
            errs.append(f"{tag}: unknown branch in stops")
            continue
        lg = [legs(a, b) for a, b in zip(path, path[1:])]
        km = sum(x[0] for x in lg)
        if abs(km - r["distance_km"]) > KM_TOL + 1e-6 * km:
            errs.append(f"{tag}: distance {r['distance_km']} km, recomputed {km:.3f}")
        errs += [f"{tag}: {e}" for e in _loads(r, vt, after)]
        drive = Drive(r, vt, network, branches, after, [x[1] for x in lg])
        errs += [f"{tag}: {e}" for e in _times(drive, km, {} if begins is None else begins, ri)]
    return errs


def _open(network: Network, b: Branch, route: dict[str, Any]) -> bool:
    return network.hours_on(b, route["day"]) is not None


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
    for number, trip in enumerate(trips(r["stops"], after), start=1):
        load = sum(x["deliver"] for x in trip)
        if number == 1 and r.get("load_start", load) != load:
            errs.append(f"load_start {r.get('load_start')} but deliveries add up to {load}")
        if number > 1 and r["reloads"][number - 2].get("load_start") != load:
            stated = r["reloads"][number - 2].get("load_start")
            errs.append(f"trip {number} leaves with {stated} crates, but its deliveries add up to {load}")
        if trip and load > vt.capacity_crates:
            errs.append(f"leaves with {load} crates, capacity {vt.capacity_crates}")
        for x in trip:
            if x["deliver"] < 0 or x["pickup"] < 0:
                errs.append(f"negative crates at {x['branch']}")
            load += x["pickup"] - x["deliver"]
            if x["load_after"] != load:
                errs.append(f"load after {x['branch']} is {x['load_after']}, recomputed {load}")
            if load > vt.capacity_crates or load < 0:
                errs.append(f"{load} crates aboard after {x['branch']}, capacity {vt.capacity_crates}")
    return errs


def _drive(d: Drive, start: float, brk: int | None) -> Times:
    """Drive the walk from ``start``: each leg in turn, a wait until a branch opens, its service
    and crate handling, the break after stop ``brk``, and the van's reload time at the depot after
    each reload stop."""
    s = d.network.settings
    legs = iter(d.leg_min)
    t = start + next(legs)
    at_stops: list[tuple[float, float, float]] = []
    at_depot: list[tuple[float, float]] = []
    for number, x in enumerate(d.route["stops"], start=1):
        b = d.branches[x["branch"]]
        opens = _hours(d, b)[0]
        begin = max(t, opens) if opens is not None else t
        svc = b.service_min if b.service_min is not None else s.default_service_min
        done = begin + svc + s.handling_min_per_crate * (x["deliver"] + x["pickup"])
        at_stops.append((t, begin, done))
        t = done + (s.break_min if brk == number else 0.0)
        if number in d.after:
            back = t + next(legs)
            at_depot.append((back, back + d.van.reload_min))
            t = back + d.van.reload_min
        t += next(legs)  # to the next stop, or home after the last
    return Times(t, at_stops, at_depot)


def _hours(d: Drive, b: Branch) -> tuple[float | None, float | None]:
    """``b``'s hours on the route's day, by the data (hours.csv, else its open/close); a shut day has none
    (:func:`check_routes` reports the visit)."""
    return d.network.hours_on(b, d.route["day"]) or (None, None)


def _times(d: Drive, km: float, begins: dict[int, list[float]], ri: int) -> list[str]:
    s, r, vt = d.network.settings, d.route, d.van
    errs = []
    stops = r["stops"]
    start = minutes(r["start"])
    if start < vt.shift_start_min - 1e-6:
        errs.append(f"starts {r['start']} before the shift")
    brk_after = r.get("break_after_stop")
    end_plain = _drive(d, start, None).end
    needs_break = s.break_min > 0 and end_plain - start > s.break_after_min + 1e-9
    if needs_break and not brk_after:
        errs.append(f"works {end_plain - start:.0f} min without the {s.break_min:g} min break")
    if brk_after and not 1 <= brk_after <= len(stops):
        errs.append(f"break after stop {brk_after}, which does not exist")
        brk_after = None
    times = _drive(d, start, brk_after if needs_break else None)
    begins[ri] = [begin for _, begin, _ in times.stops]
    if brk_after and needs_break:
        before = times.stops[brk_after - 1][2] - start
        if before > s.break_after_min + TIME_TOL:
            errs.append(f"{before:.0f} min of work before the break (limit {s.break_after_min:g})")
    for x, (arr, _, dep) in zip(stops, times.stops):
        if abs(minutes(x["arrival"]) - arr) > TIME_TOL or abs(minutes(x["departure"]) - dep) > TIME_TOL:
            errs.append(f"{x['branch']} at {x['arrival']}-{x['departure']}, recomputed {arr:.1f}-{dep:.1f} min")
        close = _hours(d, d.branches[x["branch"]])[1]
        if close is not None and dep > close + 1e-6:
            errs.append(f"{x['branch']} served until {dep:.0f} min, after it closes")
    for x, k, (back, leave) in zip(r.get("reloads", []), d.after, times.reloads):
        if abs(minutes(x["arrival"]) - back) > TIME_TOL or abs(minutes(x["departure"]) - leave) > TIME_TOL:
            errs.append(
                f"reload after stop {k} at {x['arrival']}-{x['departure']}, recomputed {back:.1f}-{leave:.1f} min"
            )
    return errs + _end_and_cost(r, vt, start, times.end, km)


def _end_and_cost(r: dict[str, Any], vt: VehicleType, start: float, end: float, km: float) -> list[str]:
    errs = []
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
