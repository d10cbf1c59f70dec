"""A road run read back with its own road km: the sharing screen and the cost allocation use the
matrix the run stored (inputs/matrix.csv.gz), not crow-fly distances."""

from __future__ import annotations

import csv
import gzip
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from logistics_opt.cli import cli
from logistics_opt.runs import load_run
from logistics_opt.scenarios.sharing import cheaper_plans
from tests.factories import FAST_CLI


def road_run(kotka_dir: Path, road_dir: Path, out: Path) -> Path:
    r = CliRunner().invoke(cli, ["plan", str(kotka_dir), "--roads", str(road_dir), "--out", str(out), *FAST_CLI])
    assert r.exit_code == 0, r.output
    return out


def test_the_sharing_screen_checks_a_cheaper_road_plan_on_the_road_km(
    road_dir: Path, kotka_dir: Path, tmp_path: Path
) -> None:
    a = road_run(kotka_dir, road_dir, tmp_path / "a")
    b = tmp_path / "b"
    shutil.copytree(a, b)
    cost = load_run(a).plan["summary"]["cost_eur"]

    def result(out: Path, eur: float) -> SimpleNamespace:
        return SimpleNamespace(name=out.name, out=str(out), ok=True, summary={"cost_eur": eur, "unassigned": 0})

    runs = {"a": SimpleNamespace(frequencies="current"), "b": SimpleNamespace(frequencies="current")}
    found = cheaper_plans([result(a, cost), result(b, cost + 10.0)], runs)
    assert [(run, source) for run, source, _ in found] == [("b", "a")]


def test_the_allocation_weighs_by_the_road_km_the_run_stored(road_dir: Path, kotka_dir: Path, tmp_path: Path) -> None:
    out = road_run(kotka_dir, road_dir, tmp_path / "run")
    rows = gzip.decompress((out / "inputs" / "matrix.csv.gz").read_bytes()).decode().splitlines()[1:]
    km = {(a, b): float(k) for a, b, k, _ in (r.split(",") for r in rows)}
    report = tmp_path / "report"
    r = CliRunner().invoke(cli, ["compare", str(out), "--out", str(report)])
    assert r.exit_code == 0, r.output
    run = load_run(out)
    net, items = run.network, run.network.weekly_items()
    hub = net.hubs[0].id
    weight: dict[str, float] = {}
    for b in net.stops:
        weight[b.organisation] = weight.get(b.organisation, 0.0) + (items[b.id][0] + items[b.id][1]) * km[(hub, b.id)]
    cost, total = run.plan["summary"]["cost_eur"], sum(weight.values())
    with (report / "allocation.csv").open(encoding="utf-8") as f:
        got = {
            row["organisation"]: float(row[next(k for k in row if k.startswith("cost_eur"))])
            for row in csv.DictReader(f)
        }
    for org, w in weight.items():
        assert got[org] == pytest.approx(cost * w / total, abs=0.01)
