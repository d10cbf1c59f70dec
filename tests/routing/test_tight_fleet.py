"""A tight fleet (:mod:`logistics_opt.routing.anneal_kernel`): stops the first routes leave out stay in play
until the search has served them or tried long enough, and a stop still left out says how often it was tried."""

from __future__ import annotations

from dataclasses import replace

from logistics_opt.data.read import load_network
from logistics_opt.distances import build_matrix
from logistics_opt.planning.schedule import current_schedule
from logistics_opt.planning.week import solve_week
from logistics_opt.routing import ortools_engine, sisr
from logistics_opt.routing.judge import evaluate
from logistics_opt.routing.problem import DayProblem, DaySolution, RouteResult
from logistics_opt.routing.stop import MaxIterations
from tests.factories import FAST, TINY, line, van


def _two_vans(pickup: tuple[int, ...]) -> DayProblem:
    """Stops on a line 1 km apart with crates to collect, two 10-crate vans at EUR 1/km."""
    d = line(len(pickup))
    n = len(pickup)
    return DayProblem(d, d, (0,) * n, (0,) * n, pickup, ((0, 99999),) * n, (van("a"), van("b")))


def test_a_stop_left_out_is_served_once_a_swap_makes_room() -> None:
    """5, 6, 4 and 5 crates to collect at stops 1-4, two 10-crate vans. The first routes 1-3 (9 crates) and 2
    (6) leave stop 4 out, and it fits in neither. Only a swap serves it: 1-4 and 2-3, ten crates each. The
    search finds it within a few hundred iterations, and the same seed gives the same routes."""
    p = _two_vans((0, 5, 6, 4, 5))
    found = sisr.improve(p, [[1, 3], [2]], seed=0, stop=MaxIterations(300))
    assert sorted(sorted(r) for r in found.routes) == [[1, 4], [2, 3]]
    assert found.tries == {}
    assert evaluate(p, DaySolution([RouteResult(v, r, 0) for v, r in enumerate(found.routes)])).feasible
    assert sisr.improve(p, [[1, 3], [2]], seed=0, stop=MaxIterations(300)) == found


def test_a_stop_that_fits_nowhere_is_tried_every_iteration_and_left_out() -> None:
    """Three stops of 6 crates, two 10-crate vans: one stop is always left out. It is tried once before the
    search, once in each of its 200 iterations and once more at the end (whichever stop it is by then)."""
    p = _two_vans((0, 6, 6, 6))
    found = sisr.improve(p, [[1], [2]], seed=0, stop=MaxIterations(200))
    served = sorted(s for r in found.routes for s in r)
    assert len(served) == 2 and len(found.tries) == 1
    ((left, tries),) = found.tries.items()
    assert left not in served and 2 <= tries <= 202


def test_the_engine_serves_every_stop_a_tight_fleet_can_take() -> None:
    """Eight stops of 5 crates and four 10-crate vans: every van full. The engine serves all eight."""
    p = replace(_two_vans((0,) + (5,) * 8), vehicles=tuple(van(name) for name in "abcd"))
    sol = ortools_engine.solve(p, FAST)
    assert not sol.dropped and sol.tries == {}
    assert evaluate(p, sol).feasible


def test_a_branch_left_out_says_how_often_the_search_tried_to_fit_it() -> None:
    """One van working 08:00-09:30 cannot reach every branch of the tiny network: the branches it leaves out
    are full days, and their reason names the tries and the vans."""
    net = load_network(TINY)
    net = net.with_changes(fleet=tuple(replace(v, count=1, shift_end_min=570.0) for v in net.fleet))
    plan = solve_week(net, build_matrix(net, use_cache=False), current_schedule(net), FAST)
    assert plan.unassigned
    for u in plan.unassigned:
        assert u.reason_code == "no_room" and u.reason_fields["tries"] > 1 and u.reason_fields["vans"] == 1
        assert f"tried {u.reason_fields['tries']} times" in u.reason
