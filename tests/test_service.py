"""Service figures: lead times through the hub and visits a week, checked by hand."""

from __future__ import annotations

from logistics_opt.data.model import Branch, Network, Request, Settings, VehicleType
from logistics_opt.plan import Plan, Route, Stop
from logistics_opt.service import service_figures

WD = ("mon", "tue", "wed", "thu", "fri")


def network(requests: list[Request]) -> Network:
    b = [
        Branch("H", "Hub", "X", "T", 52.0, 5.0, "hub"),
        Branch("A", "A", "X", "T", 52.1, 5.1, "branch"),
        Branch("B", "B", "X", "T", 52.0, 5.2, "branch"),
    ]
    fleet = (VehicleType("van", 1, 50, 0.4, 30, 40, 259, 480, 960, "H"),)
    return Network(tuple(b), tuple(requests), fleet, Settings(working_days=WD))


def plan(days: dict[str, list[str]]) -> Plan:
    routes = []
    for d in WD:
        stops = [Stop(b, b, "T", "09:00", "09:10", 0, 0, 0) for b, ds in days.items() if d in ds]
        if stops:
            routes.append(Route(d, "van-1", "van", "H", "08:00", "10:00", 1.0, 120.0, 100.0, 0.3, 0, stops))
    return Plan(routes, [], {b: list(v) for b, v in days.items()}, list(WD))


def test_lead_times_by_hand() -> None:
    """A on Mon/Wed/Fri, B daily: A->B 1 day; B->A and hub->A 1.4 days on average, 2 at most; A->hub 0."""
    reqs = [Request("A", "B", 50), Request("B", "A", 100), Request("H", "A", 50), Request("A", "H", 100)]
    svc = service_figures(network(reqs), plan({"A": ["mon", "wed", "fri"], "B": list(WD)}))
    lead = {(r["origin"], r["destination"]): (r["lead_time_days"], r["lead_time_max_days"]) for r in svc["requests"]}
    assert lead[("A", "B")] == (1.0, 1)
    assert lead[("B", "A")] == (1.4, 2)  # picked up Mon..Fri: delivered Wed, Wed, Fri, Fri, Mon
    assert lead[("H", "A")] == (1.4, 2)
    assert lead[("A", "H")] == (0.0, 0)
    # Items-weighted: (50 x 1 + 100 x 1.4 + 50 x 1.4 + 100 x 0) / 300 = 0.8667
    assert svc["lead_time_mean_days"] == round((50 + 140 + 70) / 300, 3)
    # Lead 2 covers the items picked up Mon and Wed by B and the hub: 60 of 300 items; p95 is 2.
    assert svc["lead_time_p95_days"] == 2
    assert svc["visits_per_week"] == {"A": 3, "B": 5}


def test_daily_visits_give_one_day() -> None:
    """Current practice (daily visits) delivers everything the next working day."""
    svc = service_figures(network([Request("A", "B", 10), Request("B", "A", 10)]), plan({"A": list(WD), "B": list(WD)}))
    assert svc["lead_time_mean_days"] == 1.0 and svc["lead_time_p95_days"] == 1


def test_gap_share_weights_pickups() -> None:
    """A visited Mon+Thu hands over 2/5 of its items on Mon and 3/5 on Thu; lead times weigh accordingly."""
    svc = service_figures(network([Request("A", "B", 50)]), plan({"A": ["mon", "thu"], "B": ["thu", "mon"]}))
    # Mon pickup (gap Thu->Mon = 2 days, 2/5) -> Thu (3 days); Thu pickup (3/5) -> Mon (2 days).
    assert svc["requests"][0]["lead_time_days"] == round(0.4 * 3 + 0.6 * 2, 3)
    assert svc["lead_time_p95_days"] == 3


def test_unvisited_destination_reported() -> None:
    """Items to a branch that is never visited have no lead time and are counted apart."""
    svc = service_figures(network([Request("A", "B", 10)]), plan({"A": list(WD), "B": []}))
    assert svc["requests"][0]["lead_time_days"] is None
    assert svc["items_without_delivery"] == 10
