"""Ruin and recreate in compiled code: one day's routes improved by SISR (:mod:`.sisr_kernel`).

The OR-Tools engine finds a first solution and improves it with guided local search; this module
then carries on from those routes until its stopping criterion (:mod:`.stop`) says so: a deadline
(time-limited runs) or a number of iterations with the deadline only a cap (reproducible runs: the
result depends on the routes and the seed only). Its settings are :class:`.settings.SisrSettings`
and, for taking routes away, :class:`.settings.FleetSettings`. It packs a
:class:`.problem.DayProblem` into the kernel's arrays once, costs routes exactly as the OR-Tools
model does (the rules of :mod:`.rules`), and hands back routes per vehicle, which the engine reads
back into its model. Vans that reload at the depot (trip chains, :mod:`.trips`) are not packed:
:func:`supports` says so, and the engine then rebuilds routes through OR-Tools instead.

Stops the first routes leave out are put where they fit; those that fit nowhere stay in play in the
annealing (:mod:`.anneal_kernel`): a tight fleet first serves every stop it can, then gets cheap. A stop
still left out at the end is tried once more at every place, and :class:`Improved` says how often the
search tried to fit it (the plan's reason for it says so).

Where the vans cost a fixed sum and the crates would fit in fewer routes than the first solution
has, the search first takes routes away (:mod:`.fleet_kernel`). Fewer routes are not always
cheaper, so when it finds them, the rest of the search is a race on halves: the annealing from the
fewer routes (the other vans closed), then from the first routes; the cheaper best wins.
"""

from __future__ import annotations

import functools
import time
from typing import NamedTuple

import numpy as np

from . import anneal_kernel as anneal
from . import fleet_kernel as fleet
from . import ruin
from . import sisr_kernel as k
from .problem import DayProblem, Vehicle
from .rules import arc_costs, second_cost, shift_limits
from .settings import DEFAULT_SETTINGS, SearchSettings, SisrSettings
from .stop import MaxIterations, StoppingCriterion


@functools.cache
def warm_up() -> None:
    """Load the kernel's compiled functions (on a fresh machine: compile them, some 20 s; Numba keeps them
    on disk after) by two short searches on days of three stops: one leaves a stop out, one takes routes
    away. A search calls this before its clock starts, so that the clock counts searching only."""
    d = tuple(tuple(abs(i - j) * 1000 for j in range(4)) for i in range(4))
    van = Vehicle("warm-up", "van", 0, 10, 1, 1.0, 1.0, 0, 36000)
    for pickup, vans in (((0, 6, 6, 6), 2), ((0, 3, 3, 3), 3)):
        day = DayProblem(d, d, (0,) * 4, (0,) * 4, pickup, ((0, 99999),) * 4, (van,) * vans)
        improve(day, [[1], [2], [3]][:vans], 0, MaxIterations(20))


def supports(problem: DayProblem) -> bool:
    """Whether the kernel models this day: any day but vans that reload (trip chains)."""
    return not problem.trips and len(problem.stop_nodes) > 0 and len(problem.vehicles) > 0


