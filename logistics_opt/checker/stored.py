"""The checker's own reading of a run's stored matrix (``inputs/matrix.csv.gz``).

Written apart from the solver path: it parses the gzipped CSV ``from,to,km,minutes`` the run
folder holds (checking its sha256 against ``plan.json``'s ``meta.distances``) and answers legs
from it. A missing pair, a damaged file or a hash mismatch is an error: the plan cannot be checked
against other distances.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import math
from pathlib import Path
from typing import Any

from ..errors import InputError
from .legs import LegKm
from .reading import meta_value


def stored_matrix_path(run_dir: Path, plan: dict[str, Any]) -> tuple[Path, str | None] | None:
    """The plan's stored matrix and its recorded sha256, or None when the plan used crow-fly distances."""
    rel = meta_value(plan, "distances", "stored_matrix")
    return (Path(run_dir) / rel, meta_value(plan, "distances", "stored_matrix_sha256")) if rel else None


def _parse(data: bytes, name: str) -> dict[tuple[str, str], tuple[float, float]]:
    legs: dict[tuple[str, str], tuple[float, float]] = {}
    try:
        rows = csv.reader(io.StringIO(gzip.decompress(data).decode("utf-8")))
        header = next(rows)
        if header != ["from", "to", "km", "minutes"]:
            raise ValueError(f"header {header}")
        for n, row in enumerate(rows, start=2):
            km, minutes = float(row[2]), float(row[3])
            if not (math.isfinite(km) and math.isfinite(minutes)) or km < 0 or minutes < 0:
                raise ValueError(f"row {n}: {row}")
            legs[(row[0], row[1])] = (km, minutes)
    except (OSError, EOFError, ValueError, IndexError, StopIteration, UnicodeDecodeError) as exc:
        raise InputError(name, f"a damaged stored matrix ({exc})") from None
    return legs


def legs_from_bytes(data: bytes, name: str) -> LegKm:
    """``legs(a, b) -> (km, minutes)`` for :func:`check_plan` from a stored matrix's bytes."""
    legs = _parse(data, name)

    def leg(a: str, b: str) -> tuple[float, float]:
        if a == b:
            return 0.0, 0.0
        if (a, b) not in legs:
            raise InputError(name, f"no distance from '{a}' to '{b}' in the run's stored matrix")
        return legs[(a, b)]

    return leg


def stored_legs(path: Path, sha256: str | None) -> LegKm:
    """The legs of the stored matrix at ``path``, after checking it is the one ``plan.json`` recorded."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        raise InputError(str(path), "the stored matrix of this run is missing: the plan cannot be checked") from None
    if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
        raise InputError(str(path), "does not match the sha256 in plan.json (meta.distances): it was changed")
    return legs_from_bytes(data, str(path))
