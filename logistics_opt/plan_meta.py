"""How a plan was made: ``plan.json``'s ``meta``, as typed objects.

The search fills in a :class:`SolveRecord` (time, days the cap stopped, engines, the frequency
method); :mod:`.pipeline` writes everything else once, when the plan is checked and written. Readers
take attributes, never dict chains: :func:`meta_of` reads the ``meta`` of a plan.json dict, old files
included (a key they lack is ``None`` or empty; a key this version does not know is kept in ``other``
and written back as it was).

Serialised to the flat keys of ``docs/plan-format.md`` (``solve_seconds``, ``stopped_by_time_cap``,
``day_engines``, ``parts``, ``frequencies``, ``language``, ``tool``, ``version``, ``ortools_version``,
``python``, ``seed``, ``parameters``, ``distances``, ``repeats``, ``plan_from``, ``inputs_sha256``,
``data``, ``command``, ``scenario``, ``week``, ``replan``, ``previous``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass
class SolveRecord:
    """What the search says about itself."""

    solve_seconds: float | None = None
    stopped_by_time_cap: list[str] = field(default_factory=list)  # days a reproducible search hit the cap on
    day_engines: dict[str, str] = field(default_factory=dict)  # day -> the engine whose routes won
    parts: int | None = None  # several hubs: parts solved (hub x day, or hub)
    frequencies: dict[str, Any] | None = None  # --frequencies optimise: method and search log


@dataclass
class Repeats:
    """Scenario runs: every seed's cost and the spread (the run's noise band)."""

    seeds: list[int]
    cost_eur: list[float]
    best_seed: int | None
    spread_eur: float


@dataclass
class PlanFrom:
    """Scenario runs: the run whose plan this run took, and why."""

    scenario: str
    why: str


@dataclass
class ScenarioInfo:
    name: str
    description: str = ""
    file: str | None = None
    base_data: str | None = None
    frequencies: str = "current"


@dataclass
class WeekRecord:
    """``--week``: the ISO week planned, the date of each weekday and the working days its public holidays
    took out (each ``day``, ``date``, ``holiday``; :mod:`.calendar_week`)."""

    week: str
    dates: dict[str, str] = field(default_factory=dict)  # weekday key -> YYYY-MM-DD
    dropped: list[dict[str, str]] = field(default_factory=list)

    @property
    def dropped_days(self) -> list[str]:
        return [d["day"] for d in self.dropped]


@dataclass
class ReplanRecord:
    """``replan``: the run re-planned and the day that changed (the disruption is in inputs/disruption.toml)."""

    day: str
    source: str  # the original run folder


@dataclass
class PreviousRecord:
    """``plan --previous``: the earlier run planned from, which plan won (``kept``: the earlier routes kept
    where they cost little; ``from scratch``) and the figures it was chosen by: the cost of the plan from
    scratch and the chosen plan's stability price (branches moved to another van or day, minutes outside
    their windows, EUR; :mod:`.stability`)."""

    folder: str
    inputs_sha256: str | None = None
    plan: str = "kept"  # kept | from scratch
    from_scratch_eur: float | None = None
    stability_eur: float | None = None
    moved_van: int | None = None
    moved_day: int | None = None
    late_min: float | None = None


@dataclass
class PlanMeta:
    solve: SolveRecord = field(default_factory=SolveRecord)
    language: str | None = None
    tool: str | None = None  # "logistics-opt"
    version: str | None = None
    ortools_version: str | None = None
    python: str | None = None
    seed: int | None = None
    parameters: dict[str, Any] = field(default_factory=dict)  # the run options
    distances: dict[str, Any] = field(default_factory=dict)  # kind, label, what they were made from
    repeats: Repeats | None = None
    plan_from: PlanFrom | None = None
    inputs_sha256: str | None = None
    data: str | None = None
    command: str | None = None
    scenario: ScenarioInfo | None = None
    week: WeekRecord | None = None
    replan: ReplanRecord | None = None
    previous: PreviousRecord | None = None
    other: dict[str, Any] = field(default_factory=dict)  # keys of a newer version, kept as they were

    @property
    def reproducible_search(self) -> bool:
        """The run asked for a reproducible (work-limited) search."""
        return bool(self.parameters.get("solution_limit"))

    def to_dict(self) -> dict[str, Any]:
        """The plan.json ``meta``: the same flat keys as ever (an absent optional key is left out)."""
        out: dict[str, Any] = {}
        solve = asdict(self.solve)
        for k in ("solve_seconds", "stopped_by_time_cap", "day_engines"):
            out[k] = solve[k]
        for k in ("parts", "frequencies"):
            if solve[k] is not None:
                out[k] = solve[k]
        for f in fields(self):
            if f.name in ("solve", "other"):
                continue
            v = getattr(self, f.name)
            if v is None or (f.name in ("parameters", "distances") and not v):
                continue  # a plan the pipeline has not finished (a solver's own) has only the solve's keys
            out[f.name] = asdict(v) if f.name in _NESTED else v
        return out | self.other

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> PlanMeta:
        """The meta of a plan.json (any version: what it lacks stays at the defaults)."""
        d = dict(d or {})
        solve = SolveRecord(
            solve_seconds=d.pop("solve_seconds", None),
            stopped_by_time_cap=list(d.pop("stopped_by_time_cap", None) or []),
            day_engines=dict(d.pop("day_engines", None) or {}),
            parts=d.pop("parts", None),
            frequencies=d.pop("frequencies", None),
        )
        kwargs: dict[str, Any] = {}
        for f in fields(cls):
            if f.name in ("solve", "other") or f.name not in d:
                continue
            v = d.pop(f.name)
            kwargs[f.name] = _nested(_NESTED[f.name], v) if f.name in _NESTED and isinstance(v, dict) else v
        return cls(solve=solve, other=d, **kwargs)


_NESTED: dict[str, Any] = {
    "repeats": Repeats,
    "plan_from": PlanFrom,
    "scenario": ScenarioInfo,
    "week": WeekRecord,
    "replan": ReplanRecord,
    "previous": PreviousRecord,
}


def _nested(cls: Any, d: dict[str, Any]) -> Any:
    """A nested record from its dict; keys it does not know are dropped (a newer file's)."""
    known = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in d.items() if k in known})


def meta_of(plan: dict[str, Any]) -> PlanMeta:
    """The typed meta of a plan.json dict."""
    return PlanMeta.from_dict(plan.get("meta"))
