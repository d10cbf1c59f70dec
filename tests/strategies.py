"""Hypothesis strategies: small random library networks around Utrecht.

They cover one or two vehicle types (different capacity, costs, CO2 and shifts), opening windows
(open and close, or only one of them), working weeks other than Monday-Friday, branches on fixed days
or free to take any allowed pattern (so the frequency search has real choices), a visit frequency for
current practice, and storage limits.
"""

from __future__ import annotations

from hypothesis import strategies as st

from logistics_opt.data.model import Branch, Network, Request, Settings, VehicleType
from logistics_opt.routing.problem import DayProblem, Vehicle

WD = ("mon", "tue", "wed", "thu", "fri")
WEEKS: dict[str, tuple[str, ...]] = {
    "mon-fri": WD,
    "mon-sat": ("mon", "tue", "wed", "thu", "fri", "sat"),
    "tue-sat": ("tue", "wed", "thu", "fri", "sat"),
}


def week_name(working_days: tuple[str, ...]) -> str:
    return next((k for k, v in WEEKS.items() if v == working_days), "+".join(working_days))


@st.composite
def opening_hours(draw: st.DrawFn) -> tuple[float | None, float | None]:
    """None, or opening hours: open and close, only an opening time, or only a closing time."""
    kind = draw(st.sampled_from(["none", "none", "both", "both", "open", "close"]))
    o = draw(st.sampled_from([480.0, 540.0, 600.0, 780.0]))
    c = o + draw(st.sampled_from([180.0, 240.0, 360.0, 480.0]))
    return {"none": (None, None), "both": (o, c), "open": (o, None), "close": (None, c)}[kind]


@st.composite
def fleets(draw: st.DrawFn, types: tuple[int, ...] = (1, 2)) -> tuple[VehicleType, ...]:
    """A diesel van type and, sometimes, a second, smaller electric type with its own shift."""
    two = draw(st.sampled_from(types)) == 2
    # With a second type the diesel vans are fewer and smaller, so busy days need both types.
    out = [
        VehicleType(
            "van",
            draw(st.integers(1, 2 if two else 3)),
            draw(st.integers(8, 30 if two else 60)),
            draw(st.floats(0.2, 0.5)),
            draw(st.floats(20, 35)),
            draw(st.floats(0, 60)),
            259.0,
            450.0,
            draw(st.sampled_from([720.0, 990.0])),
            "HUB",
        )
    ]
    if two:
        start = draw(st.sampled_from([420.0, 480.0, 540.0]))
        out.append(
            VehicleType(
                "ev",
                draw(st.integers(1, 2)),
                draw(st.integers(6, 30)),
                draw(st.floats(0.1, 0.3)),
                draw(st.floats(20, 35)),
                draw(st.floats(0, 80)),
                90.0,
                start,
                start + draw(st.sampled_from([300.0, 480.0, 570.0])),
                "HUB",
            )
        )
    return tuple(out)


@st.composite
def networks(
    draw: st.DrawFn,
    max_branches: int = 7,
    windows: bool = True,
    weeks: tuple[str, ...] = tuple(WEEKS),
    types: tuple[int, ...] = (1, 2),
    free: float = 0.6,
    storage: bool = False,
) -> Network:
    """A hub and 2..max_branches branches with random volumes, visit days, hours and a small fleet.

    ``free``: about this share of branches has no fixed days (any allowed pattern; at current practice
    every working day or its ``visits_per_week``). ``storage``: some branches get a storage limit.
    """
    wd = WEEKS[draw(st.sampled_from(weeks))]
    n = draw(st.integers(2, max_branches))
    coord = st.tuples(st.floats(51.95, 52.2), st.floats(4.95, 5.45))
    branches = [Branch("HUB", "Hub", "BiSC", "Bunnik", 52.067, 5.199, "hub")]
    for i in range(n):
        lat, lon = draw(coord)
        days = vpw = None
        if draw(st.floats(0, 1)) >= free:
            days = tuple(sorted(draw(st.sets(st.sampled_from(wd), min_size=1, max_size=3)), key=wd.index))
        elif draw(st.booleans()):
            vpw = draw(st.integers(1, len(wd)))
        open_min, close_min = draw(opening_hours()) if windows else (None, None)
        branches.append(
            Branch(
                f"B{i}",
                f"Branch {i}",
                draw(st.sampled_from(["Org1", "Org2"])),
                "Town",
                lat,
                lon,
                draw(st.sampled_from(["branch", "service_point"])),
                service_min=draw(st.sampled_from([None, 5.0, 15.0])),
                visits_per_week=vpw,
                days=days,
                open_min=open_min,
                close_min=close_min,
                storage_crates=draw(st.sampled_from([None, None, 2, 6])) if storage else None,
            )
        )
    ids = [b.id for b in branches]
    reqs = []
    for _ in range(draw(st.integers(1, 3 * n))):
        o, d = draw(st.sampled_from(ids)), draw(st.sampled_from(ids))
        if o != d and not (o == "HUB" == d):
            reqs.append(Request(o, d, draw(st.integers(0, 400))))
    settings = Settings(
        items_per_crate=35,
        detour_factor=1.3,
        speed_kmh=draw(st.sampled_from([30.0, 45.0])),
        handling_min_per_crate=0.5,
        working_days=wd,
        default_service_min=10,
        break_after_min=draw(st.sampled_from([120.0, 330.0])),
        break_min=30,
    )
    return Network(tuple(branches), tuple(reqs), draw(fleets(types)), settings)


@st.composite
def day_problems(draw: st.DrawFn) -> DayProblem:
    """Small solver-level days of every feature the compiled search models: pickups and deliveries, windows, service times,
    two van types, fixed costs, costs per hour, shifts, stops restricted to some vans."""
    n = draw(st.integers(2, 12))
    pts = [(0, 0)] + [(draw(st.integers(-9, 9)), draw(st.integers(-9, 9))) for _ in range(n)]
    dist = tuple(tuple(1000 * (abs(a[0] - b[0]) + abs(a[1] - b[1])) for b in pts) for a in pts)
    travel = tuple(tuple(x // 10 for x in row) for row in dist)  # 36 km/h
    opens = [0] + [draw(st.sampled_from([0, 0, 3600, 7200])) for _ in range(n)]
    vans = tuple(
        Vehicle(
            f"v{i}",
            "van",
            0,
            12,
            draw(st.sampled_from([0, 500_000])),
            draw(st.sampled_from([0.3, 0.5])),
            draw(st.sampled_from([0.0, 30.0])),
            0,
            6 * 3600,
        )
        for i in range(draw(st.integers(2, 4)))
    )
    allowed = tuple(() if i == 0 or draw(st.integers(0, 3)) else (0,) for i in range(n + 1))
    return DayProblem(
        dist,
        travel,
        (0,) + tuple(draw(st.sampled_from([0, 300, 900])) for _ in range(n)),
        (0,) + tuple(draw(st.integers(0, 6)) for _ in range(n)),
        (0,) + tuple(draw(st.integers(0, 6)) for _ in range(n)),
        tuple((o, 6 * 3600) for o in opens),
        vans,
        allowed_vehicles=allowed,
    )
