"""Valhalla beside OSRM: the same road tables with pyvalhalla, for the engine choice (issue 13).

Standalone (needs only ``pip install pyvalhalla numpy``, Python 3.12+), so it can run in its own
virtual environment; ``roads_bench.py --valhalla-python VENV/bin/python`` runs it on the same
points in the same run. It builds Valhalla tiles from the extract into a temporary folder, then
times an N x N ``matrix`` request of random points drawn exactly as ``roads_bench.py`` draws them.
Prints one JSON object.

    python benchmarks/roads_valhalla.py --pbf tests/data/roads/test.osm.pbf --bounds 26.93 60.52 26.97 60.54
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np


def build_tiles(pbf: Path, work: Path) -> tuple[dict, float]:
    import valhalla
    from valhalla.config import get_config

    tiles = work / "tiles"
    tiles.mkdir()
    config = get_config(tile_extract="", tile_dir=tiles)
    config["service_limits"]["auto"]["max_matrix_location_pairs"] = 10_000_000
    config_file = work / "valhalla.json"
    config_file.write_text(json.dumps(config))
    exe = Path(valhalla.__file__).parent / "bin" / "valhalla_build_tiles"
    t = time.perf_counter()
    subprocess.run([str(exe), "-c", str(config_file), str(pbf)], check=True, capture_output=True)
    return config, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pbf", type=Path, required=True)
    ap.add_argument(
        "--bounds", type=float, nargs=4, required=True, metavar=("MIN_LON", "MIN_LAT", "MAX_LON", "MAX_LAT")
    )
    ap.add_argument("--sizes", type=int, nargs="+", default=[75, 1000])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    import valhalla

    out: dict = {"engine": "valhalla", "version": getattr(valhalla, "__version__", "?"), "tables": {}}
    with tempfile.TemporaryDirectory() as tmp:
        config, out["build_s"] = build_tiles(args.pbf.resolve(), Path(tmp))
        actor = valhalla.Actor(config)
        min_lon, min_lat, max_lon, max_lat = args.bounds
        for n in args.sizes:
            rng = np.random.default_rng(args.seed)
            lat, lon = rng.uniform(min_lat, max_lat, n), rng.uniform(min_lon, max_lon, n)
            # minimum_reachability: without it, points on cut-off fragments come back empty
            locs = [
                {"lat": float(y), "lon": float(x), "minimum_reachability": 50} for y, x in zip(lat, lon, strict=True)
            ]
            request = {"sources": locs, "targets": locs, "costing": "auto"}
            times = []
            for _ in range(args.repeats):
                t = time.perf_counter()
                actor.matrix(request)
                times.append(time.perf_counter() - t)
            out["tables"][str(n)] = {"median_s": statistics.median(times), "min_s": min(times)}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
