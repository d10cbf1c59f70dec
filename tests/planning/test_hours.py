"""Opening hours per weekday (hours.csv) on the week planned by hand (tests/checker/hand.py).

Tuesday: van-1 drives HUB -> B -> HUB, 40 km each way at 60 km/h, B's stop 10 + 4 + 1 = 15 min. Without
hours it leaves 08:00 and is at B at 08:40. With B opening at 09:00 on Tuesdays only (hours.csv), the van
leaving 08:00 waits 20 min at the door: service 09:00-09:15, back 09:55, 115 min, EUR 40 + 57.50 + 20 =
117.50; Friday's visit to B (no row) keeps the hours of branches.csv (none). The day search leaves later
instead: at 08:20, at B 09:00, back 09:35 as before.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from logistics_opt.checker import check_plan
from logistics_opt.cli import cli
from logistics_opt.data.model import Consistency, Hours, Network
from logistics_opt.distances import Matrix, build_matrix
from logistics_opt.plan import Plan
from logistics_opt.planning.consistency import master_week
from logistics_opt.planning.days import build_day, to_routes
from logistics_opt.planning.schedule import current_schedule
from logistics_opt.planning.week import solve_week
from logistics_opt.routing.problem import DaySolution, RouteResult, SearchParams
from logistics_opt.volumes import week_visits
from tests.checker import hand
from tests.factories import FAST_CLI, TINY
from tests.strategies import networks, opening_hours

PARAMS = SearchParams(time_limit_s=5.0, solution_limit=10)


def _network(**hours: Any) -> Network:
    """The hand network with B's Tuesday hours (``tue=(open, close)``, None: shut)."""
    return hand.network().with_changes(hours={("B", day): h for day, h in hours.items()})


def _matrix(net: Network) -> Matrix:
    ids = tuple(b.id for b in net.branches)
    km = np.array([[hand.legs(a, b)[0] for b in ids] for a in ids])
    return Matrix(ids, km, km.copy())


def _tuesday(net: Network, start_min: int) -> dict[str, Any]:
    """Tuesday's hand route (van-1 to B) leaving at ``start_min``, timed by the planner."""
    visits = week_visits(net, {k: tuple(v) for k, v in hand.SCHEDULE.items()})
    day = build_day(net, _matrix(net), "tue", {b: v for b, vs in visits.items() for v in vs if v.day == "tue"})
    rr = RouteResult(0, [day.node_ids.index("B")], start_min * 60)
    routes, unassigned = to_routes(net, _matrix(net), day, DaySolution([rr]))
    assert not unassigned
    return Plan(routes, [], {}, list(hand.WD)).to_dict()["routes"][0]


def _with_tuesday(route: dict[str, Any]) -> dict[str, Any]:
    """The hand plan with this Tuesday route: 20 min and EUR 10 more than the hand's (798 + 10 = 808 EUR,
    836 + 20 = 856 min = 14.267 h); B's service starts Tue 09:00, Fri 11:13: spread 133, mean 133 / 3."""
    plan = copy.deepcopy(hand.plan())
    plan["routes"] = [route if r["day"] == "tue" else r for r in plan["routes"]]
    plan["summary"].update(cost_eur=808.0, duration_h=14.267, arrival_spread_mean_min=44.33)
    plan["summary"].update(arrival_spread_max_min=133.0)
    return plan


def test_tuesdays_later_opening_moves_the_service_by_hand() -> None:
    """At 08:00 the van waits at B until 09:00 on Tuesday; the checker agrees; the day's window is 09:00-17:00."""
    net = _network(tue=(540.0, 1020.0))
    got = _tuesday(net, 480)
    stop = got["stops"][0]
    assert (stop["arrival"], stop["wait_min"], stop["departure"]) == ("08:40", 20.0, "09:15")
    assert (got["end"], got["duration_min"], got["cost_eur"]) == ("09:55", 115.0, 117.5)
    assert check_plan(_with_tuesday(got), net, hand.legs) == []
    day = build_day(net, _matrix(net), "tue", {"B": week_visits(net, {"B": ("tue", "fri")})["B"][0]})
    assert day.problem.windows[day.node_ids.index("B")] == (540 * 60, (1020 - 30) * 60)


def test_the_day_search_leaves_later_for_tuesdays_opening() -> None:
    """Planned by the day search (the hand's visit days), B's Tuesday service starts at 09:00, where without
    hours.csv it starts at 08:40; Friday's is the same with and without."""
    net = _network(tue=(540.0, 1020.0))
    week = {k: tuple(v) for k, v in hand.SCHEDULE.items()}
    plan = solve_week(net, _matrix(net), week, SearchParams(time_limit_s=5.0, solution_limit=20))
    begin = {r.day: _minutes(s.arrival) + s.wait_min for r in plan.routes for s in r.stops if s.branch == "B"}
    free = solve_week(hand.network(), _matrix(net), week, SearchParams(time_limit_s=5.0, solution_limit=20))
    before = {r.day: _minutes(s.arrival) + s.wait_min for r in free.routes for s in r.stops if s.branch == "B"}
    assert begin["tue"] == 540.0 and before["tue"] == 520.0 and begin["fri"] == before["fri"]
    assert not plan.unassigned
    assert check_plan(plan.to_dict(), net, hand.legs) == []


