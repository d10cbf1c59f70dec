"""Several hubs: the hub column, the trunk, planning by hub and day, and the checker's view of it.

The network is tests/data/three_hubs: hubs H-UTR, H-NH, H-GE; U3 has no hub (the nearest is
H-UTR); trunk.csv makes H-NH -> H-GE cost EUR 4.00 a crate and take 2 days.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from logistics_opt.checker import check_plan
from logistics_opt.data.hubs import hub_map
from logistics_opt.data.read import load_network
from logistics_opt.distances import build_matrix
from logistics_opt.errors import InputError
from logistics_opt.planning.hubs import hub_network, plan_by_hub
from logistics_opt.planning.trunk import trunk_section
from logistics_opt.routing.problem import SearchParams
from logistics_opt.service import service_figures

THREE = Path(__file__).parent.parent / "data" / "three_hubs"
DAILY = {b: ["mon", "tue", "wed", "thu", "fri"] for b in ("U1", "U2", "N1", "N2", "G1")}
SCHEDULE = DAILY | {"U3": ["mon", "thu"], "G2": ["tue", "fri"]}
FAST = SearchParams(time_limit_s=5, solution_limit=30)


@pytest.fixture(scope="module")
def net():
    return load_network(THREE)


@pytest.fixture(scope="module")
def solved(net) -> dict[str, Any]:
    plan = plan_by_hub(net, build_matrix(net, use_cache=False), FAST, "current", workers=1)
    plan.service = service_figures(net, plan)
    return json.loads(json.dumps(plan.to_dict()))


def test_empty_hub_column_means_the_nearest_hub(net) -> None:
    assert hub_map(net)["U3"] == "H-UTR"
    moved = net.with_changes(
        branches=tuple(
            b if b.id != "U3" else type(b)(**{**b.__dict__, "lat": 52.26, "lon": 6.10}) for b in net.branches
        )
    )
    assert hub_map(moved)["U3"] == "H-GE"


def test_trunk_flows_by_hand(net) -> None:
    flows = {(f["from"], f["to"]): f for f in trunk_section(net, SCHEDULE)["flows"]}
    # U1 -> N1: 70 items, daily pickups of 14 -> 5 one-crate nights at EUR 2.70.
    assert flows[("H-UTR", "H-NH")] | {} == {
        "from": "H-UTR",
        "to": "H-NH",
        "items": 70,
        "crates": 5,
        "cost_eur": 13.5,
        "lead_days": 1,
        "items_per_night": [14] * 5,
    }
    # trunk.csv: H-NH -> H-GE at EUR 4.00 a crate, 2 days.
    assert flows[("H-NH", "H-GE")]["cost_eur"] == 20.0 and flows[("H-NH", "H-GE")]["lead_days"] == 2
    # G2 (Tue+Fri) -> U3: 6 items; Tuesday covers 2 working days, Friday 3 -> 2 + 4 items, 2 crates.
    assert flows[("H-GE", "H-UTR")]["items_per_night"] == [0, 2, 0, 0, 4]
    assert flows[("H-GE", "H-UTR")]["crates"] == 2
    # New stock H-UTR -> G1 (10, every day alike) and U3's return to H-GE (5, Mon 2 / Thu 3).
    assert flows[("H-UTR", "H-GE")]["items_per_night"] == [4, 2, 2, 5, 2]


def test_hub_network_keeps_each_branchs_weekly_items(net) -> None:
    whole = net.weekly_items()
    for h in net.hubs:
        part = hub_network(net, h.id)
        assert {v.depot for v in part.fleet} == {h.id}
        for bid, items in part.weekly_items().items():
            assert items == whole[bid]


def test_plan_by_hub_holds_and_serves_each_branch_from_its_hub(net, solved) -> None:
    assert check_plan(solved, net) == []
    hubs = hub_map(net)
    assert all(hubs[s["branch"]] == r["depot"] for r in solved["routes"] for s in r["stops"])
    assert solved["summary"]["trunk_cost_eur"] == solved["trunk"]["cost_eur"] > 0


def test_trunk_adds_its_days_to_the_lead_time(solved) -> None:
    lead = {(r["origin"], r["destination"]): r["lead_time_days"] for r in solved["service"]["requests"]}
    assert lead[("U1", "U2")] == 1.0  # same hub: the next day
    assert lead[("U1", "N1")] == 2.0  # one night on the trunk, out the day after
    assert lead[("N1", "G1")] == 3.0  # trunk.csv: two days
    assert lead[("U3", "H-GE")] == 1.0  # a return to another hub arrives with the trunk


@pytest.mark.parametrize(
    "breakage, message",
    [
        (lambda p: p["trunk"]["flows"][0].__setitem__("crates", p["trunk"]["flows"][0]["crates"] + 1), "crates"),
        (lambda p: p["trunk"]["flows"][0].__setitem__("cost_eur", 0.0), "cost"),
        (lambda p: p["trunk"]["flows"].pop(), "missing from the plan"),
        (lambda p: p["summary"].__setitem__("trunk_cost_eur", 1.0), "trunk_cost_eur"),
        (lambda p: p.pop("trunk"), "no trunk section"),
        (lambda p: p["trunk"]["flows"][0].__setitem__("lead_days", 5), "lead_days"),
    ],
)
def test_checker_catches_a_wrong_trunk(net, solved, breakage, message) -> None:
    broken = copy.deepcopy(solved)
    breakage(broken)
    assert any(message in e for e in check_plan(broken, net))


def test_checker_catches_a_branch_served_from_another_hub(net, solved) -> None:
    broken = copy.deepcopy(solved)
    utr = next(r for r in broken["routes"] if r["depot"] == "H-UTR")
    nh = next(r for r in broken["routes"] if r["depot"] == "H-NH" and r["day"] == utr["day"])
    nh["stops"].append(utr["stops"].pop())
    assert any("belongs to hub H-UTR but is served from H-NH" in e for e in check_plan(broken, net))


@pytest.mark.parametrize(
    "file, edit, message",
    [
        (
            "branches.csv",
            (
                "U1,Branch Utrecht,Org U,Utrecht,52.0931,5.1182,branch,H-UTR",
                "U1,Branch Utrecht,Org U,Utrecht,52.0931,5.1182,branch,H-XX",
            ),
            "branches.csv, row 5, column hub: unknown hub 'H-XX'",
        ),
        ("trunk.csv", ("H-NH,H-GE,4.00,2", "H-NH,H-NH,4.00,2"), "trunk.csv, row 2, column to_hub: from_hub and to_hub"),
        ("trunk.csv", ("H-NH,H-GE,4.00,2", "H-NH,H-ZZ,4.00,2"), "trunk.csv, row 2, column to_hub: unknown hub 'H-ZZ'"),
        ("trunk.csv", ("H-NH,H-GE,4.00,2", "H-NH,H-GE,-1,2"), "trunk.csv, row 2, column cost_per_crate"),
        ("trunk.csv", ("H-NH,H-GE,4.00,2", "H-NH,H-GE,4.00,1.5"), "trunk.csv, row 2, column lead_days"),
        ("trunk.csv", ("H-NH,H-GE,4.00,2", "H-NH,H-GE,4.00,2\nH-NH,H-GE,1,1"), "row 3, column to_hub: pair"),
        ("settings.toml", ("lead_days = 1", "lead_day = 1"), "settings.toml, column trunk.lead_day: unknown key"),
    ],
)
def test_input_errors_name_file_row_and_column(tmp_path: Path, file: str, edit: tuple[str, str], message: str) -> None:
    data = tmp_path / "three"
    shutil.copytree(THREE, data)
    path = data / file
    text = path.read_text(encoding="utf-8")
    assert edit[0] in text
    path.write_text(text.replace(edit[0], edit[1]), encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_network(data)
    assert message in str(e.value)


def test_two_hubs_merge_in_a_scenario(net, tmp_path: Path) -> None:
    """[hubs] merge: H-GE closes, its branches, vans and requests go to H-UTR; the data reads back."""
    from logistics_opt.data.write import materialise
    from logistics_opt.scenarios import apply_scenario, scenario_from_dict

    scn = scenario_from_dict({"name": "share", "data": str(THREE), "hubs": {"merge": {"H-GE": "H-UTR"}}})
    merged = materialise(apply_scenario(net, scn), tmp_path / "merged", THREE)
    assert [h.id for h in merged.hubs] == ["H-UTR", "H-NH"]
    assert hub_map(merged)["G2"] == "H-UTR" and {v.depot for v in merged.fleet} == {"H-UTR", "H-NH"}
    assert not merged.settings.trunk.pairs  # trunk.csv named H-GE only
    plan = plan_by_hub(merged, build_matrix(merged, use_cache=False), FAST, "current", workers=1)
    doc = json.loads(json.dumps(plan.to_dict()))
    assert check_plan(doc, merged) == []
    assert {(f["from"], f["to"]) for f in doc["trunk"]["flows"]} == {("H-UTR", "H-NH"), ("H-NH", "H-UTR")}


def test_trunk_cost_scenario_changes_the_default_rate_only(net, tmp_path: Path) -> None:
    from logistics_opt.data.write import materialise
    from logistics_opt.scenarios import apply_scenario, scenario_from_dict

    scn = scenario_from_dict({"name": "t50", "data": str(THREE), "settings": {"trunk": {"cost_per_crate": 4.05}}})
    dearer = materialise(apply_scenario(net, scn), tmp_path / "t50", THREE)
    flows = {(f["from"], f["to"]): f for f in trunk_section(dearer, SCHEDULE)["flows"]}
    assert flows[("H-UTR", "H-NH")]["cost_eur"] == round(5 * 4.05, 2)
    assert flows[("H-NH", "H-GE")]["cost_eur"] == 20.0  # trunk.csv's own rate
    assert dearer.settings.trunk.default.lead_days == 1


def test_costs_per_hub_and_organisation_add_up(net, solved) -> None:
    from logistics_opt.distances import build_matrix
    from logistics_opt.reports.hub_costs import allocate_by_hub, hub_costs, hub_table
    from logistics_opt.runs import RunRecord

    per_hub = hub_costs(solved)
    assert set(per_hub) == {"H-UTR", "H-NH", "H-GE"}
    assert sum(h["cost_eur"] for h in per_hub.values()) == pytest.approx(solved["summary"]["cost_eur"])
    assert sum(h["trunk_cost_eur"] for h in per_hub.values()) == pytest.approx(solved["trunk"]["cost_eur"])
    shares = allocate_by_hub(solved, net, build_matrix(net))
    assert {s.organisation for s in shares} == {"Org U", "Org N", "Org G"}
    total = solved["summary"]["cost_eur"] + solved["trunk"]["cost_eur"]
    assert sum(s.cost_eur_week for s in shares) == pytest.approx(total, abs=0.05)
    header, rows = hub_table([RunRecord("base", THREE, solved, net)])
    assert rows[-1][0] == "all hubs" and len(rows) == 4 and header[1] == "base vans"
