"""One way to name a stopping rule: ``--stop``, ``--solution-limit``, ``--rounds`` and ``--time-limit`` on
``plan``, ``scenario run`` and ``frontier`` (and ``stop``, ``solution_limit``, ``rounds``, ``time_limit``
in scenario files), the old spellings meaning what they meant. The commands' solvers are replaced by
spies: what matters here is the rule each command hands on."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from logistics_opt.cli import cli

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def planned(monkeypatch) -> list:
    """The RunOptions ``plan`` hands to the pipeline."""
    seen: list = []
    plan_cli = sys.modules["logistics_opt.cli.plan"]
    monkeypatch.setattr(plan_cli, "run_plan", lambda data, out, opts, progress=None: seen.append(opts) or sys.exit(0))
    return seen


@pytest.mark.parametrize(
    ("args", "rule"),
    [
        ([], (30.0, None, None)),  # on time, as before
        (["--time-limit", "12"], (12.0, None, None)),
        (["--solution-limit", "25", "--rounds", "50"], (30.0, 25, 50)),  # the old spelling: work, 30 s cap
        (["--solution-limit", "10"], (30.0, 10, None)),  # a quarter as many rounds
        (["--stop", "work"], (30.0, 25, 50)),  # the scenario files' default work
        (["--stop", "work", "--time-limit", "300", "--rounds", "8"], (300.0, 25, 8)),
        (["--rounds", "8"], (30.0, 25, 8)),  # rounds count work
        (["--stop", "time", "--time-limit", "5"], (5.0, None, None)),
    ],
)
def test_plan_names_the_rule(planned: list, tiny_dir: Path, tmp_path: Path, args: list[str], rule: tuple) -> None:
    r = CliRunner().invoke(cli, ["plan", str(tiny_dir), "--out", str(tmp_path / "run"), *args])
    assert r.exit_code == 0, r.output
    opts = planned[0]
    assert (opts.time_limit_s, opts.solution_limit, opts.rounds) == rule


@pytest.mark.parametrize("command", ["plan", "frontier"])
def test_work_on_a_time_rule_is_a_usage_error(planned: list, tiny_dir: Path, tmp_path: Path, command: str) -> None:
    r = CliRunner().invoke(
        cli, [command, str(tiny_dir), "--out", str(tmp_path / "o"), "--stop", "time", "--rounds", "3"]
    )
    assert r.exit_code == 2 and "--rounds makes a run stop on work: leave it out with --stop time" in r.output
    assert "Traceback" not in r.output


def test_scenario_run_overrides_every_scenario_s_rule(monkeypatch, tmp_path: Path) -> None:
    """``--time-limit`` alone changes the time limit only; ``--stop`` (or a work option) names the whole rule."""
    scn_cli = sys.modules["logistics_opt.cli.scenarios"]
    seen: list = []
    monkeypatch.setattr(scn_cli, "run_many", lambda loaded, out, **kw: seen.append(loaded) or sys.exit(0))
    scenario = str(ROOT / "scenarios" / "baseline.toml")
    runs = [
        [],
        ["--time-limit", "900"],
        ["--stop", "time"],
        ["--stop", "time", "--time-limit", "20"],
        ["--solution-limit", "40"],
        ["--rounds", "9", "--time-limit", "100"],
    ]
    for args in runs:
        r = CliRunner().invoke(cli, ["scenario", "run", scenario, "--out", str(tmp_path), "--silent", *args])
        assert r.exit_code == 0, r.output
    rules = [(s.time_limit_s, s.solution_limit, s.rounds) for [s] in seen]
    assert rules == [
        (600.0, 25, 50),
        (900.0, 25, 50),
        (30.0, None, None),
        (20.0, None, None),
        (600.0, 40, None),
        (100.0, 25, 9),
    ]


def test_frontier_hands_the_rule_to_its_scenarios(monkeypatch, tiny_dir: Path, tmp_path: Path) -> None:
    scn_cli = sys.modules["logistics_opt.cli.scenarios"]
    seen: list = []
    monkeypatch.setattr(
        scn_cli, "run_frontier", lambda data, levels, out, search, *a, **kw: seen.append(search) or sys.exit(0)
    )
    for args in ([], ["--stop", "time"], ["--solution-limit", "40", "--rounds", "6"]):
        r = CliRunner().invoke(cli, ["frontier", str(tiny_dir), "--out", str(tmp_path), "--levels", "2", *args])
        assert r.exit_code == 0, r.output
    keys = [{k: v for k, v in s.items() if k not in ("seed", "repeats")} for s in seen]
    assert keys == [
        {"stop": "work", "time_limit": 600.0, "solution_limit": 25, "rounds": 50},
        {"stop": "time", "time_limit": 30.0},
        {"stop": "work", "time_limit": 600.0, "solution_limit": 40, "rounds": 6},
    ]
