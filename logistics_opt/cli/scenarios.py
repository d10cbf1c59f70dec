"""``logistics-opt scenario run`` and ``logistics-opt frontier``: several runs at once."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

import click

from ..progress import Bar, as_reporter
from ..reports.frontier import frontier_table, write_frontier
from ..routing.stop import DEFAULT_CAP_S, DEFAULT_TIME_S
from ..scenarios import RunResult, load_scenario, run_many, scenario_paths
from ..scenarios.frontier import parse_levels, run_frontier
from ..scenarios.spec import DEFAULT_REPEATS
from .common import (
    EXIT_ERROR,
    EXIT_INCOMPLETE,
    consistent_option,
    jobs_option,
    lang_option,
    progress_for,
    repeats_option,
    roads_option,
    seed_option,
    silent_option,
    stop_options,
    stop_rule,
)


def _report(r: RunResult, bar: Bar) -> None:
    """One run finished: a line (a failure even with --silent) and a step of the bar."""
    if not r.ok:
        bar.owner.line(f"{r.name}: FAILED after {r.seconds:.0f} s: {r.error}")
        bar.advance(note=f"{r.name} failed")
        return
    s = r.summary
    extra = f", {s['unassigned']} visits NOT served" if s.get("unassigned") else ""
    extra += f", the plan of {r.meta.plan_from.scenario}" if r.meta.plan_from else ""
    bar.say(
        f"{r.name}: EUR {s['cost_eur']:.2f}/week, {s['distance_km']:.0f} km, {s['routes']} routes"
        f"{extra} ({r.seconds:.0f} s) -> {r.out}"
    )
    if r.meta.solve.stopped_by_time_cap:
        bar.owner.line(
            f"{r.name}: stopped by the time cap on {', '.join(r.meta.solve.stopped_by_time_cap)}: not reproducible "
            "(give it a longer time_limit)"
        )
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
            click.echo(
                f"{r.name:<{width}}  {state:<6}  EUR {s['cost_eur']:>9,.2f}/week  {s['distance_km']:>7,.0f} km  "
                f"{s['routes']:>3} routes  {s['co2_kg']:>6,.0f} kg CO2  -> {r.out}"
            )
    failed = [r.name for r in results if not r.ok]
    if failed:
        click.echo(f"Error: {len(failed)} of {len(results)} scenarios failed: {', '.join(failed)}", err=True)
        sys.exit(EXIT_ERROR)
    if any(not r.complete for r in results):
        sys.exit(EXIT_INCOMPLETE)


@click.group()
def scenario() -> None:
    """Run named what-if scenarios (files in scenarios/, documented in scenarios/README.md).

    Example:

        logistics-opt scenario run scenarios --out out/scenarios
    """


@scenario.command("run")
@click.argument("scenarios", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="SCENARIO_OR_FOLDER...")
@click.option(
    "--out",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for the run folders: OUT/<scenario name>/ (each replaced atomically).",
)
@jobs_option("the scenarios")
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help="Run on a Dask distributed cluster at ADDRESS (tcp://host:8786) instead of local processes.",
)
@stop_options(
    "work",
    "Override every scenario's time limit (seconds per scenario; a cap in reproducible runs). With --stop, "
    f"--solution-limit or --rounds, the command line names every scenario's whole stopping rule (default "
    f"{DEFAULT_CAP_S:g} s as a cap with --stop work, {DEFAULT_TIME_S:g} with --stop time).",
)
@repeats_option(f"the scenario file's repeats, else {DEFAULT_REPEATS}")
@roads_option
@lang_option
@consistent_option
@silent_option
def run(
    scenarios: tuple[Path, ...],
    out: Path,
    jobs: int,
    scheduler: str | None,
    time_limit: float | None,
    stop: str | None,
    solution_limit: int | None,
    rounds: int | None,
    repeats: int | None,
    roads: Path | None,
    lang: str | None,
    consistent: bool,
    silent: bool,
) -> None:
    """Run scenario files (or folders of *.toml files) and write one run folder each under OUT.

    Each run folder has what `plan` writes (plan.json, route_sheet.csv, summary.csv, calendar.csv,
    route_sheets.xlsx, route_sheets.html, map.html, map_<day>.png, routes.geojson, inputs/ with the
    exact data used) plus scenario.toml.
    A scenario that fails is reported and the others still finish; the exit code is then 1
    (3 when all ran but some visits could not be served).

    Example:

        logistics-opt scenario run scenarios --out out/scenarios -j 2

        logistics-opt scenario run scenarios --out out/quick --stop time --time-limit 30
    """
    loaded = [load_scenario(p) for p in scenario_paths(list(scenarios))]
    if stop is not None or solution_limit is not None or rounds is not None:
        rule = stop_rule(stop, time_limit, solution_limit, rounds, default="work")
        loaded = [
            replace(s, time_limit_s=rule.time_limit_s, solution_limit=rule.solution_limit, rounds=rule.rounds)
            for s in loaded
        ]
    elif time_limit is not None:
        loaded = [replace(s, time_limit_s=time_limit) for s in loaded]
    if repeats is not None:
        loaded = [replace(s, repeats=repeats) for s in loaded]
    if roads is not None:
        loaded = [replace(s, settings={**s.settings, "roads": str(roads.resolve())}) for s in loaded]
    if lang:
        loaded = [replace(s, language=lang) for s in loaded]
    if consistent:  # the scenario's own [settings.consistency], else the data's, else the defaults
        loaded = [replace(s, settings={"consistency": {}, **s.settings}) for s in loaded]
    n = min(jobs or os.cpu_count() or 1, len(loaded))
    where = f"the Dask cluster at {scheduler}" if scheduler else f"{n} worker process{'es' if n > 1 else ''}"
    reporter = as_reporter(progress_for(silent))
    reporter.say(f"{len(loaded)} scenarios on {where}: {', '.join(s.name for s in loaded)}")
    with reporter.bar(len(loaded), "scenarios") as bar:
        results = run_many(
            loaded, out, jobs=jobs, scheduler=scheduler, on_result=lambda r: _report(r, bar), progress=bar.say
        )
    _finish(results)


@click.command()
@click.argument("data", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--out",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for frontier.csv, frontier.md, frontier.png and runs/max-<N>-days/.",
)
@click.option(
    "--levels",
    default="1,2,3,4,5",
    show_default=True,
    help="Values of max_days_between_visits to try, comma-separated.",
)
@stop_options(
    "work",
    f"Seconds per level (default: {DEFAULT_CAP_S:g} as a cap with --stop work, {DEFAULT_TIME_S:g} with --stop time).",
)
@seed_option
@repeats_option("1")
@jobs_option("the levels")
@roads_option
@lang_option
@consistent_option
@silent_option
def frontier(
    data: Path,
    out: Path,
    levels: str,
    time_limit: float | None,
    stop: str | None,
    solution_limit: int | None,
    rounds: int | None,
    seed: int,
    repeats: int | None,
    jobs: int,
    roads: Path | None,
    lang: str | None,
    consistent: bool,
    silent: bool,
) -> None:
    """Trade-off of weekly cost against service level for DATA.

    Runs the frequency model (--frequencies optimise) with max_days_between_visits set to each
    level as every branch's default (branches with fixed days or a limit of their own keep them),
    and writes a table (frontier.csv, frontier.md) and a chart (frontier.png), with each level's
    run folder under OUT/runs/. A level that costs more than a tighter one is flagged.

    Example:

        logistics-opt frontier data/utrecht --out out/frontier --time-limit 30
    """
    wanted = parse_levels(levels, data)
    rule = stop_rule(stop, time_limit, solution_limit, rounds, default="work")
    search = {"stop": rule.stop, "seed": seed, "repeats": repeats or 1, "time_limit": rule.time_limit_s}
    search |= {k: v for k, v in (("solution_limit", rule.solution_limit), ("rounds", rule.rounds)) if v is not None}
    how = "reproducible" if rule.stop == "work" else f"{rule.time_limit_s:g} s each"
    reporter = as_reporter(progress_for(silent))
    reporter.say(f"frontier: {len(wanted)} levels ({', '.join(map(str, wanted))}), {how}")
    with reporter.bar(len(wanted), "levels") as bar:
        rows = run_frontier(
            data,
            wanted,
            out,
            search,
            jobs,
            lambda r: _report(r, bar),
            roads=roads,
            language=lang,
            consistent=consistent,
        )
    write_frontier(rows, out, lang)
    click.echo(frontier_table(rows))
    click.echo(f"-> {out / 'frontier.md'}, {out / 'frontier.csv'}", err=True)
    if all(r["status"] != "ok" for r in rows):
        click.echo("Error: every level failed (see the messages above)", err=True)
        sys.exit(EXIT_ERROR)
