"""Master routes (issue 31): the settings, the flag, the day routes cut from the master and, with the
independent checker as oracle, that consistent weeks keep every promise on random networks."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings

from logistics_opt.checker import check_plan
from logistics_opt.cli import cli
from logistics_opt.data.model import Consistency, Network
from logistics_opt.data.read import load_network, settings_from_dict
from logistics_opt.distances import build_matrix
from logistics_opt.errors import InputError
from logistics_opt.planning.consistency import consistent, master_week
from logistics_opt.planning.days import build_day
from logistics_opt.planning.master import Master, master_day, sub_routes
from logistics_opt.planning.schedule import current_schedule
from logistics_opt.routing.problem import DaySolution, RouteResult, SearchParams
from logistics_opt.volumes import week_visits
from tests.factories import FAST_CLI, ROOT, TINY
from tests.strategies import networks

PARAMS = SearchParams(time_limit_s=5.0, solution_limit=10)


def test_the_consistency_table_and_its_defaults() -> None:
    s = settings_from_dict({"consistency": {"max_arrival_spread_min": 45}}, "settings.toml")
    assert s.consistency == Consistency(same_van=True, max_arrival_spread_min=45.0)
    assert settings_from_dict({}, "settings.toml").consistency is None
    # --consistent: the defaults where the data has no table; a table's own values win.
    net = load_network(TINY)
    assert consistent(net).settings.consistency == Consistency()
    own = net.with_changes(settings=s)
    assert consistent(own).settings.consistency == s.consistency
    # A scenario's [settings.consistency] = {} on data that has a table keeps the data's values.
    assert settings_from_dict({"consistency": {}}, "scenario.toml", base=s).consistency == s.consistency


@pytest.mark.parametrize(
    "table, column",
    [
        ({"same_van": "yes"}, "consistency.same_van"),
        ({"max_arrival_spread_min": -5}, "consistency.max_arrival_spread_min"),
        ({"spread": 60}, "consistency.spread"),
    ],
)
def test_bad_consistency_settings_name_the_key(table: dict[str, object], column: str) -> None:
    with pytest.raises(InputError) as e:
        settings_from_dict({"consistency": table}, "settings.toml")
    assert column in str(e.value)


def test_a_day_route_keeps_master_order_and_its_reloads() -> None:
    net = load_network(TINY)
    matrix = build_matrix(net, use_cache=False)
    visits = week_visits(net, current_schedule(net))
    day = master_day(net, matrix, visits)
    order = [day.node_ids.index(b) for b in ("E", "A", "C", "B", "D")]
    master = Master(day, DaySolution([RouteResult(1, order, 8 * 3600, (2, 4))]))
    wednesday = build_day(net, matrix, "wed", {b: v for b, vs in visits.items() for v in vs if v.day == "wed"})
    (rr,) = sub_routes(master, wednesday)
    assert [wednesday.node_ids[n] for n in rr.nodes] == ["A", "C", "B"]  # E and D are not due on Wednesday
    assert rr.vehicle == 1 and rr.start_s == 8 * 3600
    # The master reloads after E, A and after B: on Wednesday after A, and not after the day's last stop.
    assert rr.reload_after == (1,)


def test_plan_consistent_writes_the_promises_and_check_accepts_them(tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = CliRunner().invoke(cli, ["plan", str(TINY), "--out", str(out), "--consistent", *FAST_CLI])
    assert r.exit_code == 0, r.output
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert plan["meta"]["parameters"]["consistent"] is True
    assert set(plan["consistency"]["branches"]) == {"A", "B", "C", "D", "E"}
    assert CliRunner().invoke(cli, ["check", str(out)]).exit_code == 0
    jsonschema.validate(plan, json.loads((ROOT / "docs" / "plan.schema.json").read_text(encoding="utf-8")))
    # The run's inputs/ keep the data as it was: the checker takes the promises from the run's options.
    assert load_network(out / "inputs").settings.consistency is None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_property_consistent_weeks_keep_their_promises(net: Network) -> None:
    """Every consistent week passes the checker, promises included; every visit is served or has a reason."""
    spread = 30.0 if len(net.stops) % 2 else 60.0
    net = net.with_changes(settings=replace(net.settings, consistency=Consistency(True, spread)))
    plan = master_week(net, build_matrix(net, use_cache=False), current_schedule(net), PARAMS, "ortools", 1, None)
    d = json.loads(json.dumps(plan.to_dict()))
    assert check_plan(d, net) == []
    expected = {(b, day) for b, days in d["schedule"].items() for day in days}
    got = {(s["branch"], r["day"]) for r in d["routes"] for s in r["stops"]}
    assert got | {(u["branch"], u["day"]) for u in d["unassigned"]} == expected
    assert all(u["reason"] and u["reason_code"] for u in d["unassigned"])
    event("a van waits for a window" if any(s["wait_min"] > 0 for r in d["routes"] for s in r["stops"]) else "no wait")
    event("some visits unserved" if d["unassigned"] else "every visit served")
