"""Scenario files: a base data folder plus named, validated overrides.

A scenario (TOML, documented in ``scenarios/README.md``) names a base data folder and changes it:
settings, fleet rows, branches closed, added or changed, organisations renamed (mergers), volumes
scaled, the hub moved. :func:`load_scenario` validates the file (an unknown key is an
:class:`~.errors.InputError` naming the key and the file); :func:`apply_scenario` applies the
changes to a :class:`~.model.Network` with :func:`dataclasses.replace`; :func:`materialise` writes
the effective data folder in the documented format, so that a run's ``inputs/`` holds the exact
data used; :func:`run_scenario` solves, checks and writes one scenario's run folder, and
:func:`run_many` runs several in parallel worker processes or on a Dask cluster.
"""
from __future__ import annotations

import csv
import json
import io
import math
import os
import re
import sys
import tempfile
import time
import tomllib
import traceback
import uuid
import multiprocessing
from multiprocessing.connection import wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from .errors import InputError, LogisticsError
from .workers import die_on_ctrl_c
from .loader import (BRANCH_OPTIONAL, BRANCH_REQUIRED, FLEET_REQUIRED, SETTINGS_KEYS, find_table,
                     input_files, load_network, parse_clock, parse_days, read_table,
                     settings_from_dict)
from .model import KINDS, Branch, Network, Request, Settings, VehicleType
from .output import files_hash, write_text
from .pipeline import Progress, RunOptions, make_plan, write_run
from .plan import Plan

TOP_KEYS = ("name", "description", "data", "time_limit", "seed", "solution_limit", "frequencies",
            "settings", "fleet", "branches", "organisations", "volume", "hub")
FLEET_KEYS = FLEET_REQUIRED + ("depot",)
BRANCH_KEYS = tuple(k for k in BRANCH_REQUIRED if k != "id") + BRANCH_OPTIONAL
BRANCHES_KEYS = ("close", "add", "change")
VOLUME_KEYS = ("factor", "organisation", "branch_kind", "request_kind")
HUB_KEYS = ("replace", "id", "name", "town", "lat", "lon")
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class Scenario:
    """A validated scenario: where its data comes from and what it changes."""

    name: str
    description: str
    data: Path
    file: Path | None = None
    time_limit_s: float = 30.0
    seed: int = 0
    solution_limit: int | None = None
    frequencies: str = "current"
    settings: dict[str, Any] = field(default_factory=dict)
    fleet: tuple[dict[str, Any], ...] = ()
    close: tuple[str, ...] = ()
    add: tuple[dict[str, Any], ...] = ()
    change: tuple[dict[str, Any], ...] = ()
    rename_organisations: dict[str, str] = field(default_factory=dict)
    volume: dict[str, Any] = field(default_factory=dict)
    hub: dict[str, Any] = field(default_factory=dict)
    language: str | None = None      # the reports' language from --lang (None: the data's settings)

    @property
    def label(self) -> str:
        """How errors name this scenario: its file, or its name for a scenario built in code."""
        return str(self.file) if self.file else f"scenario '{self.name}'"

    def options(self, workers: int = 1) -> RunOptions:
        return RunOptions(time_limit_s=self.time_limit_s, seed=self.seed, solution_limit=self.solution_limit,
                          frequencies=self.frequencies, workers=workers, language=self.language)


# ---------------------------------------------------------------- reading and validating
def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario TOML file (its ``data`` folder is relative to the file)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "scenario file not found")
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except tomllib.TOMLDecodeError as e:
        raise InputError(str(path), f"TOML syntax error: {e}") from None
    except UnicodeDecodeError:
        raise InputError(str(path), "not a UTF-8 text file") from None
    return scenario_from_dict(doc, path)


def scenario_paths(args: list[str | Path]) -> list[Path]:
    """Scenario files from arguments that are files or folders (a folder: its ``*.toml``, sorted)."""
    out: list[Path] = []
    for a in args:
        p = Path(a)
        if p.is_dir():
            found = sorted(p.glob("*.toml"))
            if not found:
                raise InputError(str(p), "no scenario files (*.toml) in this folder")
            out.extend(found)
        elif p.is_file():
            out.append(p)
        else:
            raise InputError(str(p), "scenario file or folder not found")
    return out


def _unknown(file: str, keys: Any, allowed: tuple[str, ...], prefix: str = "") -> None:
    for k in keys:
        if k not in allowed:
            raise InputError(file, f"unknown key '{prefix}{k}' (known: {', '.join(allowed)})",
                             column=f"{prefix}{k}")


