"""``plan DATA --previous RUN_DIR``: next week from an earlier run's routes (:mod:`logistics_opt.planning.keep`)."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from logistics_opt.changes import PREVIOUS_PLAN
from logistics_opt.cli import cli
from logistics_opt.stability import change_counts
from tests.factories import FAST_CLI as FAST
from tests.factories import TINY


def _plan(data: Path, out: Path, *more: str) -> Any:
    return CliRunner().invoke(cli, ["plan", str(data), "--out", str(out), *FAST, *more])


def _json(run: Path) -> dict[str, Any]:
    return json.loads((run / "plan.json").read_text(encoding="utf-8"))


def _vans(plan: dict[str, Any]) -> dict[tuple[str, str], str]:
    return {(s["branch"], r["day"]): r["vehicle"] for r in plan["routes"] for s in r["stops"]}


def _edit(src: Path, dst: Path, name: str, change: Any) -> Path:
    """A copy of the data folder ``src`` with the rows of table ``name`` changed by ``change(rows) -> rows``."""
    shutil.copytree(src, dst)
    path = dst / name
    rows = list(csv.reader(path.open(encoding="utf-8")))
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(change(rows))
    return dst


@pytest.fixture(scope="module")
def last_week(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run of tests/data/tiny whose two vans swap names: a plan from scratch puts each branch on the other
    van (its first van is van-1), so only a plan that keeps the earlier vans keeps them."""
    out = tmp_path_factory.mktemp("runs") / "last-week"
    r = _plan(TINY, out)
    assert r.exit_code == 0, r.output
    _swapped(out)
    return out


def _more_volume(rows: list[list[str]]) -> list[list[str]]:
    """Every request 10 % more or less, by turns."""
    return [rows[0]] + [
        r[:2] + [str(round(int(r[2]) * (1.1 if k % 2 else 0.9)))] + r[3:] for k, r in enumerate(rows[1:])
    ]


def test_the_same_data_keeps_everything(last_week: Path, tmp_path: Path) -> None:
    r = _plan(TINY, tmp_path / "w", "--previous", str(last_week))
    assert r.exit_code == 0, r.output
    plan = _json(tmp_path / "w")
    assert plan["routes"] == _json(last_week)["routes"]
    assert plan["meta"]["previous"]["folder"] == str(last_week)
    assert plan["meta"]["previous"]["inputs_sha256"] == _json(last_week)["meta"]["inputs_sha256"]
    assert (tmp_path / "w" / "inputs" / PREVIOUS_PLAN).is_file()
    assert list(csv.reader((tmp_path / "w" / "changes.csv").open())) == [
        next(csv.reader((tmp_path / "w" / "changes.csv").open()))
    ]
    assert "0 branches change van, 0 day" in r.output


def test_a_volume_change_keeps_the_vans(last_week: Path, tmp_path: Path) -> None:
    data = _edit(TINY, tmp_path / "data", "requests.csv", _more_volume)
    assert _plan(data, tmp_path / "w", "--previous", str(last_week)).exit_code == 0
    counts = change_counts(_json(last_week), _json(tmp_path / "w"))
    assert (counts.van, counts.day, counts.common) == (0, 0, 5)


def test_a_new_branch_is_fitted_in(last_week: Path, tmp_path: Path) -> None:
    def add(rows: list[list[str]]) -> list[list[str]]:
        return rows + [["F", "Point F", "Org Two", "Bunnik", "52.0600", "5.2100", "service_point"] + [""] * 6]

    data = _edit(TINY, tmp_path / "data", "branches.csv", add)
    with (data / "requests.csv").open("a", encoding="utf-8") as f:
        f.write("HUB,F,20,new_stock\n")
    assert _plan(data, tmp_path / "w", "--previous", str(last_week)).exit_code == 0
    plan = _json(tmp_path / "w")
    counts = change_counts(_json(last_week), plan)
    assert (counts.added, counts.van, counts.day) == (1, 0, 0)
    assert {d for (b, d) in _vans(plan) if b == "F"} == set(plan["working_days"])
    rows = list(csv.DictReader((tmp_path / "w" / "changes.csv").open()))
    assert {(x["branch_id"], x["old_van"]) for x in rows if x["branch_id"] == "F"} == {("F", "")}


def test_a_branch_that_is_gone_is_dropped(last_week: Path, tmp_path: Path) -> None:
    data = _edit(TINY, tmp_path / "d1", "branches.csv", lambda rows: [r for r in rows if r[0] != "C"])
    shutil.rmtree(tmp_path / "data", ignore_errors=True)
    data = _edit(data, tmp_path / "data", "requests.csv", lambda rows: [r for r in rows if "C" not in r[:2]])
    assert _plan(data, tmp_path / "w", "--previous", str(last_week)).exit_code == 0
    plan = _json(tmp_path / "w")
    counts = change_counts(_json(last_week), plan)
    assert (counts.gone, counts.van, counts.day) == (1, 0, 0)
    assert "C" not in {b for b, _ in _vans(plan)}


