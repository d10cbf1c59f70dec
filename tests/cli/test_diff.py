"""``logistics-opt diff RUN_A RUN_B``: what changed between two run folders (:mod:`logistics_opt.changes`)."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from logistics_opt.changes import CSV_HEADER, plan_changes
from logistics_opt.cli import cli
from tests.factories import FAST_CLI as FAST
from tests.factories import TINY


def _route(day: str, van: str, *stops: tuple[str, str]) -> dict[str, Any]:
    return {"day": day, "vehicle": van, "stops": [{"branch": b, "name": f"Branch {b}", "arrival": t} for b, t in stops]}


def test_a_plan_against_itself_has_no_change() -> None:
    plan = {"routes": [_route("mon", "v1", ("A", "09:00"), ("B", "09:30"))]}
    assert plan_changes(plan, plan).empty


def test_a_stop_moved_to_another_van_is_listed_per_branch_and_per_van() -> None:
    old = {"routes": [_route("mon", "v1", ("A", "09:00"), ("B", "09:30"))]}
    new = {"routes": [_route("mon", "v1", ("A", "09:00")), _route("mon", "v2", ("B", "10:00"))]}
    c = plan_changes(old, new)
    assert [(x.branch, x.old.van, x.new.van, x.moved_min) for x in c.branches] == [("B", "v1", "v2", 30)]
    assert [(v.van, v.added, v.removed) for v in c.vans] == [("v1", (), ("B",)), ("v2", ("B",), ())]


def test_a_visit_moved_to_another_day_and_a_visit_gone() -> None:
    old = {"routes": [_route("mon", "v1", ("A", "09:00"), ("B", "09:30")), _route("tue", "v1", ("B", "09:00"))]}
    new = {"routes": [_route("mon", "v1", ("A", "09:00")), _route("wed", "v1", ("B", "09:00"))]}
    c = plan_changes(old, new)
    moved = [(x.old.day if x.old else None, x.new.day if x.new else None) for x in c.branches]
    assert moved == [("mon", "wed"), ("tue", None)]
    assert all(x.day_changed and x.moved_min is None for x in c.branches)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("data") / "tiny"
    shutil.copytree(TINY, data)
    out = tmp_path_factory.mktemp("runs") / "a"
    r = CliRunner().invoke(cli, ["plan", str(data), "--out", str(out), *FAST])
    assert r.exit_code == 0, r.output
    return out


def test_diff_of_a_run_against_itself_prints_no_change(run: Path, tmp_path: Path) -> None:
    r = CliRunner().invoke(cli, ["diff", str(run), str(run), "--out", str(tmp_path / "d")])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0] == "no change"
    rows = list(csv.reader((tmp_path / "d" / "changes.csv").open()))
    assert rows == [list(CSV_HEADER)]


def test_diff_lists_a_hand_made_change(run: Path, tmp_path: Path) -> None:
    """A stop taken off one van's route and given to a van of its own later that day is one branch and two vans."""
    other = tmp_path / "b"
    shutil.copytree(run, other)
    plan = json.loads((other / "plan.json").read_text())
    first = next(r for r in plan["routes"] if len(r["stops"]) > 1)
    moved = first["stops"].pop()
    moved["arrival"] = "15:00"
    plan["routes"].append(dict(first, vehicle="van-9", stops=[moved]))
    (other / "plan.json").write_text(json.dumps(plan))
    r = CliRunner().invoke(cli, ["diff", str(run), str(other), "--out", str(tmp_path / "d")])
    assert r.exit_code == 0, r.output
    assert f"{moved['branch']} {moved['name']}: {first['day']} {first['vehicle']}" in r.output
    assert f"-> {first['day']} van-9 15:00" in r.output
    assert f"{first['day']} {first['vehicle']}: -{moved['branch']}" in r.output
    rows = list(csv.DictReader((tmp_path / "d" / "changes.csv").open()))
    assert any(x["kind"] == "branch" and x["branch_id"] == moved["branch"] for x in rows)
    assert {x["new_van"] for x in rows if x["kind"] == "van"} == {first["vehicle"], "van-9"}


def test_diff_of_a_folder_without_a_plan_is_one_error_line(run: Path, tmp_path: Path) -> None:
    r = CliRunner().invoke(cli, ["diff", str(run), str(tmp_path)])
    assert r.exit_code == 1 and r.output.startswith("Error:") and len(r.output.strip().splitlines()) == 1
