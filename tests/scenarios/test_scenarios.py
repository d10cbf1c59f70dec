"""Tests for logistics_opt.scenarios: reading, applying, materialising and running scenarios."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from logistics_opt.data.read import load_network
from logistics_opt.data.write import materialise
from logistics_opt.errors import InputError
from logistics_opt.scenarios import (
    apply_scenario,
    load_scenario,
    run_many,
    run_scenario,
    scenario_from_dict,
    scenario_paths,
)
from tests.factories import ROOT

TINY = ROOT / "tests" / "data" / "tiny"
SHIPPED = ROOT / "scenarios"


def write_scenario(folder: Path, name: str, body: str = "", data: Path = TINY) -> Path:
    """A scenario file in ``folder`` whose data path is relative to it, as users write them."""
    rel = os.path.relpath(data, folder)
    p = folder / f"{name}.toml"
    p.write_text(
        f'name = "{name}"\ndescription = "test {name}"\ndata = "{rel}"\ntime_limit = 2\n'
        f"solution_limit = 30\nseed = 1\n{body}",
        encoding="utf-8",
    )
    return p


def tiny_scenario(body: dict) -> object:
    return scenario_from_dict({"name": "t", "data": str(TINY)} | body)


def test_shipped_scenarios_validate_and_apply() -> None:
    """Every shipped scenario file loads, names itself after its file, and applies to its base data."""
    paths = scenario_paths([SHIPPED])
    assert len(paths) >= 9
    names = set()
    for p in paths:
        s = load_scenario(p)
        assert s.name == p.stem and s.description and s.data.is_dir()
        names.add(s.name)
        apply_scenario(load_network(s.data), s)
    assert {
        "baseline",
        "optimised-frequencies",
        "service-max-1-days",
        "service-max-2-days",
        "service-max-3-days",
        "electric-fleet",
        "hub-nieuwegein",
        "volume-plus-20",
        "merger-utrechtse-venen",
    } <= names


def test_unknown_top_level_key_names_key_and_file(tmp_path: Path) -> None:
    """A misspelt top-level key is an InputError naming the key and the scenario file."""
    p = write_scenario(tmp_path, "bad", "time_limt = 3\n")
    with pytest.raises(InputError) as e:
        load_scenario(p)
    assert "time_limt" in str(e.value) and str(p) in str(e.value)


def test_unknown_nested_key_names_its_path(tmp_path: Path) -> None:
    """An unknown key inside [[fleet]] is reported with its path, e.g. fleet[1].colour."""
    p = write_scenario(tmp_path, "bad", '[[fleet]]\ntype = "van"\ncolour = "red"\n')
    with pytest.raises(InputError, match=r"fleet\[1\]\.colour"):
        load_scenario(p)


def test_data_folder_is_relative_to_the_scenario_file(tmp_path: Path) -> None:
    """``data`` resolves against the scenario file's folder, not the working directory."""
    p = write_scenario(tmp_path, "rel")
    assert load_scenario(p).data == TINY.resolve()


def test_fleet_override_changes_and_adds_types() -> None:
    """[[fleet]] changes an existing type's fields and adds a new type with every column given."""
    net = load_network(TINY)
    s = tiny_scenario(
        {
            "fleet": [
                {"type": "van", "count": 1},
                {
                    "type": "ev",
                    "count": 3,
                    "capacity_crates": 15,
                    "cost_per_km": 0.2,
                    "cost_per_hour": 30,
                    "fixed_cost_per_day": 55,
                    "co2_g_per_km": 88,
                    "shift_start": "07:00",
                    "shift_end": "15:00",
                },
            ]
        }
    )
    out = apply_scenario(net, s)
    assert [(v.type, v.count) for v in out.fleet] == [("van", 1), ("ev", 3)]
    assert out.fleet[1].shift_start_min == 420 and out.fleet[1].depot == "HUB"
    with pytest.raises(InputError, match="needs capacity_crates"):
        apply_scenario(net, tiny_scenario({"fleet": [{"type": "ev", "count": 1}]}))


def test_hub_move_renames_the_hub_everywhere() -> None:
    """[hub] moves the hub and renames its id in requests and in the fleet's depot."""
    out = apply_scenario(load_network(TINY), tiny_scenario({"hub": {"id": "HUB2", "lat": 52.02917, "lon": 5.08056}}))
    assert out.hubs[0].id == "HUB2" and (out.hubs[0].lat, out.hubs[0].lon) == (52.02917, 5.08056)
    assert out.fleet[0].depot == "HUB2"
    assert {r.origin for r in out.requests if r.kind == "new_stock"} == {"HUB2"}
    assert "HUB" not in {r.origin for r in out.requests} | {r.destination for r in out.requests}


