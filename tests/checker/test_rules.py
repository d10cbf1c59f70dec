"""One corruption of the hand-planned week (tests/checker/hand.py) per rule the checker enforces, each test
named after its rule and asserting the rule's own message (the figures in it worked out by hand)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from logistics_opt.checker import check_plan
from logistics_opt.data.model import Network

from . import hand


def violations(
    change: Callable[[dict[str, Any]], Any] | None = None, net: Network | None = None, frequency_rules: bool = False
) -> list[str]:
    p = hand.plan()
    if change is not None:
        change(p)
    return check_plan(p, net or hand.network(), hand.legs, frequency_rules=frequency_rules)


def with_branch(bid: str, **changes: Any) -> Network:
    net = hand.network()
    return net.with_changes(branches=tuple(replace(b, **changes) if b.id == bid else b for b in net.branches))


def with_settings(**changes: Any) -> Network:
    net = hand.network()
    return net.with_changes(settings=replace(net.settings, **changes))


def resum(p: dict[str, Any]) -> None:
    """Bring the summary in line with the routes (for corruptions aimed at another rule)."""
    r = p["routes"]
    p["summary"].update(
        cost_eur=round(sum(x["cost_eur"] for x in r), 2),
        distance_km=round(sum(x["distance_km"] for x in r), 3),
        duration_h=round(sum(x["duration_min"] for x in r) / 60, 3),
        co2_kg=round(sum(x["co2_kg"] for x in r), 3),
        routes=len(r),
    )


MON1, MON2, TUE, WED, THU, FRI = range(6)  # route positions in hand.plan()


# ---------------------------------------------------------------- the schedule
def test_branch_missing_from_schedule() -> None:
    assert "branch B is missing from the schedule" in violations(lambda p: p["schedule"].pop("B"))


def test_schedule_names_unknown_branch() -> None:
    assert "schedule names unknown branch Z" in violations(lambda p: p["schedule"].update(Z=["mon"]))
    assert "schedule names unknown branch HUB" in violations(lambda p: p["schedule"].update(HUB=["mon"]))


def test_schedule_days_not_distinct_working_days() -> None:
    errs = violations(lambda p: p["schedule"].update(C=["mon", "wed", "sat"]))
    assert "C: schedule days ['mon', 'wed', 'sat'] are not distinct working days" in errs
    errs = violations(lambda p: p["schedule"].update(C=["mon", "wed", "wed"]))
    assert "C: schedule days ['mon', 'wed', 'wed'] are not distinct working days" in errs


def test_fixed_day_mismatch() -> None:
    errs = violations(lambda p: p["schedule"].update(A=["mon", "wed"]))
    assert "A: fixed days mon+thu but scheduled mon+wed" in errs


def test_never_visited() -> None:
    assert "B: never visited" in violations(lambda p: p["schedule"].update(B=[]))


# ---------------------------------------------------------------- frequency rules (plan --frequencies optimise)
def test_pattern_not_allowed() -> None:
    """Settings that allow only Mon+Thu for two visits make B's Tue+Fri wrong; A's fixed days are exempt."""
    net = with_settings(patterns={1: tuple((d,) for d in hand.WD), 2: (("mon", "thu"),), 3: (("mon", "wed", "fri"),)})
    assert violations(net=net, frequency_rules=True) == ["B: pattern tue+fri is not an allowed pattern"]
    assert violations(net=net) == []  # checked only for plans that chose their patterns


def test_minimum_visits() -> None:
    """At least 3 visits a week: B has 2 (A keeps its fixed days, C has 3)."""
    assert violations(net=with_settings(min_visits_per_week=3), frequency_rules=True) == [
        "B: 2 visits a week, minimum 3"
    ]
    assert violations(net=with_branch("C", min_visits_per_week=4), frequency_rules=True) == [
        "C: 3 visits a week, minimum 4"
    ]


def test_max_days_between_visits() -> None:
    """At most 2 working days between visits: B's Friday visit comes 3 days after Tuesday's."""
    assert violations(net=with_settings(max_days_between_visits=2), frequency_rules=True) == [
        "B: 3 working days between visits, at most 2 allowed"
    ]


def test_storage() -> None:
    """C collects 1, 2 and 2 crates; with room for 1 the 2 that wait for Wednesday and Friday do not fit."""
    assert violations(net=with_branch("C", storage_crates=1), frequency_rules=True) == [
        "C: 2 crates wait for a visit, storage holds 1"
    ]
    assert violations(net=with_branch("C", storage_crates=2), frequency_rules=True) == []


# ---------------------------------------------------------------- routes
def test_unknown_vehicle_type() -> None:
    errs = violations(lambda p: p["routes"][MON1].update(vehicle_type="truck"))
    assert "route 1 (mon van-1): unknown vehicle type truck" in errs


def test_route_on_a_day_off() -> None:
    errs = violations(lambda p: p["routes"][TUE].update(day="sat"))
    assert "route 3 (sat van-1): sat is not a working day" in errs


def test_route_without_stops() -> None:
    def add_empty(p: dict[str, Any]) -> None:
        # 0 km, 0 min: the fixed EUR 20 only.
        p["routes"].append(hand.route("tue", "van-2", "08:00", "08:00", 0.0, 0.0, 20.0, 0.0, 0, []))
        resum(p)

    assert violations(add_empty) == ["route 7 (tue van-2): a route with no stops"]


def test_unknown_branch_in_stops() -> None:
    errs = violations(lambda p: p["routes"][MON1]["stops"][0].update(branch="Z"))
    assert "route 1 (mon van-1): unknown branch in stops" in errs


def test_wrong_distance() -> None:
    def longer(p: dict[str, Any]) -> None:
        p["routes"][MON1]["distance_km"] = 61.0
        resum(p)

    assert violations(longer) == ["route 1 (mon van-1): distance 61.0 km, recomputed 60.000"]


def test_wrong_load_start() -> None:
    assert violations(lambda p: p["routes"][FRI].update(load_start=8)) == [
        "route 6 (fri van-1): load_start 8 but deliveries add up to 7"
    ]


def test_capacity_leaving_the_hub() -> None:
    """6-crate vans: Friday's van leaves with 1 + 6 = 7 crates and has 8 aboard after C."""
    assert violations(net=hand.network(capacity_crates=6)) == [
        "route 6 (fri van-1): leaves with 7 crates, capacity 6",
        "route 6 (fri van-1): 8 crates aboard after C, capacity 6",
    ]


