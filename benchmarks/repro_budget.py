"""Work settings of reproducible runs (``--solution-limit``): week cost against seconds of work.

Not part of the test suite. Builds a data folder's days (current practice: every branch every
working day), then for each setting runs the day's two searches (``ortools_engine._runs``) one
after the other, as one core does (the plan is the same on two cores), and reports:
- the week's cost by :func:`logistics_opt.routing.judge.evaluate` (EUR, break included);
- CPU seconds (process time, both searches), and the two-core estimate (per day the slower of the
  two searches' CPU seconds): process time, so other jobs on the machine do not inflate it;
- the share of the time spent in the first search (guided local search to the solution limit).

A setting is ``N:R`` = solution limit N per day and R ruin-and-recreate rounds per solution
(``OrtoolsSettings.rounds_per_solution``); ``N:R:S`` scales N by stops / S (per-day limit
``round(N * stops / S)``).

    python benchmarks/repro_budget.py data/utrecht 200:0.25 100:0.25 50:1
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path
from unittest.mock import patch

from logistics_opt.data.read import load_network
from logistics_opt.distances import build_matrix
from logistics_opt.planning.days import build_day
from logistics_opt.planning.schedule import current_schedule
from logistics_opt.routing import ortools_engine as eng
from logistics_opt.routing.judge import evaluate
from logistics_opt.routing.problem import COST_UNITS_PER_EUR, DayProblem, SearchParams
from logistics_opt.routing.settings import SearchSettings
from logistics_opt.volumes import week_visits


def utrecht_days(folder: Path) -> list[DayProblem]:
    net = load_network(folder)
    matrix = build_matrix(net, None, True)
    wv = week_visits(net, current_schedule(net))
    by_day: dict[str, dict] = {d: {} for d in net.settings.working_days}
    for bid, vs in wv.items():
        for v in vs:
            by_day[v.day][bid] = v
    days = [build_day(net, matrix, d, by_day[d]).problem for d in net.settings.working_days]
    return [p for p in days if p.num_nodes > p.num_depots]


def day_searches(p: DayProblem, params: SearchParams) -> tuple[int, list[float], int]:
    """A day's searches one after the other, as one core runs them: (the best plan's cost by the one
    judge, each search's CPU seconds, which search won)."""
    sols, times = [], []
    for run in eng._runs(p, params, len(params.settings.ortools.rebuilds)):
        t = time.process_time()
        sols.append(eng.run_search(p, run))
        times.append(time.process_time() - t)
    best = eng._best(p, sols)
    v = evaluate(p, best)
    assert v.feasible and not best.dropped, v.problem
    return v.cost, times, sols.index(best)


def run_setting(
    days: list[DayProblem], limit: int, rounds: float, scale: int | None, seed: int, settings: SearchSettings
) -> dict:
    settings = replace(settings, ortools=replace(settings.ortools, rounds_per_solution=rounds))
    spent = {"improve": 0.0}

    def timing(fn):
        def timed(*a, **k):
            t = time.process_time()
            out = fn(*a, **k)
            spent["improve"] += time.process_time() - t
            return out

        return timed

    cost, cpu, wall, wins = 0, 0.0, 0.0, []
    # Ruin and recreate (compiled where it models the day, else through OR-Tools) timed while these run.
    with patch.object(eng, "improve", timing(eng.improve)), patch.object(eng.sisr, "improve", timing(eng.sisr.improve)):
        for p in days:
            stops = p.num_nodes - p.num_depots
            n = max(1, round(limit * stops / scale)) if scale else limit
            params = SearchParams(time_limit_s=600, solution_limit=n, seed=seed, settings=settings)
            judged, times, win = day_searches(p, params)
            wins.append(win)
            cost += judged
            cpu += sum(times)
            wall += max(times)
    return {
        "eur": cost / COST_UNITS_PER_EUR,
        "cpu": cpu,
        "wall2": wall,
        "first_share": 1 - spent["improve"] / cpu,
        "wins": "".join(map(str, wins)),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("settings", nargs="+", help="N:R or N:R:S (see the module docstring)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--rebuilds", default=None, help="override OrtoolsSettings.rebuilds, e.g. ruined,ruined")
    ap.add_argument(
        "--scratch-min-routes",
        type=int,
        default=None,
        help="override OrtoolsSettings.scratch_min_routes (0: the second-round engine)",
    )
    ap.add_argument(
        "--granular",
        type=float,
        default=None,
        help="granular descent in a round: ls_operator_neighbors_ratio (min 10 neighbours)",
    )
    a = ap.parse_args()
    values = {
        "ortools.descent_neighbors_ratio": a.granular,
        "ortools.scratch_min_routes": a.scratch_min_routes,
        "ortools.rebuilds": a.rebuilds,
    }
    try:
        settings = SearchSettings().with_values({k: v for k, v in values.items() if v is not None})
    except ValueError as e:
        raise SystemExit(str(e)) from None
    days = utrecht_days(a.data)
    print(f"{len(days)} days, stops {[p.num_nodes - p.num_depots for p in days]}")
    print(f"{'setting':<16}{'EUR/week':>12}{'cpu s':>9}{'2-core s':>10}{'first %':>9}  winning search per day")
    for s in a.settings:
        parts = s.split(":")
        limit, rounds = int(parts[0]), float(parts[1])
        scale = int(parts[2]) if len(parts) > 2 else None
        r = run_setting(days, limit, rounds, scale, a.seed, settings)
        print(
            f"{s:<16}{r['eur']:>12.2f}{r['cpu']:>9.1f}{r['wall2']:>10.1f}{100 * r['first_share']:>9.0f}  {r['wins']}",
            flush=True,
        )


if __name__ == "__main__":
    main()
