"""timetable.csv, the workbook's Timetable sheet and timetable.html on a plan small enough to check by hand.

The plan (tests/data/tiny): A at 10:00 on Monday and 10:07 on Tuesday (two vans); B at 08:10 on
Monday and 09:50 on Wednesday; C once, at 10:00; D arrives at 08:40 and waits 20 minutes for
opening (at the branch from 09:00); E's Wednesday visit is not served. Organisations: A and B are
Org One, C, D and E Org Two.
"""

from __future__ import annotations

import base64
import csv
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from logistics_opt.data.read import load_network
from logistics_opt.reports.route_sheets_xlsx import write_route_sheets_xlsx
from logistics_opt.reports.timetable import (
    WindowRules,
    day_window,
    timetable_rows,
    week_window,
    write_timetable_csv,
)
from logistics_opt.reports.timetable_html import timetable_html, write_timetable_html
from tests.reports.chromium import Browser
from tests.reports.test_map_html import TINY, needs_chromium, route, stop
from tests.reports.test_print_layout import printed


def plan() -> dict[str, Any]:
    d = stop("D", "08:40", 1, 1, 1) | {"departure": "09:10", "wait_min": 20.0}
    return {
        "routes": [
            route("mon", "van-1", [stop("B", "08:10", 1, 1, 1), stop("A", "10:00", 2, 1, 2)]),
            route("mon", "van-2", [stop("C", "10:00", 1, 1, 1)]),
            route("tue", "van-2", [d, stop("A", "10:07", 2, 2, 2)]),
            route("wed", "van-1", [stop("B", "09:50", 1, 1, 1)]),
        ],
        "unassigned": [{"branch": "E", "day": "wed", "reason": "the day's vans are full"}],
        "working_days": ["mon", "tue", "wed", "thu", "fri"],
        "meta": {},
    }


def run_folder(tmp_path: Path, inputs: Path = TINY, lang: str | None = None) -> Path:
    folder = tmp_path / "run"
    shutil.copytree(inputs, folder / "inputs")
    p = plan()
    if lang:
        p["meta"]["language"] = lang
    write_timetable_csv(p, folder)
    write_timetable_html(p, folder)
    write_route_sheets_xlsx(p, folder)
    return folder


