"""Writing files safely: atomic folders, UTF-8 text, spreadsheet-safe CSV, and the inputs' hash.

A leaf: it imports nothing of the package, so every layer (the data writers, the road builder,
the run folder, the reports) writes through it without importing a layer above its own.

Atomic folders: everything goes to a temporary folder beside the target, which then replaces the
target in one rename. A failed or interrupted write leaves an earlier folder as it was, and never a
half-written one.

Spreadsheet-safe cells: a spreadsheet treats a cell that starts with ``=``, ``+``, ``-`` or ``@`` as
a formula, and a leading tab or carriage return can hide one; a branch named
``=HYPERLINK("http://...","x")`` would run when the coordinator opens ``route_sheet.csv`` (CSV
injection). Following OWASP's advice, such text cells get a leading single quote, which Excel and
LibreOffice show as text. Numbers written as numbers (``-3.5`` as a float) are not text and stay
numbers; text that is a plain number (``"-3.5"``) cannot run either and is left as it is, so figures
formatted as text still sort. Every CSV (:func:`csv_text`) and XLSX writer of the project passes its
cells through :func:`safe_cell`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


@contextmanager
def atomic_folder(target: str | Path) -> Iterator[Path]:
    """Yield a temporary folder; on success it becomes ``target`` (replacing an old one)."""
    target = Path(target).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        yield tmp
        old = None
        if target.exists():
            old = target.parent / f".{target.name}.old-{os.getpid()}"
            os.replace(target, old)
        os.replace(tmp, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def write_text(path: Path, text: str) -> None:
    """``text`` as UTF-8 into ``path``, making its folder if needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def safe_cell(value: Any) -> Any:
    """``value`` with a leading ``'`` when it is text starting like a formula; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    """Every cell of ``row`` through :func:`safe_cell`."""
    return [safe_cell(v) for v in row]


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]], *, safe: bool = True) -> str:
    """CSV text (comma, ``\\n`` line ends); ``None`` cells are written empty. Every text cell is
    spreadsheet-safe (:func:`safe_cell`: none can run as a formula) unless ``safe`` is False: only
    for data files the loader must read back exactly (:mod:`.data.write`)."""
    cell = safe_row if safe else list
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(cell(header))
    w.writerows([cell("" if v is None else v for v in row) for row in rows])
    return out.getvalue()


def files_hash(files: Iterable[Path]) -> str:
    """sha256 over the input files' names and bytes, in the order given."""
    h = hashlib.sha256()
    for f in files:
        h.update(Path(f).name.encode() + b"\0")
        h.update(Path(f).read_bytes())
    return h.hexdigest()
