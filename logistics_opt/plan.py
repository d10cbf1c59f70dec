"""The plan: a week of routes, as written to ``plan.json``.

Contract (extend, never rename): ``summary``, ``routes[]`` with ``day, vehicle, vehicle_type,
start, end, distance_km, duration_min, cost_eur, stops[]`` and each stop ``branch, arrival,
departure, deliver, pickup, load_after``; ``unassigned[]`` with ``branch, day, reason`` (and, from
this round on, ``reason_code`` and ``reason_fields`` for reports in other languages).
Times are HH:MM; stops exclude the hub; each route starts and ends at its depot. A van that reloads
(multi-trip) lists ``reloads[]``, each ``after_stop, arrival, departure, load_start``: after that stop
number (1-based) it drives back to its depot, unloads and loads the next trip's crates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

from .plan_meta import PlanMeta


def hhmm(minutes: float) -> str:
    """Minutes after midnight to ``HH:MM`` (rounded to the nearest minute)."""
    m = int(round(minutes))
    return f"{m // 60:02d}:{m % 60:02d}"


@dataclass
class Stop:
    branch: str
    name: str
    town: str
    arrival: str
    departure: str
    deliver: int
    pickup: int
    load_after: int
    deliver_items: int = 0
    pickup_items: int = 0
    wait_min: float = 0.0


@dataclass
class Route:
    day: str
    vehicle: str
    vehicle_type: str
    depot: str
    start: str
    end: str
    distance_km: float
    duration_min: float
    cost_eur: float
    co2_kg: float
    load_start: int
    stops: list[Stop]
    break_after_stop: int | None = None  # 1-based stop number after which the break is taken
    break_min: float = 0.0
    reloads: list[dict[str, Any]] = field(default_factory=list)  # multi-trip: see the module's docstring


@dataclass
class Unassigned:
    branch: str
    day: str
    reason: str  # in English
    reason_code: str = ""  # the reason's label (``why.<code>`` in wording/en.py), for reports in any language
    reason_fields: dict[str, Any] = field(default_factory=dict)  # the label's fields


@dataclass
class Plan:
    routes: list[Route]
    unassigned: list[Unassigned]
    schedule: dict[str, list[str]]  # branch id -> visit days
    working_days: list[str]
    meta: PlanMeta = field(default_factory=PlanMeta)
    service: dict[str, Any] = field(default_factory=dict)
    # Files for the run folder's inputs/ beyond the data folder (the stored matrix), not in plan.json.
    stored_inputs: dict[str, bytes] = field(default_factory=dict, repr=False)
    trunk: dict[str, Any] | None = None  # several hubs: the night trunk (planning.trunk)
    # Master routes: the promises and each branch's van and window (planning.consistency).
    consistency: dict[str, Any] | None = None

    def summary(self) -> dict[str, Any]:
        r = self.routes
        trunk = (
            {}
            if self.trunk is None
            else {
                "trunk_cost_eur": self.trunk["cost_eur"],
                "trunk_crates": self.trunk["crates"],
                "trunk_items": self.trunk["items"],
            }
        )
        return (
            {
                "cost_eur": round(sum(x.cost_eur for x in r), 2),
                "distance_km": round(sum(x.distance_km for x in r), 3),
                "duration_h": round(sum(x.duration_min for x in r) / 60.0, 3),
                "routes": len(r),
                "co2_kg": round(sum(x.co2_kg for x in r), 3),
                "stops": sum(len(x.stops) for x in r),
                "unassigned": len(self.unassigned),
                "crates_delivered": sum(s.deliver for x in r for s in x.stops),
                "crates_collected": sum(s.pickup for x in r for s in x.stops),
                "max_vans_per_day": max((sum(1 for x in r if x.day == d) for d in self.working_days), default=0),
            }
            | consistency_figures(r)
            | trunk
        )

    @property
    def complete(self) -> bool:
        return not self.unassigned

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Plan:
        """The plan of a plan.json dict (the inverse of :meth:`to_dict`; the summary is recomputed)."""
        routes = [Route(**{**r, "stops": [Stop(**s) for s in r["stops"]]}) for r in d["routes"]]
        return cls(
            routes,
            [Unassigned(**u) for u in d.get("unassigned", [])],
            dict(d["schedule"]),
            list(d["working_days"]),
            PlanMeta.from_dict(d.get("meta")),
            dict(d.get("service", {})),
            trunk=d.get("trunk"),
            consistency=d.get("consistency"),
        )

    def to_dict(self) -> dict[str, Any]:
        return (
            {
                "summary": self.summary(),
                "routes": [_route_dict(x) for x in self.routes],
                "unassigned": [asdict(u) for u in self.unassigned],
                "schedule": self.schedule,
                "working_days": self.working_days,
                "service": self.service,
                "meta": self.meta.to_dict(),
            }
            | ({} if self.trunk is None else {"trunk": self.trunk})
            | ({} if self.consistency is None else {"consistency": self.consistency})
        )


def start_of_service(arrival: str, wait_min: float) -> int:
    """When service begins at a stop, to the minute after midnight: its ``arrival`` (``HH:MM``) plus any
    wait at the door. Whole minutes, as the timetable shows them: a spread of starts within the promise
    is never shown over it."""
    h, m = arrival.split(":")
    return round(int(h) * 60 + int(m) + wait_min)


def service_start(stop: Stop) -> int:
    """:func:`start_of_service` of a :class:`Stop`."""
    return start_of_service(stop.arrival, stop.wait_min)


def consistency_figures(routes: list[Route]) -> dict[str, float | None]:
    """How steady the week is for the branches visited on two or more days: the share served by one van
    all week, and the mean and largest spread of the start of service (latest minus earliest, in minutes;
    a day's first stop at a branch counts). None when no branch is visited on two days."""
    vans: dict[str, set[str]] = {}
    starts: dict[str, dict[str, float]] = {}
    for r in routes:
        for x in r.stops:
            vans.setdefault(x.branch, set()).add(r.vehicle)
            days = starts.setdefault(x.branch, {})
            days[r.day] = min(days.get(r.day, service_start(x)), service_start(x))
    steady = [b for b, days in starts.items() if len(days) >= 2]
    spreads = [max(starts[b].values()) - min(starts[b].values()) for b in steady]
    return {
        "branches_one_van_share": round(sum(len(vans[b]) == 1 for b in steady) / len(steady), 4) if steady else None,
        "arrival_spread_mean_min": round(sum(spreads) / len(spreads), 1) if spreads else None,
        "arrival_spread_max_min": round(max(spreads), 1) if spreads else None,
    }


Place = TypeVar("Place", str, int)  # a branch id (plans) or a node number (day problems)


def reload_path(depot: Place, stops: list[Place], after: list[int]) -> list[Place]:
    """The places a van passes: its depot, the stops, back to the depot after each stop number in
    ``after`` (1-based; a reload), and the depot at the end."""
    out = [depot]
    for k, s in enumerate(stops):
        if k and k in after:
            out.append(depot)
        out.append(s)
    return out + [depot]


def places(route: dict[str, Any]) -> list[str]:
    """The places a ``plan.json`` route passes, its depot at both ends and at each reload."""
    return reload_path(route["depot"], [s["branch"] for s in route["stops"]], reload_stops(route))


def reload_stops(route: dict[str, Any]) -> list[int]:
    """The stop numbers after which a ``plan.json`` route reloads (none in a single-trip or older plan)."""
    return [x["after_stop"] for x in route.get("reloads", [])]


def trip_loads(deliveries: list[int], after: list[int]) -> list[int]:
    """Crates each trip leaves the depot with: everything it delivers (``after`` as in :func:`reload_path`)."""
    bounds = [0, *after, len(deliveries)]
    return [sum(deliveries[a:b]) for a, b in zip(bounds, bounds[1:])]


def fold_reloads(legs: Sequence[float], after: list[int], reload_min: float) -> list[float]:
    """The legs of :func:`reload_path` as one leg into each stop plus the leg home (what
    :func:`route_timing` takes): a reload's way to the depot, the reload and the way out again
    become the leg into the next stop."""
    out: list[float] = []
    i = 0
    for j in range(len(legs) - len(after)):
        if j in after:
            out.append(legs[i] + reload_min + legs[i + 1])
            i += 2
        else:
            out.append(legs[i])
            i += 1
    return out


def _route_dict(route: Route) -> dict[str, Any]:
    """A route as written: ``reloads`` only for a van that reloads (single-trip plans stay as before)."""
    d = asdict(route)
    if not d["reloads"]:
        del d["reloads"]
    return d


@dataclass
class Timing:
    arrivals: list[float]
    departures: list[float]
    waits: list[float]
    end: float
    break_after_stop: int | None  # 1-based


def route_timing(
    start: float,
    travel: list[float],
    stop_min: list[float],
    windows: list[tuple[float, float] | None],
    break_after_min: float,
    break_min: float,
) -> Timing:
    """The route's schedule by the semantics (minutes after midnight).

    ``travel`` has one leg more than there are stops (the last leg returns to the depot).
    The van waits when it arrives before a branch opens. A route whose working time
    (end - start, before any break) passes ``break_after_min`` gets one break of ``break_min``,
    taken after the last stop the van leaves within ``break_after_min`` of its start (after
    the first stop if none).
    """

    def forward(break_at: int | None) -> Timing:
        t = start
        arr, dep, waits = [], [], []
        for k, leg in enumerate(travel[:-1]):
            t += leg
            arr.append(t)
            w = windows[k]
            begin = max(t, w[0]) if w else t
            waits.append(begin - t)
            t = begin + stop_min[k]
            dep.append(t)
            if break_at is not None and k + 1 == break_at:
                t += break_min
        end = t + travel[-1]
        return Timing(arr, dep, waits, end, break_at)

    plain = forward(None)
    if break_min <= 0 or plain.end - start <= break_after_min or not stop_min:
        return plain
    k = 0
    for i, d in enumerate(plain.departures):
        if d - start <= break_after_min:
            k = i + 1
    return forward(max(k, 1))
