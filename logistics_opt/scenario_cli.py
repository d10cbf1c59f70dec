"""Commands ``scenario run``, ``compare`` and ``frontier`` (registered by :mod:`logistics_opt.cli`)."""
from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from pathlib import Path

import click

from .cli import lang_option
from .errors import InputError
from .progress import Bar, Progress
from .scenarios import RunResult, Scenario, load_scenario, run_many, scenario_from_dict, scenario_paths

EXIT_INCOMPLETE = 3


def _report(r: RunResult, bar: Bar) -> None:
    """One scenario finished: a line (failures even with --silent) and a step of the bar."""
    if not r.ok:
        bar.owner.line(f"{r.name}: FAILED after {r.seconds:.0f} s: {r.error}")  # even with --silent
        bar.advance(note=f"{r.name} failed")
        return
    s = r.summary
    extra = f", {s['unassigned']} visits NOT served" if s.get("unassigned") else ""
    bar.say(f"{r.name}: EUR {s['cost_eur']:.2f}/week, {s['distance_km']:.0f} km, {s['routes']} routes"
            f"{extra} ({r.seconds:.0f} s) -> {r.out}")
    bar.advance(note=r.name)


def _finish(results: list[RunResult]) -> None:
    """One line per scenario on stdout; exit 1 if any failed, 3 if any left visits unserved."""
    width = max(len(r.name) for r in results)
    for r in results:
        if not r.ok:
            click.echo(f"{r.name:<{width}}  FAILED  {r.error}")
        else:
            s = r.summary
            state = "ok" if r.complete else f"INCOMPLETE ({s['unassigned']} visits not served)"
            click.echo(f"{r.name:<{width}}  {state:<6}  EUR {s['cost_eur']:>9,.2f}/week  {s['distance_km']:>7,.0f} km  "
                       f"{s['routes']:>3} routes  {s['co2_kg']:>6,.0f} kg CO2  -> {r.out}")
    failed = [r.name for r in results if not r.ok]
    if failed:
        click.echo(f"Error: {len(failed)} of {len(results)} scenarios failed: {', '.join(failed)}", err=True)
        sys.exit(1)
    if any(not r.complete for r in results):
        sys.exit(EXIT_INCOMPLETE)


@click.group()
def scenario() -> None:
    """Run named what-if scenarios (files in scenarios/, documented in scenarios/README.md).

    Example:

        logistics-opt scenario run scenarios --out out/scenarios
    """


