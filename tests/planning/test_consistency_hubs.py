"""Consistency with several hubs (issue 31): master routes per hub, merged like a free several-hub week.

The network is tests/data/three_hubs with two vans of 2 crates at each hub, so that a hub's branches
need more than one van on some days: the free week serves U2 by van_utr-2 on Monday and Thursday and by
van_utr-1 on the other days, and the consistent week must not.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from logistics_opt.checker import check_plan
from logistics_opt.cli import cli
from logistics_opt.data.hubs import hub_map
from logistics_opt.data.read import load_network
from logistics_opt.pipeline import RunOptions, make_plan
from logistics_opt.planning.consistency import consistent
from tests.factories import DATA, FAST_CLI, ROOT

SPREAD = 60.0


@pytest.fixture(scope="module")
def tight(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """three_hubs with two 2-crate vans at every hub."""
    folder = tmp_path_factory.mktemp("tight") / "three_hubs"
    shutil.copytree(DATA / "three_hubs", folder)
    fleet = folder / "fleet.csv"
    fleet.write_text(fleet.read_text(encoding="utf-8").replace(",1,20,", ",2,2,"), encoding="utf-8")
    return folder


def _plan(tight: Path, out: Path, *flags: str) -> dict[str, Any]:
    r = CliRunner().invoke(cli, ["plan", str(tight), "--out", str(out), *flags, *FAST_CLI])
    assert r.exit_code == 0, r.output
    return json.loads((out / "plan.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def plans(tight: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, Any], Path]:
    """The free and the consistent week of ``tight``, and the consistent run's folder."""
    base = tmp_path_factory.mktemp("runs")
    return _plan(tight, base / "free"), _plan(tight, base / "steady", "--consistent"), base / "steady"


def _vans(plan: dict[str, Any]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for r in plan["routes"]:
        for x in r["stops"]:
            out.setdefault(x["branch"], set()).add(r["vehicle"])
    return out


def _starts(plan: dict[str, Any]) -> dict[str, list[float]]:
    """Each branch's starts of service over the week: arrival plus the wait at the door, in minutes."""
    out: dict[str, list[float]] = {}
    for r in plan["routes"]:
        for x in r["stops"]:
            h, m = x["arrival"].split(":")
            out.setdefault(x["branch"], []).append(int(h) * 60 + int(m) + x["wait_min"])
    return out


def test_a_several_hub_week_keeps_both_promises_in_every_hub(tight: Path, plans) -> None:
    free, steady, run = plans
    net = load_network(tight)
    hub = hub_map(net)
    # The free week breaks the van promise here; the consistent one serves every visit and keeps it.
    assert any(len(v) > 1 for v in _vans(free).values())
    assert steady["unassigned"] == [] and steady["summary"]["stops"] == free["summary"]["stops"]
    promised = steady["consistency"]
    assert promised["same_van"] is True and promised["max_arrival_spread_min"] == SPREAD
    assert set(promised["branches"]) == {b.id for b in net.stops}
    depot = {r["vehicle"]: r["depot"] for r in steady["routes"]}
    for bid, vans in _vans(steady).items():
        assert vans == {promised["branches"][bid]["van"]}, bid
        assert depot[promised["branches"][bid]["van"]] == hub[bid]  # a van of the branch's own hub
    for bid, starts in _starts(steady).items():
        assert max(starts) - min(starts) <= SPREAD + 1, (bid, starts)  # arrivals are shown to the minute
    assert steady["summary"]["branches_one_van_share"] == 1.0
    assert steady["summary"]["arrival_spread_max_min"] <= SPREAD
    # Merged as the free week is: one part per hub, the night trunk over the same visit days.
    assert steady["meta"]["parts"] == len(net.hubs)
    assert steady["schedule"] == free["schedule"] and steady["trunk"] == free["trunk"]
    assert CliRunner().invoke(cli, ["check", str(run)]).exit_code == 0
    jsonschema.validate(steady, json.loads((ROOT / "docs" / "plan.schema.json").read_text(encoding="utf-8")))


def _route(plan: dict[str, Any], day: str, branch: str) -> dict[str, Any]:
    return next(r for r in plan["routes"] if r["day"] == day and branch in [x["branch"] for x in r["stops"]])


def test_a_broken_promise_in_a_several_hub_week_is_caught(tight: Path, plans) -> None:
    _, steady, _ = plans
    net = consistent(load_network(tight))
    assert check_plan(copy.deepcopy(steady), net) == []
    # Another van of the same hub takes a branch on one day (its load and shift still hold).
    moved = copy.deepcopy(steady)
    bid = next(b for b, w in moved["consistency"]["branches"].items() if b.startswith("U") and w["van"] == "van_utr-2")
    days = [
        d for d in moved["schedule"][bid] if any(r["day"] == d and r["vehicle"] == "van_utr-1" for r in moved["routes"])
    ]
    src, dst = (
        _route(moved, days[0], bid),
        next(r for r in moved["routes"] if r["day"] == days[0] and r["vehicle"] == "van_utr-1"),
    )
    stop = next(x for x in src["stops"] if x["branch"] == bid)
    src["stops"].remove(stop)
    dst["stops"].append(stop)
    errs = check_plan(moved, net)
    assert any(e.startswith(f"consistency: {bid}: served by van_utr-1, van_utr-2") for e in errs), errs
    # A route leaves two hours late on one day; its branches' windows widened to cover it: the spread breaks.
    late = copy.deepcopy(steady)
    route = _route(late, "fri", "G1")
    route["start"] = "10:00"
    for x in route["stops"]:
        late["consistency"]["branches"][x["branch"]]["to"] = "13:00"
    errs = check_plan(late, net)
    assert any(
        e.startswith("consistency: G1: service starts over") and "more than the promised 60" in e for e in errs
    ), errs


def test_optimised_frequencies_with_several_hubs_keep_the_promises(tight: Path) -> None:
    """Each hub chooses its visit days, then its master routes. Here the Utrecht hub's master day (every
    branch at its largest crates of the week: U1 1 + 2, U2 2 + 1, U3 1 + 1) needs three 2-crate vans where
    the hub has two: a branch it cannot take is unserved on its days with the reason, never served by
    two vans; every other branch keeps both promises."""
    net = consistent(load_network(tight))
    plan = make_plan(net, RunOptions(time_limit_s=60, solution_limit=30, frequencies="optimise", workers=1))
    d = json.loads(json.dumps(plan.to_dict()))
    assert check_plan(d, net) == []
    assert d["meta"]["frequencies"]["method"] == "by hub" and d["meta"]["parts"] == len(net.hubs)
    due = {(b, day) for b, days in d["schedule"].items() for day in days}
    served = {(x["branch"], r["day"]) for r in d["routes"] for x in r["stops"]}
    assert served | {(u["branch"], u["day"]) for u in d["unassigned"]} == due
    for u in d["unassigned"]:
        assert u["reason_code"] == "consistency" and u["branch"].startswith("U") and u["reason"], u
    assert all(len(v) == 1 for v in _vans(d).values())
    assert all(max(s) - min(s) <= SPREAD + 1 for s in _starts(d).values())
