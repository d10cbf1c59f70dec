"""The VRPSPD benchmark: LKH-3's file format, its distance convention, the judge, the day model and the CLI."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from logistics_opt.bench.vrpspd import (
    BenchRun,
    Reference,
    find_reference,
    fleet,
    judge,
    problems,
    run_vrpspd_bench,
)
from logistics_opt.bench.vrpspd_file import VrpspdFileError, VrpspdInstance, read_vrpspd
from logistics_opt.cli import cli

VRPSPD = Path(__file__).resolve().parents[1] / "data" / "vrpspd"
SCA = VRPSPD / "SCA3-0.vrpspd"
C101 = VRPSPD / "c101.vrpspd"
WORK = BenchRun(time_limit_s=60, solution_limit=40, rounds=20)  # stops on work; the time is only a cap

# Four clients 10 from the depot at the compass points, each receiving 5 and sending 5, vans of 10: a van
# leaves with every delivery of its route, so it serves at most two. The optimum pairs neighbours:
# 2 x (10 + 10 x sqrt 2 + 10) = 2 x 34.142 (integers x 1000: 10000 + 14142 + 10000) = 68.284.
TINY = """NAME : tiny4
TYPE : VRPSPD
DIMENSION : 5
{vehicles}CAPACITY : 10
EDGE_WEIGHT_TYPE : EXACT_2D
SCALE : 1000
NODE_COORD_SECTION
1 0 0
2 10 0
3 0 10
4 -10 0
5 0 -10
PICKUP_AND_DELIVERY_SECTION
1 0 0 1000 0 0 0
2 0 0 1000 0 5 5
3 0 0 1000 0 5 5
4 0 0 1000 0 5 5
5 0 0 1000 0 5 5
DEPOT_SECTION
1
-1
EOF
"""


def _tiny(tmp_path: Path, vehicles: int | None = None) -> Path:
    path = tmp_path / "tiny4.vrpspd"
    path.write_text(TINY.format(vehicles=f"VEHICLES : {vehicles}\n" if vehicles else ""))
    return path


def _tour_routes(inst: VrpspdInstance, tour: Path) -> list[list[int]]:
    """An LKH-3 tour as routes of node indices: nodes above DIMENSION are copies of the depot."""
    lines = tour.read_text().splitlines()
    nodes = [int(x) for x in lines[lines.index("TOUR_SECTION") + 1 : lines.index("-1")]]
    routes: list[list[int]] = [[]]
    for node in nodes[1:]:
        if node > len(inst.file_ids) or node == inst.file_ids[0]:
            routes.append([])
        else:
            routes[-1].append(inst.file_ids.index(node))
    return routes


def test_explicit_matrix_is_read_as_written() -> None:
    """SCA3-0: the line after EDGE_WEIGHT_SECTION is the depot's row; node 2's pickup and delivery are the
    last two numbers of its PICKUP_AND_DELIVERY_SECTION line."""
    lines = SCA.read_text().splitlines()
    row1 = [int(x) for x in lines[lines.index("EDGE_WEIGHT_SECTION") + 1].split()]
    pd2 = lines[lines.index("PICKUP_AND_DELIVERY_SECTION") + 2].split()
    assert pd2[0] == "2"
    inst = read_vrpspd(SCA)
    assert inst.clients == 50 and inst.capacity == 8236853 and inst.vehicles == 4 and inst.scale is None
    assert inst.distance[0].tolist() == row1 and inst.file_ids[:2] == (1, 2)
    assert (inst.pickup[1], inst.delivery[1]) == (int(pd2[5]), int(pd2[6]))


def test_exact_2d_rounds_scale_times_euclid() -> None:
    """c101: depot (40, 50), node 2 (45, 68): 1000 x sqrt(349) = 18681.55 -> 18682; node 2 picks up 40, receives 10."""
    inst = read_vrpspd(C101)
    assert inst.scale == 1000 and inst.vehicles == 16 and inst.capacity == 200
    assert inst.distance[0, 1] == round(1000 * math.sqrt(349)) == 18682
    assert (inst.pickup[1], inst.delivery[1]) == (40, 10)


@pytest.mark.parametrize("name,total", [("SCA3-0", 6356198), ("c101", 1220187)])
def test_lkh3_best_tour_costs_exactly_the_best_known(name: str, total: int) -> None:
    """LKH-3's own tour (its cost in the file name), judged on the reader's integers, is feasible, costs
    exactly that total, and in instance units BKS.tsv's figure (rounded there to 3 decimals)."""
    path = VRPSPD / f"{name}.vrpspd"
    inst = read_vrpspd(path)
    ref = find_reference(path, inst.name)
    routes = _tour_routes(inst, VRPSPD / f"{name}.{total}.tour")
    res = judge(inst, routes, fleet(inst, ref)[0], ref, 0.0)
    assert round(res["cost"] * res["distance_unit"]) == total and round(res["cost"], 3) == ref.cost
    assert res["gap_pct"] == 0.0
    assert res["problems"] == [] and res["unserved"] == [] and res["routes_used"] == ref.vehicles


