"""Next week from last week's routes (issue 32): how many branches keep their van and time, and at what cost.

Not part of the test suite. Two steps:

``make DATA OUT --seed N``: a copy of the data folder ``DATA`` with every branch's volume changed at random
by up to ±10 %: each branch draws a factor from U(0.9, 1.1) (``random.Random(seed)``, in branches.csv
order); each row of requests.csv is multiplied by the factors of its ends (a hub's is 1), rounded half up,
and a row of 1 item or more keeps at least 1. A branch's items sent and received then change by about its
factor.

``judge PREVIOUS KEPT SCRATCH``: three run folders: last week's, this week's planned with ``--previous
PREVIOUS`` and this week's from scratch. Prints the share of branches (in both weeks) that keep their van,
their days and their arrival within 15 minutes on every day they are visited (:mod:`logistics_opt.stability`,
measured by :mod:`logistics_opt.changes`), and the kept plan's cost against the plan from scratch.

Example (benchmarks/README.md, "Next week from last week's routes"):

    python benchmarks/replan_stability.py make data/utrecht /tmp/week2 --seed 1
    logistics-opt plan data/utrecht --out /tmp/w1 --consistent --solution-limit 25 --rounds 50 --time-limit 600
    logistics-opt plan /tmp/week2 --out /tmp/w2 --consistent --previous /tmp/w1 --solution-limit 25 --rounds 50 ...
    logistics-opt plan /tmp/week2 --out /tmp/w2s --consistent --solution-limit 25 --rounds 50 --time-limit 600
    python benchmarks/replan_stability.py judge /tmp/w1 /tmp/w2 /tmp/w2s
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import shutil
from pathlib import Path

from logistics_opt.data.read import load_network
from logistics_opt.stability import KEPT_MIN, change_counts


def changed_week(data: Path, out: Path, seed: int) -> dict[str, float]:
    """Write ``out``: ``data`` with every branch's volume changed by up to ±10 % (see the module). Returns the
    factors."""
    network = load_network(data)
    rng = random.Random(seed)
    factor = {b.id: (1.0 if b.is_hub else rng.uniform(0.9, 1.1)) for b in network.branches}
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(data, out)
    path = out / "requests.csv"
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    o, d, n = head.index("origin"), head.index("destination"), head.index("items")
    for row in rows[1:]:
        if not row or row[0].startswith("#"):
            continue
        items = int(row[n])
        scaled = math.floor(items * factor.get(row[o], 1.0) * factor.get(row[d], 1.0) + 0.5)
        row[n] = str(max(scaled, 1 if items >= 1 else 0))
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return factor


def judge(previous: Path, kept: Path, scratch: Path) -> dict[str, float]:
    """The figures of the module's ``judge``."""
    old, new, fresh = (json.loads((p / "plan.json").read_text(encoding="utf-8")) for p in (previous, kept, scratch))
    counts = change_counts(old, new)
    cost, base = new["summary"]["cost_eur"], fresh["summary"]["cost_eur"]
    return {
        "branches_in_both": counts.common,
        "kept_share": round(counts.kept_share, 4),
        "moved_van": counts.van,
        "moved_day": counts.day,
        f"moved_more_than_{KEPT_MIN}_min": counts.time,
        "kept_eur": cost,
        "from_scratch_eur": base,
        "cost_vs_scratch_pct": round(100 * (cost / base - 1), 2),
        "scratch_kept_share": round(change_counts(old, fresh).kept_share, 4),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    mk = sub.add_parser("make", help="a data folder with every branch's volume changed by up to ±10 %")
    mk.add_argument("data", type=Path)
    mk.add_argument("out", type=Path)
    mk.add_argument("--seed", type=int, default=1)
    jd = sub.add_parser("judge", help="kept share and cost of a --previous run against one from scratch")
    jd.add_argument("previous", type=Path)
    jd.add_argument("kept", type=Path)
    jd.add_argument("scratch", type=Path)
    a = ap.parse_args()
    if a.cmd == "make":
        f = changed_week(a.data, a.out, a.seed)
        moved = [abs(x - 1) for x in f.values() if x != 1.0]
        print(f"{a.out}: {len(moved)} branches, mean |change| {100 * sum(moved) / len(moved):.1f} %")
    else:
        print(json.dumps(judge(a.previous, a.kept, a.scratch), indent=1))


if __name__ == "__main__":
    main()
