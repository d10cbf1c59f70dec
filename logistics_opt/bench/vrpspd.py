"""The VRPSPD benchmark: LKH-3's instances planned as one library day, judged against the best known.

Instances are read by :mod:`.vrpspd_file` (integer distances as LKH-3 computes them). Each is planned as
``plan`` plans a day: one :class:`~..routing.problem.DayProblem` (no times; vans at the cost per km that makes
an arc cost its integer distance, :data:`.cvrp.UNIT_COST_PER_KM`; no fixed cost) sent to the engine with
:meth:`..routing.Engine.solve` on ``plan``'s processes. Cost, loads and limits are judged here from the file,
never taken from the solver.

Best known costs: ``BKS.tsv`` (tab-separated; ``instance`` and ``best_known`` or ``bks``; optional
``vehicles``) in the file's folder or one of the two above it, the instance named by its path from that folder
without the suffix (``D/SCA3-0``) or by its file name (``SCA3-0``); or the one file given as ``--bks``.

Units: LKH-3's best known costs are in instance units (c101: 1220.187, SCA3-0: 635.62), so a reported cost
is the integer total divided by the distance unit: SCALE, or for an explicit matrix without SCALE the power
of ten that brings the total to the best known's magnitude (Dethloff's matrices are distance x 10,000; 1
without a best known). The project's ``../shared`` ``BKS.tsv`` sums the Dethloff distances rounded to 3
decimals arc by arc, so LKH-3's own tour shows a gap within +-0.001 % there (SCA8-0: 961.496 against 961.4935).

The fleet: the best known plan's vans (the ``vehicles`` column), else the file's ``VEHICLES`` (in LKH-3's
files the vans of its best tour), else one van per client.
"""

from __future__ import annotations

import csv
import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..progress import Progress
from ..routing import get_engine
from ..routing.problem import DayProblem, SearchParams, Vehicle
from ..routing.settings import DEFAULT_SETTINGS, SearchSettings
from .cvrp import UNIT_COST_PER_KM, WIDE_S
from .vrpspd_file import VrpspdFileError, VrpspdInstance, read_vrpspd


@dataclass(frozen=True)
class Reference:
    """An instance's best known cost (instance units) and the vans of that plan, where known."""

    cost: float | None = None
    vehicles: int | None = None


@dataclass(frozen=True)
class BenchRun:
    """How each instance is searched: ``plan``'s engine, stopping rule, seed and processes."""

    time_limit_s: float = 10.0
    engine: str = "ortools"
    seed: int = 0
    solution_limit: int | None = None  # stop on work (the time limit is then only a cap)
    rounds: int | None = None
    workers: int = 1
    settings: SearchSettings = DEFAULT_SETTINGS  # a benchmark may try others (``SearchSettings.with_values``)

    def params(self) -> SearchParams:
        return SearchParams(
            time_limit_s=self.time_limit_s,
            seed=self.seed,
            solution_limit=self.solution_limit,
            rounds=self.rounds,
            settings=self.settings,
        )


def _read_tsv(tsv: Path) -> dict[str, Reference]:
    with tsv.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    head = [h.strip().lower() for h in rows[0]] if rows else []
    cost_col = next((c for c in ("best_known", "bks") if c in head), None)
    if "instance" not in head or cost_col is None:
        raise VrpspdFileError(tsv, 1, "expected the columns instance and best_known (or bks)")
    out: dict[str, Reference] = {}
    for no, row in enumerate(rows[1:], 2):
        cells = dict(zip(head, (c.strip() for c in row)))
        if not cells.get("instance"):
            continue
        try:
            cost = float(cells[cost_col]) if cells.get(cost_col) else None
            vans = int(cells["vehicles"]) if cells.get("vehicles") else None
        except ValueError:
            raise VrpspdFileError(tsv, no, f"{cost_col} and vehicles must be numbers") from None
        out[cells["instance"]] = Reference(cost, vans)
    return out


def find_reference(path: Path, name: str, bks_file: Path | None = None) -> Reference:
    """The file's entry in ``bks_file``, else in the nearest ``BKS.tsv`` that names it (module docstring)."""
    path = path.resolve()
    folders = [bks_file.resolve().parent] if bks_file else [path.parent, *path.parents][:3]
    for folder in folders:
        tsv = bks_file.resolve() if bks_file else folder / "BKS.tsv"
        if not tsv.is_file():
            continue
        table = _read_tsv(tsv)
        relative = path.relative_to(folder).with_suffix("").as_posix() if path.is_relative_to(folder) else None
        for key in (relative, path.stem, name):
            if key in table:
                return table[key]
    return Reference()


def fleet(inst: VrpspdInstance, ref: Reference) -> tuple[int, str]:
    """Vans offered and where the number comes from (module docstring)."""
    if ref.vehicles:
        return ref.vehicles, "best known plan"
    if inst.vehicles:
        return inst.vehicles, "VEHICLES"
    return inst.clients, "one per client"


def day_problem(inst: VrpspdInstance, vans: int) -> DayProblem:
    """The instance as one day: an arc costs its integer distance; no times, no fixed cost."""
    n = len(inst.delivery)
    van = Vehicle("van", "van", 0, inst.capacity, 0, UNIT_COST_PER_KM, 0.0, 0, WIDE_S)
    zeros = (0,) * n
    return DayProblem(
        distance_m=tuple(map(tuple, inst.distance.tolist())),
        travel_s=(zeros,) * n,
        service_s=zeros,
        delivery=inst.delivery,
        pickup=inst.pickup,
        windows=((0, WIDE_S),) * n,
        vehicles=(van,) * vans,
    )


