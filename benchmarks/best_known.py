"""The generated library days against their best known plans: the default engine and PyVRP at a short budget.

Not part of the test suite. Needs the ``bench`` extra (``pip install -e '.[bench]'``).

For each generated library day (``--library`` stops, each of ``--day-seeds``), one solve at a time:

- the project's engine (``--engine``, default ``ortools``: ``plan``'s default) as ``plan`` runs it, on
  ``--cores`` processes (default 2, both cores), at ``--short`` seconds;
- PyVRP 0.14.1 with its defaults on one core at the same seconds.

With ``--long S``, long runs follow: PyVRP and the OR-Tools engine (one core each, two solves at a time),
``--seeds`` solver seeds each, ``S`` seconds.

The best known plan of a day is the cheapest complete plan any run ever found. The plans are held in
``--table`` (default ``benchmarks/best_known.json``: routes, departures, cost and who found it); every run
here that finds a cheaper one replaces it. Held plans are judged again on loading, so a change to the
generator or the cost model shows (a held plan that no longer holds is dropped, with a warning); an entry of
an earlier round may hold a cost without its routes. Every cost
is judged by one function, :func:`logistics_opt.routing.judge.evaluate`. The issue's target: the
default engine at 10 s within 0.3 % of the best known, as a geometric mean over the days.

    python benchmarks/best_known.py --library 40 60 80 100 120 150 --day-seeds 1 2 3 --short 10
    python benchmarks/best_known.py --library 100 120 150 --day-seeds 2 --short 0 --long 300 --seeds 0 1
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from logistics_opt.bench.library_days import day_problem
from logistics_opt.routing import get_engine
from logistics_opt.routing.judge import evaluate
from logistics_opt.routing.problem import DayProblem, DaySolution, RouteResult, SearchParams

HERE = Path(__file__).resolve().parent
TARGET = 1.003  # the default engine at the short budget within 0.3 % of the best known (geometric mean)


@dataclass(frozen=True)
class Run:
    """One solve: who (``ours`` or ``pyvrp``), the engine, seconds, solver seed, processes, work limit."""

    who: str
    engine: str
    seconds: float
    seed: int
    cores: int = 1
    solution_limit: int | None = None

    def label(self) -> str:
        return f"{self.who} {self.seconds:g} s s{self.seed}"


def solve(problem: DayProblem, run: Run) -> DaySolution | None:
    """The run's plan, or None when the solver failed (reported, not raised: a benchmark row)."""
    params = SearchParams(time_limit_s=run.seconds, seed=run.seed, solution_limit=run.solution_limit)
    try:
        return get_engine(run.engine if run.who == "ours" else "pyvrp").solve(problem, params, run.cores)
    except Exception as exc:
        print(f"  {run.label()}: failed: {exc}", file=sys.stderr)
        return None


def judged(problem: DayProblem, sol: DaySolution | None) -> int | None:
    """The plan's cost, or None unless it serves every stop within the rules."""
    if sol is None or sol.dropped:
        return None
    verdict = evaluate(problem, sol)
    return int(verdict.cost) if verdict.feasible else None


def key(n: int, day_seed: int) -> str:
    return f"{n}/{day_seed}"


class Table:
    """The held best known plans, by day (``stops/day seed``)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.plans: dict[str, dict[str, Any]] = {}
        if path.is_file():
            self.plans = json.loads(path.read_text(encoding="utf-8"))["days"]
        self.changed = False

    def check(self, k: str, problem: DayProblem) -> None:
        """Judge the held plan of day ``k`` again; drop it (with a warning) if it no longer costs what it did."""
        held = self.plans.get(k)
        if not held or "routes" not in held:  # a cost recorded without its plan (an earlier round's)
            return
        routes = [RouteResult(v, nodes, start) for v, start, nodes in held["routes"]]
        cost = judged(problem, DaySolution(routes))
        if cost != held["cost"]:
            print(f"  held plan of {k} judged {cost}, not {held['cost']}: dropped", file=sys.stderr)
            del self.plans[k]
            self.changed = True

    def offer(self, k: str, problem: DayProblem, sol: DaySolution | None, by: str) -> int | None:
        """Keep ``sol`` as day ``k``'s best known plan if it is complete and cheaper; returns its cost."""
        cost = judged(problem, sol)
        if cost is not None and sol is not None and (k not in self.plans or cost < self.plans[k]["cost"]):
            routes = [[r.vehicle, r.start_s, list(r.nodes)] for r in sol.routes if r.nodes]
            self.plans[k] = {"cost": cost, "found_by": by, "routes": routes}
            self.changed = True
        return cost

    def save(self) -> None:
        if self.changed:
            days = dict(sorted(self.plans.items(), key=lambda kv: tuple(map(int, kv[0].split("/")))))
            self.path.write_text(json.dumps({"days": days}, indent=None) + "\n", encoding="utf-8")


