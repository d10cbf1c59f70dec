"""Choosing visit patterns with the routes: limits per branch, the plan checker as oracle, the CLI."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from logistics_opt.checker import check_plan
from logistics_opt.cli import cli
from logistics_opt.data.model import Network
from logistics_opt.data.read import load_network
from logistics_opt.distances import build_matrix
from logistics_opt.errors import InfeasibleError
from logistics_opt.planning.frequencies import candidate_patterns, optimise_week, periodic_problem
from logistics_opt.routing.problem import SearchParams
from logistics_opt.volumes import visits
from tests.factories import TINY

MWF = ("mon", "wed", "fri")
DAILY = ("mon", "tue", "wed", "thu", "fri")


def tiny(**settings_changes: object) -> Network:
    net = load_network(TINY)
    return net.with_changes(settings=replace(net.settings, **settings_changes))


def test_max_gap_two_leaves_three_and_five_visits() -> None:
    """With at most 2 working days between visits only Mon/Wed/Fri and daily remain (default patterns)."""
    net = tiny(max_days_between_visits=2)
    assert candidate_patterns(net.branch("A"), net) == [DAILY, MWF]


def test_fixed_days_override_defaults() -> None:
    """A branch with fixed days gets exactly those days, whatever the settings' defaults say."""
    net = tiny(max_days_between_visits=2)
    assert candidate_patterns(net.branch("D"), net) == [("tue", "fri")]


def test_min_visits_and_storage_limit_patterns() -> None:
    """min_visits_per_week drops rarer patterns; storage_crates drops patterns whose pickups do not fit."""
    net = tiny(min_visits_per_week=2)
    assert all(len(p) >= 2 for p in candidate_patterns(net.branch("B"), net))
    a = net.branch("A")
    sent, _ = net.weekly_items()["A"]
    small = net.with_changes(branches=tuple(replace(b, storage_crates=2) if b.id == "A" else b for b in net.branches))
    for p in candidate_patterns(small.branch("A"), small):
        assert max(v.pickup_crates for v in visits(p, sent, 0, DAILY, 35)) <= 2
    assert len(candidate_patterns(small.branch("A"), small)) < len(candidate_patterns(a, net))


def test_no_pattern_is_an_error() -> None:
    """A branch whose limits no pattern meets is named in a one-line error."""
    net = tiny()
    net = net.with_changes(branches=tuple(replace(b, storage_crates=0) if b.id == "A" else b for b in net.branches))
    with pytest.raises(InfeasibleError, match="branch A"):
        periodic_problem(net, build_matrix(net, use_cache=False))


def test_options_follow_accumulation_rule() -> None:
    """Each option's crates are the accumulation rule's for that pattern (bigger stops when rarer)."""
    net = tiny()
    problem, patterns, template = periodic_problem(net, build_matrix(net, use_cache=False))
    nd = problem.template.num_depots
    k = template.node_ids[nd:].index("A")
    sent, received = net.weekly_items()["A"]
    for opt, pat in zip(problem.options[k], patterns[k]):
        vs = visits(pat, sent, received, DAILY, 35)
        assert opt.delivery == tuple(v.deliver_crates for v in vs)
        assert opt.pickup == tuple(v.pickup_crates for v in vs)
        assert opt.days == tuple(DAILY.index(v.day) for v in vs)


def test_optimised_week_passes_checker_and_beats_daily() -> None:
    """On the tiny network the optimised week holds every rule and costs less than daily visits."""
    from logistics_opt.planning.week import solve_week

    net = tiny(max_days_between_visits=2)
    m = build_matrix(net, use_cache=False)
    p = optimise_week(net, m, SearchParams(time_limit_s=3.0))
    d = json.loads(json.dumps(p.to_dict()))
    assert check_plan(d, net, frequency_rules=True) == [] and not p.unassigned
    daily = solve_week(net, m, {b.id: b.days or DAILY for b in net.stops}, SearchParams(time_limit_s=2.0))
    assert p.summary()["cost_eur"] < daily.summary()["cost_eur"]
    assert set(map(tuple, p.schedule.values())) <= {MWF, DAILY, ("tue", "fri")}


def test_cli_optimise_writes_service_and_calendar(tiny_dir: Path, tmp_path: Path) -> None:
    """`plan --frequencies optimise` writes service figures, visits a week and the weekly calendar."""
    out = tmp_path / "run"
    r = CliRunner().invoke(
        cli, ["plan", str(tiny_dir), "--out", str(out), "--frequencies", "optimise", "--time-limit", "2", "--silent"]
    )
    assert r.exit_code == 0, r.output
    plan = json.loads((out / "plan.json").read_text())
    svc = plan["service"]
    assert svc["lead_time_mean_days"] >= 1 and svc["lead_time_p95_days"] >= 1
    assert set(svc["visits_per_week"]) == {"A", "B", "C", "D", "E"}
    assert len(svc["requests"]) == 8
    assert "lead_time_p95_days" in (out / "summary.csv").read_text()
    cal = (out / "calendar.csv").read_text().splitlines()
    assert cal[0].startswith("branch_id,branch_name,town,mon,tue,wed,thu,fri")
    assert len(cal) == 6


def test_checker_flags_frequency_limits() -> None:
    """The checker names a pattern off the list, a too-long gap and crates beyond storage."""
    net = tiny(max_days_between_visits=2)
    net = net.with_changes(branches=tuple(replace(b, storage_crates=1) if b.id == "A" else b for b in net.branches))
    schedule = {b.id: list(b.days or MWF) for b in net.stops}
    schedule["A"] = ["wed"]
    schedule["B"] = ["mon", "tue"]
    errs = check_plan({"schedule": schedule, "routes": [], "unassigned": []}, net, frequency_rules=True)
    assert any("A: 5 working days between visits" in e for e in errs)
    assert any("A:" in e and "storage holds 1" in e for e in errs)
    assert any("B: pattern mon+tue is not an allowed pattern" in e for e in errs)
    assert not any(e.startswith("D:") and "between visits" in e for e in errs)  # fixed days override the default


def test_forced_schedule_is_routed_day_by_day() -> None:
    """At most 1 day between visits leaves one pattern per branch: the day solver routes it, checked."""
    net = load_network(TINY)
    net = net.with_changes(settings=replace(net.settings, max_days_between_visits=1))
    plan = optimise_week(net, build_matrix(net, use_cache=False), SearchParams(time_limit_s=2, solution_limit=30))
    assert plan.meta.solve.frequencies["method"] == "forced"
    free = [b.id for b in net.stops if not b.days]
    assert all(plan.schedule[b] == list(net.settings.working_days) for b in free)
    assert check_plan(json.loads(json.dumps(plan.to_dict())), net, frequency_rules=True) == []