def test_capacity_after_a_stop() -> None:
    """7-crate vans: Friday's van leaves full and has 7 - 1 + 2 = 8 aboard after C."""
    assert violations(net=hand.network(capacity_crates=7)) == [
        "route 6 (fri van-1): 8 crates aboard after C, capacity 7"
    ]


def test_negative_crates() -> None:
    errs = violations(lambda p: p["routes"][MON1]["stops"][0].update(pickup=-1))
    assert "route 1 (mon van-1): negative crates at A" in errs


def test_wrong_load_after_a_stop() -> None:
    assert violations(lambda p: p["routes"][MON1]["stops"][0].update(load_after=5)) == [
        "route 1 (mon van-1): load after A is 5, recomputed 4"
    ]


def test_visit_on_unscheduled_day() -> None:
    """A second van visits B on Wednesday: not one of B's days (Tue+Fri), and B then moves more than its week."""

    def extra(p: dict[str, Any]) -> None:
        r = copy.deepcopy(p["routes"][TUE])
        r.update(day="wed", vehicle="van-2")
        p["routes"].append(r)
        resum(p)

    errs = violations(extra)
    assert "route 7 (wed van-2): B visited on wed, not one of its scheduled days" in errs
    assert "B: moves 35 out / 140 in a week, the requests say 25 / 100" in errs


