"""The checker on a week planned by hand (tests/checker/hand.py): every figure there is worked out in
comments, and the checker, the accumulation rule, the route timing and the planner all agree with it."""

from __future__ import annotations

import copy
import math

import numpy as np
import pytest

from logistics_opt.checker import check_plan, expected_visits, geodesic_legs
from logistics_opt.data.model import Branch, Network, Settings, VehicleType
from logistics_opt.distances import Matrix
from logistics_opt.plan import Plan, route_timing
from logistics_opt.planning.days import build_day, to_routes
from logistics_opt.reports.tables import summary_csv
from logistics_opt.routing.problem import DaySolution, RouteResult
from logistics_opt.volumes import week_visits

from . import hand


def test_the_hand_plan_holds() -> None:
    """Every figure computed by hand passes the checker, with and without the frequency rules."""
    assert check_plan(hand.plan(), hand.network(), hand.legs) == []
    assert check_plan(hand.plan(), hand.network(), hand.legs, frequency_rules=True) == []


def test_the_checker_reads_the_accumulation_rule_as_by_hand() -> None:
    """expected_visits gives the items and crates of the module docstring, visit by visit."""
    got = expected_visits(hand.network(), hand.SCHEDULE)
    want = {  # (deliver items, pickup items, deliver crates, pickup crates)
        ("A", "mon"): (20, 40, 2, 4),
        ("A", "thu"): (30, 60, 3, 6),
        ("B", "tue"): (40, 10, 4, 1),
        ("B", "fri"): (60, 15, 6, 2),
        ("C", "mon"): (5, 10, 1, 1),
        ("C", "wed"): (10, 20, 1, 2),
        ("C", "fri"): (10, 20, 1, 2),
    }
    assert {k: (v["deliver_items"], v["pickup_items"], v["deliver"], v["pickup"]) for k, v in got.items()} == want


def test_route_timing_places_waits_and_breaks_as_by_hand() -> None:
    """The planner's timing rule gives the hand times: the wait at C, the break after stop 1 on Wednesday
    and Friday (Friday's second stop comes after the break), none on the short routes."""
    net = hand.network()
    for r in hand.plan()["routes"]:
        seq = ["HUB"] + [s["branch"] for s in r["stops"]] + ["HUB"]
        travel = [hand.legs(a, b)[1] for a, b in zip(seq, seq[1:], strict=False)]
        brs = [net.branch(s["branch"]) for s in r["stops"]]
        stop_min = [(b.service_min or 10.0) + s["deliver"] + s["pickup"] for b, s in zip(brs, r["stops"], strict=True)]
        windows = [(b.open_min, b.close_min) if b.open_min is not None else None for b in brs]
        h, m = map(int, r["start"].split(":"))
        t = route_timing(h * 60 + m, travel, stop_min, windows, 150, 30)
        clock = [f"{int(x) // 60:02d}:{int(x) % 60:02d}" for x in t.arrivals + t.departures + [t.end]]
        assert clock == [s["arrival"] for s in r["stops"]] + [s["departure"] for s in r["stops"]] + [r["end"]]
        assert t.break_after_stop == r["break_after_stop"]
        assert [round(w, 2) for w in t.waits] == [s["wait_min"] for s in r["stops"]]


def _hand_matrix(net: Network) -> Matrix:
    ids = tuple(b.id for b in net.branches)
    km = np.array([[hand.legs(a, b)[0] for b in ids] for a in ids])
    return Matrix(ids, km, km.copy())


def test_the_planner_turns_the_hand_routes_into_the_hand_plan() -> None:
    """Given the hand routes' stop order and start, the planner computes every figure of the hand plan:
    times, loads, items, km, duration, cost, CO2 and the week's summary."""
    net = hand.network()
    matrix = _hand_matrix(net)
    visits = week_visits(net, {k: tuple(v) for k, v in hand.SCHEDULE.items()})
    want = hand.plan()
    routes = []
    for day in hand.WD:
        day_input = build_day(net, matrix, day, {b: v for b, vs in visits.items() for v in vs if v.day == day})
        node = {bid: n for n, bid in enumerate(day_input.node_ids)}
        mine = [r for r in want["routes"] if r["day"] == day]
        results = [
            RouteResult(
                int(r["vehicle"][-1]) - 1,
                [node[s["branch"]] for s in r["stops"]],
                (int(r["start"][:2]) * 60 + int(r["start"][3:])) * 60,
            )
            for r in mine
        ]
        got, unassigned = to_routes(net, matrix, day_input, DaySolution(results))
        assert not unassigned
        routes.extend(got)
    got_routes = Plan(routes, [], {}, list(hand.WD)).to_dict()["routes"]
    for g in got_routes:
        for s in g["stops"]:
            s["name"], s["town"] = f"Branch {s['branch']}", ""
    assert got_routes == want["routes"]
    plan = Plan(routes, [], {k: list(v) for k, v in hand.SCHEDULE.items()}, list(hand.WD))
    assert plan.summary() == want["summary"]


