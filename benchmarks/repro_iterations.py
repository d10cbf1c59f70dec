"""Reproducible runs: the week's cost against the compiled ruin and recreate's iterations a round.

Not part of the test suite. Builds a data folder's current-practice days (as ``repro_budget.py``),
then per setting and seed runs each day's two searches one after the other, as one core does
(the plan is the same on two cores), with the scenarios' work (25 solutions, 50 rounds), and
prints the week's cost by the one judge (EUR, break priced), the CPU seconds, and the two-core
estimate (per day the slower search's CPU seconds). A setting is a number of iterations per round
(``SisrSettings.iterations_per_round``), or ``old`` for the rebuild through OR-Tools
(``OrtoolsSettings(compiled=False)``):

    python benchmarks/repro_iterations.py data/utrecht old 200 1000 --seeds 0 1 2
    python benchmarks/repro_iterations.py data/utrecht 200 --temps 0.1:0.001 1:0.01 --seeds 0 1 2

``--temps`` sets the annealing's start and end temperatures (``SisrSettings.temp_start:temp_end``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from repro_budget import day_searches, utrecht_days

from logistics_opt.routing.problem import COST_UNITS_PER_EUR, SearchParams
from logistics_opt.routing.settings import OrtoolsSettings, SearchSettings, SisrSettings

DEFAULT = SisrSettings()


def settings_of(setting: str, temps: str) -> SearchSettings:
    """``old``: the rebuild through OR-Tools; else the kernel with ``setting`` iterations a round at ``temps``."""
    if setting == "old":
        return SearchSettings(ortools=OrtoolsSettings(compiled=False))
    start, end = (float(x) for x in temps.split(":"))
    return SearchSettings(sisr=SisrSettings(iterations_per_round=int(setting), temp_start=start, temp_end=end))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("settings", nargs="+", help="iterations a round, or old")
    ap.add_argument("--seeds", nargs="+", type=int, default=[0])
    ap.add_argument("--solution-limit", type=int, default=25)
    ap.add_argument("--rounds", type=int, default=50)
    ap.add_argument("--temps", nargs="+", default=[f"{DEFAULT.temp_start:g}:{DEFAULT.temp_end:g}"], help="START:END")
    a = ap.parse_args()
    days = utrecht_days(a.data)
    for setting, temps in [(s, t) for s in a.settings for t in (a.temps if s != "old" else ["-"])]:
        settings = settings_of(setting, temps)
        for seed in a.seeds:
            cost, cpu, two_core = 0, 0.0, 0.0
            for p in days:
                params = SearchParams(
                    time_limit_s=600, solution_limit=a.solution_limit, rounds=a.rounds, seed=seed, settings=settings
                )
                judged, times, _ = day_searches(p, params)
                cost += judged
                cpu += sum(times)
                two_core += max(times)
            print(
                f"{setting:>6} {temps:>11} seed {seed}: EUR {cost / COST_UNITS_PER_EUR:,.2f}  CPU {cpu:.1f} s  two-core {two_core:.1f} s",
                flush=True,
            )


if __name__ == "__main__":
    main()
