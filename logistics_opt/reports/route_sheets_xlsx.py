"""``route_sheets.xlsx``: the route sheets as an Excel workbook the coordinator can edit and print.

Sheets: a week overview (one row per van per day, with week totals and the visits not served),
one sheet per van per day (stop order, arrival and departure, crates to drop and to collect, the
load aboard, notes with opening hours, waiting and the break, a tick column, and two navigation
links per place: ``geo:`` and OpenStreetMap, :mod:`.nav_links`), the branch x weekday calendar and
the branches' timetable (:mod:`.timetable`), and for a run made from another run's plan (``replan``) a
"Changes" sheet (:mod:`.changes_table`). Every sheet prints on A4, fitted to the page width,
with a header and a page footer and its title rows repeated on every page. Labels come from :mod:`..wording`; every text cell
goes through :func:`..files.safe_cell`. Figures are written as numbers, times as ``HH:MM`` text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..changes import Changes
from ..data.model import Network
from ..files import safe_cell
from ..plan import hhmm
from ..wording import Labels, plan_labels
from .calendar import calendar_table
from .changes_table import branch_table, run_changes, van_table
from .nav_links import branch_links
from .route_rows import plan_title, routes_in_order, sheet_facts, sheet_heading, sheet_rows
from .timetable import timetable_rows

THIN = Side(style="thin", color="777777")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="E6E6E6")
HUB_FILL = PatternFill("solid", fgColor="F4F4F4")
SHEET_COLUMNS = (
    "col.stop_no",
    "col.branch",
    "col.name",
    "col.town",
    "col.arrival",
    "col.departure",
    "col.deliver",
    "col.pickup",
    "col.load",
    "col.notes",
    "col.done",
)
SHEET_WIDTHS = (4, 12, 28, 15, 10, 9, 10, 10, 10, 26, 7)
NAV_COLUMNS = ("col.nav", "col.osm")  # after the tick column: hyperlinks to each place
NAV_WIDTHS = (10, 6)
TITLE_ROWS = 4  # title, facts, blank, column header: repeated on every printed page


def named_styles() -> list[NamedStyle]:
    """The few cell styles of the workbook, registered once: openpyxl is slow to style cells one by one."""
    top, wrap = Alignment(vertical="top"), Alignment(vertical="top", wrap_text=True)
    specs = {
        "lo-text": {"alignment": top},
        "lo-bold": {"font": Font(bold=True), "alignment": top},
        "lo-title": {"font": Font(bold=True, size=14), "alignment": top},
        "lo-head": {"font": Font(bold=True), "fill": HEAD_FILL, "border": BOX, "alignment": wrap},
        "lo-cell": {"border": BOX, "alignment": top},
        "lo-cell-wrap": {"border": BOX, "alignment": wrap},
        "lo-hub": {"font": Font(italic=True), "fill": HUB_FILL, "border": BOX, "alignment": top},
        "lo-hub-wrap": {"font": Font(italic=True), "fill": HUB_FILL, "border": BOX, "alignment": wrap},
        "lo-total": {"font": Font(bold=True), "border": BOX, "alignment": top},
        "lo-link": {"font": Font(color="0563C1", underline="single"), "border": BOX, "alignment": top},
    }
    return [NamedStyle(name=name, **kw) for name, kw in specs.items()]


def put(ws: Worksheet, row: int, col: int, value: Any, style: str = "lo-text") -> None:
    """Write one (safe) cell in one of :func:`named_styles`."""
    ws.cell(row=row, column=col, value=safe_cell(value)).style = style


def print_setup(ws: Worksheet, header: str, footer_left: str, L: Labels, *, landscape: bool, title_rows: int) -> None:
    """A4, fit to the page width (any number of pages down), header, page footer, repeated title rows."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.7
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddHeader.center.text = header.replace("&", "&&")
    ws.oddHeader.center.size = 10
    ws.oddFooter.left.text = footer_left.replace("&", "&&")
    ws.oddFooter.left.size = 8
    ws.oddFooter.right.text = L("sheet.page")
    ws.oddFooter.right.size = 8
    if title_rows:
        ws.print_title_rows = f"1:{title_rows}"
        ws.freeze_panes = ws.cell(row=title_rows + 1, column=1)


def link(ws: Worksheet, row: int, col: int, text: str, target: str) -> None:
    """A hyperlink cell showing ``text``."""
    put(ws, row, col, text, "lo-link")
    ws.cell(row=row, column=col).hyperlink = target


def header_row(ws: Worksheet, row: int, labels: Sequence[str], widths: Sequence[float]) -> None:
    for j, (text, width) in enumerate(zip(labels, widths, strict=True), start=1):
        put(ws, row, j, text, "lo-head")
        ws.column_dimensions[get_column_letter(j)].width = width
    fit_height(ws, row, dict(enumerate(labels, start=1)), widths)


