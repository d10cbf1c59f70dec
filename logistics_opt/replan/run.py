"""``replan``: one day of a written run re-planned for a disruption, as a new run of the whole week.

The new plan is the old one with the disrupted day's routes changed (:mod:`.model`) and the later days that
took postponed crates (:mod:`.postpone`); every other day is as it was. A run with master routes keeps its
promises where the disruption does not move a visit (:mod:`.promises`). It keeps the old run's data, distances,
options and week, stores the disruption (``inputs/disruption.toml``) and the old plan
(``inputs/previous_plan.json``), and goes through the pipeline like every run: service figures, meta, the
checker (which verifies the frozen part and the broken van against those two files), then the run folder,
atomically (the old run stays as it was).
"""

from __future__ import annotations

import json
import time
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from ..changes import DISRUPTION_FILE, PREVIOUS_PLAN, Changes, plan_changes
from ..matrix import Matrix
from ..pipeline import RunOptions, finish_plan, run_distances_of, write_plan
from ..plan import Plan
from ..plan_meta import PlanMeta, ReplanRecord, SolveRecord
from ..runs import RunRecord
from .day import DayRoutes
from .disruption import Disruption, check_disruption
from .model import DayOutcome, disrupted_day
from .postpone import Postponed, postpone
from .promises import day_network, left_stops


@dataclass
class Replanned:
    """The new plan, what the day's vans do differently and where the postponed crates went."""

    plan: Plan
    old: dict[str, Any]
    outcome: DayOutcome
    postponed: list[Postponed]
    disruption: Disruption
    seconds: float

    @property
    def changes(self) -> Changes:
        return plan_changes(self.old, self.plan.to_dict())


class _Days:
    """Each day's routes, made from the old plan on first use."""

    def __init__(self, run: RunRecord, matrix: Matrix, moved: dict[str, set[str]]) -> None:
        self.run, self.matrix, self.moved = run, matrix, moved  # moved: day -> branches without their promise
        self.made: dict[str, DayRoutes] = {}

    def __call__(self, day: str) -> DayRoutes:
        if day not in self.made:
            routes = [r for r in self.run.plan["routes"] if r["day"] == day]
            network = day_network(self.run.network, self.run.plan, day, self.moved.get(day, set()))
            self.made[day] = DayRoutes(network, self.matrix, day, routes)
        return self.made[day]


def replan_day(run: RunRecord, d: Disruption) -> Replanned:
    """The re-planned week (checked by the caller through the pipeline)."""
    t0 = time.perf_counter()
    check_disruption(d, run.plan, run.network, str(run.folder))
    routes = [r for r in run.plan["routes"] if r["day"] == d.day]
    days = _Days(run, run.matrix(), {d.day: left_stops(routes, d)})
    outcome = disrupted_day(days(d.day), routes, d)
    week = list(run.plan["working_days"])
    later = week[week.index(d.day) + 1 :]
    moved, unserved = postpone(list(outcome.waiting.values()), d.day, later, days)
    moved.sort(key=lambda p: (week.index(p.day), p.van, p.crates.branch))
    old = Plan.from_dict(run.plan)
    new_routes = []
    for day in week:
        if day in days.made:
            new_routes += days.made[day].routes()
        else:
            new_routes += [r for r in old.routes if r.day == day]
    meta = PlanMeta(
        solve=SolveRecord(solve_seconds=round(time.perf_counter() - t0, 3)),
        week=old.meta.week,
        replan=ReplanRecord(d.day, str(run.folder)),
    )
    plan = Plan(
        new_routes,
        old.unassigned + unserved,
        old.schedule,
        old.working_days,
        meta,
        trunk=old.trunk,
        consistency=old.consistency,
    )
    plan.stored_inputs[DISRUPTION_FILE] = d.to_toml(str(run.folder)).encode()
    plan.stored_inputs[PREVIOUS_PLAN] = (json.dumps(run.plan, indent=1, ensure_ascii=False) + "\n").encode()
    return Replanned(plan, run.plan, outcome, moved, d, time.perf_counter() - t0)


def run_options(run: RunRecord) -> RunOptions:
    """The old run's options (those plan.json keeps)."""
    known = {f.name for f in fields(RunOptions)} - {"settings", "use_cache"}
    kept = {k: v for k, v in run.meta.parameters.items() if k in known}
    if run.meta.seed is not None:
        kept["seed"] = run.meta.seed
    return RunOptions(**kept)


def replan_run(run: RunRecord, d: Disruption, out_dir: Path) -> Replanned:
    """Re-plan, check through the pipeline and write the new run folder ``out_dir``."""
    result = replan_day(run, d)
    dist = run_distances_of(run)
    disruption = tomllib.loads(result.plan.stored_inputs[DISRUPTION_FILE].decode())
    opts = run_options(run)
    result.plan = finish_plan(result.plan, run.network, dist, opts, disruption=(disruption, run.plan))
    data = run.meta.data or str(run.folder / "inputs")
    write_plan(result.plan, run.folder / "inputs", out_dir, data)
    return result
