"""Option moves a second of the periodic search on a Cordeau instance, from the same first routes.

    python benchmarks/option_moves.py ../shared/instances/pvrp/p10.txt --moves 3000 [--ruin-share 0]

Routes the first week reproducibly (``_Search.first`` with a solution limit), then times
``anneal(state, 0, Random(0), MaxIterations(N))``: a greedy descent of N option moves, no re-solves. Prints
the moves a second and the week's cost before and after (cost units).
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from logistics_opt.bench.pvrp import PVRP_SETTINGS, read_cordeau, to_problem
from logistics_opt.routing.periodic import search
from logistics_opt.routing.problem import SearchParams
from logistics_opt.routing.stop import MaxIterations


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("instance", type=Path)
    ap.add_argument("--moves", type=int, default=3000)
    ap.add_argument("--ruin-share", type=float, default=0.0, help="share of ruin-and-recreate moves")
    args = ap.parse_args()
    settings = PVRP_SETTINGS.with_values({"periodic.ruin_share": args.ruin_share})
    problem = to_problem(read_cordeau(args.instance))
    params = SearchParams(time_limit_s=600, seed=0, solution_limit=25, rounds=50, settings=settings)
    state = search._Search(problem, params, "ortools", "days", None).first(None)
    before = state.cost()
    t = time.perf_counter()
    search.anneal(state, 0.0, random.Random(0), MaxIterations(args.moves))
    dt = time.perf_counter() - t
    print(f"{args.moves} moves in {dt:.2f} s = {args.moves / dt:.0f} a second; cost {before:.0f} -> {state.cost():.0f}")


if __name__ == "__main__":
    main()