def pack(problem: DayProblem, settings: SisrSettings = DEFAULT_SETTINGS.sisr) -> k.Day:
    """The day as the kernel's arrays (costs in cost units, times in seconds), with SISR's ruin settings."""
    n, nd = problem.num_nodes, problem.num_depots
    dist = np.asarray(problem.distance_m, dtype=np.int64)
    types = sorted({v.cost_per_km for v in problem.vehicles})
    service = np.asarray(problem.service_s, dtype=np.int64)
    windows = np.asarray(problem.windows, dtype=np.int64).reshape(n, 2)
    lo = windows[:, 0].copy()
    hi = np.maximum(lo, windows[:, 1] - service)
    lo[:nd], hi[:nd] = 0, k.INF
    vehicles = problem.vehicles
    limits = [shift_limits(v) for v in vehicles]
    allowed = np.ones((len(vehicles), n), dtype=np.bool_)
    for node, vans in enumerate(problem.allowed_vehicles):
        if vans:
            allowed[:, node] = False
            allowed[list(vans), node] = True
    return k.Day(
        arc=np.stack([arc_costs(dist, cpk) for cpk in types]),
        travel=np.asarray(problem.travel_s, dtype=np.int64),
        service=service,
        lo=lo,
        hi=hi,
        timed=problem.timed,
        deliv=np.asarray(problem.delivery, dtype=np.int64),
        pick=np.asarray(problem.pickup, dtype=np.int64),
        vtype=np.array([types.index(v.cost_per_km) for v in vehicles], dtype=np.int64),
        vdepot=np.array([v.depot for v in vehicles], dtype=np.int64),
        vcap=np.array([v.capacity for v in vehicles], dtype=np.int64),
        vfixed=np.array([v.fixed_cost for v in vehicles], dtype=np.int64),
        vcoef=np.array([second_cost(v.cost_per_hour) for v in vehicles], dtype=np.int64),
        vstart=np.array([v.shift_start_s for v in vehicles], dtype=np.int64),
        vend=np.array([end for end, _ in limits], dtype=np.int64),
        vspan=np.array([span for _, span in limits], dtype=np.int64),
        allowed=allowed,
        vclass=_van_classes(problem, allowed),
        near=ruin.neighbour_table(problem).astype(np.int64),
        far=(dist + dist.T)[:nd].min(axis=0),
        avg_removed=float(settings.avg_removed),
        max_string=float(settings.max_string),
        split_depth=float(settings.split_depth),
        blink=float(settings.blink),
        granular=granular(problem, settings),
    )


def granular(problem: DayProblem, settings: SisrSettings) -> int:
    """The nearest stops whose routes an insertion tries first: ``settings.granular`` on days of more
    than ``settings.granular_above`` stops, else 0 (every route)."""
    stops = len(problem.stop_nodes)
    return min(settings.granular, stops) if stops > settings.granular_above else 0


def _van_classes(problem: DayProblem, allowed: np.ndarray) -> np.ndarray:
    """Vans that are alike in everything the search sees share a class: an empty route is tried
    once per class, not once per van."""
    seen: dict[tuple, int] = {}
    out = np.empty(len(problem.vehicles), dtype=np.int64)
    for i, v in enumerate(problem.vehicles):
        key: tuple[object, ...] = (v.depot, v.capacity, v.fixed_cost, v.cost_per_km, v.cost_per_hour, v.shift_start_s)
        key += (v.shift_end_s, v.break_after_s, v.break_s, allowed[i].tobytes())
        out[i] = seen.setdefault(key, len(seen))
    return out


def new_state(problem: DayProblem, routes: list[list[int]]) -> k.State:
    """The search's working arrays for ``routes`` (per vehicle, problem nodes), not yet costed (:func:`.sisr_kernel.start`)."""
    vans, n = len(problem.vehicles), problem.num_nodes
    width = len(problem.stop_nodes) + 1
    lens = np.array([len(r) for r in routes], dtype=np.int64)
    table = np.zeros((vans, width), dtype=np.int64)
    for v, r in enumerate(routes):
        table[v, : len(r)] = r
    return k.State(
        routes=table,
        lens=lens,
        rcost=np.zeros(vans, dtype=np.int64),
        pm=np.zeros((vans, width + 1), dtype=np.int64),
        sm=np.zeros((vans, width + 1), dtype=np.int64),
        wait=np.zeros(vans, dtype=np.int64),
        where_v=np.full(n, -1, dtype=np.int64),
        where_p=np.zeros(n, dtype=np.int64),
        best_routes=table.copy(),
        best_lens=lens.copy(),
        bk_routes=table.copy(),
        bk_lens=lens.copy(),
        bk_cost=np.zeros(vans, dtype=np.int64),
        touched=np.zeros(vans, dtype=np.bool_),
        tlist=np.zeros(vans, dtype=np.int64),
        dirty=np.zeros(vans, dtype=np.bool_),
        buf=np.zeros(width + 1, dtype=np.int64),
        removed=np.zeros(n, dtype=np.int64),
        seen=np.zeros(vans, dtype=np.int64),
        mark=np.zeros(vans, dtype=np.int64),
        absent=np.zeros(n, dtype=np.int64),
        left=np.zeros(n, dtype=np.int64),
        tries=np.zeros(n, dtype=np.int64),
        scalars=np.zeros(6, dtype=np.int64),
    )


