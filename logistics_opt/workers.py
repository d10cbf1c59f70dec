"""Worker processes that end at once, silently, on Ctrl-C.

A terminal sends SIGINT to every process of the job. Workers take the default action (die at
once, even inside an OR-Tools search in C++), so only the main process reports the interrupt,
and nothing keeps running after it.
"""

from __future__ import annotations

import signal
from concurrent.futures import ProcessPoolExecutor


def die_on_ctrl_c() -> None:
    """Process initializer: SIGINT ends this process without a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def process_pool(max_workers: int) -> ProcessPoolExecutor:
    """A process pool whose workers die silently on Ctrl-C (see module docstring)."""
    return ProcessPoolExecutor(max_workers=max_workers, initializer=die_on_ctrl_c)
