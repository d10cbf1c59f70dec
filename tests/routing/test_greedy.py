"""Greedy nearest-neighbour routes: feasible under the shared judge."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from logistics_opt.routing.greedy import greedy_routes
from logistics_opt.routing.judge import evaluate
from logistics_opt.routing.problem import DayProblem, DaySolution, RouteResult
from tests.factories import van as _van


@st.composite
def day_problems(draw: st.DrawFn, max_stops: int = 12) -> DayProblem:
    """Random small days: points on a grid, pickups and deliveries, some windows, a tight shift."""
    n = draw(st.integers(1, max_stops)) + 1
    xy = [(draw(st.integers(0, 20)), draw(st.integers(0, 20))) for _ in range(n)]
    d = tuple(tuple(1000 * (abs(a[0] - b[0]) + abs(a[1] - b[1])) for b in xy) for a in xy)
    t = tuple(tuple(x // 10 for x in row) for row in d)
    crates = st.integers(0, 9)
    windows = [(0, 99999)] + [draw(st.sampled_from([(0, 99999), (3600, 7200), (0, 5000)])) for _ in range(n - 1)]
    vans = tuple(
        _van(
            f"v{k}",
            capacity=draw(st.integers(5, 15)),
            end=draw(st.sampled_from([6000, 20000])),
            break_after=3000,
            brk=draw(st.sampled_from([0, 600])),
        )
        for k in range(draw(st.integers(1, 3)))
    )
    return DayProblem(
        distance_m=d,
        travel_s=t,
        service_s=(0,) + tuple(draw(crates) * 60 for _ in range(n - 1)),
        delivery=(0,) + tuple(draw(crates) for _ in range(n - 1)),
        pickup=(0,) + tuple(draw(crates) for _ in range(n - 1)),
        windows=tuple(windows),
        vehicles=vans,
    )


@settings(max_examples=60, deadline=None)
@given(day_problems())
def test_greedy_routes_hold_under_the_shared_judge(p: DayProblem) -> None:
    """Nearest-neighbour start routes respect capacity all along, windows and shifts (break reserved)."""
    routes = greedy_routes(p)
    served = {s for r in routes for s in r}
    sol = DaySolution(
        [RouteResult(k, r, p.vehicles[k].shift_start_s) for k, r in enumerate(routes) if r],
        dropped=[s for s in p.stop_nodes if s not in served],
    )
    verdict = evaluate(p, sol)
    assert verdict.feasible, verdict.problem
