"""Road networks: build time and disk, matrix times, and road km against geodesic km.

Measures, on an OpenStreetMap extract (default: the test fixture, Kotka, tests/data/roads/):
- the build (osrm-extract + osrm-contract) time, median of ``--repeats`` fresh builds, and its disk;
- the time of an N x N road table for random points inside the extract's bounds (uniform at random,
  not a regular grid, which is a worst case for contraction hierarchies), first call (loads the
  engine) and the median of ``--repeats`` further calls; the time includes turning OSRM's answer
  into numpy arrays;
- the median and largest ratio of road km to geodesic km over all ordered pairs: of the fixture's
  network (tests/data/roads/kotka) and of the random points (pairs that a road connects).

Needs the roads extra. Usage:

    python benchmarks/roads_bench.py
    python benchmarks/roads_bench.py --pbf utrecht-latest.osm.pbf --sizes 75 1000 --repeats 3
    python benchmarks/roads_bench.py --valhalla-python /tmp/valvenv/bin/python   # Valhalla beside it
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

from logistics_opt.data.read import load_network
from logistics_opt.distances import geodesic_km
from logistics_opt.roads import RoadNetwork, build_roads, road_matrix
from logistics_opt.roads.build import folder_bytes
from logistics_opt.roads.engine import engine_version
from logistics_opt.roads.matrix import legs

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "data" / "roads" / "test.osm.pbf"
KOTKA = ROOT / "tests" / "data" / "roads" / "kotka"


def bench_build(pbf: Path, work: Path, repeats: int) -> Path:
    times = []
    for k in range(repeats):
        t = time.perf_counter()
        result = build_roads(pbf, work / f"build{k}.roads")
        times.append(time.perf_counter() - t)
    folder = result.folder
    print(
        f"build: {pbf.name} ({pbf.stat().st_size / 1e6:.2f} MB), OSRM {engine_version()}: "
        f"median {statistics.median(times):.2f} s over {repeats} builds (min {min(times):.2f}, max {max(times):.2f}); "
        f"road folder {folder_bytes(folder) / 1e6:.2f} MB"
    )
    return folder


def random_points(net: RoadNetwork, n: int, seed: int) -> list[tuple[float, float]]:
    min_lon, min_lat, max_lon, max_lat = net.manifest.bounds
    rng = np.random.default_rng(seed)
    return list(zip(rng.uniform(min_lat, max_lat, n), rng.uniform(min_lon, max_lon, n), strict=True))


def ratios(km: np.ndarray, points: list[tuple[float, float]]) -> np.ndarray:
    lat, lon = np.array([p[0] for p in points]), np.array([p[1] for p in points])
    geo = geodesic_km(lat, lon)
    ok = (geo > 0) & np.isfinite(km)
    return km[ok] / geo[ok]


def describe(name: str, r: np.ndarray) -> None:
    print(
        f"ratio road km / geodesic km, {name}: {len(r)} pairs, median {np.median(r):.3f}, "
        f"largest {r.max():.3f}, 95th percentile {np.percentile(r, 95):.3f}, smallest {r.min():.4f}"
    )


def bench_tables(folder: Path, sizes: list[int], repeats: int, seed: int) -> dict[int, float]:
    medians = {}
    for n in sizes:
        net = RoadNetwork.open(folder)  # a fresh engine: the first call loads it
        points = random_points(net, n, seed)
        t = time.perf_counter()
        table = net.table(points)
        first = time.perf_counter() - t
        times, cpu = [], []
        for _ in range(repeats):
            t, c = time.perf_counter(), time.process_time()
            table = net.table(points)
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        medians[n] = statistics.median(times)
        cut = np.isnan(table.metres).sum()
        print(
            f"table {n} x {n}: first call {first:.3f} s (loads the engine), then median {statistics.median(times):.3f} s "
            f"over {repeats} (min {min(times):.3f}; CPU median {statistics.median(cpu):.3f} s); {cut} of {n * n} cells unreachable "
            f"(random points on cut-off road fragments)"
        )
        if n == max(sizes):
            describe(f"{n} random points", ratios(legs(table)[0], points))
    return medians


def bench_valhalla(python: str, pbf: Path, folder: Path, args: argparse.Namespace, osrm: dict[int, float]) -> None:
    """The same tables through pyvalhalla (in its own environment), as ratios to OSRM's."""
    bounds = [str(b) for b in RoadNetwork.open(folder).manifest.bounds]
    cmd = [python, str(Path(__file__).with_name("roads_valhalla.py")), "--pbf", str(pbf), "--bounds", *bounds]
    cmd += ["--sizes", *map(str, args.sizes), "--repeats", str(args.repeats), "--seed", str(args.seed)]
    result = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    print(f"valhalla {result['version']}: build {result['build_s']:.2f} s")
    for n, t in result["tables"].items():
        print(f"valhalla table {n} x {n}: median {t['median_s']:.3f} s = {t['median_s'] / osrm[int(n)]:.1f} x OSRM's")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pbf", type=Path, default=FIXTURE)
    ap.add_argument("--sizes", type=int, nargs="+", default=[75, 1000])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--valhalla-python", help="a Python with pyvalhalla: time Valhalla on the same points too")
    args = ap.parse_args()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine: {os.cpu_count()} cores, load average {load} (other work on the machine slows every figure)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = bench_build(args.pbf, Path(tmp), args.repeats)
        if args.pbf == FIXTURE:
            places = [(b.id, b.lat, b.lon) for b in load_network(KOTKA).branches]
            m = road_matrix(RoadNetwork.open(folder), places, use_cache=False)
            describe(f"the fixture's {len(places)}-place network", ratios(m.km, [p[1:] for p in places]))
        osrm = bench_tables(folder, args.sizes, args.repeats, args.seed)
        if args.valhalla_python:
            bench_valhalla(args.valhalla_python, args.pbf, folder, args, osrm)


if __name__ == "__main__":
    main()
