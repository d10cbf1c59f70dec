"""The distances a run used, kept in its run folder: ``inputs/matrix.csv.gz`` and ``meta.distances``.

With a road network (``--roads``) or a router's matrix (``--matrix``), the run folder keeps the exact
km and minutes the solver was given, as gzipped CSV ``from,to,km,minutes`` (every ordered pair,
floats written to round-trip exactly), and ``plan.json`` says where they came from. The checker and
``check`` recompute every leg from this file, never from the solver. Crow-fly runs store nothing:
the checker recomputes those legs from the coordinates itself.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io

import numpy as np

from .errors import InputError
from .matrix import Matrix

STORED_MATRIX = "matrix.csv.gz"  # inside the run folder's inputs/


def matrix_csv_gz(matrix: Matrix) -> bytes:
    """The matrix as gzipped CSV; the same matrix always gives the same bytes."""
    text = io.StringIO()
    out = csv.writer(text, lineterminator="\n")
    out.writerow(["from", "to", "km", "minutes"])
    for i, a in enumerate(matrix.ids):
        for j, b in enumerate(matrix.ids):
            if i != j:
                out.writerow([a, b, repr(float(matrix.km[i, j])), repr(float(matrix.minutes[i, j]))])
    return gzip.compress(text.getvalue().encode("utf-8"), mtime=0)


def stored_matrix(matrix: Matrix) -> tuple[bytes, dict[str, str]]:
    """The bytes of ``inputs/matrix.csv.gz`` and the meta.distances entries that point to them."""
    data = matrix_csv_gz(matrix)
    return data, {"stored_matrix": f"inputs/{STORED_MATRIX}", "stored_matrix_sha256": hashlib.sha256(data).hexdigest()}


def read_stored_matrix(data: bytes, ids: tuple[str, ...], name: str) -> Matrix:
    """The matrix a run folder stored (the bytes of ``inputs/matrix.csv.gz``), over ``ids`` in that
    order, for the reports that weigh by the run's own km. A pair it lacks is an error naming ``name``."""
    pos = {b: i for i, b in enumerate(ids)}
    km = np.zeros((len(ids), len(ids)))
    minutes = np.zeros_like(km)
    seen = 0
    try:
        rows = csv.reader(io.StringIO(gzip.decompress(data).decode("utf-8")))
        next(rows)
        for row in rows:
            i, j = pos.get(row[0]), pos.get(row[1])
            if i is not None and j is not None and i != j:
                km[i, j], minutes[i, j] = float(row[2]), float(row[3])
                seen += 1
    except (OSError, EOFError, ValueError, IndexError, StopIteration, UnicodeDecodeError) as exc:
        raise InputError(name, f"a damaged stored matrix ({exc})") from None
    if seen != len(ids) * (len(ids) - 1):
        raise InputError(name, f"the stored matrix lacks {len(ids) * (len(ids) - 1) - seen} pairs of the run's places")
    return Matrix(ids, km, minutes)
