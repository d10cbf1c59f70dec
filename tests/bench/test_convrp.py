"""bench convrp: the Groër et al. file format, the instance as a consistent network, the judge and the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from logistics_opt.bench.convrp import ConvrpRun, judge, plan_instance, read_convrp, to_network, vans_needed
from logistics_opt.cli import cli
from logistics_opt.errors import InputError

CONVRP = Path(__file__).resolve().parents[1] / "data" / "convrp"
CMT1 = CONVRP / "Christofides_1_5_0.7.vrp"
# Two customers on one ray from the depot, 5 and 10 away: one van, depot -> 5 -> 10 -> depot = 20 a day.
# Customer 1 is due on both days, customer 2 on day 2 only (day 1: depot -> 5 -> depot = 10): 30 in all.
TINY = """NAME: tiny
NUM_DAYS: 2
CAPACITY: 10
DISTANCE: 9999999
NODE_COORD_SECTION
1\t3.0 4.0
2\t6.0 8.0
DEMAND_SECTION
1 4 4
2 -1 6
SVC_TIME_SECTION
1\t1.0\t1.0
2\t0.0\t1.0
DEPOT_SECTION
0.0 0.0
-1
EOF
"""


def test_the_file_as_published() -> None:
    inst = read_convrp(CMT1)
    assert (inst.customers, inst.days, inst.capacity, inst.duration) == (50, 5, 160, None)
    assert inst.xy[0].tolist() == [0.0, 0.0] and inst.xy[1].tolist() == [7.0, 12.0]
    assert inst.demand[1] == [7, 7, 7, -1, 7] and inst.service[1] == 0.0


def test_a_broken_file_is_one_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.vrp"
    bad.write_text(TINY.replace("NUM_DAYS: 2\n", ""), encoding="utf-8")
    with pytest.raises(InputError, match="not a ConVRP instance file"):
        read_convrp(bad)


def test_the_instance_as_a_network_and_its_plan_by_hand(tmp_path: Path) -> None:
    (tmp_path / "tiny.vrp").write_text(TINY, encoding="utf-8")
    inst = read_convrp(tmp_path / "tiny.vrp")
    net, matrix, visits = to_network(inst, 50.0)
    assert vans_needed(inst) == 3  # ceil(1.5 x (4 + 6) / 10) + 1
    assert [(v.day, v.deliver_crates) for v in visits["c1"]] == [("mon", 4), ("tue", 4)]
    assert [(v.day, v.deliver_crates) for v in visits["c2"]] == [("tue", 6)]
    assert matrix.minutes[0, 2] == 10.0 and net.branch("c1").service_min == 1.0
    plan, seconds = plan_instance(inst, ConvrpRun(time_limit_s=10, solution_limit=10, workers=1))
    res = judge(inst, plan, 50.0, 32.0, seconds)
    assert (res["cost"], res["vans_used"], res["unserved"], res["problems"]) == (30.0, 1, [], [])
    assert res["gap_pct"] == -6.25  # (30 - 32) / 32
    assert res["max_spread"] <= 50.0


def test_bench_convrp_stops_on_work(tmp_path: Path) -> None:
    """The CLI plans the copied instance with a solution limit: every due visit served on one van, within the
    spread, and the gap to a BKS.tsv beside the file."""
    shutil.copy(CMT1, tmp_path / CMT1.name)
    (tmp_path / "BKS.tsv").write_text(f"instance\tbest_known\n{CMT1.stem}\t2000\n", encoding="utf-8")
    out = tmp_path / "c.json"
    args = ["bench", "convrp", str(tmp_path / CMT1.name), "--time-limit", "120", "--solution-limit", "5"]
    r = CliRunner().invoke(cli, [*args, "--spread", "60", "-j", "1", "--silent", "--out", str(out)])
    assert r.exit_code == 0, r.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    (res,) = doc["results"]
    assert doc["kind"] == "convrp" and doc["spread_min"] == 60.0 and doc["solution_limit"] == 5
    assert res["unserved"] == [] and res["problems"] == [] and res["max_spread"] <= 60.0
    assert res["bks"] == 2000.0 and res["gap_pct"] == round(100 * (res["cost"] - 2000) / 2000, 3)
