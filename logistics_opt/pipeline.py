"""One planning run end to end: files -> model -> distances -> solver -> plan -> check -> run folder.

The only place a run is made. ``plan`` calls :func:`run_plan`; a scenario (``scenario run``,
``frontier``) calls :func:`make_plan` (solve, best of its seeds) or :func:`adopt_plan` (another run's
plan), then :func:`write_plan`. Each chooses the run's distances once (:func:`run_distances`),
computes the service figures, writes the meta once and checks the plan against those same
distances before anything is written. ``check`` and the scenario runner's plan sharing check a
written run against its own distances with :func:`check_against_run`.
"""

from __future__ import annotations

import json
import platform
import sys
import tomllib
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from . import __version__
from .calendar_week import dated_network
from .changes import DISRUPTION_FILE, PREVIOUS_PLAN
from .checker import LegKm, check_plan
from .checker.stored import legs_from_bytes, stored_legs, stored_matrix_path
from .data.model import Network
from .data.read import input_files, load_network
from .distances import Matrix, run_matrix
from .errors import InputError, PlanCheckError
from .files import files_hash
from .plan import Plan
from .plan_meta import PlanFrom, PlanMeta, Repeats, ScenarioInfo, meta_of
from .planning.consistency import consistent
from .planning.schedule import current_schedule
from .planning.week import default_workers, solve_week
from .previous import PreviousRun, read_previous, run_week
from .progress import Progress
from .reports.registry import write_run
from .routing import get_engine
from .routing.problem import SearchParams
from .routing.settings import DEFAULT_SETTINGS, SearchSettings
from .routing.stop import StopRule
from .runs import RunRecord
from .service import service_figures
from .stored_matrix import STORED_MATRIX, stored_matrix
from .supply import supplied
from .wording import distances_label


@dataclass(frozen=True)
class RunOptions:
    """One run's options, shared by ``plan``, ``scenario run`` and ``frontier``. The stopping rule is
    ``time_limit_s``, ``solution_limit`` and ``rounds`` (:attr:`stop`); ``settings`` are the search's
    (:class:`.routing.settings.SearchSettings`)."""

    time_limit_s: float = 30.0
    seed: int = 0
    solution_limit: int | None = None
    rounds: int | None = None  # ruin-and-recreate rounds per search (default: solution_limit / 4)
    frequencies: str = "current"  # current | optimise
    week: str | None = None  # --week YYYY-Www: its dates on the reports, its public holidays not worked
    engine: str = "ortools"
    workers: int = 0  # --jobs: 0 is one per core (at most 2)
    matrix: str | None = None  # external road-router matrix CSV
    roads: str | None = None  # road folder (--roads): overrides settings.toml's roads
    use_cache: bool = True
    language: str | None = None  # reports' language (None: settings.toml's)
    scheduler: str | None = None  # a Dask scheduler for the parts of a several-hub week
    consistent: bool = False  # --consistent: master routes, with the defaults where the data has no [consistency]
    previous: str | None = None  # --previous: an earlier run folder whose routes the plan keeps where they cost little
    settings: SearchSettings = DEFAULT_SETTINGS  # every search component's settings (not in plan.json)

    @property
    def stop(self) -> StopRule:
        """The stopping rule these options name (checked)."""
        return StopRule(self.time_limit_s, self.solution_limit, self.rounds)


def ortools_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("ortools")
    except metadata.PackageNotFoundError:  # pragma: no cover
        return "unknown"


def search_budget(network: Network, time_limit_s: float) -> float:
    """The part of ``--time-limit`` the search may use: the rest pays for start-up, the checker and
    the reports (about half a second a day for the maps; route_sheets.xlsx 0.2 s and 2 ms a visit; the day
    maps of a national network take a few seconds each), so the whole run keeps to the limit."""
    days = len(network.settings.working_days)
    n = len(network.branches)
    reserve = 1.2 + 0.45 * days + 0.0005 * n + 0.002 * days * n + 0.02 * max(0, n - 200)
    return max(time_limit_s * 0.5, time_limit_s - reserve)


def solve(
    network: Network,
    matrix: Matrix,
    opts: RunOptions,
    progress: Progress | None = None,
    previous: PreviousRun | None = None,
) -> Plan:
    """The week's plan, unchecked: current practice or optimised visit frequencies (several hubs: in
    parts by hub and day, :mod:`.planning.hubs`); with ``previous``, the earlier run's routes kept where
    they cost little (:mod:`.planning.keep`)."""
    stop = opts.stop
    params = SearchParams(
        time_limit_s=search_budget(network, stop.time_limit_s),
        seed=opts.seed,
        solution_limit=stop.solution_limit,
        rounds=stop.rounds,
        settings=opts.settings,
    )
    workers = opts.workers or default_workers()
    get_engine(opts.engine).prepare(workers, progress)  # before the workers fork: they inherit the compiled kernel
    plan = from_scratch(network, matrix, opts, params, workers, progress)
    if previous is None:
        return plan
    from .planning.keep import keep_previous

    return keep_previous(
        network,
        matrix,
        params,
        opts.frequencies,
        plan,
        previous,
        engine=opts.engine,
        workers=workers,
        progress=progress,
    )


