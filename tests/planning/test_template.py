"""The template search of master routes (issue 31): a route's week cost is the plan's, its local search
leaves no cheaper neighbour, and the busiest day starts it only when the week has odd visits."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from logistics_opt.data.model import Consistency, Network
from logistics_opt.data.read import load_network
from logistics_opt.distances import build_matrix
from logistics_opt.planning.consistency import _busiest, _days, _plan
from logistics_opt.planning.master import Master, master_day
from logistics_opt.planning.schedule import current_schedule
from logistics_opt.planning.template import Search, as_routes, improve, week_days
from logistics_opt.routing.problem import DaySolution
from logistics_opt.volumes import week_visits
from tests.factories import TINY


def _tiny(spread: float) -> Network:
    net = load_network(TINY)
    return net.with_changes(settings=replace(net.settings, consistency=Consistency(True, spread)))


def _search(net: Network) -> tuple[Search, Master]:
    matrix = build_matrix(net, use_cache=False)
    visits = week_visits(net, current_schedule(net))
    empty = Master(master_day(net, matrix, visits), DaySolution([]))
    return Search(net, matrix, week_days(net, [di for di, _ in _days(net, matrix, visits, empty)])), empty


@pytest.mark.parametrize("spread", [5.0, 20.0, 60.0])
def test_a_route_costs_what_its_week_plan_costs(spread: float) -> None:
    """Every order of TINY's branches on one van (D and E are due on two days each, so the promised windows
    make the van wait): the search's week cost is the plan's, waits, later starts and all."""
    net = _tiny(spread)
    search, empty = _search(net)
    matrix = build_matrix(net, use_cache=False)
    visits = week_visits(net, current_schedule(net))
    priced = 0
    for order in itertools.permutations(["A", "B", "C", "D", "E"]):
        cost = search.cost(0, list(order))
        if cost is None:
            continue
        master = Master(empty.day, DaySolution(as_routes(search, {0: list(order)}, empty.day)))
        plan, _ = _plan(net, matrix, current_schedule(net), master, _days(net, matrix, visits, master))
        assert not plan.unassigned
        assert plan.summary()["cost_eur"] == pytest.approx(cost, abs=0.03)  # each day's route rounded to the cent
        priced += 1
    assert priced > 60


def test_the_search_leaves_no_cheaper_reversal_or_exchange() -> None:
    net = _tiny(60.0)
    search, _ = _search(net)
    start = {0: ["E", "A", "D"], 1: ["C", "B"]}
    better = improve(search, start, ["A", "B", "C", "D", "E"])
    assert better is not None
    cost = {v: search.cost(v, bids) for v, bids in better.items()}
    assert all(c is not None for c in cost.values())
    week = sum(c for c in cost.values() if c is not None)
    assert week <= sum(c for v, b in start.items() if (c := search.cost(v, b)) is not None) + 1e-6
    for v, bids in better.items():  # 2-opt: no reversed stretch is cheaper
        for i, j in itertools.combinations(range(len(bids)), 2):
            c = search.cost(v, bids[:i] + bids[i : j + 1][::-1] + bids[j + 1 :])
            assert c is None or c >= (cost[v] or 0.0) - 0.01
    if len(better) == 2:  # swap: no exchange of two branches between the vans is cheaper
        (u, a), (v, b) = sorted(better.items())
        for i, j in itertools.product(range(len(a)), range(len(b))):
            cu = search.cost(u, a[:i] + [b[j]] + a[i + 1 :])
            cv = search.cost(v, b[:j] + [a[i]] + b[j + 1 :])
            assert cu is None or cv is None or cu + cv >= week - 0.01


def test_the_busiest_day_starts_the_search_only_with_odd_visits() -> None:
    net = load_network(TINY)
    visits = week_visits(net, current_schedule(net))
    # D (tue, fri) and E (mon, thu): four of five branches on the busiest day, under 97 %.
    assert _busiest(net, visits) in {"mon", "tue", "thu", "fri"}
    daily = {b: vs for b, vs in visits.items() if len(vs) == len(net.settings.working_days)}
    assert _busiest(net, daily) is None