def _table(doc: dict[str, Any], key: str, file: str) -> dict[str, Any]:
    v = doc.get(key, {})
    if not isinstance(v, dict):
        raise InputError(file, f"'{key}' must be a table ([{key}])", column=key)
    return v


def _tables(v: Any, key: str, file: str) -> list[dict[str, Any]]:
    if not isinstance(v, list) or not all(isinstance(x, dict) for x in v):
        raise InputError(file, f"'{key}' must be an array of tables ([[{key}]])", column=key)
    return v


def _factor(v: Any, key: str, file: str) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or v < 0:
        raise InputError(file, f"{key} = {v!r} is not a factor (expected a number >= 0, 1.2 for +20 %)",
                         column=key)
    return float(v)


def scenario_from_dict(doc: dict[str, Any], path: Path | None = None, *, base_dir: Path | None = None) -> Scenario:
    """Validate a scenario mapping. ``path`` names the file in errors and is where ``data`` is relative
    to (else ``base_dir``, else the working directory); without a file the mapping needs a ``name``."""
    file = str(path) if path else f"scenario '{doc.get('name', '?')}'"
    _unknown(file, doc, TOP_KEYS)
    nm = doc.get("name", path.stem if path else None)
    if not isinstance(nm, str) or not NAME_RE.match(nm):
        raise InputError(file, f"name = {nm!r} must be a folder-safe name (letters, digits, '.', '_', '-')",
                         column="name")
    desc = doc.get("description", "")
    if not isinstance(desc, str):
        raise InputError(file, "description must be a string", column="description")
    if "data" not in doc or not isinstance(doc["data"], str) or not doc["data"]:
        raise InputError(file, "data = \"...\" (the base data folder, relative to this file) is required",
                         column="data")
    base = base_dir if base_dir is not None else (path.parent if path else Path.cwd())
    data = (base / doc["data"]).resolve()
    tl = doc.get("time_limit", 30)
    if isinstance(tl, bool) or not isinstance(tl, (int, float)) or not 0.1 <= tl <= 86400:
        raise InputError(file, f"time_limit = {tl!r} is out of range (expected seconds, 0.1-86400)",
                         column="time_limit")
    seed = doc.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise InputError(file, f"seed = {seed!r} is not a whole number", column="seed")
    sl = doc.get("solution_limit")
    if sl is not None and (isinstance(sl, bool) or not isinstance(sl, int) or sl < 1):
        raise InputError(file, f"solution_limit = {sl!r} is not a whole number >= 1", column="solution_limit")
    freq = doc.get("frequencies", "current")
    if freq not in ("current", "optimise"):
        raise InputError(file, f"frequencies = {freq!r} (expected \"current\" or \"optimise\")",
                         column="frequencies")

    settings = _table(doc, "settings", file)
    _unknown(file, settings, tuple(sorted(SETTINGS_KEYS)), "settings.")
    settings_from_dict(settings, file)          # types and ranges, against the defaults

    fleet = _tables(doc.get("fleet", []), "fleet", file)
    for k, row in enumerate(fleet, start=1):
        _unknown(file, row, FLEET_KEYS, f"fleet[{k}].")
        if not isinstance(row.get("type"), str) or not row["type"]:
            raise InputError(file, f"fleet[{k}] needs type = \"...\" (the vehicle type to change or add)",
                             column=f"fleet[{k}].type")
        _fleet_values(row, file, f"fleet[{k}].")

    branches = _table(doc, "branches", file)
    _unknown(file, branches, BRANCHES_KEYS, "branches.")
    close = branches.get("close", [])
    if not isinstance(close, list) or not all(isinstance(x, str) for x in close):
        raise InputError(file, "branches.close must be a list of branch ids", column="branches.close")
    add = _tables(branches.get("add", []), "branches.add", file)
    for k, row in enumerate(add, start=1):
        _unknown(file, row, ("id", "like") + BRANCH_KEYS, f"branches.add[{k}].")
        for req in BRANCH_REQUIRED:
            if req not in row:
                raise InputError(file, f"branches.add[{k}] needs '{req}' (required: {', '.join(BRANCH_REQUIRED)})",
                                 column=f"branches.add[{k}].{req}")
    change = _tables(branches.get("change", []), "branches.change", file)
    for k, row in enumerate(change, start=1):
        _unknown(file, row, ("id",) + BRANCH_KEYS, f"branches.change[{k}].")
        if not isinstance(row.get("id"), str):
            raise InputError(file, f"branches.change[{k}] needs id = \"...\"", column=f"branches.change[{k}].id")

    orgs = _table(doc, "organisations", file)
    _unknown(file, orgs, ("rename",), "organisations.")
    rename = orgs.get("rename", {})
    if not isinstance(rename, dict) or not all(isinstance(v, str) and v for v in rename.values()):
        raise InputError(file, "organisations.rename must map old names to new names",
                         column="organisations.rename")

    volume = _table(doc, "volume", file)
    _unknown(file, volume, VOLUME_KEYS, "volume.")
    if "factor" in volume:
        _factor(volume["factor"], "volume.factor", file)
    for key in VOLUME_KEYS[1:]:
        sub = _table(volume, key, file) if key in volume else {}
        for k, v in sub.items():
            _factor(v, f"volume.{key}.{k}", file)
        if key == "branch_kind":
            _unknown(file, sub, ("branch", "service_point"), "volume.branch_kind.")

    hub = _table(doc, "hub", file)
    _unknown(file, hub, HUB_KEYS, "hub.")
    for key in ("lat", "lon"):
        if key in hub and (isinstance(hub[key], bool) or not isinstance(hub[key], (int, float))):
            raise InputError(file, f"hub.{key} = {hub[key]!r} is not a number", column=f"hub.{key}")
    for key in ("replace", "id", "name", "town"):
        if key in hub and (not isinstance(hub[key], str) or (key != "town" and not hub[key])):
            raise InputError(file, f"hub.{key} = {hub[key]!r} must be a non-empty string", column=f"hub.{key}")
    return Scenario(
        name=nm, description=desc, data=data, file=path.resolve() if path else None, time_limit_s=float(tl),
        seed=seed, solution_limit=sl, frequencies=freq, settings=dict(settings), fleet=tuple(fleet),
        close=tuple(close), add=tuple(add), change=tuple(change), rename_organisations=dict(rename),
        volume=dict(volume), hub=dict(hub),
    )


