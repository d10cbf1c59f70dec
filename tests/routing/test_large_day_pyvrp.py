"""The default engine's large days: the second search is PyVRP's, and the cheaper plan by one judge wins
(``ortools.pyvrp_above``). The grid day has 12 stops, so ``pyvrp_above = 10`` makes it a large day."""

from __future__ import annotations

from dataclasses import replace

import pytest

from logistics_opt.routing import ortools_engine as eng
from logistics_opt.routing.judge import evaluate
from logistics_opt.routing.problem import DaySolution, RouteResult, SearchParams
from logistics_opt.routing.settings import OrtoolsSettings, SearchSettings
from tests.factories import grid_problem

pytest.importorskip("pyvrp")


def _params(above: int | None, **kw) -> SearchParams:
    """A time-limited search (a reproducible one, with a solution limit, keeps ours on every day)."""
    settings = SearchSettings(ortools=OrtoolsSettings(pyvrp_above=above))
    return SearchParams(time_limit_s=1.0, seed=3, settings=settings, **kw)


def test_a_large_cold_day_has_one_pyvrp_search_and_a_small_one_none() -> None:
    p = grid_problem(12, vans=6)
    assert [r.pyvrp for r in eng._runs(p, _params(10), 2)] == [False, True]
    assert [r.pyvrp for r in eng._runs(p, _params(12), 2)] == [False, False]  # 12 stops: not above 12
    assert [r.pyvrp for r in eng._runs(p, _params(None), 2)] == [False, False]
    assert [r.pyvrp for r in eng._runs(p, _params(10), 1)] == [False]  # one search: ours


def test_a_day_without_times_has_a_pyvrp_search_from_fewer_stops() -> None:
    """``pyvrp_above_untimed`` applies to a day without times (the smaller of the two), never to a timed one;
    ``pyvrp_above = None`` turns both off."""
    timed = grid_problem(12, vans=6)
    untimed = replace(timed, travel_s=tuple((0,) * 13 for _ in range(13)))
    assert timed.timed and not untimed.timed

    def pyvrp(p, above, untimed_above):
        settings = SearchSettings(ortools=OrtoolsSettings(pyvrp_above=above, pyvrp_above_untimed=untimed_above))
        return eng.pyvrp_helps(p, SearchParams(time_limit_s=1.0, settings=settings))

    assert pyvrp(untimed, 150, 10) and not pyvrp(timed, 150, 10)
    assert pyvrp(untimed, 10, 150) and not pyvrp(untimed, 150, None)
    assert not pyvrp(untimed, None, 10)


def test_pyvrp_cannot_take_a_warm_start_stops_kept_to_some_vans_or_a_work_limit() -> None:
    warm = _params(10, initial_routes=((1, 2), (3,)))
    assert not eng.pyvrp_helps(grid_problem(12, vans=6), warm)
    assert not eng.pyvrp_helps(grid_problem(12, vans=6), _params(10, solution_limit=5))
    assert not eng.pyvrp_helps(grid_problem(12, vans=6, allowed=True), _params(10))


def test_the_large_day_keeps_the_cheapest_of_its_two_searches(monkeypatch: pytest.MonkeyPatch) -> None:
    """One core runs both searches in turn (ours, then PyVRP's); the day's plan is the cheaper by the judge,
    and it follows the rules."""
    p = replace(grid_problem(12, vans=6), pickup=(0,) + (2,) * 12)
    seen: list[tuple[bool, DaySolution]] = []
    real = eng.run_search

    def spy(problem, run):
        sol = real(problem, run)
        seen.append((run.pyvrp, sol))
        return sol

    monkeypatch.setattr(eng, "run_search", spy)
    sol = eng.solve(p, _params(10), cores=1)
    assert [pyvrp for pyvrp, _ in seen] == [False, True]
    assert {s.engine for _, s in seen} == {"ortools", "pyvrp"}
    verdict = evaluate(p, sol)
    assert verdict.feasible and not sol.dropped and sol.objective == verdict.cost
    assert verdict.cost == min(evaluate(p, s).cost for _, s in seen)


def test_a_pyvrp_search_that_serves_not_every_stop_gives_way() -> None:
    """A PyVRP plan leaving a stop out never beats a plan that serves them all, however cheap it looks."""
    p = grid_problem(4, vans=2)
    served = DaySolution([RouteResult(0, [1, 2, 3, 4], 0)], engine="ortools")
    short = DaySolution([RouteResult(0, [1, 2, 3], 0)], dropped=[4], engine="pyvrp")
    assert eng._best(p, [served, short]) is served
    assert eng._best(p, [short, served]) is served


def test_a_rule_breaking_plan_loses_to_a_feasible_dearer_one() -> None:
    p = grid_problem(4, vans=2)  # 3 crates a stop, 10-crate vans: four stops on one van is 12 crates
    over = DaySolution([RouteResult(0, [1, 2, 3, 4], 0)], engine="pyvrp")
    split = DaySolution([RouteResult(0, [1, 2], 0), RouteResult(1, [3, 4], 0)], engine="ortools")
    assert not evaluate(p, over).feasible
    assert eng._best(p, [over, split]) is split


def test_a_failed_pyvrp_search_leaves_every_stop_out(monkeypatch: pytest.MonkeyPatch) -> None:
    from logistics_opt.routing import pyvrp_engine

    def refuse(problem, params):
        raise pyvrp_engine.NoFeasiblePlanError("no plan")

    monkeypatch.setattr(pyvrp_engine, "solve", refuse)
    p = grid_problem(12, vans=6)
    run = eng._runs(p, _params(10), 2)[1]
    sol = eng.run_search(p, run)
    assert sorted(sol.dropped) == list(p.stop_nodes) and "no plan" in sol.status


def test_pyvrp_above_reads_none_from_text() -> None:
    s = SearchSettings().with_values({"ortools.pyvrp_above": "none"})
    assert s.ortools.pyvrp_above is None
    with pytest.raises(ValueError, match="pyvrp_above"):
        OrtoolsSettings(pyvrp_above=-1)