def _minutes(hhmm: str) -> float:
    return int(hhmm[:2]) * 60 + int(hhmm[3:])


def test_the_checker_catches_a_visit_outside_that_days_hours() -> None:
    """The hand plan's Tuesday visit at B (08:40-08:55) is outside hours that close at 08:45 on Tuesday, and on a
    Tuesday B is shut; the same plan holds on the other days' hours."""
    plan = hand.plan()
    assert check_plan(plan, _network(wed=(360.0, 525.0)), hand.legs) == []  # B is not visited on Wednesday
    errs = check_plan(plan, _network(tue=(360.0, 525.0)), hand.legs)
    assert errs == ["route 3 (tue van-1): B served until 535 min, after it closes"]
    shut = check_plan(plan, _network(tue=None), hand.legs)
    assert "route 3 (tue van-1): B is visited on tue, a day it is shut (hours)" in shut
    assert "B: scheduled on tue, when it is shut (hours)" in shut


def test_a_shut_day_is_never_a_visit_day() -> None:
    """Current practice takes a branch's patterns among the days it is open: B (default patterns mon+thu,
    tue+fri; the hand's second 2-a-week branch) shut on Tuesdays is visited Monday and Thursday."""
    net = hand.network()
    net = net.with_changes(
        branches=tuple(replace(b, visits_per_week=2) if b.id == "B" else b for b in net.branches),
        hours={("B", "tue"): None},
    )
    assert current_schedule(net)["B"] == ("mon", "thu")
    assert net.open_days(net.branch("B")) == ("mon", "wed", "thu", "fri")


@st.composite
def networks_with_hours(draw: st.DrawFn) -> Network:
    """A random network (tests/strategies.py) whose branches get other hours on some days: a later opening,
    shut in the morning, an earlier closing; never shut on a fixed day."""
    net = draw(networks())
    hours: dict[tuple[str, str], Hours | None] = {}
    for b in net.stops:
        for day in net.settings.working_days:
            if draw(st.integers(0, 3)) == 0:
                hours[(b.id, day)] = draw(opening_hours())
    return net.with_changes(hours=hours)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks_with_hours(), st.booleans())
def test_property_plans_keep_each_days_hours(net: Network, steady: bool) -> None:
    """Free and consistent weeks on random per-day hours pass the checker, which times every stop by that day's
    hours; every visit is served or has its reason."""
    if steady:
        net = net.with_changes(settings=replace(net.settings, consistency=Consistency(True, 60.0)))
        plan = master_week(net, build_matrix(net, use_cache=False), current_schedule(net), PARAMS, "ortools", 1, None)
    else:
        plan = solve_week(net, build_matrix(net, use_cache=False), current_schedule(net), PARAMS)
    d = json.loads(json.dumps(plan.to_dict()))
    assert check_plan(d, net) == []
    expected = {(b, day) for b, days in d["schedule"].items() for day in days}
    got = {(s["branch"], r["day"]) for r in d["routes"] for s in r["stops"]}
    assert got | {(u["branch"], u["day"]) for u in d["unassigned"]} == expected


def test_plan_reads_hours_csv_and_the_timetable_keeps_each_days_hours(tmp_path: Path) -> None:
    """tiny with A shut on Tuesday mornings and B shut on Wednesdays: the consistent plan passes check, B is not
    visited on Wednesday, A's Tuesday visit and timetable window lie within 13:00-17:00, hours.csv is in inputs/."""
    data = tmp_path / "data"
    shutil.copytree(TINY, data)
    (data / "hours.csv").write_text("branch,day,open,close\nA,tue,13:00,17:00\nB,wed,,\n", encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(cli, ["plan", str(data), "--out", str(out), "--consistent", *FAST_CLI])
    assert r.exit_code == 0, r.output
    assert (out / "inputs" / "hours.csv").read_text(encoding="utf-8").splitlines()[1:] == [
        "A,tue,13:00,17:00",
        "B,wed,,",
    ]
    assert CliRunner().invoke(cli, ["check", str(out)]).exit_code == 0
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert "wed" not in plan["schedule"]["B"]
    a_tue = [s for r in plan["routes"] if r["day"] == "tue" for s in r["stops"] if s["branch"] == "A"]
    assert a_tue and all(_minutes(s["arrival"]) + s["wait_min"] > 779 for s in a_tue)  # HH:MM cuts the seconds
    rows = list(csv.DictReader(io.StringIO((out / "timetable.csv").read_text(encoding="utf-8-sig"))))
    (row,) = [x for x in rows if x["branch_id"] == "A" and x["weekday"] == "tue"]
    assert "13:00" <= row["from"] <= row["to"] <= "17:00"  # the week window 12:00-13:00, cut by the day