def _fleet_values(row: dict[str, Any], file: str, where: str) -> dict[str, Any]:
    """Typed fleet values (only the keys present)."""
    out: dict[str, Any] = {}
    for key, v in row.items():
        col = f"{where}{key}"
        if key in ("type", "depot"):
            if not isinstance(v, str) or not v:
                raise InputError(file, f"{key} must be a non-empty string", column=col)
            out[key] = v
        elif key in ("shift_start", "shift_end"):
            t = parse_clock(v) if isinstance(v, str) else None
            if t is None:
                raise InputError(file, f"{key} = {v!r} is not a time of day (expected \"HH:MM\")", column=col)
            out[key] = t
        elif key in ("count", "capacity_crates"):
            lo = 0 if key == "count" else 1
            if isinstance(v, bool) or not isinstance(v, int) or v < lo:
                raise InputError(file, f"{key} = {v!r} is not a whole number >= {lo}", column=col)
            out[key] = v
        else:
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or v < 0:
                raise InputError(file, f"{key} = {v!r} is not a number >= 0", column=col)
            out[key] = float(v)
    return out


# ---------------------------------------------------------------- applying
def apply_scenario(network: Network, scn: Scenario) -> Network:
    """The network with the scenario's changes (the base network is not modified)."""
    f = scn.label
    net = network
    if scn.settings:
        net = replace(net, settings=settings_from_dict(scn.settings, f, base=net.settings))
    if scn.hub:
        net = _move_hub(net, scn.hub, f)
    if scn.fleet:
        net = _change_fleet(net, scn.fleet, f)
    for k, row in enumerate(scn.add, start=1):
        net = _add_branch(net, row, f, f"branches.add[{k}].")
    for k, row in enumerate(scn.change, start=1):
        net = _change_branch(net, row, f, f"branches.change[{k}].")
    if scn.close:
        net = _close_branches(net, scn.close, f)
    if scn.rename_organisations:
        orgs = {b.organisation for b in net.stops}
        for old in scn.rename_organisations:
            if old not in orgs:
                raise InputError(f, f"unknown organisation '{old}' (known: {', '.join(sorted(orgs))})",
                                 column="organisations.rename")
        net = replace(net, branches=tuple(
            replace(b, organisation=scn.rename_organisations.get(b.organisation, b.organisation))
            if not b.is_hub else b for b in net.branches))
    if scn.volume:
        net = _scale_volume(net, scn.volume, f)
    return net


