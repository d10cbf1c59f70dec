"""The independent plan checker: recomputes every figure of a ``plan.json`` from the data.

It shares no code with the solver path on purpose: distances come from geopy's geodesic (not
the pyproj matrix), crates from its own reading of the accumulation rule, times from its own
pass over each route (several hubs: :mod:`.hubs`). It runs on every plan before the plan is written, and the tests use it as
their oracle. One module per concern: :mod:`.schedule`, :mod:`.routes`, :mod:`.fleet`,
:mod:`.visits`, :mod:`.totals`. It returns a list of violations; an empty list means the plan holds.
"""

from __future__ import annotations

from typing import Any

from ..data.model import Network
from .fleet import check_fleet
from .hubs import hub_violations
from .legs import LegKm, geodesic_legs
from .routes import check_routes
from .schedule import check_schedule, frequency_violations
from .totals import check_totals
from .visits import check_visits, expected_visits

__all__ = ["LegKm", "check_plan", "expected_visits", "frequency_violations", "geodesic_legs"]


def check_plan(
    plan: dict[str, Any], network: Network, legs: LegKm | None = None, frequency_rules: bool = False
) -> list[str]:
    """All violations of the semantics in ``plan`` (a plan.json dict). Empty when it holds.

    ``legs`` gives (km, minutes) between two ids when the run used a given matrix; by default the
    checker recomputes geodesic legs itself. With ``frequency_rules``, also checks every branch's
    visit days against the allowed patterns and its service limits.
    """
    expect = expected_visits(network, plan.get("schedule", {}))
    return (
        check_schedule(plan, network, frequency_rules)
        + check_routes(plan, network, legs or geodesic_legs(network))
        + check_fleet(plan, network)
        + check_visits(plan, network, expect)
        + check_totals(plan)
        + hub_violations(plan, network)
    )