class Improved(NamedTuple):
    """What :func:`improve` found: routes per vehicle, their cost (cost units, stops left out not counted;
    -1 when the kernel found a first route infeasible and left the routes alone) and, per stop left out,
    how often the search tried to fit it."""

    routes: list[list[int]]
    cost: int
    tries: dict[int, int]


def improve(
    problem: DayProblem,
    routes: list[list[int]],
    seed: int,
    stop: StoppingCriterion,
    settings: SearchSettings = DEFAULT_SETTINGS,
) -> Improved:
    """Improve ``routes`` (per vehicle, problem nodes) until ``stop`` says so: a number of iterations (a
    reproducible run, the clock only a cap) or a deadline. Stops the routes leave out are first put where
    they fit; those that fit nowhere stay in play (:mod:`.anneal_kernel`) and are tried once more, at every
    place, at the end. Routes are taken away where they can be (:func:`_fewer_routes`, then :func:`_race`)."""
    day = pack(problem, settings.sisr)
    state = new_state(problem, routes)
    k.start(day, state)
    if (state.rcost < 0).any():  # a first route the kernel finds infeasible: leave the routes alone
        return Improved([list(r) for r in routes], -1, {})
    k.seed_rng(seed)
    served = {s for r in routes for s in r}
    anneal.place_unserved(day, state, np.array([s for s in problem.stop_nodes if s not in served], dtype=np.int64))
    k.start(day, state)
    legs = int(state.lens.sum() + (state.lens > 0).sum())
    per_leg = (state.scalars[k.CUR] - int(day.vfixed[state.lens > 0].sum())) / max(1, legs)
    temps = (max(per_leg * settings.sisr.temp_start, 1e-9), max(per_leg * settings.sisr.temp_end, 1e-9))
    first = (state.routes.copy(), state.lens.copy())
    # Counted work: a share of the iterations, the clock only a cap; time alone: a share of the time.
    done, fewer = _fewer_routes(day, state, stop.part(settings.fleet.share), settings)
    stop.add(done)
    rest = stop.part(1.0)
    if fewer is None:
        stop.add(_anneal(day, state, temps, rest, settings.sisr))
    else:
        stop.add(_race(day, fewer, state, first, temps, rest, settings.sisr))
    if state.scalars[k.BABS]:
        _last_try(problem, day, state)
    best = [[int(x) for x in state.best_routes[v, : state.best_lens[v]]] for v in range(len(routes))]
    left = set(problem.stop_nodes) - {s for r in best for s in r}
    return Improved(best, int(state.scalars[k.BEST]), {s: int(state.tries[s]) for s in sorted(left)})


def _last_try(problem: DayProblem, day: k.Day, state: k.State) -> None:
    """The best routes with each stop they leave out tried once more at every place (no blinks); the
    result is the best."""
    fleet.restore_best(day, state)
    served = {int(x) for v in range(len(state.lens)) for x in state.routes[v, : state.lens[v]]}
    state.scalars[k.NABS] = 0
    left = np.array([s for s in problem.stop_nodes if s not in served], dtype=np.int64)
    anneal.place_unserved(day._replace(blink=0.0), state, left)
    k.start(day, state)


def _race(
    day: k.Day,
    fewer: k.Day,
    state: k.State,
    first: tuple[np.ndarray, np.ndarray],
    temps: tuple[float, float],
    stop: StoppingCriterion,
    settings: SisrSettings,
) -> int:
    """Anneal on half of what is left from the fewer routes (the other vans closed: ``fewer``), then
    on the other half from the ``first`` routes and lengths; the cheaper best stays the best. Returns
    the iterations done."""
    done = _anneal(fewer, state, temps, stop.part(0.5), settings)
    stop.add(done)
    kept = (state.best_routes.copy(), state.best_lens.copy(), int(state.scalars[k.BEST]))
    state.routes[:], state.lens[:] = first
    k.start(day, state)
    done += _anneal(day, state, temps, stop.part(1.0), settings)
    if kept[2] < state.scalars[k.BEST]:
        state.best_routes[:], state.best_lens[:], state.scalars[k.BEST] = kept
    return done