def _hub_id(net: Network, wanted: Any, file: str, column: str) -> Branch:
    hubs = net.hubs
    if wanted is None:
        if len(hubs) != 1:
            raise InputError(file, f"there are {len(hubs)} hubs; say which with {column} = \"...\"", column=column)
        return hubs[0]
    for h in hubs:
        if h.id == wanted:
            return h
    raise InputError(file, f"unknown hub '{wanted}' (hubs: {', '.join(h.id for h in hubs)})", column=column)


def _move_hub(net: Network, hub: dict[str, Any], file: str) -> Network:
    old = _hub_id(net, hub.get("replace"), file, "hub.replace")
    new_id = hub.get("id", old.id)
    if new_id != old.id and any(b.id == new_id for b in net.branches):
        raise InputError(file, f"hub.id '{new_id}' is already a branch id", column="hub.id")
    moved = replace(old, id=new_id, name=hub.get("name", old.name), town=hub.get("town", old.town),
                    lat=float(hub.get("lat", old.lat)), lon=float(hub.get("lon", old.lon)))
    if not -90 <= moved.lat <= 90 or not -180 <= moved.lon <= 180:
        raise InputError(file, f"hub coordinate {moved.lat}, {moved.lon} is out of range", column="hub.lat")

    def rid(x: str) -> str:
        return new_id if x == old.id else x
    return replace(
        net,
        branches=tuple(moved if b.id == old.id else b for b in net.branches),
        requests=tuple(replace(r, origin=rid(r.origin), destination=rid(r.destination)) for r in net.requests),
        fleet=tuple(replace(v, depot=rid(v.depot)) for v in net.fleet),
    )


def _change_fleet(net: Network, rows: tuple[dict[str, Any], ...], file: str) -> Network:
    fleet = list(net.fleet)
    hubs = {h.id for h in net.hubs}
    for k, row in enumerate(rows, start=1):
        where = f"fleet[{k}]."
        vals = _fleet_values(row, file, where)
        if "depot" in vals and vals["depot"] not in hubs:
            raise InputError(file, f"unknown depot '{vals['depot']}' (hubs: {', '.join(sorted(hubs))})",
                             column=f"{where}depot")
        names = {"shift_start": "shift_start_min", "shift_end": "shift_end_min"}
        fields = {names.get(key, key): v for key, v in vals.items()}
        pos = next((i for i, v in enumerate(fleet) if v.type == vals["type"]), None)
        if pos is None:
            missing = [c for c in FLEET_REQUIRED if c not in vals]
            if missing:
                raise InputError(file, f"new vehicle type '{vals['type']}' needs {', '.join(missing)}",
                                 column=f"{where}{missing[0]}")
            fields.setdefault("depot", _hub_id(net, None, file, f"{where}depot").id)
            fleet.append(VehicleType(**fields))
        else:
            fleet[pos] = replace(fleet[pos], **fields)
        v = fleet[pos if pos is not None else -1]
        if v.shift_end_min <= v.shift_start_min:
            raise InputError(file, f"vehicle type '{v.type}': shift ends before it starts", column=f"{where}shift_end")
    return replace(net, fleet=tuple(fleet))