def from_scratch(
    network: Network, matrix: Matrix, opts: RunOptions, params: SearchParams, workers: int, progress: Progress | None
) -> Plan:
    """The week's plan from nothing (see :func:`solve`)."""
    if len(network.hubs) > 1:  # in parts by hub; with consistency on, the promises within each hub
        from .planning.consistent_hubs import consistent_week_by_hub
        from .planning.hubs import plan_by_hub

        by_hub = plan_by_hub if network.settings.consistency is None else consistent_week_by_hub
        return by_hub(
            network,
            matrix,
            params,
            opts.frequencies,
            engine=opts.engine,
            workers=workers,
            scheduler=opts.scheduler,
            progress=progress,
        )
    if network.settings.consistency is not None:
        from .planning.consistency import consistent_week

        return consistent_week(
            network, matrix, params, opts.frequencies, engine=opts.engine, workers=workers, progress=progress
        )
    if opts.frequencies == "optimise":
        from .planning.frequencies import optimise_week

        return optimise_week(network, matrix, params, engine=opts.engine, workers=workers, progress=progress)
    return solve_week(
        network, matrix, current_schedule(network), params, engine=opts.engine, workers=workers, progress=progress
    )


@dataclass
class RunDistances:
    """The distances a run plans with: the solver's matrix, ``meta.distances``, the files it stores in
    inputs/ (a road or router matrix) and, for the checker, legs read back from those bytes (None:
    crow-fly, which the checker recomputes itself)."""

    matrix: Matrix
    described: dict[str, Any]
    stored: dict[str, bytes]
    legs: LegKm | None


def stored_distances(matrix: Matrix, distances: dict[str, Any]) -> tuple[dict[str, bytes], LegKm | None]:
    """A road or router matrix is stored in the run's inputs/ (its sha256 goes in ``distances``), and
    the checker reads its legs back from those bytes; crow-fly legs the checker recomputes itself."""
    if distances["kind"] == "crow-fly":
        return {}, None
    data, entries = stored_matrix(matrix)
    distances.update(entries)
    return {STORED_MATRIX: data}, legs_from_bytes(data, f"inputs/{STORED_MATRIX}")


def run_distances(network: Network, opts: RunOptions) -> tuple[Network, RunDistances]:
    """The run's network (with ``--roads`` in its settings, and the flows of its reservation log under its
    supply rule, by these distances) and the distances it plans with."""
    if opts.roads:
        network = network.with_changes(settings=replace(network.settings, roads=str(Path(opts.roads).resolve())))
    matrix, made_from = run_matrix(network, Path(opts.matrix) if opts.matrix else None, opts.use_cache)
    described = {"kind": made_from["kind"], "label": distances_label(made_from)} | made_from  # label: for old readers
    stored, legs = stored_distances(matrix, described)
    return supplied(network, matrix), RunDistances(matrix, described, stored, legs)


def make_plan(network: Network, opts: RunOptions, progress: Progress | None = None, repeats: int | None = None) -> Plan:
    """Solve a validated network into a checked plan (nothing written). With ``repeats`` (scenario
    runs), solve with seeds ``seed .. seed + repeats - 1`` and keep the cheapest complete plan; its
    meta records every seed's cost and the spread (the run's noise band)."""
    network, dist = run_distances(network, opts)
    network = consistent(network) if opts.consistent else network
    previous = read_previous(Path(opts.previous), network) if opts.previous else None
    if progress:
        progress(f"distances: {len(network.branches)} places, {dist.described['label']}")
    seeds = [opts.seed + k for k in range(repeats or 1)]
    network, week = dated_network(network, run_week(previous, opts.week) if previous else opts.week)
    plans = [solve(network, dist.matrix, replace(opts, seed=seed), progress, previous) for seed in seeds]
    best = min(range(len(plans)), key=lambda k: (len(plans[k].unassigned), plans[k].summary()["cost_eur"]))
    plan = plans[best]
    plan.meta.week = week
    if repeats is not None:
        costs = [p.summary()["cost_eur"] for p in plans]
        plan.meta.solve.stopped_by_time_cap = sorted({d for p in plans for d in p.meta.solve.stopped_by_time_cap})
        plan.meta.repeats = Repeats(seeds, costs, seeds[best], round(max(costs) - min(costs), 2))
    if previous is not None:  # the earlier plan, for changes.csv and the reports' Changes
        plan.stored_inputs[PREVIOUS_PLAN] = (json.dumps(previous.plan, indent=1, ensure_ascii=False) + "\n").encode()
    return finish_plan(plan, network, dist, replace(opts, seed=seeds[best]), progress)


