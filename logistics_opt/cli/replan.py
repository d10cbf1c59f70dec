"""``logistics-opt replan RUN_DIR --day DAY --out DIR``: re-plan one day of a written run for a disruption."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..replan.disruption import Disruption, parse_clock, parse_extra
from ..replan.report import phone_lines, van_lines
from ..replan.run import replan_run
from ..runs import load_run
from .common import EXIT_INCOMPLETE


@click.command()
@click.argument("run_dir", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--day", required=True, metavar="DAY", help="The day to re-plan (mon, tue, ...), one the run plans.")
@click.option(
    "--out",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="New run folder to write (the run re-planned stays as it was).",
)
@click.option("--without", metavar="VAN", default=None, help="The van that breaks down (a van of the run that day).")
@click.option(
    "from_",
    "--from",
    metavar="HH:MM",
    default=None,
    help="When: stops reached by then stay as they were (default: before the day starts).",
)
@click.option(
    "--extra", multiple=True, metavar="BRANCH=CRATES", help="Extra crates to collect at BRANCH that day (repeatable)."
)
@click.option("--closed", multiple=True, metavar="BRANCH", help="BRANCH is shut that day (repeatable).")
@click.option(
    "--no-spare",
    is_flag=True,
    help="Send out no spare van of the fleet (a van with no route that day): what the vans on the road cannot "
    "take waits for the branch's next visit.",
)
def replan(
    run_dir: Path,
    day: str,
    out: Path,
    without: str | None,
    from_: str | None,
    extra: tuple[str, ...],
    closed: tuple[str, ...],
    no_spare: bool,
) -> None:
    """Re-plan DAY of run RUN_DIR for a disruption and write the whole week as run OUT.

    At --from, every other van goes on from where it is with the crates aboard: the stops it has reached stay
    as they were, in time and order, and it keeps its order for the rest of the day. The broken van (--without)
    does nothing after --from: its undelivered crates come back to the hub and wait for each branch's next
    visit; its remaining pickups go into the other vans where they have room and time (cheapest insertion, then
    a light improvement; a van that may reload may go back to the hub to unload), else into a spare van of the
    fleet (one with no route that day, leaving the hub at --from; not with --no-spare), else to the branch's next visit day when that van has room, else they are listed as not served with
    the reason. A shut branch's crates (--closed) wait for its next visit; extra crates (--extra) join the
    branch's visit or become a stop of their own.

    OUT holds the whole week (the changed day's route sheets first, changes.csv against the run re-planned) and
    inputs/disruption.toml, which 'check' verifies the plan against. Prints per van what changed and the phone
    list: each branch whose visit moved by more than 15 minutes or to another day, with its new time. Exit 3
    when some crates could not be served this week.

    Example:

        logistics-opt replan out --day tue --without diesel_van-1 --from 11:00 --out out-tue

        logistics-opt replan out --day wed --extra UTR-01=6 --closed AVV-01 --out out-wed
    """
    if without is None and not extra and not closed:
        raise click.UsageError("nothing to re-plan: give --without, --extra or --closed")
    d = Disruption(
        day.strip().lower(),
        without,
        None if from_ is None else parse_clock(from_),
        parse_extra(extra),
        tuple(dict.fromkeys(b.strip() for b in closed)),
        spare=not no_spare,
    )
    result = replan_run(load_run(run_dir), d, out)
    s, was = result.plan.summary(), result.old.get("summary", {})
    click.echo(
        f"replanned {d.day} of {run_dir} in {result.seconds:.1f} s, checked -> {out}: week EUR {s['cost_eur']:.2f} "
        f"(was EUR {was.get('cost_eur', 0):.2f}), {s['routes']} routes"
    )
    click.echo("vans:")
    for line in van_lines(result):
        click.echo(line)
    calls = phone_lines(result)
    click.echo(
        f"phone list ({len(calls)} branches: visit moved by more than 15 minutes or to another day"
        + (", or off its promised van or window" if result.old.get("consistency") else "")
        + "):"
    )
    for line in calls:
        click.echo(line)
    new = [u for u in result.plan.unassigned if u.reason_code.startswith("replan_")]
    if new:
        click.echo(f"Incomplete: {len(new)} visits' crates could not be moved this week:", err=True)
        for u in new:
            click.echo(f"  {u.branch} on {u.day}: {u.reason}", err=True)
        sys.exit(EXIT_INCOMPLETE)
