"""Cordeau's periodic VRP instances (p01-p32, pr01-pr10): read, solve, compare with BKS.

File format (Cordeau, Gendreau & Laporte 1997): line 1 ``type m n t`` (m vans a day, n customers,
t days); then t lines ``D Q`` (route duration limit, 0 = none, and capacity); then one line per
node ``i x y d q f a c1 .. ca`` (service time d, demand q, frequency f, a allowed combinations).
A combination is a 0-1 vector over the days read as a binary number, day 1 being the highest
bit. Node 0 is the depot; a node placed on the depot itself is skipped. Costs are unrounded
Euclidean route lengths; reference costs come from ``BKS.tsv`` beside the files.
"""

from __future__ import annotations

import csv
import math
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import InputError
from ..progress import Progress
from ..routing.periodic import PeriodicProblem, VisitOption, solve_periodic_on
from ..routing.problem import DayProblem, SearchParams, Vehicle
from ..routing.settings import OrtoolsSettings, SearchSettings

DIST_SCALE = 1000  # solver distance units per instance unit
TIME_SCALE = 100  # solver time units per instance unit (keeps routes inside the engine's horizon)
HORIZON = 48 * 3600 - 1
#: The search settings for these pure distance instances: guided local search's penalty weight, measured
#: at 60 s: p04 3.5 / 2.6 / 1.9 % above the reference with 0.1 (OR-Tools' default) / 0.2 / 0.35;
#: p10 8.6 % (0.2) / 7.2 % (0.35); p06 2.3 % / 2.9 % and p05 5.2 % / 4.5 % with 0.35 / 0.5.
PVRP_SETTINGS = SearchSettings(ortools=OrtoolsSettings(gls_lambda=0.35))


@dataclass(frozen=True)
class PvrpInstance:
    name: str
    vehicles_per_day: int
    days: int
    duration: float  # 0: no limit
    capacity: int
    ids: list[int]  # node ids, depot first
    xy: np.ndarray  # (n+1, 2)
    service: list[float]
    demand: list[int]
    combos: list[list[tuple[int, ...]]]  # per customer: allowed day sets (0-based days)


def decode_combo(value: int, days: int) -> tuple[int, ...]:
    """Combination number -> 0-based days; day 1 is the highest of ``days`` bits."""
    return tuple(d for d in range(days) if value >> (days - 1 - d) & 1)


def read_cordeau(path: Path) -> PvrpInstance:
    """Parse one instance file (see the module docstring)."""
    try:
        rows = [line.split() for line in path.read_text().splitlines() if line.strip()]
        _, m, n, t = (int(x) for x in rows[0][:4])
        d_lim, cap = float(rows[1][0]), int(float(rows[1][1]))
        nodes = rows[1 + t :]
        depot = [float(v) for v in nodes[0][1:3]]
        ids, xy, service, demand = [int(nodes[0][0])], [depot], [0.0], [0]
        combos: list[list[tuple[int, ...]]] = [[]]
        for r in nodes[1 : n + 1]:
            x, y = float(r[1]), float(r[2])
            if (x, y) == tuple(depot):
                continue
            a = int(r[6])
            ids.append(int(r[0]))
            xy.append([x, y])
            service.append(float(r[3]))
            demand.append(int(float(r[4])))
            combos.append([decode_combo(int(c), t) for c in r[7 : 7 + a]])
    except (IndexError, ValueError) as e:
        raise InputError(str(path), f"not a Cordeau PVRP file ({e})") from None
    return PvrpInstance(path.stem, m, t, d_lim, cap, ids, np.asarray(xy), service, demand, combos)


def euclid(xy: np.ndarray) -> np.ndarray:
    return np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1))


def to_problem(inst: PvrpInstance) -> PeriodicProblem:
    """The instance as an integer :class:`PeriodicProblem` (cost per unit length 1)."""
    d = euclid(inst.xy)
    svc = [int(math.ceil(s * TIME_SCALE)) for s in inst.service]
    # Without a duration limit time constrains nothing: leave it out so the engine skips it.
    timed = inst.duration > 0
    if not timed:
        svc = [0] * len(svc)
    shift_end = min(HORIZON, int(inst.duration * TIME_SCALE)) if inst.duration > 0 else HORIZON
    vehicles = tuple(
        Vehicle(f"v{k + 1}", "van", 0, inst.capacity, 0, 1.0, 0.0, 0, shift_end) for k in range(inst.vehicles_per_day)
    )
    n = len(inst.ids)
    template = DayProblem(
        distance_m=tuple(map(tuple, np.rint(d * DIST_SCALE).astype(np.int64).tolist())),
        travel_s=tuple(map(tuple, (np.ceil(d * TIME_SCALE - 1e-9) * timed).astype(np.int64).tolist())),
        service_s=tuple(svc),
        delivery=tuple(inst.demand),
        pickup=(0,) * n,
        windows=((0, HORIZON),) * n,
        vehicles=vehicles,
        num_depots=1,
    )
    options = tuple(
        tuple(VisitOption(c, (inst.demand[i],) * len(c), (0,) * len(c), (svc[i],) * len(c)) for c in inst.combos[i])
        for i in range(1, n)
    )
    return PeriodicProblem(inst.days, template, options)


