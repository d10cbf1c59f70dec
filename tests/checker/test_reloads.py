"""Vans that reload at the hub, through the whole chain: planned, checked, and broken reload plans caught.

The tiny network with one 2-crate van that may make three trips a day: every day needs a reload.
"""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from typing import Any

import pytest

from logistics_opt.checker import check_plan
from logistics_opt.data.read import load_network
from logistics_opt.distances import build_matrix
from logistics_opt.plan import places
from logistics_opt.planning.schedule import current_schedule
from logistics_opt.planning.week import solve_week
from logistics_opt.reports.route_rows import sheet_rows
from logistics_opt.reports.tables import route_sheet_csv
from logistics_opt.wording import Labels
from tests.factories import FAST, TINY


def reload_network(trips: int = 3):
    net = load_network(TINY)
    return net.with_changes(
        fleet=(replace(net.fleet[0], count=1, capacity_crates=2, max_trips=trips, reload_min=15.0),)
    )


@pytest.fixture(scope="module")
def solved() -> tuple[Any, dict[str, Any]]:
    net = reload_network()
    plan = solve_week(net, build_matrix(net, use_cache=False), current_schedule(net), FAST)
    return net, json.loads(json.dumps(plan.to_dict()))


def test_every_day_reloads_and_the_plan_holds(solved) -> None:
    net, plan = solved
    assert check_plan(plan, net) == []
    assert not plan["unassigned"]
    assert all(r["reloads"] for r in plan["routes"])
    for r in plan["routes"]:
        assert len(r["reloads"]) <= 2
        assert places(r).count("HUB") == len(r["reloads"]) + 2
        # Each trip leaves with what it delivers, within the van's 2 crates.
        assert all(x["load_start"] <= 2 for x in r["reloads"]) and r["load_start"] <= 2


def _reload(p: dict) -> dict:
    return p["routes"][0]["reloads"][0]


BREAKAGES = {
    "reload time": (lambda p: _reload(p).__setitem__("arrival", "05:00"), "reload after stop"),
    "trip load": (lambda p: _reload(p).__setitem__("load_start", 7), "trip 2 leaves with 7 crates"),
    "more trips than the van makes": (
        lambda p: p["routes"][0]["reloads"].extend(
            [{**_reload(p), "after_stop": k} for k in range(2, len(p["routes"][0]["stops"]))]
        ),
        "at most 3 trips",
    ),
    "reload after the last stop": (
        lambda p: _reload(p).__setitem__("after_stop", len(p["routes"][0]["stops"])),
        "expected increasing stop numbers",
    ),
    "reload dropped": (lambda p: p["routes"][0].pop("reloads"), "leaves with"),
}


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_broken_reload_is_rejected(solved, name: str) -> None:
    net, plan = solved
    broken = copy.deepcopy(plan)
    if name == "more trips than the van makes" and len(broken["routes"][0]["stops"]) < 4:
        broken["routes"][0]["stops"] *= 2  # enough stops to place three reloads
    mutate, expect = BREAKAGES[name]
    mutate(broken)
    errs = check_plan(broken, net)
    assert any(expect in e for e in errs), errs


def test_single_trip_vans_may_not_reload(solved) -> None:
    net, plan = solved
    one = net.with_changes(fleet=(replace(net.fleet[0], max_trips=1),))
    assert any("at most 1 trips" in e for e in check_plan(plan, one))


@pytest.mark.parametrize("lang, word", [("en", "reload: "), ("nl", "herladen: ")])
def test_route_sheets_show_each_trip(solved, lang: str, word: str) -> None:
    net, plan = solved
    r = plan["routes"][0]
    rows = sheet_rows(r, net, Labels(lang))
    hub_rows = [x for x in rows if x.hub]
    assert len(hub_rows) == len(r["reloads"]) + 2
    reload_rows = [x for x in hub_rows if x.name.startswith(word)]
    assert [(x.arrival, x.departure, x.load) for x in reload_rows] == [
        (x["arrival"], x["departure"], x["load_start"]) for x in r["reloads"]
    ]
    # The reload row sits right after the stop it follows.
    k = r["reloads"][0]["after_stop"]
    assert rows[k + 1] is reload_rows[0]
    assert route_sheet_csv(plan).count("reload at hub") == sum(len(x["reloads"]) for x in plan["routes"])


def test_chosen_visit_days_are_routed_with_reloads() -> None:
    """``--frequencies optimise`` with reloading vans: the days chosen, then routed with the trips chained."""
    from logistics_opt.planning.frequencies import optimise_week

    net = reload_network()
    plan = optimise_week(net, build_matrix(net, use_cache=False), FAST)
    d = json.loads(json.dumps(plan.to_dict()))
    assert check_plan(d, net) == []
    assert not d["unassigned"] and any(r.get("reloads") for r in d["routes"])


def test_printed_sheets_and_map_show_the_trips(solved) -> None:
    """route_sheets.html prints the reload row after its stop; the map's line passes the hub."""
    from logistics_opt.reports.map_html import map_data
    from logistics_opt.reports.route_sheets_html import route_sheets_html
    from logistics_opt.wording import Labels as _Labels

    net, plan = solved
    first = route_sheets_html(plan, net).split('<section class="sheet">')[1]
    r = [x for x in plan["routes"] if x["day"] == "mon"][0]
    k = r["reloads"][0]["after_stop"]
    stop_k, reload_row = first.index(r["stops"][k - 1]["branch"]), first.index("reload: Test hub, Bunnik (trip 2)")
    assert stop_k < reload_row < first.index(r["stops"][k]["branch"], reload_row)
    assert "trips, reloading at the hub" in first
    path = map_data(plan, net, _Labels("en"))["days"][0]["routes"][0]["path"]
    hub = [net.branch("HUB").lat, net.branch("HUB").lon]
    assert path.count(hub) == len(r["reloads"]) + 2
