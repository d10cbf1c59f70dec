"""The independent plan checker: recomputes every figure of a ``plan.json`` from the data.

It shares no code with the solver path on purpose: from the package it imports only the data model
(:mod:`logistics_opt.data.model`) and :mod:`logistics_opt.errors`, and
``tests/checker/test_independent.py`` holds it to that. Distances come from geopy's geodesic (not
the solver's pyproj matrix), or, for a run planned on roads or a matrix file, from the matrix the
run stores, which :mod:`.stored` parses itself (a written run's copy checked against the sha256 in
``plan.json``). Crates come from its own reading of the accumulation rule (:mod:`.visits`); the
places a route passes, the loads of its trips and its times from its own walk over each route,
reloads at the depot included (:mod:`.routes`); hub assignment and the night trunk from its own pass
(:mod:`.hubs`); the flows of a reservation log from its own reading of the supply rule (:mod:`.supply`).
A plan is checked before it is written, and the tests use the checker as their
oracle. One module per concern: :mod:`.schedule`, :mod:`.routes`, :mod:`.fleet`, :mod:`.visits`,
:mod:`.totals`, :mod:`.hubs`, with the legs in :mod:`.legs` and :mod:`.stored`. It returns a list of
violations; an empty list means the plan holds.
"""

from __future__ import annotations

from typing import Any

from ..data.model import Network
from .consistency import check_consistency, with_promised_openings
from .disruption import Moved, check_disruption
from .fleet import check_fleet
from .hubs import hub_violations
from .legs import LegKm, geodesic_legs
from .routes import check_routes
from .schedule import check_schedule, frequency_violations
from .supply import with_own_flows
from .totals import check_totals
from .visits import check_visits, expected_visits

__all__ = ["LegKm", "check_plan", "expected_visits", "frequency_violations", "geodesic_legs"]


def check_plan(
    plan: dict[str, Any],
    network: Network,
    legs: LegKm | None = None,
    frequency_rules: bool = False,
    disruption: tuple[dict[str, Any], dict[str, Any]] | None = None,
) -> list[str]:
    """All violations of the semantics in ``plan`` (a plan.json dict). Empty when it holds.

    ``legs`` gives (km, minutes) between two ids when the run used a given matrix; by default the
    checker recomputes geodesic legs itself. With ``frequency_rules``, also checks every branch's
    visit days against the allowed patterns and its service limits. A re-planned day (``replan``) gives
    ``disruption``: the disruption (``inputs/disruption.toml`` as a dict) and the plan it re-planned, which
    :mod:`.disruption` checks the plan against.
    """
    legs = legs or geodesic_legs(network)
    network = with_own_flows(network, legs)  # with a reservation log: the flows recomputed from it
    expect = expected_visits(network, plan.get("schedule", {}))
    begins: dict[int, list[float]] = {}  # the start of service at each stop, by route (for the promises)
    covered, moved, against = (
        check_disruption(plan, disruption[1], disruption[0], expect) if disruption else (set(), Moved(), [])
    )
    return (
        check_schedule(plan, network, frequency_rules)
        + check_routes(plan, with_promised_openings(plan, network, moved.unwaited), legs, begins)
        + check_consistency(plan, network, begins, moved.visits)
        + check_fleet(plan, network)
        + check_visits(plan, network, expect, covered)
        + check_totals(plan)
        + hub_violations(plan, network)
        + against
    )
