"""Run folders: write one atomically, read one back, find them, and the scenario runner's manifest.

A run folder is written into a temporary folder that then replaces the target in one rename
(:func:`.files.atomic_folder`): a failed or interrupted run leaves an earlier folder as it was, and
never a half-written one. Which reports go in is not this module's business: the writers are given
(:mod:`.reports.registry` lists them), so run folders know nothing of the reports.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .calendar_week import without_days
from .data.model import Network
from .data.read import input_files, load_network
from .distances import Matrix, build_matrix
from .errors import InputError
from .files import atomic_folder, write_text
from .plan import Plan
from .plan_meta import PlanMeta, meta_of
from .stored_matrix import read_stored_matrix
from .supply import supplied

#: A report writer: reads the plan dict and the temporary run folder (whose ``inputs/`` holds the
#: data already), writes its files into the folder; never solves.
Writer = Callable[[dict[str, Any], Path], None]


@dataclass
class RunRecord:
    """A finished run folder: its name, plan and the network it was planned from."""

    name: str
    folder: Path
    plan: dict[str, Any]
    network: Network

    @property
    def meta(self) -> PlanMeta:
        return meta_of(self.plan)

    def matrix(self) -> Matrix:
        """The km and minutes this run was planned with: the matrix it stored (roads, a router's
        matrix), else crow-fly by its data's settings."""
        rel = self.meta.distances.get("stored_matrix")
        ids = tuple(b.id for b in self.network.branches)
        if not rel:
            return build_matrix(self.network)
        path = self.folder / rel
        try:
            data = path.read_bytes()
        except OSError:
            raise InputError(str(path), "the stored matrix of this run is missing") from None
        return read_stored_matrix(data, ids, str(path))

    @property
    def description(self) -> str:
        scenario = self.meta.scenario
        return scenario.description if scenario else ""


MANIFEST = "runs.json"


def find_runs(paths: Sequence[str | Path]) -> list[Path]:
    """Run folders from arguments: a run folder (with plan.json) or a folder of run folders."""
    out: list[Path] = []
    for a in paths:
        p = Path(a)
        if (p / "plan.json").is_file():
            out.append(p)
        elif (p / MANIFEST).is_file():
            # Written by `scenario run`: exactly that invocation's successful runs, no stale folders.
            try:
                listed = json.loads((p / MANIFEST).read_text(encoding="utf-8"))["runs"]
            except (OSError, ValueError, KeyError, TypeError) as e:
                raise InputError(str(p / MANIFEST), f"cannot read the run list: {e}") from None
            found = [p / r["folder"] for r in listed if r.get("ok") and (p / r["folder"] / "plan.json").is_file()]
            if not found:
                raise InputError(str(p / MANIFEST), "no scenario of that run succeeded")
            out.extend(found)
        elif p.is_dir():
            found = sorted(q for q in p.iterdir() if (q / "plan.json").is_file())
            if not found:
                raise InputError(str(p), "not a run folder (no plan.json) and holds no run folders")
            out.extend(found)
        else:
            raise InputError(str(p), "run folder not found")
    return out


def load_run(folder: Path) -> RunRecord:
    """Read a run folder's plan.json and inputs/."""
    path = folder / "plan.json"
    try:
        plan = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise InputError(str(path), f"cannot read the plan: {e}") from None
    for key in ("summary", "routes"):
        if key not in plan:
            raise InputError(str(path), f"not a plan.json: no '{key}'")
    meta = meta_of(plan)
    name = meta.scenario.name if meta.scenario and meta.scenario.name else folder.name
    network = load_network(folder / "inputs")
    if meta.week is not None:  # the named week's working days, as it was planned
        network = without_days(network, meta.week.dropped_days)
    record = RunRecord(name, folder, plan, network)
    if network.reservations is not None:  # its flows, by the distances it was planned with
        record.network = supplied(network, record.matrix())
    return record


def load_runs(paths: Sequence[str | Path]) -> list[RunRecord]:
    runs = [load_run(f) for f in find_runs(paths)]
    seen: dict[str, Path] = {}
    for r in runs:
        if r.name in seen:
            raise InputError(str(r.folder), f"two runs are both named '{r.name}' (the other: {seen[r.name]})")
        seen[r.name] = r.folder
    return runs


def write_run_folder(
    plan: Plan, data_dir: Path, out_dir: Path, writers: Sequence[Writer], extra: dict[str, str] | None = None
) -> None:
    """Write plan.json, inputs/ (the exact data used), ``extra`` files and the reports of ``writers``
    atomically into ``out_dir``."""
    d = plan.to_dict()
    with atomic_folder(out_dir) as tmp:
        write_text(tmp / "plan.json", json.dumps(d, indent=1, ensure_ascii=False) + "\n")
        (tmp / "inputs").mkdir()
        for f in input_files(data_dir):
            shutil.copy2(f, tmp / "inputs" / f.name)
        for name, data in plan.stored_inputs.items():
            (tmp / "inputs" / name).write_bytes(data)
        for name, text in (extra or {}).items():
            write_text(tmp / name, text)
        for writer in writers:
            writer(d, tmp)


def write_manifest(out_root: Path, runs: list[dict[str, Any]]) -> None:
    """``out_root/runs.json``: which run folders one ``scenario run`` wrote (``name``, ``folder``, ``ok``,
    ``error`` each), so ``compare out_root`` reads these and no folder left over from an earlier run."""
    out_root.mkdir(parents=True, exist_ok=True)
    tmp = out_root / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps({"runs": runs}, indent=1) + "\n", encoding="utf-8")
    tmp.replace(out_root / MANIFEST)
