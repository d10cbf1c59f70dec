"""Read and validate a data folder into a :class:`~logistics_opt.model.Network`.

Every problem raises :class:`~logistics_opt.errors.InputError` naming the file,
the row (as a spreadsheet numbers it, header = row 1) and the column.

Accepted table formats, for every table: ``NAME.csv`` (comma- or
semicolon-separated, decimal point or decimal comma, UTF-8 with or without a
byte-order mark), ``NAME.xlsx`` (first sheet), or a sheet ``NAME`` of one workbook
``data.xlsx`` holding all three tables. Lines whose first cell starts with ``#`` are
notes and are skipped (they still count in the row numbers errors give).
"""

from __future__ import annotations

import csv
import io
import math
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from .model import KINDS, LANGUAGES, WEEKDAYS, Branch, Network, Request, Settings, VehicleType

BRANCH_REQUIRED = ("id", "name", "organisation", "town", "lat", "lon", "kind")
BRANCH_OPTIONAL = (
    "service_min",
    "visits_per_week",
    "days",
    "open",
    "close",
    "storage_crates",
    "min_visits_per_week",
    "max_days_between_visits",
)
REQUEST_REQUIRED = ("origin", "destination", "items")
FLEET_REQUIRED = (
    "type",
    "count",
    "capacity_crates",
    "cost_per_km",
    "cost_per_hour",
    "fixed_cost_per_day",
    "co2_g_per_km",
    "shift_start",
    "shift_end",
)
SETTINGS_KEYS = {
    "items_per_crate",
    "detour_factor",
    "speed_kmh",
    "handling_min_per_crate",
    "working_days",
    "default_service_min",
    "break_after_min",
    "break_min",
    "max_days_between_visits",
    "min_visits_per_week",
    "frequencies",
    "language",
}


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

    def number(
        self,
        col: str,
        *,
        required: bool = True,
        lo: float | None = None,
        hi: float | None = None,
        lo_open: bool = False,
    ) -> float | None:
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

    def count(self, col: str, *, required: bool = True, lo: int = 0) -> int | None:
        x = self.number(col, required=required)
        if x is None:
            return None
        if x != int(x):
            raise self.err(col, f"{self.row.cells[col]} is not a whole number (expected a count)")
        if x < lo:
            raise self.err(col, f"{self.row.cells[col]} is out of range (expected a whole number >= {lo})")
        return int(x)

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
def load_settings(path: Path) -> Settings:
    if not path.is_file():
        raise InputError(str(path), "file not found (expected settings.toml in the data folder)")
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except tomllib.TOMLDecodeError as e:
        raise InputError(path.name, f"TOML syntax error: {e}") from None
    except UnicodeDecodeError:
        raise InputError(path.name, "not a UTF-8 text file") from None
    return settings_from_dict(doc, path.name)


def settings_from_dict(doc: dict[str, Any], file: str, base: Settings | None = None) -> Settings:
    """Validate a settings mapping (from settings.toml or a scenario's overrides)."""
    base = base or Settings()
    for key in doc:
        if key not in SETTINGS_KEYS:
            raise InputError(file, f"unknown key '{key}' (known: {', '.join(sorted(SETTINGS_KEYS))})", column=key)

    def num(key: str, lo: float, lo_open: bool = True, hi: float | None = None) -> float:
        v = doc.get(key, getattr(base, key))
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise InputError(file, f"{key} = {v!r} is not a number", column=key)
        if v < lo or (lo_open and v == lo) or (hi is not None and v > hi):
            bound = f"> {lo:g}" if lo_open else f">= {lo:g}"
            raise InputError(
                file,
                f"{key} = {v!r} is out of range (expected {bound}" + (f" and <= {hi:g})" if hi is not None else ")"),
                column=key,
            )
        return float(v)

    def opt_int(key: str, lo: int, hi: int) -> int | None:
        v = doc.get(key, getattr(base, key))
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
            raise InputError(file, f"{key} = {v!r} is out of range (expected a whole number {lo}-{hi})", column=key)
        return v

    wd = doc.get("working_days", list(base.working_days))
    if not isinstance(wd, list) or not wd or not all(isinstance(d, str) for d in wd):
        raise InputError(file, 'working_days must be a list of weekdays such as ["mon", "tue"]', column="working_days")
    wd_norm = [d.strip().lower() for d in wd]
    for d in wd_norm:
        if d not in WEEKDAYS:
            raise InputError(file, f"unknown weekday '{d}' in working_days (expected mon..sun)", column="working_days")
    if len(set(wd_norm)) != len(wd_norm):
        raise InputError(file, "a weekday appears twice in working_days", column="working_days")
    working_days = tuple(sorted(wd_norm, key=WEEKDAYS.index))

    patterns = dict(base.patterns) if "working_days" not in doc else {}
    if "frequencies" in doc:
        patterns = _parse_frequencies(doc["frequencies"], working_days, file)

    return Settings(
        items_per_crate=num("items_per_crate", 0),
        detour_factor=num("detour_factor", 1.0, lo_open=False, hi=5.0),
        speed_kmh=num("speed_kmh", 0, hi=200),
        handling_min_per_crate=num("handling_min_per_crate", 0, lo_open=False, hi=60),
        working_days=working_days,
        default_service_min=num("default_service_min", 0, lo_open=False, hi=600),
        break_after_min=num("break_after_min", 0),
        break_min=num("break_min", 0, lo_open=False, hi=600),
        max_days_between_visits=opt_int("max_days_between_visits", 1, len(working_days)),
        min_visits_per_week=opt_int("min_visits_per_week", 1, len(working_days)),
        patterns=patterns,
        language=_language(doc.get("language", base.language), file),
    )


