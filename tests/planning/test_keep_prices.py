"""The late price of ``plan --previous`` (:func:`logistics_opt.stability.late_eur`): against a day-by-day run per
quarter hour begun outside a visit's kept times, at most ``late_cap_eur`` a visit, against master routes pro rata;
and a kept route that leaves later to bring its branches
back within their kept times (:func:`logistics_opt.planning.keep.kept_start`)."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pytest

from logistics_opt.data.model import Stability
from logistics_opt.data.read import load_network, load_settings
from logistics_opt.data.write import settings_toml
from logistics_opt.distances import build_matrix
from logistics_opt.errors import InputError
from logistics_opt.planning.days import route_times, to_routes
from logistics_opt.planning.keep import _retimed, kept_start
from logistics_opt.planning.schedule import current_schedule
from logistics_opt.planning.week import week_days
from logistics_opt.previous import clock
from logistics_opt.routing.problem import DaySolution, RouteResult
from logistics_opt.stability import late_eur
from tests.factories import TINY


def test_late_price_per_quarter_hour_begun_capped_per_visit() -> None:
    prices = Stability()
    minutes = [0.0, 0.4, 1.0, 15.0, 15.4, 16.0, 31.0, 74.0, 600.0]
    assert [late_eur(prices, m, daily=True) for m in minutes] == [0, 0, 5, 5, 5, 10, 15, 25, 25]
    assert late_eur(replace(prices, late_cap_eur=1000.0), 600.0, daily=True) == 200.0
    assert late_eur(replace(prices, late_cap_eur=0.0), 600.0, daily=True) == 0.0
    assert [late_eur(prices, m, daily=False) for m in (1.5, 16.0, 600.0)] == [0.5, 16 / 3, 200.0]
    assert replace(prices, move_van_eur=0.0, move_day_eur=0.0, late_cap_eur=0.0).free


def _settings(tmp_path: Path, table: str) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text((TINY / "settings.toml").read_text(encoding="utf-8") + table, encoding="utf-8")
    return path


def test_late_cap_in_settings(tmp_path: Path) -> None:
    old = load_settings(_settings(tmp_path, "\n[stability]\nmove_van_eur = 10\n"))
    assert old.stability == Stability(move_van_eur=10.0)  # a file from before the cap: 25 EUR
    capped = load_settings(_settings(tmp_path, "\n[stability]\nlate_cap_eur = 40\n"))
    assert capped.stability.late_cap_eur == 40.0
    (tmp_path / "written.toml").write_text(settings_toml(capped), encoding="utf-8")
    assert load_settings(tmp_path / "written.toml") == capped
    with pytest.raises(InputError, match="late_cap_eur"):
        load_settings(_settings(tmp_path, "\n[stability]\nlate_cap_eur = -1\n"))


class _Earlier:
    """Every branch was served ``minutes`` later than now, kept within 15 minutes of that."""

    def __init__(self, now: dict[str, float], minutes: float) -> None:
        self.now, self.minutes = now, minutes

    def kept(self, branch: str, day: str) -> tuple[float, float]:
        at = self.now[branch] + self.minutes
        return at - 15.0, at + 15.0


class _Keep:
    def __init__(self, previous: _Earlier) -> None:
        self.previous, self.prices = previous, Stability()

    def late(self, branch: str, day: str, at: float) -> float:
        lo, hi = self.previous.kept(branch, day)
        return late_eur(self.prices, max(0.0, lo - at, at - hi), daily=True)


def _monday() -> tuple[object, object, object, RouteResult, dict[str, float]]:
    net = load_network(TINY)
    matrix = build_matrix(net, use_cache=False)
    di = week_days(net, matrix, {b: tuple(d) for b, d in current_schedule(net).items()})[0]
    rr = RouteResult(0, list(range(di.problem.num_depots, di.problem.num_nodes)), 0)
    _, t, _ = route_times(net, matrix, di, rr)
    now = {di.node_ids[n]: a + w for n, a, w in zip(rr.nodes, t.arrivals, t.waits)}
    return net, matrix, di, rr, now


def test_a_kept_route_leaves_later_to_keep_its_times() -> None:
    """Last week the same route left 40 minutes later: leaving at the shift's start, every branch would be 25
    minutes early; the route leaves 25 minutes later, at the same cost."""
    net, matrix, di, rr, now = _monday()
    later = kept_start(net, matrix, di, rr, _Keep(_Earlier(now, 40.0)))  # type: ignore[arg-type]
    start, t, _ = route_times(net, matrix, di, later)  # type: ignore[arg-type]
    assert start == di.vehicle_types[0].shift_start_min + 25
    assert all(abs(a + w - now[di.node_ids[n]] - 25) < 1e-9 for n, a, w in zip(rr.nodes, t.arrivals, t.waits))


def test_a_kept_route_does_not_leave_past_its_shift() -> None:
    """A route that would have to leave 10 hours later to keep its times stays at the shift's start."""
    net, matrix, di, rr, now = _monday()
    assert kept_start(net, matrix, di, rr, _Keep(_Earlier(now, 600.0))) == rr  # type: ignore[arg-type]


def test_a_kept_route_that_waits_at_its_first_door_leaves_later() -> None:
    """The first branch opens two hours after the shift starts: leaving at the shift's start the van waits
    there; it leaves by that wait instead, every branch at the same time (kept), for fewer paid hours."""
    net, matrix, di, rr, _ = _monday()
    first = di.node_ids[rr.nodes[0]]
    shift = di.vehicle_types[0].shift_start_min
    late_open = [replace(b, open_min=shift + 120.0) if b.id == first else b for b in net.branches]
    net = replace(net, branches=late_open)
    di = week_days(net, matrix, {b: tuple(d) for b, d in current_schedule(net).items()})[0]
    start, t, _ = route_times(net, matrix, di, rr)
    assert start == shift and t.waits[0] > 60  # timed from the shift's start, it waits at the first door
    now = {di.node_ids[n]: a + w for n, a, w in zip(rr.nodes, t.arrivals, t.waits)}
    later = kept_start(net, matrix, di, rr, _Keep(_Earlier(now, 0.0)))  # type: ignore[arg-type]
    start2, t2, _ = route_times(net, matrix, di, later)  # type: ignore[arg-type]
    assert start2 == shift + math.floor(t.waits[0]) and t2.waits[0] < 1
    assert all(abs(a + w - now[di.node_ids[n]]) < 1e-9 for n, a, w in zip(rr.nodes, t2.arrivals, t2.waits))
    assert t2.end == t.end


def test_the_days_chosen_routes_leave_later_to_keep_their_times() -> None:
    """A day's chosen route drives last week's branches in last week's order but leaves at the shift's start,
    where last week it left 40 minutes later: it leaves 25 minutes later (every branch back within 15 minutes)
    for the same cost; a day whose times are kept already is left as it is."""
    net, matrix, di, rr, now = _monday()
    routes, _ = to_routes(net, matrix, di, DaySolution([rr]))
    retimed = _retimed(net, matrix, di, routes, _Keep(_Earlier(now, 40.0)))  # type: ignore[arg-type]
    assert retimed is not None
    assert clock(retimed[0][0].start) == clock(routes[0].start) + 25
    assert [s.branch for s in retimed[0][0].stops] == [s.branch for s in routes[0].stops]
    assert retimed[0][0].cost_eur == routes[0].cost_eur
    assert _retimed(net, matrix, di, routes, _Keep(_Earlier(now, 0.0))) is None  # type: ignore[arg-type]
