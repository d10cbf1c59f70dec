"""Scenario operations on a reservation log (close, like, [volume]) and [supply] in scenario files."""

from __future__ import annotations

from pathlib import Path

import pytest

from logistics_opt.data.model import Reservation, Supply
from logistics_opt.data.read import load_network
from logistics_opt.data.write import materialise
from logistics_opt.errors import InputError
from logistics_opt.scenarios import apply_scenario, scenario_from_dict
from logistics_opt.scenarios.spec import load_scenario, scenario_paths
from tests.data.test_reservations import log_folder
from tests.factories import ROOT

LOG = "requester,holders,owner,day,items\nA,B;C,,,10\nB,A;E,C,,4\nE,B,,,3\nC,A,,,1\n"


def scenario(folder: Path, body: dict):
    return scenario_from_dict({"name": "t", "data": str(folder)} | body)


def test_closing_a_branch_moves_it_in_the_log(tiny_dir: Path) -> None:
    # B closes: A (Org One) is the nearest open branch of its organisation.
    net = load_network(log_folder(tiny_dir, LOG))
    out = apply_scenario(net, scenario(tiny_dir, {"branches": {"close": ["B"]}}))
    assert out.reservations == (
        Reservation("A", ("A", "C"), None, None, 10),  # its copy is at the requester now
        Reservation("A", ("A", "E"), "C", None, 4),
        Reservation("E", ("A",), None, None, 3),
        Reservation("C", ("A",), None, None, 1),
    )


def test_a_branch_like_another_places_its_reservations_and_holds_its_copies(tiny_dir: Path) -> None:
    net = load_network(log_folder(tiny_dir, LOG))
    row = {
        "id": "F",
        "like": "A",
        "name": "F",
        "organisation": "Org One",
        "town": "X",
        "lat": 52.1,
        "lon": 5.1,
        "kind": "branch",
    }
    out = apply_scenario(net, scenario(tiny_dir, {"branches": {"add": [row]}}))
    assert out.reservations is not None
    assert out.reservations[:4] == (
        Reservation("A", ("B", "C"), None, None, 10),
        Reservation("B", ("A", "F", "E"), "C", None, 4),
        Reservation("E", ("B",), None, None, 3),
        Reservation("C", ("A", "F"), None, None, 1),
    )
    assert out.reservations[4:] == (Reservation("F", ("B", "C"), None, None, 10),)


def test_volume_scales_the_log_by_the_requester_and_either_kind(tiny_dir: Path) -> None:
    net = load_network(log_folder(tiny_dir, LOG))
    s = scenario(tiny_dir, {"volume": {"factor": 1.5, "organisation": {"Org Two": 0.5}}})
    assert [r.items for r in apply_scenario(net, s).reservations or ()] == [15, 6, 2, 1]  # 2.25 -> 2, 0.75 -> 1
    by_kind = scenario(tiny_dir, {"volume": {"request_kind": {"reservation_return": 2.0}}})
    assert [r.items for r in apply_scenario(net, by_kind).reservations or ()] == [20, 8, 6, 2]
    assert [
        r.items for r in apply_scenario(net, scenario(tiny_dir, {"volume": {"factor": 0.2}})).reservations or ()
    ] == [
        2,
        1,
        1,
    ]  # 0.2 rounds to 0: that row is gone
    both = scenario(tiny_dir, {"volume": {"request_kind": {"reservation": 2.0, "reservation_return": 1.0}}})
    with pytest.raises(InputError, match="column volume.request_kind.reservation_return: .* scale together"):
        apply_scenario(net, both)


def test_supply_settings_in_a_scenario_file_and_a_merger_keep_floating(tiny_dir: Path, tmp_path: Path) -> None:
    net = load_network(log_folder(tiny_dir, LOG))
    s = scenario(
        tiny_dir,
        {
            "settings": {"supply": {"rule": "nearest_copy", "floating": ["Org One"]}},
            "organisations": {"rename": {"Org One": "Org United", "Org Two": "Org United"}},
        },
    )
    out = apply_scenario(net, s)
    assert out.settings.supply == Supply("nearest_copy", ("Org United",), 0.1)
    assert materialise(out, tmp_path / "m").settings.supply == out.settings.supply
    bad = scenario(tiny_dir, {"settings": {"supply": {"floating": ["Org Nine"]}}})
    with pytest.raises(InputError, match="column settings.supply.floating: unknown organisation 'Org Nine'"):
        apply_scenario(net, bad)
    with pytest.raises(InputError, match="column supply.rule: unknown supply rule 'quickest'"):
        scenario(tiny_dir, {"settings": {"supply": {"rule": "quickest"}}})


def test_the_supply_scenarios_validate_and_apply() -> None:
    found = {load_scenario(p).name: load_scenario(p) for p in scenario_paths([ROOT / "scenarios" / "supply"])}
    assert {"as-today", "nearest-copy", "soonest-copy", "floating-collections", "floating-utrecht"} <= set(found)
    assert found["soonest-copy"].frequencies == "optimise"
    for s in found.values():
        net = apply_scenario(load_network(s.data), s)
        assert net.reservations
    assert (
        apply_scenario(
            load_network(found["floating-collections"].data), found["floating-collections"]
        ).settings.supply.floating
        is True
    )


def test_compare_shows_crates_and_the_items_that_no_longer_travel(tiny_dir: Path, tmp_path: Path) -> None:
    """Two runs of a log, today's supply and floating collections: their run folders keep the log, and
    compare counts the items that no longer travel, per scenario and per organisation."""
    from logistics_opt.reports.compare import write_compare
    from logistics_opt.runs import load_runs
    from logistics_opt.scenarios.solve import run_scenario

    log_folder(tiny_dir, LOG)
    fast = {"solution_limit": 10, "rounds": 2, "repeats": 1}
    for name, supply in (("today", {}), ("floating", {"floating": True, "rebalance_share": 0.0})):
        run_scenario(scenario(tiny_dir, {"name": name, "settings": {"supply": supply}} | fast), tmp_path / name)
    assert (tmp_path / "floating" / "inputs" / "reservations.csv").is_file()
    runs = load_runs([tmp_path / "today", tmp_path / "floating"])
    rows = {r["scenario"]: r for r in write_compare(runs, tmp_path / "report", baseline="today")}
    # Today: the hub's 3 rows (40 + 5 + 7 items) and the log's 18 loans and 18 returns.
    today, floating = rows["today"], rows["floating"]
    assert today["items_moved"] == 52 + 2 * 18 and today["items_no_longer_travel_pct"] == 0.0
    # Floating: of the returns only A -> B (10, Org One's item back to Org One's B) stays; B -> C (owner
    # C), E -> B and C -> A cross organisations.
    stays = 10
    assert floating["items_moved"] == 52 + 2 * 18 - stays
    assert floating["items_no_longer_travel_pct"] == round(100 * stays / (52 + 36), 1)
    assert floating["crates_moved"] <= today["crates_moved"]
    md = (tmp_path / "report" / "report.md").read_text(encoding="utf-8")
    assert "Supply: crates and items that travel" in md and "Items no longer travelling per organisation" in md
