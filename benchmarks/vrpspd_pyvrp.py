"""Side by side: `logistics-opt bench vrpspd` and PyVRP on LKH-3's VRPSPD instances, same matrix, same vans.

Not part of the test suite. Needs the ``bench`` extra (PyVRP 0.14.1).

Each instance and seed, one solve at a time: first the project as ``bench vrpspd`` runs it (``plan``'s engine
on ``plan``'s processes, both cores by default), then PyVRP with its defaults on one core, ``MaxRuntime`` of the
same seconds, on the same integer distances (:mod:`logistics_opt.bench.vrpspd_file`: LKH-3's rounding) and the
same number of vans (the best known plan's). Both plans are judged by one function,
:func:`logistics_opt.bench.vrpspd.judge`: cost and gap in instance units, clients left out, rule breaks. A
ratio ours/PyVRP is given only where both served every client within the rules.

Examples:

    python benchmarks/vrpspd_pyvrp.py ../shared/instances/vrpspd/D/SCA3-0.vrpspd --time-limit 10
    python benchmarks/vrpspd_pyvrp.py ../shared/instances/vrpspd/MG/c101.vrpspd --time-limit 60 --seeds 0 1 2

A/B of our search settings in one run (``--variants``: ``default`` or ``NAME=VALUE,...`` of
:meth:`logistics_opt.routing.settings.SearchSettings.with_values`): ours once per variant, one after the
other, then PyVRP (``--no-pyvrp``: not at all); the ratios of each variant to the first:

    python benchmarks/vrpspd_pyvrp.py ../shared/instances/vrpspd/D/SCA3-*.vrpspd --variants default sisr.temp_end=0.001
"""

from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path
from typing import Any

from logistics_opt.bench.vrpspd import BenchRun, find_reference, fleet, judge, solve_instance
from logistics_opt.bench.vrpspd_file import VrpspdInstance, read_vrpspd
from logistics_opt.planning.week import default_workers
from logistics_opt.routing.settings import SearchSettings


def pyvrp_routes(inst: VrpspdInstance, vans: int, seconds: float, seed: int, iterations: int | None) -> list[list[int]]:
    """PyVRP's best plan (node indices): every edge given explicitly, one vehicle type of ``vans`` vans, default
    parameters; it stops after ``seconds`` (or ``iterations``, for the smoke test). An infeasible best plan is
    returned as it is, for the judge to report."""
    from pyvrp import Model
    from pyvrp.stop import MaxIterations, MaxRuntime

    m = Model()
    locs = [m.add_location(0.0, 0.0) for _ in inst.file_ids]  # no coordinates: the matrix is the distance
    m.add_depot(locs[0])
    for i in range(1, len(locs)):
        m.add_client(locs[i], delivery=[inst.delivery[i]], pickup=[inst.pickup[i]])
    m.add_vehicle_type(num_available=vans, capacity=[inst.capacity])
    for a, frm in enumerate(locs):
        for b, to in enumerate(locs):
            if a != b:
                m.add_edge(frm, to, distance=int(inst.distance[a, b]))
    stop = MaxIterations(iterations) if iterations else MaxRuntime(seconds)
    best = m.solve(stop=stop, seed=seed, display=False).best
    return [[a.idx + 1 for a in route if a.is_client()] for route in best.routes()]


def geomean(xs: list[float]) -> float:
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float("nan")


