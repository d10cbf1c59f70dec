"""``logistics-opt compare RUN_DIR... --out DIR``."""

from __future__ import annotations

from pathlib import Path

import click

from ..reports.compare import SAVINGS_HEADER, savings_table, write_compare
from ..reports.render import md_table
from ..runs import load_runs
from .common import lang_option


@click.command()
@click.argument("runs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path), metavar="RUN_DIR...")
@click.option(
    "--out",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Report folder to write (replaced atomically).",
)
@click.option("--baseline", default=None, help="Run to measure savings against (default: 'baseline', else the first).")
@click.option(
    "--weeks-per-year",
    type=click.FloatRange(1, 53),
    default=52.0,
    show_default=True,
    help="Weeks of service a year, for the yearly figures.",
)
@lang_option
def compare(runs: tuple[Path, ...], out: Path, baseline: str | None, weeks_per_year: float, lang: str | None) -> None:
    """Compare run folders (or folders of run folders) and write report.md, report.html and comparison.csv.

    The report gives cost per week and per year, km, van-hours, routes, CO2, lead time and the
    savings against the baseline, charts, and the cost per library organisation by volume x distance
    (allocation.csv), and links each run's interactive map.html. report.html is self-contained and
    opens offline. --lang picks the report's language (default: the baseline run's).

    Example:

        logistics-opt compare out/scenarios --out out/report --baseline baseline --lang nl
    """
    rows = write_compare(load_runs(list(runs)), out, baseline, weeks_per_year, lang)
    click.echo(md_table(SAVINGS_HEADER, savings_table(rows)))
    click.echo(f"-> {out / 'report.html'}, {out / 'report.md'}, {out / 'comparison.csv'}", err=True)
