"""Progress on stderr for long work: a bar with the time left on a terminal, plain lines otherwise.

A progress argument anywhere in the package is a :data:`Progress`: a callable taking one message
(or None for silence). The CLI hands down a :class:`Reporter` (from :func:`printer`), which is such
a callable and also draws bars for work of known size::

    with as_reporter(progress).bar(len(days), "solving days") as bar:
        for day in days:
            ...
            bar.advance(note=day)

On a terminal the bar is tqdm's (done/total, elapsed and time left) and messages print above it.
When stderr is not a terminal (a log file, CI) each step is one plain line with the estimated
time left, so logs stay readable. With ``--silent`` nothing is printed. Code handed a bare
callable (or None) gets the same API through :func:`as_reporter`.
"""

from __future__ import annotations

import io
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO

Progress = Callable[[str], None]


class Bar:
    """One piece of work with a known number of steps; :meth:`advance` after each."""

    def __init__(self, owner: Reporter, total: int, desc: str) -> None:
        self.owner, self.total, self.desc = owner, total, desc
        self.done = 0
        self.t0 = time.monotonic()
        self._tqdm = None
        if owner.is_terminal and not owner.silent:
            from tqdm import tqdm

            self._tqdm = tqdm(
                total=total,
                desc=f"{owner.prefix}{desc}",
                file=owner.stream,
                leave=True,
                dynamic_ncols=True,
                unit="",
                bar_format="{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}]{postfix}",
            )

    def advance(self, n: int = 1, note: str = "") -> None:
        """``n`` more steps done; ``note`` says what finished (shown after the bar, or on the line)."""
        self.done += n
        if self.owner.silent:
            return
        if self._tqdm is not None:
            if note:
                self._tqdm.set_postfix_str(note, refresh=False)
            self._tqdm.update(n)
            return
        self.owner.line(f"{self.desc}: {self.done}/{self.total}{self._left()}" + (f" ({note})" if note else ""))

    def _left(self) -> str:
        elapsed = time.monotonic() - self.t0
        if not self.done or self.done >= self.total:
            return f", {elapsed:.0f} s"
        left = elapsed / self.done * (self.total - self.done)
        return f", {elapsed:.0f} s, about {left:.0f} s left"

    def say(self, msg: str) -> None:
        """A message while the bar runs (above the bar on a terminal)."""
        self.owner.say(msg)

    def close(self) -> None:
        if self._tqdm is not None:
            self._tqdm.close()
            self._tqdm = None


class Reporter:
    """Where progress goes: ``stream`` (default stderr) with ``[prefix]`` lines, or ``sink`` (a callable
    taking each line as it is)."""

    def __init__(
        self,
        silent: bool = False,
        stream: IO[str] | None = None,
        sink: Progress | None = None,
        prefix: str = "logistics-opt",
    ) -> None:
        self.silent = silent
        self.stream = stream if stream is not None else sys.stderr
        self.sink = sink
        self.prefix = f"[{prefix}] "
        isatty = getattr(self.stream, "isatty", None)
        width = _width(self.stream)
        # A terminal of no width (a pty without a size) draws no bar: plain lines then.
        self.is_terminal = sink is None and bool(isatty and isatty()) and (width is None or width >= 20)
        self._bars: list[Bar] = []

    def __call__(self, msg: str) -> None:
        self.say(msg)

    def say(self, msg: str) -> None:
        """One message, unless silent."""
        if not self.silent:
            self.line(msg)

    def line(self, msg: str) -> None:
        """One message even when silent (failures)."""
        if self.sink is not None:
            self.sink(msg)
        elif self._bars and self._bars[-1]._tqdm is not None:
            from tqdm import tqdm

            tqdm.write(self.prefix + msg, file=self.stream)
        else:
            print(self.prefix + msg, file=self.stream, flush=True)

    @contextmanager
    def bar(self, total: int, desc: str) -> Iterator[Bar]:
        """A bar for ``total`` steps, closed when the block ends (also on errors)."""
        b = Bar(self, total, desc)
        self._bars.append(b)
        try:
            yield b
        finally:
            self._bars.remove(b)
            b.close()


def _width(stream: IO[str]) -> int | None:
    """The terminal's columns, or None when the stream has no terminal size to ask for."""
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return None


def printer(silent: bool = False, prefix: str = "logistics-opt") -> Reporter | None:
    """The progress of a command: a :class:`Reporter` on stderr; None when ``silent``."""
    return None if silent else Reporter(prefix=prefix)


def as_reporter(progress: Progress | None) -> Reporter:
    """A :class:`Reporter` for any progress argument: itself, plain lines to a callable, silence for None."""
    if isinstance(progress, Reporter):
        return progress
    if progress is None:
        return Reporter(silent=True)
    return Reporter(sink=progress)