def _language(v: Any, file: str) -> str:
    """The reports' language code, lower-cased; an error naming the choices otherwise."""
    if not isinstance(v, str) or v.strip().lower() not in LANGUAGES:
        raise InputError(
            file,
            f"language = {v!r} is not a known language (expected {' or '.join(repr(x) for x in LANGUAGES)})",
            column="language",
        )
    return v.strip().lower()


def _parse_frequencies(table: Any, working_days: tuple[str, ...], file: str) -> dict[int, tuple[tuple[str, ...], ...]]:
    """``[frequencies]``: ``"2" = ["mon+thu", "tue+fri"]`` etc. (visits a week -> patterns)."""
    if not isinstance(table, dict):
        raise InputError(
            file, '[frequencies] must be a table such as  2 = ["mon+thu", "tue+fri"]', column="frequencies"
        )
    out: dict[int, tuple[tuple[str, ...], ...]] = {}
    for key, pats in table.items():
        col = f"frequencies.{key}"
        if not str(key).isdigit() or not 1 <= int(key) <= len(working_days):
            raise InputError(
                file, f"unknown frequency '{key}' (expected visits a week, 1-{len(working_days)})", column=col
            )
        k = int(key)
        if not isinstance(pats, list) or not pats or not all(isinstance(p, str) for p in pats):
            raise InputError(file, f'{col} must be a list of patterns such as ["mon+thu"]', column=col)
        parsed = []
        for p in pats:
            d = parse_days(p, working_days)
            if isinstance(d, str):
                raise InputError(file, f"unknown frequency pattern '{p}': {d}", column=col)
            if len(d) != k:
                raise InputError(file, f"pattern '{p}' has {len(d)} days, not {k}", column=col)
            parsed.append(d)
        out[k] = tuple(parsed)
    return out


# ---------------------------------------------------------------- tables
def load_branches(path: Path, settings: Settings) -> tuple[Branch, ...]:
    table = read_table(path, BRANCH_REQUIRED, "branches")
    out: list[Branch] = []
    seen: dict[str, int] = {}
    nwd = len(settings.working_days)
    for row in table.rows:
        c = Cells(table, row)
        bid = c.text("id")
        if bid in seen:
            raise c.err("id", f"duplicate id '{bid}' (first used on row {seen[bid]})")
        seen[bid] = row.number
        kind = c.text("kind").lower()
        if kind not in KINDS:
            raise c.err("kind", f"unknown kind '{kind}' (expected hub, branch or service_point)")
        lat = c.number("lat", lo=-90, hi=90)
        lon = c.number("lon", lo=-180, hi=180)
        days = None
        if c.text("days", required=False):
            d = parse_days(c.text("days"), settings.working_days)
            if isinstance(d, str):
                raise c.err("days", d)
            days = d
        vpw = c.count("visits_per_week", required=False, lo=1)
        if vpw is not None and vpw > nwd:
            raise c.err("visits_per_week", f"{vpw} visits a week but only {nwd} working days")
        if days is not None and vpw is not None and vpw != len(days):
            raise c.err("visits_per_week", f"{vpw} visits a week but days '{c.text('days')}' has {len(days)}")
        opens, closes = c.clock("open", required=False), c.clock("close", required=False)
        if opens is not None and closes is not None and closes <= opens:
            raise c.err("close", f"closes at {c.text('close')}, not after it opens at {c.text('open')}")
        minv = c.count("min_visits_per_week", required=False, lo=1)
        if minv is not None and minv > nwd:
            raise c.err("min_visits_per_week", f"{minv} visits a week but only {nwd} working days")
        maxgap = c.count("max_days_between_visits", required=False, lo=1)
        out.append(
            Branch(
                id=bid,
                name=c.text("name"),
                organisation=c.text("organisation", required=kind != "hub"),
                town=c.text("town", required=False),
                lat=lat,
                lon=lon,
                kind=kind,  # type: ignore[arg-type]
                service_min=c.number("service_min", required=False, lo=0, hi=600),
                visits_per_week=vpw,
                days=days,
                open_min=opens,
                close_min=closes,
                storage_crates=c.count("storage_crates", required=False, lo=0),
                min_visits_per_week=minv,
                max_days_between_visits=maxgap,
            )
        )
    if not out:
        raise InputError(table.name, "no branches (expected one row per hub, branch or service point)", row=2)
    if not any(b.is_hub for b in out):
        raise InputError(table.name, "no hub (expected one row with kind 'hub')", column="kind")
    return tuple(out)


