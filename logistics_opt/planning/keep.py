"""Plan a week from an earlier run's routes (``plan --previous``; issue 32): keep each branch's van, days and
time where that costs little.

Two plans are made and the one with the lower cost plus stability price (:mod:`..stability`) wins:

- **from scratch**: the plan ``plan`` makes without ``--previous`` (the same seed and work);
- **kept**: the earlier routes carried over to this week's data and improved under the prices.
  - With master routes (``--consistent`` or ``[consistency]``): the earlier run's vans and their
    branches in time order start the template search (:mod:`.template`), whose week cost adds the
    prices (:func:`.consistency.master_week`).
  - Day by day: each day starts from that day's earlier routes (the vans still in the fleet, the branches
    due that day, in their earlier order); a route the new crates or hours break loses stops (the one
    whose removal leaves the cheapest feasible route, else its last) until it holds; the branches not
    placed (new ones, a gone van's, a moved day's) go to their cheapest place; then the template moves
    (empty a route, relocate) under the prices; a route then leaves later where that brings its branches
    back within their times for less cost plus price (:func:`kept_start`). Days are independent: each
    day keeps the cheapest (cost plus that day's price) of its kept routes, its from-scratch routes on
    the vans :func:`renamed` matches to the earlier run's (the same routes on vans alike, so the fewest
    branches change van), and the steered day (:func:`steered_routes`): OR-Tools' search started from
    each of those two with the prices as soft targets (each branch's kept times, per second outside them,
    and its earlier van). A day with reloading vans or a split visit, or one the kept routes cannot serve
    in full, is the renamed from-scratch day.

Visit days: current practice takes them from the data (a branch whose ``days`` changed moves, and pays).
With ``--frequencies optimise`` and a day price, a branch keeps its earlier days when they are still
among its allowed patterns, else takes the optimiser's; the kept week is then planned on those days.
All prices 0: the plan from scratch, as without ``--previous``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import astuple, replace

from ..data.model import Network
from ..distances import Matrix
from ..plan import Plan, Route, Unassigned, service_start
from ..plan_meta import PreviousRecord
from ..previous import PreviousRun, clock
from ..progress import Progress
from ..routing.ortools_model import steer
from ..routing.problem import COST_UNITS_PER_EUR, DaySolution, RouteResult, SearchParams, Targets
from ..stability import Keep, week_price
from .consistency import master_week
from .days import DayInput, fleet_vehicles, route_times, to_routes, window
from .frequencies import candidate_patterns
from .template import Search, as_routes, improve, repair
from .template import week_days as search_days
from .week import week_days
from .windows import later_starts

Schedule = dict[str, tuple[str, ...]]
#: The steered day search's solution limit, per solution of the day search's (12: Thursday of data/utrecht
#: volumes 2 as good as at 50, benchmarks/README.md).
STEER_SOLUTIONS = 12
#: Without a solution limit: the share of the week's time limit the steered searches take in all.
STEER_SHARE = 0.25


def keep_previous(
    network: Network,
    matrix: Matrix,
    params: SearchParams,
    frequencies: str,
    scratch: Plan,
    previous: PreviousRun,
    *,
    engine: str = "ortools",
    workers: int = 1,
    progress: Progress | None = None,
) -> Plan:
    """The week planned from ``previous`` (see the module): the kept plan or ``scratch``, whichever costs less
    with the stability prices; its meta records the earlier run and both figures."""
    prices = network.settings.stability
    keep = Keep(previous, prices, allowed=_hub_vans(network, matrix))
    candidates = [scratch]
    if not prices.free:
        schedule = kept_schedule(network, previous, scratch, frequencies)
        if network.settings.consistency is not None:
            kept: Plan | None = master_week(network, matrix, schedule, params, engine, workers, progress, keep=keep)
        else:
            kept = kept_days(network, matrix, schedule, scratch, keep, params)
        if kept is not None:
            candidates.append(kept)
    priced = [(p, week_price(previous, p, prices)) for p in candidates]
    best, price = min(priced, key=lambda x: (len(x[0].unassigned), x[0].summary()["cost_eur"] + x[1].eur))
    if best is not scratch:
        caps = set(scratch.meta.solve.stopped_by_time_cap) | set(best.meta.solve.stopped_by_time_cap)
        best.meta.solve = replace(scratch.meta.solve, stopped_by_time_cap=sorted(caps))
    best.meta.previous = PreviousRecord(
        folder=str(previous.folder),
        inputs_sha256=previous.inputs_sha256,
        plan="from scratch" if best is scratch else "kept",
        from_scratch_eur=scratch.summary()["cost_eur"],
        stability_eur=price.eur,
        moved_van=price.van,
        moved_day=price.day,
        late_min=price.late_min,
    )
    if progress:
        figures = ", ".join(f"EUR {p.summary()['cost_eur']:.2f} + {x.eur:.2f}" for p, x in priced)
        progress(f"previous run: from scratch and kept {figures}; {best.meta.previous.plan} wins")
    return best


def kept_schedule(network: Network, previous: PreviousRun, scratch: Plan, frequencies: str) -> Schedule:
    """The visit days of the kept plan: the scratch plan's, but with ``--frequencies optimise`` and a day price
    each branch's earlier days where they are still allowed."""
    days = {b: tuple(d) for b, d in scratch.schedule.items()}
    if frequencies != "optimise" or not network.settings.stability.move_day_eur:
        return days
    wd = network.settings.working_days
    for b in days:
        was = tuple(d for d in wd if (b, d) in previous.promises)
        if was and was in candidate_patterns(network.branch(b), network):
            days[b] = was
    return days


