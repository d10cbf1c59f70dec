"""The compiled ruin and recreate's settings, side by side in one run.

Not part of the test suite. Each setting is a comma-separated list of ``NAME=VALUE`` assignments
to the search settings (:mod:`logistics_opt.routing.settings`: ``fleet.share=0.1``,
``sisr.temp_start=0.5``; a bare name is SISR's, ``FLEET_SHARE`` and the other old upper-case names
work too), or ``START:END`` for the annealing temperatures (``sisr.temp_start=START,sisr.temp_end=END``,
shares of the first solution's mean cost per leg). Each setting runs one search (``ortools_engine.search``: OR-Tools' first
solution and guided local search, then the kernel) per case and solver seed, two searches at a
time (one per core). The cases: the generated library days of 40-150 stops, every third CVRPLIB X
instance of a folder, and the current-practice days of a data folder. Each group prints the
geometric mean of each setting's cost over the first setting's, judged by
:func:`logistics_opt.routing.judge.evaluate`:

    python benchmarks/sisr_settings.py 0.1:0.001 1:0.01 --cvrp ../shared/instances/cvrp/X --data data/utrecht
    python benchmarks/sisr_settings.py fleet.share=0 fleet.share=0.1 --cvrp ../shared/instances/cvrp/X --data data/utrecht
"""

from __future__ import annotations

import argparse
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path

from compare_engines import geomean
from repro_budget import utrecht_days

from logistics_opt.bench.cvrp import day_problem as cvrp_day
from logistics_opt.bench.cvrp import read_cvrp
from logistics_opt.bench.library_days import day_problem as library_day
from logistics_opt.routing import ortools_engine as eng
from logistics_opt.routing.judge import evaluate
from logistics_opt.routing.problem import DayProblem, SearchParams
from logistics_opt.routing.settings import SearchSettings


def problem(case: str, data: Path | None) -> DayProblem:
    group, name = case.split(":", 1)
    if group == "library":
        return library_day(int(name), 1)
    if group == "cvrp":
        return cvrp_day(read_cvrp(Path(name)))
    return _days(data)[int(name)]


@lru_cache(maxsize=1)
def _days(data: Path) -> list[DayProblem]:
    """A data folder's days, built once per process (loading and distances are not free)."""
    return utrecht_days(data)


def settings_of(setting: str) -> SearchSettings:
    """The search settings a setting names (see the module docstring), the rest at their defaults."""
    if ":" in setting and "=" not in setting:
        start, end = setting.split(":")
        setting = f"sisr.temp_start={start},sisr.temp_end={end}"
    values = {}
    for part in setting.split(","):
        name, value = part.split("=")
        if "." not in name:  # an old constant's name: FLEET_SHARE is fleet.share, TEMP_START sisr.temp_start
            name = name.lower()
            name = f"fleet.{name[6:]}" if name.startswith("fleet_") else f"sisr.{name}"
        values[name] = value
    try:
        return SearchSettings().with_values(values)
    except ValueError as e:
        raise SystemExit(f"setting {setting}: {e}") from None


def run(job: tuple[str, str, int, float, Path | None]) -> tuple[tuple[str, str, int], int | None]:
    setting, case, seed, seconds, data = job
    p = problem(case, data)
    sol = eng.search(p, SearchParams(time_limit_s=seconds, seed=seed, settings=settings_of(setting)))
    v = evaluate(p, sol)
    return (setting, case, seed), (v.cost if v.feasible and not sol.dropped else None)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("settings", nargs="+", help="NAME=VALUE[,NAME=VALUE] or START:END; the first is the reference")
    ap.add_argument("--library", nargs="*", type=int, default=[40, 60, 80, 100, 120, 150])
    ap.add_argument("--cvrp", type=Path, default=None, help="a folder of CVRPLIB .vrp files")
    ap.add_argument("--data", type=Path, default=None, help="a data folder: its current-practice days")
    ap.add_argument("--seconds", type=float, default=5.0, help="per search")
    ap.add_argument("--seeds", nargs="+", type=int, default=[0, 1])
    a = ap.parse_args()
    for setting in a.settings:  # a bad name or value stops here, before any search
        settings_of(setting)
    cases = [f"library:{n}" for n in a.library]
    if a.cvrp:
        cases += [f"cvrp:{f}" for f in sorted(a.cvrp.glob("*.vrp"))[::3]]
    if a.data:
        cases += [f"data:{i}" for i in range(len(_days(a.data)))]
    jobs = [(s, c, seed, a.seconds, a.data) for c in cases for seed in a.seeds for s in a.settings]
    res: dict[tuple[str, str, int], int | None] = {}
    with ProcessPoolExecutor(2) as pool:
        for key, cost in pool.map(run, jobs):
            res[key] = cost
            print(*key, cost, flush=True)
    ref = a.settings[0]
    for setting in a.settings[1:]:
        for group in ("library", "cvrp", "data"):
            r = [
                res[(setting, c, s)] / res[(ref, c, s)]
                for c in cases
                for s in a.seeds
                if c.startswith(group) and res[(setting, c, s)] and res[(ref, c, s)]
            ]
            if r:
                print(
                    f"{setting} / {ref}, {group}: geometric mean {geomean(r):.4f} over {len(r)}, {min(r):.4f}-{max(r):.4f}"
                )


if __name__ == "__main__":
    main()
