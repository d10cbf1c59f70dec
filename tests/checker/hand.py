"""A week planned by hand: 1 hub, 3 branches, round distances, every figure worked out in comments.

Shared by ``test_by_hand`` (the checker accepts it, and the planner's own arithmetic agrees) and
``test_rules`` (one corruption per rule the checker enforces).

The map, as a table of road km. The van drives 60 km/h, so a leg's minutes equal its km:

          HUB   A    B    C
    HUB    0   30   40   50
    A     30    0   20   40
    B     40   20    0   30
    C     50   40   30    0

Settings: 10 items a crate, 10 min a stop (A: 15), 1 min handling a crate moved, a 30 min break
once a route works more than 150 min. C opens 10:00 and closes 12:00.
Fleet: 2 vans of 12 crates, EUR 0.50/km, EUR 30/h, EUR 20 a day, 250 g CO2/km, shift 08:00-17:00.

Visit days: A mon+thu (fixed), B tue+fri, C mon+wed+fri (B and C on default patterns).
Working days since the previous visit (cyclic over Mon-Fri): A mon 2 (fri, mon), thu 3;
B tue 2 (mon, tue), fri 3; C mon 1, wed 2, fri 2.

Requests a week and how the accumulation rule splits them over the visits (items x gap / 5):
    HUB -> A  50:  A receives  mon 50x2/5 = 20, thu 50x3/5 = 30
    A -> B   100:  A sends     mon 40, thu 60;   B receives tue 40, fri 60
    C -> HUB  50:  C sends     mon 50x1/5 = 10, wed 20, fri 20
    B -> C    25:  B sends     tue 25x2/5 = 10, fri 15;  C receives mon 5, wed 10, fri 10
Crates = ceil(items / 10), deliver / pickup:
    A mon 2/4, A thu 3/6, B tue 4/1, B fri 6/2 (15 items -> 2 crates), C mon 1/1, C wed 1/2, C fri 1/2.
"""

from __future__ import annotations

from typing import Any

from logistics_opt.data.model import Branch, Network, Request, Settings, VehicleType

KM = {("HUB", "A"): 30, ("HUB", "B"): 40, ("HUB", "C"): 50, ("A", "B"): 20, ("A", "C"): 40, ("B", "C"): 30}
WD = ("mon", "tue", "wed", "thu", "fri")


def legs(a: str, b: str) -> tuple[float, float]:
    """Road km and minutes between two ids (60 km/h: minutes = km)."""
    if a == b:
        return 0.0, 0.0
    km = float(KM.get((a, b), KM.get((b, a))))
    return km, km


def network(**fleet_changes: Any) -> Network:
    van = dict(
        type="van",
        count=2,
        capacity_crates=12,
        cost_per_km=0.5,
        cost_per_hour=30.0,
        fixed_cost_per_day=20.0,
        co2_g_per_km=250.0,
        shift_start_min=480.0,
        shift_end_min=1020.0,
        depot="HUB",
    )
    van.update(fleet_changes)
    branches = (
        Branch("HUB", "Hub", "BiSC", "Bunnik", 52.067, 5.199, "hub"),
        Branch("A", "Branch A", "Org One", "Utrecht", 52.09, 5.12, "branch", service_min=15.0, days=("mon", "thu")),
        Branch("B", "Branch B", "Org One", "Zeist", 52.09, 5.23, "branch"),
        Branch("C", "Branch C", "Org Two", "Houten", 52.03, 5.17, "branch", open_min=600.0, close_min=720.0),
    )
    requests = (Request("HUB", "A", 50), Request("A", "B", 100), Request("C", "HUB", 50), Request("B", "C", 25))
    settings = Settings(
        items_per_crate=10,
        detour_factor=1.0,
        speed_kmh=60.0,
        handling_min_per_crate=1.0,
        working_days=WD,
        default_service_min=10,
        break_after_min=150,
        break_min=30,
    )
    return Network(branches, requests, (VehicleType(**van),), settings)


SCHEDULE = {"A": ["mon", "thu"], "B": ["tue", "fri"], "C": ["mon", "wed", "fri"]}