def at(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


@pytest.mark.parametrize(
    ("times", "window"),
    [
        (["10:00"], ("09:45", "10:15")),  # nothing to round: widened a quarter each side
        (["10:07"], ("10:00", "10:30")),  # 10:00-10:15 rounded, the odd quarter goes to the end
        (["10:00", "10:07"], ("10:00", "10:30")),
        (["08:10", "09:50"], ("08:00", "10:00")),  # wide enough: only rounded outward
        (["08:14", "08:46"], ("08:00", "09:00")),
        (["00:05"], ("00:00", "00:30")),  # never before midnight
    ],
)
def test_week_window_rounds_out_to_the_quarter_and_is_at_least_30_minutes(
    times: list[str], window: tuple[str, str]
) -> None:
    assert week_window([at(t) for t in times]) == (at(window[0]), at(window[1]))


def test_window_rules_are_settings() -> None:
    """Half hours and a one-hour minimum: 10:07 becomes 10:00-11:00."""
    assert week_window([at("10:07")], WindowRules(step_min=30, min_width_min=60)) == (at("10:00"), at("11:00"))


def test_day_window_is_cut_by_the_days_hours_but_keeps_its_own_visit() -> None:
    week = (at("08:00"), at("10:00"))
    assert day_window(week, (None, None), [at("09:50")]) == week
    assert day_window(week, (at("09:30"), None), [at("09:50")]) == (at("09:30"), at("10:00"))
    assert day_window(week, (None, at("09:55")), [at("09:50")]) == (at("08:00"), at("09:55"))
    # hours that disagree with the plan never hide the day's own visit
    assert day_window(week, (at("09:00"), None), [at("08:10")]) == (at("08:10"), at("10:00"))


def test_timetable_csv_rows(tmp_path: Path) -> None:
    """One row per branch per day visited, by organisation and branch; one window a week per branch;
    D counts from opening (arrival + wait); E's unserved visit keeps its row without a window."""
    with open(run_folder(tmp_path) / "timetable.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows == [
        ["branch_id", "branch_name", "organisation", "town", "weekday", "van", "from", "to"],
        ["A", "Branch A", "Org One", "Utrecht", "mon", "van-1", "10:00", "10:30"],
        ["A", "Branch A", "Org One", "Utrecht", "tue", "van-2", "10:00", "10:30"],
        ["B", "Branch B", "Org One", "Zeist", "mon", "van-1", "08:00", "10:00"],
        ["B", "Branch B", "Org One", "Zeist", "wed", "van-1", "08:00", "10:00"],
        ["C", "Branch C", "Org Two", "Houten", "mon", "van-2", "09:45", "10:15"],
        ["D", "Point D", "Org Two", "Doorn", "tue", "van-2", "08:45", "09:15"],
        ["E", "Point E", "Org Two", "Nieuwegein", "wed", "UNASSIGNED", "", ""],
    ]


def test_opening_hours_narrow_a_days_window(tmp_path: Path) -> None:
    """Per-day hours (as a later hours.csv gives them) cut only that day; a branch's own open/close
    from branches.csv cut every day."""
    net = load_network(TINY)

    def hours(branch: str, day: str) -> tuple[float | None, float | None]:
        return (at("09:30"), None) if (branch, day) == ("B", "wed") else (None, None)

    b_rows = {r.day: (r.start, r.end) for r in timetable_rows(plan(), net, hours) if r.branch == "B"}
    assert b_rows == {"mon": (at("08:00"), at("10:00")), "wed": (at("09:30"), at("10:00"))}
    inputs = tmp_path / "inputs"
    shutil.copytree(TINY, inputs)
    text = (inputs / "branches.csv").read_text(encoding="utf-8")
    (inputs / "branches.csv").write_text(text.replace("B,Branch B,Org One,Zeist,52.0900,5.2333,branch,,,,,,10",
                                                      "B,Branch B,Org One,Zeist,52.0900,5.2333,branch,,,,,09:55,10"),
                                         encoding="utf-8")  # fmt: skip
    b_rows = {r.day: (r.start, r.end) for r in timetable_rows(plan(), load_network(inputs)) if r.branch == "B"}
    assert b_rows == {"mon": (at("08:00"), at("09:55")), "wed": (at("08:00"), at("09:55"))}


def test_workbook_sheet_has_the_csv_rows_in_the_plans_language(tmp_path: Path) -> None:
    en = openpyxl.load_workbook(run_folder(tmp_path / "en") / "route_sheets.xlsx")["Timetable"]
    rows = [list(r) for r in en.iter_rows(min_row=3, values_only=True)]
    assert rows[0] == ["Branch", "Name", "Organisation", "Town", "Day", "Van", "From", "To"]
    assert rows[1] == ["A", "Branch A", "Org One", "Utrecht", "Monday", "van-1", "10:00", "10:30"]
    assert rows[-1] == ["E", "Point E", "Org Two", "Nieuwegein", "Wednesday", "NOT SERVED", None, None]
    assert len(rows) == 1 + 7
    nl = openpyxl.load_workbook(run_folder(tmp_path / "nl", lang="nl") / "route_sheets.xlsx")["Dienstregeling"]
    rows = [list(r) for r in nl.iter_rows(min_row=3, values_only=True)]
    assert rows[0][4:] == ["Dag", "Bus", "Van", "Tot"] and rows[4][4] == "woensdag"


def test_html_page_per_organisation() -> None:
    """A section per organisation with its branches and a cell per working day; escaped; Dutch labels."""
    p = plan()
    page = timetable_html(p, load_network(TINY))
    assert page.count('<section class="org">') == 2
    assert "Timetable: Org One" in page and "Monday, Tuesday, Wednesday, Thursday and Friday" in page
    assert "10:00\u2013<wbr>10:30" in page and "NOT SERVED" in page
    assert "at least 30 minutes wide" in page
    p["routes"][0]["stops"][0]["name"] = "<b>x</b>"
    dutch = timetable_html(p, load_network(TINY), lang="nl")
    assert "Dienstregeling: Org Two" in dutch and "maandag, dinsdag, woensdag, donderdag en vrijdag" in dutch
    assert "<b>x</b>" not in dutch


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with Browser() as b:
        yield b


@needs_chromium
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_html_prints_one_a4_page_per_organisation(tmp_path: Path, browser: Browser, lang: str) -> None:
    """Printed from headless Chromium: A4 portrait (595 x 842 pt), one page per organisation, no
    window split over two lines, no table wider than the page, no console error."""
    page = printed(browser, run_folder(tmp_path, lang=lang) / "timetable.html", 210 - 2 * 12)
    pdf = base64.b64decode(browser.call("Page.printToPDF", {"preferCSSPageSize": True}, page.session)["data"])
    pages = re.findall(rb"/Type\s*/Page\b", pdf)
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert box and float(box.group(1)) == pytest.approx(595, abs=2) and float(box.group(2)) == pytest.approx(842, abs=2)
    assert len(pages) == 2
    split = page.js(
        "[...document.querySelectorAll('td.day .time')]"
        ".filter(e => new Set([...e.getClientRects()].map(r => r.top)).size !== 1).length"
    )
    too_wide = page.js("[...document.querySelectorAll('table')].filter(t => t.scrollWidth > t.clientWidth).length")
    assert split == 0 and too_wide == 0
    assert page.console_errors() == []


def test_no_visits_is_one_page_saying_so() -> None:
    p = plan() | {"routes": [], "unassigned": []}
    page = timetable_html(p, load_network(TINY))
    assert page.count('<section class="org">') == 1 and "No branch visits in this plan" in page