def load_requests(path: Path, branches: tuple[Branch, ...]) -> tuple[Request, ...]:
    table = read_table(path, REQUEST_REQUIRED, "requests")
    ids = {b.id: b for b in branches}
    out = []
    for row in table.rows:
        c = Cells(table, row)
        o, d = c.text("origin"), c.text("destination")
        for col, v in (("origin", o), ("destination", d)):
            if v not in ids:
                raise c.err(col, f"unknown branch '{v}' (not an id in branches)")
        if o == d:
            raise c.err("destination", f"origin and destination are both '{o}'")
        if ids[o].is_hub and ids[d].is_hub:
            raise c.err("destination", "both ends are hubs; requests move items to or from a branch")
        items = c.count("items", lo=0)
        out.append(Request(o, d, items, c.text("kind", required=False)))  # type: ignore[arg-type]
    return tuple(out)


def load_fleet(path: Path, branches: tuple[Branch, ...]) -> tuple[VehicleType, ...]:
    table = read_table(path, FLEET_REQUIRED, "fleet")
    hubs = [b.id for b in branches if b.is_hub]
    out = []
    seen: dict[str, int] = {}
    for row in table.rows:
        c = Cells(table, row)
        t = c.text("type")
        if t in seen:
            raise c.err("type", f"duplicate vehicle type '{t}' (first used on row {seen[t]})")
        seen[t] = row.number
        depot = c.text("depot", required=False)
        if not depot:
            if len(hubs) > 1:
                raise c.err("depot", f"empty depot but there are {len(hubs)} hubs ({', '.join(hubs)}); name one")
            depot = hubs[0]
        elif depot not in hubs:
            raise c.err("depot", f"unknown depot '{depot}' (expected a hub id: {', '.join(hubs)})")
        start, end = c.clock("shift_start"), c.clock("shift_end")
        assert start is not None and end is not None
        if end <= start:
            raise c.err(
                "shift_end", f"shift ends at {c.text('shift_end')}, not after it starts at {c.text('shift_start')}"
            )
        out.append(
            VehicleType(
                type=t,
                count=c.count("count", lo=0),  # type: ignore[arg-type]
                capacity_crates=c.count("capacity_crates", lo=1),  # type: ignore[arg-type]
                cost_per_km=c.number("cost_per_km", lo=0),  # type: ignore[arg-type]
                cost_per_hour=c.number("cost_per_hour", lo=0),  # type: ignore[arg-type]
                fixed_cost_per_day=c.number("fixed_cost_per_day", lo=0),  # type: ignore[arg-type]
                co2_g_per_km=c.number("co2_g_per_km", lo=0),  # type: ignore[arg-type]
                shift_start_min=start,
                shift_end_min=end,
                depot=depot,
            )
        )
    if not out:
        raise InputError(table.name, "no vehicle types (expected at least one row)", row=2)
    return tuple(out)


def load_network(folder: str | Path) -> Network:
    """Read and validate a data folder: branches, requests, fleet and settings."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(str(folder), "data folder not found")
    settings = load_settings(folder / "settings.toml")
    branches = load_branches(find_table(folder, "branches"), settings)
    requests = load_requests(find_table(folder, "requests"), branches)
    fleet = load_fleet(find_table(folder, "fleet"), branches)
    return Network(branches, requests, fleet, settings, source=folder)


def input_files(folder: str | Path) -> Iterator[Path]:
    """The files of a data folder that :func:`load_network` reads (for copying and hashing)."""
    folder = Path(folder)
    yield folder / "settings.toml"
    found = []
    for stem in ("branches", "requests", "fleet"):
        p = find_table(folder, stem)
        if p not in found:  # data.xlsx holds all three
            found.append(p)
            yield p
