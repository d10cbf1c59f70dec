"""route_sheets.xlsx: a week overview, a sheet per van per day, the calendar; print setup; languages."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl

from logistics_opt.reports.route_sheets_xlsx import write_route_sheets_xlsx
from tests.reports.test_map_html import TINY, plan


def workbook(tmp_path: Path, lang: str | None = None, meta_lang: str | None = None) -> openpyxl.Workbook:
    p = plan(name="Branch A")
    p["routes"][0]["break_after_stop"], p["routes"][0]["break_min"] = 1, 30.0
    p["unassigned"] = [{"branch": "E", "day": "tue", "reason": "no van left"}]
    p["schedule"] = {"E": ["tue"]}
    if meta_lang:
        p["meta"]["language"] = meta_lang
    shutil.copytree(TINY, tmp_path / "inputs", dirs_exist_ok=True)
    write_route_sheets_xlsx(p, tmp_path, lang)
    return openpyxl.load_workbook(tmp_path / "route_sheets.xlsx")


def values(ws: openpyxl.worksheet.worksheet.Worksheet) -> list[list[object]]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_sheets_and_rows(tmp_path: Path) -> None:
    """One sheet per van per day between the week overview and the calendar; a van's sheet runs
    hub -> stops -> hub with crates, load aboard and the break note."""
    wb = workbook(tmp_path)
    assert wb.sheetnames == ["Week overview", "Mon van-1", "Mon van-2", "Tue van-1", "Calendar", "Timetable"]
    rows = values(wb["Mon van-1"])
    assert rows[0][0] == "Monday: van-1"
    assert rows[3][:9] == [
        "#",
        "branch",
        "name",
        "town",
        "arrive",
        "depart",
        "crates to drop",
        "crates to collect",
        "load aboard",
    ]
    assert rows[4][0] == 0 and rows[4][8] == 5 and rows[4][9] == "load 5 crates"
    assert rows[5][:9] == [1, "A", "Branch A", "Town", "08:10", "08:10", 3, 2, 4]
    assert "30 min break after this stop" in rows[5][9]
    assert rows[7][0] == 3 and rows[7][4] == "12:00" and rows[7][9] == "unload 3 crates"
    week = values(wb["Week overview"])
    total = next(r for r in week if r[0] == "week")
    assert total[5:8] == [4, 150.0, 12.0]
    assert any(r[0] == "E on Tuesday: no van left" for r in week)
    cal = {r[0]: r for r in values(wb["Calendar"])[3:]}
    assert cal["A"][3:5] == ["van-1", None] and cal["E"][4] == "NOT SERVED"


def test_print_setup(tmp_path: Path) -> None:
    """Every sheet prints on A4 fitted to the page width, with header, page footer and title rows repeated."""
    wb = workbook(tmp_path)
    for ws in wb.worksheets:
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == 0
        assert ws.print_title_rows and ws.print_title_rows.startswith("$1:")
        assert ws.oddFooter.right.text == "Page &P of &N" and ws.oddHeader.center.text
    assert wb["Mon van-1"].print_title_rows == "$1:$4" and wb["Mon van-1"].page_setup.orientation == "portrait"


def test_dutch(tmp_path: Path) -> None:
    """--lang nl (or the plan's language) gives Dutch sheet names, headings, columns and notes."""
    for wb in (workbook(tmp_path / "a", lang="nl"), workbook(tmp_path / "b", meta_lang="nl")):
        assert wb.sheetnames == ["Weekoverzicht", "ma van-1", "ma van-2", "di van-1", "Kalender", "Dienstregeling"]
        rows = values(wb["ma van-1"])
        assert rows[0][0] == "maandag: van-1"
        assert rows[3][4:9] == ["Aankomst", "Vertrek", "Kratten afleveren", "Kratten ophalen", "Lading aan boord"]
        assert "30 min pauze na deze stop" in rows[5][9]
        assert wb["Kalender"].oddFooter.right.text == "Pagina &P van &N"
