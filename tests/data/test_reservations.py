"""The reservation log: reading it, the supply rules that turn it into flows, and writing it back."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from logistics_opt.data.model import LOAN_KIND, RETURN_KIND, Network, Reservation, Supply
from logistics_opt.data.read import input_files, load_network
from logistics_opt.data.write import materialise
from logistics_opt.distances import build_matrix
from logistics_opt.supply import supplied
from tests.factories import ROOT

HUB_ROWS = "origin,destination,items,kind\nHUB,A,40,new_stock\nHUB,E,5,new_stock\nD,HUB,7,return\n"
LOG = """requester,holders,owner,day,items
B,A;C,,,70
A,B,,,35
# C asks Org One's A first, though Org Two's E is nearer
C,A;E,,,50
D,C;B,,tue,20
E,D;B,A,wed,6
A,C,,,
"""


def log_folder(folder: Path, log: str = LOG, supply: str = "") -> Path:
    """tests/data/tiny (a copy in ``folder``) with a reservation log, and [supply] settings."""
    (folder / "requests.csv").write_text(HUB_ROWS)
    (folder / "reservations.csv").write_text(log)
    if supply:
        with (folder / "settings.toml").open("a") as fh:
            fh.write("\n[supply]\n" + supply)
    return folder


def flows(net: Network, rule: str = "as_today", **supply: object) -> dict[tuple[str, str, str], int]:
    net = replace(net, settings=replace(net.settings, supply=Supply(rule=rule, **supply)))  # type: ignore[arg-type]
    got = supplied(net, build_matrix(net, use_cache=False)).requests
    return {(r.origin, r.destination, r.kind): r.items for r in got if r.kind in (LOAN_KIND, RETURN_KIND)}


def test_the_log_reads_with_its_defaults(tiny_dir: Path) -> None:
    net = load_network(log_folder(tiny_dir))
    assert net.reservations is not None and len(net.reservations) == 6  # the note line is skipped
    assert net.reservations[0] == Reservation("B", ("A", "C"), None, None, 70)
    assert net.reservations[4] == Reservation("E", ("D", "B"), "A", "wed", 6)
    assert net.reservations[5].items == 1  # an empty items cell is one reservation
    assert len(net.requests) == 3  # requests.csv keeps the hub's flows
    assert (tiny_dir / "reservations.csv") in list(input_files(tiny_dir))


def test_as_today_the_first_holder_supplies_and_the_item_goes_back_to_it(tiny_dir: Path) -> None:
    got = flows(load_network(log_folder(tiny_dir)))
    assert got[("A", "B", LOAN_KIND)] == 70 and got[("B", "A", RETURN_KIND)] == 70
    assert got[("A", "C", LOAN_KIND)] == 50 and got[("C", "A", RETURN_KIND)] == 50
    assert got[("C", "A", LOAN_KIND)] == 1 and got[("A", "C", RETURN_KIND)] == 1
    # An owner is where the item goes home, whoever supplied it.
    assert got[("D", "E", LOAN_KIND)] == 6 and got[("E", "A", RETURN_KIND)] == 6 and ("E", "D", RETURN_KIND) not in got
    # A and B swap items both ways: the loans of one row and the returns of another add up per pair.
    assert got[("B", "A", LOAN_KIND)] == 35 and got[("A", "B", RETURN_KIND)] == 35
    assert sum(v for (_, _, k), v in got.items() if k == LOAN_KIND) == 70 + 35 + 50 + 20 + 6 + 1


def test_nearest_copy_takes_the_nearest_holder(tiny_dir: Path) -> None:
    net = load_network(log_folder(tiny_dir))
    m = build_matrix(net, use_cache=False)
    at = m.index()
    assert m.km[at["C"], at["E"]] < m.km[at["C"], at["A"]]
    got = flows(net, "nearest_copy")
    assert got[("E", "C", LOAN_KIND)] == 50 and ("A", "C", LOAN_KIND) not in got
    assert got[("C", "E", RETURN_KIND)] == 50 and ("C", "A", RETURN_KIND) not in got


def test_a_holder_at_the_requester_needs_no_van(tiny_dir: Path) -> None:
    net = load_network(log_folder(tiny_dir, "requester,holders\nA,B;A\n"))
    assert flows(net, "as_today") == {("B", "A", LOAN_KIND): 1, ("A", "B", RETURN_KIND): 1}
    assert flows(net, "nearest_copy") == {} and flows(net, "soonest") == {}


def test_soonest_takes_the_holder_visited_first_after_the_day_placed(tiny_dir: Path) -> None:
    # D is visited tue+fri (fixed days), B daily: placed on Tuesday, B calls Wednesday, D Friday.
    log = "requester,holders,day,items\nA,D;B,tue,4\nA,D;B,thu,3\nA,D;B,,5\n"
    got = flows(load_network(log_folder(tiny_dir, log)), "soonest")
    # Thursday: D calls Friday, B too; the tie goes to the first holder. Without a day the 5 are spread one a
    # working day: placed Monday both call Tuesday (D, the first), Tuesday B (Wed), Wednesday B (Thu),
    # Thursday both Friday (D), Friday B (Monday, before D's Tuesday).
    assert got[("B", "A", LOAN_KIND)] == 4 + 3 and got[("D", "A", LOAN_KIND)] == 3 + 2


def test_floating_keeps_returns_inside_the_organisation_but_a_share_rebalances(tiny_dir: Path) -> None:
    net = load_network(log_folder(tiny_dir))
    got = flows(net, floating=("Org One",), rebalance_share=0.1)
    # B -> A and A -> B stay in Org One: 7 of 70 and 4 of 35 (3.5, half up) still go home.
    assert got[("B", "A", RETURN_KIND)] == 7 and got[("A", "B", RETURN_KIND)] == 4
    assert got[("D", "C", RETURN_KIND)] == 20  # Org Two's item does not float
    assert got[("A", "B", LOAN_KIND)] == 70  # the loans travel as before
    everything = flows(net, floating=True, rebalance_share=0.0)
    assert ("D", "C", RETURN_KIND) not in everything and ("B", "A", RETURN_KIND) not in everything
    # Returned at another organisation's branch, an item still goes home.
    assert everything[("C", "A", RETURN_KIND)] == 50 and everything[("E", "A", RETURN_KIND)] == 6


def test_the_log_and_supply_settings_survive_materialise(tiny_dir: Path, tmp_path: Path) -> None:
    net = load_network(
        log_folder(tiny_dir, supply='rule = "soonest"\nfloating = ["Org Two"]\nrebalance_share = 0.25\n')
    )
    assert net.settings.supply == Supply("soonest", ("Org Two",), 0.25)
    back = materialise(net, tmp_path / "copy")
    assert back.reservations == net.reservations and back.settings.supply == net.settings.supply
    everything = replace(net, settings=replace(net.settings, supply=Supply(floating=True)))
    assert materialise(everything, tmp_path / "all").settings.supply.floating is True


def test_the_template_documents_the_log(tmp_path: Path) -> None:
    from logistics_opt.data.template import write_template

    write_template(tmp_path / "t")
    assert "reservations.csv" in (tmp_path / "t" / "README.md").read_text()
    assert "# [supply]" in (tmp_path / "t" / "settings.toml").read_text()


@pytest.mark.skipif(not (ROOT / "data" / "utrecht-reservations").is_dir(), reason="no shipped log")
def test_the_utrecht_log_as_today_gives_data_utrecht_to_the_item() -> None:
    """data/utrecht-reservations under as_today plans data/utrecht's flows: the same requests, in order."""
    log = load_network(ROOT / "data" / "utrecht-reservations")
    plain = load_network(ROOT / "data" / "utrecht")
    assert log.settings.supply.rule == "as_today"
    assert (log.branches, log.fleet, log.settings) == (plain.branches, plain.fleet, plain.settings)
    assert supplied(log, None).requests == plain.requests
