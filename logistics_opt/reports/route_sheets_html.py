"""``route_sheets.html``: printable driver sheets, one page per van per day.

Each sheet gives the stop order, arrival and departure, crates to drop and to collect, the load
aboard after each stop, the town, and notes (opening hours, waiting, the break); under each place's
name, two navigation links (``geo:`` for the phone's map app, and OpenStreetMap: :mod:`.nav_links`).
The page is plain
HTML with inline CSS (``@page`` and ``page-break-after``), so it prints from any browser without a
network. The weekly branch x weekday calendar and the visits not served follow the sheets; a run made
from another run's plan (``replan``) adds a section with the changes against it (:mod:`.changes_table`). Rows
and wording come from :mod:`.route_rows` and :mod:`..wording` (English or Dutch), as in the XLSX.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

from ..changes import Changes
from ..data.model import Network
from ..data.read import load_network
from ..wording import Labels, plan_labels
from .calendar import calendar_table
from .changes_table import branch_table, run_changes, van_table
from .nav_links import NavLinks, branch_links
from .road_lines import distances_label
from .route_rows import plan_title, routes_in_order, sheet_facts, sheet_heading, sheet_rows
from .route_sheets_xlsx import SHEET_COLUMNS

CSS = """
@page { size: A4 portrait; margin: 12mm 10mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 9pt; color: #000; margin: 0; }
.sheet { page-break-after: always; break-after: page; page-break-inside: avoid; break-inside: avoid; }
.sheet:last-of-type { page-break-after: auto; break-after: auto; }
.calendar { page-break-before: always; break-before: page; }
.calendar th, .calendar td { font-size: 7.5pt; padding: 0.4mm 1mm; white-space: nowrap; }
h1 { font-size: 14pt; margin: 0 0 2mm 0; }
h2 { font-size: 12pt; margin: 0 0 2mm 0; }
.facts { margin: 0 0 3mm 0; display: flex; flex-wrap: wrap; gap: 1mm 6mm; }
table { border-collapse: collapse; width: 100%; }
.sheet table { table-layout: fixed; }
th, td { overflow-wrap: anywhere; hyphens: auto; }
th, td { border: 0.3mm solid #555; padding: 0.8mm 1.2mm; text-align: left; vertical-align: top; }
th { background: #e6e6e6; font-size: 8pt; }
td.n, th.n { text-align: right; }
td.n { white-space: nowrap; overflow-wrap: normal; }
tr.hub td { background: #f4f4f4; font-style: italic; }
td.tick { width: 7mm; }
.nav { display: block; font-size: 7pt; white-space: nowrap; }
.nav a { color: #0645ad; }
.sign { margin-top: 4mm; font-size: 8pt; }
@media screen {
  body { background: #ddd; }
  /* the printed page's 190 mm of text, with a margin of paper round it */
  .sheet, .calendar { background: #fff; width: 206mm; margin: 8mm auto; padding: 8mm; box-shadow: 0 0 3mm #999; }
}
"""


COL_WIDTHS = (3.5, 9, 18.5, 12, 7.5, 7.5, 8, 8, 7.5, 12, 6.5)  # percent of the sheet's width, per column


def _td(v: object, cls: str = "") -> str:
    text = "" if v is None else escape(str(v))
    return f'<td class="{cls}">{text}</td>' if cls else f"<td>{text}</td>"


def nav_html(links: NavLinks | None, L: Labels) -> str:
    """The two navigation links under a place's name (nothing when the inputs do not know the place)."""
    if links is None:
        return ""
    geo, osm = escape(links.geo), escape(links.osm)
    return (
        f'<span class="nav"><a href="{geo}">{escape(L("nav.geo"))}</a> &middot; '
        f'<a href="{osm}" target="_blank" rel="noopener">{escape(L("nav.osm"))}</a></span>'
    )


def sheet_html(
    route: dict[str, Any], network: Network | None, title: str, L: Labels | None = None, distances: str = ""
) -> str:
    """One printed page for one van's day (rows and wording from :mod:`.route_rows`)."""
    L = L or Labels()
    rows = []
    for r in sheet_rows(route, network, L):
        cells = [
            _td(r.no, "n"),
            _td(r.branch),
            f"<td>{escape(r.name)}{nav_html(branch_links(network, r.branch), L)}</td>",
            _td(r.town),
            _td(r.arrival, "n"),
            _td(r.departure, "n"),
            _td(r.deliver, "n"),
            _td(r.pickup, "n"),
            _td(r.load, "n"),
            _td(r.notes),
            '<td class="tick"></td>',
        ]
        cls = ' class="hub"' if r.hub else ""
        rows.append(f"<tr{cls}>{''.join(cells)}</tr>")
    facts = "".join(f"<span>{escape(f)}</span>" for f in sheet_facts(route, title, L, distances))
    numeric = {"col.stop_no", "col.arrival", "col.departure", "col.deliver", "col.pickup", "col.load"}
    head = "".join(
        f'<th class="n">{escape(L(c))}</th>' if c in numeric else f"<th>{escape(L(c))}</th>" for c in SHEET_COLUMNS
    )
    cols = "".join(f'<col style="width:{w}%">' for w in COL_WIDTHS)
    return f"""<section class="sheet">
<h1>{escape(sheet_heading(route, L))}</h1>
<div class="facts">{facts}</div>
<table><colgroup>{cols}</colgroup>
<thead><tr>{head}</tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table>
<p class="sign">{escape(L("sheet.sign"))}</p>
</section>"""


def calendar_html(header: Sequence[str], body: Sequence[Sequence[Any]], title: str) -> str:
    """The weekly calendar (header and rows from :func:`.calendar.calendar_table`)."""
    head = "".join(f"<th>{escape(str(h))}</th>" for h in header)
    lines = ["<tr>" + "".join(_td(v) for v in r) + "</tr>" for r in body]
    return (
        f'<section class="calendar"><h2>{escape(title)}</h2>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(lines)}</tbody></table></section>"
    )


def changes_html(changes: Changes, L: Labels) -> str:
    """The changes against the earlier plan: the branches whose visit changed, the vans whose stops changed."""
    parts = [f'<section class="calendar"><h2>{escape(L("chg.title"))}</h2>']
    if changes.empty:
        parts.append(f"<p>{escape(L('chg.none'))}</p>")
    for key, (header, rows) in (("chg.branches", branch_table(changes, L)), ("chg.vans", van_table(changes, L))):
        if rows:
            head = "".join(f"<th>{escape(h)}</th>" for h in header)
            body = "".join("<tr>" + "".join(_td(v) for v in r) + "</tr>" for r in rows)
            parts.append(f"<h3>{escape(L(key))}</h3><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    return "".join(parts) + "</section>"


def route_sheets_html(
    plan: dict[str, Any],
    network: Network | None = None,
    title: str = "",
    lang: str | None = None,
    changes: Changes | None = None,
) -> str:
    """The whole document: a sheet per route (days in working-day order), then the calendar and the
    visits not served, and the ``changes`` against an earlier plan when given. ``lang`` (default: the plan's
    language) picks the labels."""
    L = plan_labels(plan, lang)
    title = title or plan_title(plan, L)
    sheets = [sheet_html(r, network, title, L, distances_label(plan, L)) for r in routes_in_order(plan)]
    if not sheets:
        sheets = [f'<section class="sheet"><h1>{escape(L("sheet.none"))}</h1></section>']
    cal = calendar_html(*calendar_table(plan, L), L("cal.title")) if plan.get("working_days") else ""
    unassigned = ""
    if plan.get("unassigned"):
        items = "".join(
            f"<li>{escape(L('unserved.item', branch=u['branch'], day=L.day(u['day']), reason=L.reason(u)))}</li>"
            for u in plan["unassigned"]
        )
        unassigned = f'<section class="calendar"><h2>{escape(L("unserved.title"))}</h2><ul>{items}</ul></section>'
    return f"""<!DOCTYPE html>
<html lang="{L.lang}"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>{CSS}</style></head>
<body>
{chr(10).join(sheets)}
{"" if changes is None else changes_html(changes, L)}
{cal}
{unassigned}
</body></html>
"""


def write_route_sheets(plan: dict[str, Any], folder: Path, lang: str | None = None) -> None:
    """Run-folder writer: ``folder/route_sheets.html`` (reads ``folder/inputs`` for hub and opening hours)."""
    network = load_network(folder / "inputs")
    html = route_sheets_html(plan, network, lang=lang, changes=run_changes(plan, folder))
    (folder / "route_sheets.html").write_text(html, encoding="utf-8")
