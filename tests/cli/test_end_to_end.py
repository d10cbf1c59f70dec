"""End to end through the command line (CliRunner, solution limits, tiny data): a fleet of two vehicle
types, `plan --matrix`, every `--engine`, and `scenario run` on a Dask cluster of worker processes."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from logistics_opt.cli import cli
from tests.factories import TINY

# The solution limit ends every search; the time limit is a far-off cap only.
LIMITS = ["--time-limit", "120", "--solution-limit", "20", "--silent", "-j", "1"]
MIXED = """type,count,capacity_crates,cost_per_km,cost_per_hour,fixed_cost_per_day,co2_g_per_km,shift_start,shift_end,depot
van,1,6,0.40,30.00,40.00,259,08:00,16:00,HUB
ev,1,6,0.20,30.00,55.00,90,07:00,13:00,HUB
"""


def plan_json(out: Path) -> dict[str, Any]:
    return json.loads((out / "plan.json").read_text(encoding="utf-8"))


def run(*args: str) -> Any:
    r = CliRunner().invoke(cli, list(args))
    assert r.exit_code == 0, r.output
    return r


@pytest.fixture
def mixed_dir(tiny_dir: Path) -> Path:
    """Tiny with one diesel van and one electric van of 6 crates, and 10 items a crate: Friday needs both."""
    (tiny_dir / "fleet.csv").write_text(MIXED, encoding="utf-8")
    s = tiny_dir / "settings.toml"
    s.write_text(s.read_text().replace("items_per_crate = 35", "items_per_crate = 10"))
    return tiny_dir


def test_a_fleet_of_two_vehicle_types(mixed_dir: Path, tmp_path: Path) -> None:
    """Both types drive; each route is priced and its CO2 counted at its own type's rates and shift; `check`
    recomputes the written plan from inputs/ and accepts it."""
    out = tmp_path / "run"
    run("plan", str(mixed_dir), "--out", str(out), *LIMITS)
    plan = plan_json(out)
    assert not plan["unassigned"]
    assert {r["vehicle_type"] for r in plan["routes"]} == {"van", "ev"}
    rates = {"van": (0.40, 30.0, 40.0, 259, "08:00", "16:00"), "ev": (0.20, 30.0, 55.0, 90, "07:00", "13:00")}
    for r in plan["routes"]:
        per_km, per_h, fixed, g_km, start, end = rates[r["vehicle_type"]]
        assert r["cost_eur"] == pytest.approx(
            r["distance_km"] * per_km + r["duration_min"] / 60 * per_h + fixed, abs=0.011
        )
        assert r["co2_kg"] == pytest.approx(r["distance_km"] * g_km / 1000, abs=0.0011)
        assert start <= r["start"] and r["end"] <= end
        assert r["load_start"] <= 6 and all(s["load_after"] <= 6 for s in r["stops"])
    days = {}
    for r in plan["routes"]:
        days.setdefault(r["day"], []).append(r["vehicle"])
    assert all(len(v) == len(set(v)) <= 2 for v in days.values())  # one route per van per day
    assert "OK" in run("check", str(out)).output


def test_plan_with_a_road_matrix(tiny_dir: Path, tmp_path: Path) -> None:
    """`plan --matrix`: the route km are the matrix's, the minutes are the matrix's where given and km at
    45 km/h where not; the plan is checked against the matrix before it is written."""
    ids = ["HUB", "A", "B", "C", "D", "E"]
    km = {(a, b): 10.0 * abs(i - j) + 3.0 for i, a in enumerate(ids) for j, b in enumerate(ids) if a != b}
    rows = ["from,to,km,minutes"]
    for (a, b), k in km.items():
        rows.append(f"{a},{b},{k},{'' if 'E' in (a, b) else k * 2}")  # 30 km/h, or from the speed for E
    rows.append("HUB,ELSEWHERE,1,1")  # places the network lacks are ignored
    matrix = tmp_path / "matrix.csv"
    matrix.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "run"
    run("plan", str(tiny_dir), "--out", str(out), "--matrix", str(matrix), *LIMITS)
    plan = plan_json(out)
    assert plan["meta"]["parameters"]["matrix"] == str(matrix)
    for r in plan["routes"]:
        seq = [r["depot"]] + [s["branch"] for s in r["stops"]] + [r["depot"]]
        legs = list(zip(seq, seq[1:], strict=False))
        assert r["distance_km"] == pytest.approx(sum(km[leg] for leg in legs), abs=1e-9)
        drive = sum(km[(a, b)] * (60 / 45 if "E" in (a, b) else 2) for a, b in legs)
        assert r["duration_min"] >= drive - 1e-9
    # The run keeps the matrix it used (inputs/matrix.csv.gz), so `check` re-checks against it.
    assert "OK" in run("check", str(out)).output


def test_a_matrix_missing_a_pair_is_one_error_line(tiny_dir: Path, tmp_path: Path) -> None:
    matrix = tmp_path / "matrix.csv"
    matrix.write_text("from,to,km\nHUB,A,5\n", encoding="utf-8")
    r = CliRunner().invoke(
        cli, ["plan", str(tiny_dir), "--out", str(tmp_path / "run"), "--matrix", str(matrix), *LIMITS]
    )
    assert r.exit_code == 1 and r.output.startswith("Error: matrix.csv: no distance from 'HUB' to 'B'"), r.output
    assert not (tmp_path / "run").exists()


@pytest.fixture
def breakless_dir(tiny_dir: Path) -> Path:
    """Tiny without the break rule, a problem every engine models."""
    s = tiny_dir / "settings.toml"
    s.write_text(s.read_text().replace("break_min = 30", "break_min = 0"))
    return tiny_dir


def test_every_engine_plans_the_week(breakless_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ortools, pyvrp and best each write a plan that the checker accepts; best really runs both engines
    (no fallback) and its week costs no more than either engine's."""
    pytest.importorskip("pyvrp")
    import logistics_opt.routing.best_engine as best

    statuses: list[str] = []
    real = best.solve

    def spy(problem: Any, params: Any, cores: int = 1) -> Any:
        sol = real(problem, params, cores)
        statuses.append(sol.status)
        return sol

    monkeypatch.setattr(best, "solve", spy)
    cost = {}
    for engine in ("ortools", "pyvrp", "best"):
        out = tmp_path / engine
        run("plan", str(breakless_dir), "--out", str(out), "--engine", engine, *LIMITS)
        plan = plan_json(out)
        assert plan["meta"]["parameters"]["engine"] == engine and not plan["unassigned"]
        assert "OK" in run("check", str(out)).output
        cost[engine] = plan["summary"]["cost_eur"]
    assert len(statuses) == 5 and not any("(" in s for s in statuses), statuses  # no "(pyvrp ...)" fallback
    assert cost["best"] <= min(cost["ortools"], cost["pyvrp"]) + 0.05


