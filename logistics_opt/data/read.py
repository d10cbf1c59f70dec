"""Read and validate a data folder into a :class:`~logistics_opt.model.Network`.

Every problem raises :class:`~logistics_opt.errors.InputError` naming the file,
the row (as a spreadsheet numbers it, header = row 1) and the column.

Accepted table formats, for every table: ``NAME.csv`` (comma- or
semicolon-separated, decimal point or decimal comma, UTF-8 with or without a
byte-order mark), ``NAME.xlsx`` (first sheet), or a sheet ``NAME`` of one workbook
``data.xlsx`` holding all three tables; ``#`` lines are notes (:mod:`.cells`).
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..codes import LANGUAGES, WEEKDAYS
from ..errors import InputError
from .cells import Cells, find_table, parse_days, read_table
from .hours import hours_file, load_hours
from .hubs import resolve_hubs, trunk_file, trunk_from_settings, trunk_from_table
from .model import (
    DEFAULT_RELOAD_MIN,
    KINDS,
    Branch,
    Consistency,
    Network,
    Request,
    Settings,
    Stability,
    VehicleType,
)
from .reservations import check_floating, load_reservations, reservations_file, supply_from_table, toml_line

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
    "hub",
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
FLEET_OPTIONAL = ("depot", "max_trips", "reload_min")
#: fleet.csv's optional columns documenting co2_g_per_km (= energy_per_km x wtw_g_per_unit): litres or kWh a
#: km, that unit, the well-to-wheel g CO2e per litre or kWh, and the factor's source.
FLEET_EMISSION = ("energy_per_km", "energy_unit", "wtw_g_per_unit", "co2_source")
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
    "roads",
    "road_time_factor",
    "language",
    "trunk",
    "consistency",
    "stability",
    "supply",
}
CONSISTENCY_KEYS = ("same_van", "max_arrival_spread_min")
STABILITY_KEYS = ("move_van_eur", "move_day_eur", "late_eur_per_15min", "late_cap_eur")


def load_settings(path: Path) -> Settings:
    if not path.is_file():
        raise InputError(str(path), "file not found (expected settings.toml in the data folder)")
    try:
        text = path.read_text(encoding="utf-8-sig")
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise InputError(path.name, f"TOML syntax error: {e}") from None
    except UnicodeDecodeError:
        raise InputError(path.name, "not a UTF-8 text file") from None
    try:
        return settings_from_dict(doc, path.name, folder=path.parent)
    except InputError as e:  # a [supply] key is named by its line too
        if e.row is None and e.column and e.column.startswith("supply."):
            raise InputError(e.file, e.message, row=toml_line(text, e.column), column=e.column) from None
        raise


def roads_setting(value: Any, file: str, folder: Path | None) -> str | None:
    """``roads = "..."``: a road folder, relative to ``folder`` (the file's folder); stored absolute."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InputError(
            file, f"roads = {value!r} must be the path of a road folder (logistics-opt roads build)", column="roads"
        )
    path = Path(value.strip()).expanduser()
    return str((folder / path).resolve() if folder is not None and not path.is_absolute() else path)


def settings_from_dict(
    doc: dict[str, Any], file: str, base: Settings | None = None, folder: Path | None = None
) -> Settings:
    """Validate a settings mapping (from settings.toml or a scenario's overrides); a relative
    ``roads`` path is relative to ``folder``."""
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

    working_days = _working_days(doc.get("working_days", list(base.working_days)), file)
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
        roads=roads_setting(doc["roads"], file, folder) if "roads" in doc else base.roads,
        road_time_factor=num("road_time_factor", 0, hi=5.0),
        language=_language(doc.get("language", base.language), file),
        trunk=trunk_from_settings(doc["trunk"], file, base.trunk) if "trunk" in doc else base.trunk,
        consistency=_consistency(doc["consistency"], file, base.consistency)
        if "consistency" in doc
        else base.consistency,
        stability=_stability(doc["stability"], file, base.stability) if "stability" in doc else base.stability,
        supply=supply_from_table(doc["supply"], file, base.supply) if "supply" in doc else base.supply,
    )


def _consistency(table: Any, file: str, base: Consistency | None) -> Consistency:
    """``[consistency]``: turns master routes on; keys it leaves out keep ``base``'s values (else the defaults)."""
    if not isinstance(table, dict):
        raise InputError(
            file,
            "[consistency] must be a table such as  same_van = true, max_arrival_spread_min = 60",
            column="consistency",
        )
    base = base or Consistency()
    for key in table:
        if key not in CONSISTENCY_KEYS:
            raise InputError(
                file, f"unknown key '{key}' (known: {', '.join(CONSISTENCY_KEYS)})", column=f"consistency.{key}"
            )
    same = table.get("same_van", base.same_van)
    if not isinstance(same, bool):
        raise InputError(file, f"same_van = {same!r} must be true or false", column="consistency.same_van")
    spread = table.get("max_arrival_spread_min", base.max_arrival_spread_min)
    if isinstance(spread, bool) or not isinstance(spread, (int, float)) or not 0 <= spread <= 24 * 60:
        raise InputError(
            file,
            f"max_arrival_spread_min = {spread!r} is out of range (expected minutes from 0 to 1440)",
            column="consistency.max_arrival_spread_min",
        )
    return Consistency(same_van=same, max_arrival_spread_min=float(spread))