def _branch_fields(row: dict[str, Any], net: Network, file: str, where: str) -> dict[str, Any]:
    """Branch dataclass fields from scenario keys (CSV column names); "" clears an optional value."""
    wd = net.settings.working_days
    out: dict[str, Any] = {}
    for key, v in row.items():
        col = f"{where}{key}"
        if key in ("id", "like"):
            continue
        if key in ("name", "organisation", "town", "kind"):
            if not isinstance(v, str):
                raise InputError(file, f"{key} must be a string", column=col)
            if key == "kind" and v not in KINDS[1:]:
                raise InputError(file, f"kind = {v!r} (expected branch or service_point)", column=col)
            out[key] = v
        elif v == "" and key in BRANCH_OPTIONAL:
            out[{"open": "open_min", "close": "close_min"}.get(key, key)] = None
        elif key == "days":
            d = parse_days(v, wd) if isinstance(v, str) else "expected a pattern such as \"mon+thu\""
            if isinstance(d, str):
                raise InputError(file, f"days = {v!r}: {d}", column=col)
            out["days"] = d
        elif key in ("open", "close"):
            t = parse_clock(v) if isinstance(v, str) else None
            if t is None:
                raise InputError(file, f"{key} = {v!r} is not a time of day (expected \"HH:MM\")", column=col)
            out[f"{key}_min"] = t
        elif key in ("visits_per_week", "storage_crates", "min_visits_per_week", "max_days_between_visits"):
            lo = 0 if key == "storage_crates" else 1
            hi = 10**9 if key == "storage_crates" else len(wd)
            if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
                raise InputError(file, f"{key} = {v!r} is out of range (expected a whole number {lo}-{hi})"
                                 if hi < 10**9 else f"{key} = {v!r} is not a whole number >= {lo}", column=col)
            out[key] = v
        else:   # lat, lon, service_min
            bounds = {"lat": (-90, 90), "lon": (-180, 180), "service_min": (0, 600)}[key]
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not bounds[0] <= v <= bounds[1]:
                raise InputError(file, f"{key} = {v!r} is out of range (expected {bounds[0]} to {bounds[1]})",
                                 column=col)
            out[key] = float(v)
    return out


def _check_branch(b: Branch, file: str, where: str) -> None:
    if b.days is not None and b.visits_per_week is not None and b.visits_per_week != len(b.days):
        raise InputError(file, f"branch '{b.id}': {b.visits_per_week} visits a week but days has {len(b.days)}",
                         column=f"{where}visits_per_week")
    if b.open_min is not None and b.close_min is not None and b.close_min <= b.open_min:
        raise InputError(file, f"branch '{b.id}' closes before it opens", column=f"{where}close")


def _add_branch(net: Network, row: dict[str, Any], file: str, where: str) -> Network:
    bid = row["id"]
    if not isinstance(bid, str) or not bid or any(b.id == bid for b in net.branches):
        raise InputError(file, f"id {bid!r} is empty or already used", column=f"{where}id")
    new = Branch(id=bid, **_branch_fields(row, net, file, where))
    _check_branch(new, file, where)
    requests = net.requests
    like = row.get("like")
    if like is not None:
        if not any(b.id == like and not b.is_hub for b in net.branches):
            raise InputError(file, f"like = {like!r} is not a branch id", column=f"{where}like")
        copied = [replace(r, origin=bid if r.origin == like else r.origin,
                          destination=bid if r.destination == like else r.destination)
                  for r in net.requests if like in (r.origin, r.destination)]
        requests = requests + tuple(r for r in copied if r.origin != r.destination)
    return replace(net, branches=net.branches + (new,), requests=requests)


def _change_branch(net: Network, row: dict[str, Any], file: str, where: str) -> Network:
    bid = row["id"]
    try:
        old = net.branch(bid)
    except KeyError:
        raise InputError(file, f"unknown branch '{bid}'", column=f"{where}id") from None
    if old.is_hub:
        raise InputError(file, f"'{bid}' is a hub; change it with [hub]", column=f"{where}id")
    new = replace(old, **_branch_fields(row, net, file, where))
    _check_branch(new, file, where)
    return replace(net, branches=tuple(new if b.id == bid else b for b in net.branches))


def _close_branches(net: Network, ids: tuple[str, ...], file: str) -> Network:
    """Remove branches; their requests move to the nearest open branch of the same organisation
    (any organisation if it has none left). Items between a closed branch and its substitute stay local."""
    import numpy as np

    from .distances import geodesic_km

    known = {b.id: b for b in net.branches}
    for bid in ids:
        if bid not in known:
            raise InputError(file, f"unknown branch '{bid}'", column="branches.close")
        if known[bid].is_hub:
            raise InputError(file, f"'{bid}' is a hub and cannot be closed", column="branches.close")
    closed = set(ids)
    open_stops = [b for b in net.stops if b.id not in closed]
    if not open_stops:
        raise InputError(file, "every branch would be closed", column="branches.close")
    allb = list(net.branches)
    km = geodesic_km(np.array([b.lat for b in allb]), np.array([b.lon for b in allb]))
    pos = {b.id: i for i, b in enumerate(allb)}
    to: dict[str, str] = {}
    for bid in closed:
        same = [b for b in open_stops if b.organisation == known[bid].organisation] or open_stops
        to[bid] = min(same, key=lambda b: (km[pos[bid], pos[b.id]], b.id)).id
    merged: dict[tuple[str, str, str], int] = {}
    for r in net.requests:
        o, d = to.get(r.origin, r.origin), to.get(r.destination, r.destination)
        if o != d:
            merged[(o, d, r.kind)] = merged.get((o, d, r.kind), 0) + r.items
    return replace(net, branches=tuple(b for b in net.branches if b.id not in closed),
                   requests=tuple(Request(o, d, n, k) for (o, d, k), n in merged.items()))


