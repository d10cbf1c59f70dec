"""CVRPLIB benchmark: read ``.vrp`` files, solve them through the day-routing interface, compare with BKS.

Conventions (those of CVRPLIB's published best-known solutions):
- distances are Euclidean, rounded to the nearest integer (TSPLIB ``nint``);
- the fleet is unlimited in principle; the ``-kNN`` in an instance's name is the least number of
  routes, and :func:`fleet_size` gives the solver a few more vans than a packing of the demands needs;
- BKS come from ``BKS.tsv`` (columns ``instance`` and ``bks``) beside the files or in a parent folder;
- routes name the nodes as numbered in the file (the depot, node 1 in CVRPLIB, left out).

Through :class:`~logistics_opt.routing.problem.DayProblem`: travel times are zero, shifts wide,
``cost_per_km`` = 0.01 EUR so that an arc's cost in solver units equals its integer distance, no
fixed cost. The cost reported is recomputed here from the routes, never taken from a solver.
"""

from __future__ import annotations

import csv
import math
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError, LogisticsError
from ..progress import Progress
from ..routing import get_engine
from ..routing.problem import COST_UNITS_PER_EUR, DayProblem, SearchParams, Vehicle

#: EUR per km that makes an arc's solver cost equal its distance: round(d * c * 1e5 / 1000) == d.
UNIT_COST_PER_KM = 1000.0 / COST_UNITS_PER_EUR
WIDE_S = 10**9  # a shift and windows no CVRP route comes near (travel times are zero)


@dataclass(frozen=True)
class CvrpInstance:
    """One CVRPLIB instance: node 0 is the depot; ``file_ids[i]`` is node i's number in the file."""

    name: str
    distance: np.ndarray  # (n, n) int64, rounded Euclidean
    demand: tuple[int, ...]
    capacity: int
    min_vehicles: int  # from the name's -kNN, else the demand bound
    file_ids: tuple[int, ...]


def read_cvrp(path: str | Path) -> CvrpInstance:
    """Read one CVRPLIB ``.vrp`` file (EUC_2D, one depot) with the ``vrplib`` package."""
    import vrplib

    path = Path(path)
    try:
        data = vrplib.read_instance(str(path), compute_edge_weights=False)
    except Exception as exc:  # vrplib raises bare ValueError/KeyError/IndexError on bad files
        raise InputError(str(path), f"not a readable CVRPLIB file ({exc})") from exc
    if data.get("edge_weight_type", "EUC_2D") != "EUC_2D" or "node_coord" not in data:
        raise InputError(str(path), "only EUC_2D instances with NODE_COORD_SECTION are supported")
    missing = [k for k in ("capacity", "demand", "depot") if k not in data]
    if missing:
        raise InputError(str(path), f"not a CVRP instance: no {', '.join(missing)}")
    depots = [int(d) for d in np.atleast_1d(data["depot"])]
    if len(depots) != 1:
        raise InputError(str(path), f"expected one depot, found {len(depots)}")
    coords = np.asarray(data["node_coord"], dtype=float)
    demand = [int(x) for x in np.asarray(data["demand"])]
    n = len(coords)
    order = [depots[0]] + [i for i in range(n) if i != depots[0]]  # depot first
    xy = coords[order]
    dist = np.rint(np.hypot(xy[:, None, 0] - xy[None, :, 0], xy[:, None, 1] - xy[None, :, 1])).astype(np.int64)
    capacity = int(data["capacity"])
    dem = tuple(demand[i] for i in order)
    if max(dem[1:], default=0) > capacity:
        raise InputError(str(path), "a customer's demand exceeds the vehicle capacity")
    name = str(data.get("name") or path.stem)
    m = re.search(r"-k(\d+)", name)
    k = int(m.group(1)) if m else math.ceil(sum(dem) / capacity)
    # vrplib drops the id column; CVRPLIB numbers nodes 1..n in file order.
    return CvrpInstance(name, dist, dem, capacity, k, tuple(i + 1 for i in order))


