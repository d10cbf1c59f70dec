"""The checker shares no code with the solver path: a bug in the solver's reload helpers is caught,
and no checker module imports from the solver path (at module or function level)."""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

import pytest

import logistics_opt.plan
from logistics_opt.checker import check_plan
from logistics_opt.distances import build_matrix
from logistics_opt.planning.schedule import current_schedule
from logistics_opt.planning.week import solve_week
from tests.checker.test_reloads import reload_network
from tests.factories import FAST, ROOT

CHECKER = ROOT / "logistics_opt" / "checker"
#: What the checker may import from the package: itself, the data and the errors.
ALLOWED = ("logistics_opt.checker", "logistics_opt.data.model", "logistics_opt.errors")
SOLVER_PATH = (
    "logistics_opt.plan",
    "logistics_opt.planning",
    "logistics_opt.routing",
    "logistics_opt.volumes",
    "logistics_opt.distances",
    "logistics_opt.service",
)


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _imports(path: Path) -> list[str]:
    """Every module an ``import`` anywhere in ``path`` names (relative imports resolved; for
    ``from x import y``, both ``x`` and ``x.y``, since ``y`` may be a module)."""
    package = ["logistics_opt", "checker"]  # what a relative import in the checker starts from
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            out.append(module)
            out += [f"{module}.{a.name}" for a in node.names]
    return out


def test_the_checker_imports_nothing_from_the_solver_path() -> None:
    files = sorted(CHECKER.glob("*.py"))
    assert len(files) > 5
    reached = {(f.name, m) for f in files for m in _imports(f) if _within(m, "logistics_opt")}
    solver = sorted((f, m) for f, m in reached if any(_within(m, p) for p in SOLVER_PATH))
    assert solver == [], f"checker modules import the solver path: {solver}"
    # From the package the checker takes only its own modules, the data and the errors.
    others = sorted((f, m) for f, m in reached if m != "logistics_opt.data" and not any(_within(m, p) for p in ALLOWED))
    assert others == [], f"checker modules import beyond the data and the errors: {others}"


def test_the_import_walk_sees_function_level_and_relative_imports(tmp_path: Path) -> None:
    src = tmp_path / "probe.py"
    src.write_text("from ..data.model import Network\n\ndef f():\n    from ..plan import fold_reloads\n")
    assert {"logistics_opt.data.model", "logistics_opt.plan", "logistics_opt.plan.fold_reloads"} <= set(_imports(src))


def _no_reload_time(legs: list[float], after: list[int], reload_min: float) -> list[float]:
    """A wrong fold: the way to the depot and back, but no time spent reloading there."""
    return original_fold(legs, after, 0.0)


original_fold = logistics_opt.plan.fold_reloads


def test_a_solver_that_forgets_the_reload_time_fails_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    # The bug sits in plan.fold_reloads: every module that took the function by name gets it.
    holders = [m for name, m in list(sys.modules.items()) if name.startswith("logistics_opt") and m is not None]
    patched = []
    for module in holders:
        for attr, value in list(vars(module).items()):
            if value is original_fold:
                monkeypatch.setattr(module, attr, _no_reload_time)
                patched.append(module.__name__)
    assert "logistics_opt.plan" in patched and len(patched) > 1, patched
    net = reload_network(trips=2)
    plan = json.loads(
        json.dumps(solve_week(net, build_matrix(net, use_cache=False), current_schedule(net), FAST).to_dict())
    )
    assert any(r.get("reloads") for r in plan["routes"]), "the network should force a reload"
    errs = check_plan(plan, net)
    # The stops after each reload and the route's end come 15 minutes (the reload) too early.
    assert any(": ends " in e and "recomputed" in e for e in errs), errs
    assert any(": duration " in e for e in errs), errs
