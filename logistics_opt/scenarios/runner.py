"""Run scenarios: each in a process of its own, or on a Dask cluster; one run folder each."""

from __future__ import annotations

import multiprocessing
import os
import time
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, cast

from ..errors import InputError, LogisticsError
from ..plan_meta import PlanMeta
from ..progress import Progress
from ..routing import get_engine
from ..runs import write_manifest
from ..workers import die_on_ctrl_c, process_pool
from .sharing import cheaper_plans, routing_key
from .solve import run_scenario, scenario_network
from .spec import Scenario


@dataclass
class RunResult:
    """What happened to one scenario in :func:`run_many`."""

    name: str
    out: str
    ok: bool
    seconds: float
    error: str = ""
    summary: dict[str, Any] = field(default_factory=dict)
    service: dict[str, Any] = field(default_factory=dict)
    meta: PlanMeta = field(default_factory=PlanMeta)  # repeats, stopped_by_time_cap, plan_from

    @property
    def complete(self) -> bool:
        return self.ok and not self.summary.get("unassigned", 0)


Job = tuple[Scenario, str, int]


def run_one(job: Job, reuse: tuple[dict[str, Any], str, str] | None = None) -> RunResult:
    """Run one scenario and never raise: failures come back as a :class:`RunResult` (for pools)."""
    scn, out, workers = job
    t0 = time.perf_counter()
    try:
        plan = run_scenario(scn, out, workers, reuse=reuse)
    except LogisticsError as e:
        return RunResult(scn.name, out, False, round(time.perf_counter() - t0, 1), str(e))
    except Exception as e:  # a bug or a missing module: report it, let the other scenarios finish
        detail = traceback.format_exc() if os.environ.get("LOGISTICS_OPT_DEBUG") else ""
        return RunResult(
            scn.name,
            out,
            False,
            round(time.perf_counter() - t0, 1),
            f"{type(e).__name__}: {e}" + (f"\n{detail}" if detail else ""),
        )
    meta = PlanMeta(solve=plan.meta.solve, repeats=plan.meta.repeats, plan_from=plan.meta.plan_from)
    return RunResult(
        scn.name,
        out,
        True,
        round(time.perf_counter() - t0, 1),
        summary=plan.summary(),
        service=dict(plan.service),
        meta=meta,
    )


def _child(job: tuple[Scenario, str, int], conn: Any) -> None:
    die_on_ctrl_c()
    conn.send(run_one(job))
    conn.close()


def run_isolated(jobs: list[tuple[Scenario, str, int]], parallel: int, done: Callable[[RunResult], None]) -> None:
    """Each scenario in a process of its own, at most ``parallel`` at a time. A scenario whose
    process dies (a crash, or the kernel killing it for memory) is reported; unlike a shared
    process pool, its death takes no other scenario down."""
    pending = list(jobs)
    running: dict[Any, tuple[Any, tuple[Scenario, str, int], float]] = {}
    ctx = multiprocessing.get_context()
    while pending or running:
        while pending and len(running) < parallel:
            job = pending.pop(0)
            recv, send = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_child, args=(job, send), name=f"scenario-{job[0].name}")
            proc.start()
            send.close()
            running[recv] = (proc, job, time.perf_counter())
        # Wait on the pipes, not the processes: a result larger than the pipe's buffer is only
        # sent while we read, and a pipe also wakes us (EOF) when its process dies.
        for ready in wait(list(running)):
            recv = cast(Connection, ready)  # wait() returns some of the pipes it was given
            proc, job, t0 = running.pop(recv)
            try:
                result = recv.recv()
            except (EOFError, OSError):
                result = None
            recv.close()
            proc.join()
            if result is None:
                code = proc.exitcode
                why = (
                    "killed by signal 9 (out of memory?)"
                    if code == -9
                    else f"killed by signal {-code}"
                    if code is not None and code < 0
                    else f"exited with code {code}"
                )
                result = RunResult(
                    job[0].name,
                    job[1],
                    False,
                    round(time.perf_counter() - t0, 1),
                    f"the scenario's process died: {why}",
                )
            done(result)


def check_unique(scenarios: list[Scenario]) -> None:
    """Scenario names become folder names: they must be unique."""
    seen: dict[str, Scenario] = {}
    for s in scenarios:
        if s.name in seen:
            raise InputError(s.label, f"name '{s.name}' is also used by {seen[s.name].label}", column="name")
        seen[s.name] = s