def route_length(inst: VrpspdInstance, route: list[int]) -> int:
    """Integer length of one route of node indices (the depot, 0, left out)."""
    seq = [0, *route, 0]
    return int(sum(inst.distance[a, b] for a, b in zip(seq, seq[1:])))


def problems(inst: VrpspdInstance, routes: list[list[int]], vans: int) -> list[str]:
    """What breaks the instance's rules: a client twice, a van over capacity at any point (it leaves with
    every delivery of its route; each stop changes the load by pickup - delivery), too many routes, a
    route over DISTANCE, an arrival after a client's latest time."""
    out = [f"{len(routes)} routes for {vans} vans"] if len(routes) > vans else []
    seen: set[int] = set()
    for k, route in enumerate(routes, 1):
        load = sum(inst.delivery[i] for i in route)
        loads, clock = [load], 0
        for a, b in zip([0, *route], route):
            load += inst.pickup[b] - inst.delivery[b]
            clock += int(inst.distance[a, b])
            loads.append(load)
            if clock > inst.latest[b]:
                out.append(f"route {k}: client {inst.file_ids[b]} reached after its latest time")
        if max(loads) > inst.capacity:
            out.append(f"route {k}: load {max(loads)} above the capacity {inst.capacity}")
        if inst.route_limit and route_length(inst, route) > inst.route_limit:
            out.append(f"route {k}: longer than DISTANCE")
        out += [f"client {inst.file_ids[i]} visited twice" for i in route if i in seen]
        seen.update(route)
    return out


def distance_unit(inst: VrpspdInstance, total: int, best_known: float | None) -> int:
    """Integer distance units per instance unit (module docstring)."""
    if inst.scale:
        return inst.scale
    if not best_known or total <= 0:
        return 1
    return 10 ** max(0, round(math.log10(total / best_known)))


def judge(inst: VrpspdInstance, routes: list[list[int]], vans: int, ref: Reference, seconds: float) -> dict[str, Any]:
    """One result row: cost and gap in instance units, unserved clients and rule breaks, routes in file ids."""
    routes = [r for r in routes if r]
    total = sum(route_length(inst, r) for r in routes)
    unit = distance_unit(inst, total, ref.cost)
    cost = round(total / unit, math.ceil(math.log10(unit))) if unit > 1 else total
    served = {i for r in routes for i in r}
    return {
        "instance": inst.name,
        "clients": inst.clients,
        "vans": vans,
        "routes_used": len(routes),
        "cost": cost,
        "distance_unit": unit,
        "bks": ref.cost,
        "gap_pct": round(100.0 * (cost - ref.cost) / ref.cost, 3) if ref.cost else None,
        "unserved": [inst.file_ids[i] for i in range(1, len(inst.delivery)) if i not in served],
        "problems": problems(inst, routes, vans)[:5],
        "seconds": round(seconds, 2),
        "routes": [[inst.file_ids[i] for i in r] for r in routes],
    }


def solve_instance(inst: VrpspdInstance, vans: int, run: BenchRun) -> tuple[list[list[int]], float]:
    """Routes (node indices) from the engine as ``plan`` runs it on one day, and the wall seconds."""
    t0 = time.perf_counter()
    sol = get_engine(run.engine).solve(day_problem(inst, vans), run.params(), run.workers)
    return [list(r.nodes) for r in sol.routes], time.perf_counter() - t0


def summary(results: list[dict[str, Any]]) -> str:
    gaps = [r["gap_pct"] for r in results if r["gap_pct"] is not None]
    unserved = sum(len(r["unserved"]) for r in results)
    mean = f"mean gap {sum(gaps) / len(gaps):.3f} % over {len(gaps)} instances" if gaps else "no best known"
    return f"{mean}; {unserved} clients unserved"


def run_vrpspd_bench(
    files: list[Path], run: BenchRun, bks_file: Path | None = None, progress: Progress | None = None
) -> dict[str, Any]:
    """Plan each file; the ``{"kind": "vrpspd", "results": [...]}`` document of ``bench vrpspd``."""
    results = []
    for path in files:
        inst = read_vrpspd(path)
        ref = find_reference(Path(path), inst.name, bks_file)
        vans, source = fleet(inst, ref)
        routes, seconds = solve_instance(inst, vans, run)
        res = judge(inst, routes, vans, ref, seconds)
        res["vans_from"] = source
        results.append(res)
        if progress:
            progress(
                f"{inst.name}: cost {res['cost']}"
                + (f", best known {ref.cost}, gap {res['gap_pct']:.2f} %" if ref.cost else "")
                + f", {res['routes_used']} routes of {vans} vans"
                + (f", {len(res['unserved'])} clients unserved" if res["unserved"] else "")
                + (f", INVALID: {res['problems'][0]}" if res["problems"] else "")
                + f", {seconds:.1f} s"
            )
    if progress and results:
        progress(summary(results))
    gaps = [r["gap_pct"] for r in results if r["gap_pct"] is not None]
    return {
        "kind": "vrpspd",
        "engine": run.engine,
        "time_limit_s": run.time_limit_s,
        "solution_limit": run.solution_limit,
        "seed": run.seed,
        "processes": run.workers,
        "mean_gap_pct": round(sum(gaps) / len(gaps), 3) if gaps else None,
        "unserved": sum(len(r["unserved"]) for r in results),
        "results": results,
    }
