"""``plan --previous`` day by day: the day from scratch with its vans renamed to match the earlier run's
(:func:`logistics_opt.planning.keep.renamed`) is a candidate of every day, so a day the kept search cannot
take (reloading vans) still keeps each branch on its van where a van alike can drive the same route."""

from __future__ import annotations

import itertools
import json
import random
import shutil
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from click.testing import CliRunner

from logistics_opt.cli import cli
from logistics_opt.plan import Route, Stop
from logistics_opt.planning.keep import assignment, renamed
from tests.factories import FAST_CLI, TINY, van


def _plan(data: Path, out: Path, *more: str) -> dict[str, Any]:
    r = CliRunner().invoke(cli, ["plan", str(data), "--out", str(out), *FAST_CLI, *more])
    assert r.exit_code == 0, r.output
    return json.loads((out / "plan.json").read_text(encoding="utf-8"))


def test_a_day_of_reloading_vans_keeps_the_earlier_vans(tmp_path: Path) -> None:
    """tests/data/tiny with vans that may reload (the kept search does not take such a day): last week's run
    with its two vans' names swapped. The day from scratch drives the same routes on the other van; renamed, it
    keeps every branch on its van at the cost of the plan from scratch."""
    data = tmp_path / "data"
    shutil.copytree(TINY, data)
    fleet = (data / "fleet.csv").read_text(encoding="utf-8").splitlines()
    (data / "fleet.csv").write_text(f"{fleet[0]},max_trips\n{fleet[1]},2\n", encoding="utf-8")
    last = _plan(data, tmp_path / "last")
    for route in last["routes"]:
        route["vehicle"] = {"van-1": "van-2", "van-2": "van-1"}[route["vehicle"]]
    (tmp_path / "last" / "plan.json").write_text(json.dumps(last), encoding="utf-8")
    plan = _plan(data, tmp_path / "w", "--previous", str(tmp_path / "last"))
    kept = plan["meta"]["previous"]
    assert (kept["plan"], kept["moved_van"], kept["stability_eur"]) == ("kept", 0, 0.0)
    assert plan["summary"]["cost_eur"] == kept["from_scratch_eur"]
    assert [(r["day"], r["vehicle"], [s["branch"] for s in r["stops"]]) for r in plan["routes"]] == [
        (r["day"], r["vehicle"], [s["branch"] for s in r["stops"]]) for r in last["routes"]
    ]


def _route(vehicle: str, kind: str, branches: str) -> Route:
    stops = [Stop(b, b, "", "09:00", "09:10", 0, 0, 0) for b in branches]
    return Route("mon", vehicle, kind, "HUB", "08:00", "10:00", 1.0, 120.0, 10.0, 0.1, 0, stops)


class _Was:
    """The earlier run's van of each branch that day; the van price 15 EUR."""

    def __init__(self, vans: dict[str, str]) -> None:
        self.vans = vans

    def van(self, branch: str, van: str) -> float:
        return 15.0 if self.vans.get(branch, van) != van else 0.0


def test_renamed_only_among_vans_alike() -> None:
    """Two small vans and a big one: the big van's route stays on it although its branches were on a small van,
    and the small vans' routes swap to where their branches were."""
    small = [van("small-1", capacity=10), van("small-2", capacity=10)]
    big = replace(van("big-1", capacity=30), type="big")
    day = SimpleNamespace(problem=SimpleNamespace(vehicles=[*small, big]))
    routes = [_route("small-1", "van", "ab"), _route("small-2", "van", "cd"), _route("big-1", "big", "ef")]
    was = _Was({"a": "small-2", "b": "small-2", "c": "small-1", "e": "small-1", "f": "small-2"})
    out = renamed(day, routes, was)  # type: ignore[arg-type]
    assert [(r.vehicle, [s.branch for s in r.stops]) for r in out] == [
        ("small-2", ["a", "b"]),
        ("small-1", ["c", "d"]),
        ("big-1", ["e", "f"]),
    ]
    assert routes[0].vehicle == "small-1"  # the day from scratch itself is not changed


def test_renamed_keeps_a_van_on_a_tie() -> None:
    vans = [van("v-1"), van("v-2"), van("v-3")]
    day = SimpleNamespace(problem=SimpleNamespace(vehicles=vans))
    routes = [_route("v-2", "van", "ab"), _route("v-3", "van", "c")]
    out = renamed(day, routes, _Was({"a": "v-1", "b": "v-2", "c": "v-9"}))  # type: ignore[arg-type]
    assert [r.vehicle for r in out] == ["v-2", "v-3"]


def test_assignment_is_exact() -> None:
    """Against every way of giving rows distinct columns, on random prices with ties and infinite prices."""
    rng = random.Random(3)
    for _ in range(200):
        rows, cols = rng.randint(1, 4), rng.randint(4, 5)
        eur = [[rng.choice([0.0, 15.0, 30.0, 7.5, float("inf")]) for _ in range(cols)] for _ in range(rows)]
        tie = [[rng.randint(0, 1) for _ in range(cols)] for _ in range(rows)]
        got = assignment(eur, tie)
        assert len(set(got)) == rows
        best = min(_total(eur, tie, p) for p in itertools.permutations(range(cols), rows))
        assert _total(eur, tie, tuple(got)) == best


def _total(eur: list[list[float]], tie: list[list[int]], cols: tuple[int, ...]) -> tuple[float, int]:
    """The prices (an infinite one as 10 million EUR) and the ties of giving row ``i`` column ``cols[i]``."""
    return sum(min(eur[i][c], 1e7) for i, c in enumerate(cols)), sum(tie[i][c] for i, c in enumerate(cols))
