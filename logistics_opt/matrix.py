"""The km and minutes between a run's places: :class:`Matrix`, which the solver, the checks and the
reports read.

A leaf: the crow-fly model and a router's matrix (:mod:`.distances`) and the road network
(:mod:`.roads`) each make one, without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Matrix:
    """Road km and driving minutes between ``ids`` (same order on both axes)."""

    ids: tuple[str, ...]
    km: np.ndarray
    minutes: np.ndarray

    def index(self) -> dict[str, int]:
        return {b: i for i, b in enumerate(self.ids)}