def test_closing_a_branch_moves_its_requests_to_the_nearest_of_its_organisation() -> None:
    """Closing B (Org One) sends its flows to A; A<->B items become local and leave the network."""
    out = apply_scenario(load_network(TINY), tiny_scenario({"branches": {"close": ["B"]}}))
    assert "B" not in {b.id for b in out.branches}
    # A->B 70 and B->A 35 become A->A: dropped. Everything else is unchanged: 237 - 105 = 132.
    assert sum(r.items for r in out.requests) == 132
    assert all("B" not in (r.origin, r.destination) for r in out.requests)


def test_volume_scaling_by_factor_organisation_and_request_kind() -> None:
    """Items x factor x organisation factor of the branch end, rounded half up."""
    s = tiny_scenario({"volume": {"factor": 1.2, "organisation": {"Org Two": 2.0}, "request_kind": {"return": 0.5}}})
    got = {(r.origin, r.destination): r.items for r in apply_scenario(load_network(TINY), s).requests}
    assert got[("A", "B")] == 84  # 70 x 1.2
    assert got[("A", "C")] == 120  # 50 x 1.2 x 2 (C is Org Two)
    assert got[("E", "A")] == 12  # 10 x 1.2 (A is Org One)
    assert got[("D", "HUB")] == 8  # 7 x 1.2 x 2 x 0.5 = 8.4, the branch end of a return is D


def test_merger_renames_organisations() -> None:
    """organisations.rename maps two organisations to one merged name; unknown names are errors."""
    s = tiny_scenario({"organisations": {"rename": {"Org One": "Merged", "Org Two": "Merged"}}})
    out = apply_scenario(load_network(TINY), s)
    assert {b.organisation for b in out.stops} == {"Merged"}
    with pytest.raises(InputError, match="unknown organisation 'Org Nine'"):
        apply_scenario(load_network(TINY), tiny_scenario({"organisations": {"rename": {"Org Nine": "X"}}}))


def test_add_branch_like_another_copies_its_flows_and_change_sets_limits() -> None:
    """branches.add with like= copies a branch's flows; branches.change validates weekday patterns."""
    s = tiny_scenario(
        {
            "branches": {
                "add": [
                    {
                        "id": "F",
                        "name": "New F",
                        "organisation": "Org Two",
                        "town": "Bunnik",
                        "lat": 52.06,
                        "lon": 5.2,
                        "kind": "service_point",
                        "like": "D",
                        "days": "wed",
                    }
                ],
                "change": [{"id": "C", "max_days_between_visits": 2, "kind": "service_point"}],
            }
        }
    )
    out = apply_scenario(load_network(TINY), s)
    f = out.branch("F")
    assert f.days == ("wed",) and out.weekly_items()["F"] == out.weekly_items()["D"]
    assert out.branch("C").max_days_between_visits == 2 and out.branch("C").kind == "service_point"
    bad = tiny_scenario({"branches": {"change": [{"id": "C", "days": "mon+sun"}]}})
    with pytest.raises(InputError, match=r"branches\.change\[1\]\.days"):
        apply_scenario(load_network(TINY), bad)


