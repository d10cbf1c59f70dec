"""Periodic routing core: exact route costs and the joint choice of visit options and routes."""

from __future__ import annotations

import random

import pytest

from logistics_opt.routing.periodic import PeriodicProblem, VisitOption, search, solve_periodic
from logistics_opt.routing.periodic.model import _Week
from logistics_opt.routing.periodic.search import trade
from logistics_opt.routing.periodic.state import _State
from logistics_opt.routing.problem import COST_UNITS_PER_EUR, DayProblem, SearchParams, Vehicle

# Depot 0; stops 1 and 2 side by side 10 km east; stop 3 10 km west.
KM = [[0, 10, 10, 10], [10, 0, 1, 20], [10, 1, 0, 20], [10, 20, 20, 0]]


def problem(options: tuple[tuple[VisitOption, ...], ...], capacity: int = 50, vans: int = 1) -> PeriodicProblem:
    metres = tuple(tuple(k * 1000 for k in row) for row in KM)
    secs = tuple(tuple(k * 60 for k in row) for row in KM)  # 1 km a minute
    vehicles = tuple(
        Vehicle(f"v{i}", "van", 0, capacity, 40 * COST_UNITS_PER_EUR, 0.5, 30.0, 8 * 3600, 16 * 3600)
        for i in range(vans)
    )
    template = DayProblem(metres, secs, (0, 0, 0, 0), (0,) * 4, (0,) * 4, ((0, 48 * 3600),) * 4, vehicles)
    return PeriodicProblem(2, template, options)


def once(day: int, crates: int = 5, service: int = 600) -> VisitOption:
    return VisitOption((day,), (crates,), (crates,), (service,))


def test_route_cost_is_arcs_span_and_fixed() -> None:
    """A route's cost: km x EUR/km + hours x EUR/h + the fixed cost, infinite when over capacity."""
    p = problem(((once(0),), (once(0),), (once(0),)))
    w = _Week(p)
    size = {1: (5, 5, 600), 2: (5, 5, 600)}
    # 21 km, 21 min driving + 20 min at stops = 41 min.
    want = 21 * 0.5 + 41 / 60 * 30.0 + 40
    assert w.route_cost(0, [1, 2], size) / COST_UNITS_PER_EUR == pytest.approx(want, abs=0.01)
    assert w.route_cost(0, [1, 2], {1: (30, 0, 600), 2: (30, 0, 600)}) == float("inf")


@pytest.mark.parametrize("method", ["auto", "week", "days"])
def test_neighbours_share_a_day(method: str) -> None:
    """A stop free to pick its day joins its fixed neighbour's day rather than cost a second van day."""
    opts = ((once(1),), (once(0), once(1)), (once(1),))
    sol = solve_periodic(problem(opts), SearchParams(time_limit_s=1.5), method=method)
    assert sol.choice[1] == 1
    assert sol.routes[0] == {} and sorted(sum(sol.routes[1].values(), [])) == [1, 2, 3]
    assert not sol.dropped


def test_fewer_visits_chosen_when_cheaper() -> None:
    """Between visiting on both days and once, the solver takes once (half the driving)."""
    both = VisitOption((0, 1), (3, 3), (3, 3), (600, 600))
    opts = ((both, once(0, crates=6)), (once(0),), (once(0),))
    sol = solve_periodic(problem(opts), SearchParams(time_limit_s=1.5))
    assert sol.choice[0] == 1
    assert sol.routes[1] == {}


def test_capacity_splits_days() -> None:
    """When one van cannot carry two stops on a day, the flexible stop moves to the other day."""
    opts = ((once(0, crates=30), once(1, crates=30)), (once(0, crates=30),), (once(1, crates=1),))
    sol = solve_periodic(problem(opts, capacity=40), SearchParams(time_limit_s=1.5))
    assert sol.choice[0] == 1 and not sol.dropped


def test_unknown_method_rejected() -> None:
    """A misspelt method is an error, not a silent default."""
    with pytest.raises(ValueError):
        solve_periodic(problem(((once(0),), (once(0),), (once(0),))), SearchParams(time_limit_s=0.2), method="x")


