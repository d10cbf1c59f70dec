"""``logistics-opt diff RUN_A RUN_B [--out DIR]``: what changed between two run folders."""

from __future__ import annotations

from pathlib import Path

import click

from ..changes import changes_csv, changes_lines, plan_changes, read_plan
from ..files import write_text


@click.command()
@click.argument("run_a", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.argument("run_b", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option(
    "--out",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write changes.csv to (created when missing).",
)
def diff(run_a: Path, run_b: Path, out: Path | None) -> None:
    """What changed from run RUN_A to run RUN_B (two run folders).

    Prints, per branch, each visit whose van, day or arrival changed (before -> after, and the minutes an
    arrival moved on the same day), and per van and day the stops added (+) and removed (-); "no change"
    when the two plans visit every branch alike. With --out, also writes the same table as
    DIR/changes.csv.

    Example:

        logistics-opt diff out/scenarios/baseline out/scenarios/hub-nieuwegein

        logistics-opt diff out out-replanned --out changes
    """
    changes = plan_changes(read_plan(run_a / "plan.json"), read_plan(run_b / "plan.json"))
    for line in changes_lines(changes):
        click.echo(line)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        write_text(out / "changes.csv", changes_csv(changes))
        click.echo(f"-> {out / 'changes.csv'}")