def _hub_vans(network: Network, matrix: Matrix) -> Callable[[str, str], bool] | None:
    """Several hubs: a branch may go only to its hub's vans (None: one hub, any van)."""
    if len(network.hubs) < 2:
        return None
    from ..data.hubs import hub_map

    hub = hub_map(network)
    hubs = [h.id for h in network.hubs]
    vans, _ = fleet_vehicles(network, {h: k for k, h in enumerate(hubs)})
    depot = {v.name: hubs[v.depot] for v in vans}
    return lambda branch, van: hub.get(branch) == depot.get(van)


def kept_days(
    network: Network, matrix: Matrix, schedule: Schedule, scratch: Plan, keep: Keep, params: SearchParams
) -> Plan | None:
    """Day by day (see the module): each day the cheapest of its kept routes, its renamed from-scratch routes
    and its steered routes (cost plus that day's price). None when the kept days' visits differ from the scratch plan's and some day
    cannot be kept."""
    same = schedule == {b: tuple(d) for b, d in scratch.schedule.items()}
    routes: list[Route] = []
    unassigned: list[Unassigned] = []
    days = week_days(network, matrix, schedule)
    for di in days:
        day_keep = keep.on(di.day)
        fresh = renamed(di, [r for r in scratch.routes if r.day == di.day], day_keep)
        own = (fresh, [u for u in scratch.unassigned if u.day == di.day])
        rrs = kept_routes(network, matrix, di, day_keep)
        if rrs is None and not same:
            return None
        kept = to_routes(network, matrix, di, DaySolution(rrs)) if rrs is not None else None
        if not same:
            assert kept is not None
            own = kept
        elif kept is not None and _day_total(kept[0], day_keep) < _day_total(own[0], day_keep) - 0.005:
            own = kept
        starts = [rrs or [], _results(di, fresh) if same else []]
        steered = steered_routes(network, matrix, di, day_keep, _steer_params(params, len(days)), starts)
        if steered is not None and _day_total(steered[0], day_keep) < _day_total(own[0], day_keep) - 0.005:
            own = steered
        retimed = _retimed(network, matrix, di, own[0], day_keep) if not own[1] else None
        if retimed is not None and _day_total(retimed[0], day_keep) < _day_total(own[0], day_keep) - 0.005:
            own = retimed
        routes += own[0]
        unassigned += own[1]
    plan = Plan(routes, unassigned, {b: list(d) for b, d in schedule.items()}, list(scratch.working_days))
    plan.meta, plan.trunk = replace(scratch.meta), scratch.trunk
    return plan


def _day_total(routes: list[Route], keep: Keep) -> float:
    """A day's routes' cost plus their price against the earlier run's day."""
    price = sum(
        keep.van(s.branch, r.vehicle) + keep.late(s.branch, r.day, service_start(s)) for r in routes for s in r.stops
    )
    return sum(r.cost_eur for r in routes) + price


