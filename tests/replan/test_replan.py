"""``logistics-opt replan``: a day of a written run re-planned for a disruption, checked against it."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from logistics_opt.cli import cli
from logistics_opt.pipeline import check_against_run
from logistics_opt.runs import load_run
from tests.factories import FAST_CLI as FAST
from tests.factories import TINY

BROKEN = ["--day", "tue", "--without", "van-1", "--from", "08:40"]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny week, planned once: one van a day (van-1), the second van spare."""
    data = tmp_path_factory.mktemp("data") / "tiny"
    shutil.copytree(TINY, data)
    out = tmp_path_factory.mktemp("runs") / "week"
    r = CliRunner().invoke(cli, ["plan", str(data), "--out", str(out), *FAST])
    assert r.exit_code == 0, r.output
    assert any(r["day"] == "tue" and r["vehicle"] == "van-1" for r in _plan(out)["routes"])
    return out


@pytest.fixture(scope="module")
def replanned(run: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("replanned") / "tue"
    r = CliRunner().invoke(cli, ["replan", str(run), *BROKEN, "--out", str(out)])
    assert r.exit_code == 0, r.output
    return out, r.output


def _plan(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "plan.json").read_text())


def _day(plan: dict[str, Any], day: str, van: str) -> list[dict[str, Any]]:
    return next((r["stops"] for r in plan["routes"] if r["day"] == day and r["vehicle"] == van), [])


