"""The plan checker catches every kind of broken plan."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from logistics_opt.checker import check_plan
from logistics_opt.data.read import load_network
from logistics_opt.distances import build_matrix
from logistics_opt.planning.schedule import current_schedule
from logistics_opt.planning.week import solve_week
from logistics_opt.routing.problem import SearchParams
from tests.factories import TINY


@pytest.fixture(scope="module")
def solved() -> tuple[Any, dict[str, Any]]:
    net = load_network(TINY)
    plan = solve_week(
        net, build_matrix(net, use_cache=False), current_schedule(net), SearchParams(time_limit_s=2, solution_limit=50)
    )
    return net, json.loads(json.dumps(plan.to_dict()))


def test_valid_plan_passes(solved) -> None:
    """The solver's own plan holds."""
    net, plan = solved
    assert check_plan(plan, net) == []


def _first_route(p: dict) -> dict:
    return p["routes"][0]


BREAKAGES: dict[str, tuple[Callable[[dict], None], str]] = {
    "distance": (lambda p: _first_route(p).__setitem__("distance_km", _first_route(p)["distance_km"] + 1), "distance"),
    "cost": (lambda p: _first_route(p).__setitem__("cost_eur", _first_route(p)["cost_eur"] - 5), "cost"),
    "load": (lambda p: _first_route(p)["stops"][0].__setitem__("load_after", 99), "load after"),
    "crates": (
        lambda p: _first_route(p)["stops"][0].__setitem__("deliver", _first_route(p)["stops"][0]["deliver"] + 1),
        "accumulation rule",
    ),
    "dropped stop": (lambda p: _first_route(p)["stops"].pop(), "expected once"),
    "late arrival": (lambda p: _first_route(p)["stops"][0].__setitem__("arrival", "12:59"), "recomputed"),
    "shift": (lambda p: _first_route(p).__setitem__("start", "15:50"), "after the shift"),
    "fleet count": (
        lambda p: p["routes"].extend(copy.deepcopy([r for r in p["routes"] if r["day"] == "mon"] * 2)),
        "only 2 in the fleet",
    ),
    "wrong day": (lambda p: _first_route(p).__setitem__("day", "sat"), "not a working day"),
    "summary": (lambda p: p["summary"].__setitem__("cost_eur", 1.0), "summary cost_eur"),
    "unscheduled branch": (lambda p: p["schedule"].pop("A"), "missing from the schedule"),
}


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_broken_plan_is_rejected(solved, name: str) -> None:
    """Each corruption of a valid plan is reported with a message that says what broke."""
    net, plan = solved
    broken = copy.deepcopy(plan)
    mutate, expect = BREAKAGES[name]
    mutate(broken)
    errs = check_plan(broken, net)
    assert errs, f"{name} not detected"
    assert any(expect in e for e in errs), errs


def test_capacity_overflow_is_rejected(solved) -> None:
    """A fleet with smaller vans makes the same plan overflow."""
    from dataclasses import replace

    net, plan = solved
    small = net.with_changes(fleet=tuple(replace(v, capacity_crates=1) for v in net.fleet))
    assert any("capacity" in e for e in check_plan(plan, small))
