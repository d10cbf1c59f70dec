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

from .distances import Matrix

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
