"""Side by side: the project's engine, PyVRP and VROOM on the same day problems and time budgets.

Not part of the test suite. Needs the ``bench`` extra (``pip install -e '.[bench]'``).

Every solver gets the same :class:`DayProblem` and the same wall-clock budget, one core each
(``--engine best`` and ``ortools-parallel`` use two processes; say so when quoting them). Every solution is judged by one
function, :func:`logistics_opt.routing.judge.evaluate` (cost in 1e-5 EUR, or the CVRP
distance; infeasible plans are flagged), so the ratios compare like with like.

Examples:

    python benchmarks/compare_engines.py --library 40 80 150 --budgets 10
    python benchmarks/compare_engines.py --cvrp ../shared/instances/cvrp/X/X-n1*.vrp --budgets 1 5 10 30
    python benchmarks/compare_engines.py --library 40 150 --engine best --solvers ours pyvrp --json out.json
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from datetime import timedelta
from pathlib import Path

import numpy as np

from logistics_opt.bench.cvrp import day_problem as cvrp_day
from logistics_opt.bench.cvrp import read_bks, read_cvrp
from logistics_opt.bench.library_days import day_problem as library_day
from logistics_opt.routing import get_engine
from logistics_opt.routing.judge import evaluate
from logistics_opt.routing.ortools_engine import solve_parallel
from logistics_opt.routing.problem import COST_UNITS_PER_EUR, DayProblem, DaySolution, RouteResult, SearchParams
from logistics_opt.routing.rules import shift_limits
from logistics_opt.routing.settings import DEFAULT_SETTINGS, SearchSettings


def vroom_solve(problem: DayProblem, seconds: float) -> DaySolution:
    """VROOM on the day: costs matrix = arc cost + travel seconds x cost per hour, one thread."""
    import vroom

    t0 = time.perf_counter()
    inp = vroom.Input()
    dist = np.asarray(problem.distance_m, dtype=np.int64)
    travel = np.asarray(problem.travel_s, dtype=np.int64)
    profiles: dict[tuple[float, float], str] = {}
    for k, v in enumerate(problem.vehicles):
        key = (v.cost_per_km, v.cost_per_hour)
        if key not in profiles:
            profiles[key] = f"p{len(profiles)}"
            coef = int(round(v.cost_per_hour * COST_UNITS_PER_EUR / 3600.0))
            cost = np.rint(dist * (v.cost_per_km * COST_UNITS_PER_EUR / 1000.0)).astype(np.int64) + travel * coef
            inp.set_durations_matrix(profile=profiles[key], matrix_input=travel)
            inp.set_costs_matrix(profile=profiles[key], matrix_input=cost)
        end, span = shift_limits(v)  # the engines' reading of the break rule
        inp.add_vehicle(
            vroom.Vehicle(
                k,
                start=v.depot,
                end=v.depot,
                profile=profiles[key],
                capacity=[v.capacity],
                time_window=vroom.TimeWindow(v.shift_start_s, end),
                max_travel_time=span,
                costs=vroom.VehicleCosts(fixed=int(v.fixed_cost)),
            )
        )
    for s in problem.stop_nodes:
        lo, hi = problem.windows[s]
        inp.add_job(
            vroom.Job(
                s,
                location=s,
                default_service=int(problem.service_s[s]),
                delivery=[int(problem.delivery[s])],
                pickup=[int(problem.pickup[s])],
                time_windows=[vroom.TimeWindow(int(lo), int(max(lo, hi - problem.service_s[s])))],
            )
        )
    sol = inp.solve(exploration_level=5, nb_threads=1, timeout=timedelta(seconds=seconds))
    df = sol.routes
    routes, served = [], set()
    for vid, rows in df.groupby("vehicle_id", sort=True):
        jobs = rows[rows["type"] == "job"]
        nodes = [int(j) for j in jobs["id"]]
        start = int(rows[rows["type"] == "start"]["arrival"].iloc[0])
        routes.append(RouteResult(int(vid), nodes, start))
        served.update(nodes)
    dropped = [s for s in problem.stop_nodes if s not in served]
    return DaySolution(routes, dropped, int(sol.summary.cost), "vroom", time.perf_counter() - t0)


def run_solver(
    name: str, engine: str, problem: DayProblem, seconds: float, seed: int, settings: SearchSettings = DEFAULT_SETTINGS
) -> tuple[float | None, float]:
    """(judged cost or None when infeasible or failed, wall seconds); ``settings``: the search's."""
    t0 = time.perf_counter()
    params = SearchParams(time_limit_s=seconds, seed=seed, settings=settings)
    try:
        if name == "vroom":
            sol = vroom_solve(problem, seconds)
        elif name == "ours" and engine == "ortools-parallel":
            sol = solve_parallel(problem, params, cores=2)
        else:
            sol = get_engine(engine if name == "ours" else "pyvrp")(problem, params)
    except Exception as exc:  # a benchmark row, not a crash: report and go on
        print(f"  {name}: failed: {exc}", file=sys.stderr)
        return None, time.perf_counter() - t0
    v = evaluate(problem, sol)
    if not v.feasible or sol.dropped:
        print(f"  {name}: not a complete feasible plan ({v.problem or f'{len(sol.dropped)} dropped'})", file=sys.stderr)
        return None, time.perf_counter() - t0
    return float(v.cost), time.perf_counter() - t0


