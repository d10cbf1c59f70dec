"""The consistent VRP instances of Groër, Golden & Wasil (2009), planned by the project's master routes.

File format (TSPLIB style, ``../shared/instances/convrp/``): ``NUM_DAYS``, ``CAPACITY``, ``DISTANCE`` (the
longest route, travel and service; 9999999: none), ``NODE_COORD_SECTION`` (node ``k`` is customer ``k``),
``DEMAND_SECTION`` (per customer its demand on each day, -1 where no visit is due), ``SVC_TIME_SECTION``
(per customer its service time on each day) and ``DEPOT_SECTION`` (the depot's coordinates). Distances are
Euclidean, unrounded.

Each instance becomes a :class:`~..data.model.Network` and goes through ``plan --consistent``'s own path
(:func:`..planning.consistency.master_week`): a hub at the depot, a branch per customer visited on its due
days with that day's demand in crates, one travel unit a minute (speed and distance both 1), the cost one
euro a unit (so a plan's cost is its travel), no break, a shift of ``DISTANCE`` minutes where the file has
one, and ``[consistency]``: the same van every day, service starting within ``spread`` minutes over the
week. The vans: enough for the master day (every customer at once at its largest demand), 1.5 times its
crates over the capacity, plus one.

The plan is then judged here from the file, not from the planner: every due visit served by one van, loads,
the route limit, and the spread of the starts of service recomputed by walking each route (a van that is
early waits at the door until the branch's promised window opens, as ``plan`` promises it; the published
ConVRP allows no such waiting, so its plans are held to more). Best known costs: ``BKS.tsv`` beside the
files (``instance``, ``best_known``), when there is one.
"""

from __future__ import annotations

import csv
import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..codes import WEEKDAYS
from ..data.model import Branch, Consistency, Network, Settings, VehicleType
from ..errors import InputError
from ..matrix import Matrix
from ..plan import Plan
from ..progress import Progress
from ..routing.problem import SearchParams
from ..volumes import Visit, gaps

NO_LIMIT = 9_999_999
HUB = "depot"
#: Minutes; the published ConVRP results' spread limit was not found (benchmarks/README.md), so a choice.
DEFAULT_SPREAD = 50.0


@dataclass(frozen=True)
class ConvrpInstance:
    name: str
    days: int
    capacity: int
    duration: float | None  # the longest route (travel and service); None: no limit
    xy: np.ndarray  # (n + 1, 2), the depot first
    demand: list[list[int]]  # per node, per day (-1: not due); the depot's row is empty
    service: list[float]  # per node: its largest service time over the days

    @property
    def customers(self) -> int:
        return len(self.demand) - 1


def _sections(path: Path) -> tuple[dict[str, str], dict[str, list[list[str]]]]:
    head: dict[str, str] = {}
    sections: dict[str, list[list[str]]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = line.split()
        if not cells or cells[0] == "EOF":
            continue
        if cells[0].endswith("_SECTION"):
            current = cells[0]
            sections[current] = []
        elif ":" in line and current is None:
            key, _, value = line.partition(":")
            head[key.strip()] = value.strip()
        elif current is not None:
            sections[current].append(cells)
    return head, sections


def read_convrp(path: Path) -> ConvrpInstance:
    """Parse one instance (see the module docstring); an ``InputError`` naming the file when it is not one."""
    try:
        head, sec = _sections(path)
        days, capacity = int(head["NUM_DAYS"]), int(float(head["CAPACITY"]))
        limit = float(head.get("DISTANCE", NO_LIMIT))
        coords = {int(r[0]): (float(r[1]), float(r[2])) for r in sec["NODE_COORD_SECTION"]}
        depot = tuple(float(x) for x in sec["DEPOT_SECTION"][0][:2])
        ids = sorted(coords)
        demand = {int(r[0]): [int(float(x)) for x in r[1 : days + 1]] for r in sec["DEMAND_SECTION"]}
        service = {int(r[0]): max(float(x) for x in r[1 : days + 1]) for r in sec["SVC_TIME_SECTION"]}
        rows = [demand[k] for k in ids]
        if any(len(r) != days for r in rows):
            raise ValueError(f"a demand row without {days} days")
    except (KeyError, IndexError, ValueError) as e:
        raise InputError(str(path), f"not a ConVRP instance file ({type(e).__name__}: {e})") from None
    xy = np.asarray([depot, *(coords[k] for k in ids)])
    return ConvrpInstance(
        path.stem,
        days,
        capacity,
        None if limit >= NO_LIMIT else limit,
        xy,
        [[], *rows],
        [0.0, *(service[k] for k in ids)],
    )


def euclid(xy: np.ndarray) -> np.ndarray:
    return np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1))


