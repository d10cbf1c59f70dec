"""One planning run end to end: files -> model -> matrix -> schedule -> solver -> check -> run folder.

The CLI's ``plan`` and the scenario runner both call :func:`run_plan`.
"""
from __future__ import annotations

import json
import platform
import shutil
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable

from . import __version__
from .checker import check_plan
from .distances import build_matrix
from .errors import PlanCheckError
from .loader import input_files, load_network
from .model import Network
from .output import atomic_folder, files_hash, write_text
from .plan import Plan
from .planner import default_workers, solve_week
from .reports.calendar import calendar_csv
from .reports.run_outputs import WRITERS as RUN_WRITERS
from .reports.tables import route_sheet_csv, summary_csv
from .routing.problem import SearchParams
from .schedule import current_schedule
from .service import service_figures

Progress = Callable[[str], None]


@dataclass(frozen=True)
class RunOptions:
    time_limit_s: float = 30.0
    seed: int = 0
    solution_limit: int | None = None
    frequencies: str = "current"          # current | optimise
    engine: str = "ortools"
    workers: int = 0                       # 0: one per core (at most 2)
    matrix: str | None = None              # external road-router matrix CSV
    use_cache: bool = True
    language: str | None = None            # reports' language (None: settings.toml's)


def ortools_version() -> str:
    try:
        import ortools
        return str(ortools.__version__)
    except Exception:  # pragma: no cover
        return "unknown"


def search_budget(network: Network, time_limit_s: float) -> float:
    """The part of ``--time-limit`` the search may use: the rest pays for start-up, the checker and
    the reports (about half a second a day for the maps; route_sheets.xlsx 0.2 s and 2 ms a visit),
    so the whole run keeps to the limit."""
    days = len(network.settings.working_days)
    reserve = 1.2 + 0.45 * days + 0.0005 * len(network.branches) + 0.002 * days * len(network.branches)
    return max(time_limit_s * 0.5, time_limit_s - reserve)


def make_plan(network: Network, opts: RunOptions, progress: Progress | None = None) -> Plan:
    """Solve a validated network into a checked plan (nothing written)."""
    if progress:
        progress(f"distances: {len(network.branches)} places")
    matrix = build_matrix(network, Path(opts.matrix) if opts.matrix else None, opts.use_cache)
    params = SearchParams(time_limit_s=search_budget(network, opts.time_limit_s), seed=opts.seed,
                          solution_limit=opts.solution_limit)
    workers = opts.workers or default_workers()
    if opts.frequencies == "optimise":
        from .frequencies import optimise_week
        plan = optimise_week(network, matrix, params, engine=opts.engine, workers=workers, progress=progress)
    else:
        plan = solve_week(network, matrix, current_schedule(network), params, engine=opts.engine,
                          workers=workers, progress=progress)
    plan.service = service_figures(network, plan)
    plan.meta["language"] = opts.language or network.settings.language
    plan.meta.update({
        "tool": "logistics-opt", "version": __version__, "ortools_version": ortools_version(),
        "python": platform.python_version(), "seed": opts.seed,
        "parameters": {k: v for k, v in asdict(opts).items() if k != "use_cache"},
    })
    legs = None
    if opts.matrix:
        pos = matrix.index()

        def legs(a: str, b: str) -> tuple[float, float]:
            return float(matrix.km[pos[a], pos[b]]), float(matrix.minutes[pos[a], pos[b]])
    problems = check_plan(json.loads(json.dumps(plan.to_dict())), network, legs,
                          frequency_rules=opts.frequencies == "optimise")
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise PlanCheckError(f"the plan checker rejected the plan: {problems[0]}{more}")
    if progress:
        progress("plan checked: every route recomputed from the data holds")
    return plan


def write_run(plan: Plan, data_dir: Path, out_dir: Path, extra: dict[str, str] | None = None,
              writers: list[Callable[[dict[str, Any], Path], None]] | None = None) -> None:
    """Write plan.json, route_sheet.csv, summary.csv, calendar.csv, inputs/ and the reports of
    ``writers`` (default: route_sheets.html, day maps, routes.geojson) atomically into ``out_dir``."""
    d = plan.to_dict()
    with atomic_folder(out_dir) as tmp:
        write_text(tmp / "plan.json", json.dumps(d, indent=1, ensure_ascii=False) + "\n")
        write_text(tmp / "route_sheet.csv", route_sheet_csv(d))
        write_text(tmp / "summary.csv", summary_csv(d))
        write_text(tmp / "calendar.csv", calendar_csv(d))
        (tmp / "inputs").mkdir()
        for f in input_files(data_dir):
            shutil.copy2(f, tmp / "inputs" / f.name)
        for name, text in (extra or {}).items():
            write_text(tmp / name, text)
        for w in RUN_WRITERS if writers is None else writers:
            w(d, tmp)


def run_plan(data_dir: str | Path, out_dir: str | Path, opts: RunOptions,
             progress: Progress | None = None, network: Network | None = None) -> Plan:
    """Load, solve, check and write one run. Returns the plan."""
    data_dir = Path(data_dir)
    if network is None:
        network = load_network(data_dir)
    plan = make_plan(network, opts, progress)
    plan.meta["inputs_sha256"] = files_hash(input_files(data_dir))
    plan.meta["data"] = str(data_dir)
    plan.meta["command"] = " ".join(Path(sys.argv[0]).name.split() + sys.argv[1:])
    write_run(plan, data_dir, Path(out_dir))
    return plan


__all__ = ["RunOptions", "make_plan", "run_plan", "write_run", "PlanCheckError"]
