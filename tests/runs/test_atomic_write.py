"""Atomic run folders where it matters: a write that fails partway through ``write_run``, Ctrl-C while
writing, and a plan the checker rejects. The earlier run folder stays byte for byte as it was, and no
temporary folder (``.NAME.tmp-*``) or set-aside folder (``.NAME.old-*``) is left behind."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import logistics_opt.pipeline as pipeline
from logistics_opt.cli import cli
from logistics_opt.data.read import load_network
from logistics_opt.errors import PlanCheckError
from logistics_opt.pipeline import RunOptions, make_plan, run_plan
from logistics_opt.plan import Plan
from logistics_opt.reports import registry
from logistics_opt.reports.maps import write_geojson
from logistics_opt.reports.registry import write_run
from logistics_opt.reports.route_sheets_html import write_route_sheets
from logistics_opt.reports.tables import write_route_sheet_csv, write_summary_csv
from tests.factories import TINY

FAST = ["--time-limit", "600", "--solution-limit", "20", "--silent", "-j", "1"]
OPTS = RunOptions(time_limit_s=600, solution_limit=20, workers=1, use_cache=False)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return make_plan(load_network(TINY), OPTS)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path, with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def writers(monkeypatch: pytest.MonkeyPatch, *extra: Any) -> None:
    """The run folder's reports: the CSVs, the GeoJSON, then ``extra`` (the maps take seconds; not the point)."""
    monkeypatch.setattr(
        registry, "report_writers", lambda: [write_route_sheet_csv, write_summary_csv, write_geojson, *extra]
    )


@pytest.fixture
def earlier(tmp_path: Path, plan: Plan, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, dict[str, bytes]]:
    """A finished run folder ``tmp_path/run`` and its contents."""
    out = tmp_path / "run"
    writers(monkeypatch)
    write_run(plan, TINY, out)
    before = snapshot(out)
    assert {"plan.json", "route_sheet.csv", "summary.csv", "routes.geojson", "inputs/branches.csv"} <= set(before)
    return out, before


def failing_writer(exc: BaseException, seen: list[set[str]]) -> Any:
    """A report writer that writes a file, notes what the temporary folder holds, then raises."""

    def write(plan: dict[str, Any], folder: Path) -> None:
        (folder / "half_written.html").write_text("<html>", encoding="utf-8")
        seen.append(set(snapshot(folder)))
        raise exc

    return write


def assert_untouched(out: Path, before: dict[str, bytes]) -> None:
    assert snapshot(out) == before
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".")] == []


def test_a_writer_that_fails_partway_leaves_the_earlier_run(earlier, plan: Plan, monkeypatch) -> None:
    """The disk fills up while the reports are written: plan.json, the CSVs, inputs/ and route_sheets.html
    were already in the temporary folder; the earlier run is as it was and the temporary folder is gone."""
    out, before = earlier
    seen: list[set[str]] = []
    disk_full = OSError(errno.ENOSPC, "No space left on device")
    writers(monkeypatch, write_route_sheets, failing_writer(disk_full, seen))
    with pytest.raises(OSError, match="No space left"):
        write_run(plan, TINY, out)
    assert (
        seen
        and {
            "plan.json",
            "route_sheet.csv",
            "summary.csv",
            "route_sheets.html",
            "half_written.html",
            "inputs/fleet.csv",
        }
        <= seen[0]
    )
    assert_untouched(out, before)


def test_a_failure_before_any_report_leaves_no_run_folder(tmp_path: Path, plan: Plan, monkeypatch) -> None:
    """Without an earlier run, a failed write leaves nothing at all (not an empty or partial folder)."""
    seen: list[set[str]] = []
    monkeypatch.setattr(registry, "report_writers", lambda: [failing_writer(RuntimeError("boom"), seen)])
    with pytest.raises(RuntimeError):
        write_run(plan, TINY, tmp_path / "run")
    assert seen and list(tmp_path.iterdir()) == []


def test_ctrl_c_while_writing_the_reports(earlier, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C after the plan is solved and half the run folder is written: exit 130, earlier run intact."""
    out, before = earlier
    seen: list[set[str]] = []
    writers(monkeypatch, failing_writer(KeyboardInterrupt(), seen))
    r = CliRunner().invoke(cli, ["plan", str(TINY), "--out", str(out), *FAST])
    assert r.exit_code == 130, r.output
    assert "Interrupted: nothing was written" in r.output and "Traceback" not in r.output
    assert seen and "routes.geojson" in seen[0]
    assert_untouched(out, before)


def test_a_failed_write_is_one_error_line(earlier, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI reports a write that fails partway as one Error line, exit 1, and keeps the earlier run."""
    out, before = earlier
    seen: list[set[str]] = []
    writers(monkeypatch, failing_writer(OSError(errno.ENOSPC, "No space left on device"), seen))
    r = CliRunner().invoke(cli, ["plan", str(TINY), "--out", str(out), *FAST])
    lines = r.output.strip().splitlines()
    assert r.exit_code == 1 and len(lines) == 1 and lines[0].startswith("Error: "), r.output
    assert "No space left on device" in lines[0], lines[0]
    assert seen
    assert_untouched(out, before)


def test_a_plan_the_checker_rejects_is_never_written(earlier, monkeypatch: pytest.MonkeyPatch) -> None:
    """The checker finds a fault: PlanCheckError, one Error line naming it, exit 1; nothing written."""
    out, before = earlier
    calls: list[dict[str, Any]] = []

    def reject(plan: dict[str, Any], *args: Any, **kwargs: Any) -> list[str]:
        calls.append(plan)
        return [
            "route 1 (mon van-1): distance 12.0 km, recomputed 13.000",
            "summary distance_km = 1, routes add up to 2",
        ]

    monkeypatch.setattr(pipeline, "check_plan", reject)
    with pytest.raises(PlanCheckError, match=r"rejected the plan: route 1 \(mon van-1\): distance 12.0 km"):
        run_plan(TINY, out, OPTS)
    assert len(calls) == 1 and calls[0]["routes"]
    assert_untouched(out, before)

    r = CliRunner().invoke(cli, ["plan", str(TINY), "--out", str(out), *FAST])
    assert r.exit_code == 1, r.output
    assert r.output.strip().splitlines() == [
        "Error: the plan checker rejected the plan: route 1 (mon van-1): distance 12.0 km, recomputed 13.000 "
        "(and 1 more)"
    ]
    assert_untouched(out, before)


def test_the_plan_written_is_the_plan_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every plan goes through the checker, and what is written is what was checked."""
    checked: list[dict[str, Any]] = []
    real = pipeline.check_plan

    def spy(plan: dict[str, Any], *args: Any, **kwargs: Any) -> list[str]:
        checked.append(plan)
        return real(plan, *args, **kwargs)

    monkeypatch.setattr(pipeline, "check_plan", spy)
    writers(monkeypatch)
    r = CliRunner().invoke(cli, ["plan", str(TINY), "--out", str(tmp_path / "run"), *FAST])
    assert r.exit_code == 0, r.output
    import json

    written = json.loads((tmp_path / "run" / "plan.json").read_text(encoding="utf-8"))
    assert len(checked) == 1
    assert {k: written[k] for k in ("routes", "unassigned", "schedule", "summary")} == {
        k: checked[0][k] for k in ("routes", "unassigned", "schedule", "summary")
    }
