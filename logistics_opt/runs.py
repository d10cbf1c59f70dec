"""Run folders: write one atomically, read one back, find them, and the scenario runner's manifest.

Everything goes to a temporary folder beside the target, which then replaces the target in one
rename. A failed or interrupted run leaves an earlier folder as it was, and never a half-written one.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .data.model import Network
from .data.read import input_files, load_network
from .errors import InputError
from .plan import Plan
from .reports.safe_cells import safe_row

#: A report writer: reads the plan dict and the temporary run folder (whose ``inputs/`` holds the
#: data already), writes its files into the folder; never solves.
Writer = Callable[[dict[str, Any], Path], None]


@contextmanager
def atomic_folder(target: str | Path) -> Iterator[Path]:
    """Yield a temporary folder; on success it becomes ``target`` (replacing an old one)."""
    target = Path(target).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        yield tmp
        old = None
        if target.exists():
            old = target.parent / f".{target.name}.old-{os.getpid()}"
            os.replace(target, old)
        os.replace(tmp, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]], *, safe: bool = True) -> str:
    """CSV text (comma, ``\\n`` line ends); ``None`` cells are written empty. Every text cell is
    spreadsheet-safe (:func:`.reports.safe_cells.safe_cell`: none can run as a formula) unless
    ``safe`` is False: only for data files the loader must read back exactly (:mod:`.data.write`)."""
    cell = safe_row if safe else list
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(cell(header))
    w.writerows([cell("" if v is None else v for v in row) for row in rows])
    return out.getvalue()


def files_hash(files: Iterable[Path]) -> str:
    """sha256 over the input files' names and bytes, in the order given."""
    h = hashlib.sha256()
    for f in files:
        h.update(Path(f).name.encode() + b"\0")
        h.update(Path(f).read_bytes())
    return h.hexdigest()


@dataclass
class RunRecord:
    """A finished run folder: its name, plan and the network it was planned from."""

    name: str
    folder: Path
    plan: dict[str, Any]
    network: Network

    @property
    def description(self) -> str:
        return ((self.plan.get("meta") or {}).get("scenario") or {}).get("description", "")


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
    name = ((plan.get("meta") or {}).get("scenario") or {}).get("name") or folder.name
    return RunRecord(name, folder, plan, load_network(folder / "inputs"))


def load_runs(paths: Sequence[str | Path]) -> list[RunRecord]:
    runs = [load_run(f) for f in find_runs(paths)]
    seen: dict[str, Path] = {}
    for r in runs:
        if r.name in seen:
            raise InputError(str(r.folder), f"two runs are both named '{r.name}' (the other: {seen[r.name]})")
        seen[r.name] = r.folder
    return runs


def report_writers() -> list[Writer]:
    """The reports every run folder gets besides plan.json and inputs/, each in the plan's language
    (``meta.language``: ``--lang`` or ``settings.toml``)."""
    from .reports.calendar import write_calendar
    from .reports.map_html import write_map_html
    from .reports.maps import write_day_maps, write_geojson
    from .reports.national_map import write_national_map
    from .reports.route_sheets_html import write_route_sheets
    from .reports.route_sheets_xlsx import write_route_sheets_xlsx
    from .reports.tables import write_route_sheet_csv, write_summary_csv

    return [
        write_route_sheet_csv,
        write_summary_csv,
        write_calendar,
        write_route_sheets,
        write_route_sheets_xlsx,
        write_map_html,
        write_day_maps,
        write_geojson,
        write_national_map,
    ]


def write_run(plan: Plan, data_dir: Path, out_dir: Path, extra: dict[str, str] | None = None) -> None:
    """Write plan.json, inputs/ (the exact data used), ``extra`` files and every report of
    :func:`report_writers` atomically into ``out_dir``."""
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
        for writer in report_writers():
            writer(d, tmp)


def write_manifest(out_root: Path, runs: list[dict[str, Any]]) -> None:
    """``out_root/runs.json``: which run folders one ``scenario run`` wrote (``name``, ``folder``, ``ok``,
    ``error`` each), so ``compare out_root`` reads these and no folder left over from an earlier run."""
    out_root.mkdir(parents=True, exist_ok=True)
    tmp = out_root / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps({"runs": runs}, indent=1) + "\n", encoding="utf-8")
    tmp.replace(out_root / MANIFEST)
