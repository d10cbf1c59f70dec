"""Decision-grade comparisons: shared solves, reused plans, reproducible costs, the noise band."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

from click.testing import CliRunner

from logistics_opt.cli import cli
from logistics_opt.plan_meta import PlanFrom
from logistics_opt.scenarios import load_scenario, run_many
from logistics_opt.scenarios.sharing import routing_key
from logistics_opt.scenarios.solve import scenario_network
from tests.factories import ROOT, TINY

SHIPPED = ROOT / "scenarios"


def key(path: Path) -> str:
    s = load_scenario(path)
    return routing_key(scenario_network(s), s.options(), s.repeats)


def test_the_shipped_merger_and_daily_service_share_the_baselines_solve() -> None:
    """The merger renames organisations only, and a service level of 1 day asks for what current
    practice does: both have the baseline's routing inputs, so they get its plan, cent for cent."""
    base = key(SHIPPED / "baseline.toml")
    assert key(SHIPPED / "merger-utrechtse-venen.toml") == base
    assert key(SHIPPED / "service-max-1-days.toml") == base
    others = ["electric-fleet", "hub-nieuwegein", "volume-plus-20", "optimised-frequencies", "service-max-3-days"]
    assert len({base} | {key(SHIPPED / f"{n}.toml") for n in others}) == len(others) + 1
    # The data's own service level is 2 days: that scenario and the optimised one are the same question.
    assert key(SHIPPED / "service-max-2-days.toml") == key(SHIPPED / "optimised-frequencies.toml")


def scenario(folder: Path, name: str, body: str = "") -> Path:
    p = folder / f"{name}.toml"
    rel = os.path.relpath(TINY, folder)
    p.write_text(f'name = "{name}"\ndata = "{rel}"\nsolution_limit = 20\n{body}', encoding="utf-8")
    return p


def test_identical_routing_is_solved_once_and_costs_the_same(tmp_path: Path) -> None:
    a = load_scenario(scenario(tmp_path, "a"))
    b = load_scenario(scenario(tmp_path, "b", '[organisations]\nrename = {"Org One" = "Org Merged"}\n'))
    ra, rb = run_many([a, b], tmp_path / "out", jobs=1)
    assert ra.ok and rb.ok and ra.summary["cost_eur"] == rb.summary["cost_eur"]
    assert rb.meta.plan_from == PlanFrom("a", "identical routing inputs: one solve")
    plan_b = json.loads((tmp_path / "out" / "b" / "plan.json").read_text(encoding="utf-8"))
    orgs = {r["organisation"] for r in csv.DictReader(open(tmp_path / "out" / "b" / "inputs" / "branches.csv"))}
    assert "Org Merged" in orgs and plan_b["meta"]["scenario"]["name"] == "b"


def test_a_run_takes_a_cheaper_plan_that_meets_its_rules(tmp_path: Path) -> None:
    """Three visits a week at most 2 days apart is a looser rule than daily visits; the daily plan meets
    it, so the looser run never reports a higher cost than the daily plan."""
    tight = load_scenario(
        scenario(tmp_path, "tight", 'frequencies = "optimise"\n[settings]\nmax_days_between_visits = 1\n')
    )
    loose = load_scenario(
        scenario(tmp_path, "loose", 'frequencies = "optimise"\n[settings]\nmax_days_between_visits = 5\n')
    )
    rt, rl = run_many([tight, loose], tmp_path / "out", jobs=1)
    assert rt.ok and rl.ok and rl.summary["cost_eur"] <= rt.summary["cost_eur"]
    r = CliRunner().invoke(cli, ["check", str(tmp_path / "out" / "loose")])
    assert r.exit_code == 0, r.output


def test_reproducible_runs_do_not_depend_on_jobs(tmp_path: Path) -> None:
    """The default is reproducible: the same costs to the cent in one process or two at a time."""
    files = [scenario(tmp_path, "a"), scenario(tmp_path, "more", "[volume]\nfactor = 1.5\n")]
    one = run_many([load_scenario(f) for f in files], tmp_path / "one", jobs=1)
    two = run_many([load_scenario(f) for f in files], tmp_path / "two", jobs=2)
    assert [r.summary["cost_eur"] for r in one] == [r.summary["cost_eur"] for r in two]
    assert not any(r.meta.solve.stopped_by_time_cap for r in one + two)


def test_repeats_give_each_run_a_noise_band_and_compare_judges_each_difference(tmp_path: Path) -> None:
    """By default (no --repeats, no repeats in the files) each run is solved with two seeds: the best
    is kept, the spread is its noise band, and compare judges each difference against it; a file's
    repeats = 1 asks for one seed."""
    files = [
        scenario(tmp_path, "baseline"),
        scenario(tmp_path, "more", "[volume]\nfactor = 3.0\n"),
        scenario(tmp_path, "same", '[organisations]\nrename = {"Org One" = "Org Merged"}\n'),
    ]
    runner = CliRunner()
    r = runner.invoke(
        cli,
        ["scenario", "run", *map(str, files), "--out", str(tmp_path / "s"), "-j", "1", "--silent"],
    )
    assert r.exit_code == 0, r.output
    plan = json.loads((tmp_path / "s" / "baseline" / "plan.json").read_text(encoding="utf-8"))
    rep = plan["meta"]["repeats"]
    assert rep["seeds"] == [0, 1] and len(rep["cost_eur"]) == 2
    assert rep["spread_eur"] == round(max(rep["cost_eur"]) - min(rep["cost_eur"]), 2)
    assert plan["summary"]["cost_eur"] == min(rep["cost_eur"])
    r = runner.invoke(cli, ["compare", str(tmp_path / "s"), "--out", str(tmp_path / "rep")])
    assert r.exit_code == 0, r.output
    rows = {row["scenario"]: row for row in csv.DictReader(open(tmp_path / "rep" / "comparison.csv"))}
    assert rows["baseline"]["difference"] == "baseline" and rows["same"]["difference"] == "identical plan"
    noise = max(float(rows[n]["cost_spread_eur"]) for n in ("baseline", "more"))
    assert float(rows["more"]["noise_eur"]) == noise
    saving = abs(float(rows["more"]["saving_eur_week"]))
    assert rows["more"]["difference"] == ("within noise" if saving <= noise else "real")
    assert all(row["reproducible"] == "yes" for row in rows.values())
    assert load_scenario(scenario(tmp_path, "once", "repeats = 1\n")).repeats == 1


def test_a_search_the_time_cap_stops_says_so(tmp_path: Path) -> None:
    """A million solutions cannot finish within a 1 s cap on any machine: the run says it is not
    reproducible, in plan.json and on stderr."""
    r = CliRunner().invoke(
        cli,
        [
            "plan",
            str(TINY),
            "--out",
            str(tmp_path / "o"),
            "--solution-limit",
            "1000000",
            "--time-limit",
            "1",
            "-j",
            "1",
            "--silent",
        ],
    )
    assert r.exit_code == 0, r.output
    plan = json.loads((tmp_path / "o" / "plan.json").read_text(encoding="utf-8"))
    assert plan["meta"]["stopped_by_time_cap"] and "not reproducible" in r.stderr
