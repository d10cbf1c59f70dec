"""The validated network: plain immutable data, built by :mod:`logistics_opt.data.read`.

Nothing here reads files or solves anything. Times of day are minutes after
midnight (floats); volumes are items per week (ints).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from ..codes import DEFAULT_LANGUAGE

KINDS: tuple[str, ...] = ("hub", "branch", "service_point")
#: The request kinds a reservation log gives (:mod:`logistics_opt.supply`): the loan, supplier ->
#: requester, and the return, requester -> owner.
LOAN_KIND = "reservation"
RETURN_KIND = "reservation_return"
#: ``[supply]`` rule: which holder supplies a reservation (README, "The reservation log").
SUPPLY_RULES: tuple[str, ...] = ("as_today", "nearest_copy", "soonest")
#: ESTIMATE (nothing published): the share of each return that floating removes which still travels
#: to the owner to even out the stock (Nashville stopped floating because stock piled up unevenly).
DEFAULT_REBALANCE_SHARE = 0.1
#: ESTIMATE (nothing published): minutes at the hub to unload a trip's returns and load the next trip's
#: sorted crates, when fleet.csv gives no reload_min.
DEFAULT_RELOAD_MIN = 20.0


@dataclass(frozen=True)
class Branch:
    """A library branch, service point or hub, as one row of ``branches.csv``."""

    id: str
    name: str
    organisation: str
    town: str
    lat: float
    lon: float
    kind: str
    service_min: float | None = None
    visits_per_week: int | None = None
    days: tuple[str, ...] | None = None
    open_min: float | None = None
    close_min: float | None = None
    storage_crates: int | None = None
    min_visits_per_week: int | None = None
    max_days_between_visits: int | None = None
    hub: str | None = None  # the hub whose vans serve this branch; None: the nearest (planning.trunk)

    @property
    def is_hub(self) -> bool:
        return self.kind == "hub"


@dataclass(frozen=True)
class Request:
    """Items per week sent from ``origin`` to ``destination`` (through the hub)."""

    origin: str
    destination: str
    items: int
    kind: str = ""


#: A branch's opening hours on one day: ``(open, close)`` in minutes, either None where that side has no
#: bound (as ``open``/``close`` in branches.csv).
Hours = tuple[float | None, float | None]


@dataclass(frozen=True)
class VehicleType:
    """One row of ``fleet.csv``: ``count`` identical vans based at ``depot``."""

    type: str
    count: int
    capacity_crates: int
    cost_per_km: float
    cost_per_hour: float
    fixed_cost_per_day: float
    co2_g_per_km: float
    shift_start_min: float
    shift_end_min: float
    depot: str
    # Multi-trip: a van may return to its depot to unload and reload up to max_trips - 1 times a day,
    # each reload taking reload_min (fleet.csv's optional columns; see data/README.md).
    max_trips: int = 1
    reload_min: float = DEFAULT_RELOAD_MIN
    # Where co2_g_per_km comes from (fleet.csv's optional columns; see README.md): energy used per km
    # (litres of fuel or kWh), its unit, the well-to-wheel g CO2e per unit of energy, and the factor's source.
    energy_per_km: float | None = None
    energy_unit: str = ""
    wtw_g_per_unit: float | None = None
    co2_source: str = ""


def default_patterns(working_days: tuple[str, ...]) -> dict[int, tuple[tuple[str, ...], ...]]:
    """Weekday patterns a branch may be visited on, per visits a week.

    For a Monday-to-Friday week: once (any single day), twice (Mon+Thu or Tue+Fri),
    three times (Mon/Wed/Fri) or daily. For other weeks: evenly spread patterns.
    """
    days = tuple(working_days)
    n = len(days)
    if days == ("mon", "tue", "wed", "thu", "fri"):
        return {
            1: tuple((d,) for d in days),
            2: (("mon", "thu"), ("tue", "fri")),
            3: (("mon", "wed", "fri"),),
            5: (days,),
        }
    patterns: dict[int, tuple[tuple[str, ...], ...]] = {1: tuple((d,) for d in days)}
    for k in range(2, n):
        step = n / k
        pats = {tuple(days[int(round(s + i * step)) % n] for i in range(k)) for s in range(n)}
        patterns[k] = tuple(sorted(tuple(sorted(p, key=days.index)) for p in pats if len(set(p)) == k))
    patterns[n] = (days,)
    return patterns


@dataclass(frozen=True)
class TrunkRate:
    """The night trunk between two hubs: EUR per item and per crate, and nights on the way."""

    cost_per_item: float = 0.0
    cost_per_crate: float = 0.0
    lead_days: int = 1


@dataclass(frozen=True)
class Trunk:
    """``[trunk]`` in settings.toml (every pair) and ``trunk.csv`` (per ordered hub pair)."""

    default: TrunkRate = TrunkRate()
    pairs: dict[tuple[str, str], TrunkRate] = field(default_factory=dict)

    def rate(self, from_hub: str, to_hub: str) -> TrunkRate:
        return self.pairs.get((from_hub, to_hub), self.default)


@dataclass(frozen=True)
class Consistency:
    """``[consistency]`` in settings.toml: the promises of master routes (issue 31)."""

    same_van: bool = True  # a branch is served by the same named van on every day it is visited
    max_arrival_spread_min: float = 60.0  # latest start of service at a branch over the week minus the earliest


@dataclass(frozen=True)
class Stability:
    """``[stability]`` in settings.toml: what a change against an earlier run costs the coordinator (``plan
    --previous``; issue 32), in EUR added to a week's cost when the search weighs keeping a branch as it was
    against a cheaper route. All three at 0: plan as if from scratch.

    ESTIMATES (nothing published; a coordinator's own figures belong here):
    - ``move_van_eur`` 15: the coordinator phones the branch (about 10 minutes at EUR 40 an hour) and a
      driver learns a new stop (about 15 minutes at the vans' EUR 32 an hour);
    - ``move_day_eur`` 25: the branch re-plans its staff and tells its readers of the new van day (a call,
      a notice, half an hour of a library assistant);
    - ``late_eur_per_15min`` 5: a quarter hour of a library assistant waiting for the van (about EUR 20 an
      hour), per 15 minutes or part of them a van comes outside the window the branch was promised;
    - ``late_cap_eur`` 25: the most the late price of one visit comes to against a run planned day by day
      (:mod:`..stability`). A visit moved by hours is one call to the branch, which re-plans its staff for
      that day: at most what moving the visit to another day costs (``move_day_eur``), not 5 EUR for every
      quarter hour of it.
    """

    move_van_eur: float = 15.0  # per branch moved to another van
    move_day_eur: float = 25.0  # per branch moved to another day
    late_eur_per_15min: float = 5.0  # per 15 minutes an arrival falls outside its promised window
    late_cap_eur: float = 25.0  # the most one visit's late price comes to

    @property
    def free(self) -> bool:
        """No change costs anything: a plan from scratch."""
        return not (self.move_van_eur or self.move_day_eur or (self.late_eur_per_15min and self.late_cap_eur))


@dataclass(frozen=True)
class Supply:
    """``[supply]`` in settings.toml: how a reservation log becomes weekly flows (issue 34)."""

    rule: str = "as_today"  # one of SUPPLY_RULES
    floating: tuple[str, ...] | bool = ()  # organisations whose returned items stay; True: every organisation
    rebalance_share: float = DEFAULT_REBALANCE_SHARE

    def floats(self, organisation: str) -> bool:
        return self.floating is True or (not isinstance(self.floating, bool) and organisation in self.floating)


@dataclass(frozen=True)
class Reservation:
    """One row of ``reservations.csv``: ``items`` identical reservations collected at ``requester``."""

    requester: str
    holders: tuple[str, ...]  # the branches holding a copy, in the library system's order
    owner: str | None = None  # where a returned item goes; None: back to its supplier
    day: str | None = None  # the weekday placed; None: spread evenly over the working days
    items: int = 1


@dataclass(frozen=True)
class Settings:
    """``settings.toml``: the network-wide parameters of the semantics."""

    items_per_crate: float = 35.0
    detour_factor: float = 1.3
    speed_kmh: float = 45.0
    handling_min_per_crate: float = 0.5
    working_days: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")
    default_service_min: float = 10.0
    break_after_min: float = 330.0
    break_min: float = 30.0
    # Service limits that apply to every branch without a value of its own.
    max_days_between_visits: int | None = None
    min_visits_per_week: int | None = None
    # Allowed weekday patterns per visits a week ([frequencies] table).
    patterns: dict[int, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    # A road folder (``logistics-opt roads build``): road km and drive minutes replace crow-fly x
    # detour_factor at speed_kmh; the minutes are multiplied by road_time_factor (a van against a car).
    roads: str | None = None
    road_time_factor: float = 1.0
    # Language of the route sheets, calendar, map and report (--lang overrides it).
    language: str = DEFAULT_LANGUAGE
    trunk: Trunk = Trunk()
    # Master routes: each branch keeps its van and its time all week (None: off).
    consistency: Consistency | None = None
    # The price of each change against an earlier run (plan --previous).
    stability: Stability = Stability()
    # Which holder supplies a reservation and whether returns float (used with a reservation log).
    supply: Supply = Supply()

    def allowed_patterns(self) -> dict[int, tuple[tuple[str, ...], ...]]:
        return self.patterns or default_patterns(self.working_days)


@dataclass(frozen=True)
class Network:
    """The whole validated input: branches (hubs included), requests, fleet, settings.

    With a reservation log (``reservations``), ``requests`` holds the hub's flows as read; the
    branch-to-branch flows are derived from the log by :func:`logistics_opt.supply.supplied`."""

    branches: tuple[Branch, ...]
    requests: tuple[Request, ...]
    fleet: tuple[VehicleType, ...]
    settings: Settings
    source: Path | None = None
    reservations: tuple[Reservation, ...] | None = None  # reservations.csv; None: the data has none
    # hours.csv: (branch, weekday) -> that day's hours, None where the branch is shut all day; a day
    # without a row keeps the branch's own open/close.
    hours: dict[tuple[str, str], Hours | None] = field(default_factory=dict)

    @property
    def hubs(self) -> tuple[Branch, ...]:
        return tuple(b for b in self.branches if b.is_hub)

    @property
    def stops(self) -> tuple[Branch, ...]:
        """Every branch and service point a van visits (hubs excluded)."""
        return tuple(b for b in self.branches if not b.is_hub)

    def branch(self, branch_id: str) -> Branch:
        for b in self.branches:
            if b.id == branch_id:
                return b
        raise KeyError(branch_id)

    def hours_on(self, branch: Branch, day: str) -> Hours | None:
        """``branch``'s opening hours on ``day``: its row of hours.csv, else its own ``open``/``close``;
        None when it is shut all day."""
        key = (branch.id, day)
        return self.hours[key] if key in self.hours else (branch.open_min, branch.close_min)

    def open_days(self, branch: Branch) -> tuple[str, ...]:
        """The working days ``branch`` is open (every working day without hours.csv)."""
        return tuple(d for d in self.settings.working_days if self.hours_on(branch, d) is not None)

    def opening_no_earlier(self, opens: dict[str, float]) -> Network:
        """The network with each branch in ``opens`` opening no earlier than that minute on every day."""
        if not opens:
            return self
        branches = tuple(
            replace(b, open_min=max(b.open_min or 0.0, opens[b.id])) if b.id in opens else b for b in self.branches
        )
        hours = {
            (bid, day): (max(h[0] or 0.0, opens[bid]), h[1]) if h is not None and bid in opens else h
            for (bid, day), h in self.hours.items()
        }
        return replace(self, branches=branches, hours=hours)

    def weekly_items(self) -> dict[str, tuple[int, int]]:
        """Items a week per non-hub branch: ``(sent, received)``.

        A branch's pickups are the items it sends; its deliveries the items sent to
        it. Everything passes through the hub, so hub rows only count at the branch end.
        """
        out = {b.id: [0, 0] for b in self.stops}
        for r in self.requests:
            if r.origin in out:
                out[r.origin][0] += r.items
            if r.destination in out:
                out[r.destination][1] += r.items
        return {k: (v[0], v[1]) for k, v in out.items()}

    def with_changes(self, **changes: object) -> Network:
        return replace(self, **changes)  # type: ignore[arg-type]
