"""Printed pages in headless Chromium: the comparison table fits an A4 landscape page, and the
driver's sheets keep every figure on one line, on paper as on screen."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from logistics_opt.data.read import load_network
from logistics_opt.reports.compare import write_compare
from logistics_opt.reports.route_sheets_html import route_sheets_html
from logistics_opt.runs import load_runs
from tests.reports.chromium import Browser, Page
from tests.reports.test_compare_lang import make_runs
from tests.reports.test_map_html import TINY, needs_chromium, plan, stop

PX_PER_MM = 96 / 25.4  # CSS pixels


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with Browser() as b:
        yield b


def printed(browser: Browser, path: Path, width_mm: float) -> Page:
    """``path`` laid out as printed on paper whose text is ``width_mm`` wide."""
    page = browser.open(path.as_uri(), width=round(width_mm * PX_PER_MM), height=800)
    browser.call("Emulation.setEmulatedMedia", {"media": "print"}, page.session)
    return page


def page_size_pt(browser: Browser, page: Page) -> tuple[float, float]:
    """Width and height of the first page Chromium prints, as the page's CSS asks."""
    pdf = browser.call("Page.printToPDF", {"preferCSSPageSize": True}, page.session)["data"]
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", base64.b64decode(pdf))
    assert box, "no MediaBox in the PDF"
    return float(box.group(1)), float(box.group(2))


@needs_chromium
def test_report_prints_on_a4_landscape_and_its_tables_fit(tmp_path: Path, browser: Browser) -> None:
    """report.html prints on A4 landscape (842 x 595 pt); on its 277 mm of text every table fits,
    the 16-column comparison table included."""
    write_compare(load_runs([make_runs(tmp_path)]), tmp_path / "report")
    page = printed(browser, tmp_path / "report" / "report.html", 297 - 2 * 10)
    width, height = page_size_pt(browser, page)
    assert width == pytest.approx(842, abs=2) and height == pytest.approx(595, abs=2)
    columns = page.js("document.querySelector('table').rows[0].cells.length")
    too_wide = page.js(
        "[...document.querySelectorAll('table')].filter(t => t.scrollWidth > document.documentElement.clientWidth)"
        ".length"
    )
    assert columns == 16 and too_wide == 0


@needs_chromium
@pytest.mark.parametrize("media", ["print", "screen"])
def test_route_sheet_figures_stay_on_one_line(tmp_path: Path, browser: Browser, media: str) -> None:
    """A sheet of 27 stops: every figure (stop numbers 10-27 too) on one line, within its column,
    on A4 portrait's 190 mm of text and on screen."""
    p = plan()
    p["routes"][0]["stops"] = [stop("ABCD"[k % 4], f"{8 + k // 6:02d}:{k % 6 * 10:02d}", 12, 11, 39) for k in range(27)]
    path = tmp_path / "route_sheets.html"
    path.write_text(route_sheets_html(p, load_network(TINY)), encoding="utf-8")
    if media == "print":
        page = printed(browser, path, 210 - 2 * 10)
    else:
        page = browser.open(path.as_uri(), width=1000, height=800)
    lines = page.js(
        "[...document.querySelector('.sheet tbody').querySelectorAll('td.n')].map(td => {"
        " const r = document.createRange(); r.selectNodeContents(td);"
        " return [td.textContent, r.getClientRects().length, td.scrollWidth <= td.clientWidth]; })"
    )
    assert len(lines) == 6 * 29  # depart, 27 stops, return; six figure columns
    assert [x for x in lines if x[0] and (x[1] != 1 or not x[2])] == []
