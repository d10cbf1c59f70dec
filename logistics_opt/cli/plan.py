"""``logistics-opt plan DATA --out DIR`` and ``logistics-opt check RUN_DIR``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..calendar_week import parse_week, week_line
from ..pipeline import RunOptions, check_against_run, run_plan
from ..plan import Plan
from ..plan_meta import PreviousRecord
from ..routing.stop import DEFAULT_TIME_S
from ..runs import load_run
from .common import (
    EXIT_INCOMPLETE,
    consistent_option,
    lang_option,
    progress_for,
    roads_option,
    solve_options,
    stop_rule,
)


@click.command()
@click.argument("data", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--out",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Run folder to write (replaced atomically).",
)
@click.option(
    "--frequencies",
    type=click.Choice(["current", "optimise"]),
    default="current",
    show_default=True,
    help="current: visit days as today; optimise: choose them.",
)
@click.option(
    "--matrix",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="Road matrix from an external router: CSV from,to,km[,minutes].",
)
@roads_option
@click.option("--no-cache", is_flag=True, help="Do not read or write the distance cache.")
@lang_option
@click.option(
    "--week",
    default=None,
    metavar="YYYY-Www",
    help="The ISO week planned, e.g. 2026-W22: its dates go on the route sheets, timetable and GPX, and its "
    "Dutch public holidays are taken out of the working days.",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="With several hubs: solve the parts (hub x day) on this Dask cluster, e.g. tcp://host:8786.",
)
@click.option(
    "--previous",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="RUN_DIR",
    help="An earlier run folder: keep each branch's van, days and time where that costs little ([stability] in "
    "settings.toml); changes.csv lists what changed. Without --week: the week after the earlier run's week.",
)
@consistent_option
@solve_options
def plan(
    data: Path,
    out: Path,
    frequencies: str,
    matrix: Path | None,
    roads: Path | None,
    no_cache: bool,
    lang: str | None,
    week: str | None,
    scheduler: str | None,
    consistent: bool,
    previous: Path | None,
    time_limit: float | None,
    stop: str | None,
    seed: int,
    solution_limit: int | None,
    rounds: int | None,
    engine: str,
    jobs: int,
    silent: bool,
) -> None:
    """Plan a week of routes for DATA and write the run folder OUT.

    OUT gets plan.json, route_sheet.csv, summary.csv, calendar.csv, route_sheets.xlsx,
    route_sheets.html, map.html (interactive, opens offline), day maps, routes.geojson and
    inputs/ (the exact data used). Every plan is re-checked by an independent checker before
    it is written.

    Example:

        logistics-opt plan data/utrecht --out out --time-limit 30

        logistics-opt plan data/utrecht --out out --stop work --seed 1

        logistics-opt plan data/utrecht --roads roads/utrecht --out out

        logistics-opt plan data/utrecht --out out --lang nl

        logistics-opt plan data/utrecht --previous out/last-week --out out/this-week
    """
    if week:
        parse_week(week)
    if roads and matrix:
        raise click.UsageError("give --roads or --matrix, not both")
    rule = stop_rule(stop, time_limit, solution_limit, rounds, default="time", cap_s=DEFAULT_TIME_S)
    opts = RunOptions(
        time_limit_s=rule.time_limit_s,
        seed=seed,
        solution_limit=rule.solution_limit,
        rounds=rule.rounds,
        frequencies=frequencies,
        engine=engine,
        workers=jobs,
        matrix=str(matrix) if matrix else None,
        roads=str(roads) if roads else None,
        use_cache=not no_cache,
        language=lang,
        week=week,
        scheduler=scheduler,
        consistent=consistent,
        previous=str(previous) if previous else None,
    )
    _tell(run_plan(data, out, opts, progress=progress_for(silent)), out)


def previous_line(r: PreviousRecord) -> str:
    """What ``plan --previous`` says of the earlier run: which plan won and the figures it won by."""
    return (
        f"previous: {r.folder}: {'its routes kept' if r.plan == 'kept' else 'planned from scratch'} (from scratch: "
        f"EUR {r.from_scratch_eur:.2f}); against it "
        f"{r.moved_van} branches change van, {r.moved_day} day, {r.late_min:.0f} min outside their windows, "
        f"EUR {r.stability_eur:.2f} at the [stability] prices"
    )


def _tell(p: Plan, out: Path) -> None:
    """What ``plan`` prints: the week's figures on stdout; warnings and unserved visits on stderr (exit 3)."""
    if p.meta.reproducible_search and p.meta.solve.stopped_by_time_cap:
        click.echo(
            f"Warning: stopped by the time cap on {', '.join(p.meta.solve.stopped_by_time_cap)}: not reproducible "
            "(give it a longer --time-limit)",
            err=True,
        )
    s = p.summary()
    if p.meta.week is not None:
        click.echo(week_line(p.meta.week))
    if p.meta.previous is not None:
        click.echo(previous_line(p.meta.previous))
    click.echo(f"distances: {p.meta.distances['label']}")
    click.echo(
        f"week: EUR {s['cost_eur']:.2f}, {s['distance_km']:.1f} km, {s['duration_h']:.1f} van-hours, "
        f"{s['routes']} routes, {s['co2_kg']:.1f} kg CO2 -> {out}"
    )
    if "trunk_cost_eur" in s:
        click.echo(
            f"trunk: EUR {s['trunk_cost_eur']:.2f} for {s['trunk_crates']} crates ({s['trunk_items']} items) "
            "between hubs"
        )
    if p.service:
        svc = p.service
        click.echo(
            f"service: lead time mean {svc.get('lead_time_mean_days')} working days, "
            f"p95 {svc.get('lead_time_p95_days')}"
        )
    if p.unassigned:
        click.echo(
            f"Incomplete: {len(p.unassigned)} visits could not be served; see 'unassigned' in {out / 'plan.json'}",
            err=True,
        )
        for u in p.unassigned[:5]:
            click.echo(f"  {u.branch} on {u.day}: {u.reason}", err=True)
        sys.exit(EXIT_INCOMPLETE)


@click.command()
@click.argument("run_dir", type=click.Path(file_okay=False, exists=True, path_type=Path))
def check(run_dir: Path) -> None:
    """Re-check RUN_DIR/plan.json against the data in RUN_DIR/inputs/.

    Recomputes every route (distances with geopy, or from the run's stored matrix
    inputs/matrix.csv.gz when it used a road network or a router's matrix; times, breaks, loads,
    crates by the accumulation rule, shifts, fleet counts, weekly volumes, costs). Exit 0 when the plan
    holds, 1 with the violations listed when it does not.

    Example:

        logistics-opt check out
    """
    plan_path = run_dir / "plan.json"
    run = load_run(run_dir)
    plan = run.plan
    problems = check_against_run(plan, run)
    if problems:
        for p in problems:
            click.echo(p)
        raise click.ClickException(f"{len(problems)} violations in {plan_path}")
    s = plan.get("summary", {})
    click.echo(
        f"{plan_path}: OK ({s.get('routes')} routes, EUR {s.get('cost_eur')}, "
        f"{s.get('distance_km')} km recomputed from inputs/)"
    )