def finish_plan(
    plan: Plan,
    network: Network,
    dist: RunDistances,
    opts: RunOptions,
    progress: Progress | None = None,
    disruption: Disrupted | None = None,
) -> Plan:
    """The service figures and the meta, written once, then the check against the run's own distances (and a
    re-planned day's ``disruption``): a plan the checker rejects raises :class:`PlanCheckError`."""
    plan.stored_inputs.update(dist.stored)
    plan.service = service_figures(network, plan)
    plan.meta = replace(
        plan.meta,
        language=opts.language or network.settings.language,
        tool="logistics-opt",
        version=__version__,
        ortools_version=ortools_version(),
        python=platform.python_version(),
        seed=opts.seed,
        parameters={k: v for k, v in asdict(opts).items() if k not in ("use_cache", "settings")},
        distances=dist.described,
    )
    problems = check_plan(
        json.loads(json.dumps(plan.to_dict())),
        network,
        dist.legs,
        frequency_rules=opts.frequencies == "optimise",
        disruption=disruption,
    )
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise PlanCheckError(f"the plan checker rejected the plan: {problems[0]}{more}")
    if progress:
        progress("plan checked: every route recomputed from the data holds")
    return plan


def adopt_plan(source: dict[str, Any], network: Network, opts: RunOptions, plan_from: PlanFrom) -> Plan:
    """Another run's plan (a plan.json dict) as this run's: its routes, this run's distances, service
    figures, meta and check. Raises :class:`PlanCheckError` when it does not hold for this run."""
    plan = Plan.from_dict(source)
    kept = plan.meta
    plan.meta = PlanMeta(solve=kept.solve, repeats=kept.repeats, plan_from=plan_from)
    network, dist = run_distances(network, opts)
    return finish_plan(plan, network, dist, replace(opts, seed=opts.seed if kept.seed is None else kept.seed))


def run_legs(run: RunRecord) -> LegKm | None:
    """The legs a written run was planned with, for the checker: its stored matrix (checked against the
    sha256 in plan.json), or None for crow-fly (the checker recomputes those)."""
    meta = meta_of(run.plan)
    stored = stored_matrix_path(run.folder, run.plan)
    if stored is None and meta.parameters.get("matrix"):
        raise InputError(
            str(run.folder / "plan.json"),
            "this plan used an external road matrix but its run folder keeps no copy (an older run): "
            "it cannot be checked",
        )
    return stored_legs(*stored) if stored else None


def check_against_run(plan: dict[str, Any], run: RunRecord) -> list[str]:
    """The checker's verdict on ``plan`` (a plan.json dict, this run's or another's) with ``run``'s
    data, distances and frequency rules: empty when it holds."""
    optimise = meta_of(run.plan).parameters.get("frequencies") == "optimise"
    return check_plan(plan, run.network, run_legs(run), frequency_rules=optimise, disruption=run_disruption(run))


#: A re-planned day's disruption (``inputs/disruption.toml`` as a dict) and the plan it re-planned.
Disrupted = tuple[dict[str, Any], dict[str, Any]]


def run_disruption(run: RunRecord) -> Disrupted | None:
    """A re-planned run's disruption and previous plan, from its ``inputs/`` (None for any other run)."""
    folder = run.folder / "inputs"
    if not (folder / DISRUPTION_FILE).is_file():
        return None
    try:
        disruption = tomllib.loads((folder / DISRUPTION_FILE).read_text(encoding="utf-8"))
        previous = json.loads((folder / PREVIOUS_PLAN).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:  # tomllib.TOMLDecodeError is a ValueError
        raise InputError(str(folder), f"cannot read the disruption this run was re-planned for: {e}") from None
    return disruption, previous


def run_distances_of(run: RunRecord) -> RunDistances:
    """The distances a written run was planned with (its stored matrix, or crow-fly), to plan it again."""
    meta = meta_of(run.plan)
    stored = stored_matrix_path(run.folder, run.plan)
    files = {STORED_MATRIX: stored[0].read_bytes()} if stored else {}
    return RunDistances(run.matrix(), dict(meta.distances), files, run_legs(run))


def command_line() -> str:
    return " ".join(Path(sys.argv[0]).name.split() + sys.argv[1:])


def write_plan(
    plan: Plan,
    data_dir: Path,
    out_dir: Path,
    data: str,
    scenario: ScenarioInfo | None = None,
    extra: dict[str, str] | None = None,
) -> None:
    """The run's provenance (the exact inputs' hash, the data folder, the command line, the scenario)
    into the meta, then the run folder, atomically."""
    plan.meta = replace(
        plan.meta,
        inputs_sha256=files_hash(input_files(data_dir)),
        data=data,
        command=command_line(),
        scenario=scenario,
    )
    write_run(plan, data_dir, out_dir, extra=extra)


def run_plan(data_dir: str | Path, out_dir: str | Path, opts: RunOptions, progress: Progress | None = None) -> Plan:
    """Load, solve, check and write one run. Returns the plan."""
    data_dir = Path(data_dir)
    plan = make_plan(load_network(data_dir), opts, progress)
    write_plan(plan, data_dir, Path(out_dir), str(data_dir))
    return plan