def test_judge_follows_the_load_through_the_route(tmp_path: Path) -> None:
    """A van leaves with all deliveries; picking up first can overload it where delivering first does not."""
    text = (
        TINY.format(vehicles="")
        .replace("2 0 0 1000 0 5 5", "2 0 0 1000 0 0 8")
        .replace("3 0 0 1000 0 5 5", "3 0 0 1000 0 8 0")
    )
    path = tmp_path / "order.vrpspd"
    path.write_text(text)
    inst = read_vrpspd(path)
    assert problems(inst, [[1, 2], [3], [4]], 4) == []  # 8 out; 0 after node 2; 8 after node 3
    assert problems(inst, [[2, 1], [3], [4]], 4) == ["route 1: load 16 above the capacity 10"]
    assert problems(inst, [[1], [2], [3], [4], [1]], 4)[0] == "5 routes for 4 vans"


def test_tiny_instance_reaches_the_obvious_optimum(tmp_path: Path) -> None:
    """No VEHICLES, no best known: one van per client is offered; the plan pairs neighbours for 68.284."""
    doc = run_vrpspd_bench([_tiny(tmp_path)], WORK)
    (res,) = doc["results"]
    assert res["vans"] == 4 and res["vans_from"] == "one per client" and res["distance_unit"] == 1000
    assert res["cost"] == 68.284 and res["unserved"] == [] and res["problems"] == []
    assert sorted(sorted(r) for r in res["routes"]) in ([[2, 3], [4, 5]], [[2, 5], [3, 4]])


def test_a_fleet_too_small_leaves_clients_unserved(tmp_path: Path) -> None:
    """One van holds two of the four clients: two are reported unserved, and the plan keeps the rules."""
    (res,) = run_vrpspd_bench([_tiny(tmp_path, vehicles=1)], WORK)["results"]
    assert res["vans"] == 1 and res["routes_used"] == 1 and len(res["unserved"]) == 2
    assert res["problems"] == [] and res["cost"] == 34.142


def test_best_known_by_path_from_a_parent_folder(tmp_path: Path) -> None:
    """BKS.tsv two folders up names the file by its relative path; its vans become the fleet."""
    (tmp_path / "D").mkdir()
    path = _tiny(tmp_path / "D")
    (tmp_path / "BKS.tsv").write_text("instance\tbest_known\tvehicles\nD/tiny4\t68.284\t2\n")
    ref = find_reference(path, "tiny4")
    assert ref == Reference(68.284, 2)
    assert fleet(read_vrpspd(path), ref) == (2, "best known plan")
    other = tmp_path / "elsewhere.tsv"
    other.write_text("instance\tbks\ntiny4\t70\n")
    assert find_reference(path, "tiny4", other) == Reference(70.0, None)  # --bks FILE: only that file


@pytest.mark.parametrize(
    "old,new,line,message",
    [
        ("3 0 0 1000 0 5 5", "3 0 0 1000 0 5", 16, "PICKUP_AND_DELIVERY_SECTION: expected 7 numbers, found 6"),
        ("4 -10 0", "4 -10 x", 11, "coordinate 'x' is not a number"),
        ("4 0 0 1000 0 5 5", "4 0 0 1000 30 5 5", 17, "time windows and service times are not supported"),
        ("5 0 0 1000 0 5 5", "5 0 0 1000 0 5 50", 18, "must be within 0..CAPACITY 10"),
        ("EXACT_2D", "GEO", 5, "EDGE_WEIGHT_TYPE GEO: expected EXPLICIT, EXACT_2D or EUC_2D"),
        ("2 10 0\n", "", 11, "NODE_COORD_SECTION: node 2 is missing"),
    ],
)
def test_bad_file_names_file_and_line(tmp_path: Path, old: str, new: str, line: int, message: str) -> None:
    path = tmp_path / "bad.vrpspd"
    path.write_text(TINY.format(vehicles="").replace(old, new, 1))
    with pytest.raises(VrpspdFileError) as err:
        read_vrpspd(path)
    assert str(err.value).startswith(f"{path}, line {line}: ") and message in str(err.value)