def steered_routes(
    network: Network, matrix: Matrix, di: DayInput, keep: Keep, params: SearchParams, starts: list[list[RouteResult]]
) -> tuple[list[Route], list[Unassigned]] | None:
    """The day searched by OR-Tools with the prices as soft targets (:class:`..routing.problem.Targets`: each
    branch's kept times at ``late_eur_per_15min`` pro rata, without the cap, which soft bounds cannot model;
    its earlier van at ``move_van_eur``) from each of ``starts``; each result timed from the shift's start and
    leaving later where that keeps times (:func:`kept_start`, as the kept routes), the cheapest by cost plus
    the day's true price. None on a day with reloading vans or a split visit, or where a branch is left out."""
    problem = di.problem
    ids = di.node_ids
    if not _plain(di):
        return None
    van = {v.name: k for k, v in enumerate(problem.vehicles)}
    times = [None if n < problem.num_depots else keep.previous.kept(b, di.day) for n, b in enumerate(ids)]
    was = [None if n < problem.num_depots else keep.previous.van(b, di.day) for n, b in enumerate(ids)]
    targets = Targets(
        times=tuple(None if w is None else (round(w[0] * 60), round(w[1] * 60)) for w in times),
        late_per_s=round(keep.prices.late_eur_per_15min * COST_UNITS_PER_EUR / 900),
        vans=tuple(van.get(w, -1) if w is not None else -1 for w in was),
        move_van=round(keep.prices.move_van_eur * COST_UNITS_PER_EUR),
    )
    per_van = [[[n for rr in rs if rr.vehicle == v for n in rr.nodes] for v in range(len(van))] for rs in starts if rs]
    best: tuple[list[Route], list[Unassigned]] | None = None
    for sol in steer(replace(problem, targets=targets), params, per_van):
        if sol.dropped or not sol.routes:
            continue
        early = [replace(rr, start_s=problem.vehicles[rr.vehicle].shift_start_s) for rr in sol.routes]
        rrs = later_starts(network, matrix, [(di, early)])[0][1]
        day = to_routes(network, matrix, di, DaySolution([kept_start(network, matrix, di, rr, keep) for rr in rrs]))
        if best is None or _day_total(day[0], keep) < _day_total(best[0], keep) - 0.005:
            best = day
    return best


def _retimed(
    network: Network, matrix: Matrix, di: DayInput, routes: list[Route], keep: Keep
) -> tuple[list[Route], list[Unassigned]] | None:
    """The day's chosen ``routes``, each leaving later where that costs less with the prices (:func:`kept_start`,
    on the routes as they will be written). None where nothing moves, on a day with reloading vans or a split
    visit."""
    rrs = _results(di, routes)
    if not rrs or not _plain(di):
        return None
    timed = [replace(rr, start_s=round(clock(r.start) * 60)) for rr, r in zip(rrs, routes, strict=True)]
    later = [kept_start(network, matrix, di, rr, keep) for rr in timed]
    if later == timed:
        return None
    return to_routes(network, matrix, di, DaySolution(later))


def _steer_params(params: SearchParams, days: int) -> SearchParams:
    """The steered search's limits on each of ``days`` days, from each of its two starts: :data:`STEER_SOLUTIONS`
    times the day search's solution limit; on a time limit alone, :data:`STEER_SHARE` of the week's."""
    if params.solution_limit is None:
        return replace(params, time_limit_s=params.time_limit_s * STEER_SHARE / max(1, 2 * days))
    return replace(params, solution_limit=params.solution_limit * STEER_SOLUTIONS)


def _plain(di: DayInput) -> bool:
    """Whether the day's routes can be kept, steered and retimed: single trips (no van reloads) and one visit
    per branch (no split visit)."""
    ids = di.node_ids[di.problem.num_depots :]
    return len(ids) == len(set(ids)) and not di.problem.trips and all(vt.max_trips <= 1 for vt in di.vehicle_types)


def _results(di: DayInput, routes: list[Route]) -> list[RouteResult]:
    """``routes`` (one day's) as the day problem's vans and nodes (none where a branch has several nodes)."""
    van = {v.name: k for k, v in enumerate(di.problem.vehicles)}
    node = {b: n for n, b in enumerate(di.node_ids) if n >= di.problem.num_depots}
    if len(node) != di.problem.num_nodes - di.problem.num_depots:
        return []
    return [RouteResult(van[r.vehicle], [node[s.branch] for s in r.stops], 0) for r in routes]


def kept_routes(network: Network, matrix: Matrix, di: DayInput, keep: Keep) -> list[RouteResult] | None:
    """One day's routes from the earlier run's routes that day, repaired and improved under the prices (None:
    reloading vans, a split visit, or a branch no route can take)."""
    if not _plain(di):
        return None
    ids = di.node_ids[di.problem.num_depots :]
    search = Search(network, matrix, search_days(network, [di]), keep)
    van = {v.name: k for k, v in enumerate(di.problem.vehicles)}
    due = set(ids)
    master: dict[int, list[str]] = {}
    for name, bids in keep.previous.routes.get(di.day, {}).items():
        if name in van:
            master[van[name]] = [b for b in dict.fromkeys(bids) if b in due]
            due -= set(master[van[name]])
    improved = improve(search, repair(search, master), ids)
    if improved is None:
        return None
    routes = later_starts(network, matrix, [(di, as_routes(search, improved, di))])[0][1]
    return [kept_start(network, matrix, di, rr, keep) for rr in routes]


