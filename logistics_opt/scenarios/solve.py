"""One scenario's run folder: apply its changes, materialise the data, then let the pipeline solve it
(best of its repeats) or adopt a plan solved for another scenario, check it and write it."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from ..data.model import Network
from ..data.read import load_network
from ..data.write import materialise
from ..errors import PlanCheckError
from ..pipeline import adopt_plan, make_plan, write_plan
from ..plan import Plan
from ..plan_meta import PlanFrom, ScenarioInfo
from ..progress import Progress
from .apply import apply_scenario
from .spec import Scenario


def scenario_network(scn: Scenario) -> Network:
    """The base data with the scenario's changes."""
    return apply_scenario(load_network(scn.data), scn)


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
        opts = scn.options(workers)
        if reuse is None:
            plan = make_plan(net, opts, progress, repeats=scn.repeats)
        else:
            try:
                plan = adopt_plan(reuse[0], net, opts, PlanFrom(reuse[1], reuse[2]))
            except PlanCheckError as e:
                raise PlanCheckError(f"the plan of '{reuse[1]}' does not hold for '{scn.name}': {e}") from None
        info = ScenarioInfo(
            name=scn.name,
            description=scn.description,
            file=str(scn.file) if scn.file else None,
            base_data=str(scn.data),
            frequencies=scn.frequencies,
        )
        extra = {"scenario.toml": scn.file.read_text(encoding="utf-8")} if scn.file else {}
        write_plan(plan, folder, Path(out_dir), str(scn.data), info, extra)
    return plan