def _scale_volume(net: Network, volume: dict[str, Any], file: str) -> Network:
    """items x factor x organisation factor x branch-kind factor x request-kind factor, rounded half up.

    Organisation and branch kind are those of the request's branch end: the destination, or the
    origin when the destination is a hub (returns)."""
    orgs = {b.organisation for b in net.stops}
    for o in volume.get("organisation", {}):
        if o not in orgs:
            raise InputError(file, f"unknown organisation '{o}' (known: {', '.join(sorted(orgs))})",
                             column=f"volume.organisation.{o}")
    kinds = {r.kind for r in net.requests}
    for k in volume.get("request_kind", {}):
        if k not in kinds:
            raise InputError(file, f"unknown request kind '{k}' (in requests: {', '.join(sorted(kinds))})",
                             column=f"volume.request_kind.{k}")
    by_id = {b.id: b for b in net.branches}
    out = []
    for r in net.requests:
        end = by_id[r.origin] if by_id[r.destination].is_hub else by_id[r.destination]
        f = (float(volume.get("factor", 1.0)) * volume.get("organisation", {}).get(end.organisation, 1.0)
             * volume.get("branch_kind", {}).get(end.kind, 1.0) * volume.get("request_kind", {}).get(r.kind, 1.0))
        out.append(replace(r, items=int(math.floor(r.items * f + 0.5))))
    return replace(net, requests=tuple(out))


# ---------------------------------------------------------------- materialising
def _num(x: float | int | None) -> str:
    if x is None:
        return ""
    if isinstance(x, int) or float(x).is_integer():
        return str(int(x))
    return repr(float(x))


def _clock(m: float | None) -> str:
    if m is None:
        return ""
    s = int(round(m * 60))
    h, rest = divmod(s, 3600)
    mi, sec = divmod(rest, 60)
    return f"{h:02d}:{mi:02d}" + (f":{sec:02d}" if sec else "")


