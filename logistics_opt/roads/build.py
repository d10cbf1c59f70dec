"""Prepare a road network from an OpenStreetMap extract, once: ``osrm-extract`` then ``osrm-contract``.

The build goes into a temporary folder next to the target and is renamed into place only when it is
complete, so a failed or interrupted build leaves nothing behind (and an older build as it was). A
folder already built from a file with the same sha256 by the same engine version is reused.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..errors import InputError, LogisticsError
from ..files import atomic_folder
from ..progress import Progress
from .engine import ENGINE, PROFILE, engine_version, profile, tool
from .manifest import BASENAME, FORMAT, MANIFEST, Manifest, manifest_path, read_manifest
from .pbf import file_sha256, read_pbf

_LOG_LINE = re.compile(r"^\[[^\]]*\]\s*\[(\w+)\]\s*(.*)$")  # "[2026-11-30T02:56:22] [info] text"


@dataclass(frozen=True)
class BuildResult:
    folder: Path
    manifest: Manifest
    reused: bool
    seconds: float


def default_folder(pbf: Path) -> Path:
    """``utrecht-latest.osm.pbf`` -> ``utrecht-latest.roads`` next to it."""
    name = Path(pbf).name
    for suffix in (".osm.pbf", ".pbf"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return Path(pbf).parent / f"{name}.roads"


def _reusable(folder: Path, sha256: str) -> Manifest | None:
    if not manifest_path(folder).is_file():
        return None
    try:
        old = read_manifest(folder)
    except InputError:
        return None  # a damaged manifest: build again
    same = old.source_sha256 == sha256 and old.engine == ENGINE and old.format == FORMAT
    if same and old.engine_version == engine_version() and (folder / f"{BASENAME}.hsgr").is_file():
        return old
    return None


def _run(step: str, cmd: list[str], say: Progress | None) -> None:
    """Run one OSRM tool; its ``[info]`` lines become progress, its ``[error]`` lines the error."""
    errors: list[str] = []
    last: list[str] = []
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace") as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            m = _LOG_LINE.match(line.strip())
            level, text = (m.group(1), m.group(2)) if m else ("", line.strip())
            if level == "error" or "terminate called" in text:
                errors.append(text)
            if text:
                last = [*last[-4:], text]
            if say and level == "info" and _worth_showing(text):
                say(f"  {step}: {text}")
    if proc.returncode != 0:
        why = errors[-1] if errors else (last[-1] if last else f"exit status {proc.returncode}")
        raise LogisticsError(f"{Path(cmd[0]).name} failed: {why}")


def _worth_showing(text: str) -> bool:
    """OSRM logs a lot; show the lines that say how far a stage has come."""
    keys = ("Parsing finished", "Raw input contains", "Processed", "Expansion:", "Contracted graph", "Contraction took")
    return text.startswith(keys)


def build_roads(
    pbf: Path, out: Path | None = None, *, threads: int | None = None, progress: Progress | None = None
) -> BuildResult:
    """Build (or reuse) the road folder for ``pbf``; returns where it is and what it holds."""
    started = time.perf_counter()
    pbf = Path(pbf)
    info = read_pbf(pbf)  # missing, not PBF, truncated: one clear error, before anything is written
    folder = Path(out) if out is not None else default_folder(pbf)
    if folder.exists() and not folder.is_dir():
        raise InputError(str(folder), "exists and is not a folder: choose another --out")
    if folder.is_dir() and any(folder.iterdir()) and not manifest_path(folder).is_file():
        raise InputError(str(folder), "is a folder that is not a road network: choose another --out")
    say = progress or (lambda _msg: None)
    say(f"roads: checking {pbf.name} ({pbf.stat().st_size / 1e6:.1f} MB)")
    sha256 = file_sha256(pbf)
    old = _reusable(folder, sha256)
    if old is not None:
        say(f"roads: {folder} already holds this file's road network (built {old.built}); reused")
        return BuildResult(folder, old, True, time.perf_counter() - started)
    threads = threads or max(1, os.cpu_count() or 1)
    with atomic_folder(folder) as tmp:
        base = tmp / BASENAME
        say(f"roads: 1/2 extracting car roads with OSRM {engine_version()} ({threads} threads)")
        _run("extract", _extract_cmd(pbf, base, threads), progress)
        say("roads: 2/2 contracting the road graph for fast distance tables")
        _run("contract", [str(tool("osrm-contract")), "-t", str(threads), str(base)], progress)
        manifest = Manifest(
            engine=ENGINE,
            engine_version=engine_version(),
            profile=PROFILE,
            source=pbf.name,
            source_sha256=sha256,
            source_bytes=pbf.stat().st_size,
            osm_timestamp=info.timestamp,
            bounds=info.bounds,
            built=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
        (tmp / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
    seconds = time.perf_counter() - started
    say(f"roads: built {folder} in {seconds:.1f} s ({folder_bytes(folder) / 1e6:.1f} MB)")
    return BuildResult(folder, manifest, False, seconds)


def _extract_cmd(pbf: Path, base: Path, threads: int) -> list[str]:
    return [
        str(tool("osrm-extract")),
        "-p",
        str(profile()),
        "-t",
        str(threads),
        "-o",
        str(base),
        str(pbf.resolve()),
    ]


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())