def fit_height(ws: Worksheet, row: int, wrapped: dict[int, str], widths: Sequence[float]) -> None:
    """Give a row with wrapped text the lines it needs (spreadsheets do not grow rows of a file they
    open); a column holds about its width less one characters a line, words kept whole."""
    lines = max((_lines(t, widths[j - 1] - 1) for j, t in wrapped.items()), default=1)
    if lines > 1:
        ws.row_dimensions[row].height = 15 * lines


def _lines(text: str, width: float) -> int:
    n, used = 1, 0
    for word in str(text).split():
        if used and used + 1 + len(word) > width:
            n, used = n + 1, len(word)
        else:
            used += len(word) + (1 if used else 0)
    return n


def sheet_name(route: dict[str, Any], L: Labels, taken: set[str]) -> str:
    """``Mon diesel_van-1`` (``ma ...`` in Dutch): at most 31 characters, none of ``[]:*?/\\``, unique."""
    base = re.sub(r"[\[\]:*?/\\']", "_", f"{L.short_day(route['day'])} {route['vehicle']}")[:31]
    name, k = base, 2
    while name.lower() in taken:
        name = f"{base[: 31 - len(str(k)) - 1]}~{k}"
        k += 1
    taken.add(name.lower())
    return name


def route_sheet(
    wb: Workbook, route: dict[str, Any], network: Network | None, title: str, L: Labels, taken: set[str]
) -> None:
    """One van's day: heading, facts, the stop table, the signature line."""
    ws = wb.create_sheet(sheet_name(route, L, taken))
    heading = sheet_heading(route, L)
    put(ws, 1, 1, heading, "lo-title")
    put(ws, 2, 1, " | ".join(sheet_facts(route, title, L)))
    header_row(ws, TITLE_ROWS, [L(c) for c in (*SHEET_COLUMNS, *NAV_COLUMNS)], (*SHEET_WIDTHS, *NAV_WIDTHS))
    r = TITLE_ROWS
    for row in sheet_rows(route, network, L):
        r += 1
        kind = "lo-hub" if row.hub else "lo-cell"
        values = [
            row.no,
            row.branch,
            row.name,
            row.town,
            row.arrival,
            row.departure,
            row.deliver,
            row.pickup,
            row.load,
            row.notes,
            "",
        ]
        for j, v in enumerate(values, start=1):
            put(ws, r, j, v, f"{kind}-wrap" if j in (3, 10) else kind)
        fit_height(ws, r, {3: row.name, 10: row.notes}, SHEET_WIDTHS)
        links = branch_links(network, row.branch)
        if links is not None:
            link(ws, r, len(values) + 1, L("nav.geo"), links.geo)
            link(ws, r, len(values) + 2, L("nav.osm"), links.osm)
    put(ws, r + 2, 1, L("sheet.sign"))
    print_setup(ws, f"{L('sheet.title')} - {heading}", title, L, landscape=False, title_rows=TITLE_ROWS)


WEEK_COLUMNS = (
    "week.day",
    "week.van",
    "week.vehicle_type",
    "week.start",
    "week.end",
    "week.stops",
    "week.km",
    "week.hours",
    "week.cost",
    "week.co2",
    "week.drop",
    "week.collect",
)
WEEK_WIDTHS = (12, 16, 14, 8, 8, 7, 9, 8, 11, 9, 12, 12)


def week_sheet(wb: Workbook, plan: dict[str, Any], title: str, L: Labels) -> None:
    """One row per route, a week total, then the visits not served."""
    ws = wb.active
    ws.title = L("week.title")[:31]
    put(ws, 1, 1, L("week.title") if title == L("sheet.title") else f"{L('week.title')}: {title}", "lo-title")
    header_row(ws, 3, [L(c) for c in WEEK_COLUMNS], WEEK_WIDTHS)
    r = 3
    for rt in routes_in_order(plan):
        r += 1
        values = [
            L.dated(rt["day"]),
            rt["vehicle"],
            rt["vehicle_type"],
            rt["start"],
            rt["end"],
            len(rt["stops"]),
            round(rt["distance_km"], 1),
            round(rt["duration_min"] / 60, 2),
            round(rt["cost_eur"], 2),
            round(rt["co2_kg"], 1),
            sum(s["deliver"] for s in rt["stops"]),
            sum(s["pickup"] for s in rt["stops"]),
        ]
        for j, v in enumerate(values, start=1):
            put(ws, r, j, v, "lo-cell")
    totals = [sum(ws.cell(row=k, column=j).value or 0 for k in range(4, r + 1)) for j in range(6, 13)]
    r += 1
    put(ws, r, 1, L("week.total"), "lo-total")
    for j, v in enumerate([None] * 4 + [round(t, 2) for t in totals], start=2):
        put(ws, r, j, v, "lo-total")
    if plan.get("unassigned"):
        put(ws, r + 2, 1, L("unserved.title"), "lo-bold")
        for k, u in enumerate(plan["unassigned"], start=r + 3):
            put(ws, k, 1, L("unserved.item", branch=u["branch"], day=L.day(u["day"]), reason=L.reason(u)))
    heading = L("week.title") if title == L("sheet.title") else f"{L('week.title')} - {title}"
    print_setup(ws, heading, title, L, landscape=True, title_rows=3)


