"""One scenario's run folder: apply its changes, materialise the data, solve it (best of its repeats,
or reuse a plan solved for another scenario), check and write it like ``plan`` does."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..checker import check_plan
from ..data.model import Network
from ..data.read import input_files, load_network
from ..data.write import materialise
from ..distances import run_matrix
from ..errors import PlanCheckError
from ..pipeline import command_line, make_plan, stored_distances
from ..plan import Plan
from ..progress import Progress
from ..runs import files_hash, write_run
from ..service import service_figures
from .apply import apply_scenario
from .spec import Scenario


def scenario_network(scn: Scenario) -> Network:
    """The base data with the scenario's changes."""
    return apply_scenario(load_network(scn.data), scn)


def best_of_repeats(net: Network, scn: Scenario, workers: int, progress: Progress | None = None) -> Plan:
    """Solve with seeds ``seed .. seed + repeats - 1`` and keep the cheapest complete plan; its meta
    records every repeat's cost and the spread (the noise band of this scenario's cost)."""
    plans = []
    for k in range(scn.repeats):
        plans.append(make_plan(net, replace(scn.options(workers), seed=scn.seed + k), progress))
    best = min(plans, key=lambda p: (len(p.unassigned), p.summary()["cost_eur"]))
    costs = [p.summary()["cost_eur"] for p in plans]
    best.meta["repeats"] = {
        "seeds": [scn.seed + k for k in range(scn.repeats)],
        "cost_eur": costs,
        "best_seed": best.meta.get("seed"),
        "spread_eur": round(max(costs) - min(costs), 2),
    }
    capped = sorted({d for p in plans for d in p.meta.get("stopped_by_time_cap", [])})
    best.meta["stopped_by_time_cap"] = capped
    return best


def reuse_plan(source: dict[str, Any], net: Network, scn: Scenario) -> tuple[Plan, list[str]]:
    """Another run's plan (a plan.json dict) for this scenario's data, with the checker's verdict."""
    plan = Plan.from_dict(source)
    plan.service = service_figures(net, plan)
    matrix, distances = run_matrix(net)
    stored, legs = stored_distances(matrix, distances)
    plan.stored_inputs.update(stored)
    problems = check_plan(plan.to_dict(), net, legs, frequency_rules=scn.frequencies == "optimise")
    return plan, problems


def run_scenario(
    scn: Scenario,
    out_dir: str | Path,
    workers: int = 1,
    progress: Progress | None = None,
    reuse: tuple[dict[str, Any], str, str] | None = None,
) -> Plan:
    """Apply, materialise, solve (or ``reuse`` = (plan dict, its scenario, why)), check and write one
    scenario's run folder. A reused plan the checker rejects raises :class:`PlanCheckError`."""
    net = scenario_network(scn)
    with tempfile.TemporaryDirectory(prefix=f"logistics-opt-{scn.name}-") as tmp:
        folder = Path(tmp) / "inputs"
        comment = (
            f"Effective settings of scenario '{scn.name}' ({scn.label}),\n"
            f"base data {scn.data}; written by logistics-opt."
        )
        net = materialise(net, folder, scn.data, comment)
        if reuse is None:
            plan = best_of_repeats(net, scn, workers, progress)
        else:
            plan, problems = reuse_plan(reuse[0], net, scn)
            if problems:
                raise PlanCheckError(f"the plan of '{reuse[1]}' does not hold for '{scn.name}': {problems[0]}")
            plan.meta["plan_from"] = {"scenario": reuse[1], "why": reuse[2]}
        plan.meta["inputs_sha256"] = files_hash(input_files(folder))
        plan.meta["data"] = str(scn.data)
        plan.meta["command"] = command_line()
        plan.meta["scenario"] = {
            "name": scn.name,
            "description": scn.description,
            "file": str(scn.file) if scn.file else None,
            "base_data": str(scn.data),
            "frequencies": scn.frequencies,
        }
        extra = {"scenario.toml": scn.file.read_text(encoding="utf-8")} if scn.file else {}
        write_run(plan, folder, Path(out_dir), extra=extra)
    return plan