def _same(stops: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """What a frozen stop keeps: place, times, crates (the load aboard of the broken van leaves out what it brings
    back)."""
    return [(s["branch"], s["arrival"], s["departure"], s["deliver"], s["pickup"]) for s in stops]


def _moved(plan: dict[str, Any], field: str) -> Counter[str]:
    out: Counter[str] = Counter()
    for r in plan["routes"]:
        for s in r["stops"]:
            out[s["branch"]] += s[field]
    for u in plan["unassigned"]:
        out[u["branch"]] += (u.get("reason_fields") or {}).get(field, 0)
    return out


def test_replan_keeps_the_frozen_stops_and_the_broken_van_stops(run: Path, replanned: tuple[Path, str]) -> None:
    out, _ = replanned
    old, new = _plan(run), _plan(out)
    before = _day(old, "tue", "van-1")
    served = [s for s in before if s["departure"] <= "08:40"]
    assert served and len(served) < len(before)
    assert _same(_day(new, "tue", "van-1")) == _same(served)  # nothing after 08:40, the finished stops as they were
    assert CliRunner().invoke(cli, ["check", str(out)]).exit_code == 0
    assert (out / "inputs" / "disruption.toml").is_file() and (out / "inputs" / "previous_plan.json").is_file()
    assert _plan(run) == old  # the original run is untouched


def test_replan_loses_no_visit_without_a_line(run: Path, replanned: tuple[Path, str]) -> None:
    """Every crate of the week is moved or listed as not served with its crates; the branches the broken van
    left are on the phone list or still served that day."""
    out, output = replanned
    old, new = _plan(run), _plan(out)
    for field in ("deliver", "pickup", "deliver_items", "pickup_items"):
        assert _moved(new, field) == _moved(old, field), field
    left = [s["branch"] for s in _day(old, "tue", "van-1") if s["departure"] > "08:40"]
    tue = {s["branch"] for r in new["routes"] if r["day"] == "tue" for s in r["stops"]}
    for b in left:
        assert b in tue or f"  {b} " in output, b
    assert "phone list" in output and "breaks down at 08:40" in output


def test_replan_writes_the_changed_day_first_and_the_changes(replanned: tuple[Path, str]) -> None:
    out, _ = replanned
    html = (out / "route_sheets.html").read_text()
    assert html.index("<h1>Tuesday") < html.index("<h1>Monday")
    assert "Changes against the earlier plan" in html
    assert (out / "changes.csv").read_text().startswith("kind,branch_id")
    assert "tue" in json.dumps(_plan(out)["meta"]["replan"])


def _edit(out: Path, tmp_path: Path, change: Any) -> list[str]:
    copy = tmp_path / "edited"
    shutil.copytree(out, copy)
    plan = _plan(copy)
    change(plan)
    (copy / "plan.json").write_text(json.dumps(plan))
    return check_against_run(plan, load_run(copy))


def test_check_finds_a_frozen_stop_moved(replanned: tuple[Path, str], tmp_path: Path) -> None:
    out, _ = replanned

    def later(plan: dict[str, Any]) -> None:
        _day(plan, "tue", "van-1")[0]["arrival"] = "07:00"

    assert any("not kept as they were" in p for p in _edit(out, tmp_path, later))


def test_check_finds_the_broken_van_working_after_the_breakdown(replanned: tuple[Path, str], tmp_path: Path) -> None:
    out, _ = replanned

    def drive_on(plan: dict[str, Any]) -> None:
        tue = {r["vehicle"]: r for r in plan["routes"] if r["day"] == "tue"}
        spare = next(v for v in tue if v != "van-1")
        tue["van-1"]["stops"].append(tue[spare]["stops"].pop())

    assert any("broke down at 08:40 but serves" in p for p in _edit(out, tmp_path, drive_on))


def test_check_finds_postponed_crates_lost(replanned: tuple[Path, str], tmp_path: Path) -> None:
    out, _ = replanned

    def lose(plan: dict[str, Any]) -> None:
        old = json.loads((out / "inputs" / "previous_plan.json").read_text())
        grown = {
            (r["day"], s["branch"])
            for r, o in zip(plan["routes"], old["routes"])
            if r["day"] != "tue"
            for s, t in zip(r["stops"], o["stops"])
            if s["deliver"] > t["deliver"]
        }
        day, branch = sorted(grown)[0]
        for r in plan["routes"]:
            for s in r["stops"]:
                if r["day"] == day and s["branch"] == branch:
                    s["deliver"] -= 1

    assert any("moved or listed as not served" in p for p in _edit(out, tmp_path, lose))


def test_replan_a_closed_branch_and_extra_crates(run: Path, tmp_path: Path) -> None:
    out = tmp_path / "wed"
    r = CliRunner().invoke(
        cli, ["replan", str(run), "--day", "wed", "--closed", "C", "--extra", "A=3", "--out", str(out)]
    )
    assert r.exit_code == 0, r.output
    new = _plan(out)
    assert not any(s["branch"] == "C" for r in new["routes"] if r["day"] == "wed" for s in r["stops"])
    assert sum(s["pickup"] for r in new["routes"] if r["day"] == "wed" for s in r["stops"] if s["branch"] == "A") >= 3
    assert _moved(new, "pickup")["A"] == _moved(_plan(run), "pickup")["A"] + 3
    assert CliRunner().invoke(cli, ["check", str(out)]).exit_code == 0


def test_replan_from_a_time_keeps_the_running_vans_stops_before_it(run: Path, tmp_path: Path) -> None:
    """Extra crates at 08:40: the van on the road keeps the stops it reached before 08:40 as they were."""
    out = tmp_path / "extra"
    r = CliRunner().invoke(
        cli, ["replan", str(run), "--day", "tue", "--from", "08:40", "--extra", "A=2", "--out", str(out)]
    )
    assert r.exit_code == 0, r.output
    before = [s for s in _day(_plan(run), "tue", "van-1") if s["arrival"] < "08:40"]
    assert before and _same(_day(_plan(out), "tue", "van-1")[: len(before)]) == _same(before)
    assert CliRunner().invoke(cli, ["check", str(out)]).exit_code == 0

    def moved(plan: dict[str, Any]) -> None:
        _day(plan, "tue", "van-1")[0]["departure"] = "08:30"

    assert any("not kept as they were" in p for p in _edit(out, tmp_path, moved))


@pytest.mark.parametrize(
    "args,says",
    [
        (["--day", "tue", "--without", "van-7", "--from", "10:00"], "--without van-7"),
        (["--day", "sat", "--without", "van-1", "--from", "10:00"], "--day sat"),
        (["--day", "tue", "--without", "van-1", "--from", "05:00"], "outside the shift"),
        (["--day", "tue", "--without", "van-1", "--from", "25:00"], "--from"),
        (["--day", "tue", "--extra", "Z=3"], "Z: no such branch"),
    ],
    ids=["unknown_van", "day_not_in_run", "from_before_shift", "not_a_time", "unknown_branch"],
)
def test_replan_with_bad_input_is_one_error_line(run: Path, tmp_path: Path, args: list[str], says: str) -> None:
    out = tmp_path / "out"
    r = CliRunner().invoke(cli, ["replan", str(run), *args, "--out", str(out)])
    assert r.exit_code == 1, r.output
    assert r.output.startswith("Error:") and len(r.output.strip().splitlines()) == 1 and says in r.output
    assert not out.exists()


def test_replan_with_an_unknown_van_is_one_error_line(run: Path, tmp_path: Path) -> None:
    r = CliRunner().invoke(cli, ["replan", str(run), "--day", "tue", "--without", "nope", "--out", str(tmp_path / "o")])
    assert r.exit_code == 1 and r.output.count("Error:") == 1 and not (tmp_path / "o").exists()