def calendar_sheet(wb: Workbook, plan: dict[str, Any], title: str, L: Labels) -> None:
    """Branch x weekday: the van on each visit day, then the visits a week."""
    ws = wb.create_sheet(L("cal.sheet")[:31])
    header, body = calendar_table(plan, L)
    put(ws, 1, 1, L("cal.title"), "lo-title")
    header_row(ws, 3, header, [11, 30, 16, *[14] * (len(header) - 4), 10])
    for r, cells in enumerate(body, start=4):
        for j, v in enumerate(cells, start=1):
            put(ws, r, j, v, "lo-cell")
    print_setup(ws, L("cal.title"), title, L, landscape=True, title_rows=3)


TIMETABLE_COLUMNS = (
    "tt.col_branch",
    "tt.col_name",
    "tt.col_org",
    "tt.col_town",
    "tt.col_day",
    "tt.col_van",
    "tt.col_from",
    "tt.col_to",
)
TIMETABLE_WIDTHS = (11, 30, 26, 16, 12, 16, 8, 8)


def timetable_sheet(wb: Workbook, plan: dict[str, Any], network: Network | None, title: str, L: Labels) -> None:
    """The rows of ``timetable.csv`` in ``L``'s language: a branch on a weekday, its van and window."""
    ws = wb.create_sheet(L("tt.sheet")[:31])
    put(ws, 1, 1, L("tt.sheet"), "lo-title")
    header_row(ws, 3, [L(c) for c in TIMETABLE_COLUMNS], TIMETABLE_WIDTHS)
    for r, row in enumerate(timetable_rows(plan, network), start=4):
        values = [
            row.branch,
            row.name,
            row.organisation,
            row.town,
            L.dated(row.day),
            row.van if row.served else L("cal.unassigned"),
            "" if row.start is None else hhmm(row.start),
            "" if row.end is None else hhmm(row.end),
        ]
        for j, v in enumerate(values, start=1):
            put(ws, r, j, v, "lo-cell")
    print_setup(ws, L("tt.sheet"), title, L, landscape=False, title_rows=3)


def changes_sheet(wb: Workbook, changes: Changes, title: str, L: Labels) -> None:
    """The changes against the earlier plan: the branches whose visit changed, then the vans whose stops changed."""
    ws = wb.create_sheet(L("chg.sheet")[:31])
    put(ws, 1, 1, L("chg.title"), "lo-title")
    r = 3
    if changes.empty:
        put(ws, r, 1, L("chg.none"))
    for key, (header, rows) in (("chg.branches", branch_table(changes, L)), ("chg.vans", van_table(changes, L))):
        if not rows:
            continue
        put(ws, r, 1, L(key), "lo-bold")
        header_row(ws, r + 1, header, [12, 30, 34, 34, 12][: len(header)])
        for k, cells in enumerate(rows, start=r + 2):
            for j, v in enumerate(cells, start=1):
                put(ws, k, j, v, "lo-cell")
        r += len(rows) + 3
    print_setup(ws, L("chg.title"), title, L, landscape=True, title_rows=0)


def route_sheets_workbook(
    plan: dict[str, Any], network: Network | None, lang: str | None = None, changes: Changes | None = None
) -> Workbook:
    """The workbook: week overview, (the changes against an earlier plan,) a sheet per van per day, the calendar,
    the timetable."""
    L = plan_labels(plan, lang)
    title = plan_title(plan, L)
    wb = Workbook()
    for style in named_styles():
        wb.add_named_style(style)
    week_sheet(wb, plan, title, L)
    if changes is not None:
        changes_sheet(wb, changes, title, L)
    taken = {ws.title.lower() for ws in wb.worksheets} | {L("cal.sheet").lower(), L("tt.sheet").lower()}
    for route in routes_in_order(plan):
        route_sheet(wb, route, network, title, L, taken)
    calendar_sheet(wb, plan, title, L)
    timetable_sheet(wb, plan, network, title, L)
    return wb


def write_route_sheets_xlsx(plan: dict[str, Any], folder: Path, lang: str | None = None) -> None:
    """Run-folder writer: ``folder/route_sheets.xlsx`` (reads ``folder/inputs`` for hub and opening hours)."""
    from ..data.read import load_network

    network = load_network(folder / "inputs")
    route_sheets_workbook(plan, network, lang, run_changes(plan, folder)).save(folder / "route_sheets.xlsx")