def _csv(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue()


def _toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def settings_toml(s: Settings, comment: str = "") -> str:
    """``settings.toml`` text that :func:`~.loader.load_settings` reads back to ``s`` exactly."""
    lines = [f"# {c}" for c in comment.splitlines()]
    lines += [
        f"items_per_crate = {_num(s.items_per_crate)}",
        f"detour_factor = {_num(s.detour_factor)}",
        f"speed_kmh = {_num(s.speed_kmh)}",
        f"handling_min_per_crate = {_num(s.handling_min_per_crate)}",
        f"working_days = [{', '.join(_toml_str(d) for d in s.working_days)}]",
        f"default_service_min = {_num(s.default_service_min)}",
        f"break_after_min = {_num(s.break_after_min)}",
        f"break_min = {_num(s.break_min)}",
    ]
    if s.max_days_between_visits is not None:
        lines.append(f"max_days_between_visits = {s.max_days_between_visits}")
    if s.min_visits_per_week is not None:
        lines.append(f"min_visits_per_week = {s.min_visits_per_week}")
    if s.language != "en":
        lines.append(f"language = {_toml_str(s.language)}")
    if s.patterns:
        lines += ["", "[frequencies]"]
        for k in sorted(s.patterns):
            lines.append(f'"{k}" = [{", ".join(_toml_str("+".join(p)) for p in s.patterns[k])}]')
    return "\n".join(lines) + "\n"


def materialise(net: Network, folder: Path, base_folder: Path | None = None, comment: str = "") -> Network:
    """Write ``net`` as a data folder (branches.csv, requests.csv, fleet.csv, settings.toml) and
    read it back. Extra columns of the base ``branches`` table (sources, notes) are carried over per id.

    Returns the network as loaded from ``folder``; it must equal ``net`` (a bug otherwise).
    """
    folder.mkdir(parents=True, exist_ok=True)
    extras: dict[str, dict[str, str]] = {}
    extra_cols: list[str] = []
    if base_folder is not None:
        table = read_table(find_table(base_folder, "branches"), BRANCH_REQUIRED, "branches")
        extra_cols = [c for c in table.columns if c and c not in BRANCH_REQUIRED + BRANCH_OPTIONAL]
        extras = {r.cells.get("id", ""): r.cells for r in table.rows}
    rows = []
    for b in net.branches:
        ex = extras.get(b.id, {})
        rows.append([b.id, b.name, b.organisation, b.town, _num(b.lat), _num(b.lon), b.kind,
                     _num(b.service_min), _num(b.visits_per_week), "+".join(b.days) if b.days else "",
                     _clock(b.open_min), _clock(b.close_min), _num(b.storage_crates),
                     _num(b.min_visits_per_week), _num(b.max_days_between_visits)]
                    + [ex.get(c, "") for c in extra_cols])
    write_text(folder / "branches.csv", _csv(list(BRANCH_REQUIRED + BRANCH_OPTIONAL) + extra_cols, rows))
    write_text(folder / "requests.csv", _csv(["origin", "destination", "items", "kind"],
                                             [[r.origin, r.destination, str(r.items), r.kind] for r in net.requests]))
    write_text(folder / "fleet.csv", _csv(list(FLEET_KEYS), [
        [v.type, str(v.count), str(v.capacity_crates), _num(v.cost_per_km), _num(v.cost_per_hour),
         _num(v.fixed_cost_per_day), _num(v.co2_g_per_km), _clock(v.shift_start_min), _clock(v.shift_end_min),
         v.depot] for v in net.fleet]))
    write_text(folder / "settings.toml", settings_toml(net.settings, comment))
    loaded = load_network(folder)
    if replace(loaded, source=None) != replace(net, source=None):
        raise LogisticsError(f"internal error: the data written to {folder} does not read back as the "
                             "scenario's network (please report)")
    return loaded


# ---------------------------------------------------------------- running
def run_scenario(scn: Scenario, out_dir: str | Path, workers: int = 1, progress: Progress | None = None) -> Plan:
    """Apply, materialise, solve, check and write one scenario's run folder (like ``plan``'s)."""
    base = load_network(scn.data)
    net = apply_scenario(base, scn)
    with tempfile.TemporaryDirectory(prefix=f"logistics-opt-{scn.name}-") as tmp:
        folder = Path(tmp) / "inputs"
        comment = (f"Effective settings of scenario '{scn.name}' ({scn.label}),\n"
                   f"base data {scn.data}; written by logistics-opt.")
        net = materialise(net, folder, scn.data, comment)
        plan = make_plan(net, scn.options(workers), progress)
        plan.meta["inputs_sha256"] = files_hash(input_files(folder))
        plan.meta["data"] = str(scn.data)
        plan.meta["command"] = " ".join(Path(sys.argv[0]).name.split() + sys.argv[1:])
        plan.meta["scenario"] = {"name": scn.name, "description": scn.description,
                                 "file": str(scn.file) if scn.file else None, "base_data": str(scn.data),
                                 "frequencies": scn.frequencies}
        extra = {"scenario.toml": scn.file.read_text(encoding="utf-8")} if scn.file else {}
        write_run(plan, folder, Path(out_dir), extra=extra)
    return plan


@dataclass
class RunResult:
    """What happened to one scenario in :func:`run_many`."""

    name: str
    out: str
    ok: bool
    seconds: float
    error: str = ""
    summary: dict[str, Any] = field(default_factory=dict)
    service: dict[str, Any] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return self.ok and not self.summary.get("unassigned", 0)


def run_one(job: tuple[Scenario, str, int]) -> RunResult:
    """Run one scenario and never raise: failures come back as a :class:`RunResult` (for pools)."""
    scn, out, workers = job
    t0 = time.perf_counter()
    try:
        plan = run_scenario(scn, out, workers)
    except LogisticsError as e:
        return RunResult(scn.name, out, False, round(time.perf_counter() - t0, 1), str(e))
    except Exception as e:  # a bug or a missing module: report it, let the other scenarios finish
        detail = traceback.format_exc() if os.environ.get("LOGISTICS_OPT_DEBUG") else ""
        return RunResult(scn.name, out, False, round(time.perf_counter() - t0, 1),
                         f"{type(e).__name__}: {e}" + (f"\n{detail}" if detail else ""))
    return RunResult(scn.name, out, True, round(time.perf_counter() - t0, 1), summary=plan.summary(),
                     service=dict(plan.service))


def _child(job: tuple[Scenario, str, int], conn: Any) -> None:
    die_on_ctrl_c()
    conn.send(run_one(job))
    conn.close()


def run_isolated(jobs: list[tuple[Scenario, str, int]], parallel: int, done: Callable[[RunResult], None]) -> None:
    """Each scenario in a process of its own, at most ``parallel`` at a time. A scenario whose
    process dies (a crash, or the kernel killing it for memory) is reported; unlike a shared
    process pool, its death takes no other scenario down."""
    pending = list(jobs)
    running: dict[Any, tuple[Any, tuple[Scenario, str, int], float]] = {}
    ctx = multiprocessing.get_context()
    while pending or running:
        while pending and len(running) < parallel:
            job = pending.pop(0)
            recv, send = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_child, args=(job, send), name=f"scenario-{job[0].name}")
            proc.start()
            send.close()
            running[recv] = (proc, job, time.perf_counter())
        # Wait on the pipes, not the processes: a result larger than the pipe's buffer is only
        # sent while we read, and a pipe also wakes us (EOF) when its process dies.
        for recv in wait(list(running)):
            proc, job, t0 = running.pop(recv)
            try:
                result = recv.recv()
            except (EOFError, OSError):
                result = None
            recv.close()
            proc.join()
            if result is None:
                code = proc.exitcode
                why = ("killed by signal 9 (out of memory?)" if code == -9 else
                       f"killed by signal {-code}" if code is not None and code < 0 else f"exited with code {code}")
                result = RunResult(job[0].name, job[1], False, round(time.perf_counter() - t0, 1),
                                   f"the scenario's process died: {why}")
            done(result)