def _execute(jobs: list[Job], parallel: int, scheduler: str | None, done: Callable[[RunResult], None]) -> None:
    """Run scenario jobs: on the Dask cluster at ``scheduler``, in this process (``parallel`` 1), or each
    in a process of its own."""
    if scheduler:
        from ..distribute import dask_client

        with dask_client(scheduler) as client:
            from distributed import as_completed as dask_completed

            futures = {
                client.submit(
                    run_one, (j[0], j[1], 1), pure=False, key=f"scenario-{j[0].name}-{uuid.uuid4().hex[:8]}"
                ): j
                for j in jobs
            }
            for fut in dask_completed(list(futures)):
                s, out, _ = futures[fut]
                try:
                    done(fut.result())
                except Exception as e:  # the worker died
                    done(RunResult(s.name, out, False, 0.0, f"{type(e).__name__}: {e}"))
    elif parallel == 1:
        for job in jobs:
            done(run_one(job))
    else:
        run_isolated(jobs, parallel, done)


def run_many(
    scenarios: list[Scenario],
    out_root: str | Path,
    jobs: int = 0,
    scheduler: str | None = None,
    on_result: Callable[[RunResult], None] | None = None,
    progress: Progress | None = None,
) -> list[RunResult]:
    """Run scenarios into ``out_root/<name>/``: in ``jobs`` worker processes (0: one per core), or on
    the Dask cluster at ``scheduler``. Scenarios with identical routing inputs share one solve; then
    every run takes the cheapest other plan that holds for it (:mod:`.sharing`). A failing scenario
    is reported; the others still finish. Results come back in the order of ``scenarios``.
    """
    check_unique(scenarios)
    out_root = Path(out_root)
    cores = os.cpu_count() or 1
    keys = {s.name: _key(s) for s in scenarios}
    primary: dict[str, Scenario] = {}
    for s in scenarios:
        primary.setdefault(keys[s.name], s)
    solving = [s for s in scenarios if primary[keys[s.name]] is s]
    parallel = max(1, min(jobs or cores, len(solving) or 1))
    per = max(1, cores // parallel) if parallel > 1 else 0
    results: dict[str, RunResult] = {}

    def done(r: RunResult) -> None:
        results[r.name] = r
        if on_result:
            on_result(r)

    if parallel > 1 and not scheduler:
        _prepare(solving, cores, progress)
    _execute([(s, str(out_root / s.name), per) for s in solving], parallel, scheduler, done)
    shared = []
    for s in scenarios:
        src = results[primary[keys[s.name]].name]
        if s.name in results:
            continue
        if src.ok:
            shared.append(((s, str(out_root / s.name), 1), _plan_of(src, "identical routing inputs: one solve")))
        else:
            done(
                RunResult(s.name, str(out_root / s.name), False, 0.0, f"shares its solve with {src.name}: {src.error}")
            )
    for r in _run_reused(shared, parallel):
        done(r)
    by_name = {s.name: s for s in scenarios}
    cheaper = [
        ((by_name[name], results[name].out, 1), _plan_of(results[source], why))
        for name, source, why in cheaper_plans([results[s.name] for s in scenarios], by_name)
    ]
    for r in _run_reused(cheaper, parallel):
        results[r.name] = r
    ordered = [results[s.name] for s in scenarios]
    write_manifest(
        out_root, [{"name": r.name, "folder": Path(r.out).name, "ok": r.ok, "error": r.error} for r in ordered]
    )
    return ordered


def _run_reused(items: list[tuple[Job, Any]], parallel: int) -> list[RunResult]:
    """Run folders for plans already solved (checked and written, not solved again), ``parallel`` at a time."""
    if parallel <= 1 or len(items) <= 1:
        return [run_one(job, reuse) for job, reuse in items]
    with process_pool(min(parallel, len(items))) as pool:
        return list(pool.map(_run_one_reused, items))


def _run_one_reused(item: tuple[Job, Any]) -> RunResult:
    return run_one(*item)


def _prepare(scenarios: list[Scenario], cores: int, progress: Progress | None) -> None:
    """Make the compiled kernel ready here before the scenarios' processes fork, so that they inherit it
    instead of each compiling it (on a fresh machine) or loading it (:mod:`..routing.compiled`)."""
    engines = set()
    for s in scenarios:
        try:
            engines.add(s.options().engine)
        except LogisticsError:  # the scenario's run reports it
            continue
    for name in sorted(engines):
        get_engine(name).prepare(cores, progress)


def _key(s: Scenario) -> str:
    """The scenario's routing key; a scenario whose changes do not apply gets a key of its own (its run
    then fails with the reason, and the others still finish)."""
    try:
        return routing_key(scenario_network(s), s.options(), s.repeats)
    except LogisticsError:
        return f"unapplied:{s.name}"


def _plan_of(r: RunResult, why: str) -> tuple[dict[str, Any], str, str]:
    import json

    return json.loads((Path(r.out) / "plan.json").read_text(encoding="utf-8")), r.name, why
