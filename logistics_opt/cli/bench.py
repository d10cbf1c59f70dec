"""``logistics-opt bench cvrp|pvrp|vrpspd|convrp FILES... --time-limit S --out OUT.json``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..progress import Progress, printer
from ..routing import ENGINES
from .common import jobs_option, seed_option, silent_option


def _write_json(doc: dict, out: Path | None) -> None:
    text = json.dumps(doc, indent=1) + "\n"
    if out is None:
        sys.stdout.write(text)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)


def _say(silent: bool) -> Progress | None:
    return None if silent else printer(prefix="bench")


@click.group()
def bench() -> None:
    """Benchmark the routing engines on published instances with best-known solutions.

    Example:

        logistics-opt bench cvrp tests/data/cvrp/E-n22-k4.vrp --time-limit 5 --out out.json
    """


def _instance_options(default_seconds: float):
    """The arguments every bench command shares: instance files, seconds per instance, JSON output."""

    def wrap(f):
        f = click.option(
            "--out",
            "-o",
            "--json",
            "json_out",
            type=click.Path(dir_okay=False, path_type=Path),
            default=None,
            help="Write the results (JSON) here; default: stdout. --json is the older spelling.",
        )(f)
        f = click.option(
            "--time-limit",
            type=click.FloatRange(0.1, None),
            default=default_seconds,
            show_default=True,
            help="Seconds per instance.",
        )(f)
        return click.argument(
            "files", nargs=-1, required=True, type=click.Path(dir_okay=False, exists=True, path_type=Path)
        )(f)

    return wrap


@bench.command("cvrp")
@_instance_options(10.0)
@click.option("--engine", type=click.Choice(ENGINES), default="ortools", show_default=True)
@seed_option
@silent_option
def bench_cvrp(
    files: tuple[Path, ...], time_limit: float, json_out: Path | None, engine: str, seed: int, silent: bool
) -> None:
    """Solve CVRPLIB instances (rounded Euclidean); compare with BKS.tsv beside the files.

    Example:

        logistics-opt bench cvrp ../shared/instances/cvrp/X/X-n101-k25.vrp --time-limit 10 --out x.json
    """
    from ..bench.cvrp import run_cvrp_bench

    _write_json(run_cvrp_bench(list(files), time_limit, engine=engine, seed=seed, progress=_say(silent)), json_out)


@bench.command("pvrp")
@_instance_options(60.0)
@seed_option
@click.option(
    "--method",
    type=click.Choice(["auto", "week", "days"]),
    default="auto",
    show_default=True,
    help="week: all days in one routing model; days: each day on its own; auto: the measured best.",
)
@jobs_option("an instance's searches (as `plan` does)")
@silent_option
def bench_pvrp(
    files: tuple[Path, ...], time_limit: float, json_out: Path | None, seed: int, method: str, jobs: int, silent: bool
) -> None:
    """Solve Cordeau periodic VRP instances; compare with BKS.tsv beside the files.

    Example:

        logistics-opt bench pvrp ../shared/instances/pvrp/p01.txt --time-limit 60 --out p.json
    """
    from ..bench.pvrp import run_pvrp_bench
    from ..planning.week import default_workers

    doc = run_pvrp_bench(list(files), time_limit, seed, method, jobs or default_workers(), _say(silent))
    _write_json(doc, json_out)


@bench.command("vrpspd")
@_instance_options(10.0)
@click.option("--engine", type=click.Choice(ENGINES), default="ortools", show_default=True, help="As for `plan`.")
@seed_option
@click.option(
    "--solution-limit",
    type=click.IntRange(1, None),
    default=None,
    help="Stop on work, as `plan --solution-limit` does (reproducible); --time-limit is then only a cap.",
)
@click.option(
    "--rounds", type=click.IntRange(1, None), default=None, help="With --solution-limit: ruin-and-recreate rounds."
)
@click.option(
    "--bks",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="Best known costs (TSV: instance, best_known, optional vehicles); default: BKS.tsv beside the files.",
)
@jobs_option("an instance's searches (as `plan` does)")
@silent_option
def bench_vrpspd(
    files: tuple[Path, ...],
    time_limit: float,
    json_out: Path | None,
    engine: str,
    seed: int,
    solution_limit: int | None,
    rounds: int | None,
    bks: Path | None,
    jobs: int,
    silent: bool,
) -> None:
    """Plan LKH-3 .vrpspd instances (pickup and delivery) as one day each; gap to the best known.

    The fleet is the best known plan's (BKS.tsv's vehicles column, else the file's VEHICLES).

    Example:

        logistics-opt bench vrpspd ../shared/instances/vrpspd/D/SCA3-0.vrpspd --time-limit 10 --out d.json
    """
    from ..bench.vrpspd import BenchRun, run_vrpspd_bench
    from ..planning.week import default_workers

    if rounds is not None and solution_limit is None:
        raise click.UsageError("--rounds counts work: it needs --solution-limit")
    run = BenchRun(time_limit, engine, seed, solution_limit, rounds, jobs or default_workers())
    _write_json(run_vrpspd_bench(list(files), run, bks, _say(silent)), json_out)


@bench.command("convrp")
@_instance_options(60.0)
@click.option(
    "--spread",
    type=click.FloatRange(0, 1440),
    default=50.0,
    show_default=True,
    help="Minutes a customer's start of service may move over the week (max_arrival_spread_min).",
)
@click.option("--engine", type=click.Choice(ENGINES), default="ortools", show_default=True, help="As for `plan`.")
@seed_option
@click.option(
    "--solution-limit",
    type=click.IntRange(1, None),
    default=None,
    help="Stop on work, as `plan --solution-limit` does (reproducible); --time-limit is then only a cap.",
)
@jobs_option("an instance's searches (as `plan` does)")
@silent_option
def bench_convrp(
    files: tuple[Path, ...],
    time_limit: float,
    json_out: Path | None,
    spread: float,
    engine: str,
    seed: int,
    solution_limit: int | None,
    jobs: int,
    silent: bool,
) -> None:
    """Plan the consistent VRP instances of Groer, Golden & Wasil (2009) with master routes.

    As `plan --consistent` plans them: travel only, the files' service times, one van per customer all week,
    service starting within --spread minutes; cost, vans, largest spread and the gap to BKS.tsv beside the
    files when there is one.

    Example:

        logistics-opt bench convrp ../shared/instances/convrp/Christofides_1_5_0.7.vrp --out c.json
    """
    from ..bench.convrp import ConvrpRun, run_convrp_bench
    from ..planning.week import default_workers

    run = ConvrpRun(time_limit, spread, engine, seed, solution_limit, jobs or default_workers())
    _write_json(run_convrp_bench(list(files), run, _say(silent)), json_out)