def test_stability_prices_at_zero_plan_as_from_scratch(last_week: Path, tmp_path: Path) -> None:
    data = _edit(TINY, tmp_path / "data", "requests.csv", _more_volume)
    with (data / "settings.toml").open("a", encoding="utf-8") as f:
        f.write("\n[stability]\nmove_van_eur = 0\nmove_day_eur = 0\nlate_eur_per_15min = 0\n")
    assert _plan(data, tmp_path / "kept", "--previous", str(last_week)).exit_code == 0
    assert _plan(data, tmp_path / "fresh").exit_code == 0
    assert _json(tmp_path / "kept")["routes"] == _json(tmp_path / "fresh")["routes"]
    assert _json(tmp_path / "kept")["meta"]["previous"]["plan"] == "from scratch"


def _error(r: Any, out: Path) -> str:
    assert r.exit_code == 1
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:"), r.output
    assert not out.exists()
    return lines[0]


def test_not_a_run_folder(tmp_path: Path) -> None:
    line = _error(_plan(TINY, tmp_path / "w", "--previous", str(TINY)), tmp_path / "w")
    assert "not a run folder" in line


def test_no_branch_in_common(tmp_path: Path) -> None:
    def rename(rows: list[list[str]]) -> list[list[str]]:
        return [rows[0]] + [[f"X{c}" if c in "ABCDE" and c else c for c in r] for r in rows[1:]]

    data = _edit(TINY, tmp_path / "d1", "branches.csv", rename)
    other = _edit(data, tmp_path / "other", "requests.csv", rename)
    assert _plan(other, tmp_path / "elsewhere").exit_code == 0
    line = _error(_plan(TINY, tmp_path / "w", "--previous", str(tmp_path / "elsewhere")), tmp_path / "w")
    assert "no branch in common" in line


def test_other_hubs(tmp_path: Path) -> None:
    def hub(rows: list[list[str]]) -> list[list[str]]:
        return [[("HUB2" if c == "HUB" else c) for c in r] for r in rows]

    data = _edit(TINY, tmp_path / "d1", "branches.csv", hub)
    data = _edit(data, tmp_path / "d2", "requests.csv", hub)
    other = _edit(data, tmp_path / "other", "fleet.csv", hub)
    assert _plan(other, tmp_path / "elsewhere").exit_code == 0
    line = _error(_plan(TINY, tmp_path / "w", "--previous", str(tmp_path / "elsewhere")), tmp_path / "w")
    assert "other hubs" in line


def _swapped(run: Path) -> None:
    plan = _json(run)
    for route in plan["routes"]:
        route["vehicle"] = {"van-1": "van-2", "van-2": "van-1"}[route["vehicle"]]
    (run / "plan.json").write_text(json.dumps(plan), encoding="utf-8")


def test_master_routes_keep_the_vans_of_an_earlier_consistent_run(tmp_path: Path) -> None:
    assert _plan(TINY, tmp_path / "last", "--consistent").exit_code == 0
    _swapped(tmp_path / "last")
    data = _edit(TINY, tmp_path / "data", "requests.csv", _more_volume)
    r = _plan(data, tmp_path / "w", "--consistent", "--previous", str(tmp_path / "last"))
    assert r.exit_code == 0, r.output
    plan = _json(tmp_path / "w")
    assert change_counts(_json(tmp_path / "last"), plan).van == 0
    assert plan["consistency"]["same_van"] and plan["meta"]["previous"]["plan"] == "kept"


def test_a_scenario_keeps_its_previous_run_and_compare_counts_the_changes(last_week: Path, tmp_path: Path) -> None:
    _edit(TINY, tmp_path / "data", "requests.csv", _more_volume)
    shutil.copytree(last_week, tmp_path / "runs" / "baseline")
    scn = tmp_path / "scenarios" / "next-week.toml"
    scn.parent.mkdir()
    scn.write_text(
        'data = "../data"\nprevious = "../runs/baseline"\nsolution_limit = 30\nrepeats = 1\n', encoding="utf-8"
    )
    r = CliRunner().invoke(cli, ["scenario", "run", str(scn), "--out", str(tmp_path / "runs"), "-j", "1", "--silent"])
    assert r.exit_code == 0, r.output
    run = tmp_path / "runs" / "next-week"
    assert _json(run)["meta"]["previous"]["folder"] == str((tmp_path / "runs" / "baseline").resolve())
    assert (run / "changes.csv").is_file()
    r = CliRunner().invoke(
        cli, ["compare", str(tmp_path / "runs" / "baseline"), str(run), "--out", str(tmp_path / "c")]
    )
    assert r.exit_code == 0, r.output
    rows = {x["scenario"]: x for x in csv.DictReader((tmp_path / "c" / "comparison.csv").open())}
    assert rows["next-week"]["branches_new_van"] == "0"
    assert rows["next-week"]["branches_kept_share"] != ""
