"""Progress messages on stderr: one printer for every command (``--silent`` turns it off)."""

from __future__ import annotations

import sys
from collections.abc import Callable

Progress = Callable[[str], None]


def printer(silent: bool = False, prefix: str = "logistics-opt") -> Progress | None:
    """A progress callback that writes ``[prefix] message`` lines to stderr; None when ``silent``."""
    if silent:
        return None

    def say(msg: str) -> None:
        print(f"[{prefix}] {msg}", file=sys.stderr, flush=True)

    return say
