"""Run scenarios: each in a process of its own, or on a Dask cluster; one run folder each."""

from __future__ import annotations

import multiprocessing
import os
import tempfile
import time
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any

from ..data.read import input_files, load_network
from ..data.write import materialise
from ..errors import InputError, LogisticsError
from ..pipeline import command_line, make_plan
from ..plan import Plan
from ..progress import Progress
from ..runs import files_hash, write_manifest, write_run
from ..workers import die_on_ctrl_c
from .apply import apply_scenario
from .spec import Scenario


def run_scenario(scn: Scenario, out_dir: str | Path, workers: int = 1, progress: Progress | None = None) -> Plan:
    """Apply, materialise, solve, check and write one scenario's run folder (like ``plan``'s)."""
    base = load_network(scn.data)
    net = apply_scenario(base, scn)
    with tempfile.TemporaryDirectory(prefix=f"logistics-opt-{scn.name}-") as tmp:
        folder = Path(tmp) / "inputs"
        comment = (
            f"Effective settings of scenario '{scn.name}' ({scn.label}),\n"
            f"base data {scn.data}; written by logistics-opt."
        )
        net = materialise(net, folder, scn.data, comment)
        plan = make_plan(net, scn.options(workers), progress)
        plan.meta["inputs_sha256"] = files_hash(input_files(folder))
        plan.meta["data"] = str(scn.data)
        plan.meta["command"] = command_line()
        plan.meta["scenario"] = {
            "name": scn.name,
            "description": scn.description,
            "file": str(scn.file) if scn.file else None,
            "base_data": str(scn.data),
            "frequencies": scn.frequencies,
        }
        extra = {"scenario.toml": scn.file.read_text(encoding="utf-8")} if scn.file else {}
        write_run(plan, folder, Path(out_dir), extra=extra)
    return plan


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

    @property
    def complete(self) -> bool:
        return self.ok and not self.summary.get("unassigned", 0)


def run_one(job: tuple[Scenario, str, int]) -> RunResult:
    """Run one scenario and never raise: failures come back as a :class:`RunResult` (for pools)."""
    scn, out, workers = job
    t0 = time.perf_counter()
    try:
        plan = run_scenario(scn, out, workers)
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
    return RunResult(
        scn.name, out, True, round(time.perf_counter() - t0, 1), summary=plan.summary(), service=dict(plan.service)
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
        for recv in wait(list(running)):
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


def run_many(
    scenarios: list[Scenario],
    out_root: str | Path,
    jobs: int = 0,
    scheduler: str | None = None,
    on_result: Callable[[RunResult], None] | None = None,
) -> list[RunResult]:
    """Run scenarios into ``out_root/<name>/``: in ``jobs`` worker processes (0: one per core), or on
    the Dask cluster at ``scheduler``. A failing scenario is reported; the others still finish.
    Results come back in the order of ``scenarios``.
    """
    check_unique(scenarios)
    out_root = Path(out_root)
    cores = os.cpu_count() or 1
    jobs = max(1, min(jobs or cores, len(scenarios) or 1))
    results: dict[str, RunResult] = {}

    def done(r: RunResult) -> None:
        results[r.name] = r
        if on_result:
            on_result(r)

    if scheduler:
        try:
            from distributed import Client
            from distributed import as_completed as dask_completed
        except ImportError:
            raise LogisticsError(
                "--scheduler needs the 'distributed' package: pip install 'logistics-opt[distributed]'"
            ) from None
        with Client(scheduler) as client:
            futures = {
                client.submit(
                    run_one, (s, str(out_root / s.name), 1), pure=False, key=f"scenario-{s.name}-{uuid.uuid4().hex[:8]}"
                ): s
                for s in scenarios
            }
            for fut in dask_completed(list(futures)):
                s = futures[fut]
                try:
                    done(fut.result())
                except Exception as e:  # the worker died
                    done(RunResult(s.name, str(out_root / s.name), False, 0.0, f"{type(e).__name__}: {e}"))
    elif jobs == 1:
        for s in scenarios:
            done(run_one((s, str(out_root / s.name), 0)))
    else:
        per = max(1, cores // jobs)
        run_isolated([(s, str(out_root / s.name), per) for s in scenarios], jobs, done)
    ordered = [results[s.name] for s in scenarios]
    write_manifest(
        out_root, [{"name": r.name, "folder": Path(r.out).name, "ok": r.ok, "error": r.error} for r in ordered]
    )
    return ordered