def stop(
    branch: str,
    arrival: str,
    departure: str,
    deliver: int,
    pickup: int,
    load_after: int,
    deliver_items: int,
    pickup_items: int,
    wait: float = 0.0,
) -> dict[str, Any]:
    return {
        "branch": branch,
        "name": f"Branch {branch}",
        "town": "",
        "arrival": arrival,
        "departure": departure,
        "deliver": deliver,
        "pickup": pickup,
        "load_after": load_after,
        "deliver_items": deliver_items,
        "pickup_items": pickup_items,
        "wait_min": wait,
    }


def route(
    day: str,
    vehicle: str,
    start: str,
    end: str,
    km: float,
    minutes: float,
    cost: float,
    co2: float,
    load_start: int,
    stops: list[dict[str, Any]],
    break_after: int | None = None,
) -> dict[str, Any]:
    return {
        "day": day,
        "vehicle": vehicle,
        "vehicle_type": "van",
        "depot": "HUB",
        "start": start,
        "end": end,
        "distance_km": km,
        "duration_min": minutes,
        "cost_eur": cost,
        "co2_kg": co2,
        "load_start": load_start,
        "stops": stops,
        "break_after_stop": break_after,
        "break_min": 30.0 if break_after else 0.0,
    }


def _monday() -> list[dict[str, Any]]:
    """Monday: two vans, one to A and one to C."""
    return [
        # Mon van-1: HUB -> A -> HUB, 30 + 30 = 60 km. Leaves 08:00 (480) with A's 2 crates.
        # A: arrives 480 + 30 = 510 (08:30); stop 15 + 2 + 4 = 21 min -> leaves 531 (08:51); load 2 - 2 + 4 = 4.
        # Back 531 + 30 = 561 (09:21): 81 min of work, under 150, no break.
        # Cost 60 x 0.5 = 30 + 81/60 x 30 = 40.50 + 20 = 90.50 EUR; CO2 60 x 0.25 = 15 kg.
        route(
            "mon", "van-1", "08:00", "09:21", 60.0, 81.0, 90.5, 15.0, 2, [stop("A", "08:30", "08:51", 2, 4, 4, 20, 40)]
        ),
        # Mon van-2: HUB -> C -> HUB, 100 km, leaves 09:10 (550) so it reaches C as it opens.
        # C: arrives 550 + 50 = 600 (10:00), no wait; stop 10 + 1 + 1 = 12 -> leaves 612 (10:12); load 1 - 1 + 1 = 1.
        # Back 612 + 50 = 662 (11:02): 112 min. Cost 50 + 112/60 x 30 = 56 + 20 = 126 EUR; CO2 25 kg.
        route(
            "mon",
            "van-2",
            "09:10",
            "11:02",
            100.0,
            112.0,
            126.0,
            25.0,
            1,
            [stop("C", "10:00", "10:12", 1, 1, 1, 5, 10)],
        ),
    ]


def _tuesday_to_thursday() -> list[dict[str, Any]]:
    """Tuesday to Thursday: one van a day; Wednesday's takes its break."""
    return [
        # Tue van-1: HUB -> B -> HUB, 80 km. B: arrives 480 + 40 = 520 (08:40); stop 10 + 4 + 1 = 15 -> 535 (08:55).
        # Load 4 -> 4 - 4 + 1 = 1. Back 535 + 40 = 575 (09:35): 95 min. Cost 40 + 47.50 + 20 = 107.50; CO2 20 kg.
        route(
            "tue", "van-1", "08:00", "09:35", 80.0, 95.0, 107.5, 20.0, 4, [stop("B", "08:40", "08:55", 4, 1, 1, 40, 10)]
        ),
        # Wed van-1: HUB -> C -> HUB, 100 km, leaves 08:00 and waits for C to open.
        # C: arrives 480 + 50 = 530 (08:50), waits 70 min until 600; stop 10 + 1 + 2 = 13 -> leaves 613 (10:13).
        # Without a break it would be back at 663: 183 min of work > 150, so a 30 min break is due. It goes after
        # the last stop the van leaves within 150 min of the start: C, left 133 min after the start (break after stop 1).
        # Back 613 + 30 + 50 = 693 (11:33): 213 min. Load 1 -> 1 - 1 + 2 = 2.
        # Cost 100 x 0.5 = 50 + 213/60 x 30 = 106.50 + 20 = 176.50 EUR; CO2 25 kg.
        route(
            "wed",
            "van-1",
            "08:00",
            "11:33",
            100.0,
            213.0,
            176.5,
            25.0,
            1,
            [stop("C", "08:50", "10:13", 1, 2, 2, 10, 20, wait=70.0)],
            break_after=1,
        ),
        # Thu van-1: HUB -> A -> HUB, 60 km. A: arrives 510 (08:30); stop 15 + 3 + 6 = 24 -> 534 (08:54).
        # Load 3 -> 3 - 3 + 6 = 6. Back 564 (09:24): 84 min. Cost 30 + 42 + 20 = 92 EUR; CO2 15 kg.
        route(
            "thu", "van-1", "08:00", "09:24", 60.0, 84.0, 92.0, 15.0, 3, [stop("A", "08:30", "08:54", 3, 6, 6, 30, 60)]
        ),
    ]


