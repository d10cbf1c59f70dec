"""Run independent parts of a job in parallel processes or on a Dask cluster.

Used by the planner (a national week splits into one part per hub and day) and by the
scenario runner (one part per scenario). A part that fails (its worker lost, or an error) is
tried once more; a part that fails twice fails the whole job with its name, so the caller
writes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Future, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any

from .errors import LogisticsError
from .progress import Progress
from .workers import process_pool

TRIES = 2


class PartFailed(LogisticsError):
    """A part of the job failed twice."""


@contextmanager
def dask_client(scheduler: str) -> Iterator[Any]:
    """A Dask client on ``scheduler`` (an address such as tcp://host:8786, or a LocalCluster)."""
    try:
        from distributed import Client
    except ImportError:
        raise LogisticsError(
            "--scheduler needs the 'distributed' package: pip install 'logistics-opt[distributed]'"
        ) from None
    try:
        client = Client(scheduler, timeout="20s")
    except OSError as e:
        raise LogisticsError(f"cannot reach the Dask scheduler at {scheduler}: {e}") from None
    with client:
        yield client


def run_parts(
    fn: Callable[[Any], Any],
    parts: list[tuple[str, Any]],
    *,
    workers: int = 1,
    scheduler: str | None = None,
    weights: list[float] | None = None,
    progress: Progress | None = None,
) -> list[Any]:
    """``[fn(arg) for name, arg in parts]``, in ``workers`` processes or on the Dask cluster at
    ``scheduler``; results in the order of ``parts``. Parts start heaviest first (``weights``, e.g.
    their time limits), so the last to finish are short ones."""
    order = sorted(range(len(parts)), key=lambda k: -(weights[k] if weights else 0))
    todo = [parts[k] for k in order]
    if scheduler:
        done = _on_dask(fn, todo, scheduler, progress)
    elif workers <= 1 or len(todo) <= 1:
        done = [_in_process(fn, name, arg) for name, arg in todo]
    else:
        done = _in_pool(fn, todo, workers, progress)
    out: list[Any] = [None] * len(parts)
    for k, result in zip(order, done, strict=True):
        out[k] = result
    return out


def _failed(name: str, error: BaseException) -> PartFailed:
    return PartFailed(f"part '{name}' failed twice: {type(error).__name__}: {error}")


def _in_process(fn: Callable[[Any], Any], name: str, arg: Any) -> Any:
    for attempt in range(TRIES):
        try:
            return fn(arg)
        except LogisticsError:
            raise
        except Exception as e:
            if attempt == TRIES - 1:
                raise _failed(name, e) from None
    raise AssertionError("unreachable")


def _in_pool(
    fn: Callable[[Any], Any], parts: list[tuple[str, Any]], workers: int, progress: Progress | None
) -> list[Any]:
    """All parts in one pool; the parts a failure took down are then run one at a time, each in a
    fresh process, so every later failure is the part's own. A lost worker breaks the whole pool,
    so a part that failed with it is not counted as failed: it may have been a bystander."""
    results: dict[int, Any] = {}
    failures: dict[int, int] = {}
    with process_pool(min(workers, len(parts))) as pool:
        futures: dict[Future[Any], int] = {pool.submit(fn, arg): k for k, (_, arg) in enumerate(parts)}
        for fut in as_completed(futures):
            k = futures[fut]
            try:
                results[k] = fut.result()
            except LogisticsError:
                raise
            except BrokenProcessPool:
                failures[k] = 0
            except Exception:
                failures[k] = 1
    if failures and progress:
        progress(f"retrying {len(failures)} part(s): {', '.join(parts[k][0] for k in sorted(failures)[:5])}")
    for k in sorted(failures):
        while k not in results:
            with process_pool(1) as single:
                try:
                    results[k] = single.submit(fn, parts[k][1]).result()
                except LogisticsError:
                    raise
                except Exception as e:  # BrokenProcessPool included: this part's own process was lost
                    failures[k] += 1
                    if failures[k] >= TRIES:
                        raise _failed(parts[k][0], e) from None
    return [results[k] for k in range(len(parts))]


def _on_dask(
    fn: Callable[[Any], Any], parts: list[tuple[str, Any]], scheduler: str, progress: Progress | None
) -> list[Any]:
    from distributed import as_completed as dask_completed

    results: dict[int, Any] = {}
    tries = dict.fromkeys(range(len(parts)), 0)
    with dask_client(scheduler) as client:

        def submit(k: int) -> Any:
            tries[k] += 1
            key = f"part-{parts[k][0].replace(' ', '-')}-{uuid.uuid4().hex[:8]}"
            return client.submit(fn, parts[k][1], key=key, pure=False, priority=len(parts) - k)

        futures = {submit(k): k for k in range(len(parts))}
        queue = dask_completed(list(futures))
        for fut in queue:
            k = futures.pop(fut)
            try:
                results[k] = fut.result()
            except LogisticsError:
                raise
            except Exception as e:  # the worker was lost, or the part raised
                if tries[k] >= TRIES:
                    raise _failed(parts[k][0], e) from None
                if progress:
                    progress(f"retrying part '{parts[k][0]}' after {type(e).__name__}")
                again = submit(k)
                futures[again] = k
                queue.add(again)
    return [results[k] for k in range(len(parts))]