def test_cli_writes_the_document_and_reports_a_bad_file_in_one_line(tmp_path: Path) -> None:
    """`bench vrpspd` on the copied Dethloff instance, stopping on work; a bad file is one Error: line."""
    out = tmp_path / "r.json"
    args = ["bench", "vrpspd", str(SCA), "--solution-limit", "20", "--rounds", "10", "--jobs", "1"]
    res = CliRunner().invoke(cli, [*args, "--time-limit", "60", "--out", str(out), "--silent"])
    assert res.exit_code == 0, res.output
    (row,) = json.loads(out.read_text())["results"]
    assert row["instance"] == "SCA3-0" and row["vans"] == 4 and row["bks"] == 635.62 and row["distance_unit"] == 10000
    served = sorted(c for r in row["routes"] for c in r)
    assert sorted(served + row["unserved"]) == list(range(2, 52))
    assert row["problems"] == [] and row["cost"] >= 635.62
    assert row["gap_pct"] == pytest.approx(100 * (row["cost"] - 635.62) / 635.62, abs=1e-3)
    bad = tmp_path / "bad.vrpspd"
    bad.write_text(TINY.format(vehicles="").replace("DIMENSION : 5", "DIMENSION : five"))
    res = CliRunner().invoke(cli, ["bench", "vrpspd", str(bad), "--solution-limit", "5", "--silent"])
    assert res.exit_code == 1 and res.output.strip() == f"Error: {bad}, line 3: DIMENSION 'five' is not a number"


def test_side_by_side_script_runs_both_solvers(tmp_path: Path) -> None:
    """benchmarks/vrpspd_pyvrp.py on the tiny instance, both solvers stopping on work: both reach 68.284."""
    out = tmp_path / "rows.json"
    script = Path(__file__).resolve().parents[2] / "benchmarks" / "vrpspd_pyvrp.py"
    args = ["--solution-limit", "20", "--pyvrp-iterations", "200", "--jobs", "1", "--json", str(out)]
    r = subprocess.run(
        [sys.executable, str(script), str(_tiny(tmp_path)), *args], capture_output=True, text=True, timeout=300
    )
    assert r.returncode == 0, r.stdout + r.stderr
    (row,) = json.loads(out.read_text())
    assert row["ours"]["cost"] == row["pyvrp"]["cost"] == 68.284 and row["ratio"] == 1.0
    assert "ours/pyvrp: geometric mean 1.0000" in r.stdout


def test_side_by_side_script_tries_settings_variants(tmp_path: Path) -> None:
    """benchmarks/vrpspd_pyvrp.py --variants: ours once per variant (a bad setting stops it in one line),
    PyVRP left out with --no-pyvrp; each variant's ratio to the first."""
    out = tmp_path / "rows.json"
    script = Path(__file__).resolve().parents[2] / "benchmarks" / "vrpspd_pyvrp.py"
    args = ["--solution-limit", "20", "--jobs", "1", "--no-pyvrp", "--json", str(out), "--variants"]
    r = subprocess.run(
        [sys.executable, str(script), str(_tiny(tmp_path)), *args, "default", "sisr.avg_removed=2"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    (row,) = json.loads(out.read_text())
    assert [v["cost"] for v in row["variants"]] == [68.284, 68.284] and row["pyvrp"] is None
    assert "variant sisr.avg_removed=2: 1.0000 x the first" in r.stdout
    bad = subprocess.run(
        [sys.executable, str(script), str(_tiny(tmp_path)), *args, "sisr.nope=1"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert bad.returncode != 0 and "unknown setting 'sisr.nope'" in bad.stderr and "Traceback" not in bad.stderr
