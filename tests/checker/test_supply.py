"""The checker derives a reservation log's flows on its own, and rejects a plan made for other flows."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

import logistics_opt.supply
from logistics_opt.checker import check_plan
from logistics_opt.checker.legs import geodesic_legs
from logistics_opt.checker.supply import own_flows
from logistics_opt.data.model import Network, Supply
from logistics_opt.data.read import load_network
from logistics_opt.distances import build_matrix
from logistics_opt.errors import PlanCheckError
from logistics_opt.pipeline import RunOptions, make_plan
from logistics_opt.planning.schedule import current_schedule
from logistics_opt.planning.week import solve_week
from logistics_opt.supply import supplied
from tests.data.test_reservations import log_folder
from tests.factories import FAST

SUPPLIES = [
    Supply(),
    Supply(rule="nearest_copy"),
    Supply(rule="soonest"),
    Supply(floating=True),
    Supply(rule="nearest_copy", floating=("Org Two",), rebalance_share=0.5),
    Supply(rule="soonest", floating=("Org One",), rebalance_share=0.0),
]


def with_supply(net: Network, supply: Supply) -> Network:
    return replace(net, settings=replace(net.settings, supply=supply))


@pytest.mark.parametrize("supply", SUPPLIES, ids=lambda s: f"{s.rule}-{s.floating}-{s.rebalance_share}")
def test_the_checker_derives_the_same_flows_on_its_own(tiny_dir: Path, supply: Supply) -> None:
    net = with_supply(load_network(log_folder(tiny_dir)), supply)
    solver = supplied(net, build_matrix(net, use_cache=False)).requests[len(net.requests) :]
    assert own_flows(net, geodesic_legs(net)) == solver


def _plan(net: Network) -> dict:
    flows = supplied(net, build_matrix(net, use_cache=False))
    plan = solve_week(flows, build_matrix(flows, use_cache=False), current_schedule(flows), FAST)
    return json.loads(json.dumps(plan.to_dict()))


def test_the_checker_rejects_a_plan_whose_flows_do_not_match_the_log_and_rule(tiny_dir: Path) -> None:
    today = load_network(log_folder(tiny_dir))
    plan = _plan(today)
    assert check_plan(plan, today) == []
    floating = with_supply(today, Supply(floating=True))
    errs = check_plan(plan, floating)
    assert any("the requests say" in e or "the accumulation rule gives" in e for e in errs), errs
    # The network handed to the checker may carry any branch-to-branch flows: it reads the log.
    assert check_plan(plan, supplied(floating, build_matrix(floating, use_cache=False))) == errs


def test_a_solver_path_that_picks_the_wrong_holder_fails_the_check(
    tiny_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    net = with_supply(load_network(log_folder(tiny_dir)), Supply(rule="nearest_copy"))
    assert make_plan(net, RunOptions(time_limit_s=30, solution_limit=20, workers=1)).unassigned == []
    monkeypatch.setattr(logistics_opt.supply, "chooser", lambda network, matrix: lambda res, day: res.holders[0])
    with pytest.raises(PlanCheckError, match="the plan checker rejected the plan"):
        make_plan(net, RunOptions(time_limit_s=30, solution_limit=20, workers=1))
