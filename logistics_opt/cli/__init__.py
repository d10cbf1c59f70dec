"""The ``logistics-opt`` command line (click, in the manner of sqlite-utils).

Data goes to files or stdout, progress to stderr. Bad input: ``Error: FILE, row N, column C:
...`` and exit 1; usage errors exit 2; a plan with unserved visits is written but exits 3;
Ctrl-C exits 130 and leaves no half-written output (:mod:`.common`). One module per command
family: :mod:`.data` (init, validate), :mod:`.plan` (plan, check), :mod:`.scenarios` (scenario run,
frontier), :mod:`.reports` (compare), :mod:`.diff` (diff), :mod:`.replan` (replan), :mod:`.roads` (roads build), :mod:`.bench`.
"""

from __future__ import annotations

import click

from .. import __version__
from .bench import bench
from .common import Group, watch_interrupts
from .data import init, validate
from .diff import diff
from .plan import check, plan
from .replan import replan
from .reports import compare
from .roads import roads
from .scenarios import frontier, scenario


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="logistics-opt")
def cli() -> None:
    """Plan the interlibrary-loan vans: daily routes through the hub, visit frequencies,
    scenarios and cost reports.

    Example:

        logistics-opt validate data/utrecht

        logistics-opt plan data/utrecht --out out --time-limit 30
    """


for _command in (init, validate, plan, check, scenario, frontier, compare, diff, replan, roads, bench):
    cli.add_command(_command)


def main() -> None:
    watch_interrupts()
    cli(prog_name="logistics-opt")
