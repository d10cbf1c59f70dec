"""One planning run end to end: files -> model -> matrix -> schedule -> solver -> plan -> check -> run folder.

The CLI's ``plan`` and the scenario runner both call :func:`make_plan`; :func:`run_plan` also
loads the data and writes the run folder (:func:`..runs.write_run`).
"""

from __future__ import annotations

import json
import platform
import sys
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from . import __version__
from .checker import LegKm, check_plan
from .checker.stored import legs_from_bytes
from .data.model import Network
from .data.read import input_files, load_network
from .distances import Matrix, run_matrix
from .errors import PlanCheckError
from .plan import Plan
from .planning.schedule import current_schedule
from .planning.week import default_workers, solve_week
from .progress import Progress
from .routing.problem import SearchParams
from .runs import files_hash, write_run
from .service import service_figures
from .stored_matrix import STORED_MATRIX, stored_matrix

#: Reproducible runs (``scenario run`` and ``frontier`` by default): solutions of each day's first search,
#: then ruin-and-recreate rounds, and the wall-clock cap in seconds. Measured on the Utrecht week
#: (benchmarks/README.md): 25 solutions and 50 rounds cost EUR 5,518 a week over three seeds against
#: 5,522 for 200 solutions and 50 rounds, on about 40 % less CPU.
DEFAULT_SOLUTION_LIMIT = 25
DEFAULT_ROUNDS = 50
DEFAULT_CAP_S = 600.0


@dataclass(frozen=True)
class RunOptions:
    time_limit_s: float = 30.0
    seed: int = 0
    solution_limit: int | None = None
    rounds: int | None = None  # ruin-and-recreate rounds per search (default: solution_limit / 4)
    frequencies: str = "current"  # current | optimise
    engine: str = "ortools"
    workers: int = 0  # --jobs: 0 is one per core (at most 2)
    matrix: str | None = None  # external road-router matrix CSV
    roads: str | None = None  # road folder (--roads): overrides settings.toml's roads
    use_cache: bool = True
    language: str | None = None  # reports' language (None: settings.toml's)
    scheduler: str | None = None  # a Dask scheduler for the parts of a several-hub week


def ortools_version() -> str:
    try:
        import ortools

        return str(ortools.__version__)
    except Exception:  # pragma: no cover
        return "unknown"


def search_budget(network: Network, time_limit_s: float) -> float:
    """The part of ``--time-limit`` the search may use: the rest pays for start-up, the checker and
    the reports (about half a second a day for the maps; route_sheets.xlsx 0.2 s and 2 ms a visit; the day
    maps of a national network take a few seconds each), so the whole run keeps to the limit."""
    days = len(network.settings.working_days)
    n = len(network.branches)
    reserve = 1.2 + 0.45 * days + 0.0005 * n + 0.002 * days * n + 0.02 * max(0, n - 200)
    return max(time_limit_s * 0.5, time_limit_s - reserve)


def solve(network: Network, matrix: Matrix, opts: RunOptions, progress: Progress | None = None) -> Plan:
    """The week's plan, unchecked: current practice or optimised visit frequencies (several hubs: in
    parts by hub and day, :mod:`.planning.hubs`)."""
    params = SearchParams(
        time_limit_s=search_budget(network, opts.time_limit_s),
        seed=opts.seed,
        solution_limit=opts.solution_limit,
        rounds=opts.rounds,
    )
    workers = opts.workers or default_workers()
    if len(network.hubs) > 1:
        from .planning.hubs import plan_by_hub

        return plan_by_hub(
            network,
            matrix,
            params,
            opts.frequencies,
            engine=opts.engine,
            workers=workers,
            scheduler=opts.scheduler,
            progress=progress,
        )
    if opts.frequencies == "optimise":
        from .planning.frequencies import optimise_week

        return optimise_week(network, matrix, params, engine=opts.engine, workers=workers, progress=progress)
    return solve_week(
        network, matrix, current_schedule(network), params, engine=opts.engine, workers=workers, progress=progress
    )


def make_plan(network: Network, opts: RunOptions, progress: Progress | None = None) -> Plan:
    """Solve a validated network into a checked plan (nothing written)."""
    if opts.roads:
        network = network.with_changes(settings=replace(network.settings, roads=str(Path(opts.roads).resolve())))
    matrix, distances = run_matrix(network, Path(opts.matrix) if opts.matrix else None, opts.use_cache)
    if progress:
        progress(f"distances: {len(network.branches)} places, {distances['label']}")
    stored, legs = stored_distances(matrix, distances)
    plan = solve(network, matrix, opts, progress)
    plan.stored_inputs.update(stored)
    plan.service = service_figures(network, plan)
    plan.meta["language"] = opts.language or network.settings.language
    plan.meta.update(
        {
            "tool": "logistics-opt",
            "version": __version__,
            "ortools_version": ortools_version(),
            "python": platform.python_version(),
            "seed": opts.seed,
            "parameters": {k: v for k, v in asdict(opts).items() if k != "use_cache"},
            "distances": distances,
        }
    )
    problems = check_plan(
        json.loads(json.dumps(plan.to_dict())), network, legs, frequency_rules=opts.frequencies == "optimise"
    )
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise PlanCheckError(f"the plan checker rejected the plan: {problems[0]}{more}")
    if progress:
        progress("plan checked: every route recomputed from the data holds")
    return plan


def stored_distances(matrix: Matrix, distances: dict[str, Any]) -> tuple[dict[str, bytes], LegKm | None]:
    """A road or router matrix is stored in the run's inputs/ (its sha256 goes in ``distances``), and
    the checker reads its legs back from those bytes; crow-fly legs the checker recomputes itself."""
    if distances["kind"] == "crow-fly":
        return {}, None
    data, entries = stored_matrix(matrix)
    distances.update(entries)
    return {STORED_MATRIX: data}, legs_from_bytes(data, f"inputs/{STORED_MATRIX}")


def command_line() -> str:
    return " ".join(Path(sys.argv[0]).name.split() + sys.argv[1:])


def run_plan(data_dir: str | Path, out_dir: str | Path, opts: RunOptions, progress: Progress | None = None) -> Plan:
    """Load, solve, check and write one run. Returns the plan."""
    data_dir = Path(data_dir)
    network = load_network(data_dir)
    plan = make_plan(network, opts, progress)
    plan.meta["inputs_sha256"] = files_hash(input_files(data_dir))
    plan.meta["data"] = str(data_dir)
    plan.meta["command"] = command_line()
    write_run(plan, data_dir, Path(out_dir))
    return plan
