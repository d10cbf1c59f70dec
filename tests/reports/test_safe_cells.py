"""CSV injection: every text cell starting like a formula is neutralised in CSV and XLSX (OWASP)."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import openpyxl
import pytest

from logistics_opt.files import FORMULA_STARTS, csv_text, safe_cell
from logistics_opt.reports.route_sheets_xlsx import route_sheets_workbook
from tests.reports.test_map_html import TINY, plan

ATTACKS = {c: f'{c}HYPERLINK("http://evil.example","x")' for c in FORMULA_STARTS}


@pytest.mark.parametrize("lead", FORMULA_STARTS, ids=["eq", "plus", "minus", "at", "tab", "cr"])
def test_csv_cell_is_neutralised(lead: str) -> None:
    """A text cell starting with = + - @ tab or CR reads back with a leading single quote."""
    text = csv_text(["name", "km"], [[ATTACKS[lead], -3.5]])
    row = list(csv.reader(io.StringIO(text)))[1]
    assert row[0] == "'" + ATTACKS[lead]
    assert row[1] == "-3.5"


def test_numbers_and_plain_text_stay() -> None:
    """Numbers (and text that is a plain number) are not touched; ordinary text is not touched."""
    assert safe_cell(-3.5) == -3.5 and safe_cell(-2) == -2 and safe_cell("-3.5") == "-3.5"
    assert safe_cell("+31") == "+31" and safe_cell(None) is None
    assert safe_cell("Bibliotheek Zeist") == "Bibliotheek Zeist" and safe_cell("") == ""
    assert safe_cell("-1+cmd|' /C calc'!A0") == "'-1+cmd|' /C calc'!A0"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"


@pytest.mark.parametrize("lead", FORMULA_STARTS, ids=["eq", "plus", "minus", "at", "tab", "cr"])
def test_xlsx_cell_is_neutralised(lead: str, tmp_path: Path) -> None:
    """A branch name starting like a formula is a quoted text cell in every sheet of route_sheets.xlsx,
    never a formula; the figures next to it stay numbers."""
    p = plan(name=ATTACKS[lead])
    shutil.copytree(TINY, tmp_path / "inputs")
    from logistics_opt.data.read import load_network

    path = tmp_path / "x.xlsx"
    route_sheets_workbook(p, load_network(tmp_path / "inputs")).save(path)
    wb = openpyxl.load_workbook(path)
    hits = [
        c
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and "HYPERLINK" in c.value
    ]
    assert len(hits) == 2  # the Monday sheet of van-1 and the calendar
    for c in hits:
        # XML reads a carriage return back as a line feed; the leading quote is what matters
        assert c.data_type == "s" and c.value == "'" + ATTACKS[lead].replace("\r", "\n")
    assert not any(c.data_type == "f" for ws in wb.worksheets for row in ws.iter_rows() for c in row)
    sheet = wb.worksheets[1]
    assert [sheet.cell(row=6, column=j).value for j in (7, 8, 9)] == [3, 2, 4]


def unsafe_cells(text: str) -> list[str]:
    """Cells of a CSV that a spreadsheet would run as a formula."""
    return [c for row in csv.reader(io.StringIO(text)) for c in row if c != safe_cell(c)]


@pytest.mark.parametrize("lead", FORMULA_STARTS, ids=["eq", "plus", "minus", "at", "tab", "cr"])
def test_run_folder_csvs_are_safe(lead: str) -> None:
    """route_sheet.csv, summary.csv and calendar.csv quote a branch name and town starting like a formula."""
    from logistics_opt.reports.calendar import calendar_csv
    from logistics_opt.reports.tables import route_sheet_csv, summary_csv

    p = plan(name=ATTACKS[lead])
    p["routes"][0]["stops"][0]["town"] = ATTACKS[lead]
    p["summary"] = {}
    p["service"] = {"visits_per_week": {ATTACKS[lead]: 2}}
    for text in (route_sheet_csv(p), calendar_csv(p), summary_csv(p)):
        assert unsafe_cells(text) == []
    for text in (route_sheet_csv(p), calendar_csv(p)):
        cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
        assert cells.count("'" + ATTACKS[lead]) == 2  # name and town


def test_report_csvs_are_safe(tmp_path: Path) -> None:
    """comparison.csv, allocation.csv and frontier.csv quote scenario names and statuses starting like a formula."""
    import json

    from logistics_opt.reports.compare import write_compare
    from logistics_opt.reports.frontier import write_frontier
    from logistics_opt.runs import load_runs
    from logistics_opt.scenarios.frontier import frontier_row

    for k, lead in enumerate(FORMULA_STARTS):
        p = plan() | {
            "summary": {
                "cost_eur": 100.0 + k,
                "distance_km": 150.0,
                "duration_h": 12.0,
                "routes": 3,
                "co2_kg": 30.0,
                "stops": 4,
                "unassigned": 0,
            }
        }
        p["meta"] = {"scenario": {"name": f"{lead}cmd{k}", "description": "@SUM(A1)"}}
        shutil.copytree(TINY, tmp_path / "runs" / f"r{k}" / "inputs")
        (tmp_path / "runs" / f"r{k}" / "plan.json").write_text(json.dumps(p), encoding="utf-8")
    write_compare(load_runs([tmp_path / "runs"]), tmp_path / "report")
    for name in ("comparison.csv", "allocation.csv"):
        text = (tmp_path / "report" / name).read_text(encoding="utf-8")
        assert unsafe_cells(text) == [] and "'=cmd0" in text, name
    rows = [frontier_row(1, None, "=HYPERLINK(1)"), frontier_row(2, None, "-1+2")]
    write_frontier(rows, tmp_path)
    text = (tmp_path / "frontier.csv").read_text(encoding="utf-8")
    assert unsafe_cells(text) == [] and "'=HYPERLINK(1)" in text


def test_data_files_round_trip(tiny_dir: Path, tmp_path: Path) -> None:
    """Materialised data files are data, not reports: a branch name starting with '=' reads back unchanged."""
    from logistics_opt.data.read import load_network
    from logistics_opt.data.write import materialise

    path = tiny_dir / "branches.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Branch A", '"=HYPERLINK(1,2)"'), encoding="utf-8")
    net = load_network(tiny_dir)
    assert net.branch("A").name == "=HYPERLINK(1,2)"
    assert materialise(net, tmp_path / "m").branch("A").name == "=HYPERLINK(1,2)"
