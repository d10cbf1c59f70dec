"""``timetable.html``: the van's timetable for the branch managers, one printed A4 page per organisation.

The coordinator mails it to the library organisations. Each page has the organisation as its
title, the week's working days, a table with a row per branch (its name, id and town) and a column
per working day holding that day's window and van (a dash: no visit that day), and a footnote on
what the window promises. Rows and windows come from :mod:`.timetable`, labels from
:mod:`..wording` in the plan's language. Plain HTML with inline CSS (``@page`` A4 and
``page-break-after``), so it prints from any browser without a network.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from itertools import groupby
from pathlib import Path
from typing import Any

from ..data.model import Network
from ..data.read import load_network
from ..plan import hhmm
from ..wording import Labels, plan_labels
from .route_rows import plan_title
from .timetable import TimetableRow, WindowRules, timetable_rows

CSS = """
@page { size: A4 portrait; margin: 15mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 10pt; color: #000; margin: 0; }
.org { page-break-after: always; break-after: page; }
.org:last-of-type { page-break-after: auto; break-after: auto; }
h1 { font-size: 16pt; margin: 0 0 1mm 0; }
.week { font-size: 11pt; margin: 0 0 5mm 0; }
.plan { font-size: 8pt; color: #444; margin: 0 0 2mm 0; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
th, td { border: 0.3mm solid #555; padding: 1.2mm 1.2mm; text-align: left; vertical-align: top; }
th { background: #e6e6e6; }
td.day, th.day { text-align: center; }
td.day .time { font-weight: bold; font-size: 9.5pt; }
td.day .van { display: block; font-size: 8pt; color: #333; overflow-wrap: anywhere; }
td.none { color: #777; }
td.unserved { font-weight: bold; }
.id { display: block; font-size: 8pt; color: #444; }
.note { margin-top: 5mm; font-size: 8.5pt; line-height: 1.35; }
@media screen {
  body { background: #ddd; }
  .org { background: #fff; width: 210mm; min-height: 297mm; margin: 8mm auto; padding: 15mm 12mm;
         box-shadow: 0 0 3mm #999; }
}
"""
DASH = "\u2013"  # between the two times of a window
NAME_WIDTH = 30  # percent of the page's width; the working days share the rest


def day_list(days: Sequence[str], L: Labels) -> str:
    """``Monday, Tuesday and Wednesday`` / ``maandag, dinsdag en woensdag``."""
    names = [L.day(d) for d in days]
    return names[0] if len(names) < 2 else f"{', '.join(names[:-1])} {L('tt.and')} {names[-1]}"


def _cell(row: TimetableRow | None, L: Labels) -> str:
    if row is None:
        return '<td class="day none">-</td>'
    if row.start is None or row.end is None:
        return f'<td class="day unserved">{escape(L("cal.unassigned"))}</td>'
    return (
        f'<td class="day"><span class="time">{hhmm(row.start)}{DASH}<wbr>{hhmm(row.end)}</span>'
        f'<span class="van">{escape(row.van)}</span></td>'
    )


def organisation_page(
    org: str, rows: Sequence[TimetableRow], days: Sequence[str], L: Labels, rules: WindowRules, scenario: str = ""
) -> str:
    """One organisation's page: title, working days, a row per branch with a cell per day, the footnote."""
    head = "".join(f'<th class="day">{escape(L.dated(d))}</th>' for d in days)
    body = []
    for bid, group in groupby(rows, key=lambda r: r.branch):
        by_day = {r.day: r for r in group}
        first = next(iter(by_day.values()))
        cells = "".join(_cell(by_day.get(d), L) for d in days)
        body.append(
            f'<tr><td>{escape(first.name)}<span class="id">{escape(", ".join(x for x in (bid, first.town) if x))}'
            f"</span></td>{cells}</tr>"
        )
    day_width = (100 - NAME_WIDTH) / max(len(days), 1)
    cols = f'<col style="width:{NAME_WIDTH}%">' + f'<col style="width:{day_width:.2f}%">' * len(days)
    plan = f'<p class="plan">{escape(scenario)}</p>' if scenario else ""
    return f"""<section class="org">
{plan}<h1>{escape(L("tt.title", org=org or "-"))}</h1>
<p class="week">{escape(L("tt.week", days=day_list(days, L)))}</p>
<table><colgroup>{cols}</colgroup>
<thead><tr><th>{escape(L("tt.col_branch"))}</th>{head}</tr></thead>
<tbody>
{chr(10).join(body)}
</tbody></table>
<p class="note">{escape(L("tt.note", step=rules.step_min, width=rules.min_width_min))}</p>
</section>"""


def timetable_html(
    plan: dict[str, Any], network: Network | None, lang: str | None = None, rules: WindowRules = WindowRules()
) -> str:
    """The whole document: a page per organisation with visits, in the order of their names."""
    L = plan_labels(plan, lang)
    title = plan_title(plan, L)
    scenario = "" if title == L("sheet.title") else title
    days = list(plan.get("working_days", []))
    rows = timetable_rows(plan, network, rules=rules)
    pages = [
        organisation_page(org, list(group), days, L, rules, scenario)
        for org, group in groupby(rows, key=lambda r: r.organisation)
    ]
    if not pages:
        pages = [f'<section class="org"><h1>{escape(L("tt.none"))}</h1></section>']
    return f"""<!DOCTYPE html>
<html lang="{L.lang}"><head><meta charset="utf-8"><title>{escape(L("tt.sheet"))}</title>
<style>{CSS}</style></head>
<body>
{chr(10).join(pages)}
</body></html>
"""


def write_timetable_html(plan: dict[str, Any], folder: Path, lang: str | None = None) -> None:
    """Run-folder writer: ``folder/timetable.html`` (organisations and opening hours from ``folder/inputs``)."""
    html = timetable_html(plan, load_network(folder / "inputs"), lang)
    (folder / "timetable.html").write_text(html, encoding="utf-8")