def vans_needed(inst: ConvrpInstance) -> int:
    """The vans offered: 1.5 times the master day's crates over the capacity, plus one (module docstring)."""
    crates = sum(max(d for d in row) for row in inst.demand[1:] if row)
    return math.ceil(1.5 * crates / inst.capacity) + 1


def to_network(inst: ConvrpInstance, spread: float) -> tuple[Network, Matrix, dict[str, list[Visit]]]:
    """The instance as a network, its matrix (a unit of distance is a km and a minute) and every visit."""
    wd = WEEKDAYS[: inst.days]
    ids = [HUB, *(f"c{k}" for k in range(1, inst.customers + 1))]
    branches = [Branch(HUB, "Depot", "", "", 0.0, 0.0, "hub")]
    branches += [
        Branch(bid, bid, "ConVRP", "", 0.0, 0.0, "branch", service_min=inst.service[k])
        for k, bid in enumerate(ids)
        if k
    ]
    shift = inst.duration if inst.duration is not None else 47 * 60.0
    van = VehicleType("van", vans_needed(inst), inst.capacity, 1.0, 0.0, 0.0, 0.0, 0.0, shift, HUB)
    settings = Settings(
        items_per_crate=1,
        handling_min_per_crate=0.0,
        working_days=wd,
        default_service_min=0.0,
        break_min=0.0,
        consistency=Consistency(True, spread),
    )
    network = Network(tuple(branches), (), (van,), settings)
    d = euclid(inst.xy)
    visits: dict[str, list[Visit]] = {}
    for k, bid in enumerate(ids[1:], start=1):
        due = tuple(wd[i] for i, q in enumerate(inst.demand[k]) if q >= 0)
        if due:
            gap = gaps(due, wd)
            visits[bid] = [Visit(day, g, inst.demand[k][wd.index(day)], 0, inst.demand[k][wd.index(day)], 0)
                           for day, g in zip(due, gap)]  # fmt: skip
    return network, Matrix(tuple(ids), d, d.copy()), visits


def _begin(d: np.ndarray, inst: ConvrpInstance, start: float, nodes: list[int], opens: dict[int, float]) -> list[float]:
    """Each stop's start of service, walking the route from ``start``: a wait until the promised window."""
    t, out, prev = start, [], 0
    for n in nodes:
        t = max(t + d[prev, n], opens.get(n, 0.0))
        out.append(t)
        t += inst.service[n]
        prev = n
    return out


def judge(inst: ConvrpInstance, plan: Plan, spread: float, bks: float | None, seconds: float) -> dict[str, Any]:
    """One result row, every figure from the file and the routes' order and start (module docstring)."""
    d = euclid(inst.xy)
    node = {f"c{k}": k for k in range(1, inst.customers + 1)}
    promised = (plan.consistency or {}).get("branches", {})
    opens = {node[b]: _clock(w["from"]) for b, w in promised.items()}
    wd = plan.working_days
    vans: dict[int, set[str]] = {}
    begins: dict[int, list[float]] = {}
    problems, cost, served = [], 0.0, set()
    for r in plan.routes:
        nodes = [node[s.branch] for s in r.stops]
        path = [0, *nodes, 0]
        length = float(sum(d[a, b] for a, b in zip(path, path[1:])))
        cost += length
        day = wd.index(r.day)
        if sum(inst.demand[n][day] for n in nodes) > inst.capacity:
            problems.append(f"{r.day} {r.vehicle}: over capacity")
        if inst.duration is not None and length + sum(inst.service[n] for n in nodes) > inst.duration + 1e-6:
            problems.append(f"{r.day} {r.vehicle}: longer than DISTANCE")
        for n, b in zip(nodes, _begin(d, inst, _clock(r.start), nodes, opens)):
            served.add((n, day))
            vans.setdefault(n, set()).add(r.vehicle)
            begins.setdefault(n, []).append(b)
    due = {(n, day) for n in range(1, inst.customers + 1) for day, q in enumerate(inst.demand[n]) if q >= 0}
    missing = sorted(due - served)
    problems += [f"customer {n} served by {len(v)} vans" for n, v in sorted(vans.items()) if len(v) > 1]
    widest = max((max(b) - min(b) for b in begins.values()), default=0.0)
    if widest > spread + 0.01:
        problems.append(f"a customer's service starts over {widest:.1f} minutes of the week (limit {spread:g})")
    return {
        "instance": inst.name,
        "customers": inst.customers,
        "cost": round(cost, 2),
        "bks": bks,
        "gap_pct": round(100.0 * (cost - bks) / bks, 3) if bks else None,
        "vans_used": len({r.vehicle for r in plan.routes}),
        "max_spread": round(float(widest), 2),
        "unserved": [f"customer {n} on day {day + 1}" for n, day in missing],
        "problems": problems[:5],
        "seconds": round(seconds, 2),
    }