def test_start_before_shift() -> None:
    """Shifts from 09:10: Monday's van-2 (09:10) is fine, every 08:00 start is not."""
    errs = violations(net=hand.network(shift_start_min=550.0))
    assert errs == [
        f"route {k} ({d} van-1): starts 08:00 before the shift"
        for k, d in ((1, "mon"), (3, "tue"), (4, "wed"), (5, "thu"), (6, "fri"))
    ]


def test_missing_break() -> None:
    """Wednesday without its break: 183 min of work (08:00-11:03) > 150, and the end moves to 663 min."""
    errs = violations(lambda p: p["routes"][WED].update(break_after_stop=None, break_min=0.0))
    assert "route 4 (wed van-1): works 183 min without the 30 min break" in errs


def test_break_after_a_stop_that_does_not_exist() -> None:
    errs = violations(lambda p: p["routes"][WED].update(break_after_stop=2))
    assert "route 4 (wed van-1): break after stop 2, which does not exist" in errs


def test_late_break() -> None:
    """Friday's break after stop 2 (B) comes 661 - 480 = 181 min into the day: over the 150 min limit."""
    errs = violations(lambda p: p["routes"][FRI].update(break_after_stop=2))
    assert "route 6 (fri van-1): 181 min of work before the break (limit 150)" in errs


def test_wrong_arrival() -> None:
    assert violations(lambda p: p["routes"][MON1]["stops"][0].update(arrival="08:35")) == [
        "route 1 (mon van-1): A at 08:35-08:51, recomputed 510.0-531.0 min"
    ]


def test_wrong_departure() -> None:
    assert violations(lambda p: p["routes"][FRI]["stops"][1].update(departure="11:29")) == [
        "route 6 (fri van-1): B at 11:13-11:29, recomputed 673.0-691.0 min"
    ]


def test_served_after_closing() -> None:
    """C closing at 10:10 (610): Monday's visit ends 10:12 (612), Wednesday's and Friday's 10:13 (613)."""
    assert violations(net=with_branch("C", close_min=610.0)) == [
        "route 2 (mon van-2): C served until 612 min, after it closes",
        "route 4 (wed van-1): C served until 613 min, after it closes",
        "route 6 (fri van-1): C served until 613 min, after it closes",
    ]


def test_wrong_end() -> None:
    assert violations(lambda p: p["routes"][MON1].update(end="09:30")) == [
        "route 1 (mon van-1): ends 09:30, recomputed 561.0 min"
    ]


def test_shift_end() -> None:
    """Shifts until 12:00 (720): Friday's van is back at 12:11 (731)."""
    assert violations(net=hand.network(shift_end_min=720.0)) == [
        "route 6 (fri van-1): ends 731.0 min, after the shift ends at 720"
    ]


def test_wrong_duration() -> None:
    def shorter(p: dict[str, Any]) -> None:
        p["routes"][MON1]["duration_min"] = 80.0
        resum(p)

    assert violations(shorter) == ["route 1 (mon van-1): duration 80.0 min, recomputed 81.00"]


def test_wrong_cost() -> None:
    def cheaper(p: dict[str, Any]) -> None:
        p["routes"][MON1]["cost_eur"] = 90.0
        resum(p)

    assert violations(cheaper) == ["route 1 (mon van-1): cost 90.0 EUR, recomputed 90.50"]


def test_wrong_co2() -> None:
    def cleaner(p: dict[str, Any]) -> None:
        p["routes"][MON1]["co2_kg"] = 14.0
        resum(p)

    assert violations(cleaner) == ["route 1 (mon van-1): CO2 14.0 kg, recomputed 15.000"]


# ---------------------------------------------------------------- the fleet
def test_fleet_count() -> None:
    """One van in the fleet, two routes on Monday."""
    assert violations(net=hand.network(count=1)) == ["mon: 2 routes of type van, only 1 in the fleet"]


def test_one_van_two_routes() -> None:
    assert violations(lambda p: p["routes"][MON2].update(vehicle="van-1")) == ["mon: vehicle van-1 drives 2 routes"]