def complete(row: dict[str, Any]) -> bool:
    return not row["unserved"] and not row["problems"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+", type=Path, help=".vrpspd files (BKS.tsv beside them)")
    ap.add_argument("--time-limit", type=float, default=10.0, help="seconds per solve, for each solver")
    ap.add_argument("--seeds", nargs="+", type=int, default=[0], help="solver seeds (each solver gets each)")
    ap.add_argument("--engine", default="ortools", help="our engine, as `plan --engine`")
    ap.add_argument("--jobs", type=int, default=0, help="our processes (0: as `plan`, one per core, at most 2)")
    ap.add_argument("--bks", type=Path, default=None, help="best known costs (default: BKS.tsv beside the files)")
    ap.add_argument("--solution-limit", type=int, default=None, help="smoke tests: ours stops on work")
    ap.add_argument("--pyvrp-iterations", type=int, default=None, help="smoke tests: PyVRP stops on iterations")
    ap.add_argument("--variants", nargs="+", default=["default"], help="our settings to try, the first the reference")
    ap.add_argument("--no-pyvrp", action="store_true", help="ours only (an A/B of --variants)")
    ap.add_argument("--json", type=Path, default=None, help="write every row here")
    a = ap.parse_args()
    a.settings = [variant_settings(v) for v in a.variants]  # a bad name or value stops here, before any search
    extra = "".join(f" {'v' + str(i):>11} {'gap%':>6} {'out':>3}" for i in range(1, len(a.variants)))
    print(
        f"{'instance':<10} {'seed':>4} {'vans':>4} {'ours':>11} {'gap%':>6} {'out':>3}{extra} {'pyvrp':>11} {'gap%':>6} {'out':>3} {'ratio':>7}"
    )
    rows = []
    for path in a.files:
        for seed in a.seeds:
            rows.append(row := compare_both(path, a, seed))
            o, p = row["ours"], row["pyvrp"]
            ratio = f"{row['ratio']:.4f}" if row["ratio"] else "n/a"
            others = "".join(f" {v['cost']:>11} {_gap(v)} {_out(v)}" for v in row["variants"][1:])
            theirs = f"{p['cost']:>11} {_gap(p)} {_out(p)}" if p else f"{'':>11} {'':>6} {'':>3}"
            print(
                f"{row['instance']:<10} {seed:>4} {o['vans']:>4} {o['cost']:>11} {_gap(o)} {_out(o)}{others} {theirs} {ratio:>7}",
                flush=True,
            )
    for i, variant in enumerate(a.variants):
        judged = [r["variants"][i] for r in rows]
        gaps = [v["gap_pct"] for v in judged if v["gap_pct"] is not None]
        ratios = [v["cost"] / r["ours"]["cost"] for v, r in zip(judged, rows) if complete(v) and complete(r["ours"])]
        if i and ratios:
            gap = f"mean gap {sum(gaps) / len(gaps):.3f} %, " if gaps else ""
            print(
                f"variant {variant}: {gap}{geomean(ratios):.4f} x the first "
                f"(geometric mean over {len(ratios)}, {min(ratios):.4f}-{max(ratios):.4f})"
            )
    rows_pv = [r for r in rows if r["pyvrp"]]
    for who, judged_rows in (("ours", rows), ("pyvrp", rows_pv)):
        gaps = [r[who]["gap_pct"] for r in judged_rows if r[who]["gap_pct"] is not None]
        out = sum(len(r[who]["unserved"]) for r in judged_rows)
        bad = sum(bool(r[who]["problems"]) for r in judged_rows)
        if gaps:
            print(
                f"{who}: mean gap {sum(gaps) / len(gaps):.3f} % over {len(gaps)} solves; {out} clients unserved; {bad} plans breaking a rule"
            )
    ratios = [r["ratio"] for r in rows if r["ratio"]]
    if ratios:
        print(
            f"ours/pyvrp: geometric mean {geomean(ratios):.4f}, worst {max(ratios):.4f} over {len(ratios)} solves both complete"
        )
    if a.json:
        a.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


def _out(row: dict[str, Any]) -> str:
    """Clients left out, or ``inv`` for a plan that breaks a rule (PyVRP's best may be infeasible)."""
    return f"{'inv' if row['problems'] else len(row['unserved']):>3}"


def _gap(row: dict[str, Any]) -> str:
    return f"{row['gap_pct']:>6.2f}" if row["gap_pct"] is not None else f"{'':>6}"


def variant_settings(variant: str) -> SearchSettings:
    """``default``, or the settings with ``NAME=VALUE,...`` changed."""
    if variant == "default":
        return SearchSettings()
    try:
        return SearchSettings().with_values(dict(part.split("=", 1) for part in variant.split(",")))
    except ValueError as e:
        raise SystemExit(f"variant {variant}: {e}") from None


def compare_both(path: Path, a: argparse.Namespace, seed: int) -> dict[str, Any]:
    """One instance and seed: ours (once per variant), then PyVRP, each judged from the file; the cost ratio of
    the first variant to PyVRP where both are complete."""
    inst = read_vrpspd(path)
    ref = find_reference(path, inst.name, a.bks)
    vans, _ = fleet(inst, ref)
    variants = []
    for settings in a.settings:
        run = BenchRun(a.time_limit, a.engine, seed, a.solution_limit, None, a.jobs or default_workers(), settings)
        routes, seconds = solve_instance(inst, vans, run)
        variants.append(judge(inst, routes, vans, ref, seconds))
    ours, theirs = variants[0], None
    if not a.no_pyvrp:
        t0 = time.perf_counter()
        routes = pyvrp_routes(inst, vans, a.time_limit, seed, a.pyvrp_iterations)
        theirs = judge(inst, routes, vans, ref, time.perf_counter() - t0)
    both = theirs is not None and complete(ours) and complete(theirs)
    ratio = round(ours["cost"] / theirs["cost"], 5) if both and theirs and theirs["cost"] else None
    return {
        "instance": inst.name,
        "seed": seed,
        "time_limit_s": a.time_limit,
        "ours": ours,
        "variants": variants,
        "pyvrp": theirs,
        "ratio": ratio,
    }


if __name__ == "__main__":
    main()