@scenario.command("run")
@click.argument("scenarios", nargs=-1, required=True, type=click.Path(path_type=Path),
                metavar="SCENARIO_OR_FOLDER...")
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the run folders: OUT/<scenario name>/ (each replaced atomically).")
@click.option("--jobs", "-j", type=click.IntRange(0, 64), default=0, show_default=True,
              help="Scenarios solved at once in worker processes (0: one per core).")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Run on a Dask distributed cluster at ADDRESS (tcp://host:8786) instead of local processes.")
@click.option("--time-limit", type=click.FloatRange(0.1, None), default=None,
              help="Override every scenario's time limit (seconds per scenario).")
@lang_option
@click.option("--silent", is_flag=True, help="No progress messages on stderr.")
def run(scenarios: tuple[Path, ...], out: Path, jobs: int, scheduler: str | None, time_limit: float | None,
        lang: str | None, silent: bool) -> None:
    """Run scenario files (or folders of *.toml files) and write one run folder each under OUT.

    Each run folder has what `plan` writes (plan.json, route_sheet.csv, summary.csv, route_sheets.xlsx,
    route_sheets.html, map.html, map_<day>.png, routes.geojson, inputs/ with the exact data used)
    plus scenario.toml.
    A scenario that fails is reported and the others still finish; the exit code is then 1
    (3 when all ran but some visits could not be served).

    Example:

        logistics-opt scenario run scenarios --out out/scenarios -j 2
    """
    loaded = [load_scenario(p) for p in scenario_paths(list(scenarios))]
    if time_limit is not None:
        loaded = [replace(s, time_limit_s=time_limit) for s in loaded]
    if lang:
        loaded = [replace(s, language=lang.lower()) for s in loaded]
    n = min(jobs or os.cpu_count() or 1, len(loaded))
    where = f"the Dask cluster at {scheduler}" if scheduler else f"{n} worker process{'es' if n > 1 else ''}"
    progress = Progress(silent)
    progress.say(f"{len(loaded)} scenarios on {where}: {', '.join(s.name for s in loaded)}")
    with progress.bar(len(loaded), "scenarios") as bar:
        results = run_many(loaded, out, jobs=jobs, scheduler=scheduler, on_result=lambda r: _report(r, bar))
    _finish(results)


@click.command()
@click.argument("runs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path),
                metavar="RUN_DIR...")
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Report folder to write (replaced atomically).")
@click.option("--baseline", default=None, help="Run to measure savings against (default: 'baseline', else the first).")
@click.option("--weeks-per-year", type=click.FloatRange(1, 53), default=52.0, show_default=True,
              help="Weeks of service a year, for the yearly figures.")
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
    from .reports.compare import SAVINGS_HEADER, load_runs, savings_table, write_compare, md_table

    rows = write_compare(load_runs(list(runs)), out, baseline, weeks_per_year, lang.lower() if lang else None)
    click.echo(md_table(SAVINGS_HEADER, savings_table(rows)))
    click.echo(f"-> {out / 'report.html'}, {out / 'report.md'}, {out / 'comparison.csv'}", err=True)


@click.command()
@click.argument("data", type=click.Path(file_okay=False, path_type=Path))
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for frontier.csv, frontier.md, frontier.png and runs/max-<N>-days/.")
@click.option("--levels", default="1,2,3,4,5", show_default=True,
              help="Values of max_days_between_visits to try, comma-separated.")
@click.option("--time-limit", type=click.FloatRange(0.1, None), default=30.0, show_default=True,
              help="Seconds per level.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for every level.")
@click.option("--jobs", "-j", type=click.IntRange(0, 64), default=0, show_default=True,
              help="Levels solved at once in worker processes (0: one per core).")
@lang_option
@click.option("--silent", is_flag=True, help="No progress messages on stderr.")
def frontier(data: Path, out: Path, levels: str, time_limit: float, seed: int, jobs: int, lang: str | None,
             silent: bool) -> None:
    """Trade-off of weekly cost against service level for DATA.

    Runs the frequency model (--frequencies optimise) with max_days_between_visits set to each
    level as every branch's default (branches with fixed days or a limit of their own keep them),
    and writes a table (frontier.csv, frontier.md) and a chart (frontier.png), with each level's
    run folder under OUT/runs/. A level that costs more than a tighter one is flagged.

    Example:

        logistics-opt frontier data/utrecht --out out/frontier --time-limit 30
    """
    from .reports.compare import frontier_row, frontier_table, mark_dominated, write_frontier
    from .loader import load_network

    try:
        wanted = sorted({int(x) for x in levels.split(",") if x.strip()})
    except ValueError:
        raise click.BadParameter(f"'{levels}' is not a comma-separated list of whole numbers",
                                 param_hint="--levels") from None
    ndays = len(load_network(data).settings.working_days)
    if not wanted or wanted[0] < 1 or wanted[-1] > ndays:
        raise InputError("--levels", f"'{levels}': levels must be whole numbers from 1 to {ndays} (working days)")
    scns: list[Scenario] = [
        scenario_from_dict({"name": f"max-{k}-days", "data": str(Path(data).resolve()), "time_limit": time_limit,
                            "seed": seed, "frequencies": "optimise", "settings": {"max_days_between_visits": k},
                            "description": f"frequency model, at most {k} working days between visits"})
        for k in wanted]
    if lang:
        scns = [replace(s, language=lang.lower()) for s in scns]
    progress = Progress(silent)
    progress.say(f"frontier: {len(scns)} levels ({', '.join(map(str, wanted))}), {time_limit:g} s each")
    with progress.bar(len(scns), "levels") as bar:
        results = run_many(scns, out / "runs", jobs=jobs, on_result=lambda r: _report(r, bar))
    rows = []
    for k, r in zip(wanted, results):
        plan = json.loads((Path(r.out) / "plan.json").read_text(encoding="utf-8")) if r.ok else None
        rows.append(frontier_row(k, plan, r.error))
    rows = mark_dominated(rows)
    write_frontier(rows, out)
    click.echo(frontier_table(rows))
    click.echo(f"-> {out / 'frontier.md'}, {out / 'frontier.csv'}", err=True)
    if all(r["status"] != "ok" for r in rows):
        click.echo("Error: every level failed (see the messages above)", err=True)
        sys.exit(1)
