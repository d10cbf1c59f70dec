"""CLI tests for ``scenario run``, ``compare`` and ``frontier`` (CliRunner)."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from logistics_opt.cli import cli
from tests.factories import TINY


def scenario_file(folder: Path, name: str, body: str = "") -> Path:
    p = folder / f"{name}.toml"
    p.write_text(
        f'name = "{name}"\ndescription = "{name} test"\ndata = "{os.path.relpath(TINY, folder)}"\n'
        f"time_limit = 1.5\nsolution_limit = 30\n{body}",
        encoding="utf-8",
    )
    return p


@pytest.mark.parametrize("args", [["scenario"], ["scenario", "run"], ["compare"], ["frontier"]])
def test_every_command_has_help_with_an_example(args: list[str]) -> None:
    """Each command's --help shows an Example: block."""
    res = CliRunner().invoke(cli, args + ["--help"])
    assert res.exit_code == 0 and "Example:" in res.output


def test_run_then_compare(tmp_path: Path) -> None:
    """Two scenarios run in parallel processes, a failing third is reported, and compare reads the runs."""
    sc = tmp_path / "sc"
    sc.mkdir()
    scenario_file(sc, "baseline")
    scenario_file(sc, "more", "[volume]\nfactor = 1.5\n")
    scenario_file(sc, "broken", '[[branches.change]]\nid = "ZZZ"\nkind = "branch"\n')
    res = CliRunner().invoke(cli, ["scenario", "run", str(sc), "--out", str(tmp_path / "runs"), "-j", "2"])
    assert res.exit_code == 1, res.output
    assert "broken: FAILED" in res.stderr and "unknown branch 'ZZZ'" in res.stderr
    assert "Error: 1 of 3 scenarios failed: broken" in res.stderr
    assert sorted(p.name for p in (tmp_path / "runs").iterdir() if p.is_dir()) == ["baseline", "more"]
    # A run folder left over from an earlier invocation is not compared: runs.json lists this run's.
    import shutil

    shutil.copytree(tmp_path / "runs" / "more", tmp_path / "runs" / "stale")

    res = CliRunner().invoke(cli, ["compare", str(tmp_path / "runs"), "--out", str(tmp_path / "report")])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[2].startswith("| baseline |")
    with open(tmp_path / "report" / "comparison.csv", encoding="utf-8") as f:
        rows = {r["scenario"]: r for r in csv.DictReader(f)}
    assert set(rows) == {"baseline", "more"} and float(rows["baseline"]["saving_eur_week"]) == 0.0
    assert (tmp_path / "report" / "report.html").is_file() and (tmp_path / "report" / "allocation.csv").is_file()

    res = CliRunner().invoke(
        cli, ["compare", str(tmp_path / "runs"), "--out", str(tmp_path / "r2"), "--baseline", "nope"]
    )
    assert res.exit_code == 1 and res.output.startswith("Error: --baseline: no run named 'nope'")


def test_unknown_key_stops_before_running(tmp_path: Path) -> None:
    """A scenario with an unknown key is one Error line naming key and file; nothing runs."""
    p = scenario_file(tmp_path, "typo", "[settings]\nspeed_kmhh = 40\n")
    res = CliRunner().invoke(cli, ["scenario", "run", str(p), "--out", str(tmp_path / "runs")])
    assert res.exit_code == 1
    assert res.output.strip().splitlines()[-1].startswith(f"Error: {p}") and "settings.speed_kmhh" in res.output
    assert not (tmp_path / "runs").exists()


def test_scenarios_run_on_a_dask_cluster(tmp_path: Path) -> None:
    """--scheduler sends the scenarios to a dask.distributed cluster and writes the same run folders."""
    distributed = pytest.importorskip("distributed")
    p = scenario_file(tmp_path, "dasked")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        res = CliRunner().invoke(
            cli, ["scenario", "run", str(p), "--out", str(tmp_path / "runs"), "--scheduler", cluster.scheduler_address]
        )
    assert res.exit_code == 0, res.output
    assert "dasked" in res.stdout and (tmp_path / "runs" / "dasked" / "plan.json").is_file()


def test_frontier_rejects_levels_outside_the_week(tmp_path: Path) -> None:
    """--levels must lie within 1..working days."""
    res = CliRunner().invoke(cli, ["frontier", str(TINY), "--out", str(tmp_path / "f"), "--levels", "0,6"])
    assert res.exit_code == 1 and "levels must be whole numbers from 1 to 5" in res.output


def test_frontier_runs_the_frequency_model_per_level(tmp_path: Path) -> None:
    """frontier writes one row per level, a chart and each level's run folder."""
    res = CliRunner().invoke(
        cli, ["frontier", str(TINY), "--out", str(tmp_path / "f"), "--levels", "2,5", "--time-limit", "2", "-j", "2"]
    )
    assert res.exit_code == 0, res.output
    with open(tmp_path / "f" / "frontier.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["max_days_between_visits"] for r in rows] == ["2", "5"]
    assert all(r["status"].startswith("ok") for r in rows)
    assert all(float(r["cost_eur_week"]) > 0 for r in rows)
    assert (tmp_path / "f" / "frontier.png").is_file()
    assert (tmp_path / "f" / "runs" / "max-2-days" / "plan.json").is_file()
