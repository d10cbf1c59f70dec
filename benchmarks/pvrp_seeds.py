"""Cordeau PVRP instances over several seeds, with the periodic search's settings overridden.

    python benchmarks/pvrp_seeds.py p05 p10 --seeds 0 1 2 --time-limit 60 --set SWAP_SHARE=0.3

Prints each run's gap to the reference in ``BKS.tsv`` and the mean. ``--set NAME=VALUE`` changes a
module constant of ``logistics_opt.routing.periodic.search`` (``SEGMENT_S``, ``RESOLVE_S``,
``POLISH_SHARE``, ``SWAP_SHARE``, ...), or of another module of the periodic search when named
(``recreate.RUINED=10``), for this process only.
"""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path

from logistics_opt.bench.pvrp import read_bks, read_cordeau, solve_instance
from logistics_opt.routing.periodic import search


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("instances", nargs="+", help="names, e.g. p05 p10")
    ap.add_argument("--folder", type=Path, default=Path("../shared/instances/pvrp"))
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    args = ap.parse_args()
    for item in args.set:
        name, value = item.split("=", 1)
        module = search
        if "." in name:  # another module of the periodic search: recreate.RUINED=10
            where, name = name.rsplit(".", 1)
            module = importlib.import_module(f"logistics_opt.routing.periodic.{where}")
        if not hasattr(module, name):
            raise SystemExit(f"--set: no setting {name} in {module.__name__}")
        setattr(module, name, type(getattr(module, name))(float(value)))
    bks = read_bks(args.folder)
    gaps = []
    for seed in args.seeds:
        for name in args.instances:
            result = solve_instance(read_cordeau(args.folder / f"{name}.txt"), args.time_limit, seed)
            gap = 100 * (result["cost"] / bks[name] - 1)
            gaps.append(gap)
            print(f"seed {seed} {name}: cost {result['cost']}, gap {gap:.2f} %, valid {result['valid']}", flush=True)
    print(f"mean gap {sum(gaps) / len(gaps):.2f} % over {len(gaps)} runs {' '.join(args.set)}")


if __name__ == "__main__":
    main()
