"""How far below PyVRP's 10 s cost a library day can go: the best cost any long run finds.

Not part of the test suite. Needs the ``bench`` extra (``pip install -e '.[bench]'``).

For each generated library day it runs, side by side in one run:

- ``--engine best`` and PyVRP at the short budget (the issue's comparison, ``--short``);
- PyVRP and the OR-Tools engine at the long budget (``--long``), with several solver seeds, two
  solves at a time (one per core).

The lowest judged cost of every run is the day's best known cost: an upper bound on the optimum.
A target of ``best`` <= 0.995 x PyVRP at the short budget is reachable on a day only if that day's
optimum lies at least 0.5 % below PyVRP's short-budget cost; the last column says how far below
the best known cost the target lies. Every cost is judged by one function,
:func:`logistics_opt.routing.best_engine.evaluate`.

    python benchmarks/best_known.py --library 40 60 80 100 120 150 --short 10 --long 120 --seeds 0 1
"""

from __future__ import annotations

import argparse
import json
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from compare_engines import geomean, run_solver

from logistics_opt.bench.library_days import day_problem

TARGET = 0.995


def _long(job: tuple[str, int, int, float, int]) -> tuple[int, str, int, float | None]:
    name, n, day_seed, seconds, seed = job
    cost, _ = run_solver(name, "ortools", day_problem(n, day_seed), seconds, seed)
    return n, name, seed, cost


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--library", nargs="+", type=int, default=[40, 60, 80, 100, 120, 150])
    ap.add_argument("--seed", type=int, default=1, help="seed of the generated days")
    ap.add_argument("--short", type=float, default=10.0, help="seconds of the issue's comparison")
    ap.add_argument("--long", type=float, default=120.0, help="seconds of each long run")
    ap.add_argument("--seeds", nargs="+", type=int, default=[0, 1], help="solver seeds of the long runs")
    ap.add_argument("--json", type=Path, default=None, help="write every run here")
    a = ap.parse_args()

    short: dict[int, dict[str, float | None]] = {}
    for n in a.library:  # one at a time: `best` itself uses both cores
        problem = day_problem(n, a.seed)
        short[n] = {
            "best": run_solver("ours", "best", problem, a.short, 0)[0],
            "pyvrp": run_solver("pyvrp", "pyvrp", problem, a.short, 0)[0],
        }
        print(f"library-{n}: short runs {short[n]}", flush=True)
    jobs = [(s, n, a.seed, a.long, seed) for n in a.library for seed in a.seeds for s in ("pyvrp", "ours")]
    runs: list[tuple[int, str, int, float | None]] = []
    with ProcessPoolExecutor(2) as pool:
        for row in pool.map(_long, jobs):
            runs.append(row)
            print(f"library-{row[0]}: {row[1]} seed {row[2]} at {a.long:g} s: {row[3]}", flush=True)

    print(
        f"\n{'day':<12}{'PyVRP ' + format(a.short, 'g') + ' s':>16}{'best ' + format(a.short, 'g') + ' s':>16}"
        f"{'best known':>16}{'found by':>14}{'PyVRP/known':>13}{'best/known':>13}{'target/known':>13}"
    )
    table = []
    for n in a.library:
        found = [(c, f"{s} s{seed}") for m, s, seed, c in runs if m == n and c] + [
            (c, f"{k} {a.short:g} s") for k, c in short[n].items() if c
        ]
        known, by = min(found)
        pv, best = short[n]["pyvrp"], short[n]["best"]
        row = {
            "day": n,
            "pyvrp_short": pv,
            "best_short": best,
            "best_known": known,
            "found_by": by,
            "pyvrp_over_known": pv / known if pv else None,
            "best_over_known": best / known if best else None,
            "target_over_known": TARGET * pv / known if pv else None,
        }
        table.append(row)
        cells = [pv, best, known]
        ratios = [row["pyvrp_over_known"], row["best_over_known"], row["target_over_known"]]
        print(
            f"library-{n:<4}"
            + "".join(f"{c:>16.0f}" if c else f"{'n/a':>16}" for c in cells)
            + f"{by:>14}"
            + "".join(f"{r:>13.4f}" if r else f"{'n/a':>13}" for r in ratios)
        )
    means = {
        k: geomean([r[k] for r in table if r[k]]) for k in ("pyvrp_over_known", "best_over_known", "target_over_known")
    }
    print("geometric mean: " + ", ".join(f"{k} {v:.4f}" for k, v in means.items()))
    if a.json:
        a.json.write_text(json.dumps({"table": table, "runs": runs, "short": short}, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