def test_summary_csv_by_hand() -> None:
    """summary.csv of the hand plan, day by day (Monday: 2 routes, 160 km, 81 + 112 = 193 min = 3.22 h,
    90.50 + 126 = 216.50 EUR, 40 kg, crates 2 + 1 delivered and 4 + 1 collected) and the week."""
    lines = summary_csv(hand.plan()).splitlines()
    assert lines == [
        "day,routes,stops,distance_km,duration_h,cost_eur,co2_kg,crates_delivered,crates_collected,unassigned",
        "mon,2,2,160.0,3.22,216.5,40.0,3,5,0",
        "tue,1,1,80.0,1.58,107.5,20.0,4,1,0",  # 95 min
        "wed,1,1,100.0,3.55,176.5,25.0,1,2,0",  # 213 min
        "thu,1,1,60.0,1.4,92.0,15.0,3,6,0",  # 84 min
        "fri,1,2,120.0,4.18,205.5,30.0,7,4,0",  # 251 min
        # The week adds the rounded day figures: 3.22 + 1.58 + 3.55 + 1.4 + 4.18 = 13.93 h.
        "week,6,7,520,13.93,798,130,18,18,0",
    ]


def test_cost_and_co2_follow_the_vehicle_type() -> None:
    """A dearer, cleaner van type makes the hand figures wrong by exactly the difference it makes:
    Monday's van-1 (60 km, 81 min) at EUR 0.60/km, 36/h, 25/day costs 36 + 48.60 + 25 = 109.60; 90 g/km: 5.4 kg."""
    net = hand.network(cost_per_km=0.6, cost_per_hour=36.0, fixed_cost_per_day=25.0, co2_g_per_km=90.0)
    errs = check_plan(hand.plan(), net, hand.legs)
    assert "route 1 (mon van-1): cost 90.5 EUR, recomputed 109.60" in errs
    assert "route 1 (mon van-1): CO2 15.0 kg, recomputed 5.400" in errs
    p = hand.plan()
    p["routes"][0].update(cost_eur=109.6, co2_kg=5.4)
    assert not any(e.startswith("route 1 ") for e in check_plan(p, net, hand.legs))


def test_geodesic_legs_on_the_equator() -> None:
    """Without a legs function the checker measures geodesics: along the equator, one degree of longitude
    is the WGS-84 equatorial radius x pi / 180 = 111.3195 km; x 1.3 detour = 144.7153 km, at 45 km/h 192.95 min."""
    a = Branch("P", "P", "O", "", 0.0, 0.0, "hub")
    b = Branch("Q", "Q", "O", "", 0.0, 1.0, "branch")
    net = Network(
        (a, b), (), (VehicleType("v", 1, 1, 0, 0, 0, 0, 0, 60, "P"),), Settings(detour_factor=1.3, speed_kmh=45.0)
    )
    km, minutes = geodesic_legs(net)("P", "Q")
    assert km == pytest.approx(6378.137 * math.pi / 180 * 1.3, abs=1e-6)
    assert minutes == pytest.approx(km / 45 * 60, abs=1e-9)
    assert geodesic_legs(net)("Q", "Q") == (0.0, 0.0)


def test_the_hand_plan_is_not_changed_by_checking() -> None:
    """check_plan reads the plan; it does not repair it."""
    p = hand.plan()
    before = copy.deepcopy(p)
    check_plan(p, hand.network(), hand.legs, frequency_rules=True)
    assert p == before


def test_route_sheet_csv_by_hand() -> None:
    """route_sheet.csv of Friday's hand route: out with 7 crates, C (wait 70 min, break after it), B, back with 4."""
    from logistics_opt.reports.tables import route_sheet_csv

    fri = [line for line in route_sheet_csv(hand.plan()).splitlines() if line.startswith("fri,")]
    assert fri == [
        "fri,van-1,0,HUB,depart hub,,,08:00,,,7,van,",
        "fri,van-1,1,C,Branch C,,08:50,10:13,1,2,8,van,wait 70 min for opening; 30 min break after this stop",
        "fri,van-1,2,B,Branch B,,11:13,11:31,6,2,4,van,",
        "fri,van-1,3,HUB,return to hub,,12:11,,,,4,van,",
    ]
