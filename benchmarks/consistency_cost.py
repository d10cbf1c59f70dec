"""The cost of consistent routes on networks the project has never seen (issue 31).

Not part of the test suite. Each network is generated here from its own seed (seeds the project uses
nowhere else): branches in towns of a few each over a province-sized area around a hub, two
organisations (west and east of the hub), every branch visited every working day and a few service
points on one to three days a week (current practice; without them every day would be the same day and
the free plan consistent already), some with opening hours, and in one network other hours on some weekdays (``hours.csv``: shut on
Wednesday mornings, opening late on Fridays). The networks differ in branches, volumes and spread:

- ``daily60``: 60 branches and 10 service points, 20-160 items a week each way;
- ``heavy60``: 60 branches and 10 points, 80-400 items each way (the vans' capacity binds);
- ``wide60-hours``: 60 branches and 15 points over a wider area, per-weekday hours;
- ``daily40``: 40 branches and 20 points, 10-80 items each way.

Each is planned twice with the same seed and stopping rule, as ``plan`` does it: free, and with
``--consistent`` (the defaults: one van a branch, service starting within 60 minutes over the week).
Printed per network: the cost of each, their ratio, the share of branches on one van and the largest
arrival spread (free -> consistent), and unserved visits. The promises hold when the share is 100 %
and the spread at most 60 minutes; the target is a cost within 1.5 % of the free plan.

Usage:

    python benchmarks/consistency_cost.py --out /tmp/consistency
    python benchmarks/consistency_cost.py --networks daily60 --solution-limit 25 --rounds 50 --seeds 0 1
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

HUB = (52.067, 5.199)


@dataclass(frozen=True)
class Shape:
    """One generated network: its seed, branches visited every day, service points visited 1-3 days a week,
    items a week each way, spread of towns (degrees) and hours."""

    seed: int
    branches: int
    points: int
    items: tuple[int, int]
    area: tuple[float, float] = (0.22, 0.40)  # half-height (lat) and half-width (lon) around the hub
    weekday_hours: bool = False
    vans: int = 6
    capacity: int = 40


NETWORKS = {
    "daily60": Shape(seed=7101, branches=60, points=10, items=(20, 160)),
    "heavy60": Shape(seed=7202, branches=60, points=10, items=(80, 400), vans=8),
    "wide60-hours": Shape(
        seed=7303, branches=60, points=15, items=(20, 160), area=(0.30, 0.55), weekday_hours=True, vans=7
    ),
    "daily40": Shape(seed=7404, branches=40, points=20, items=(10, 80), vans=5),
}


def write_network(folder: Path, shape: Shape) -> Path:
    """The network as a data folder ``plan`` reads."""
    rng = np.random.default_rng(shape.seed)
    folder.mkdir(parents=True, exist_ok=True)
    towns = max(1, shape.branches // 4)
    lat0, lon0 = HUB
    centres = np.column_stack(
        [
            rng.uniform(lat0 - shape.area[0], lat0 + shape.area[0], towns),
            rng.uniform(lon0 - shape.area[1], lon0 + shape.area[1], towns),
        ]
    )
    rows = [
        "id,name,organisation,town,lat,lon,kind,service_min,visits_per_week,open,close",
        f"HUB,Hub,Hub,Bunnik,{lat0},{lon0},hub,,,,",
    ]
    reqs = ["origin,destination,items,kind"]
    hours = ["branch,day,open,close"]
    for i in range(shape.branches + shape.points):
        t = int(rng.integers(towns))
        lat, lon = centres[t] + rng.normal(0.0, 0.01, 2)
        bid = f"N{i + 1:03d}"
        org = "West library" if lon < lon0 else "East library"
        opens = str(rng.choice(["", "", "", "09:00", "10:00"]))
        closes = "17:00" if opens else ""
        service = int(rng.choice([5, 10, 10, 15]))
        kind, visits = ("branch", "") if i < shape.branches else ("service_point", str(rng.choice([1, 2, 3])))
        rows.append(
            f"{bid},Branch {i + 1},{org},Town {t + 1},{lat:.5f},{lon:.5f},{kind},{service},{visits},{opens},{closes}"
        )
        reqs.append(f"HUB,{bid},{int(rng.integers(*shape.items))},loans")
        reqs.append(f"{bid},HUB,{int(rng.integers(*shape.items))},returns")
        if shape.weekday_hours and rng.random() < 0.2:
            hours.append(f"{bid},wed,13:00,17:00" if rng.random() < 0.5 else f"{bid},fri,11:00,17:00")
    (folder / "branches.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "requests.csv").write_text("\n".join(reqs) + "\n", encoding="utf-8")
    if len(hours) > 1:
        (folder / "hours.csv").write_text("\n".join(hours) + "\n", encoding="utf-8")
    (folder / "fleet.csv").write_text(
        "type,count,capacity_crates,cost_per_km,cost_per_hour,fixed_cost_per_day,co2_g_per_km,shift_start,shift_end\n"
        f"diesel_van,{shape.vans},{shape.capacity},0.38,32.00,40.00,259,07:30,16:30\n",
        encoding="utf-8",
    )
    (folder / "settings.toml").write_text(
        "items_per_crate = 35\ndetour_factor = 1.3\nspeed_kmh = 45.0\nhandling_min_per_crate = 0.5\n"
        'working_days = ["mon", "tue", "wed", "thu", "fri"]\ndefault_service_min = 10\n'
        "break_after_min = 330\nbreak_min = 30\n",
        encoding="utf-8",
    )
    return folder


def plan(data: Path, out: Path, seed: int, args: argparse.Namespace, consistent: bool) -> dict[str, Any]:
    """``logistics-opt plan`` as a user runs it; the plan's summary, and whether the time cap stopped it."""
    cmd = [sys.executable, "-m", "logistics_opt", "plan", str(data), "--out", str(out), "--seed", str(seed)]
    cmd += ["--solution-limit", str(args.solution_limit), "--rounds", str(args.rounds)]
    cmd += ["--time-limit", str(args.time_limit), "-j", str(args.jobs), "--silent"]
    cmd += ["--consistent"] if consistent else []
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{r.stdout}{r.stderr}")
    doc = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    return {**doc["summary"], "capped": bool(doc["meta"].get("stopped_by_time_cap"))}


