#!/usr/bin/env python3
"""Wall time and peak memory of the national plan, locally and on a Dask LocalCluster.

    python benchmarks/national.py [--data data/netherlands] [--out /tmp/national-bench]
                                  [--time-limit 240] [--optimise-limit 780] [--solution-limit 200]
                                  [--skip current optimise dask]

1. ``plan DATA --time-limit T`` (current practice) under ``/usr/bin/time -v``: wall time, peak
   resident memory (the largest process: the main one or a worker).
2. The same with ``--frequencies optimise``.
3. Reproducible mode (``--solution-limit N`` and a time limit that never binds): once in local
   processes and once with ``--scheduler`` on a ``LocalCluster`` of 2 worker processes; the two
   ``plan.json`` files must be equal apart from their timing and command fields.

Run from the repository root; prints one line per run and a JSON summary at the end.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VOLATILE = {"solve_seconds", "command", "parameters"}


def timed(args: list[str], log: Path) -> dict[str, float | int]:
    """Run ``python cli.py ARGS`` under /usr/bin/time -v; wall seconds, peak RSS MB, exit code."""
    cmd = ["/usr/bin/time", "-v", sys.executable, str(ROOT / "cli.py"), *args]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    log.write_text(proc.stdout + proc.stderr, encoding="utf-8")
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    return {
        "wall_s": round(wall, 1),
        "peak_rss_mb": round(int(rss.group(1)) / 1024, 1) if rss else -1,
        "exit": proc.returncode,
    }


def summary(folder: Path) -> dict:
    d = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
    return {k: d["summary"].get(k) for k in ("cost_eur", "trunk_cost_eur", "routes", "unassigned", "distance_km")}


def comparable(folder: Path) -> str:
    d = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
    d["meta"] = {k: v for k, v in d["meta"].items() if k not in VOLATILE}
    return json.dumps(d, sort_keys=True)


def dask_pair(data: str, out: Path, solution_limit: int, workers: int) -> dict:
    from distributed import LocalCluster

    common = ["plan", data, "--time-limit", "36000", "--solution-limit", str(solution_limit), "--silent"]
    local = timed([*common, "--out", str(out / "repro-local"), "--workers", str(workers)], out / "repro-local.log")
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = timed(
            [
                *common,
                "--out",
                str(out / "repro-dask"),
                "--workers",
                str(workers),
                "--scheduler",
                cluster.scheduler_address,
            ],
            out / "repro-dask.log",
        )
    same = comparable(out / "repro-local") == comparable(out / "repro-dask")
    return {"local": local, "dask": remote, "plans_equal": same, "summary": summary(out / "repro-local")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="data/netherlands")
    ap.add_argument("--out", type=Path, default=Path("/tmp/national-bench"))
    ap.add_argument("--time-limit", type=float, default=240.0)
    ap.add_argument("--optimise-limit", type=float, default=780.0)
    ap.add_argument("--solution-limit", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--skip", nargs="*", default=[], choices=["current", "optimise", "dask"])
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict] = {}
    if "current" not in a.skip:
        r = timed(
            [
                "plan",
                a.data,
                "--out",
                str(a.out / "current"),
                "--time-limit",
                str(a.time_limit),
                "--workers",
                str(a.workers),
            ],
            a.out / "current.log",
        )
        results["current"] = r | {"summary": summary(a.out / "current")} if r["exit"] in (0, 3) else r
        print(f"current practice, --time-limit {a.time_limit:g}: {results['current']}", flush=True)
    if "optimise" not in a.skip:
        r = timed(
            [
                "plan",
                a.data,
                "--out",
                str(a.out / "optimise"),
                "--frequencies",
                "optimise",
                "--time-limit",
                str(a.optimise_limit),
                "--workers",
                str(a.workers),
            ],
            a.out / "optimise.log",
        )
        results["optimise"] = r | {"summary": summary(a.out / "optimise")} if r["exit"] in (0, 3) else r
        print(f"--frequencies optimise, --time-limit {a.optimise_limit:g}: {results['optimise']}", flush=True)
    if "dask" not in a.skip:
        results["dask"] = dask_pair(a.data, a.out, a.solution_limit, a.workers)
        print(f"reproducible, --solution-limit {a.solution_limit}: {results['dask']}", flush=True)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
