"""The kernel made ready before a run forks its workers (:mod:`logistics_opt.routing.compiled`).

Each check runs in a fresh interpreter, whose kernel is not in memory yet (this test process has
usually run searches already). Numba's disk cache is the project's own, so on a machine where the
kernel is compiled these only load it."""

from __future__ import annotations

import subprocess
import sys
import textwrap

# Every compiled function of the three kernels, with the signatures it has in memory.
_OVERLOADS = """
from numba.core.registry import CPUDispatcher
from logistics_opt.routing import anneal_kernel, fleet_kernel, sisr_kernel

def overloads():
    return {
        (m.__name__, name): len(f.overloads)
        for m in (anneal_kernel, fleet_kernel, sisr_kernel)
        for name, f in vars(m).items()
        if isinstance(f, CPUDispatcher)
    }
"""


def _run(script: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_OVERLOADS) + textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_two_parts_cover_every_function_a_search_calls():
    """The child's part and this process's part together leave the warm-up (a search that leaves a stop
    out, and one that takes routes away) nothing to compile or load: the types the parts compile are
    the search's, and no function called from Python is missed."""
    out = _run(
        """
        from logistics_opt.routing import compiled, sisr
        compiled._annealing()
        compiled._the_rest()
        before = overloads()
        sisr.warm_up()
        after = overloads()
        print(sorted(k for k in after if after[k] != before[k]) or "none")
        print(sum(1 for n in after.values() if n > 1))
        """
    )
    new, several = out.splitlines()
    assert new == "none"
    assert several == "0"  # each function compiled once, for one set of argument types


def test_prepare_leaves_the_kernel_ready_and_says_nothing_when_it_is_on_disk():
    out = _run(
        """
        from logistics_opt.routing import compiled, sisr
        heard = []
        compiled.prepare(2, heard.append)
        print(sisr.warm_up.cache_info().currsize, compiled.on_disk())
        compiled.prepare(2, heard.append)  # ready: nothing to do, nothing said
        print(len(heard))
        """
    )
    ready, said = out.splitlines()
    assert ready == "1 True"
    assert said in ("0", "1")  # one line only when this machine had never compiled it
