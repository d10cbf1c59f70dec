"""The command line, driven with click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from logistics_opt.cli import cli
from tests.factories import FAST_CLI as FAST


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    out = []
    for name, cmd in group.commands.items():
        out.append((prefix + name, cmd))
        if isinstance(cmd, click.Group):
            out.extend(_commands(cmd, prefix + name + " "))
    return out


@pytest.mark.parametrize("name,cmd", _commands(cli))
def test_every_command_has_help_with_example(name: str, cmd: click.Command) -> None:
    """Every command and group explains itself and shows an Example."""
    assert cmd.help and "Example:" in cmd.help, f"{name} lacks help with an example"


def test_version() -> None:
    """--version prints the tool's version."""
    r = CliRunner().invoke(cli, ["--version"])
    assert r.exit_code == 0 and "logistics-opt" in r.output


def test_validate_prints_summary(tiny_dir: Path) -> None:
    """validate lists organisations, weekly crates and the fleet."""
    r = CliRunner().invoke(cli, ["validate", str(tiny_dir)])
    assert r.exit_code == 0, r.output
    assert "Org One" in r.output and "weekly crates" in r.output and "van: 2 x 20 crates" in r.output


def test_plan_writes_run_folder(tiny_dir: Path, tmp_path: Path) -> None:
    """plan writes plan.json, route_sheet.csv, summary.csv and a copy of the inputs."""
    out = tmp_path / "out"
    r = CliRunner().invoke(cli, ["plan", str(tiny_dir), "--out", str(out), *FAST])
    assert r.exit_code == 0, r.output
    for f in ("plan.json", "route_sheet.csv", "summary.csv", "inputs/branches.csv", "inputs/settings.toml"):
        assert (out / f).is_file(), f
    plan = json.loads((out / "plan.json").read_text())
    assert set(plan["summary"]) >= {"cost_eur", "distance_km", "duration_h", "routes", "co2_kg"}
    stop = plan["routes"][0]["stops"][0]
    assert set(stop) >= {"branch", "arrival", "departure", "deliver", "pickup", "load_after"}
    assert plan["meta"]["ortools_version"] and len(plan["meta"]["inputs_sha256"]) == 64
    header = (out / "route_sheet.csv").read_text().splitlines()[0]
    assert header.startswith(
        "day,vehicle,stop_no,branch_id,branch_name,town,arrival,departure,deliver_crates,pickup_crates,load_after"
    )


def test_same_seed_same_plan(tiny_dir: Path, tmp_path: Path) -> None:
    """--seed with --solution-limit reproduces the plan exactly, on one process or two."""
    plans = []
    for k, workers in enumerate(("1", "2")):
        out = tmp_path / f"o{k}"
        r = CliRunner().invoke(cli, ["plan", str(tiny_dir), "--out", str(out), "--seed", "5", *FAST, "-j", workers])
        assert r.exit_code == 0, r.output
        plans.append(json.loads((out / "plan.json").read_text())["routes"])
    assert plans[0] == plans[1]


def test_bad_input_is_one_error_line(tiny_dir: Path) -> None:
    """A broken cell gives one 'Error:' line naming file, row and column, exit 1."""
    p = tiny_dir / "branches.csv"
    p.write_text(p.read_text().replace("52.0931", "north"))
    r = CliRunner().invoke(cli, ["validate", str(tiny_dir)])
    assert r.exit_code == 1
    assert r.output.strip() == "Error: branches.csv, row 3, column lat: 'north' is not a number"


def test_failed_run_keeps_earlier_output(tiny_dir: Path, tmp_path: Path) -> None:
    """A run that fails leaves the earlier run folder as it was, and no temporary folder."""
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["plan", str(tiny_dir), "--out", str(out), *FAST]).exit_code == 0
    before = (out / "plan.json").read_text()
    (tiny_dir / "fleet.csv").write_text("type,count\n")
    r = CliRunner().invoke(cli, ["plan", str(tiny_dir), "--out", str(out), *FAST])
    assert r.exit_code == 1 and "fleet.csv" in r.output
    assert (out / "plan.json").read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "tiny"]


def test_incomplete_plan_exit_status(tiny_dir: Path, tmp_path: Path) -> None:
    """Visits that cannot be served are listed with reasons and the exit status is 3."""
    p = tiny_dir / "fleet.csv"
    p.write_text(p.read_text().replace("08:00,16:00", "08:00,08:20"))
    # No visit fits a 20 min shift, so the search finds no solution to count and only the time limit
    # ends it; the outcome (every visit unserved) does not depend on how far it gets.
    r = CliRunner().invoke(cli, ["plan", str(tiny_dir), "--out", str(tmp_path / "o"), *FAST, "--time-limit", "3"])
    assert r.exit_code == 3, r.output
    plan = json.loads((tmp_path / "o" / "plan.json").read_text())
    assert plan["unassigned"] and all(u["reason"] for u in plan["unassigned"])


def test_usage_error_exit_2() -> None:
    """A missing required option is a usage error (exit 2)."""
    assert CliRunner().invoke(cli, ["plan", "data/utrecht"]).exit_code == 2


def test_check_command_accepts_and_rejects(tiny_dir: Path, tmp_path: Path) -> None:
    """check passes a written plan and fails one whose numbers were edited by hand."""
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["plan", str(tiny_dir), "--out", str(out), *FAST]).exit_code == 0
    r = CliRunner().invoke(cli, ["check", str(out)])
    assert r.exit_code == 0 and "OK" in r.output, r.output
    plan = json.loads((out / "plan.json").read_text())
    plan["routes"][0]["distance_km"] -= 3
    (out / "plan.json").write_text(json.dumps(plan))
    r = CliRunner().invoke(cli, ["check", str(out)])
    assert r.exit_code == 1
    assert "route 1" in r.output and "summary distance_km" in r.output and "2 violations" in r.output


def test_time_limit_holds(tiny_dir: Path, tmp_path: Path) -> None:
    """A run without a solution limit stops on --time-limit: 2 s on the tiny network ends well within 20 s
    even on a busy machine (it would search for the default 30 s if the limit were ignored)."""
    import time

    t0 = time.perf_counter()
    r = CliRunner().invoke(cli, ["plan", str(tiny_dir), "--out", str(tmp_path / "o"), "--time-limit", "2", "--silent"])
    elapsed = time.perf_counter() - t0
    assert r.exit_code == 0, r.output
    assert elapsed < 20, elapsed
