"""Plans shared between scenarios, so that a comparison shows differences in the data, not solver noise.

- **One solve for identical routing.** :func:`routing_key` hashes exactly what routing depends on:
  the places and their service, the visits (days, crates and items, when the schedule is known
  before solving: current practice, or optimised frequencies whose limits leave one pattern per
  branch) or else everything the frequency model reads, the fleet, the settings that change
  routes, and the search settings. Scenarios with the same key get one solve; the others reuse
  its plan and differ only in what does not route (organisations, hence the cost allocation).
- **Never worse than a plan it could reuse.** :func:`cheaper_plans` offers each run every cheaper
  plan of the others; a plan the run's own checker accepts (its data, its fleet, its frequency
  rules, the distances it was planned with: its road or router matrix) is feasible for it at the same
  cost, so the run takes it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any

from ..data.model import Network
from ..pipeline import RunOptions, check_against_run, run_distances
from ..planning.frequencies import candidate_patterns
from ..planning.schedule import current_schedule
from ..volumes import week_visits

#: Settings that change routes (the frequency limits enter through the schedule or the visit model).
ROUTING_SETTINGS = (
    "items_per_crate",
    "detour_factor",
    "speed_kmh",
    "handling_min_per_crate",
    "working_days",
    "default_service_min",
    "break_after_min",
    "break_min",
    "roads",
    "road_time_factor",
    "trunk",
    "consistency",
)


def known_schedule(net: Network, frequencies: str) -> dict[str, tuple[str, ...]] | None:
    """The visit days when they are known before solving, else None (the frequency model chooses)."""
    if frequencies == "current":
        return current_schedule(net)
    patterns = {b.id: candidate_patterns(b, net) for b in net.stops}
    if all(len(p) == 1 for p in patterns.values()):
        return {bid: p[0] for bid, p in patterns.items()}
    return None


def _plain(o: Any) -> Any:
    """JSON for the key: dataclasses (the trunk's rates) as their fields, tuples and sets as lists."""
    return asdict(o) if is_dataclass(o) and not isinstance(o, type) else sorted(o) if isinstance(o, set) else list(o)


def routing_key(net: Network, opts: RunOptions, repeats: int = 1) -> str:
    """A content hash of exactly what a scenario's routes depend on (see the module docstring)."""
    if net.reservations is not None:  # the flows its reservation log gives, by the run's distances
        net = run_distances(net, opts)[0]
    places = [
        (b.id, b.name, b.town, b.lat, b.lon, b.kind, b.service_min, b.open_min, b.close_min, b.hub)
        for b in net.branches
    ]
    schedule = known_schedule(net, opts.frequencies)
    if schedule is not None:
        visits: Any = {bid: [asdict(v) for v in vs] for bid, vs in sorted(week_visits(net, schedule).items())}
    else:  # the frequency model reads the volumes, the limits and the allowed patterns
        visits = {
            "requests": sorted((r.origin, r.destination, r.items) for r in net.requests),
            "limits": [
                (b.id, b.visits_per_week, b.days, b.storage_crates, b.min_visits_per_week, b.max_days_between_visits)
                for b in net.branches
            ],
            "settings": (
                net.settings.max_days_between_visits,
                net.settings.min_visits_per_week,
                sorted(net.settings.allowed_patterns().items()),
            ),
        }
    settings = {k: getattr(net.settings, k) for k in ROUTING_SETTINGS}
    search = {
        "seed": opts.seed,
        "solution_limit": opts.solution_limit,
        "rounds": opts.rounds,
        "engine": opts.engine,
        "repeats": repeats,
        "matrix": opts.matrix,
        "model": "days" if schedule is not None else "frequencies",
        # A time-limited search is not reproducible; its key still names the time it was given.
        "time_limit": None if opts.solution_limit else opts.time_limit_s,
    }
    doc = {
        "places": places,
        "visits": visits,
        "fleet": [asdict(v) for v in net.fleet],
        "settings": settings,
        "search": search,
    }
    if net.hours:  # hours.csv: each branch's hours per weekday
        doc["hours"] = sorted((bid, day, h) for (bid, day), h in net.hours.items())
    if opts.previous:  # the earlier run kept from, and what changing it costs
        doc["previous"] = [_file_hash(Path(opts.previous) / "plan.json"), asdict(net.settings.stability)]
    return hashlib.sha256(json.dumps(doc, sort_keys=True, default=_plain).encode()).hexdigest()[:16]


def _file_hash(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return f"missing:{path}"


def cheaper_plans(results: list[Any], scenarios: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(run, the run whose plan it takes, why) for every run that another run's cheaper plan holds for.

    ``results`` are :class:`.runner.RunResult` of finished runs; a plan is tried only if it serves
    every visit and costs less; the run's own checker decides (with the run's data and rules)."""
    from ..runs import load_run

    done = [r for r in results if r.ok and not r.summary.get("unassigned") and (Path(r.out) / "plan.json").is_file()]
    out = []
    for r in done:
        if getattr(scenarios[r.name], "previous", None) is not None:
            continue  # its plan weighs the changes against its earlier run: a cheaper one may move every branch
        cheaper = sorted(
            (c for c in done if c.summary["cost_eur"] < r.summary["cost_eur"] - 0.005),
            key=lambda c: c.summary["cost_eur"],
        )
        if not cheaper:
            continue
        mine = load_run(Path(r.out))
        optimise = scenarios[r.name].frequencies == "optimise"
        for c in cheaper:
            other = load_run(Path(c.out))
            if other.plan["working_days"] != mine.plan["working_days"]:
                continue
            # Current practice keeps every branch's visit days; the checker's frequency rules cover
            # what an optimised schedule may be.
            if not optimise and other.plan["schedule"] != {
                k: list(v) for k, v in current_schedule(mine.network).items()
            }:
                continue
            if not check_against_run(other.plan, mine):
                out.append((r.name, c.name, f"cheaper plan of '{c.name}' that meets this scenario's data and rules"))
                break
    return out