def row(name: str, seed: int, free: dict[str, Any], steady: dict[str, Any]) -> dict[str, Any]:
    return {
        "network": name,
        "seed": seed,
        "free_eur": free["cost_eur"],
        "consistent_eur": steady["cost_eur"],
        "cost_pct": round(100.0 * (steady["cost_eur"] / free["cost_eur"] - 1.0), 2),
        "one_van": (free["branches_one_van_share"], steady["branches_one_van_share"]),
        "max_spread_min": (free["arrival_spread_max_min"], steady["arrival_spread_max_min"]),
        "unassigned": (free["unassigned"], steady["unassigned"]),
        "capped": free["capped"] or steady["capped"],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--networks", nargs="+", choices=sorted(NETWORKS), default=list(NETWORKS))
    ap.add_argument("--seeds", nargs="+", type=int, default=[0], help="search seeds (the same for both plans)")
    ap.add_argument("--solution-limit", type=int, default=25)
    ap.add_argument("--rounds", type=int, default=50)
    ap.add_argument("--time-limit", type=float, default=600.0, help="only a cap: the solution limit stops each day")
    ap.add_argument("--jobs", "-j", type=int, default=1)
    ap.add_argument("--out", type=Path, default=Path("out/consistency_cost"), help="data folders and runs go here")
    args = ap.parse_args()
    rows = []
    print("network        seed  free EUR  consistent EUR   cost   one van (free -> cons.)  max spread min  unserved")
    for name in args.networks:
        data = write_network(args.out / name / "data", NETWORKS[name])
        for seed in args.seeds:
            free = plan(data, args.out / name / f"free-{seed}", seed, args, consistent=False)
            steady = plan(data, args.out / name / f"consistent-{seed}", seed, args, consistent=True)
            r = row(name, seed, free, steady)
            rows.append(r)
            print(
                f"{name:<14} {seed:>4} {r['free_eur']:>9.2f} {r['consistent_eur']:>15.2f} {r['cost_pct']:>+6.2f} %"
                f"   {r['one_van'][0]:>6.0%} -> {r['one_van'][1]:>4.0%}      {r['max_spread_min'][0]:>5.0f} -> "
                f"{r['max_spread_min'][1]:>4.0f}   {r['unassigned'][0]} / {r['unassigned'][1]}"
                + ("  (time cap!)" if r["capped"] else "")
            )
    (args.out / "rows.json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
