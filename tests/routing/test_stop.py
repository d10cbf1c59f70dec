"""Stopping criteria (:mod:`logistics_opt.routing.stop`): a work limit stops after exactly its work, a
time limit on the clock, a combination at whichever comes first; and the stopping rule a user names."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from logistics_opt.routing import sisr
from logistics_opt.routing.problem import COST_UNITS_PER_EUR, DayProblem
from logistics_opt.routing.stop import (
    DEFAULT_CAP_S,
    FirstOf,
    MaxIterations,
    MaxRuntime,
    StopRule,
    StopRuleError,
    spell,
    stop_after,
)
from tests.factories import line, line_problem, van


def _count(stop, step: int = 1) -> int:
    """Work a phase does under ``stop``, ``step`` units at a time."""
    done = 0
    while not stop.done():
        stop.add(step)
        done += step
    return done


def test_a_work_limit_stops_after_exactly_its_work() -> None:
    assert _count(MaxIterations(7)) == 7
    assert _count(MaxIterations(0)) == 0
    stop = MaxIterations(10)
    stop.add(4)
    assert stop.work_left() == 6 and stop.fraction() == 0.4 and stop.fraction(work=3) == 0.7
    with pytest.raises(ValueError, match="MaxIterations: limit = -1"):
        MaxIterations(-1)


def test_a_time_limit_stops_on_the_clock() -> None:
    stop = MaxRuntime(0.05)
    assert not stop.done() and stop.work_left() is None and 0.0 <= stop.fraction() < 1.0
    time.sleep(0.06)
    assert stop.done() and stop.fraction() == 1.0 and stop.left() == 0.0
    assert MaxRuntime(0.0).done()


def test_combined_stops_at_whichever_comes_first() -> None:
    """Work first: it stops after exactly the work, the clock untouched. The clock first: it stops
    though work is left. The work leads the progress, the clock is a cap."""
    work_first = FirstOf([MaxIterations(5), MaxRuntime(60)])
    assert _count(work_first) == 5 and work_first.fraction() == 1.0
    clock_first = FirstOf([MaxIterations(10**9), MaxRuntime(0.02)])
    time.sleep(0.03)
    assert clock_first.done() and clock_first.work_left() == 10**9
    half = FirstOf([MaxIterations(10), MaxRuntime(60)])
    half.add(5)
    assert half.fraction() == 0.5
    assert isinstance(stop_after(3, None), MaxIterations) and isinstance(
        stop_after(None, time.perf_counter()), MaxRuntime
    )


def test_a_part_shares_the_work_and_keeps_the_clock_as_a_cap() -> None:
    stop = FirstOf([MaxIterations(1000), MaxRuntime(60)])
    part = stop.part(0.25)
    assert part.work_left() == 250 and part.seconds_left() == pytest.approx(stop.seconds_left(), abs=0.01)
    assert _count(part, step=50) == 250
    stop.add(200)  # a phase may report less work than its part allowed (it stopped early)
    assert stop.part(1.0).work_left() == 800
    clock = MaxRuntime(10).part(0.5)
    assert clock.work_left() is None and 4.9 < clock.left() <= 5.0


def test_pyvrp_s_protocol_counts_one_iteration_a_call() -> None:
    """PyVRP asks before each iteration: MaxIterations(3) lets exactly three through."""
    stop = MaxIterations(3)
    assert [stop(0.0) for _ in range(5)] == [False, False, False, True, True]


def test_the_kernel_does_exactly_the_iterations_it_is_given() -> None:
    """A tiny day (one van, three stops on a line): the compiled search reports back every iteration of its
    work limit, counted in fixed chunks (none on a day with nothing to take away), and the result is fixed."""
    p = line_problem((van(),), (0, 1, 1, 1), (0, 0, 0, 0))
    stop = MaxIterations(2500)
    routes = sisr.improve(p, [[3, 1, 2]], seed=0, stop=stop)
    assert stop.count == 2500 and sorted(routes[0][0]) == [1, 2, 3]
    assert sisr.improve(p, [[3, 1, 2]], seed=0, stop=MaxIterations(2500)) == routes
    # Vans of a fixed cost and one route a stop: routes are taken away first, then two searches race;
    # every phase's work adds up to the limit.
    vans = tuple(replace(van(f"v{i}"), fixed_cost=COST_UNITS_PER_EUR) for i in range(4))
    fleet_day = DayProblem(line(5), line(5), (0,) * 5, (0,) * 5, (0,) + (5,) * 4, ((0, 99999),) * 5, vans)
    stop = MaxIterations(3000)
    routes, _, _ = sisr.improve(fleet_day, [[i] for i in range(1, 5)], seed=1, stop=stop)
    assert stop.count == 3000 and sum(1 for r in routes if r) == 2
    capped = FirstOf([MaxIterations(10**9), MaxRuntime(0.2)])
    t0 = time.perf_counter()
    sisr.improve(p, [[3, 1, 2]], seed=0, stop=capped)
    assert time.perf_counter() - t0 < 5 and capped.done()


def test_the_rule_a_user_names() -> None:
    assert StopRule.named() == StopRule(30.0)
    assert StopRule.named("work") == StopRule(DEFAULT_CAP_S, 25, 50)
    assert StopRule.named(solution_limit=10) == StopRule(DEFAULT_CAP_S, 10)  # a quarter as many rounds
    assert StopRule.named(rounds=7, time_limit_s=20) == StopRule(20, 25, 7)
    assert StopRule.named(default="work", cap_s=30) == StopRule(30, 25, 50)
    assert StopRule.named("time", time_limit_s=12).stop == "time" and StopRule(5, 1).stop == "work"
    with pytest.raises(StopRuleError) as e:
        StopRule.named("time", solution_limit=5, style="option")
    assert e.value.key == "solution_limit"
    assert str(e.value) == "--solution-limit makes a run stop on work: leave it out with --stop time"
    with pytest.raises(StopRuleError, match='rounds makes a run stop on work: leave it out with stop = "time"'):
        StopRule.named("time", rounds=5)
    with pytest.raises(StopRuleError, match='stop = "often"'):
        StopRule.named("often")
    with pytest.raises(StopRuleError, match="rounds count work: they need a solution limit"):
        StopRule(30, None, 5)
    assert spell("time_limit", 30, "option") == "--time-limit 30" and spell("stop", "work") == 'stop = "work"'
