"""Cordeau PVRP instances over several seeds, with the periodic search's settings overridden.

    python benchmarks/pvrp_seeds.py p05 p10 --seeds 0 1 2 --time-limit 60 --set swap_share=0.3

Prints each run's gap to the reference in ``BKS.tsv`` and the mean. ``--set NAME=VALUE`` changes a
field of the periodic search's settings (:class:`logistics_opt.routing.settings.PeriodicSettings`:
``segment_s``, ``resolve_s``, ``polish_share``, ``swap_share``, ``ruined``, ...; the old upper-case
names work too), or of another component when named (``sisr.temp_start=0.5``), for these runs only.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from logistics_opt.bench.pvrp import PVRP_SETTINGS, read_bks, read_cordeau, solve_instance
from logistics_opt.routing.settings import COMPONENTS, SearchSettings


def settings_from(assignments: list[str]) -> SearchSettings:
    """The benchmark's settings with ``NAME=VALUE`` assignments; a bare name is the periodic search's."""
    settings = PVRP_SETTINGS
    for item in assignments:
        given, value = item.split("=", 1)
        name = given
        if "." not in name or name.split(".", 1)[0] not in COMPONENTS:
            name = f"periodic.{name.rsplit('.', 1)[-1].lower()}"  # SWAP_SHARE, recreate.RUINED: the old spellings
        try:
            settings = settings.with_values({name: value})
        except ValueError as e:
            what = f"no setting {given}" if str(e).startswith("unknown setting") else f"{item}"
            raise SystemExit(f"--set: {what}: {e}") from None
    return settings


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("instances", nargs="+", help="names, e.g. p05 p10")
    ap.add_argument("--folder", type=Path, default=Path("../shared/instances/pvrp"))
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    args = ap.parse_args()
    settings = settings_from(args.set)
    bks = read_bks(args.folder)
    gaps = []
    for seed in args.seeds:
        for name in args.instances:
            result = solve_instance(read_cordeau(args.folder / f"{name}.txt"), args.time_limit, seed, settings=settings)
            gap = 100 * (result["cost"] / bks[name] - 1)
            gaps.append(gap)
            print(f"seed {seed} {name}: cost {result['cost']}, gap {gap:.2f} %, valid {result['valid']}", flush=True)
    print(f"mean gap {sum(gaps) / len(gaps):.2f} % over {len(gaps)} runs {' '.join(args.set)}")


if __name__ == "__main__":
    main()
