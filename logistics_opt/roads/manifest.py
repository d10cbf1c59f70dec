"""The small manifest in a road folder: which engine built it, from which file, of which date."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from .engine import engine_version

MANIFEST = "roads.json"
BASENAME = "roads.osrm"  # the engine's files are roads.osrm.*
FORMAT = 1  # bump when the folder layout changes


@dataclass(frozen=True)
class Manifest:
    """What a road folder holds. ``source_sha256`` keys every cached matrix made from it."""

    engine: str
    engine_version: str
    profile: str
    source: str  # the .osm.pbf file name it was built from
    source_sha256: str
    source_bytes: int
    osm_timestamp: str | None  # the OSM data's date, when the file records it
    bounds: tuple[float, float, float, float] | None  # min lon, min lat, max lon, max lat
    built: str  # UTC, ISO 8601
    format: int = FORMAT

    def described(self, folder: Path, time_factor: float = 1.0) -> dict[str, Any]:
        """``meta.distances`` of a run on these roads (the road folder ``folder``, drive times x
        ``time_factor``): what they were made from, from which :func:`..wording.distances_text` names
        them in each language (``road network FILE (OSM data of DATE)``)."""
        return {
            "kind": "roads",
            "source": self.source,
            "source_sha256": self.source_sha256,
            "osm_timestamp": self.osm_timestamp,
            "road_folder": str(Path(folder).resolve()),
            "engine": f"{self.engine} {self.engine_version} ({self.profile} profile)",
            "road_time_factor": time_factor,
        }

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2) + "\n"


def manifest_path(folder: Path) -> Path:
    return Path(folder) / MANIFEST


def read_manifest(folder: Path) -> Manifest:
    """The manifest of ``folder``; one clear error when it is not a road folder."""
    path = manifest_path(folder)
    if not path.is_file():
        raise InputError(
            str(folder), "not a road network folder: make one with `logistics-opt roads build FILE.osm.pbf --out DIR`"
        )
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        bounds = raw.get("bounds")
        raw["bounds"] = tuple(float(b) for b in bounds) if bounds else None
        manifest = Manifest(**raw)
    except (ValueError, TypeError, OSError) as exc:
        raise InputError(str(path), f"a damaged road network manifest ({exc}): build the folder again") from None
    return manifest


def check_usable(folder: Path, manifest: Manifest) -> None:
    """Refuse a folder the installed engine cannot read (another engine, version or layout)."""
    installed = engine_version()
    if manifest.format != FORMAT or manifest.engine != "osrm" or manifest.engine_version != installed:
        built_by = f"{manifest.engine} {manifest.engine_version} (folder format {manifest.format})"
        raise InputError(
            str(folder),
            f"this road network was built by {built_by}; this installation has osrm {installed} "
            f"(format {FORMAT}): build it again with `logistics-opt roads build {manifest.source} --out {folder}`",
        )
