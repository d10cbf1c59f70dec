"""Stopping: the rule a user names (:class:`StopRule`) and the criteria every search phase asks
(as PyVRP's ``pyvrp.stop``).

A criterion counts work (:class:`MaxIterations`: iterations, rounds or moves, whatever the phase
counts) or watches the clock (:class:`MaxRuntime`); :class:`FirstOf` stops at whichever of several
comes first. A phase asks :meth:`~StoppingCriterion.done`, reports its work with
:meth:`~StoppingCriterion.add`, reads how far it has come with :meth:`~StoppingCriterion.fraction`
(its annealing cools by it) and hands a sub-phase :meth:`~StoppingCriterion.part` of itself. A
criterion that counts work leads: in a combined criterion the clock is only a cap, so the result
depends on the work alone unless the cap stops it. Every criterion is also a PyVRP stopping
criterion: ``criterion(best_cost)`` counts one iteration and says whether to stop.

:class:`MaxRuntime` is also the run's time budget: phases take :meth:`~MaxRuntime.share` of what is left.
"""

from __future__ import annotations

import math
import time
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass

#: Reproducible runs (``scenario run`` and ``frontier`` by default, ``--stop work``): solutions of each
#: day's first search, then ruin-and-recreate rounds, and the wall-clock cap in seconds. Measured on the
#: Utrecht week (benchmarks/HISTORY.md): 25 solutions and 50 rounds cost EUR 5,518 a week over three seeds
#: against 5,522 for 200 solutions and 50 rounds, on about 40 % less CPU.
DEFAULT_SOLUTION_LIMIT = 25
DEFAULT_ROUNDS = 50
DEFAULT_CAP_S = 600.0
#: Seconds of a run that stops on time when no time limit is given.
DEFAULT_TIME_S = 30.0
STOPS = ("work", "time")


class StoppingCriterion(ABC):
    """Whether a search phase goes on."""

    @abstractmethod
    def done(self) -> bool:
        """True once the phase must stop."""

    def add(self, work: int = 1) -> None:  # noqa: B027 (a criterion of time alone counts nothing)
        """Count ``work`` units done (a criterion that watches only the clock ignores them)."""

    @abstractmethod
    def fraction(self, work: int = 0, seconds: float = 0.0) -> float:
        """How far the phase has come, 0 to 1, were ``work`` more units done and ``seconds`` more passed."""

    def work_left(self) -> int | None:
        """Units of work left; None when the criterion counts no work."""
        return None

    def seconds_left(self) -> float:
        """Seconds left on the clock (``inf`` when the criterion watches no clock)."""
        return math.inf

    @abstractmethod
    def part(self, share: float) -> StoppingCriterion:
        """A fresh criterion for a sub-phase: ``share`` of the work left (the clock stays a cap), or,
        for a criterion of time alone, ``share`` of the time left."""

    def __call__(self, best_cost: float = 0.0) -> bool:
        """PyVRP's protocol: asked before each iteration; counts it unless the phase is done."""
        if self.done():
            return True
        self.add(1)
        return False


class MaxIterations(StoppingCriterion):
    """Done after ``limit`` units of work."""

    def __init__(self, limit: int) -> None:
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
            raise ValueError(f"MaxIterations: limit = {limit!r}, expected a whole number >= 0")
        self.limit = limit
        self.count = 0

    def done(self) -> bool:
        return self.count >= self.limit

    def add(self, work: int = 1) -> None:
        self.count += work

    def fraction(self, work: int = 0, seconds: float = 0.0) -> float:
        return (self.count + work) / self.limit if self.limit else 1.0

    def work_left(self) -> int:
        return max(0, self.limit - self.count)

    def part(self, share: float) -> MaxIterations:
        return MaxIterations(int(self.work_left() * share))

    def __repr__(self) -> str:
        return f"MaxIterations({self.limit}, done {self.count})"


class MaxRuntime(StoppingCriterion):
    """Done ``seconds`` of wall-clock time after ``start`` (``time.perf_counter()``; default: now)."""

    def __init__(self, seconds: float, start: float | None = None) -> None:
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not seconds >= 0:
            raise ValueError(f"MaxRuntime: seconds = {seconds!r}, expected a number >= 0")
        self.seconds = float(seconds)
        self.start = time.perf_counter() if start is None else start

    @classmethod
    def until(cls, deadline: float) -> MaxRuntime:
        """Done at ``deadline`` (``time.perf_counter()``), counted from now."""
        now = time.perf_counter()
        return cls(max(0.0, deadline - now), now)

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

    def seconds_left(self) -> float:
        return self.left()

    def fraction(self, work: int = 0, seconds: float = 0.0) -> float:
        return min(1.0, max(0.0, (self.elapsed() + seconds) / max(self.seconds, 1e-9)))

    def part(self, share: float) -> MaxRuntime:
        now = time.perf_counter()
        return MaxRuntime(share * max(0.0, self.deadline - now), now)

    def share(self, weight: float, of: float = 1.0, floor: float = 0.01) -> float:
        """Seconds for a part of weight ``weight`` out of ``of`` (the weights of it and every part still to
        come), from what is left (never more than is left)."""
        left = self.left()
        return max(floor, min(left, left * weight / of)) if of > 0 else floor

    def __repr__(self) -> str:
        return f"MaxRuntime({self.seconds:g} s)"


