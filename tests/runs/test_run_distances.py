"""A written run is read back with the distances it was planned with: the sharing screen checks
other runs' plans against them, and the cost allocation weighs by them (a router's matrix here; the
road network in tests/roads/test_run_distances_roads.py)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from logistics_opt.cli import cli
from logistics_opt.data.read import load_network
from logistics_opt.runs import load_run
from logistics_opt.scenarios.sharing import cheaper_plans

LIMITS = ["--time-limit", "120", "--solution-limit", "20", "--silent", "-j", "1"]
IDS = ["HUB", "A", "B", "C", "D", "E"]
#: km between places: far from crow-fly (E is 40 km out, everything else 5 km apart), so a check or an
#: allocation on crow-fly distances gives other figures than the run's own.
KM = {(a, b): (40.0 if "E" in (a, b) else 5.0) for a in IDS for b in IDS if a != b}


def matrix_run(tiny_dir: Path, tmp_path: Path, name: str = "run") -> Path:
    matrix = tmp_path / "matrix.csv"
    matrix.write_text("from,to,km\n" + "".join(f"{a},{b},{k}\n" for (a, b), k in KM.items()), encoding="utf-8")
    out = tmp_path / name
    r = CliRunner().invoke(cli, ["plan", str(tiny_dir), "--out", str(out), "--matrix", str(matrix), *LIMITS])
    assert r.exit_code == 0, r.output
    return out


def result(out: Path, cost: float) -> SimpleNamespace:
    """What the scenario runner knows of a finished run (:class:`.runner.RunResult`)."""
    return SimpleNamespace(name=out.name, out=str(out), ok=True, summary={"cost_eur": cost, "unassigned": 0})


def test_the_sharing_screen_checks_a_cheaper_plan_against_the_runs_own_matrix(tiny_dir: Path, tmp_path: Path) -> None:
    """Two matrix runs, one dearer: the cheaper plan holds for the other on their shared matrix, so the
    screen offers it (on crow-fly distances its km would not add up and it never would)."""
    a = matrix_run(tiny_dir, tmp_path, "a")
    b = tmp_path / "b"
    shutil.copytree(a, b)
    cost = load_run(a).plan["summary"]["cost_eur"]
    runs = {"a": SimpleNamespace(frequencies="current"), "b": SimpleNamespace(frequencies="current")}
    found = cheaper_plans([result(a, cost), result(b, cost + 10.0)], runs)
    assert [(run, source) for run, source, _ in found] == [("b", "a")]


def test_the_allocation_weighs_by_the_runs_own_km(tiny_dir: Path, tmp_path: Path) -> None:
    """allocation.csv of a matrix run: (items sent + received) x the matrix's km from the hub."""
    out = matrix_run(tiny_dir, tmp_path)
    report = tmp_path / "report"
    r = CliRunner().invoke(cli, ["compare", str(out), "--out", str(report)])
    assert r.exit_code == 0, r.output
    net = load_network(tiny_dir)
    items = net.weekly_items()
    weight = {b.organisation: 0.0 for b in net.stops}
    for b in net.stops:
        weight[b.organisation] += (items[b.id][0] + items[b.id][1]) * KM[("HUB", b.id)]
    cost = load_run(out).plan["summary"]["cost_eur"]
    with (report / "allocation.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    eur = {row["organisation"]: float(row[next(k for k in row if k.startswith("cost_eur"))]) for row in rows}
    total = sum(weight.values())
    for org, w in weight.items():
        assert eur[org] == pytest.approx(cost * w / total, abs=0.01)


def test_a_run_reads_back_the_matrix_it_stored(tiny_dir: Path, tmp_path: Path) -> None:
    run = load_run(matrix_run(tiny_dir, tmp_path))
    m, pos = run.matrix(), {b: i for i, b in enumerate(run.matrix().ids)}
    assert all(m.km[pos[a], pos[b]] == k for (a, b), k in KM.items())
