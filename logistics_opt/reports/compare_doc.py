"""The comparison report as documents: ``report.md`` and the self-contained ``report.html``.

:func:`logistics_opt.reports.compare.write_compare` computes the figures, tables and charts and
hands them here as a :class:`ReportParts`; this module only words and lays them out, in English or
Dutch (:mod:`.labels`), and links each run's interactive ``map.html``.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from html import escape
from pathlib import Path

from .labels import Labels

SAVINGS_KEYS = (
    "rep.scenario",
    "rep.eur_week",
    "rep.eur_year",
    "rep.saving_week",
    "rep.saving_year",
    "rep.saving_pct",
    "rep.km",
    "rep.van_hours",
    "rep.routes",
    "rep.co2",
    "rep.co2_saving",
    "rep.lead_mean",
    "rep.lead_p95",
    "rep.unserved_col",
)
SHARE_KEYS = (
    "rep.organisation",
    "rep.branches",
    "rep.items_week",
    "rep.item_km",
    "rep.share",
    "rep.eur_week",
    "rep.eur_year",
    "rep.eur_item",
)
HTML_CSS = """
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 10pt; margin: 2em; color: #111; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em 0; }
th, td { border: 1px solid #aaa; padding: 3px 6px; text-align: left; }
th { background: #eee; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
img { max-width: 100%; border: 1px solid #ddd; }
.note { color: #555; max-width: 60em; }
"""


@dataclass(frozen=True)
class ReportParts:
    """Everything the report shows, already computed; table cells are display strings."""

    base_name: str
    weeks_per_year: float
    savings: list[list[str]]  # one row per run, in SAVINGS_KEYS order
    unserved: list[str]  # runs with unserved visits
    alloc_header: list[str]  # organisation, then one column per run
    alloc_rows: list[list[str]]
    share_rows: list[list[str]]  # the baseline's allocation detail, in SHARE_KEYS order
    descriptions: list[list[str]]  # scenario, question
    folders: list[tuple[str, Path]]  # run name, run folder
    cost_png: bytes
    lead_png: bytes | None


def _numeric(cell: str) -> bool:
    return cell in ("n/a", "-") or cell.replace(",", "").replace(".", "", 1).lstrip("-").isdigit()


def md_table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table; columns of figures are right-aligned."""
    cols = list(zip(*rows, strict=True)) if rows else [()] * len(header)
    align = ["---:" if col and all(_numeric(c) for c in col) else "---" for col in cols]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows]
    return "\n".join(lines)


def html_table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f'<td class="{"n" if _numeric(c) else ""}">{escape(c)}</td>' for c in r) + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def notes(p: ReportParts, L: Labels) -> list[str]:
    """The notes under the title (Markdown ``**bold**`` allowed)."""
    out = [L("rep.baseline", name=p.base_name, weeks=p.weeks_per_year), L("rep.lead_note")]
    if p.unserved:
        out.append(L("rep.unserved", names=", ".join(p.unserved)))
    return out


def map_links(p: ReportParts, out: Path) -> list[tuple[str, str]]:
    """(run name, path of its map.html relative to the report folder) for runs that have one."""
    return [
        (name, Path(os.path.relpath(folder.resolve() / "map.html", out.resolve())).as_posix())
        for name, folder in p.folders
        if (folder / "map.html").is_file()
    ]


def report_md(p: ReportParts, out: Path, L: Labels) -> str:
    md = [
        f"# {L('rep.title')}",
        "",
        *[f"{n}  " for n in notes(p, L)],
        "",
        f"## {L('rep.h_cost')}",
        "",
        md_table([L(k) for k in SAVINGS_KEYS], p.savings),
        "",
        f"![{L('rep.chart_cost')}](cost_co2.png)",
        "",
    ]
    if p.lead_png:
        md += [f"![{L('rep.chart_lead')}](cost_lead_time.png)", ""]
    links = map_links(p, out)
    if links:
        md += [f"## {L('rep.maps')}", ""] + [f"- [{L('map.link')}: {n}]({href})" for n, href in links] + [""]
    md += [
        f"## {L('rep.h_alloc')}",
        "",
        L("rep.alloc_note"),
        "",
        md_table(p.alloc_header, p.alloc_rows),
        "",
        f"### {L('rep.h_alloc_detail', name=p.base_name)}",
        "",
        md_table([L(k) for k in SHARE_KEYS], p.share_rows),
        "",
        f"## {L('rep.h_scenarios')}",
        "",
        md_table([L("rep.scenario"), L("rep.question")], p.descriptions),
        "",
        f"## {L('rep.h_runs')}",
        "",
    ]
    md += [f"- {n}: `{f}`" for n, f in p.folders] + [""]
    return "\n".join(md)


def _img(data: bytes, alt: str) -> str:
    return f'<p><img alt="{escape(alt)}" src="data:image/png;base64,{base64.b64encode(data).decode()}"></p>'


def _md_bold(s: str) -> str:
    parts = escape(s).split("**")
    return "".join(f"<b>{x}</b>" if k % 2 else x for k, x in enumerate(parts))


def report_html(p: ReportParts, out: Path, L: Labels) -> str:
    title = escape(L("rep.title"))
    html = [
        f'<!DOCTYPE html><html lang="{L.lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{HTML_CSS}</style></head><body>",
        f"<h1>{title}</h1>",
        *[f'<p class="note">{_md_bold(n)}</p>' for n in notes(p, L)],
        f"<h2>{escape(L('rep.h_cost'))}</h2>",
        html_table([L(k) for k in SAVINGS_KEYS], p.savings),
        _img(p.cost_png, L("rep.chart_cost")),
    ]
    if p.lead_png:
        html.append(_img(p.lead_png, L("rep.chart_lead")))
    links = map_links(p, out)
    if links:
        items = "".join(
            f'<li><a href="{escape(href)}">{escape(L("map.link"))}: {escape(n)}</a></li>' for n, href in links
        )
        html += [f"<h2>{escape(L('rep.maps'))}</h2>", f"<ul>{items}</ul>"]
    html += [
        f"<h2>{escape(L('rep.h_alloc'))}</h2>",
        f'<p class="note">{escape(L("rep.alloc_note"))}</p>',
        html_table(p.alloc_header, p.alloc_rows),
        f"<h3>{escape(L('rep.h_alloc_detail', name=p.base_name))}</h3>",
        html_table([L(k) for k in SHARE_KEYS], p.share_rows),
        f"<h2>{escape(L('rep.h_scenarios'))}</h2>",
        html_table([L("rep.scenario"), L("rep.question")], p.descriptions),
        "</body></html>",
    ]
    return "\n".join(html) + "\n"
