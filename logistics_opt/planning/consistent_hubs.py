"""Consistent weeks with several hubs (issue 31): both promises hold within a hub.

A branch is served by its own hub's vans only (:mod:`.hubs`), so its one van and its one window are
a matter of its hub alone. The week splits into one part per hub, each planned on the hub's own
network and distances by :func:`.consistency.consistent_week` (master routes; with ``--frequencies
optimise`` the hub's visit days are chosen first), in processes or on Dask like the free parts. The
parts are merged as a free several-hub week is (:func:`.hubs.merged`, then the night trunk); plan.json's
``consistency`` holds the promises and every branch's van and window from its hub's part.
"""

from __future__ import annotations

from typing import Any

from ..data.model import Consistency, Network
from ..distances import Matrix
from ..plan import Plan
from ..plan_meta import SolveRecord
from ..progress import Progress
from ..routing.problem import SearchParams
from ..routing.stop import MaxRuntime
from .consistency import FREQUENCY_SHARE, consistent_week
from .hubs import frequency_methods, merged, parts_by_hub
from .trunk import trunk_section


def _consistent_one(args: tuple[Network, Matrix, SearchParams, str, str]) -> Plan:
    net, mat, params, frequencies, engine = args
    return consistent_week(net, mat, params, frequencies, engine=engine, workers=1)


def consistent_week_by_hub(
    network: Network,
    matrix: Matrix,
    params: SearchParams,
    frequencies: str,
    *,
    engine: str = "ortools",
    workers: int = 1,
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> Plan:
    """The consistent week of a network with several hubs: one part per hub, merged, with its trunk."""
    clock = MaxRuntime(params.time_limit_s)
    # A part's work: its stops on every day; with --frequencies optimise, the free week that chooses the visit
    # days gets a share of it (consistency.FREQUENCY_SHARE), as much as the free several-hub week gives a hub.
    work = len(network.settings.working_days) * (1.0 / FREQUENCY_SHARE if frequencies == "optimise" else 1.0)
    by_hub = parts_by_hub(
        network,
        matrix,
        params,
        _consistent_one,
        (frequencies, engine),
        work,
        "master routes",
        workers,
        scheduler,
        progress,
    )
    plans = list(by_hub.values())
    plan = merged(network, plans)
    plan.consistency = promises(network.settings.consistency or Consistency(), plans)
    plan.trunk = trunk_section(network, plan.schedule)
    plan.meta.solve = SolveRecord(
        solve_seconds=round(clock.elapsed(), 2),
        stopped_by_time_cap=sorted({d for p in plans for d in p.meta.solve.stopped_by_time_cap}),
        parts=len(plans),
        frequencies=frequency_methods(by_hub) if frequencies == "optimise" else None,
    )
    return plan


def promises(asked: Consistency, plans: list[Plan]) -> dict[str, Any]:
    """plan.json's ``consistency`` of the merged week: the promises, and every hub's branches with their van
    and window (a branch belongs to one hub, so to one part)."""
    branches = {b: w for p in plans for b, w in ((p.consistency or {}).get("branches") or {}).items()}
    return {
        "same_van": asked.same_van,
        "max_arrival_spread_min": asked.max_arrival_spread_min,
        "branches": dict(sorted(branches.items())),
    }
