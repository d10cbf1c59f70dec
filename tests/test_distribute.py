"""Parts of a job in processes or on Dask: results in order, a lost part tried once more, a part
that fails twice named; a distributed national plan equals the local one (reproducible mode)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from logistics_opt.data.read import load_network
from logistics_opt.distances import build_matrix
from logistics_opt.distribute import PartFailed, run_parts
from logistics_opt.planning.consistency import consistent
from logistics_opt.planning.consistent_hubs import consistent_week_by_hub
from logistics_opt.planning.hubs import plan_by_hub
from logistics_opt.routing.problem import SearchParams

THREE = Path(__file__).parent / "data" / "three_hubs"


def square(x: int) -> int:
    return x * x


def dies_once(arg: tuple[str, int]) -> int:
    """Kills its own process the first time (a lost worker), then works."""
    marker, x = arg
    if not os.path.exists(marker):
        Path(marker).write_text("died", encoding="utf-8")
        os._exit(1)
    return x + 1


def always_dies(arg: int) -> int:
    os._exit(1)


def raises_once(arg: tuple[str, int]) -> int:
    marker, x = arg
    if not os.path.exists(marker):
        Path(marker).write_text("failed", encoding="utf-8")
        raise RuntimeError("flaky")
    return x


@pytest.mark.parametrize("workers", [1, 2])
def test_results_come_back_in_order(workers: int) -> None:
    assert run_parts(square, [(f"p{k}", k) for k in range(7)], workers=workers) == [k * k for k in range(7)]


def test_a_lost_worker_is_retried_once(tmp_path: Path) -> None:
    parts = [("a", (str(tmp_path / "a"), 1)), ("b", (str(tmp_path / "b"), 2)), ("c", (str(tmp_path / "c"), 3))]
    assert run_parts(dies_once, parts, workers=2) == [2, 3, 4]


def test_a_part_that_fails_twice_fails_the_job_with_its_name() -> None:
    with pytest.raises(PartFailed, match="part 'HUB-X mon' failed twice"):
        run_parts(always_dies, [("HUB-X mon", 1), ("HUB-Y mon", 2)], workers=2)


def test_an_error_in_process_is_retried_once(tmp_path: Path) -> None:
    assert run_parts(raises_once, [("a", (str(tmp_path / "a"), 5))], workers=1) == [5]


def test_dask_plan_equals_local_plan() -> None:
    """A LocalCluster of 2 worker processes plans the 3-hub week exactly as local processes do
    when each part's search stops on its solution limit."""
    distributed = pytest.importorskip("distributed")
    net = load_network(THREE)
    matrix = build_matrix(net, use_cache=False)
    params = SearchParams(time_limit_s=4, solution_limit=5, seed=3)
    local = plan_by_hub(net, matrix, params, "current", workers=2)
    steady = consistent(net)  # master routes: one part per hub
    local_steady = consistent_week_by_hub(steady, matrix, params, "current", workers=2)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = plan_by_hub(net, matrix, params, "current", workers=2, scheduler=cluster.scheduler_address)
        remote_steady = consistent_week_by_hub(
            steady, matrix, params, "current", workers=2, scheduler=cluster.scheduler_address
        )
    strip = {"solve_seconds"}

    def doc(p) -> str:
        d = p.to_dict()
        d["meta"] = {k: v for k, v in d["meta"].items() if k not in strip}
        return json.dumps(d, sort_keys=True)

    assert doc(remote) == doc(local)
    assert local.routes and local.trunk["flows"]
    assert doc(remote_steady) == doc(local_steady)
    assert local_steady.consistency and local_steady.meta.solve.parts == len(net.hubs)