def test_materialise_round_trips_and_keeps_extra_columns(tmp_path: Path) -> None:
    """The written folder reads back to the same network, with the base's extra columns kept."""
    base = ROOT / "data" / "utrecht"
    s = scenario_from_dict(
        {
            "name": "m",
            "data": str(base),
            "settings": {"max_days_between_visits": 3},
            "hub": {"lat": 52.02917, "lon": 5.08056},
            "volume": {"factor": 1.2},
        }
    )
    net = apply_scenario(load_network(base), s)
    loaded = materialise(net, tmp_path / "d", base)
    assert replace(loaded, source=None) == replace(net, source=None)
    header = (tmp_path / "d" / "branches.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.endswith("coord_source,source")
    assert "max_days_between_visits = 3" in (tmp_path / "d" / "settings.toml").read_text(encoding="utf-8")


def test_run_scenario_writes_the_effective_inputs(tmp_path: Path) -> None:
    """A scenario's run folder holds the changed data in inputs/, the scenario file and a checked plan."""
    p = write_scenario(tmp_path, "onevan", '[[fleet]]\ntype = "van"\ncount = 1\ncapacity_crates = 25\n')
    plan = run_scenario(load_scenario(p), tmp_path / "run")
    run = tmp_path / "run"
    assert load_network(run / "inputs").fleet[0].count == 1
    assert (run / "scenario.toml").read_text(encoding="utf-8") == p.read_text(encoding="utf-8")
    d = json.loads((run / "plan.json").read_text(encoding="utf-8"))
    assert d["meta"]["scenario"]["name"] == "onevan" and d["summary"] == plan.summary()
    assert {r["vehicle"] for r in d["routes"]} == {"van-1"}
    assert (run / "route_sheets.html").is_file() and (run / "routes.geojson").is_file()
    assert sorted(p.name for p in run.glob("map_*.png")) == [f"map_{day}.png" for day in sorted(d["working_days"])]


def test_run_many_reports_a_failure_and_finishes_the_others(tmp_path: Path) -> None:
    """In worker processes, a scenario that fails comes back as failed; the other still runs."""
    good = load_scenario(write_scenario(tmp_path, "good", "[volume]\nfactor = 1.5\n"))  # not a shared solve
    bad = load_scenario(write_scenario(tmp_path, "bad", '[branches]\nclose = ["NOPE"]\n'))
    results = run_many([bad, good], tmp_path / "out", jobs=2)
    assert [r.name for r in results] == ["bad", "good"]
    assert not results[0].ok and "unknown branch 'NOPE'" in results[0].error
    assert results[1].ok and (tmp_path / "out" / "good" / "plan.json").is_file()
    assert not (tmp_path / "out" / "bad").exists()


def test_a_scenario_killed_for_memory_takes_no_other_down(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A scenario whose process is killed (as the kernel does when memory runs out) is reported;
    the scenario beside it still finishes."""
    import signal

    import logistics_opt.scenarios.runner as scenarios_mod

    real = scenarios_mod.run_scenario

    def dies_when_doomed(scn, out, workers=1, **kwargs):  # runs in the forked child
        if scn.name == "doomed":
            os.kill(os.getpid(), signal.SIGKILL)
        return real(scn, out, workers, **kwargs)

    monkeypatch.setattr(scenarios_mod, "run_scenario", dies_when_doomed)
    doomed = load_scenario(write_scenario(tmp_path, "doomed"))
    good = load_scenario(write_scenario(tmp_path, "good", "[volume]\nfactor = 1.5\n"))  # not a shared solve
    results = run_many([doomed, good], tmp_path / "out", jobs=2)
    assert not results[0].ok and "out of memory?" in results[0].error
    assert results[1].ok and (tmp_path / "out" / "good" / "plan.json").is_file()


def test_large_results_come_back_from_worker_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A result far larger than a pipe's buffer (real service figures are) does not deadlock run_many."""
    import logistics_opt.scenarios.runner as scenarios_mod

    def big_result(job):  # runs in the forked child
        scn, out, _ = job
        return scenarios_mod.RunResult(scn.name, out, True, 0.0, service={"x": "y" * 1_000_000})

    monkeypatch.setattr(scenarios_mod, "run_one", big_result)
    a = load_scenario(write_scenario(tmp_path, "a"))
    b = load_scenario(write_scenario(tmp_path, "b", "[volume]\nfactor = 1.5\n"))  # not a shared solve
    results = run_many([a, b], tmp_path / "out", jobs=2)
    assert [len(r.service["x"]) for r in results] == [1_000_000, 1_000_000]


def test_duplicate_scenario_names_are_refused(tmp_path: Path) -> None:
    """Two scenarios with the same name would share a folder: an error before anything runs."""
    a = load_scenario(write_scenario(tmp_path, "same"))
    with pytest.raises(InputError, match="also used"):
        run_many([a, a], tmp_path / "out", jobs=1)


def test_readme_example_is_a_valid_scenario() -> None:
    """The annotated example in scenarios/README.md loads and applies to the Utrecht data."""
    import tomllib

    text = (SHIPPED / "README.md").read_text(encoding="utf-8")
    block = text.split("```toml\n", 1)[1].split("```", 1)[0]
    s = scenario_from_dict(tomllib.loads(block), base_dir=SHIPPED)
    net = apply_scenario(load_network(s.data), s)
    assert net.hubs[0].id == "HUB-NIEUWEGEIN" and net.branch("UTR-14").organisation == "Bibliotheek Utrecht"
    assert "Bibliotheek Utrechtse Venen" in {b.organisation for b in net.stops}
