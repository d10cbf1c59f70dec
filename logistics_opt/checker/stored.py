"""The checker's own reading of a run's stored matrix (``inputs/matrix.csv.gz``).

Written apart from the solver path: it parses the file the run folder holds, checks its sha256
against ``plan.json``'s ``meta.distances``, and answers legs from it. A missing pair, a damaged file
or a hash mismatch is an error: the plan cannot be checked against other distances.
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

Leg = tuple[float, float]


def stored_matrix_path(run_dir: Path, plan: dict[str, Any]) -> Path | None:
    """Where the plan's stored matrix is, or None when the plan used crow-fly distances."""
    rel = ((plan.get("meta") or {}).get("distances") or {}).get("stored_matrix")
    return Path(run_dir) / rel if rel else None


def read_stored_legs(path: Path, sha256: str | None = None) -> dict[tuple[str, str], Leg]:
    """(from, to) -> (km, minutes) from a stored matrix; ``sha256`` is the hash the plan recorded."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        raise InputError(str(path), "the stored matrix of this run is missing: the plan cannot be checked") from None
    if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
        raise InputError(str(path), "does not match the sha256 in plan.json (meta.distances): it was changed")
    legs: dict[tuple[str, str], Leg] = {}
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
        raise InputError(str(path), f"a damaged stored matrix ({exc})") from None
    return legs


def stored_leg_function(path: Path, sha256: str | None = None) -> Any:
    """A ``legs(a, b) -> (km, minutes)`` for :func:`check_plan`; a pair not in the file is an error."""
    legs = read_stored_legs(path, sha256)

    def leg(a: str, b: str) -> Leg:
        if a == b:
            return 0.0, 0.0
        if (a, b) not in legs:
            raise InputError(str(path), f"no distance from '{a}' to '{b}' in the run's stored matrix")
        return legs[(a, b)]

    return leg
