"""Cordeau PVRP benchmark: reading the format, solving, checking against the reference cost."""

from __future__ import annotations

import json
import math
from pathlib import Path

from click.testing import CliRunner

from logistics_opt.bench.pvrp import decode_combo, read_bks, read_cordeau, run_pvrp_bench, verify
from logistics_opt.cli import cli
from tests.factories import PVRP

TINY = PVRP / "tiny2.txt"
# Day 1: depot -> (-10,1) -> (-10,0) -> depot; day 2: depot -> (-10,0) -> (10,1) -> (10,0) -> depot.
OPTIMUM = (math.sqrt(101) + 1 + 10) + (10 + math.sqrt(401) + 1 + 10)


def test_combination_is_binary_with_day_one_highest() -> None:
    """Combination numbers decode as 0-1 day vectors, day 1 being the highest bit."""
    assert decode_combo(1, 2) == (1,)
    assert decode_combo(2, 2) == (0,)
    assert decode_combo(3, 2) == (0, 1)
    assert decode_combo(9, 4) == (0, 3)
    assert decode_combo(10, 5) == (1, 3)


def test_read_skips_node_on_depot() -> None:
    """The node placed on the depot itself is left out; combinations are decoded."""
    inst = read_cordeau(TINY)
    assert inst.ids == [0, 1, 2, 3, 4]
    assert inst.combos[3] == [(0, 1)] and inst.combos[4] == [(0,)] and inst.combos[1] == [(1,), (0,)]
    assert (inst.vehicles_per_day, inst.days, inst.capacity) == (1, 2, 100)
    assert read_bks(PVRP)["tiny2"] == 62.07


def test_verify_flags_wrong_combination_and_capacity() -> None:
    """The benchmark's own check rejects a visit off its combinations and an overfull route."""
    inst = read_cordeau(TINY)
    assert any("over capacity" in e for e in verify(inst, [[[1, 2, 3, 4]], [[3]]]))
    assert any("customer 4" in e for e in verify(inst, [[[1, 2, 3]], [[3, 4]]]))
    assert verify(inst, [[[4, 3]], [[3, 1, 2]]]) == []


def test_bench_finds_hand_computed_optimum() -> None:
    """On the tiny instance the solver reaches the hand-computed optimum with valid routes."""
    doc = run_pvrp_bench([TINY], time_limit=2.0)
    res = doc["results"][0]
    assert res["valid"], res["problems"]
    assert abs(res["cost"] - OPTIMUM) < 0.01
    assert res["bks"] == 62.07 and abs(res["gap_pct"]) < 0.05
    days = {r["day"] for r in res["routes"]}
    assert days == {1, 2}


def test_bench_cli_writes_json(tmp_path: Path) -> None:
    """`bench pvrp` writes the documented JSON shape; `--jobs 2` runs two searches side by side."""
    out = tmp_path / "p.json"
    args = ["bench", "pvrp", str(TINY), "--time-limit", "1", "--jobs", "2", "--json", str(out), "--silent"]
    r = CliRunner().invoke(cli, args)
    assert r.exit_code == 0, r.output
    doc = json.loads(out.read_text())
    assert doc["kind"] == "pvrp" and doc["searches"] == 2
    res = doc["results"][0]
    assert {"instance", "cost", "bks", "gap_pct", "seconds", "routes"} <= set(res)
    assert all({"day", "customers"} == set(x) for x in res["routes"])
