"""Generated library days: a data folder of N branches around one hub, visited on one working day.

Branches are scattered over a province-sized area (about 60 x 50 km around Bunnik) in towns of
a few branches each; each sends and receives a random number of items a week, so every visit
both delivers and collects crates (simultaneous pickup and delivery). Vans have 9-hour shifts,
stops cost 10 min plus handling per crate, a few branches have opening hours.

Usage (writes a data folder that ``logistics-opt plan`` reads):

    python -m logistics_opt.bench.library_days 1000 /tmp/day1000 --seed 1

``day_problem(n, seed)`` gives the same day as a solver-level DayProblem, built by the project's
own path (data.read -> distances -> volumes -> planning.days.build_day).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np

HUB = ("HUB", 52.067, 5.199)
WEEK = '["mon", "tue", "wed", "thu", "fri"]'
MONDAY = '["mon"]'
WEEK_PATTERNS = ("mon+thu", "tue+fri", "mon+wed+fri", "wed", "thu")


def write_data_folder(folder: str | Path, n: int, seed: int = 0, break_min: float = 0.0, week: bool = False) -> Path:
    """Write branches/requests/fleet/settings for ``n`` branches visited on Monday.

    ``break_min`` = 0 (the default) leaves the break rule out, so PyVRP can solve the same day.
    ``week``: a Monday-Friday week instead, each branch on one to three days (patterns as in Utrecht).
    """
    rng = np.random.default_rng(seed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    towns = max(1, n // 4)
    centres = np.column_stack([rng.uniform(51.85, 52.30, towns), rng.uniform(4.80, 5.60, towns)])
    rows = ["id,name,organisation,town,lat,lon,kind,service_min,days,open,close"]
    rows.append(f"{HUB[0]},Sorting hub,Hub,Bunnik,{HUB[1]},{HUB[2]},hub,,,,")
    reqs = ["origin,destination,items,kind"]
    for i in range(n):
        t = int(rng.integers(towns))
        lat, lon = centres[t] + rng.normal(0.0, 0.012, 2)
        bid = f"B{i + 1:04d}"
        service = int(rng.choice([5, 10, 10, 15]))
        hours = ",09:00,17:00" if rng.random() < 0.15 else ",,"
        days = str(rng.choice(WEEK_PATTERNS)) if week else "mon"
        rows.append(
            f"{bid},Branch {i + 1},Org {t % 9 + 1},Town {t + 1},{lat:.5f},{lon:.5f},branch,{service},{days}{hours}"
        )
        reqs.append(f"HUB,{bid},{int(rng.integers(20, 160))},loans")
        reqs.append(f"{bid},HUB,{int(rng.integers(20, 160))},returns")
    vans = max(4, n // 8)
    (folder / "branches.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "requests.csv").write_text("\n".join(reqs) + "\n", encoding="utf-8")
    (folder / "fleet.csv").write_text(
        "type,count,capacity_crates,cost_per_km,cost_per_hour,fixed_cost_per_day,co2_g_per_km,shift_start,shift_end\n"
        f"diesel_van,{vans},40,0.38,32.00,40.00,259,07:30,16:30\n",
        encoding="utf-8",
    )
    (folder / "settings.toml").write_text(
        "items_per_crate = 35\ndetour_factor = 1.3\nspeed_kmh = 45.0\nhandling_min_per_crate = 0.5\n"
        f"working_days = {WEEK if week else MONDAY}\ndefault_service_min = 10\nbreak_after_min = 330\nbreak_min = {break_min}\n",
        encoding="utf-8",
    )
    return folder


def day_problem(n: int, seed: int = 0, break_min: float = 0.0):
    """The generated day as a :class:`~logistics_opt.routing.problem.DayProblem`."""
    from logistics_opt.data.read import load_network
    from logistics_opt.distances import build_matrix
    from logistics_opt.planning.days import build_day
    from logistics_opt.planning.schedule import current_schedule
    from logistics_opt.volumes import week_visits

    with tempfile.TemporaryDirectory() as tmp:
        network = load_network(write_data_folder(tmp, n, seed, break_min))
    matrix = build_matrix(network, None, False)
    visits = {bid: vs[0] for bid, vs in week_visits(network, current_schedule(network)).items()}
    return build_day(network, matrix, "mon", visits).problem


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of branches")
    ap.add_argument("folder", type=Path)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--break-min", type=float, default=0.0, help="driver's break (0: none)")
    ap.add_argument("--week", action="store_true", help="a Monday-Friday week (1-3 visits per branch)")
    a = ap.parse_args()
    print(write_data_folder(a.folder, a.n, a.seed, a.break_min, a.week))


if __name__ == "__main__":
    main()
