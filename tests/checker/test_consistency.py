"""The checker's consistency promises on the tiny network: a consistent plan holds; a van swap, a service
start outside the week's spread, a missing promise and a window the van did not wait for are caught."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from typing import Any

import pytest

from logistics_opt.checker import check_plan
from logistics_opt.data.model import Consistency
from logistics_opt.data.read import load_network
from logistics_opt.distances import build_matrix
from logistics_opt.planning.consistency import consistent, master_week
from logistics_opt.planning.schedule import current_schedule
from tests.factories import FAST, TINY


@pytest.fixture(scope="module")
def tiny_consistent() -> tuple[Any, dict[str, Any]]:
    net = consistent(load_network(TINY))
    plan = master_week(net, build_matrix(net, use_cache=False), current_schedule(net), FAST, "ortools", 1, None)
    return net, json.loads(json.dumps(plan.to_dict()))


def test_a_consistent_plan_holds(tiny_consistent: tuple[Any, dict[str, Any]]) -> None:
    net, plan = tiny_consistent
    assert check_plan(plan, net) == []
    assert plan["consistency"]["same_van"] is True and plan["consistency"]["max_arrival_spread_min"] == 60
    assert plan["summary"]["branches_one_van_share"] == 1.0
    assert plan["summary"]["arrival_spread_max_min"] <= 60


def test_a_van_swap_is_caught(tiny_consistent: tuple[Any, dict[str, Any]]) -> None:
    net, plan = tiny_consistent
    bad = copy.deepcopy(plan)
    route = next(r for r in bad["routes"] if r["day"] == "wed")
    route["vehicle"] = "van-2" if route["vehicle"] != "van-2" else "van-1"
    errs = check_plan(bad, net)
    assert any("consistency:" in e and "promised" in e and "on every day" in e for e in errs), errs


def test_a_spread_beyond_the_promise_is_caught(tiny_consistent: tuple[Any, dict[str, Any]]) -> None:
    net, plan = tiny_consistent
    strict = net.with_changes(settings=replace(net.settings, consistency=Consistency(True, 0.0)))
    errs = check_plan(plan, strict)
    assert any("the run asks" in e for e in errs), errs
    bad = copy.deepcopy(plan)
    bad["consistency"]["max_arrival_spread_min"] = 0.0
    spread = [e for e in check_plan(bad, strict) if "more than the promised 0" in e]
    assert spread, "the tiny week's starts differ by some minutes at some branch"


def test_a_plan_without_its_promises_is_caught(tiny_consistent: tuple[Any, dict[str, Any]]) -> None:
    net, plan = tiny_consistent
    bad = {k: v for k, v in plan.items() if k != "consistency"}
    assert any("has no consistency" in e for e in check_plan(bad, net))
    # The same plan holds for a run that asked for no promises (the waits then have no reason: see below).
    free = net.with_changes(settings=replace(net.settings, consistency=None))
    waits = any(x["wait_min"] > 0 for r in plan["routes"] for x in r["stops"])
    assert (check_plan(bad, free) == []) == (not waits)


def test_a_window_the_van_did_not_wait_for_is_caught(tiny_consistent: tuple[Any, dict[str, Any]]) -> None:
    net, plan = tiny_consistent
    bad = copy.deepcopy(plan)
    branch, window = next(iter(bad["consistency"]["branches"].items()))
    h, m = map(int, window["to"].split(":"))
    window["from"] = window["to"] = f"{h + 1:02d}:{m:02d}"  # opens an hour later than the van came
    errs = check_plan(bad, net)
    assert any(branch in e and "recomputed" in e for e in errs), errs
