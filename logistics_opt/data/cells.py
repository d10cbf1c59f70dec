"""Tables as text cells: CSV (comma or semicolon, decimal point or comma, UTF-8 with or without a
byte-order mark), XLSX (first sheet), or a sheet of one workbook ``data.xlsx`` holding every table,
and typed cell values with errors that name the file, the row as a spreadsheet numbers it and the
column. Lines whose first cell starts with ``#`` are notes: skipped, but still counted in row numbers."""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, overload

from ..codes import WEEKDAYS
from ..errors import InputError


@dataclass
class Row:
    """One data row: its 1-based spreadsheet row number and its cells by column."""

    number: int
    cells: dict[str, str]


WORKBOOK = "data.xlsx"


@dataclass
class Table:
    path: Path
    columns: list[str]
    rows: list[Row]
    sheet: str | None = None

    @property
    def name(self) -> str:
        return f"{self.path.name}, sheet {self.sheet}" if self.sheet else self.path.name


def find_table(folder: Path, stem: str) -> Path:
    """``folder/stem.csv``, ``folder/stem.xlsx`` or the workbook ``folder/data.xlsx`` (which must then
    have a sheet ``stem``); an error naming them if none exists."""
    for ext in (".csv", ".xlsx"):
        p = folder / f"{stem}{ext}"
        if p.is_file():
            return p
    if (folder / WORKBOOK).is_file():
        return folder / WORKBOOK
    raise InputError(
        str(folder / f"{stem}.csv"), f"file not found (expected {stem}.csv, {stem}.xlsx or {WORKBOOK} in {folder})"
    )


def optional_table(folder: Path, stem: str) -> Path | None:
    """``folder/stem.csv`` or ``.xlsx``, or the workbook ``folder/data.xlsx`` when it has a sheet
    ``stem``; None when the data folder has no such table (an optional one)."""
    for ext in (".csv", ".xlsx"):
        if (folder / f"{stem}{ext}").is_file():
            return folder / f"{stem}{ext}"
    book = folder / WORKBOOK
    if book.is_file():
        from openpyxl import load_workbook

        wb = load_workbook(book, read_only=True)
        try:
            if stem in wb.sheetnames:
                return book
        finally:
            wb.close()
    return None


def _is_note(record: list[str]) -> bool:
    return bool(record) and record[0].lstrip().startswith("#")


def read_table(path: Path, required: tuple[str, ...], sheet: str | None = None) -> Table:
    """Read a CSV or XLSX table as text cells, notes skipped; check the required columns exist.
    ``sheet``: the sheet to read when ``path`` is the workbook ``data.xlsx``."""
    sheet = sheet if path.name.lower() == WORKBOOK else None
    records = _read_xlsx(path, sheet) if path.suffix.lower() == ".xlsx" else _read_csv(path)
    numbered = [(i, r) for i, r in enumerate(records, start=1) if not _is_note(r)]
    name = f"{path.name}, sheet {sheet}" if sheet else path.name
    if not numbered:
        raise InputError(name, "the table is empty (expected a header row)", row=1)
    head, header = numbered[0]
    columns = [h.strip().lower() for h in header]
    seen: set[str] = set()
    for c in columns:
        if c and c in seen:
            raise InputError(name, f"column '{c}' appears twice in the header", row=head, column=c)
        seen.add(c)
    for c in required:
        if c not in columns:
            raise InputError(name, f"missing column '{c}' (required: {', '.join(required)})", row=head, column=c)
    rows = []
    for i, values in numbered[1:]:
        if not any(v.strip() for v in values):
            continue  # blank line
        if len(values) > len(columns) and any(v.strip() for v in values[len(columns) :]):
            raise InputError(name, f"{len(values)} cells but the header has {len(columns)} columns", row=i)
        cells = {c: (values[j].strip() if j < len(values) else "") for j, c in enumerate(columns) if c}
        rows.append(Row(i, cells))
    return Table(path, columns, rows, sheet)