# ---------------------------------------------------------------- visits and volumes
def _drop_tuesday(reason: str | None) -> Callable[[dict[str, Any]], None]:
    def change(p: dict[str, Any]) -> None:
        del p["routes"][TUE]
        if reason is not None:
            p["unassigned"].append({"branch": "B", "day": "tue", "reason": reason})
        resum(p)

    return change


def test_unassigned_without_reason() -> None:
    assert violations(_drop_tuesday("")) == ["unassigned B on tue has no reason"]
    assert violations(_drop_tuesday("the day's vans are full")) == []


def test_visit_neither_served_nor_unassigned() -> None:
    assert violations(_drop_tuesday(None)) == [
        "B on tue: neither visited nor unassigned (expected once)",
        "B: moves 15 out / 60 in a week, the requests say 25 / 100",
    ]


def test_visit_split_though_one_van_holds_it() -> None:
    """B's Tuesday crates (4 and 1) fit one van: splitting them over two vans is flagged."""

    def split(p: dict[str, Any]) -> None:
        one = p["routes"][TUE]
        two = copy.deepcopy(one)
        two["vehicle"] = "van-2"
        # van-1 takes 3 crates (30 items) and collects the 1 (10 items); van-2 takes 1 crate (10 items).
        one["stops"][0].update(deliver=3, deliver_items=30, load_after=1)
        one.update(load_start=3)
        two["stops"][0].update(
            deliver=1, deliver_items=10, pickup=0, pickup_items=0, load_after=0, departure="08:51"
        )  # 10 + 1 crate = 11 min
        two.update(load_start=1, end="09:31", duration_min=91.0, cost_eur=105.5)  # 40 + 45.50 + 20
        one["stops"][0]["departure"] = "08:54"  # 10 + 4 crates = 14 min
        one.update(end="09:34", duration_min=94.0, cost_eur=107.0)  # 40 + 47 + 20
        p["routes"].append(two)
        resum(p)

    assert violations(split) == ["B on tue: visited 2x, though one van holds its crates (expected once)"]


def test_crates_against_the_accumulation_rule() -> None:
    """One crate more delivered to A on Monday (load figures kept consistent): the rule says 2."""

    def more(p: dict[str, Any]) -> None:
        r = p["routes"][MON1]
        r["load_start"] = 3
        r["stops"][0].update(deliver=3, departure="08:52")  # 15 + 3 + 4 = 22 min
        r.update(end="09:22", duration_min=82.0, cost_eur=91.0)  # 30 + 41 + 20
        resum(p)

    assert violations(more) == ["A on mon: deliver = 3, the accumulation rule gives 2"]


def test_weekly_totals() -> None:
    """Ten items more to A on Monday: the visit's items and the week's (60 in, where the requests say 50)."""
    errs = violations(lambda p: p["routes"][MON1]["stops"][0].update(deliver_items=30))
    assert "A on mon: deliver_items = 30, the accumulation rule gives 20" in errs
    assert "A: moves 100 out / 60 in a week, the requests say 100 / 50" in errs


# ---------------------------------------------------------------- the summary
def test_summary_mismatch() -> None:
    assert violations(lambda p: p["summary"].update(distance_km=500.0)) == [
        "summary distance_km = 500.0, routes add up to 520.000"
    ]
    assert violations(lambda p: p["summary"].update(cost_eur=700.0)) == [
        "summary cost_eur = 700.0, routes add up to 798.000"
    ]
    assert violations(lambda p: p["summary"].update(duration_h=14.0)) == [
        "summary duration_h = 14.0, routes add up to 13.933"
    ]
    assert violations(lambda p: p["summary"].update(co2_kg=131.0)) == [
        "summary co2_kg = 131.0, routes add up to 130.000"
    ]
    assert violations(lambda p: p["summary"].update(routes=5)) == ["summary routes = 5, plan has 6"]
