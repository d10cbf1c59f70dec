"""``plan --previous`` day by day: the day searched with the prices as soft targets
(:class:`logistics_opt.routing.problem.Targets`, :func:`logistics_opt.routing.ortools_model.steer`)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from logistics_opt.checker import check_plan
from logistics_opt.cli import cli
from logistics_opt.data.model import Stability
from logistics_opt.plan import Plan
from logistics_opt.planning.days import route_times, to_routes
from logistics_opt.planning.keep import _day_total, renamed, steered_routes
from logistics_opt.routing.ortools_model import steer
from logistics_opt.routing.problem import COST_UNITS_PER_EUR, DaySolution, RouteResult, SearchParams, Targets
from logistics_opt.stability import late_eur
from tests.factories import FAST_CLI, TINY, line_problem, van
from tests.planning.test_keep_prices import _monday

PARAMS = SearchParams(time_limit_s=30, solution_limit=50)


def _line() -> tuple:
    """Three stops on a line 1, 2 and 3 km from the depot (1 s a metre), two vans alike at EUR 1 a km: 1-2-3
    and 3-2-1 on one van both cost EUR 6."""
    return line_problem((van("v1"), van("v2")), delivery=(0, 1, 1, 1), pickup=(0, 0, 0, 0))


def test_without_targets_the_cheapest_routes_only() -> None:
    (sol,) = steer(_line(), PARAMS, [[[1, 2, 3], []]])
    assert not sol.dropped and sol.objective == 6 * COST_UNITS_PER_EUR


def test_time_targets_turn_the_route_round() -> None:
    """Stops 3, 2 and 1 served before at 3,000, 4,000 and 5,000 s (give or take 500): only 3-2-1 from 0 s meets
    all three (1-2-3 would leave at 4,000 s and reach stop 3 at 7,000 s; 2-3-1, also EUR 6, is at stop 2 by
    2,000 s or at stop 3 after 3,500 s), at the same EUR 6 and no price."""
    times = (None, (4500, 5500), (3500, 4500), (2500, 3500))
    problem = replace(_line(), targets=Targets(times, late_per_s=10, vans=(-1,) * 4, move_van=0))
    (sol,) = steer(problem, PARAMS, [[[1, 2, 3], []]])
    assert [(r.vehicle, r.nodes) for r in sol.routes] == [(0, [3, 2, 1])]
    assert sol.objective == 6 * COST_UNITS_PER_EUR


def test_a_van_target_moves_the_stops_to_their_van() -> None:
    """Every stop was on the second van: started on the first, the search puts them back (the same cost)."""
    targets = Targets((None,) * 4, late_per_s=0, vans=(-1, 1, 1, 1), move_van=15 * COST_UNITS_PER_EUR)
    (sol,) = steer(replace(_line(), targets=targets), PARAMS, [[[1, 2, 3], []]])
    assert [r.vehicle for r in sol.routes] == [1]
    assert sol.objective == 6 * COST_UNITS_PER_EUR


def test_targets_are_prices_not_rules() -> None:
    """A van target costing less than a second van's EUR 100: the stops stay together on the cheaper route,
    and the objective includes the price of the one moved (EUR 1)."""
    vans = (
        replace(van("v1"), fixed_cost=100 * COST_UNITS_PER_EUR),
        replace(van("v2"), fixed_cost=100 * COST_UNITS_PER_EUR),
    )
    problem = replace(_line(), vehicles=vans)
    targets = Targets((None,) * 4, late_per_s=0, vans=(-1, 0, 0, 1), move_van=1 * COST_UNITS_PER_EUR)
    (sol,) = steer(replace(problem, targets=targets), PARAMS, [[[1, 2], [3]]])
    assert len(sol.routes) == 1 and sol.routes[0].vehicle == 0
    assert sol.objective == 107 * COST_UNITS_PER_EUR


class _Earlier:
    """The earlier run's Monday: every branch on ``van``, at ``times`` (kept within 15 minutes)."""

    def __init__(self, van: str, times: dict[str, float]) -> None:
        self.vans, self.times = van, times

    def kept(self, branch: str, day: str) -> tuple[float, float]:
        return self.times[branch] - 15.0, self.times[branch] + 15.0

    def van(self, branch: str, day: str) -> str:
        return self.vans


class _Keep:
    """The default prices against :class:`_Earlier` (as :class:`logistics_opt.stability.Keep` prices them)."""

    def __init__(self, previous: _Earlier) -> None:
        self.previous, self.prices = previous, Stability()

    def van(self, branch: str, van: str) -> float:
        return self.prices.move_van_eur if van != self.previous.vans else 0.0

    def late(self, branch: str, day: str, at: float) -> float:
        lo, hi = self.previous.kept(branch, day)
        return late_eur(self.prices, max(0.0, lo - at, at - hi), daily=True)


def _plan(data: Path, out: Path) -> dict[str, Any]:
    r = CliRunner().invoke(cli, ["plan", str(data), "--out", str(out), *FAST_CLI])
    assert r.exit_code == 0, r.output
    return json.loads((out / "plan.json").read_text(encoding="utf-8"))


def test_the_steered_day_finds_the_earlier_route_from_the_day_from_scratch(tmp_path: Path) -> None:
    """tests/data/tiny's Monday: last week van-2 drove the route the other way round. Started from this week's
    route on van-1 only, the steered search drives last week's route on van-2 at last week's times: no price,
    where the route from scratch pays a van and times on every branch, on either van. The checker holds the
    day's routes to the semantics."""
    net, matrix, di, rr, _ = _monday()
    back = RouteResult(1, rr.nodes[::-1], 0)
    _, t, _ = route_times(net, matrix, di, back)
    was = _Earlier("van-2", {di.node_ids[n]: a + w for n, a, w in zip(back.nodes, t.arrivals, t.waits)})
    keep = _Keep(was)
    steered = steered_routes(net, matrix, di, keep, PARAMS, [[rr]])  # type: ignore[arg-type]
    assert steered is not None and not steered[1]
    (route,) = steered[0]
    assert (route.vehicle, [s.branch for s in route.stops]) == ("van-2", ["E", "C", "B", "A"])
    assert _day_total(steered[0], keep) == route.cost_eur  # type: ignore[arg-type]
    fresh = to_routes(net, matrix, di, DaySolution([rr]))[0]
    for on in (fresh, renamed(di, fresh, keep)):  # type: ignore[arg-type]
        assert _day_total(on, keep) > route.cost_eur + 5  # type: ignore[arg-type]
    week = Plan.from_dict(_plan(TINY, tmp_path / "week"))  # the week from scratch, its Monday the steered one
    week.routes = steered[0] + [r for r in week.routes if r.day != "mon"]
    assert check_plan(week.to_dict(), net) == []
