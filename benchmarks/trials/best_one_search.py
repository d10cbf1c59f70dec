"""Trial, not kept (benchmarks/README.md, thirteenth round): ``--engine best`` with the OR-Tools
side as one search on the whole budget (``one``) against its two searches in turn (``two``), each
as a ratio to PyVRP at the same budget and seed, on the generated library days.

    python benchmarks/trials/best_one_search.py
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from compare_engines import library_day, run_solver  # noqa: E402

from logistics_opt.routing import ortools_engine as oe  # noqa: E402

two = oe.solve


def one(problem, params, cores=1):
    if cores >= 2 or oe.trips.multi_trip(problem):
        return two(problem, params, cores)
    return oe.search(problem, *oe._runs(problem, params, 1)[0])


ratios: dict[str, list[float]] = {"two": [], "one": []}
for n in (40, 60, 80, 100, 120, 150):
    problem = library_day(n, 1)
    for seed in (0, 1):
        base = run_solver("pyvrp", "pyvrp", problem, 10, seed)[0]
        for name, solve in (("two", two), ("one", one)):
            oe.solve = solve  # best_engine imports it at each call
            ratios[name].append(run_solver("ours", "best", problem, 10, seed)[0] / base)
        oe.solve = two
        print(n, seed, {k: round(v[-1], 4) for k, v in ratios.items()}, flush=True)
for name, rs in ratios.items():
    print(name, f"geometric mean {math.exp(sum(map(math.log, rs)) / len(rs)):.4f}, highest {max(rs):.4f}")
