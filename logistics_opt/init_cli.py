"""``logistics-opt init DIR``: write a data-folder template (registered by :mod:`logistics_opt.cli`)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--xlsx", is_flag=True, help="One workbook data.xlsx with a sheet per table instead of three CSVs.")
def init(folder: Path, xlsx: bool) -> None:
    """Write a data-folder template into DIR (a new or empty folder).

    DIR gets branches.csv, requests.csv and fleet.csv (or data.xlsx with --xlsx), settings.toml and a
    README.md: every table with its header, example rows and a note on every column. The template
    is valid as it is; replace the example rows with your network.

    Example:

        logistics-opt init mydata

        logistics-opt validate mydata

        logistics-opt plan mydata --out out
    """
    from .template import write_template

    files = write_template(folder, xlsx=xlsx)
    click.echo(f"{folder}: wrote {', '.join(f.name for f in files)}")
    click.echo(f"next: edit the example rows, then run  logistics-opt validate {folder}")
