"""Several periodic searches side by side: the cheapest week is kept; reproducible runs stay one search."""

from __future__ import annotations

import re

import pytest

from logistics_opt.routing.periodic import solve_periodic, solve_periodic_on
from logistics_opt.routing.problem import COST_UNITS_PER_EUR, SearchParams

from .test_periodic import once, problem


def test_two_searches_keep_the_cheaper() -> None:
    """Two searches on two cores, each reported as it ends: the week kept is the cheaper of the two the
    log reports, and it is the hand-checked best (the free stop joins its neighbour's day: one van day)."""
    opts = ((once(1),), (once(0), once(1)), (once(1),))
    said: list[str] = []
    sol = solve_periodic_on(problem(opts), SearchParams(time_limit_s=1.5), 2, progress=said.append)
    assert {"search 1 of 2", "search 2 of 2"} <= {m.split(":")[0] for m in said}
    costs = [float(x) for x in re.findall(r"\d+\.\d\d", sol.log[0].split(";")[0])]
    assert sol.log[0].startswith("2 searches side by side") and len(costs) == 2
    assert sol.cost / COST_UNITS_PER_EUR == pytest.approx(min(costs), abs=0.005)
    assert sol.choice[1] == 1 and not sol.dropped
    assert sorted(sum(sol.routes[1].values(), [])) == [1, 2, 3]


def test_a_reproducible_run_stays_one_search() -> None:
    """With a solution limit the plan must not depend on the cores: one search, the same week as
    :func:`solve_periodic` gives."""
    opts = ((once(0, crates=30), once(1, crates=30)), (once(0, crates=30),), (once(1, crates=1),))
    params = SearchParams(time_limit_s=30, solution_limit=20)
    alone = solve_periodic(problem(opts, capacity=40), params)
    on_two = solve_periodic_on(problem(opts, capacity=40), params, 2)
    assert (on_two.choice, on_two.routes, on_two.cost) == (alone.choice, alone.routes, alone.cost)
    assert not any("side by side" in line for line in on_two.log or [])
