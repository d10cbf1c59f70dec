"""Input paths the other tests leave out: Excel time cells (as Excel stores a typed 09:00), requests.xlsx,
and the accumulation rule's "ties to the earlier day", in volumes and in the checker's own reading of it."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from logistics_opt.checker import expected_visits
from logistics_opt.cli import cli
from logistics_opt.data.cells import parse_number, read_table
from logistics_opt.data.model import Branch, Network, Request, Settings, VehicleType
from logistics_opt.data.read import load_network
from logistics_opt.volumes import apportion, visits


def to_xlsx(csv_path: Path, cells: dict[tuple[int, str], object]) -> Path:
    """csv_path as NAME.xlsx (the CSV removed): numbers as numbers, and ``cells`` (row number as a spreadsheet
    counts it, column name) set to the given Python values, as Excel would store them."""
    table = read_table(csv_path, ())
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(table.columns)
    for row in table.rows:
        values: list[object] = []
        for c in table.columns:
            v = row.cells.get(c, "")
            x = parse_number(v)
            values.append(v or None if x is None else int(x) if x.is_integer() else x)
        ws.append(values)
    for (r, c), value in cells.items():
        cell = ws.cell(row=r, column=table.columns.index(c) + 1, value=value)
        if isinstance(value, dt.datetime) and value.year > 1900:
            cell.number_format = "yyyy-mm-dd hh:mm"  # a date and time, as pandas writes a datetime column
        elif not isinstance(value, str):
            cell.number_format = "hh:mm"  # how Excel shows a typed time
    out = csv_path.with_suffix(".xlsx")
    wb.save(out)
    csv_path.unlink()
    return out


def test_excel_time_cells_read_as_clock_times(tiny_dir: Path) -> None:
    """Opening hours and shifts typed into Excel are time cells, not text: a time (09:30), a date-time on
    Excel's day zero (12:00), a day fraction with a time format (0.75 = 18:00) and a full date and time
    (2024-01-01 16:15, a shift end) all read as HH:MM."""
    ref = tiny_dir.parent / "ref"
    shutil.copytree(tiny_dir, ref)
    # The same hours as text in the CSV copy: A open 09:30-18:00, B open 08:00-12:00; vans 07:45-16:15.
    b = ref / "branches.csv"
    lines = b.read_text().splitlines()
    lines[2] = lines[2].replace(",,,,,20", ",,,09:30,18:00,20")
    lines[3] = lines[3].replace(",,,,,10", ",,,08:00,12:00,10")
    b.write_text("\n".join(lines) + "\n")
    f = ref / "fleet.csv"
    f.write_text(f.read_text().replace("08:00,16:00", "07:45,16:15"))
    to_xlsx(
        tiny_dir / "branches.csv",
        {
            (3, "open"): dt.time(9, 30),
            (3, "close"): 0.75,
            (4, "open"): dt.time(8, 0),
            (4, "close"): dt.datetime(1899, 12, 30, 12, 0),
        },
    )
    to_xlsx(
        tiny_dir / "fleet.csv", {(2, "shift_start"): dt.time(7, 45), (2, "shift_end"): dt.datetime(2024, 1, 1, 16, 15)}
    )
    excel, text = load_network(tiny_dir), load_network(ref)
    assert excel.branches == text.branches and excel.fleet == text.fleet
    a, bb = excel.branch("A"), excel.branch("B")
    assert (a.open_min, a.close_min, bb.open_min, bb.close_min) == (570, 1080, 480, 720)
    assert (excel.fleet[0].shift_start_min, excel.fleet[0].shift_end_min) == (465, 975)


def test_requests_xlsx(tiny_dir: Path) -> None:
    """requests.xlsx stands in for requests.csv: the same requests, the same weekly volumes."""
    text = load_network(tiny_dir)
    to_xlsx(tiny_dir / "requests.csv", {})
    assert not (tiny_dir / "requests.csv").exists()
    excel = load_network(tiny_dir)
    assert excel.requests == text.requests and excel.weekly_items() == text.weekly_items()
    r = CliRunner().invoke(cli, ["validate", str(tiny_dir)])
    # collected: A 70 + 50, B 35, C 20, D 7, E 10 = 192; delivered: A 35 + 10 + 40, B 70, C 50, D 20, E 5 = 230
    assert r.exit_code == 0 and "requests: 8 rows, 192 items a week collected, 230 delivered" in r.output, r.output


def test_a_bad_excel_time_is_located(tiny_dir: Path) -> None:
    """A shift end typed as text in Excel: one Error line naming the workbook, row and column."""
    to_xlsx(tiny_dir / "fleet.csv", {(2, "shift_end"): "late"})
    r = CliRunner().invoke(cli, ["validate", str(tiny_dir)])
    assert r.exit_code == 1
    assert r.output.strip() == (
        "Error: fleet.xlsx, row 2, column shift_end: 'late' is not a time of day (expected HH:MM, 00:00-24:00)"
    )


# ---------------------------------------------------------------- ties to the earlier day
WD = ("mon", "tue", "wed", "thu", "fri")


def one_branch(days: tuple[str, ...], sent: int, received: int, working_days: tuple[str, ...] = WD) -> Network:
    return Network(
        (Branch("H", "Hub", "", "", 52.0, 5.0, "hub"), Branch("X", "X", "O", "", 52.1, 5.1, "branch", days=days)),
        (Request("X", "H", sent), Request("H", "X", received)),
        (VehicleType("van", 1, 20, 0.4, 30, 40, 259, 480, 960, "H"),),
        Settings(items_per_crate=2, working_days=working_days),
    )


@pytest.mark.parametrize(
    "days,total,want",
    [
        # Mon/Wed/Fri: gaps 1, 2, 2 working days. 1 item: exact 0.2, 0.4, 0.4 -> the tie goes to Wednesday.
        (("mon", "wed", "fri"), 1, (0, 1, 0)),
        # 6 items: exact 1.2, 2.4, 2.4 -> whole 1, 2, 2 and the one left to Wednesday, the earlier of the tie.
        (("mon", "wed", "fri"), 6, (1, 3, 2)),
        # Daily: 3 items, 0.6 each -> Monday, Tuesday, Wednesday.
        (WD, 3, (1, 1, 1, 0, 0)),
        # Daily: 7 items, 1.4 each -> 1 each and the 2 left to Monday and Tuesday.
        (WD, 7, (2, 2, 1, 1, 1)),
    ],
)
def test_ties_go_to_the_earlier_day(days: tuple[str, ...], total: int, want: tuple[int, ...]) -> None:
    """The largest-remainder split breaks ties towards the earlier visit day, in volumes and in the checker."""
    assert tuple(v.deliver_items for v in visits(days, 0, total, WD, 2)) == want
    assert tuple(v.pickup_items for v in visits(days, total, 0, WD, 2)) == want
    got = expected_visits(one_branch(days, total, total), {"X": list(days)})
    assert tuple(got[("X", d)]["deliver_items"] for d in days) == want
    assert tuple(got[("X", d)]["pickup_items"] for d in days) == want
    # crates follow the items: a part-filled crate is a crate (2 items a crate)
    assert tuple(got[("X", d)]["deliver"] for d in days) == tuple((w + 1) // 2 for w in want)


def test_ties_in_a_tuesday_to_saturday_week() -> None:
    """The earlier day is the earlier working day of the data's own week: Tue-Sat daily, 2 items -> Tue, Wed."""
    tue_sat = ("tue", "wed", "thu", "fri", "sat")
    vs = visits(tue_sat, 2, 0, tue_sat, 2)
    assert [(v.day, v.pickup_items) for v in vs] == [("tue", 1), ("wed", 1), ("thu", 0), ("fri", 0), ("sat", 0)]
    got = expected_visits(one_branch(tue_sat, 2, 0, tue_sat), {"X": list(tue_sat)})
    assert [got[("X", d)]["pickup_items"] for d in tue_sat] == [1, 1, 0, 0, 0]