def _read_csv(path: Path) -> list[list[str]]:
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise InputError(path.name, f"cannot read file: {e.strerror}") from None
    for enc in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly anything
        raise InputError(path.name, "not a text file (expected UTF-8 CSV)")
    if "\x00" in text:
        raise InputError(path.name, "not a text file (expected UTF-8 CSV or .xlsx)")
    first = next((line for line in text.split("\n") if not line.lstrip().startswith("#")), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        records = list(csv.reader(io.StringIO(text), delimiter=delimiter, strict=True))
    except csv.Error as e:
        raise InputError(path.name, f"CSV syntax error: {e}") from None
    if not records:
        raise InputError(path.name, "the file is empty (expected a header row)", row=1)
    return records


def _read_xlsx(path: Path, sheet: str | None = None) -> list[list[str]]:
    try:
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds for corrupt files
        raise InputError(path.name, f"cannot read Excel file: {type(e).__name__}: {e}") from None
    if sheet is not None and sheet not in wb.sheetnames:
        wb.close()
        raise InputError(path.name, f"no sheet '{sheet}' (sheets: {', '.join(wb.sheetnames)})")
    ws = wb[sheet] if sheet is not None else wb.worksheets[0]
    records = [["" if v is None else _cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    wb.close()
    if not records:
        raise InputError(path.name, "the sheet is empty (expected a header row)", row=1)
    return records


def _cell_text(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if hasattr(v, "strftime") and hasattr(v, "hour"):
        return v.strftime("%H:%M")
    return str(v)


# ---------------------------------------------------------------- cell parsers
class Cells:
    """Typed access to one row's cells, raising located errors."""

    def __init__(self, table: Table, row: Row) -> None:
        self.table, self.row = table, row

    def err(self, column: str | None, message: str) -> InputError:
        return InputError(self.table.name, message, row=self.row.number, column=column)

    def text(self, col: str, required: bool = True) -> str:
        v = self.row.cells.get(col, "")
        if required and not v:
            raise self.err(col, "empty cell (a value is required)")
        return v

    @overload
    def number(
        self,
        col: str,
        *,
        required: Literal[True] = True,
        lo: float | None = None,
        hi: float | None = None,
        lo_open: bool = False,
    ) -> float: ...

    @overload
    def number(
        self, col: str, *, required: bool, lo: float | None = None, hi: float | None = None, lo_open: bool = False
    ) -> float | None: ...

    def number(
        self,
        col: str,
        *,
        required: bool = True,
        lo: float | None = None,
        hi: float | None = None,
        lo_open: bool = False,
    ) -> float | None:
        """The cell as a number within [lo, hi] (``lo_open``: above lo); None only when not required and empty."""
        v = self.row.cells.get(col, "")
        if not v:
            if required:
                raise self.err(col, "empty cell (a number is required)")
            return None
        x = parse_number(v)
        if x is None:
            raise self.err(col, f"'{v}' is not a number")
        if lo is not None and (x < lo or (lo_open and x == lo)):
            raise self.err(col, f"{v} is out of range (expected {'>' if lo_open else '>='} {lo:g})")
        if hi is not None and x > hi:
            raise self.err(col, f"{v} is out of range (expected <= {hi:g})")
        return x

    @overload
    def count(self, col: str, *, required: Literal[True] = True, lo: int = 0) -> int: ...

    @overload
    def count(self, col: str, *, required: bool, lo: int = 0) -> int | None: ...

    def count(self, col: str, *, required: bool = True, lo: int = 0) -> int | None:
        x = self.number(col, required=required)
        if x is None:
            return None
        if x != int(x):
            raise self.err(col, f"{self.row.cells[col]} is not a whole number (expected a count)")
        if x < lo:
            raise self.err(col, f"{self.row.cells[col]} is out of range (expected a whole number >= {lo})")
        return int(x)

    @overload
    def clock(self, col: str, *, required: Literal[True] = True) -> float: ...

    @overload
    def clock(self, col: str, *, required: bool) -> float | None: ...

    def clock(self, col: str, *, required: bool = True) -> float | None:
        v = self.row.cells.get(col, "")
        if not v:
            if required:
                raise self.err(col, "empty cell (a time HH:MM is required)")
            return None
        t = parse_clock(v)
        if t is None:
            raise self.err(col, f"'{v}' is not a time of day (expected HH:MM, 00:00-24:00)")
        return t


_NUM = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def parse_number(v: str) -> float | None:
    """Parse ``12.5`` or the Dutch ``12,5``; thousands separators are refused, not guessed."""
    s = v.strip().replace("\u00a0", "")
    if not _NUM.match(s):
        return None
    x = float(s.replace(",", "."))
    return x if math.isfinite(x) else None


def parse_clock(v: str) -> float | None:
    """``HH:MM`` (or ``H.MM``/``HH:MM:SS``) to minutes after midnight."""
    m = re.match(r"^(\d{1,2})[:.](\d{2})(?::(\d{2}))?$", v.strip())
    if not m:
        return None
    h, mi, s = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    if mi > 59 or s > 59 or h > 24 or (h == 24 and (mi or s)):
        return None
    return h * 60 + mi + s / 60


def parse_days(v: str, working_days: tuple[str, ...]) -> tuple[str, ...] | str:
    """``mon+thu`` (also ``mon,thu`` / ``mon thu``) to a tuple; an error message string if bad."""
    parts = [p for p in re.split(r"[+,/ ]+", v.strip().lower()) if p]
    if not parts:
        return "empty weekday pattern"
    for p in parts:
        if p not in WEEKDAYS:
            return f"unknown weekday '{p}' (expected {'+'.join(working_days)})"
        if p not in working_days:
            return f"'{p}' is not a working day (working_days = {'+'.join(working_days)})"
    if len(set(parts)) != len(parts):
        return f"weekday repeated in '{v}'"
    return tuple(sorted(parts, key=working_days.index))


# ---------------------------------------------------------------- settings
