"""Smoke tests of the benchmark scripts in benchmarks/ and of `bench cvrp` with every engine, each on one
tiny instance with tiny limits: they run, and what they print or write makes sense. (The figures they
measure are the benchmarks' business, not the suite's.)"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from logistics_opt.cli import cli

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "benchmarks"
E22 = ROOT / "tests" / "data" / "cvrp" / "E-n22-k4.vrp"


def script(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``benchmarks/NAME`` (or ``-m MODULE``) as a user would, from outside the project folder."""
    cmd = [sys.executable, "-m", name[3:]] if name.startswith("-m ") else [sys.executable, str(BENCH / name)]
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    r = subprocess.run([*cmd, *args], cwd=BENCH, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Traceback" not in r.stderr, r.stderr
    return r


def test_library_days_writes_a_folder_plan_reads(tmp_path: Path) -> None:
    """logistics_opt.bench.library_days (as benchmarks/README.md runs it): a 6-branch Monday that `plan` solves,
    and a week with the break rule that validates."""
    day, week = tmp_path / "day6", tmp_path / "week6"
    gen = "-m logistics_opt.bench.library_days"
    assert script(gen, "6", str(day), "--seed", "1").stdout.strip() == str(day)
    script(gen, "6", str(week), "--seed", "1", "--week", "--break-min", "30")
    r = CliRunner().invoke(cli, ["validate", str(week)])
    assert r.exit_code == 0 and "branches and service points: 6" in r.output and "mon+tue+wed+thu+fri" in r.output
    r = CliRunner().invoke(
        cli,
        [
            "plan",
            str(day),
            "--out",
            str(tmp_path / "run"),
            "--time-limit",
            "120",
            "--solution-limit",
            "10",
            "-j",
            "1",
            "--silent",
        ],
    )
    assert r.exit_code == 0, r.output
    plan = json.loads((tmp_path / "run" / "plan.json").read_text(encoding="utf-8"))
    assert sum(len(x["stops"]) for x in plan["routes"]) == 6 and not plan["unassigned"]


def test_compare_engines_on_one_cvrp_and_one_library_day(tmp_path: Path) -> None:
    """compare_engines.py: every solver gives a complete feasible plan on both instances; the CVRP costs are
    at least the best known 375; the JSON has one row per instance and solver."""
    pytest.importorskip("pyvrp")
    solvers = ["ours", "pyvrp"] + (["vroom"] if importlib.util.find_spec("vroom") else [])
    out = tmp_path / "rows.json"
    r = script(
        "compare_engines.py",
        "--cvrp",
        str(E22),
        "--library",
        "8",
        "--budgets",
        "0.3",
        "--solvers",
        *solvers,
        "--json",
        str(out),
    )
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert sorted((x["instance"], x["solver"]) for x in rows) == sorted(
        (i, s) for i in ("E-n22-k4", "library-8-s1") for s in solvers
    )
    assert all(x["cost"] is not None for x in rows), r.stderr
    assert all(x["cost"] >= 375 for x in rows if x["instance"] == "E-n22-k4")
    assert "geometric mean ours/pyvrp at 0.3 s" in r.stdout


def test_fuzz_inputs_counts_no_crash() -> None:
    """fuzz_inputs.py: five mutations of tiny, each accepted or one clean Error line."""
    r = script("fuzz_inputs.py", str(ROOT / "tests" / "data" / "tiny"), "--count", "5", "--seed", "1")
    first = r.stdout.splitlines()[0]
    assert first.startswith("5 mutations of") and "CRASH" not in r.stdout
    counts = [int(x.split()[-1]) for x in first.split(": ", 1)[1].split(", ")]
    assert sum(counts) == 5


@pytest.mark.parametrize("engine", ["ortools", "pyvrp", "best"])
def test_bench_cvrp_with_each_engine(engine: str, tmp_path: Path) -> None:
    """`bench cvrp --engine E` on E-n22-k4: every customer served once, cost no better than the best known."""
    if engine != "ortools":
        pytest.importorskip("pyvrp")
    out = tmp_path / "cvrp.json"
    r = CliRunner().invoke(
        cli, ["bench", "cvrp", str(E22), "--engine", engine, "--time-limit", "0.5", "--json", str(out), "--silent"]
    )
    assert r.exit_code == 0, r.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert (doc["kind"], doc["engine"]) == ("cvrp", engine)
    (row,) = doc["results"]
    assert row["instance"] == "E-n22-k4" and row["cost"] >= row["bks"] == 375
    served = sorted(n for route in row["routes"] for n in route)
    assert served == list(range(2, 23))


def test_pvrp_seeds_on_the_tiny_instance() -> None:
    """pvrp_seeds.py: two seeds of a two-day instance with a setting overridden, each gap printed and
    their mean; an unknown setting is one clean line."""
    folder = str(ROOT / "tests" / "data" / "pvrp")
    r = script(
        "pvrp_seeds.py",
        "tiny2",
        "--folder",
        folder,
        "--seeds",
        "0",
        "1",
        "--time-limit",
        "0.5",
        "--set",
        "SWAP_SHARE=0.5",
    )
    lines = r.stdout.splitlines()
    assert [x.split(":")[0] for x in lines[:2]] == ["seed 0 tiny2", "seed 1 tiny2"]
    assert all("valid True" in x for x in lines[:2])
    assert lines[2].startswith("mean gap") and "over 2 runs SWAP_SHARE=0.5" in lines[2]
    bad = subprocess.run(
        [sys.executable, str(BENCH / "pvrp_seeds.py"), "tiny2", "--folder", folder, "--set", "NOPE=1"],
        cwd=BENCH,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode != 0 and "no setting NOPE" in bad.stderr and "Traceback" not in bad.stderr


def test_consistency_cost_writes_networks_plan_reads(tmp_path: Path) -> None:
    """consistency_cost.py's networks: 60 branches of two organisations visited every working day and service
    points on fewer days, per-weekday hours in one of them; each reads as a data folder."""
    from logistics_opt.data.read import load_network
    from logistics_opt.planning.schedule import current_schedule

    spec = importlib.util.spec_from_file_location("consistency_cost", BENCH / "consistency_cost.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["consistency_cost"] = mod  # its dataclasses look their module up
    spec.loader.exec_module(mod)
    net = load_network(mod.write_network(tmp_path / "wide", mod.NETWORKS["wide60-hours"]))
    assert len(net.stops) == 75 and {b.organisation for b in net.stops} == {"West library", "East library"}
    days = current_schedule(net)
    assert net.hours and sum(len(days[b.id]) == 5 for b in net.stops if b.kind == "branch") == 60
    assert all(len(days[b.id]) <= 3 for b in net.stops if b.kind == "service_point")
    assert not load_network(mod.write_network(tmp_path / "daily", mod.NETWORKS["daily60"])).hours


def test_best_known_holds_the_cheapest_plan_and_judges_it_again(tmp_path: Path) -> None:
    """best_known.py: the held plan is the cheapest of the runs, no short run is below it, and a held plan
    whose cost no longer matches its routes is dropped on the next run."""
    pytest.importorskip("pyvrp")
    table, rows = tmp_path / "known.json", tmp_path / "rows.json"
    args = ["--library", "7", "--day-seeds", "1", "--short", "60", "--solution-limit", "5", "--table", str(table)]
    script("best_known.py", *args, "--long", "60", "--seeds", "0", "--json", str(rows))
    held = json.loads(table.read_text(encoding="utf-8"))["days"]["7/1"]
    row = json.loads(rows.read_text(encoding="utf-8"))[0]
    assert row["best_known"] == held["cost"] <= min(row["ours"], row["pyvrp"])
    assert row["ours_over_known"] >= 1.0 and row["pyvrp_over_known"] >= 1.0
    held["cost"] -= 1
    table.write_text(json.dumps({"days": {"7/1": held}}), encoding="utf-8")
    r = script("best_known.py", *args)
    assert "held plan of 7/1 judged" in r.stderr
    assert json.loads(table.read_text(encoding="utf-8"))["days"]["7/1"]["cost"] == held["cost"] + 1