def check_unique(scenarios: list[Scenario]) -> None:
    """Scenario names become folder names: they must be unique."""
    seen: dict[str, Scenario] = {}
    for s in scenarios:
        if s.name in seen:
            raise InputError(s.label, f"name '{s.name}' is also used by {seen[s.name].label}", column="name")
        seen[s.name] = s


def run_many(scenarios: list[Scenario], out_root: str | Path, jobs: int = 0, scheduler: str | None = None,
             on_result: Callable[[RunResult], None] | None = None) -> list[RunResult]:
    """Run scenarios into ``out_root/<name>/``: in ``jobs`` worker processes (0: one per core), or on
    the Dask cluster at ``scheduler``. A failing scenario is reported; the others still finish.
    Results come back in the order of ``scenarios``.
    """
    check_unique(scenarios)
    out_root = Path(out_root)
    cores = os.cpu_count() or 1
    jobs = max(1, min(jobs or cores, len(scenarios) or 1))
    results: dict[str, RunResult] = {}

    def done(r: RunResult) -> None:
        results[r.name] = r
        if on_result:
            on_result(r)

    if scheduler:
        try:
            from distributed import Client, as_completed as dask_completed
        except ImportError:
            raise LogisticsError("--scheduler needs the 'distributed' package: "
                                 "pip install 'logistics-opt[distributed]'") from None
        with Client(scheduler) as client:
            futures = {client.submit(run_one, (s, str(out_root / s.name), 1), pure=False,
                                     key=f"scenario-{s.name}-{uuid.uuid4().hex[:8]}"): s
                       for s in scenarios}
            for fut in dask_completed(list(futures)):
                s = futures[fut]
                try:
                    done(fut.result())
                except Exception as e:   # the worker died
                    done(RunResult(s.name, str(out_root / s.name), False, 0.0, f"{type(e).__name__}: {e}"))
    elif jobs == 1:
        for s in scenarios:
            done(run_one((s, str(out_root / s.name), 0)))
    else:
        per = max(1, cores // jobs)
        run_isolated([(s, str(out_root / s.name), per) for s in scenarios], jobs, done)
    ordered = [results[s.name] for s in scenarios]
    write_manifest(out_root, ordered)
    return ordered


def write_manifest(out_root: Path, results: list[RunResult]) -> None:
    """``out_root/runs.json``: which run folders this invocation wrote, so ``compare out_root``
    reads these and no folder left over from an earlier run."""
    from .reports.compare import MANIFEST

    doc = {"runs": [{"name": r.name, "folder": Path(r.out).name, "ok": r.ok, "error": r.error} for r in results]}
    out_root.mkdir(parents=True, exist_ok=True)
    tmp = out_root / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    tmp.replace(out_root / MANIFEST)