def _clock(hhmm: str) -> float:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def read_bks(folder: Path) -> dict[str, float]:
    path = folder / "BKS.tsv"
    if not path.is_file():
        return {}
    with path.open(newline="", encoding="utf-8") as f:
        return {r["instance"]: float(r["best_known"]) for r in csv.DictReader(f, delimiter="\t") if r.get("best_known")}


@dataclass(frozen=True)
class ConvrpRun:
    """How each instance is planned: ``plan``'s engine, stopping rule, seed, processes, and the spread."""

    time_limit_s: float = 60.0
    spread: float = DEFAULT_SPREAD
    engine: str = "ortools"
    seed: int = 0
    solution_limit: int | None = None
    workers: int = 1

    def params(self) -> SearchParams:
        return SearchParams(time_limit_s=self.time_limit_s, seed=self.seed, solution_limit=self.solution_limit)


def plan_instance(inst: ConvrpInstance, run: ConvrpRun, progress: Progress | None = None) -> tuple[Plan, float]:
    """The consistent week of ``plan --consistent`` on the instance, and its wall seconds."""
    from ..planning.consistency import master_week

    t0 = time.perf_counter()
    network, matrix, visits = to_network(inst, run.spread)
    schedule = {bid: tuple(v.day for v in vs) for bid, vs in visits.items()}
    plan = master_week(network, matrix, schedule, run.params(), run.engine, run.workers, progress, visits=visits)
    return plan, time.perf_counter() - t0


def run_convrp_bench(files: list[Path], run: ConvrpRun, progress: Progress | None = None) -> dict[str, Any]:
    """Plan each file; the ``{"kind": "convrp", "results": [...]}`` document of ``bench convrp``."""
    results = []
    for path in files:
        inst = read_convrp(path)
        bks = read_bks(path.parent).get(inst.name)
        plan, seconds = plan_instance(inst, run)
        res = judge(inst, plan, run.spread, bks, seconds)
        results.append(res)
        if progress:
            progress(
                f"{inst.name}: cost {res['cost']:.2f}"
                + (f", best known {bks}, gap {res['gap_pct']:.2f} %" if bks else "")
                + f", {res['vans_used']} vans, largest spread {res['max_spread']:.1f}"
                + (f", {len(res['unserved'])} visits unserved" if res["unserved"] else "")
                + (f", INVALID: {res['problems'][0]}" if res["problems"] else "")
                + f", {seconds:.1f} s"
            )
    gaps_pct = [r["gap_pct"] for r in results if r["gap_pct"] is not None]
    return {
        "kind": "convrp",
        "engine": run.engine,
        "time_limit_s": run.time_limit_s,
        "solution_limit": run.solution_limit,
        "seed": run.seed,
        "spread_min": run.spread,
        "processes": run.workers,
        "total_cost": round(sum(r["cost"] for r in results), 2),
        "mean_gap_pct": round(sum(gaps_pct) / len(gaps_pct), 3) if gaps_pct else None,
        "unserved": sum(len(r["unserved"]) for r in results),
        "results": results,
    }