def fleet_size(inst: CvrpInstance) -> int:
    """Vans offered to the solver: first-fit-decreasing bins of the demands (a feasible packing), at
    least the instance's k, plus slack so the search can trade a route for shorter ones."""
    bins: list[int] = []
    for d in sorted(inst.demand[1:], reverse=True):
        for b, used in enumerate(bins):
            if used + d <= inst.capacity:
                bins[b] += d
                break
        else:
            bins.append(d)
    base = max(inst.min_vehicles, len(bins))
    return base + max(1, base // 10)


def day_problem(inst: CvrpInstance, vehicles: int | None = None) -> DayProblem:
    """The instance as a :class:`DayProblem` whose objective is the CVRP distance."""
    n = len(inst.demand)
    van = Vehicle(
        name="van",
        type="van",
        depot=0,
        capacity=inst.capacity,
        fixed_cost=0,
        cost_per_km=UNIT_COST_PER_KM,
        cost_per_hour=0.0,
        shift_start_s=0,
        shift_end_s=WIDE_S,
    )
    zeros = tuple([0] * n)
    return DayProblem(
        distance_m=tuple(map(tuple, inst.distance.tolist())),
        travel_s=tuple(zeros for _ in range(n)),
        service_s=zeros,
        delivery=inst.demand,
        pickup=zeros,
        windows=tuple((0, WIDE_S) for _ in range(n)),
        vehicles=tuple([van] * (vehicles or fleet_size(inst))),
    )


def route_cost(inst: CvrpInstance, routes: list[list[int]]) -> int:
    """Total rounded-Euclidean length of routes given as node indices (depot 0 excluded)."""
    d = inst.distance
    return int(sum(d[a, b] for r in routes for a, b in zip([0] + r, r + [0])))


def read_bks(files: list[Path]) -> dict[str, float]:
    """Best-known costs from every ``BKS.tsv`` in the files' folders or their parents."""
    seen: set[Path] = set()
    bks: dict[str, float] = {}
    for f in files:
        for folder in [f.resolve().parent, *f.resolve().parent.parents][:3]:
            tsv = folder / "BKS.tsv"
            if tsv in seen or not tsv.is_file():
                continue
            seen.add(tsv)
            with tsv.open(newline="", encoding="utf-8") as fh:
                for row in csv.DictReader(fh, delimiter="\t"):
                    if row.get("instance") and row.get("bks"):
                        value = float(row["bks"])
                        bks.setdefault(row["instance"], int(value) if value.is_integer() else value)
    return bks


def solve_instance(
    inst: CvrpInstance, time_limit: float, engine: str = "ortools", seed: int = 0, solution_limit: int | None = None
) -> tuple[int, list[list[int]], float]:
    """Solve one instance: (cost, routes as node indices, wall seconds). Errors if a customer is left out."""
    t0 = time.perf_counter()
    sol = get_engine(engine)(
        day_problem(inst), SearchParams(time_limit_s=time_limit, seed=seed, solution_limit=solution_limit)
    )
    seconds = time.perf_counter() - t0
    if sol.dropped:
        raise LogisticsError(
            f"{inst.name}: the {engine} engine left {len(sol.dropped)} customers unserved "
            f"({sol.status}) in {time_limit:g} s"
        )
    routes = [list(r.nodes) for r in sol.routes if r.nodes]
    return route_cost(inst, routes), routes, seconds


def run_cvrp_bench(
    files: list[str | Path],
    time_limit: float,
    engine: str = "ortools",
    seed: int = 0,
    progress: Progress | None = None,
    solution_limit: int | None = None,
) -> dict:
    """Solve each file; the ``{"kind": "cvrp", "results": [...]}`` document of ``bench cvrp``."""
    paths = [Path(f) for f in files]
    bks = read_bks(paths)
    results: list[dict[str, Any]] = []
    for path in paths:
        inst = read_cvrp(path)
        cost, routes, seconds = solve_instance(inst, time_limit, engine, seed, solution_limit)
        best = bks.get(inst.name, bks.get(path.stem))
        gap = round(100.0 * (cost - best) / best, 3) if best else None
        results.append(
            {
                "instance": inst.name,
                "cost": cost,
                "bks": best,
                "gap_pct": gap,
                "seconds": round(seconds, 2),
                "routes": [[inst.file_ids[i] for i in r] for r in routes],
            }
        )
        if progress:
            progress(
                f"{inst.name}: cost {cost}"
                + (f", BKS {best:g}, gap {gap:.2f} %" if best else "")
                + f", {seconds:.1f} s"
            )
    if progress and results and all(r["gap_pct"] is not None for r in results):
        progress(f"mean gap {sum(r['gap_pct'] for r in results) / len(results):.2f} % over {len(results)} instances")
    return {"kind": "cvrp", "engine": engine, "time_limit_s": time_limit, "seed": seed, "results": results}
