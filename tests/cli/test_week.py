"""``plan --week YYYY-Www``: the week's dates on the reports, its Dutch public holidays out of the working days."""

from __future__ import annotations

import json
from pathlib import Path

import gpxpy
import pytest
from click.testing import CliRunner

from logistics_opt.calendar_week import WeekError, parse_week, plan_week, utc_time, without_days
from logistics_opt.cli import cli
from logistics_opt.data.read import load_network
from tests.factories import FAST_CLI as FAST


def test_whit_monday_2026_is_dropped_from_the_working_days() -> None:
    """2026-W22 starts on Whit Monday (25 May 2026), a Dutch public holiday; the rest of the week is worked."""
    dates, dropped = plan_week("2026-W22", ("mon", "tue", "wed", "thu", "fri"))
    assert dates["mon"] == "2026-05-25" and dates["sun"] == "2026-05-31"
    assert [(d.day, d.date) for d in dropped] == [("mon", "2026-05-25")]
    assert "Monday" in dropped[0].holiday
    assert plan_week("2026-W23", ("mon", "tue", "wed", "thu", "fri"))[1] == []


def test_a_holiday_outside_the_working_days_drops_nothing() -> None:
    """Whit Sunday (24 May 2026) is in week 21 but not a working day."""
    assert plan_week("2026-W21", ("mon", "tue", "wed", "thu", "fri"))[1] == []


@pytest.mark.parametrize("bad", ["2026-22", "2026-W60", "2021-W53", "W22", ""])
def test_a_week_that_is_not_an_iso_week_is_an_error(bad: str) -> None:
    with pytest.raises(WeekError):
        parse_week(bad)


def test_gpx_times_are_utc_from_amsterdam() -> None:
    """Summer time is UTC+2, winter time UTC+1."""
    assert utc_time("2026-05-26", "08:00") == "2026-05-26T06:00:00Z"
    assert utc_time("2026-01-06", "08:00") == "2026-01-06T07:00:00Z"


def test_fixed_days_on_a_holiday_move_to_the_next_working_day(tiny_dir: Path) -> None:
    """D is visited tue+fri: without Tuesday it keeps Friday; E's two visits a week still fit in four days."""
    net = without_days(load_network(tiny_dir), ["tue"])
    assert net.settings.working_days == ("mon", "wed", "thu", "fri")
    assert net.branch("D").days == ("fri",)
    only_wednesday = without_days(net.with_changes(branches=tuple(_wednesday_only(b) for b in net.branches)), ["wed"])
    assert only_wednesday.branch("D").days == ("thu",)


def _wednesday_only(b):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    return replace(b, days=("wed",)) if b.id == "D" else b


def test_plan_week_drops_whit_monday_says_so_and_dates_the_reports(tiny_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = CliRunner().invoke(cli, ["plan", str(tiny_dir), "--out", str(out), "--week", "2026-W22", *FAST])
    assert r.exit_code == 0, r.output
    assert "mon 2026-05-25 dropped from the working days" in r.output and "public holiday" in r.output
    plan = json.loads((out / "plan.json").read_text())
    assert plan["working_days"] == ["tue", "wed", "thu", "fri"]
    assert plan["meta"]["week"]["week"] == "2026-W22"
    assert not any(r["day"] == "mon" for r in plan["routes"])
    assert CliRunner().invoke(cli, ["check", str(out)]).exit_code == 0
    assert "Tuesday 2026-05-26" in (out / "route_sheets.html").read_text()
    assert "Tuesday 2026-05-26" in (out / "timetable.html").read_text()
    gpx = gpxpy.parse((out / "routes.gpx").read_text())
    first = plan["routes"][0]
    start = gpx.routes[0].points[0].time
    assert start is not None and start.utcoffset().total_seconds() == 0
    hh, mm = (int(x) for x in first["start"].split(":"))
    assert (start.hour, start.minute) == (hh - 2, mm)  # CEST in May
    times = [p.time for rte in gpx.routes for p in rte.points]
    assert all(t is not None for t in times)


def test_plan_without_week_has_no_times_in_the_gpx(tiny_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["plan", str(tiny_dir), "--out", str(out), *FAST]).exit_code == 0
    assert "<time>" not in (out / "routes.gpx").read_text()
    assert "week" not in json.loads((out / "plan.json").read_text())["meta"]


def test_plan_with_a_bad_week_is_one_error_line(tiny_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = CliRunner().invoke(cli, ["plan", str(tiny_dir), "--out", str(out), "--week", "2026-22", *FAST])
    assert r.exit_code == 1 and r.output.startswith("Error:") and len(r.output.strip().splitlines()) == 1
    assert not out.exists()