def geomean(xs: list[float]) -> float:
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cvrp", nargs="*", default=[], type=Path, help="CVRPLIB .vrp files")
    ap.add_argument("--library", nargs="*", default=[], type=int, help="generated library days of N stops")
    ap.add_argument("--seed", type=int, default=1, help="seed of the generated days")
    ap.add_argument("--solver-seed", type=int, default=0, help="seed handed to every solver (SearchParams.seed)")
    ap.add_argument("--budgets", nargs="+", type=float, default=[10.0], help="seconds per solve")
    ap.add_argument("--solvers", nargs="+", default=["ours", "pyvrp", "vroom"], choices=["ours", "pyvrp", "vroom"])
    ap.add_argument(
        "--engine",
        default="ortools",
        choices=["ortools", "ortools-parallel", "pyvrp", "best"],
        help="what 'ours' runs (ortools-parallel: two searches on two cores, as `plan` does)",
    )
    ap.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a search setting for 'ours' (SearchSettings.with_values, e.g. ortools.pyvrp_above=none); repeatable",
    )
    ap.add_argument("--json", type=Path, default=None, help="write every run here")
    a = ap.parse_args()
    settings = DEFAULT_SETTINGS.with_values(dict(kv.split("=", 1) for kv in a.set))

    bks = read_bks(a.cvrp)
    cases: list[tuple[str, DayProblem, float | None]] = []
    for f in a.cvrp:
        inst = read_cvrp(f)
        cases.append((inst.name, cvrp_day(inst), bks.get(inst.name)))
    for n in a.library:
        cases.append((f"library-{n}-s{a.seed}", library_day(n, a.seed), None))
    rows = []
    for budget in a.budgets:
        print(f"\n== budget {budget:g} s ({a.engine} as 'ours')")
        print(
            f"{'instance':<22}"
            + "".join(f"{s:>16}" for s in a.solvers)
            + "".join(f"{'ours/' + s:>12}" for s in a.solvers if s != "ours")
            + f"{'gap%':>8}"
        )
        for name, problem, best_known in cases:
            costs = {}
            for s in a.solvers:
                costs[s], secs = run_solver(s, a.engine, problem, budget, a.solver_seed, settings)
                rows.append(
                    {
                        "instance": name,
                        "budget_s": budget,
                        "solver": s,
                        "engine": a.engine if s == "ours" else s,
                        "cost": costs[s],
                        "seconds": round(secs, 2),
                        "bks": best_known,
                    }
                )
            ratio = {
                s: costs["ours"] / costs[s] for s in a.solvers if s != "ours" and costs.get("ours") and costs.get(s)
            }
            gap = f"{100 * (costs['ours'] / best_known - 1):8.2f}" if best_known and costs.get("ours") else f"{'':>8}"
            print(
                f"{name:<22}"
                + "".join(f"{costs[s] if costs[s] is not None else 'n/a':>16}" for s in a.solvers)
                + "".join(f"{ratio[s]:>12.4f}" if s in ratio else f"{'n/a':>12}" for s in a.solvers if s != "ours")
                + gap,
                flush=True,
            )
        for s in a.solvers:
            if s == "ours":
                continue
            rs = [
                r1["cost"] / r2["cost"]
                for r1 in rows
                for r2 in rows
                if r1["budget_s"] == r2["budget_s"] == budget
                and r1["instance"] == r2["instance"]
                and r1["solver"] == "ours"
                and r2["solver"] == s
                and r1["cost"]
                and r2["cost"]
            ]
            print(f"geometric mean ours/{s} at {budget:g} s: {geomean(rs):.4f} over {len(rs)} instances")
        for s in a.solvers:
            g = [
                100 * (r["cost"] / r["bks"] - 1)
                for r in rows
                if r["budget_s"] == budget and r["solver"] == s and r["bks"] and r["cost"]
            ]
            if g:
                print(f"mean gap to BKS, {s} at {budget:g} s: {sum(g) / len(g):.2f} % over {len(g)} instances")
    if a.json:
        a.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
