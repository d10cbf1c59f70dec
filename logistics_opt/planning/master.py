"""Master routes (Groër, Golden & Wasil 2009, ConRTR): one day problem over every branch of the week,
and each working day's routes as the master routes restricted to that day's visits.

The master day holds every branch visited in the week with its largest delivery and its largest
pickup of the week (and the service time at those crates). Van ``k`` drives master route ``k`` on
every day, skipping the branches not due, in master order, with the day's real crates. Skipping a
stop (the triangle inequality of the legs), fewer crates and shorter stops only make every later
arrival earlier or equal, so the master's capacity, closing times, break and shift end hold on every
day; :func:`sub_route_faults` checks it on the day's own figures all the same (a road matrix need
not keep the triangle inequality).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..data.model import Network
from ..distances import Matrix
from ..plan import trip_loads
from ..routing.problem import DaySolution, RouteResult
from ..volumes import Visit
from .days import DayInput, build_day, day_hours, route_times, week_hours


@dataclass
class Master:
    """The master day and its solution."""

    day: DayInput
    solution: DaySolution


def master_visits(week: dict[str, list[Visit]]) -> dict[str, Visit]:
    """Each branch's largest day of the week: its largest delivery and largest pickup, items and crates."""
    return {
        bid: Visit(
            vs[0].day,
            max(v.gap_days for v in vs),
            max(v.deliver_items for v in vs),
            max(v.pickup_items for v in vs),
            max(v.deliver_crates for v in vs),
            max(v.pickup_crates for v in vs),
        )
        for bid, vs in week.items()
    }


def master_day(network: Network, matrix: Matrix, week: dict[str, list[Visit]]) -> DayInput:
    """The master day problem (named after the first working day; its routes run on every day), each branch
    within its hours of every day it is visited (:func:`.days.week_hours`)."""
    days = {bid: [v.day for v in vs] for bid, vs in week.items()}
    return build_day(
        network,
        matrix,
        network.settings.working_days[0],
        master_visits(week),
        hours=lambda b: week_hours(network, b, days.get(b.id) or network.open_days(b)),
    )


def _parts(d: DayInput) -> dict[tuple[str, int], int]:
    """(branch, part number) -> node: a visit too big for one van is served in parts."""
    seen: dict[str, int] = {}
    out = {}
    for node in range(d.problem.num_depots, d.problem.num_nodes):
        bid = d.node_ids[node]
        out[(bid, seen.get(bid, 0))] = node
        seen[bid] = seen.get(bid, 0) + 1
    return out


def sub_routes(master: Master, day: DayInput) -> list[RouteResult]:
    """The day's routes: each master route restricted to the branches due that day, in master order,
    leaving when the master route leaves and reloading after the last stop due before each master reload."""
    to_day = _parts(day)
    key = {node: k for k, node in _parts(master.day).items()}
    out = []
    for rr in master.solution.routes:
        nodes: list[int] = []
        after: list[int] = []
        for k, node in enumerate(rr.nodes, start=1):
            if key[node] in to_day:
                nodes.append(to_day[key[node]])
            if k in rr.reload_after and nodes and (not after or after[-1] < len(nodes)):
                after.append(len(nodes))
        after = [a for a in after if a < len(nodes)]
        if nodes:
            out.append(RouteResult(rr.vehicle, nodes, rr.start_s, tuple(after)))
    return out


def sub_route_faults(network: Network, matrix: Matrix, day: DayInput, rr: RouteResult) -> list[int]:
    """Positions (in ``rr.nodes``) of the stops a day's route cannot keep: a load above the van's capacity,
    service past closing, or the last stop when the van comes home after its shift."""
    vt = day.vehicle_types[rr.vehicle]
    visits = [day.visit(n) for n in rr.nodes]
    bad = []
    loads = trip_loads([v.deliver_crates for v in visits], list(rr.reload_after))
    trip, load = 0, loads[0]
    for k, v in enumerate(visits):
        if k and k in rr.reload_after:
            trip += 1
            load = loads[trip]
        if load > vt.capacity_crates:
            bad.append(k)
        load += v.pickup_crates - v.deliver_crates
        if load > vt.capacity_crates and k not in bad:
            bad.append(k)
    _, t, _ = route_times(network, matrix, day, rr)
    for k, n in enumerate(rr.nodes):
        close = day_hours(network, network.branch(day.node_ids[n]), day.day)[1]
        if close is not None and t.departures[k] > close + 1e-9 and k not in bad:
            bad.append(k)
    if t.end > vt.shift_end_min + 1e-9 and not bad:
        bad.append(len(rr.nodes) - 1)
    return sorted(bad)