def _long(job: tuple[int, int, Run]) -> tuple[int, int, Run, DaySolution | None]:
    n, day_seed, run = job
    return n, day_seed, run, solve(day_problem(n, day_seed), run)


def geomean(xs: list[float]) -> float:
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--library", nargs="+", type=int, default=[40, 60, 80, 100, 120, 150], help="stops of each day")
    ap.add_argument("--day-seeds", nargs="+", type=int, default=[1, 2, 3], help="seeds of the generated days")
    ap.add_argument("--short", type=float, default=10.0, help="seconds of the short runs (0: none)")
    ap.add_argument("--engine", default="ortools", help="our engine, as `plan --engine`")
    ap.add_argument("--cores", type=int, default=2, help="our processes in the short runs (as `plan`: 2)")
    ap.add_argument("--solver-seed", type=int, default=0, help="solver seed of the short runs")
    ap.add_argument("--long", type=float, default=0.0, help="seconds of each long run (0: none)")
    ap.add_argument("--seeds", nargs="+", type=int, default=[0, 1], help="solver seeds of the long runs")
    ap.add_argument("--table", type=Path, default=HERE / "best_known.json", help="the held best known plans")
    ap.add_argument("--solution-limit", type=int, default=None, help="smoke tests: every run stops on work")
    ap.add_argument("--json", type=Path, default=None, help="write the table of this run here")
    a = ap.parse_args()

    table = Table(a.table)
    days = [(n, s) for s in a.day_seeds for n in a.library]
    problems = {key(n, s): day_problem(n, s) for n, s in days}
    for k, problem in problems.items():
        table.check(k, problem)
    short: dict[str, dict[str, int | None]] = {}
    if a.short:
        for n, s in days:  # one at a time: ours uses both cores
            k, lim = key(n, s), a.solution_limit
            ours = Run("ours", a.engine, a.short, a.solver_seed, a.cores, lim)
            pyvrp = Run("pyvrp", "pyvrp", a.short, a.solver_seed, 1, lim)
            short[k] = {r.who: table.offer(k, problems[k], solve(problems[k], r), r.label()) for r in (ours, pyvrp)}
            print(f"library-{n} seed {s}: {a.short:g} s: {short[k]}", flush=True)
    if a.long:
        runs = [Run(w, "ortools", a.long, seed, 1, a.solution_limit) for seed in a.seeds for w in ("pyvrp", "ours")]
        with ProcessPoolExecutor(2) as pool:
            for n, s, run, sol in pool.map(_long, [(n, s, r) for n, s in days for r in runs]):
                cost = table.offer(key(n, s), problems[key(n, s)], sol, run.label())
                print(f"library-{n} seed {s}: {run.label()}: {cost}", flush=True)
    table.save()
    report(days, short, table, a)


def report(days: list[tuple[int, int]], short: dict[str, dict[str, int | None]], table: Table, a: Any) -> None:
    """Per day: the short runs, the best known and the ratios; their geometric means."""
    print(
        f"\n{'day':<9}{'seed':>5}{'ours':>14}{'pyvrp':>14}{'best known':>14}  {'found by':<18}{'ours/kn':>9}{'pyvrp/kn':>9}"
    )
    rows = []
    for n, s in days:
        k = key(n, s)
        known = table.plans.get(k, {})
        ours, pyvrp = short.get(k, {}).get("ours"), short.get(k, {}).get("pyvrp")
        best = known.get("cost")
        row = {"day": n, "day_seed": s, "ours": ours, "pyvrp": pyvrp, "best_known": best}
        row["found_by"] = known.get("found_by")
        row["ours_over_known"] = ours / best if ours and best else None
        row["pyvrp_over_known"] = pyvrp / best if pyvrp and best else None
        rows.append(row)
        cells = "".join(f"{c:>14,}" if c else f"{'n/a':>14}" for c in (ours, pyvrp, best))
        ratios = "".join(
            f"{r:>9.4f}" if r else f"{'n/a':>9}" for r in (row["ours_over_known"], row["pyvrp_over_known"])
        )
        print(f"{n:<9}{s:>5}{cells}  {row['found_by'] or '':<18}{ratios}")
    for who in ("ours", "pyvrp"):
        ratios = [r[f"{who}_over_known"] for r in rows if r[f"{who}_over_known"]]
        if ratios:
            gm = geomean(ratios)
            print(f"{who}: geometric mean {gm:.4f} x the best known over {len(ratios)} days, worst {max(ratios):.4f}")
    print(f"target: ours <= {TARGET:.3f} x the best known")
    if a.json:
        a.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