def _stability(table: Any, file: str, base: Stability) -> Stability:
    """``[stability]``: the EUR price of each change against an earlier run; keys it leaves out keep ``base``'s."""
    if not isinstance(table, dict):
        raise InputError(
            file,
            "[stability] must be a table such as  move_van_eur = 15, move_day_eur = 25, late_eur_per_15min = 5",
            column="stability",
        )
    values = {}
    for key in table:
        if key not in STABILITY_KEYS:
            raise InputError(
                file, f"unknown key '{key}' (known: {', '.join(STABILITY_KEYS)})", column=f"stability.{key}"
            )
    for key in STABILITY_KEYS:
        v = table.get(key, getattr(base, key))
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or v < 0:
            raise InputError(file, f"{key} = {v!r} must be EUR, 0 or more", column=f"stability.{key}")
        values[key] = float(v)
    return Stability(**values)


def _working_days(wd: Any, file: str) -> tuple[str, ...]:
    """``working_days = ["mon", "tue", ...]``, in week order."""
    if not isinstance(wd, list) or not wd or not all(isinstance(d, str) for d in wd):
        raise InputError(file, 'working_days must be a list of weekdays such as ["mon", "tue"]', column="working_days")
    wd_norm = [d.strip().lower() for d in wd]
    for d in wd_norm:
        if d not in WEEKDAYS:
            raise InputError(file, f"unknown weekday '{d}' in working_days (expected mon..sun)", column="working_days")
    if len(set(wd_norm)) != len(wd_norm):
        raise InputError(file, "a weekday appears twice in working_days", column="working_days")
    return tuple(sorted(wd_norm, key=WEEKDAYS.index))


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
                kind=kind,
                service_min=c.number("service_min", required=False, lo=0, hi=600),
                visits_per_week=vpw,
                days=days,
                open_min=opens,
                close_min=closes,
                storage_crates=c.count("storage_crates", required=False, lo=0),
                min_visits_per_week=minv,
                max_days_between_visits=maxgap,
                hub=c.text("hub", required=False) or None,
            )
        )
    if not out:
        raise InputError(table.name, "no branches (expected one row per hub, branch or service point)", row=2)
    if not any(b.is_hub for b in out):
        raise InputError(table.name, "no hub (expected one row with kind 'hub')", column="kind")
    return resolve_hubs(out, table.name, seen)


def load_requests(path: Path, branches: tuple[Branch, ...], log: Path | None = None) -> tuple[Request, ...]:
    """requests.csv; beside a reservation log (``log``) only the hub's flows: the log gives the rest."""
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
        if log is not None and not ids[o].is_hub and not ids[d].is_hub:
            raise c.err(
                "destination", f"a branch-to-branch row beside {log.name}: the reservation log gives those flows"
            )
        items = c.count("items", lo=0)
        out.append(Request(o, d, items, c.text("kind", required=False)))
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
        if end <= start:
            raise c.err(
                "shift_end", f"shift ends at {c.text('shift_end')}, not after it starts at {c.text('shift_start')}"
            )
        out.append(
            VehicleType(
                type=t,
                count=c.count("count", lo=0),
                capacity_crates=c.count("capacity_crates", lo=1),
                cost_per_km=c.number("cost_per_km", lo=0),
                cost_per_hour=c.number("cost_per_hour", lo=0),
                fixed_cost_per_day=c.number("fixed_cost_per_day", lo=0),
                co2_g_per_km=c.number("co2_g_per_km", lo=0),
                shift_start_min=start,
                shift_end_min=end,
                depot=depot,
                max_trips=c.count("max_trips", required=False, lo=1) or 1,
                reload_min=_or(c.number("reload_min", required=False, lo=0), DEFAULT_RELOAD_MIN),
                energy_per_km=c.number("energy_per_km", required=False, lo=0),
                energy_unit=c.text("energy_unit", required=False),
                wtw_g_per_unit=c.number("wtw_g_per_unit", required=False, lo=0),
                co2_source=c.text("co2_source", required=False),
            )
        )
    if not out:
        raise InputError(table.name, "no vehicle types (expected at least one row)", row=2)
    return tuple(out)


def _or(value: float | None, default: float) -> float:
    return default if value is None else value


def load_network(folder: str | Path) -> Network:
    """Read and validate a data folder: branches, requests, fleet, settings, the reservation log and the
    opening hours per weekday."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(str(folder), "data folder not found")
    settings = load_settings(folder / "settings.toml")
    branches = load_branches(find_table(folder, "branches"), settings)
    log = reservations_file(folder)
    requests = load_requests(find_table(folder, "requests"), branches, log)
    reservations = load_reservations(log, branches) if log is not None else None
    settings_text = (folder / "settings.toml").read_text(encoding="utf-8-sig")
    check_floating(settings.supply, branches, "settings.toml", settings_text)
    fleet = load_fleet(find_table(folder, "fleet"), branches)
    if (path := trunk_file(folder)) is not None:
        hubs = {b.id for b in branches if b.is_hub}
        trunk = trunk_from_table(read_table(path, ("from_hub", "to_hub")), hubs, settings.trunk)
        settings = replace(settings, trunk=trunk)
    hours = load_hours(path, branches, settings) if (path := hours_file(folder)) is not None else {}
    return Network(branches, requests, fleet, settings, source=folder, reservations=reservations, hours=hours)


def input_files(folder: str | Path) -> Iterator[Path]:
    """The files of a data folder that :func:`load_network` reads (for copying and hashing)."""
    folder = Path(folder)
    yield folder / "settings.toml"
    found = []
    log, hours = reservations_file(folder), hours_file(folder)
    optional = (("reservations",) if log is not None else ()) + (("hours",) if hours is not None else ())
    for stem in ("branches", "requests", "fleet") + optional:
        p = find_table(folder, stem)
        if p not in found:  # data.xlsx holds all three
            found.append(p)
            yield p
    if (path := trunk_file(folder)) is not None:
        yield path