def test_full_vans_trade_days() -> None:
    """One 10-crate van a day. East stops 1 and 2 and west stop 3 carry 5 crates each; stop 2 is fixed
    on day 0 and shares it with stop 3 (40 km), stop 1 is alone on day 1 (20 km). Neither flexible stop
    gains by moving alone (stop 1 would overload day 0; stop 3 on day 1 still makes 60 km), but the two
    trading days gives 21 + 20 km, and the anneal's partner for stop 1 is exactly that trade."""
    opts = ((once(0), once(1)), (once(0),), (once(0), once(1)))
    w = _Week(problem(opts, capacity=10))
    state = _State(w, [1, 0, 0])
    state.set_day(0, {0: [2, 3]})
    state.set_day(1, {0: [1]})
    assert state.copy().try_move(0, 0) is None
    assert state.copy().try_move(2, 1) is None
    assert trade(state, 0, 0, random.Random(0)) == [(2, 1)]
    saved = -state.try_swap([(0, 0), (2, 1)])
    # 19 km (EUR 0.50 each) and 19 minutes (EUR 30 an hour) less; the vans and stops are the same.
    assert saved / COST_UNITS_PER_EUR == pytest.approx(19 * 0.5 + 19 / 60 * 30.0, abs=0.05)
    assert state.choice == [0, 0, 1]
    assert sorted(state.routes[0][0]) == [1, 2] and state.routes[1] == {0: [3]}


def test_overload_at_a_price_then_repaired() -> None:
    """The full vans of ``test_full_vans_trade_days``: while overload is priced at EUR 1 a crate, stop 1
    joins day 0 (a 6-euro detour and 5 crates over, against its own 65-euro van day). The warm start
    for the engine sheds one stop; once overload is infeasible again the day's re-solve must take the
    engine's routes (one van of 10 crates serves two of the three stops), and nothing is over."""
    opts = ((once(0), once(1)), (once(0),), (once(0), once(1)))
    w = _Week(problem(opts, capacity=10))
    state = _State(w, [1, 0, 0])
    state.set_day(0, {0: [2, 3]})
    state.set_day(1, {0: [1]})
    w.overload_cost = 1.0 * COST_UNITS_PER_EUR
    saved = -state.try_move(0, 0)
    assert saved / COST_UNITS_PER_EUR == pytest.approx(65.0 - 6.0 - 5.0, abs=0.05)
    assert state.overloaded() == {0} and state.key()[:2] == (0, 5)
    assert sum(map(len, state.warm_routes(0).values())) == 2
    w.overload_cost = float("inf")
    state.reprice({0})
    state.solve_day(0, "ortools", SearchParams(time_limit_s=0.3), warm=True)
    assert state.overloaded() == set() and len(state.unserved(0)) == 1


def test_fit_sheds_what_does_not_fit() -> None:
    """The last guard: an overloaded day's extra stop becomes an unserved visit, never an overloaded van."""
    opts = ((once(0),), (once(0),), (once(0),))
    w = _Week(problem(opts, capacity=10))
    w.overload_cost = 0.0
    state = _State(w, [0, 0, 0])
    state.set_day(0, {0: [1, 2, 3]})
    state.fit()
    assert state.overloaded() == set() and state.penalty() == 1


def test_re_solves_share_the_time_left_over_the_days_left(monkeypatch: pytest.MonkeyPatch) -> None:
    """Three days re-solved within 3 s: each gets a third (1 s), not a third of what is left (which
    would leave 0.8 s unused)."""
    clock = [100.0]
    monkeypatch.setattr(search.time, "perf_counter", lambda: clock[0])
    caps: list[float] = []

    class Week:
        sizes = [{1: None}, {2: None}, {3: None}]

        def key(self) -> tuple[int, int, int]:
            return (0, 0, 0)

        def solve_day(self, d: int, engine: str, params: SearchParams, warm: bool) -> None:
            caps.append(round(params.time_limit_s, 6))
            clock[0] += params.time_limit_s

    opts = ((once(0), once(1)), (once(0),), (once(1),))
    run = search._Search(problem(opts), SearchParams(time_limit_s=60), "ortools", "days", None)
    run.reoptimise(Week(), {0, 1, 2}, until=103.0, most=60.0, params=SearchParams(time_limit_s=60))
    assert caps == [1.0, 1.0, 1.0]
