"""``replan`` of a run planned with master routes (``--consistent``): the breakdown may break the promise of the
visits it moves, which the phone list names; the checker holds every other visit to its van and window."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from logistics_opt.checker.disruption import moved_visits
from logistics_opt.cli import cli
from logistics_opt.pipeline import check_against_run
from logistics_opt.reports.timetable import at_branch
from logistics_opt.runs import load_run
from tests.factories import FAST_CLI as FAST
from tests.factories import TINY

BROKEN = ["--day", "tue", "--without", "van-1", "--from", "08:40"]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny week on master routes: van-1 every day, each branch promised van-1 and a window."""
    data = tmp_path_factory.mktemp("data") / "tiny"
    shutil.copytree(TINY, data)
    out = tmp_path_factory.mktemp("runs") / "steady"
    r = CliRunner().invoke(cli, ["plan", str(data), "--consistent", "--out", str(out), *FAST])
    assert r.exit_code == 0, r.output
    assert _plan(out)["consistency"]["branches"]
    return out


@pytest.fixture(scope="module")
def replanned(run: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("replanned") / "tue"
    r = CliRunner().invoke(cli, ["replan", str(run), *BROKEN, "--out", str(out)])
    assert r.exit_code == 0, r.output
    return out, r.output


def _plan(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "plan.json").read_text())


def _stops(plan: dict[str, Any], day: str) -> dict[str, tuple[str, dict[str, Any]]]:
    return {s["branch"]: (r["vehicle"], s) for r in plan["routes"] if r["day"] == day for s in r["stops"]}


def _edit(
    out: Path, tmp_path: Path, change: Callable[[dict[str, Any]], None], keep_disruption: bool = True
) -> list[str]:
    copy = tmp_path / "edited"
    shutil.copytree(out, copy)
    plan = _plan(copy)
    change(plan)
    (copy / "plan.json").write_text(json.dumps(plan))
    if not keep_disruption:
        (copy / "inputs" / "disruption.toml").unlink()
    return check_against_run(plan, load_run(copy))


def _moved(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The branches the broken van left on Tuesday that another van serves there now."""
    before, after = _stops(old, "tue"), _stops(new, "tue")
    return sorted(b for b, (van, _) in after.items() if before[b][0] == "van-1" and van != "van-1")


def test_replan_of_a_consistent_run_is_checked_and_calls_the_moved_branches(
    run: Path, replanned: tuple[Path, str]
) -> None:
    out, output = replanned
    moved = _moved(_plan(run), _plan(out))
    assert moved  # another van took the broken van's stops: their promised van is broken
    assert CliRunner().invoke(cli, ["check", str(out)]).exit_code == 0
    calls = output.split("phone list", 1)[1]
    assert "off its promised van or window" in calls
    for b in moved:
        assert f"  {b} " in calls  # each moved visit whose promise broke is on the phone list
    assert _plan(out)["consistency"] == _plan(run)["consistency"]  # the promises are the run's


def test_check_rejects_the_moved_visits_without_the_disruption(replanned: tuple[Path, str], tmp_path: Path) -> None:
    """The same plan checked as an ordinary run breaks the promises: only the disruption excuses them."""
    out, _ = replanned
    problems = _edit(out, tmp_path, lambda plan: None, keep_disruption=False)
    assert any(p.startswith("consistency:") for p in problems)


def test_check_excuses_only_the_visits_the_breakdown_moved(run: Path, replanned: tuple[Path, str]) -> None:
    """The visits excused from their promise are exactly the broken van's stops it left on Tuesday: not the stop
    it served before 08:40, not another day."""
    out, _ = replanned
    old, new = _plan(run), _plan(out)
    left = {b for b, (van, s) in _stops(old, "tue").items() if van == "van-1" and s["departure"] > "08:40"}
    moved = moved_visits(new, old, "tue", left)
    assert left and moved.visits == {(b, "tue") for b in left} and moved.unwaited == moved.visits


def test_check_holds_the_moved_branches_to_their_promise_on_other_days(
    run: Path, replanned: tuple[Path, str], tmp_path: Path
) -> None:
    """A branch moved on Tuesday keeps its promise on its other days: promised the van that took it on Tuesday,
    its other days' van is found."""
    out, _ = replanned
    branch = _moved(_plan(run), _plan(out))[0]
    spare = _stops(_plan(out), "tue")[branch][0]

    def promised_the_spare(plan: dict[str, Any]) -> None:
        plan["consistency"]["branches"][branch]["van"] = spare

    problems = _edit(out, tmp_path, promised_the_spare)
    assert f"consistency: {branch}: served by van-1, promised {spare} on every day" in problems


def test_replan_of_a_consistent_run_waits_for_the_promised_window(run: Path, tmp_path: Path) -> None:
    """A branch shut on Wednesday: the van reaches the next branches early and waits for their windows, so they
    keep their times and only the shut branch is on the phone list."""
    out = tmp_path / "wed"
    first = _plan(run)
    shut = next(s["branch"] for r in first["routes"] if r["day"] == "wed" for s in r["stops"])
    r = CliRunner().invoke(cli, ["replan", str(run), "--day", "wed", "--closed", shut, "--out", str(out)])
    assert r.exit_code == 0, r.output
    before, after = _stops(first, "wed"), _stops(_plan(out), "wed")
    assert set(after) == set(before) - {shut}
    assert any(s["wait_min"] > 0 for _, s in after.values())  # early at a door: it waits
    assert all(at_branch(s) == at_branch(before[b][1]) for b, (_, s) in after.items())
    calls = r.output.split("phone list", 1)[1].strip().splitlines()[1:]
    assert [c.split()[0] for c in calls] == [shut]
    assert CliRunner().invoke(cli, ["check", str(out)]).exit_code == 0