def kept_start(network: Network, matrix: Matrix, di: DayInput, rr: RouteResult, keep: Keep) -> RouteResult:
    """``rr`` leaving later where its cost plus late price is less (the kept search times a route from the
    shift's start: a stop taken out early in a route brings every branch after it earlier). The delays tried:
    the wait at the first stop, and those that bring one early branch to the start of its kept times
    (:meth:`.previous.PreviousRun.kept`); the route keeps to the shift and the closing times."""
    start, t, _ = route_times(network, matrix, di, rr)
    ids = [di.node_ids[n] for n in rr.nodes]
    # Leaving by the whole wait at the first door: fewer hours, and where the early start put a break in the
    # route, the break (and every time after it) back where it was (a heavy week's Monday: 140 minutes'
    # wait, a break, and eight branches 30 minutes late, benchmarks/README.md).
    delays = {math.floor(t.waits[0])} if t.waits and t.waits[0] >= 1 else set()
    for b, a, w in zip(ids, t.arrivals, t.waits):
        kept = keep.previous.kept(b, di.day)
        if kept is not None and kept[0] > a + w + 1e-9:
            delays.add(math.ceil(kept[0] - a - w - 1e-9))
    best, least = rr, _route_total(network, matrix, di, rr, keep)
    for delay in sorted(delays):
        later = replace(rr, start_s=int(start + delay) * 60)
        total = _route_total(network, matrix, di, later, keep)
        if total is not None and (least is None or total < least - 0.005):
            best, least = later, total
    return best


def _route_total(network: Network, matrix: Matrix, di: DayInput, rr: RouteResult, keep: Keep) -> float | None:
    """The route's hours' cost plus its late price (None: past the shift's end or a closing time)."""
    start, t, _ = route_times(network, matrix, di, rr)
    vt = di.vehicle_types[rr.vehicle]
    ids = [di.node_ids[n] for n in rr.nodes]
    shut = [w[1] if (w := window(network, network.branch(b), di.day)) else math.inf for b in ids]
    if t.end > vt.shift_end_min + 1e-9 or any(d > c + 1e-9 for d, c in zip(t.departures, shut)):
        return None
    late = sum(keep.late(b, di.day, a + w) for b, a, w in zip(ids, t.arrivals, t.waits))
    return (t.end - start) / 60 * vt.cost_per_hour + late


def renamed(di: DayInput, routes: list[Route], keep: Keep) -> list[Route]:
    """``routes`` (one day's) with their vans exchanged among vans alike (type, hub, capacity, shift and costs:
    a route is the same on any of them) so that the van price against the earlier run's day is least (an
    exact assignment; ties keep a route's van)."""
    alike: dict[tuple[object, ...], list[str]] = {}
    for v in di.problem.vehicles:
        alike.setdefault(astuple(replace(v, name="")), []).append(v.name)
    out = {id(r): r for r in routes}
    for vans in alike.values():
        mine = [r for r in routes if r.vehicle in vans]
        if not mine or len(mine) > len(vans):
            continue
        eur = [[sum(keep.van(s.branch, v) for s in r.stops) for v in vans] for r in mine]
        tie = [[0 if v == r.vehicle else 1 for v in vans] for r in mine]
        for r, k in zip(mine, assignment(eur, tie)):
            out[id(r)] = replace(r, vehicle=vans[k])
    return [out[id(r)] for r in routes]


def assignment(eur: list[list[float]], tie: list[list[int]]) -> list[int]:
    """Row -> column of the least total ``eur`` (to the cent; an infinite price: never), then the least ``tie``
    (rows <= columns; OR-Tools' linear sum assignment)."""
    from ortools.graph.python import linear_sum_assignment

    rows, cols = len(eur), len(eur[0])
    never = 10**9
    solver = linear_sum_assignment.SimpleLinearSumAssignment()
    for i in range(cols):  # rows beyond len(eur): no route, any van at no cost
        for j in range(cols):
            cents = (min(round(eur[i][j] * 100), never) if math.isfinite(eur[i][j]) else never) if i < rows else 0
            solver.add_arc_with_cost(i, j, cents * (cols + 1) + (tie[i][j] if i < rows else 0))
    if solver.solve() != solver.OPTIMAL:
        raise AssertionError("a square assignment always has a solution")  # pragma: no cover
    return [solver.right_mate(i) for i in range(rows)]
