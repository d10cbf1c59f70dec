"""Hypothesis strategies: small random library networks around Utrecht."""

from __future__ import annotations

from hypothesis import strategies as st

from logistics_opt.data.model import Branch, Network, Request, Settings, VehicleType

WD = ("mon", "tue", "wed", "thu", "fri")
PATTERNS = [None, ("mon", "thu"), ("tue", "fri"), ("mon", "wed", "fri"), ("wed",)]


@st.composite
def networks(draw: st.DrawFn, max_branches: int = 7, windows: bool = True) -> Network:
    """A hub, 2..max_branches branches with random volumes, visit days, windows and a small fleet."""
    n = draw(st.integers(2, max_branches))
    coord = st.tuples(st.floats(51.95, 52.2), st.floats(4.95, 5.45))
    branches = [Branch("HUB", "Hub", "BiSC", "Bunnik", 52.067, 5.199, "hub")]
    for i in range(n):
        lat, lon = draw(coord)
        days = draw(st.sampled_from(PATTERNS))
        open_close = (None, None)
        if windows and draw(st.booleans()):
            o = draw(st.sampled_from([480.0, 540.0, 600.0]))
            open_close = (o, o + draw(st.sampled_from([240.0, 360.0, 480.0])))
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
                days=days,
                open_min=open_close[0],
                close_min=open_close[1],
            )
        )
    ids = [b.id for b in branches]
    reqs = []
    for _ in range(draw(st.integers(1, 3 * n))):
        o, d = draw(st.sampled_from(ids)), draw(st.sampled_from(ids))
        if o != d:
            reqs.append(Request(o, d, draw(st.integers(0, 400))))
    fleet = (
        VehicleType(
            "van",
            draw(st.integers(1, 3)),
            draw(st.integers(8, 60)),
            draw(st.floats(0.2, 0.5)),
            draw(st.floats(20, 35)),
            draw(st.floats(0, 60)),
            259.0,
            450.0,
            draw(st.sampled_from([720.0, 990.0])),
            "HUB",
        ),
    )
    settings = Settings(
        items_per_crate=35,
        detour_factor=1.3,
        speed_kmh=draw(st.sampled_from([30.0, 45.0])),
        handling_min_per_crate=0.5,
        working_days=WD,
        default_service_min=10,
        break_after_min=draw(st.sampled_from([120.0, 330.0])),
        break_min=30,
    )
    return Network(tuple(branches), tuple(reqs), fleet, settings)
