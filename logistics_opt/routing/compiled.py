"""The compiled search's kernel made ready once, before a run starts its worker processes.

Workers are forked, so they inherit a kernel this process has ready, instead of each loading it from
Numba's disk cache or, on a fresh machine, each compiling it: some 35 s of CPU apiece, which two
scenario processes used to spend side by side at the start of the main job. On a fresh machine with two
or more cores the compile itself is shared: a child process compiles the annealing step (about half of
the work) while this process compiles the rest; the warm-up (:func:`.sisr.warm_up`) then loads the
child's part from the disk cache. Where the kernel is ready already, this costs nothing.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable

import numpy as np

from . import anneal_kernel as anneal
from . import fleet_kernel as fleet
from . import sisr
from . import sisr_kernel as k
from .problem import DayProblem, Vehicle

CHILD_TIMEOUT_S = 600  # the child's part takes some 15 s of CPU; this is only a guard against a hung child


def prepare(cores: int, say: Callable[[str], None] | None = None) -> None:
    """Have the kernel ready in this process (see the module's docstring); ``cores``: the cores the run
    uses; ``say`` hears that it is compiled, when it is not on disk yet. A child that fails (or hangs, and
    is stopped) leaves its part to the warm-up, which compiles what it cannot load."""
    if sisr.warm_up.cache_info().currsize:  # ready in this process already
        return
    if say and not on_disk():
        say("compiling the search's kernel, once on this machine (about 20 s)")
    if cores >= 2 and "fork" in multiprocessing.get_all_start_methods():
        child = multiprocessing.get_context("fork").Process(target=_annealing, name="compile-kernel", daemon=True)
        child.start()
        _the_rest()
        child.join(timeout=CHILD_TIMEOUT_S)
        if child.is_alive():  # stuck: the warm-up compiles its part here
            child.kill()
            child.join()
    sisr.warm_up()


def on_disk() -> bool:
    """Whether Numba's disk cache holds the annealing step (so the kernel loads instead of compiling);
    True where this Numba keeps its cache elsewhere than we look."""
    cache = getattr(anneal.iterate, "_cache", None)
    index = getattr(getattr(cache, "_cache_file", None), "_index_path", None)
    return index is None or os.path.exists(index)


def _tiny() -> tuple[k.Day, k.State]:
    """A day of three stops packed as the search packs its days, so the types compiled are the search's."""
    d = tuple(tuple(abs(i - j) * 1000 for j in range(4)) for i in range(4))
    van = Vehicle("compile", "van", 0, 10, 1, 1.0, 1.0, 0, 36000)
    day = DayProblem(d, d, (0,) * 4, (0,) * 4, (0, 3, 3, 3), ((0, 99999),) * 4, (van,) * 3)
    return sisr.pack(day), sisr.new_state(day, [[1], [2], [3]])


def _annealing() -> None:
    """The child's part: the annealing step, with the ruin and recreate it calls."""
    day, state = _tiny()
    k.start(day, state)
    anneal.iterate(day, state, 1, 0.0, 1.0, 1.0, 1.0)


def _the_rest() -> None:
    """This process's part: every other function the search calls from Python."""
    day, state = _tiny()
    k.start(day, state)
    k.seed_rng(0)
    anneal.place_unserved(day, state, np.zeros(0, dtype=np.int64))
    zeros = np.zeros(len(day.deliv), dtype=np.int64)
    fleet.reduce(day, state, zeros, zeros.copy(), np.zeros(2, dtype=np.int64), 1, 1, 1)
    fleet.restore_best(day, state)
