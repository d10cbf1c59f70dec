"""Plans on real roads, end to end through the CLI: build, plan --roads, the stored matrix, check, maps."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from logistics_opt.cli import cli
from logistics_opt.data.read import load_network, load_settings
from logistics_opt.data.write import settings_toml
from logistics_opt.scenarios import scenario_from_dict
from tests.factories import FAST_CLI

from .conftest import PBF


def plan(args: list[str]) -> tuple[int, str]:
    r = CliRunner().invoke(cli, ["plan", *args, *FAST_CLI])
    return r.exit_code, r.output


def test_build_then_plan_with_roads_writes_a_checked_plan_on_road_distances(kotka_dir: Path, tmp_path: Path) -> None:
    """roads build + plan --roads: the run keeps the matrix it used, says so, passes check, and its
    route lines follow the roads."""
    roads = tmp_path / "kotka.roads"
    r = CliRunner().invoke(cli, ["roads", "build", str(PBF), "--out", str(roads), "--silent"])
    assert r.exit_code == 0, r.output
    assert r.output.startswith(f"{roads}: road network test.osm.pbf (OSM data date not recorded")
    out = tmp_path / "run"
    code, output = plan([str(kotka_dir), "--roads", str(roads), "--out", str(out)])
    assert code == 0, output
    assert "distances: road network test.osm.pbf (OSM data date not recorded in the file)" in output
    meta = json.loads((out / "plan.json").read_text())["meta"]["distances"]
    assert meta["kind"] == "roads" and meta["source_sha256"] == hashlib.sha256(PBF.read_bytes()).hexdigest()
    stored = (out / "inputs" / "matrix.csv.gz").read_bytes()
    assert meta["stored_matrix_sha256"] == hashlib.sha256(stored).hexdigest()
    assert len(gzip.decompress(stored).decode().splitlines()) == 1 + 10 * 9  # header + every ordered pair
    r = CliRunner().invoke(cli, ["check", str(out)])
    assert r.exit_code == 0 and ": OK (" in r.output, r.output
    features = json.loads((out / "routes.geojson").read_text())["features"]
    routes = [f for f in features if f["properties"]["kind"] == "route"]
    assert routes and all(f["properties"]["distances"] == meta["label"] for f in routes)
    for f in routes:  # hub, stops, hub: the line bends with the streets between them
        assert len(f["geometry"]["coordinates"]) > 3 * (f["properties"]["stops"] + 2)
    assert "distances: road network test.osm.pbf" in (out / "route_sheets.html").read_text()


def test_check_recomputes_legs_from_the_stored_matrix(road_dir: Path, kotka_dir: Path, tmp_path: Path) -> None:
    """check reads the run's own matrix: a changed file is refused, and a consistent but different
    matrix makes the plan's km wrong."""
    out = tmp_path / "run"
    assert plan([str(kotka_dir), "--roads", str(road_dir), "--out", str(out)])[0] == 0
    path = out / "inputs" / "matrix.csv.gz"
    lines = gzip.decompress(path.read_bytes()).decode().splitlines()
    longer = [lines[0]] + [f"{a},{b},{float(km) + 1.0!r},{m}" for a, b, km, m in (x.split(",") for x in lines[1:])]
    path.write_bytes(gzip.compress(("\n".join(longer) + "\n").encode(), mtime=0))
    r = CliRunner().invoke(cli, ["check", str(out)])
    assert r.exit_code == 1 and "does not match the sha256 in plan.json" in r.output
    plan_json = json.loads((out / "plan.json").read_text())
    plan_json["meta"]["distances"]["stored_matrix_sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    (out / "plan.json").write_text(json.dumps(plan_json))
    r = CliRunner().invoke(cli, ["check", str(out)])
    assert r.exit_code == 1 and "distance" in r.output and "recomputed" in r.output, r.output


def test_settings_roads_key_and_time_factor(road_dir: Path, kotka_dir: Path, tmp_path: Path) -> None:
    """roads = "..." in settings.toml (relative to the data folder) and road_time_factor work without
    --roads; a van at factor 1.5 drives 1.5 x the car's minutes."""
    shutil.copytree(road_dir, kotka_dir / "roads")
    settings = kotka_dir / "settings.toml"
    base = settings.read_text()
    settings.write_text(base + 'roads = "roads"\n')
    car, van = tmp_path / "car", tmp_path / "van"
    assert plan([str(kotka_dir), "--out", str(car)])[0] == 0
    settings.write_text(base + 'roads = "roads"\nroad_time_factor = 1.5\n')
    assert plan([str(kotka_dir), "--out", str(van)])[0] == 0
    legs = {}
    for name in ("car", "van"):
        rows = gzip.decompress((tmp_path / name / "inputs" / "matrix.csv.gz").read_bytes()).decode().splitlines()
        legs[name] = {tuple(x.split(",")[:2]): tuple(map(float, x.split(",")[2:])) for x in rows[1:]}
    pair = ("K01", "K02")
    assert legs["van"][pair][0] == legs["car"][pair][0]
    assert legs["van"][pair][1] == pytest.approx(1.5 * legs["car"][pair][1])
    s = load_settings(settings)
    assert s.roads == str((kotka_dir / "roads").resolve()) and s.road_time_factor == 1.5
    written = tmp_path / "settings.toml"
    written.write_text(settings_toml(s))
    assert load_settings(written) == s  # the writer keeps both keys


def test_scenario_roads_key_is_relative_to_the_scenario_file(road_dir: Path, kotka_dir: Path) -> None:
    """settings.roads in a scenario file names a folder relative to the file, like data."""
    scn = scenario_from_dict(
        {"name": "roads", "data": "kotka", "settings": {"roads": road_dir.name}}, base_dir=road_dir.parent
    )
    assert scn.settings["roads"] == str(road_dir.resolve())


def test_a_branch_far_from_the_roads_is_one_error_and_nothing_is_written(
    road_dir: Path, kotka_dir: Path, tmp_path: Path
) -> None:
    """A branch outside the extract: one Error line naming it and the distance, exit 1, no run folder."""
    branches = kotka_dir / "branches.csv"
    branches.write_text(branches.read_text().replace("60.53600,26.96000", "60.60000,26.96000"))
    out = tmp_path / "run"
    code, output = plan([str(kotka_dir), "--roads", str(road_dir), "--out", str(out)])
    assert code == 1
    assert output.strip().splitlines() == [
        "Error: branches.csv: branch K09 at (60.60000, 26.96000) lies 6.7 km outside the road network "
        "test.osm.pbf (lat 60.520 to 60.540, lon 26.930 to 26.970): use an OpenStreetMap extract that covers it"
    ]
    assert not out.exists()


def test_roads_and_matrix_together_is_a_usage_error(road_dir: Path, kotka_dir: Path, tmp_path: Path) -> None:
    """--roads and --matrix are two sources for the same distances: exit 2."""
    matrix = tmp_path / "m.csv"
    matrix.write_text("from,to,km\n")
    code, output = plan(
        [str(kotka_dir), "--roads", str(road_dir), "--matrix", str(matrix), "--out", str(tmp_path / "o")]
    )
    assert code == 2 and "not both" in output


def test_roads_build_of_a_missing_file_is_one_error_line(tmp_path: Path) -> None:
    """roads build on a file that is not there: one Error line, exit 1, nothing written."""
    r = CliRunner().invoke(cli, ["roads", "build", str(tmp_path / "nowhere.osm.pbf")])
    assert r.exit_code == 1
    assert r.output.strip() == (
        f"Error: {tmp_path / 'nowhere.osm.pbf'}: file not found (expected an OpenStreetMap .osm.pbf extract)"
    )
    assert list(tmp_path.iterdir()) == []


def test_crow_fly_runs_say_so_and_store_no_matrix(kotka_dir: Path, tmp_path: Path) -> None:
    """Without roads the run is crow-fly x detour, named as such, with no stored matrix."""
    out = tmp_path / "run"
    code, output = plan([str(kotka_dir), "--out", str(out)])
    assert code == 0 and "distances: crow-fly x 1.3 at 45 km/h" in output
    assert not (out / "inputs" / "matrix.csv.gz").exists()
    assert load_network(out / "inputs").settings.roads is None


def test_scenario_run_with_roads_keeps_the_road_folder_in_its_inputs(
    road_dir: Path, kotka_dir: Path, tmp_path: Path
) -> None:
    """scenario run --roads: the run's inputs/settings.toml names the road folder and the label says
    which drive-time factor the scenario used."""
    scn = tmp_path / "van.toml"
    scn.write_text(f'data = "{kotka_dir}"\nsolution_limit = 30\n[settings]\nroad_time_factor = 1.2\n')
    out = tmp_path / "runs"
    r = CliRunner().invoke(cli, ["scenario", "run", str(scn), "--roads", str(road_dir), "--out", str(out), "--silent"])
    assert r.exit_code == 0, r.output
    assert load_network(out / "van" / "inputs").settings.roads == str(road_dir.resolve())
    label = json.loads((out / "van" / "plan.json").read_text())["meta"]["distances"]["label"]
    assert label == "road network test.osm.pbf (OSM data date not recorded in the file), drive times x 1.2"
    assert CliRunner().invoke(cli, ["check", str(out / "van")]).exit_code == 0