def route_length(inst: PvrpInstance, nodes: list[int], d: np.ndarray) -> float:
    seq = [0] + nodes + [0]
    return float(sum(d[a, b] for a, b in zip(seq, seq[1:])))


def verify(inst: PvrpInstance, day_routes: list[list[list[int]]]) -> list[str]:
    """Violations: every customer on one allowed combination, once a day; capacity; duration."""
    errs = []
    d = euclid(inst.xy)
    days_of: dict[int, list[int]] = {}
    for day, routes in enumerate(day_routes):
        if len(routes) > inst.vehicles_per_day:
            errs.append(f"day {day + 1}: {len(routes)} routes, {inst.vehicles_per_day} vans")
        for r in routes:
            if sum(inst.demand[i] for i in r) > inst.capacity:
                errs.append(f"day {day + 1}: route over capacity")
            if inst.duration > 0 and route_length(inst, r, d) + sum(inst.service[i] for i in r) > inst.duration + 1e-6:
                errs.append(f"day {day + 1}: route over duration")
            for i in r:
                days_of.setdefault(i, []).append(day)
    for i in range(1, len(inst.ids)):
        got = tuple(sorted(days_of.get(i, [])))
        if got not in inst.combos[i]:
            errs.append(f"customer {inst.ids[i]} visited on days {[x + 1 for x in got]}, not an allowed combination")
    return errs


def read_bks(folder: Path) -> dict[str, float]:
    path = folder / "BKS.tsv"
    if not path.is_file():
        return {}
    with path.open(newline="") as f:
        return {r["instance"]: float(r["reference_cost"]) for r in csv.DictReader(f, delimiter="\t")}


def solve_instance(
    inst: PvrpInstance,
    time_limit: float,
    seed: int = 0,
    method: str = "auto",
    workers: int = 1,
    progress: Progress | None = None,
    settings: SearchSettings = PVRP_SETTINGS,
) -> dict:
    t0 = time.perf_counter()
    problem = to_problem(inst)
    params = SearchParams(time_limit_s=time_limit, seed=seed, settings=settings)
    sol = solve_periodic_on(problem, params, workers, method=method, progress=progress)
    day_routes = [[r for _, r in sorted(day.items()) if r] for day in sol.routes]
    d = euclid(inst.xy)
    cost = sum(route_length(inst, r, d) for day in day_routes for r in day)
    errs = verify(inst, day_routes)
    return {
        "instance": inst.name,
        "cost": round(cost, 2),
        "seconds": round(time.perf_counter() - t0, 2),
        "valid": not errs and not sol.dropped,
        "problems": errs[:5],
        "routes": [
            {"day": day + 1, "customers": [inst.ids[i] for i in r]}
            for day, routes in enumerate(day_routes)
            for r in routes
        ],
    }


def run_pvrp_bench(
    files: list[Path],
    time_limit: float,
    seed: int = 0,
    method: str = "auto",
    workers: int = 1,
    progress: Progress | None = None,
) -> dict:
    """``{"kind": "pvrp", "results": [...]}`` with cost, BKS and gap per instance."""
    results = []
    for f in files:
        inst = read_cordeau(f)
        bks = read_bks(f.parent).get(inst.name)
        res = solve_instance(inst, time_limit, seed, method, workers, progress)
        res["bks"] = bks
        res["gap_pct"] = round(100.0 * (res["cost"] - bks) / bks, 3) if bks else None
        order = ["instance", "cost", "bks", "gap_pct", "seconds", "valid", "problems", "routes"]
        results.append({k: res[k] for k in order})
        if progress:
            progress(
                f"{inst.name}: cost {res['cost']:.2f}, BKS {bks}, gap {res['gap_pct']}%, "
                f"{res['seconds']:.1f} s{'' if res['valid'] else ' INVALID'}"
            )
    gaps = [r["gap_pct"] for r in results if r["gap_pct"] is not None]
    return {
        "kind": "pvrp",
        "time_limit_s": time_limit,
        "seed": seed,
        "method": method,
        "searches": workers,
        "mean_gap_pct": round(sum(gaps) / len(gaps), 3) if gaps else None,
        "results": results,
    }
