"""Side by side in one run: the day engine with its compiled ruin and recreate (``new``), the same
without taking routes away (``nofewer``, ``FleetSettings(share=0)``), with the
rebuild through OR-Tools of before (``old``, ``OrtoolsSettings(compiled=False)``) and PyVRP, on the
generated library days; each cost as a ratio to PyVRP's (or to the first solver's without PyVRP).

Not part of the test suite. Needs the ``bench`` extra. One core each, one solve at a time:

    python benchmarks/ab_compiled.py --library 40 60 80 100 120 150 --budget 10 --solver-seeds 0 1
"""

from __future__ import annotations

import argparse
import math

from compare_engines import library_day, run_solver

from logistics_opt.routing.settings import FleetSettings, OrtoolsSettings, SearchSettings

#: Each solver of ours: its search settings.
SETTINGS = {
    "new": SearchSettings(),
    "nofewer": SearchSettings(fleet=FleetSettings(share=0.0)),
    "old": SearchSettings(ortools=OrtoolsSettings(compiled=False)),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--library", nargs="+", type=int, required=True, help="generated library days of N stops")
    ap.add_argument("--seed", type=int, default=1, help="seed of the generated days")
    ap.add_argument("--budget", type=float, default=10.0, help="seconds per solve")
    ap.add_argument("--solver-seeds", nargs="+", type=int, default=[0])
    ap.add_argument("--solvers", nargs="+", default=["old", "new", "pyvrp"], choices=["old", "new", "nofewer", "pyvrp"])
    a = ap.parse_args()
    ratios: dict[str, list[float]] = {s: [] for s in a.solvers}
    for n in a.library:
        problem = library_day(n, a.seed)
        for seed in a.solver_seeds:
            costs = {}
            for s in a.solvers:
                if s == "pyvrp":
                    costs[s] = run_solver("pyvrp", "pyvrp", problem, a.budget, seed)[0]
                else:
                    costs[s] = run_solver("ours", "ortools", problem, a.budget, seed, SETTINGS[s])[0]
            base = costs.get("pyvrp") or costs[a.solvers[0]]
            row = {s: c / base for s, c in costs.items() if c and base}
            for s, r in row.items():
                ratios[s].append(r)
            print(f"library-{n} seed {seed}: " + "  ".join(f"{s} {r:.4f}" for s, r in row.items()), flush=True)
    for s, rs in ratios.items():
        if rs:
            print(f"{s}: geometric mean {math.exp(sum(map(math.log, rs)) / len(rs)):.4f}, highest {max(rs):.4f}")


if __name__ == "__main__":
    main()
