"""One document model, rendered as Markdown and as self-contained HTML, so both reports say the same.

A :class:`Doc` is a title and a list of blocks (headings, notes, tables, images). Figures in
tables are right-aligned in both renderings and written as the document's language writes them;
images are PNG bytes, linked as files from the Markdown and inlined as data URIs in the HTML, so
report.html opens offline on its own. Printed, report.html is A4 landscape, so the comparison
table's columns fit.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from html import escape
from typing import Any

from ..wording import local_figures

CSS = """
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 10pt; margin: 2em; color: #111; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em 0; }
th, td { border: 1px solid #aaa; padding: 3px 6px; text-align: left; }
th { background: #eee; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
img { max-width: 100%; border: 1px solid #ddd; }
.note { color: #555; max-width: 60em; }
@page { size: A4 landscape; margin: 10mm; }
@media print {
  body { margin: 0; font-size: 8pt; }
  th, td { padding: 1px 3px; }
  table, img { break-inside: avoid; page-break-inside: avoid; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
}
"""


def fmt(v: Any, decimals: int = 1) -> str:
    """A figure for display: thousands separators, fixed decimals; ``n/a`` when unknown."""
    if v is None:
        return "n/a"
    if isinstance(v, float):
        return f"{v:,.{decimals}f}"
    return str(v)


def numeric(cell: str) -> bool:
    """A display cell that holds a figure (right-aligned)."""
    core = cell.replace(",", "").replace(" ± ", "").replace("±", "")
    return cell in ("n/a", "-") or core.replace(".", "", 1).lstrip("-+").isdigit()


def _cell(cell: str, lang: str) -> str:
    """A table cell as ``lang`` writes it: figures with its decimal and thousands marks."""
    return local_figures(cell, lang) if numeric(cell) else cell


def md_table(header: list[str], rows: list[list[str]], lang: str = "en") -> str:
    """A Markdown table; columns of figures are right-aligned and written as ``lang`` writes figures."""
    cols = list(zip(*rows)) if rows else [()] * len(header)
    align = ["---:" if col and all(numeric(c) for c in col) else "---" for col in cols]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(_cell(c, lang).replace("|", "\\|") for c in r) + " |" for r in rows]
    return "\n".join(lines)


def html_table(header: list[str], rows: list[list[str]], lang: str = "en") -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f'<td class="{"n" if numeric(c) else ""}">{escape(_cell(c, lang))}</td>' for c in r) + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _bold_html(text: str) -> str:
    """``**bold**`` spans of a note as HTML."""
    parts = escape(text).split("**")
    return "".join(f"<b>{p}</b>" if k % 2 else p for k, p in enumerate(parts))


@dataclass
class Doc:
    """A report: title and blocks, each ``(kind, *args)``."""

    title: str
    lang: str = "en"
    blocks: list[tuple[Any, ...]] = field(default_factory=list)

    def heading(self, level: int, text: str) -> None:
        self.blocks.append(("heading", level, text))

    def note(self, text: str) -> None:
        self.blocks.append(("note", text))

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        self.blocks.append(("table", header, rows))

    def image(self, file: str, alt: str, png: bytes) -> None:
        self.blocks.append(("image", file, alt, png))

    def link(self, file: str, text: str) -> None:
        self.blocks.append(("link", file, text))

    def to_markdown(self) -> str:
        out = [f"# {self.title}", ""]
        for kind, *a in self.blocks:
            if kind == "heading":
                out += ["#" * a[0] + " " + a[1], ""]
            elif kind == "note":
                out += [a[0] + "  "]
            elif kind == "table":
                out += ["", md_table(a[0], a[1], self.lang), ""]
            elif kind == "image":
                out += ["", f"![{a[1]}]({a[0]})", ""]
            elif kind == "link":
                out += [f"- [{a[1]}]({a[0]})"]
        return "\n".join(out) + "\n"

    def to_html(self) -> str:
        out = [
            f'<!DOCTYPE html><html lang="{self.lang}"><head><meta charset="utf-8">'
            f"<title>{escape(self.title)}</title><style>{CSS}</style></head><body>",
            f"<h1>{escape(self.title)}</h1>",
        ]
        for kind, *a in self.blocks:
            if kind == "heading":
                out.append(f"<h{a[0]}>{escape(a[1])}</h{a[0]}>")
            elif kind == "note":
                out.append(f'<p class="note">{_bold_html(a[0])}</p>')
            elif kind == "table":
                out.append(html_table(a[0], a[1], self.lang))
            elif kind == "image":
                data = base64.b64encode(a[2]).decode()
                out.append(f'<p><img alt="{escape(a[1])}" src="data:image/png;base64,{data}"></p>')
            elif kind == "link":
                out.append(f'<p><a href="{escape(a[0])}">{escape(a[1])}</a></p>')
        return "\n".join(out + ["</body></html>"]) + "\n"
