"""The CVRPLIB benchmark: reading files, the distance-as-cost mapping, the JSON document and the CLI."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from logistics_opt.bench.cvrp import day_problem, fleet_size, read_bks, read_cvrp, run_cvrp_bench
from logistics_opt.cli import cli
from logistics_opt.errors import InputError
from logistics_opt.routing.ortools_engine import solve
from logistics_opt.routing.problem import SearchParams
from tests.factories import CVRP

E22 = CVRP / "E-n22-k4.vrp"


def _coords(path: Path) -> dict[int, tuple[float, float]]:
    """The NODE_COORD_SECTION of a CVRPLIB file, parsed by hand (independent of vrplib)."""
    lines = path.read_text().splitlines()
    start = lines.index("NODE_COORD_SECTION") + 1
    out = {}
    for line in lines[start:]:
        parts = line.split()
        if len(parts) != 3:
            break
        out[int(parts[0])] = (float(parts[1]), float(parts[2]))
    return out


def test_reader_puts_depot_first_and_rounds_distances() -> None:
    """E-n22-k4: depot is file node 1 at (145, 215); node 2 is at (151, 264), nint(49.37) = 49 away."""
    inst = read_cvrp(E22)
    assert len(inst.demand) == 22 and inst.capacity == 6000 and inst.min_vehicles == 4
    assert inst.file_ids[0] == 1 and inst.demand[0] == 0
    assert inst.distance[0, inst.file_ids.index(2)] == 49


def test_arc_cost_equals_distance_through_the_day_model() -> None:
    """cost_per_km = 0.01 EUR makes the OR-Tools objective the rounded Euclidean length."""
    inst = read_cvrp(E22)
    sol = solve(day_problem(inst), SearchParams(time_limit_s=2, solution_limit=50))
    length = sum(int(inst.distance[a, b]) for r in sol.routes for a, b in zip([0] + r.nodes, r.nodes + [0]))
    assert not sol.dropped and sol.objective == length


def test_fleet_size_covers_k_and_the_demand() -> None:
    """The fleet offered holds the total demand and at least the instance's k vans."""
    inst = read_cvrp(CVRP / "A-n32-k5.vrp")
    k = fleet_size(inst)
    assert k >= 5 and k * inst.capacity >= sum(inst.demand)


def test_bench_document_routes_cover_every_customer_once() -> None:
    """Each customer (file ids 2..22) is on one route; cost and gap recompute from the file."""
    doc = run_cvrp_bench([E22], time_limit=2, solution_limit=100)
    assert doc["kind"] == "cvrp"
    (res,) = doc["results"]
    visits = sorted(i for r in res["routes"] for i in r)
    assert visits == list(range(2, 23))
    xy = _coords(E22)
    length = sum(round(math.dist(xy[a], xy[b])) for r in res["routes"] for a, b in zip([1] + r, r + [1]))
    assert res["cost"] == length >= 375
    assert res["bks"] == 375 and res["gap_pct"] == pytest.approx(100 * (length - 375) / 375, abs=1e-3)


def test_bks_read_from_a_parent_folder(tmp_path: Path) -> None:
    """BKS.tsv in the parent folder of the files counts as beside them (the CVRPLIB set layout)."""
    (tmp_path / "E").mkdir()
    (tmp_path / "BKS.tsv").write_text("instance\tbks\nE-n22-k4\t375\n")
    assert read_bks([tmp_path / "E" / "E-n22-k4.vrp"]) == {"E-n22-k4": 375}


def test_unreadable_file_is_an_input_error(tmp_path: Path) -> None:
    """A file vrplib cannot read gives one InputError naming the file."""
    bad = tmp_path / "bad.vrp"
    bad.write_text("NAME : bad\nTYPE : CVRP\nDIMENSION : 2\nEDGE_WEIGHT_TYPE : EUC_2D\nNODE_COORD_SECTION\n1 0\n")
    with pytest.raises(InputError, match="bad.vrp"):
        read_cvrp(bad)


def test_cli_writes_the_json(tmp_path: Path) -> None:
    """`bench cvrp FILE --json OUT` writes the results document."""
    out = tmp_path / "r.json"
    res = CliRunner().invoke(cli, ["bench", "cvrp", str(E22), "--time-limit", "0.5", "--json", str(out), "--silent"])
    assert res.exit_code == 0, res.output
    doc = json.loads(out.read_text())
    assert doc["results"][0]["instance"] == "E-n22-k4" and doc["results"][0]["cost"] >= 375
