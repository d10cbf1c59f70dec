"""The search budget: one object every solver phase asks, instead of arithmetic in each phase
(as PyVRP's stopping criteria). A :class:`Budget` is wall-clock seconds from a start; phases take
shares of what is left, in proportion to their weight."""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass
class Budget:
    """``seconds`` of wall-clock time from ``start`` (``time.perf_counter()``)."""

    seconds: float
    start: float = field(default_factory=time.perf_counter)

    @property
    def deadline(self) -> float:
        return self.start + self.seconds

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def left(self, floor: float = 0.0) -> float:
        """Seconds left (at least ``floor``)."""
        return max(floor, self.deadline - time.perf_counter())

    def done(self) -> bool:
        return time.perf_counter() >= self.deadline

    def share(self, weight: float, of: float = 1.0, floor: float = 0.01) -> float:
        """Seconds for a part of weight ``weight`` out of ``of`` (the weights of it and every part still to
        come), from what is left (never more than is left)."""
        left = self.left()
        return max(floor, min(left, left * weight / of)) if of > 0 else floor