class FirstOf(StoppingCriterion):
    """Done when any of ``criteria`` is: work and time combined, whichever comes first. The first
    criterion that counts work gives the progress (the clock is then a cap)."""

    def __init__(self, criteria: Sequence[StoppingCriterion]) -> None:
        if not criteria:
            raise ValueError("FirstOf needs at least one criterion")
        self.criteria = tuple(criteria)

    def done(self) -> bool:
        return any(c.done() for c in self.criteria)

    def add(self, work: int = 1) -> None:
        for c in self.criteria:
            c.add(work)

    def _lead(self) -> StoppingCriterion:
        return next((c for c in self.criteria if c.work_left() is not None), self.criteria[0])

    def fraction(self, work: int = 0, seconds: float = 0.0) -> float:
        return self._lead().fraction(work, seconds)

    def work_left(self) -> int | None:
        left = [w for c in self.criteria if (w := c.work_left()) is not None]
        return min(left) if left else None

    def seconds_left(self) -> float:
        return min(c.seconds_left() for c in self.criteria)

    def part(self, share: float) -> FirstOf:
        if self.work_left() is None:
            return FirstOf([c.part(share) for c in self.criteria])
        return FirstOf([c.part(share) if c.work_left() is not None else c for c in self.criteria])

    def __repr__(self) -> str:
        return f"FirstOf({', '.join(map(repr, self.criteria))})"


def stop_after(work: int | None = None, deadline: float | None = None) -> StoppingCriterion:
    """After ``work`` units (None: no count) or at ``deadline`` (``time.perf_counter()``; None: no clock),
    whichever comes first."""
    criteria: list[StoppingCriterion] = []
    if work is not None:
        criteria.append(MaxIterations(work))
    if deadline is not None:
        criteria.append(MaxRuntime.until(deadline))
    if not criteria:
        raise ValueError("stop_after needs work or a deadline")
    return criteria[0] if len(criteria) == 1 else FirstOf(criteria)


class StopRuleError(ValueError):
    """A stopping rule that cannot be; ``key`` names the setting at fault."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class StopRule:
    """How a run stops, as a user names it: on work (``solution_limit`` solutions of each day's first
    search, then ``rounds`` ruin-and-recreate rounds, default a quarter of the limit; the frequency model
    counts its option moves and rounds), the same plan on any machine, with ``time_limit_s`` only a cap;
    or on time (no solution limit: search for ``time_limit_s``)."""

    time_limit_s: float
    solution_limit: int | None = None
    rounds: int | None = None

    def __post_init__(self) -> None:
        t = self.time_limit_s
        if isinstance(t, bool) or not isinstance(t, int | float) or not math.isfinite(t) or t <= 0:
            raise StopRuleError("time_limit", f"time_limit = {t!r}: expected seconds above 0")
        for key in ("solution_limit", "rounds"):
            v = getattr(self, key)
            if v is not None and (isinstance(v, bool) or not isinstance(v, int) or v < 1):
                raise StopRuleError(key, f"{key} = {v!r}: expected a whole number >= 1")
        if self.rounds is not None and self.solution_limit is None:
            raise StopRuleError("rounds", "rounds count work: they need a solution limit")

    @property
    def stop(self) -> str:
        """``"work"`` or ``"time"``."""
        return "work" if self.solution_limit is not None else "time"

    @classmethod
    def named(
        cls,
        stop: str | None = None,
        *,
        time_limit_s: float | None = None,
        solution_limit: int | None = None,
        rounds: int | None = None,
        default: str = "time",
        time_s: float = DEFAULT_TIME_S,
        cap_s: float = DEFAULT_CAP_S,
        style: str = "file",
    ) -> StopRule:
        """The rule from what a command or scenario file names. ``stop`` is ``"work"`` or ``"time"``; left
        out, it is ``"work"`` when a solution limit or rounds are given, else ``default``. A run on work
        without a solution limit does DEFAULT_SOLUTION_LIMIT solutions and (without rounds given)
        DEFAULT_ROUNDS rounds, capped at ``cap_s`` unless a time limit is given; a run on time searches for
        the time limit (default ``time_s``). Errors name the keys as a scenario file (``style`` "file":
        ``solution_limit``) or a command line ("option": ``--solution-limit``) spells them."""
        if stop is None:
            stop = "work" if solution_limit is not None or rounds is not None else default
        if stop not in STOPS:
            raise StopRuleError("stop", f'{spell("stop", stop, style)}: expected "work" or "time"')
        if stop == "time":
            for key, v in (("solution_limit", solution_limit), ("rounds", rounds)):
                if v is not None:
                    raise StopRuleError(
                        key,
                        f"{spell(key, None, style)} makes a run stop on work: leave it out with "
                        f"{spell('stop', 'time', style)}",
                    )
            return cls(time_s if time_limit_s is None else time_limit_s)
        if solution_limit is None:
            solution_limit = DEFAULT_SOLUTION_LIMIT
            rounds = DEFAULT_ROUNDS if rounds is None else rounds
        return cls(cap_s if time_limit_s is None else time_limit_s, solution_limit, rounds)


def spell(key: str, value: object = None, style: str = "file") -> str:
    """A setting as a user writes it: in a scenario file (``stop = "time"``) or on a command line
    (``--stop time``)."""
    if style == "option":
        return f"--{key.replace('_', '-')}" + ("" if value is None else f" {value}")
    return key + ("" if value is None else f" = {value!r}".replace("'", '"'))
