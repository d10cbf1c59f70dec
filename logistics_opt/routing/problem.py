"""The solver-facing problem: one day's routing, in integers (metres, seconds, crates, cost units).

Engines (:mod:`.ortools_engine`, :mod:`.pyvrp_engine`) take a :class:`DayProblem` and return a
:class:`DaySolution`; they never see files, branch ids or floats. Node 0..len(depots)-1
are depots; the other nodes are stops.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .settings import DEFAULT_SETTINGS, SearchSettings

#: Cost unit inside the solvers: 1e-5 EUR, so per-metre and per-second costs stay integral.
COST_UNITS_PER_EUR = 100_000


@dataclass(frozen=True)
class Vehicle:
    """One van for one day."""

    name: str
    type: str
    depot: int  # node index of its start and end
    capacity: int  # crates
    fixed_cost: int  # cost units
    cost_per_km: float  # EUR, kept as float; the engine turns it into an arc-cost matrix
    cost_per_hour: float  # EUR
    shift_start_s: int
    shift_end_s: int
    break_after_s: int = 0  # a route longer than this gets a break of break_s (0: no rule)
    break_s: int = 0
    max_trips: int = 1  # above 1: the van may return to its depot to reload (:mod:`.trips`)
    reload_s: int = 0  # time a reload at the depot takes


@dataclass(frozen=True)
class Targets:
    """Soft targets of a day planned from an earlier run (``plan --previous``): per node the window its
    service started in before (``None``: no target), ``late_per_s`` cost units per second outside it; per
    node its earlier van (an index into the vehicles, -1: none), ``move_van`` cost units if another serves it.
    Only the OR-Tools model (:mod:`.ortools_model`) honours them."""

    times: tuple[tuple[int, int] | None, ...]
    late_per_s: int
    vans: tuple[int, ...]
    move_van: int


@dataclass(frozen=True)
class DayProblem:
    """One day: a matrix over depots + stops, volumes per stop, a fleet."""

    distance_m: tuple[tuple[int, ...], ...]
    travel_s: tuple[tuple[int, ...], ...]
    service_s: tuple[int, ...]  # per node; 0 at depots
    delivery: tuple[int, ...]  # crates dropped at the node
    pickup: tuple[int, ...]  # crates collected at the node
    windows: tuple[tuple[int, int], ...]  # per node: service may start/end within [open, close] s
    vehicles: tuple[Vehicle, ...]
    num_depots: int = 1
    # Per node, the vehicles (indices) that may serve it; empty or missing: any vehicle.
    allowed_vehicles: tuple[tuple[int, ...], ...] = ()
    # A problem of trip vehicles (:func:`.trips.expand`): per van, its trip vehicles in order, chained in time.
    trips: tuple[tuple[int, ...], ...] = ()
    targets: Targets | None = None

    @property
    def num_nodes(self) -> int:
        return len(self.service_s)

    @property
    def stop_nodes(self) -> range:
        return range(self.num_depots, self.num_nodes)

    @property
    def restricts_vans(self) -> bool:
        """Whether some stop may be served by only some of the vans (PyVRP cannot model that)."""
        return any(a and len(set(a)) < len(self.vehicles) for a in self.allowed_vehicles)

    @property
    def timed(self) -> bool:
        """False for a problem without times (the CVRP benchmark): no travel or service time, no
        window or shift that starts after 0, no cost per hour. Engines then skip time altogether."""
        return (
            any(any(row) for row in self.travel_s)
            or any(self.service_s)
            or any(lo > 0 for lo, _ in self.windows)
            or any(v.shift_start_s != 0 or v.cost_per_hour for v in self.vehicles)
        )


@dataclass(frozen=True)
class SearchParams:
    """How long and how to search: the stopping rule (``time_limit_s``; with ``solution_limit`` the search
    stops on work and the time limit is only a cap, :class:`.stop.StopRule`), the seed, and every
    component's settings (:class:`.settings.SearchSettings`)."""

    time_limit_s: float = 10.0
    solution_limit: int | None = None
    seed: int = 0
    log: bool = False
    # Warm start: per vehicle, its stops in order (problem nodes); engines that cannot use it ignore it.
    initial_routes: tuple[tuple[int, ...], ...] | None = None
    # Reproducible runs: ruin-and-recreate rounds per search (default: a quarter of the solution limit).
    rounds: int | None = None
    settings: SearchSettings = DEFAULT_SETTINGS

    def __post_init__(self) -> None:
        t = self.time_limit_s
        if isinstance(t, bool) or not isinstance(t, int | float) or not t > 0 or t != t:
            raise ValueError(f"SearchParams.time_limit_s = {t!r}: expected seconds above 0")
        for key in ("solution_limit", "rounds"):
            v = getattr(self, key)
            if v is not None and (isinstance(v, bool) or not isinstance(v, int) or v < 1):
                raise ValueError(f"SearchParams.{key} = {v!r}: expected a whole number >= 1 (or None)")
        if not isinstance(self.settings, SearchSettings):
            raise ValueError("SearchParams.settings must be a SearchSettings")

    @property
    def on_work(self) -> bool:
        """Whether the search stops on work (a solution limit), the time limit only a cap."""
        return self.solution_limit is not None


@dataclass
class RouteResult:
    vehicle: int  # index into DayProblem.vehicles
    nodes: list[int]  # stops in visiting order (depots excluded)
    start_s: int  # departure from the depot
    # Multi-trip: the van returns to its depot to reload after this many of its stops (increasing).
    reload_after: tuple[int, ...] = ()


@dataclass
class DaySolution:
    routes: list[RouteResult]
    dropped: list[int] = field(default_factory=list)
    objective: int = 0
    status: str = ""
    seconds: float = 0.0
    # A reproducible search (a solution limit) that the wall-clock cap stopped before its work was done:
    # its result depends on the machine's speed and load.
    capped: bool = False
    engine: str = ""  # the engine whose routes these are ("ortools", "pyvrp")
    # Per stop left out, how often the search tried to fit it in (empty where the engine does not count).
    tries: dict[int, int] = field(default_factory=dict)
