"""``route_sheets.html``: printable driver sheets, one page per van per day.

Each sheet gives the stop order, arrival and departure, crates to drop and to collect, the load
aboard after each stop, the town, and notes (opening hours, waiting, the break). The page is plain
HTML with inline CSS (``@page`` and ``page-break-after``), so it prints from any browser without a
network. The weekly branch x weekday calendar follows the sheets when
:mod:`logistics_opt.reports.calendar` is available.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

from ..data.model import Network
from ..data.read import load_network
from ..plan import hhmm
from .road_lines import distances_label

DAY_NAMES = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}

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
th, td { border: 0.3mm solid #555; padding: 0.8mm 1.2mm; text-align: left; vertical-align: top; }
th { background: #e6e6e6; font-size: 8pt; }
td.n, th.n { text-align: right; }
tr.hub td { background: #f4f4f4; font-style: italic; }
td.tick { width: 7mm; }
.sign { margin-top: 4mm; font-size: 8pt; }
@media screen {
  body { background: #ddd; }
  .sheet, .calendar { background: #fff; width: 190mm; margin: 8mm auto; padding: 8mm; box-shadow: 0 0 3mm #999; }
}
"""


def _notes(stop: dict[str, Any], k: int, route: dict[str, Any], network: Network | None) -> str:
    notes = []
    if network is not None:
        try:
            b = network.branch(stop["branch"])
        except KeyError:
            b = None
        if b is not None and (b.open_min is not None or b.close_min is not None):
            notes.append(f"open {hhmm(b.open_min or 0)}-{hhmm(b.close_min) if b.close_min is not None else 'late'}")
    if stop.get("wait_min", 0) >= 1:
        notes.append(f"wait {stop['wait_min']:.0f} min for opening")
    if route.get("break_after_stop") == k:
        notes.append(f"{route.get('break_min', 0):.0f} min break after this stop")
    return "; ".join(notes)


def sheet_html(route: dict[str, Any], network: Network | None, title: str, distances: str = "") -> str:
    """One printed page for one van's day; ``distances`` says how km and times were made."""
    depot = route["depot"]
    depot_name = depot
    if network is not None:
        try:
            h = network.branch(depot)
            depot_name = f"{h.name}, {h.town}" if h.town else h.name
        except KeyError:
            pass
    rows = [
        f'<tr class="hub"><td class="n">0</td><td>{escape(depot)}</td><td>depart: {escape(depot_name)}</td>'
        f'<td></td><td></td><td class="n">{escape(route["start"])}</td><td class="n"></td><td class="n"></td>'
        f'<td class="n">{route["load_start"]}</td><td>load {route["load_start"]} crates</td>'
        '<td class="tick"></td></tr>'
    ]
    for k, s in enumerate(route["stops"], start=1):
        rows.append(
            f'<tr><td class="n">{k}</td><td>{escape(s["branch"])}</td><td>{escape(s.get("name", ""))}</td>'
            f'<td>{escape(s.get("town", ""))}</td><td class="n">{escape(s["arrival"])}</td>'
            f'<td class="n">{escape(s["departure"])}</td><td class="n">{s["deliver"]}</td>'
            f'<td class="n">{s["pickup"]}</td><td class="n">{s["load_after"]}</td>'
            f'<td>{escape(_notes(s, k, route, network))}</td><td class="tick"></td></tr>'
        )
    last = route["stops"][-1]["load_after"] if route["stops"] else route["load_start"]
    rows.append(
        f'<tr class="hub"><td class="n">{len(route["stops"]) + 1}</td><td>{escape(depot)}</td>'
        f'<td>return: {escape(depot_name)}</td><td></td><td class="n">{escape(route["end"])}</td>'
        f'<td></td><td></td><td></td><td class="n">{last}</td><td>unload {last} crates</td>'
        f'<td class="tick"></td></tr>'
    )
    drop = sum(s["deliver"] for s in route["stops"])
    collect = sum(s["pickup"] for s in route["stops"])
    brk = (
        f"{route.get('break_min', 0):.0f} min after stop {route['break_after_stop']}"
        if route.get("break_after_stop")
        else "none"
    )
    return f"""<section class="sheet">
<h1>{escape(DAY_NAMES.get(route["day"], route["day"]))}: {escape(route["vehicle"])}</h1>
<div class="facts"><span>{escape(title)}</span><span>vehicle type {escape(route["vehicle_type"])}</span>
<span>{escape(route["start"])}-{escape(route["end"])} from {escape(depot)}</span>
<span>{len(route["stops"])} stops</span><span>{route["distance_km"]:.1f} km</span>
<span>{route["duration_min"] / 60:.1f} h</span><span>drop {drop} crates, collect {collect}</span>
<span>break: {escape(brk)}</span>{f"<span>distances: {escape(distances)}</span>" if distances else ""}</div>
<table>
<thead><tr><th class="n">#</th><th>branch</th><th>name</th><th>town</th><th class="n">arrive</th>
<th class="n">depart</th><th class="n">drop</th><th class="n">collect</th><th class="n">load aboard</th>
<th>notes</th><th>done</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table>
<p class="sign">Crates are counted after each stop (load aboard). Driver: ____________________
&nbsp; Signature: ____________________</p>
</section>"""