def test_pyvrp_keeps_a_binding_break_and_best_runs_both(tiny_dir: Path, tmp_path: Path) -> None:
    """With the 30 min break after 5.5 h inside an 8 h shift, pyvrp plans with the break reserved and the
    checker accepts it; best runs both engines and names each day's winner."""
    pytest.importorskip("pyvrp")
    for engine in ("pyvrp", "best"):
        run("plan", str(tiny_dir), "--out", str(tmp_path / engine), "--engine", engine, *LIMITS)
        assert "OK" in run("check", str(tmp_path / engine)).output
        assert set(plan_json(tmp_path / engine)["meta"]["day_engines"].values()) <= {"ortools", "pyvrp"}


def scenario(folder: Path, name: str, body: str = "") -> Path:
    p = folder / f"{name}.toml"
    p.write_text(
        f'name = "{name}"\ndescription = "{name}"\ndata = "{os.path.relpath(TINY, folder)}"\n'
        f"time_limit = 120\nsolution_limit = 20\n{body}",
        encoding="utf-8",
    )
    return p


def test_scenarios_on_a_dask_cluster_of_worker_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`scenario run --scheduler` on a LocalCluster with two worker processes: the scenarios cross process
    boundaries as on a real cluster and come back as the same plans a local run makes."""
    distributed = pytest.importorskip("distributed")
    sc = tmp_path / "sc"
    sc.mkdir()
    scenario(sc, "baseline")
    scenario(sc, "more", "[volume]\nfactor = 1.5\n")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cl:
        r = CliRunner().invoke(
            cli,
            [
                "scenario",
                "run",
                str(sc),
                "--out",
                str(tmp_path / "dask"),
                "--silent",
                "--scheduler",
                cl.scheduler_address,
            ],
        )
        with distributed.Client(cl) as client:
            pids = set(client.run(os.getpid).values())
    assert r.exit_code == 0, r.output
    assert len(pids) == 2 and os.getpid() not in pids
    from logistics_opt.reports import registry

    monkeypatch.setattr(registry, "report_writers", lambda: [])  # the local run (in this process) skips the maps
    run("scenario", "run", str(sc), "--out", str(tmp_path / "local"), "-j", "1", "--silent")
    assert (tmp_path / "dask" / "baseline" / "map_mon.png").is_file()
    for name in ("baseline", "more"):
        dask, local = plan_json(tmp_path / "dask" / name), plan_json(tmp_path / "local" / name)
        assert dask["routes"] == local["routes"] and dask["meta"]["scenario"]["name"] == name
    manifest = json.loads((tmp_path / "dask" / "runs.json").read_text(encoding="utf-8"))
    assert [(x["name"], x["ok"]) for x in manifest["runs"]] == [("baseline", True), ("more", True)]
    more, base = plan_json(tmp_path / "dask" / "more"), plan_json(tmp_path / "dask" / "baseline")
    assert sum(s["deliver_items"] for r in more["routes"] for s in r["stops"]) > sum(
        s["deliver_items"] for r in base["routes"] for s in r["stops"]
    )
