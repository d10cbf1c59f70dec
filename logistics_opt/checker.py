"""The independent plan checker: recomputes every route of a ``plan.json`` from the data.

It shares no code with the solver path on purpose: distances come from geopy's geodesic
(not the pyproj matrix), crates from its own reading of the accumulation rule, times from its
own pass over the route. It is run on every plan before the plan is written, and the tests
use it as their oracle. It returns a list of violations; an empty list means the plan holds.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Any, Callable

from geopy.distance import geodesic

from .model import Network

TIME_TOL = 1.01      # minutes: plan times are rounded to HH:MM
KM_TOL = 0.01
EUR_TOL = 0.02

LegKm = Callable[[str, str], tuple[float, float]]   # (road km, minutes) between two ids


def _minutes(hhmm: str) -> float:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def geodesic_legs(network: Network) -> LegKm:
    s = network.settings
    where = {b.id: (b.lat, b.lon) for b in network.branches}
    cache: dict[tuple[str, str], tuple[float, float]] = {}

    def leg(a: str, b: str) -> tuple[float, float]:
        if (a, b) not in cache:
            km = geodesic(where[a], where[b]).km * s.detour_factor if a != b else 0.0
            cache[(a, b)] = (km, km / s.speed_kmh * 60.0)
        return cache[(a, b)]
    return leg


def expected_visits(network: Network, schedule: dict[str, list[str]]) -> dict[tuple[str, str], dict[str, int]]:
    """(branch, day) -> items and crates that visit must move, by the accumulation rule."""
    s = network.settings
    wd = list(s.working_days)
    sent: Counter[str] = Counter()
    recv: Counter[str] = Counter()
    for r in network.requests:
        sent[r.origin] += r.items
        recv[r.destination] += r.items
    out = {}
    for bid, days in schedule.items():
        pos = sorted({wd.index(d) for d in days if d in wd})   # check_plan reports days off and repeats
        if not pos:
            continue
        gaps = [(pos[k] - pos[k - 1]) % len(wd) or len(wd) for k in range(len(pos))]

        def split(total: int) -> list[int]:
            exact = [total * g / sum(gaps) for g in gaps]
            whole = [int(math.floor(x)) for x in exact]
            left = total - sum(whole)
            for k in sorted(range(len(gaps)), key=lambda k: (whole[k] - exact[k], k))[:left]:
                whole[k] += 1
            return whole
        dl, pk = split(recv[bid]), split(sent[bid])
        for k, p in enumerate(pos):
            out[(bid, wd[p])] = {
                "deliver_items": dl[k], "pickup_items": pk[k],
                "deliver": math.ceil(dl[k] / s.items_per_crate - 1e-9) if dl[k] else 0,
                "pickup": math.ceil(pk[k] / s.items_per_crate - 1e-9) if pk[k] else 0,
            }
    return out


def check_plan(plan: dict[str, Any], network: Network, legs: LegKm | None = None,
               frequency_rules: bool = False) -> list[str]:
    """All violations of the semantics in ``plan`` (a plan.json dict). Empty when it holds.

    With ``frequency_rules``, also checks every branch's visit days against the allowed
    patterns and its service limits (min visits a week, max days between visits).
    """
    s = network.settings
    legs = legs or geodesic_legs(network)
    errs: list[str] = []
    branches = {b.id: b for b in network.branches}
    fleet = {v.type: v for v in network.fleet}
    schedule: dict[str, list[str]] = plan.get("schedule", {})
    expect = expected_visits(network, schedule)

    # Every non-hub branch is scheduled, on working days.
    for b in network.stops:
        if b.id not in schedule:
            errs.append(f"branch {b.id} is missing from the schedule")
    for bid, days in schedule.items():
        if bid not in branches or branches[bid].is_hub:
            errs.append(f"schedule names unknown branch {bid}")
            continue
        b = branches[bid]
        if any(d not in s.working_days for d in days) or len(set(days)) != len(days):
            errs.append(f"{bid}: schedule days {days} are not distinct working days")
        if b.days and tuple(sorted(days, key=s.working_days.index)) != tuple(b.days):
            errs.append(f"{bid}: fixed days {'+'.join(b.days)} but scheduled {'+'.join(days)}")
        if not days:
            errs.append(f"{bid}: never visited")
        if frequency_rules and days:
            errs.extend(_frequency_violations(bid, days, network))

    seen_visits: Counter[tuple[str, str]] = Counter()
    moved: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    per_type_day: Counter[tuple[str, str]] = Counter()
    names_day: Counter[tuple[str, str]] = Counter()
    totals = defaultdict(float)
    for ri, r in enumerate(plan.get("routes", [])):
        tag = f"route {ri + 1} ({r.get('day')} {r.get('vehicle')})"
        vt = fleet.get(r["vehicle_type"])
        if vt is None:
            errs.append(f"{tag}: unknown vehicle type {r['vehicle_type']}")
            continue
        if r["day"] not in s.working_days:
            errs.append(f"{tag}: {r['day']} is not a working day")
        per_type_day[(r["vehicle_type"], r["day"])] += 1
        names_day[(r["vehicle"], r["day"])] += 1
        depot = vt.depot
        stops = r["stops"]
        if not stops:
            errs.append(f"{tag}: a route with no stops")
        seq = [depot] + [x["branch"] for x in stops] + [depot]
        if any(x not in branches for x in seq):
            errs.append(f"{tag}: unknown branch in stops")
            continue
        lg = [legs(a, b) for a, b in zip(seq, seq[1:])]
        km = sum(x[0] for x in lg)
        if abs(km - r["distance_km"]) > KM_TOL + 1e-6 * km:
            errs.append(f"{tag}: distance {r['distance_km']} km, recomputed {km:.3f}")

        # Loads: leave with everything to deliver; never above capacity or below zero.
        load = sum(x["deliver"] for x in stops)
        if r.get("load_start", load) != load:
            errs.append(f"{tag}: load_start {r.get('load_start')} but deliveries add up to {load}")
        if load > vt.capacity_crates:
            errs.append(f"{tag}: leaves with {load} crates, capacity {vt.capacity_crates}")
        for x in stops:
            if x["deliver"] < 0 or x["pickup"] < 0:
                errs.append(f"{tag}: negative crates at {x['branch']}")
            load += x["pickup"] - x["deliver"]
            if x["load_after"] != load:
                errs.append(f"{tag}: load after {x['branch']} is {x['load_after']}, recomputed {load}")
            if load > vt.capacity_crates or load < 0:
                errs.append(f"{tag}: {load} crates aboard after {x['branch']}, capacity {vt.capacity_crates}")
            key = (x["branch"], r["day"])
            seen_visits[key] += 1
            if key not in expect:
                errs.append(f"{tag}: {x['branch']} visited on {r['day']}, not one of its scheduled days")
            for f in ("deliver", "pickup", "deliver_items", "pickup_items"):
                moved[key][f] += x.get(f, 0)

        # Times: own pass from the reported start.
        start = _minutes(r["start"])
        if start < vt.shift_start_min - 1e-6:
            errs.append(f"{tag}: starts {r['start']} before the shift")
        t = start
        work_plain = None
        stop_times = []
        for x in stops:
            b = branches[x["branch"]]
            svc = (b.service_min if b.service_min is not None else s.default_service_min)
            stop_times.append(svc + s.handling_min_per_crate * (x["deliver"] + x["pickup"]))
        brk_after = r.get("break_after_stop")

        def run(brk: int | None) -> tuple[float, list[tuple[float, float, float]]]:
            tt = start
            out = []
            for k, x in enumerate(stops):
                tt += lg[k][1]
                b = branches[x["branch"]]
                begin = max(tt, b.open_min) if b.open_min is not None else tt
                out.append((tt, begin, begin + stop_times[k]))
                tt = begin + stop_times[k]
                if brk == k + 1:
                    tt += s.break_min
            return tt + lg[-1][1], out
        end_plain, _ = run(None)
        work_plain = end_plain - start
        needs_break = s.break_min > 0 and work_plain > s.break_after_min + 1e-9
        if needs_break and not brk_after:
            errs.append(f"{tag}: works {work_plain:.0f} min without the {s.break_min:g} min break")
        if brk_after and not 1 <= brk_after <= len(stops):
            errs.append(f"{tag}: break after stop {brk_after}, which does not exist")
            brk_after = None
        end, times = run(brk_after if needs_break else None)
        if brk_after and needs_break:
            before = times[brk_after - 1][2] - start
            if before > s.break_after_min + TIME_TOL:
                errs.append(f"{tag}: {before:.0f} min of work before the break (limit {s.break_after_min:g})")
        for k, x in enumerate(stops):
            arr, begin, dep = times[k]
            if abs(_minutes(x["arrival"]) - arr) > TIME_TOL or abs(_minutes(x["departure"]) - dep) > TIME_TOL:
                errs.append(f"{tag}: {x['branch']} at {x['arrival']}-{x['departure']}, recomputed "
                            f"{arr:.1f}-{dep:.1f} min")
            b = branches[x["branch"]]
            if b.close_min is not None and dep > b.close_min + 1e-6:
                errs.append(f"{tag}: {x['branch']} served until {dep:.0f} min, after it closes")
        if abs(_minutes(r["end"]) - end) > TIME_TOL:
            errs.append(f"{tag}: ends {r['end']}, recomputed {end:.1f} min")
        if end > vt.shift_end_min + 1e-6:
            errs.append(f"{tag}: ends {end:.1f} min, after the shift ends at {vt.shift_end_min:.0f}")
        dur = end - start
        if abs(dur - r["duration_min"]) > 0.02:
            errs.append(f"{tag}: duration {r['duration_min']} min, recomputed {dur:.2f}")
        cost = km * vt.cost_per_km + dur / 60 * vt.cost_per_hour + vt.fixed_cost_per_day
        if abs(cost - r["cost_eur"]) > EUR_TOL:
            errs.append(f"{tag}: cost {r['cost_eur']} EUR, recomputed {cost:.2f}")
        totals["cost"] += r["cost_eur"]
        totals["km"] += r["distance_km"]
        totals["min"] += r["duration_min"]
        totals["co2"] += r.get("co2_kg", 0.0)
        if abs(r.get("co2_kg", 0.0) - km * vt.co2_g_per_km / 1000) > 0.01:
            errs.append(f"{tag}: CO2 {r.get('co2_kg')} kg, recomputed {km * vt.co2_g_per_km / 1000:.3f}")

    for (t, d), k in per_type_day.items():
        if t in fleet and k > fleet[t].count:
            errs.append(f"{d}: {k} routes of type {t}, only {fleet[t].count} in the fleet")
    for (v, d), k in names_day.items():
        if k > 1:
            errs.append(f"{d}: vehicle {v} drives {k} routes")

    # Every scheduled visit happens once, or is listed as unassigned with a reason.
    unassigned = Counter((u["branch"], u["day"]) for u in plan.get("unassigned", []))
    for u in plan.get("unassigned", []):
        if not u.get("reason"):
            errs.append(f"unassigned {u['branch']} on {u['day']} has no reason")
    biggest = max((v.capacity_crates for v in network.fleet if v.count > 0), default=0)
    for key, want in expect.items():
        if unassigned[key]:
            continue  # listed with its reason (parts of a split visit may be served)
        if seen_visits[key] == 0:
            errs.append(f"{key[0]} on {key[1]}: neither visited nor unassigned (expected once)")
            continue
        if seen_visits[key] > 1 and max(want["deliver"], want["pickup"]) <= biggest:
            errs.append(f"{key[0]} on {key[1]}: visited {seen_visits[key]}x, though one van holds its crates "
                        f"(expected once)")
        for f in ("deliver", "pickup", "deliver_items", "pickup_items"):
            if moved[key][f] != want[f]:
                errs.append(f"{key[0]} on {key[1]}: {f} = {moved[key][f]}, the accumulation rule gives {want[f]}")

    # Weekly volumes: whatever is served moves all the branch's items (when nothing is unassigned).
    if not plan.get("unassigned"):
        moved_in: Counter[str] = Counter()
        moved_out: Counter[str] = Counter()
        for r in plan.get("routes", []):
            for x in r["stops"]:
                moved_in[x["branch"]] += x.get("deliver_items", 0)
                moved_out[x["branch"]] += x.get("pickup_items", 0)
        for bid, (snt, rcv) in network.weekly_items().items():
            if moved_out[bid] != snt or moved_in[bid] != rcv:
                errs.append(f"{bid}: moves {moved_out[bid]} out / {moved_in[bid]} in a week, "
                            f"the requests say {snt} / {rcv}")

    summ = plan.get("summary", {})
    for key, tot, tol in (("cost_eur", totals["cost"], 0.05), ("distance_km", totals["km"], 0.05),
                          ("duration_h", totals["min"] / 60, 0.01), ("co2_kg", totals["co2"], 0.05)):
        if key in summ and abs(summ[key] - tot) > tol:
            errs.append(f"summary {key} = {summ[key]}, routes add up to {tot:.3f}")
    if "routes" in summ and summ["routes"] != len(plan.get("routes", [])):
        errs.append(f"summary routes = {summ['routes']}, plan has {len(plan.get('routes', []))}")
    return errs


def _frequency_violations(bid: str, days: list[str], network: Network) -> list[str]:
    s = network.settings
    b = network.branch(bid)
    wd = list(s.working_days)
    out = []
    ordered = tuple(sorted(days, key=wd.index))
    if not b.days:
        allowed = s.allowed_patterns().get(len(ordered), ())
        if ordered not in allowed:
            out.append(f"{bid}: pattern {'+'.join(ordered)} is not an allowed pattern")
    # Fixed days override the settings' default limits (a branch open on Tuesday only),
    # but not limits given for the branch itself.
    min_v = b.min_visits_per_week or (None if b.days else s.min_visits_per_week)
    if min_v and len(ordered) < min_v:
        out.append(f"{bid}: {len(ordered)} visits a week, minimum {min_v}")
    max_gap = b.max_days_between_visits or (None if b.days else s.max_days_between_visits)
    if max_gap:
        pos = sorted(wd.index(d) for d in ordered)
        gap = max((pos[k] - pos[k - 1]) % len(wd) or len(wd) for k in range(len(pos)))
        if gap > max_gap:
            out.append(f"{bid}: {gap} working days between visits, at most {max_gap} allowed")
    if b.storage_crates is not None:
        want = expected_visits(network, {bid: list(ordered)})
        waiting = max(v["pickup"] for v in want.values())
        if waiting > b.storage_crates:
            out.append(f"{bid}: {waiting} crates wait for a visit, storage holds {b.storage_crates}")
    return out