def calendar_html(rows: Sequence[Any]) -> str:
    """The weekly calendar from :func:`logistics_opt.reports.calendar.calendar_rows` (dicts or sequences
    whose first item is the header)."""
    if not rows:
        return ""
    if isinstance(rows[0], dict):
        header = list(rows[0].keys())
        body = [[r.get(h, "") for h in header] for r in rows]
    else:
        header, body = list(rows[0]), [list(r) for r in rows[1:]]
    head = "".join(f"<th>{escape(str(h))}</th>" for h in header)
    lines = ["<tr>" + "".join(f"<td>{escape('' if v is None else str(v))}</td>" for v in r) + "</tr>" for r in body]
    return (
        f'<section class="calendar"><h2>Weekly calendar: which van visits each branch on which day</h2>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(lines)}</tbody></table></section>"
    )


def route_sheets_html(plan: dict[str, Any], network: Network | None = None, title: str = "") -> str:
    """The whole document: a sheet per route (days in working-day order), then the calendar."""
    order = {d: i for i, d in enumerate(plan.get("working_days", []))}
    routes = sorted(plan["routes"], key=lambda r: (order.get(r["day"], 99), r["vehicle"]))
    title = title or "Route sheet"
    sheets = [sheet_html(r, network, title, distances_label(plan)) for r in routes]
    if not sheets:
        sheets = ['<section class="sheet"><h1>No routes in this plan</h1></section>']
    cal = ""
    try:
        from .calendar import calendar_rows
    except ImportError:
        calendar_rows = None
    if calendar_rows is not None:
        cal = calendar_html(calendar_rows(plan))
    unassigned = ""
    if plan.get("unassigned"):
        items = "".join(
            f"<li>{escape(u['branch'])} on {escape(u['day'])}: {escape(u['reason'])}</li>" for u in plan["unassigned"]
        )
        unassigned = f'<section class="calendar"><h2>Visits not served</h2><ul>{items}</ul></section>'
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>{CSS}</style></head>
<body>
{chr(10).join(sheets)}
{cal}
{unassigned}
</body></html>
"""


def write_route_sheets(plan: dict[str, Any], folder: Path) -> None:
    """Run-folder writer: ``folder/route_sheets.html`` (reads ``folder/inputs`` for hub and opening hours)."""
    network = load_network(folder / "inputs")
    scn = (plan.get("meta") or {}).get("scenario") or {}
    title = f"Scenario {scn['name']}" if scn.get("name") else "Route sheet"
    (folder / "route_sheets.html").write_text(route_sheets_html(plan, network, title), encoding="utf-8")
