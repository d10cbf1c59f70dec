"""Building a road folder from an OpenStreetMap extract: manifest, reuse, clear errors, atomicity."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from logistics_opt.errors import InputError, LogisticsError
from logistics_opt.roads import RoadNetwork, build_roads, default_folder
from logistics_opt.roads import build as build_module
from logistics_opt.roads.engine import engine_version
from logistics_opt.wording import distances_label

from .conftest import PBF


def test_build_writes_the_engine_files_and_a_manifest(road_dir: Path) -> None:
    """The folder holds the contracted graph and a manifest naming engine, version, file hash and bounds."""
    manifest = json.loads((road_dir / "roads.json").read_text())
    assert manifest["engine"] == "osrm" and manifest["engine_version"] == engine_version()
    assert manifest["source"] == "test.osm.pbf"
    assert manifest["source_sha256"] == hashlib.sha256(PBF.read_bytes()).hexdigest()
    assert manifest["bounds"] == pytest.approx([26.93, 60.52, 26.97, 60.54], abs=1e-6)
    assert manifest["osm_timestamp"] is None  # this file's header does not record one
    assert (road_dir / "roads.osrm.hsgr").stat().st_size > 0
    described = RoadNetwork.open(road_dir).manifest.described(road_dir)
    assert distances_label(described) == "road network test.osm.pbf (OSM data date not recorded in the file)"


def test_second_build_of_the_same_file_is_reused(road_dir: Path) -> None:
    """Building the same file into the same folder again does no work."""
    before = {p.name: p.stat().st_mtime_ns for p in road_dir.iterdir()}
    result = build_roads(PBF, road_dir)
    assert result.reused
    assert {p.name: p.stat().st_mtime_ns for p in road_dir.iterdir()} == before


def test_default_folder_sits_next_to_the_file() -> None:
    """utrecht-latest.osm.pbf builds into utrecht-latest.roads beside it."""
    assert default_folder(Path("maps/utrecht-latest.osm.pbf")) == Path("maps/utrecht-latest.roads")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "file not found"),
        (b"this is not a map\n" * 20, "not an OpenStreetMap PBF file"),
        ("half", "truncated"),
    ],
)
def test_a_missing_or_corrupt_file_is_one_error_and_writes_nothing(tmp_path: Path, content, message) -> None:
    """A missing, non-PBF or truncated file gives one InputError naming it; no folder appears."""
    pbf = tmp_path / "region.osm.pbf"
    if content == "half":
        data = PBF.read_bytes()
        pbf.write_bytes(data[: len(data) // 2])
    elif content is not None:
        pbf.write_bytes(content)
    with pytest.raises(InputError, match=message) as err:
        build_roads(pbf, tmp_path / "out.roads")
    assert str(pbf) in str(err.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == (["region.osm.pbf"] if content is not None else [])


def test_a_folder_that_is_not_a_road_network_is_not_overwritten(tmp_path: Path) -> None:
    """--out pointing at someone's folder is refused, and the folder is left alone."""
    other = tmp_path / "documents"
    other.mkdir()
    (other / "letter.txt").write_text("keep me")
    with pytest.raises(InputError, match="not a road network"):
        build_roads(PBF, other)
    assert [p.name for p in other.iterdir()] == ["letter.txt"]


def test_a_failed_engine_step_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When an OSRM tool fails, the error names it and no half-built folder is left."""
    real_tool = build_module.tool
    monkeypatch.setattr(
        build_module, "tool", lambda name: Path("/bin/false") if name == "osrm-contract" else real_tool(name)
    )
    with pytest.raises(LogisticsError, match="false failed"):
        build_roads(PBF, tmp_path / "kotka.roads")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_built_by_another_version_is_refused_then_rebuilt(road_dir: Path, tmp_path: Path) -> None:
    """Opening a folder from another OSRM version is one clear error; building again replaces it."""
    old = tmp_path / "old.roads"
    shutil.copytree(road_dir, old)
    manifest = json.loads((old / "roads.json").read_text())
    manifest["engine_version"] = "5.27.1"
    (old / "roads.json").write_text(json.dumps(manifest))
    with pytest.raises(InputError, match=r"built by osrm 5\.27\.1.*roads build test\.osm\.pbf") as err:
        RoadNetwork.open(old)
    assert "\n" not in str(err.value)
    result = build_roads(PBF, old)
    assert not result.reused and RoadNetwork.open(old).manifest.engine_version == engine_version()


def test_opening_a_folder_without_a_manifest_says_how_to_build_one(tmp_path: Path) -> None:
    """--roads pointing at an empty folder names the build command."""
    with pytest.raises(InputError, match="logistics-opt roads build"):
        RoadNetwork.open(tmp_path)