def _friday() -> list[dict[str, Any]]:
    """Friday: one van, C then B, its break between them."""
    return [
        # Fri van-1: HUB -> C -> B -> HUB, 50 + 30 + 40 = 120 km. Leaves 08:00 with 1 + 6 = 7 crates.
        # C: arrives 530 (08:50), waits until 600; stop 10 + 1 + 2 = 13 -> leaves 613 (133 min after the start).
        # Load 7 - 1 + 2 = 8. Without a break: B at 643, stop 10 + 6 + 2 = 18 -> 661 (181 min), back 701:
        # 221 min > 150, so the break is due, after stop 1 (C, the last one left within 150 min).
        # With it: B arrives 613 + 30 + 30 = 673 (11:13), leaves 691 (11:31); load 8 - 6 + 2 = 4.
        # Back 691 + 40 = 731 (12:11): 251 min. Cost 120 x 0.5 = 60 + 251/60 x 30 = 125.50 + 20 = 205.50 EUR;
        # CO2 120 x 0.25 = 30 kg.
        route(
            "fri",
            "van-1",
            "08:00",
            "12:11",
            120.0,
            251.0,
            205.5,
            30.0,
            7,
            [stop("C", "08:50", "10:13", 1, 2, 8, 10, 20, wait=70.0), stop("B", "11:13", "11:31", 6, 2, 4, 60, 15)],
            break_after=1,
        ),
    ]


def plan() -> dict[str, Any]:
    """The week, every figure by hand. Stop time = service + 1 min x (deliver + pickup) crates.
    Cost = km x 0.50 + hours x 30 + 20. CO2 = km x 250 g."""
    routes = _monday() + _tuesday_to_thursday() + _friday()
    # Week: cost 90.5 + 126 + 107.5 + 176.5 + 92 + 205.5 = 798 EUR; km 60 + 100 + 80 + 100 + 60 + 120 = 520;
    # minutes 81 + 112 + 95 + 213 + 84 + 251 = 836 = 13.933 h; CO2 15 + 25 + 20 + 25 + 15 + 30 = 130 kg;
    # crates delivered 2 + 1 + 4 + 1 + 3 + 1 + 6 = 18, collected 4 + 1 + 1 + 2 + 6 + 2 + 2 = 18.
    # Steadiness (branches on 2+ days; service starts at arrival + wait): A Mon, Thu 08:30 on van-1 (spread 0);
    # B Tue 08:40, Fri 11:13 on van-1 (153); C Mon 10:00 on van-2, Wed and Fri 08:50 + 70 = 10:00 on van-1 (0).
    # One van: A and B of 3 = 0.6667; spread mean (0 + 153 + 0) / 3 = 51, largest 153.
    summary = {
        "cost_eur": 798.0,
        "distance_km": 520.0,
        "duration_h": 13.933,
        "routes": 6,
        "co2_kg": 130.0,
        "stops": 7,
        "unassigned": 0,
        "crates_delivered": 18,
        "crates_collected": 18,
        "max_vans_per_day": 2,
        "branches_one_van_share": 0.6667,
        "arrival_spread_mean_min": 51.0,
        "arrival_spread_max_min": 153.0,
    }
    return {
        "summary": summary,
        "routes": routes,
        "unassigned": [],
        "schedule": {k: list(v) for k, v in SCHEDULE.items()},
        "working_days": list(WD),
        "service": {},
        "meta": {},
    }
