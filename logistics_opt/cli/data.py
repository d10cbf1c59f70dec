"""``logistics-opt validate DATA``: check a data folder and summarise it; ``logistics-opt init DIR``:
write a data-folder template."""

from __future__ import annotations

from pathlib import Path

import click

from ..data.model import LOAN_KIND, RETURN_KIND
from ..data.read import load_network
from ..distances import run_matrix
from ..plan import hhmm
from ..planning.schedule import network_figures
from ..supply import supplied


@click.command()
@click.argument("data", type=click.Path(file_okay=False, path_type=Path))
def validate(data: Path) -> None:
    """Check a data folder and print a summary: branches per organisation, weekly crates, fleet.

    Example:

        logistics-opt validate data/utrecht
    """
    net = load_network(data)
    if net.reservations is not None:  # the flows the log gives under [supply]
        rule = net.settings.supply.rule
        net = supplied(net, run_matrix(net)[0] if rule == "nearest_copy" else None)
    fig = network_figures(net)
    click.echo(f"{data}: valid")
    click.echo(f"hubs: {', '.join(f'{h.id} ({h.town})' for h in net.hubs)}")
    orgs = fig["organisations"]
    click.echo(f"branches and service points: {len(net.stops)} in {len(orgs)} organisations")
    width = max((len(o) for o in orgs), default=10)
    for org, kinds in sorted(orgs.items()):
        click.echo(f"  {org:<{width}}  {kinds['branch']:>3} branches  {kinds['service_point']:>3} service points")
    click.echo(
        f"requests: {len(net.requests)} rows, {fig['items_sent']} items a week collected, "
        f"{fig['items_received']} delivered"
    )
    if net.reservations is not None:
        loans = sum(r.items for r in net.requests if r.kind == LOAN_KIND)
        returns = sum(r.items for r in net.requests if r.kind == RETURN_KIND)
        click.echo(
            f"reservations: {len(net.reservations)} rows, {sum(r.items for r in net.reservations)} a week; "
            f"supply rule {net.settings.supply.rule}: {loans} items loaned, {returns} returned"
        )
    click.echo(
        f"weekly crates at current visit days: {fig['crates_collected']} collected, "
        f"{fig['crates_delivered']} delivered ({net.settings.items_per_crate:g} items a crate)"
    )
    click.echo("fleet:")
    for v in net.fleet:
        click.echo(
            f"  {v.type}: {v.count} x {v.capacity_crates} crates, EUR {v.cost_per_km:.2f}/km, "
            f"EUR {v.cost_per_hour:.2f}/h, EUR {v.fixed_cost_per_day:.2f}/day, {v.co2_g_per_km:g} g CO2/km, "
            f"{hhmm(v.shift_start_min)}-{hhmm(v.shift_end_min)} from {v.depot}"
        )
    click.echo(f"working days: {'+'.join(net.settings.working_days)}")


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
    from ..data.template import write_template

    files = write_template(folder, xlsx=xlsx)
    click.echo(f"{folder}: wrote {', '.join(f.name for f in files)}")
    click.echo(f"next: edit the example rows, then run  logistics-opt validate {folder}")
