"""Command ``roads build``: prepare a road network from an OpenStreetMap extract, once."""

from __future__ import annotations

from pathlib import Path

import click

from ..wording import distances_label


@click.group()
def roads() -> None:
    """Real road distances from OpenStreetMap, computed on this machine (needs the roads extra).

    Example:

        logistics-opt roads build utrecht-latest.osm.pbf --out roads/utrecht

        logistics-opt plan data/utrecht --roads roads/utrecht --out out
    """


@roads.command()
@click.argument("pbf", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Road folder to write (default: next to the file, FILE.roads). Reused when it already holds this file.",
)
@click.option("--threads", type=click.IntRange(1, 64), default=None, help="Threads for OSRM (default: all cores).")
@click.option("--silent", is_flag=True, help="No progress messages on stderr.")
def build(pbf: Path, out: Path | None, threads: int | None, silent: bool) -> None:
    """Prepare the car road network of an OpenStreetMap extract PBF for --roads.

    Runs OSRM's extract and contract steps with the car profile (a few minutes for a province) into
    OUT, with a manifest of the file's sha256 and date. Built once: the same file into the same
    folder is reused. A failed build leaves nothing behind.

    Example:

        logistics-opt roads build utrecht-latest.osm.pbf --out roads/utrecht
    """
    from ..roads import build_roads

    def say(msg: str) -> None:
        click.echo(f"[logistics-opt] {msg}", err=True)

    result = build_roads(pbf, out, threads=threads, progress=None if silent else say)
    m = result.manifest
    verb = "reused" if result.reused else f"built in {result.seconds:.1f} s"
    click.echo(f"{result.folder}: {distances_label(m.described(result.folder))}, {verb}; use --roads {result.folder}")