def _anneal(
    day: k.Day, state: k.State, temps: tuple[float, float], stop: StoppingCriterion, settings: SisrSettings
) -> int:
    """Ruin, recreate and anneal from ``temps[0]`` to ``temps[1]`` (see :func:`_run`); returns the
    iterations done."""

    def step(count: int, progress_from: float, progress_to: float) -> bool:
        anneal.iterate(day, state, count, progress_from, progress_to, *temps)
        return True

    return _run(step, stop, settings)


def route_floor(day: k.Day) -> int:
    """The fewest routes the crates could fit in: the larger of all deliveries and all pickups over
    the largest van."""
    return -(-max(int(day.deliv.sum()), int(day.pick.sum())) // max(1, int(day.vcap.max())))


def _fewer_routes(
    day: k.Day, state: k.State, stop: StoppingCriterion, settings: SearchSettings = DEFAULT_SETTINGS
) -> tuple[int, k.Day | None]:
    """Take routes away (:mod:`.fleet_kernel`) until ``stop`` says so, while the routes number more than
    :func:`route_floor`, on a day of at most ``settings.fleet.max_stops`` stops whose vans cost a fixed
    sum (fewer routes are then the aim; without one, as on CVRPLIB, they are not), and only when every stop
    is served (a tight fleet first serves every stop, :mod:`.anneal_kernel`). Leaves the fewest
    routes found that serve every stop as the current and best. Returns the iterations done and, when
    there are fewer routes than before, the day with the vans they leave empty closed (else None)."""
    floor = route_floor(day)
    used = (state.lens > 0).sum()
    idle = stop.work_left() == 0
    large = day.near.shape[1] > settings.fleet.max_stops  # a column per stop
    if idle or large or used <= floor or not day.vfixed.any() or state.scalars[k.NABS]:
        return 0, None
    phase = day._replace(allowed=day.allowed.copy())
    phase.allowed[state.lens == 0] = False
    absent = np.zeros(len(day.deliv), dtype=np.int64)
    counts = np.zeros(len(day.deliv), dtype=np.int64)
    track = np.zeros(2, dtype=np.int64)  # stops absent, iterations since a route was taken away
    patience = settings.fleet.patience

    def step(count: int, _from: float, _to: float) -> bool:
        return fleet.reduce(phase, state, absent, counts, track, count, floor, patience)

    done = _run(step, stop, settings.sisr)
    fleet.restore_best(day, state)  # the fewest routes that serve every stop (the first routes if none)
    k.start(day, state)
    if (state.lens > 0).sum() == used:
        return done, None
    phase.allowed[:] = day.allowed
    phase.allowed[state.lens == 0] = False
    return done, phase


def _run(step, stop: StoppingCriterion, settings: SisrSettings) -> int:
    """Call ``step(count, progress_from, progress_to)`` until ``stop`` says so. A criterion that counts
    work gets chunks of ``count_chunk`` iterations (a fixed size, so that the progress, and the result,
    do not depend on the machine; a clock in it is only a cap for a very busy machine); one of time alone
    gets chunks of about ``chunk_s`` seconds, the progress following the clock. Stops early when ``step``
    says False. Returns the iterations done."""
    done = 0
    if stop.work_left() is not None:
        while not stop.done():
            count = min(settings.count_chunk, stop.work_left() or 0)
            go_on = step(count, stop.fraction(), stop.fraction(work=count))
            stop.add(count)
            done += count
            if not go_on:
                break
        return done
    count, rate = 20, None
    while not stop.done():
        now = time.perf_counter()
        if rate:
            count = max(1, int(min(settings.chunk_s, stop.seconds_left()) * rate))
        ahead = count / rate if rate else 0.0
        go_on = step(count, stop.fraction(), stop.fraction(seconds=ahead))
        done += count
        rate = count / max(time.perf_counter() - now, 1e-6)
        if not go_on:
            break
    return done