def test_apportion_ties_to_the_first() -> None:
    """apportion itself: equal remainders go to the first weights in order."""
    assert apportion(2, [1, 1, 1]) == [1, 1, 0]
    assert apportion(1, [2, 1, 2]) == [1, 0, 0]  # 0.4, 0.2, 0.4: the first of the two 0.4s


WEEKS = [WD, ("mon", "tue", "wed", "thu", "fri", "sat"), ("tue", "wed", "thu", "fri", "sat")]


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(WEEKS).flatmap(
        lambda wd: st.tuples(
            st.just(wd),
            st.sets(st.sampled_from(wd), min_size=1),
            st.integers(0, 200),
            st.integers(0, 200),
            st.sampled_from([1, 2, 35]),
        )
    )
)
def test_volumes_and_the_checker_split_alike(case: tuple) -> None:
    """The planner's split (volumes) and the checker's independent one agree on every visit, ties included."""
    wd, day_set, sent, received, per_crate = case
    days = tuple(d for d in wd if d in day_set)
    net = one_branch(days, sent, received, wd)
    net = net.with_changes(settings=replace(net.settings, items_per_crate=per_crate))
    got = expected_visits(net, {"X": list(days)})
    for v in visits(days, sent, received, wd, per_crate):
        assert got[("X", v.day)] == {
            "deliver_items": v.deliver_items,
            "pickup_items": v.pickup_items,
            "deliver": v.deliver_crates,
            "pickup": v.pickup_crates,
        }
