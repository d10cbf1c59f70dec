"""Scenarios: a base data folder plus named, validated changes (``scenarios/README.md``).

:mod:`.spec` reads and validates a scenario file, :mod:`.apply` applies its changes to a network,
:mod:`.runner` solves scenarios (in processes or on Dask) into run folders, and :mod:`.frontier`
runs the frequency model at each service level.
"""

from __future__ import annotations

from .apply import apply_scenario
from .runner import RunResult, run_many, run_one, run_scenario
from .spec import Scenario, load_scenario, scenario_from_dict, scenario_paths

__all__ = [
    "RunResult",
    "Scenario",
    "apply_scenario",
    "load_scenario",
    "run_many",
    "run_one",
    "run_scenario",
    "scenario_from_dict",
    "scenario_paths",
]
