"""The ``logistics-opt`` command line (click, in the manner of sqlite-utils).

Data goes to files or stdout, progress to stderr. Bad input: ``Error: FILE, row N, column C:
...`` and exit 1; usage errors exit 2; a plan with unserved visits is written but exits 3;
Ctrl-C exits 130 and leaves no half-written output.
"""
from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Callable

import click

from . import __version__
from .errors import LogisticsError
from .progress import Progress

EXIT_INCOMPLETE = 3


class Group(click.Group):
    """Turns every library error into one ``Error:`` line; never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LogisticsError as e:
            raise click.ClickException(str(e)) from None
        except KeyboardInterrupt:
            click.echo("Interrupted: nothing was written (earlier output is as it was).", err=True)
            ctx.exit(130)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as e:  # a bug: still one line, unless debugging
            if os.environ.get("LOGISTICS_OPT_DEBUG"):
                raise
            raise click.ClickException(
                f"internal error: {type(e).__name__}: {e} (set LOGISTICS_OPT_DEBUG=1 for details; please report)"
            ) from None


def lang_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """--lang: the language of route sheets, calendar, map and report (default: settings.toml's)."""
    return click.option("--lang", type=click.Choice(["en", "nl"], case_sensitive=False), default=None,
                        help="Language of route sheets, calendar, map and report: en or nl "
                             "(default: 'language' in settings.toml, else en).")(f)


def solve_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by every command that solves: the same spelling everywhere."""
    f = click.option("--silent", is_flag=True, help="No progress messages on stderr.")(f)
    f = click.option("--workers", "-j", type=click.IntRange(0, 64), default=0, show_default=True,
                     help="Processes for solving days in parallel (0: one per core, at most 2).")(f)
    f = click.option("--engine", type=click.Choice(["ortools", "pyvrp", "best"]), default="ortools",
                     show_default=True, help="Routing engine (pyvrp/best need the pyvrp extra).")(f)
    f = click.option("--solution-limit", type=click.IntRange(1, None), default=None,
                     help="Stop each day's first search after this many solutions, then run a "
                          "quarter as many ruin-and-recreate rounds (reproducible runs).")(f)
    f = click.option("--seed", type=int, default=0, show_default=True,
                     help="Seed: with --solution-limit the same seed gives the same plan.")(f)
    f = click.option("--time-limit", type=click.FloatRange(0.1, None), default=30.0, show_default=True,
                     help="Wall-clock seconds for the whole week.")(f)
    return f


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="logistics-opt")
def cli() -> None:
    """Plan the interlibrary-loan vans: daily routes through the hub, visit frequencies,
    scenarios and cost reports.

    Example:

        logistics-opt validate data/utrecht

        logistics-opt plan data/utrecht --out out --time-limit 30
    """


@cli.command()
@click.argument("data", type=click.Path(file_okay=False, path_type=Path))
def validate(data: Path) -> None:
    """Check a data folder and print a summary: branches per organisation, weekly crates, fleet.

    Example:

        logistics-opt validate data/utrecht
    """
    from .loader import load_network
    from .schedule import current_schedule
    from .planner import week_visits

    net = load_network(data)
    s = net.settings
    click.echo(f"{data}: valid")
    click.echo(f"hubs: {', '.join(f'{h.id} ({h.town})' for h in net.hubs)}")
    orgs = Counter(b.organisation for b in net.stops)
    kinds = Counter((b.organisation, b.kind) for b in net.stops)
    click.echo(f"branches and service points: {len(net.stops)} in {len(orgs)} organisations")
    width = max((len(o) for o in orgs), default=10)
    for org in sorted(orgs):
        click.echo(f"  {org:<{width}}  {kinds[(org, 'branch')]:>3} branches  {kinds[(org, 'service_point')]:>3} service points")
    items = net.weekly_items()
    sent = sum(v[0] for v in items.values())
    recv = sum(v[1] for v in items.values())
    wv = week_visits(net, current_schedule(net))
    crates_out = sum(v.pickup_crates for vs in wv.values() for v in vs)
    crates_in = sum(v.deliver_crates for vs in wv.values() for v in vs)
    click.echo(f"requests: {len(net.requests)} rows, {sent} items a week collected, {recv} delivered")
    click.echo(f"weekly crates at current visit days: {crates_out} collected, {crates_in} delivered "
               f"({s.items_per_crate:g} items a crate)")
    click.echo("fleet:")
    for v in net.fleet:
        click.echo(f"  {v.type}: {v.count} x {v.capacity_crates} crates, EUR {v.cost_per_km:.2f}/km, "
                   f"EUR {v.cost_per_hour:.2f}/h, EUR {v.fixed_cost_per_day:.2f}/day, {v.co2_g_per_km:g} g CO2/km, "
                   f"{_hhmm(v.shift_start_min)}-{_hhmm(v.shift_end_min)} from {v.depot}")
    click.echo(f"working days: {'+'.join(s.working_days)}")


def _hhmm(m: float) -> str:
    from .plan import hhmm
    return hhmm(m)


@cli.command()
@click.argument("data", type=click.Path(file_okay=False, path_type=Path))
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Run folder to write (replaced atomically).")
@click.option("--frequencies", type=click.Choice(["current", "optimise"]), default="current",
              show_default=True, help="current: visit days as today; optimise: choose them.")
@click.option("--matrix", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="Road matrix from an external router: CSV from,to,km[,minutes].")
@click.option("--no-cache", is_flag=True, help="Do not read or write the distance cache.")
@lang_option
@solve_options
def plan(data: Path, out: Path, frequencies: str, matrix: Path | None, no_cache: bool, lang: str | None,
         time_limit: float, seed: int, solution_limit: int | None, engine: str, workers: int, silent: bool) -> None:
    """Plan a week of routes for DATA and write the run folder OUT.

    OUT gets plan.json, route_sheet.csv, summary.csv, calendar.csv, route_sheets.xlsx,
    route_sheets.html, map.html (interactive, opens offline), day maps, routes.geojson and
    inputs/ (the exact data used). Every plan is re-checked by an independent checker before
    it is written.

    Example:

        logistics-opt plan data/utrecht --out out --time-limit 30

        logistics-opt plan data/utrecht --out out --lang nl
    """
    from .pipeline import RunOptions, run_plan

    opts = RunOptions(time_limit_s=time_limit, seed=seed, solution_limit=solution_limit,
                      frequencies=frequencies, engine=engine, workers=workers,
                      matrix=str(matrix) if matrix else None, use_cache=not no_cache,
                      language=lang.lower() if lang else None)
    p = run_plan(data, out, opts, progress=Progress(silent))
    s = p.summary()
    click.echo(f"week: EUR {s['cost_eur']:.2f}, {s['distance_km']:.1f} km, {s['duration_h']:.1f} van-hours, "
               f"{s['routes']} routes, {s['co2_kg']:.1f} kg CO2 -> {out}")
    if p.service:
        svc = p.service
        click.echo(f"service: lead time mean {svc.get('lead_time_mean_days')} working days, "
                   f"p95 {svc.get('lead_time_p95_days')}")
    if p.unassigned:
        click.echo(f"Incomplete: {len(p.unassigned)} visits could not be served; see 'unassigned' in "
                   f"{out / 'plan.json'}", err=True)
        for u in p.unassigned[:5]:
            click.echo(f"  {u.branch} on {u.day}: {u.reason}", err=True)
        sys.exit(EXIT_INCOMPLETE)


from .benchmarks.cli import bench  # noqa: E402  (commands in their own modules)
from .check_cli import check  # noqa: E402
from .init_cli import init  # noqa: E402
from .scenario_cli import compare, frontier, scenario  # noqa: E402

for _command in (bench, check, init, scenario, compare, frontier):
    cli.add_command(_command)


def main() -> None:
    cli(prog_name="logistics-opt")
