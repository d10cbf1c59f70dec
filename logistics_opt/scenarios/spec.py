"""Scenario files: parse and validate a base data folder plus named overrides.

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

import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict

from ..data.cells import parse_clock
from ..data.read import (
    BRANCH_OPTIONAL,
    BRANCH_REQUIRED,
    FLEET_OPTIONAL,
    FLEET_REQUIRED,
    SETTINGS_KEYS,
    roads_setting,
    settings_from_dict,
)
from ..errors import InputError
from ..pipeline import RunOptions
from ..routing.stop import DEFAULT_CAP_S, DEFAULT_ROUNDS, DEFAULT_SOLUTION_LIMIT, StopRule, StopRuleError

#: Seeds a scenario is solved with when neither its file nor ``--repeats`` says: two, so that every
#: run has a noise band and every difference in the report is judged against it. On the shipped
#: scenarios the second seed adds about 50 s to the README's main job on 2 cores (2 min 18 s to
#: 2 min 24 s in all on a fresh clone; benchmarks/README.md); three would come to about 3 minutes.
DEFAULT_REPEATS = 2

TOP_KEYS = (
    "name",
    "description",
    "data",
    "time_limit",
    "seed",
    "solution_limit",
    "stop",
    "rounds",
    "repeats",
    "frequencies",
    "settings",
    "fleet",
    "branches",
    "organisations",
    "volume",
    "hub",
    "hubs",
    "previous",
)
FLEET_KEYS = FLEET_REQUIRED + FLEET_OPTIONAL
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
    time_limit_s: float = DEFAULT_CAP_S
    seed: int = 0
    solution_limit: int | None = DEFAULT_SOLUTION_LIMIT
    rounds: int | None = DEFAULT_ROUNDS
    frequencies: str = "current"
    repeats: int = DEFAULT_REPEATS
    settings: dict[str, Any] = field(default_factory=dict)
    fleet: tuple[dict[str, Any], ...] = ()
    close: tuple[str, ...] = ()
    add: tuple[dict[str, Any], ...] = ()
    change: tuple[dict[str, Any], ...] = ()
    rename_organisations: dict[str, str] = field(default_factory=dict)
    volume: dict[str, Any] = field(default_factory=dict)
    hub: dict[str, Any] = field(default_factory=dict)
    language: str | None = None  # the reports' language from --lang (None: the data's settings)
    merge_hubs: dict[str, str] = field(default_factory=dict)  # [hubs] merge = {closing = receiving}
    previous: Path | None = None  # an earlier run folder to keep routes from (plan --previous)

    @property
    def label(self) -> str:
        """How errors name this scenario: its file, or its name for a scenario built in code."""
        return str(self.file) if self.file else f"scenario '{self.name}'"

    def options(self, workers: int = 1) -> RunOptions:
        return RunOptions(
            time_limit_s=self.time_limit_s,
            seed=self.seed,
            solution_limit=self.solution_limit,
            rounds=self.rounds,
            frequencies=self.frequencies,
            workers=workers,
            language=self.language,
            previous=str(self.previous) if self.previous else None,
        )


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
            raise InputError(file, f"unknown key '{prefix}{k}' (known: {', '.join(allowed)})", column=f"{prefix}{k}")


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
        raise InputError(file, f"{key} = {v!r} is not a factor (expected a number >= 0, 1.2 for +20 %)", column=key)
    return float(v)


def scenario_from_dict(doc: dict[str, Any], path: Path | None = None, *, base_dir: Path | None = None) -> Scenario:
    """Validate a scenario mapping. ``path`` names the file in errors and is where ``data`` is relative
    to (else ``base_dir``, else the working directory); without a file the mapping needs a ``name``."""
    file = str(path) if path else f"scenario '{doc.get('name', '?')}'"
    _unknown(file, doc, TOP_KEYS)
    nm = doc.get("name", path.stem if path else None)
    if not isinstance(nm, str) or not NAME_RE.match(nm):
        raise InputError(
            file, f"name = {nm!r} must be a folder-safe name (letters, digits, '.', '_', '-')", column="name"
        )
    desc = doc.get("description", "")
    if not isinstance(desc, str):
        raise InputError(file, "description must be a string", column="description")
    if "data" not in doc or not isinstance(doc["data"], str) or not doc["data"]:
        raise InputError(file, 'data = "..." (the base data folder, relative to this file) is required', column="data")
    base = base_dir if base_dir is not None else (path.parent if path else Path.cwd())
    return Scenario(
        name=nm,
        description=desc,
        data=(base / doc["data"]).resolve(),
        file=path.resolve() if path else None,
        **_run_settings(doc, file),
        settings=_settings(doc, file, base),
        fleet=_fleet(doc, file),
        **_branches(doc, file),
        rename_organisations=_organisations(doc, file),
        volume=_volume(doc, file),
        hub=_hub(doc, file),
        merge_hubs=_merge_hubs(doc, file),
        previous=_previous(doc, file, base),
    )


def _previous(doc: dict[str, Any], file: str, base: Path) -> Path | None:
    """``previous = "..."``: an earlier run folder, relative to the scenario file as ``data`` is."""
    v = doc.get("previous")
    if v is None:
        return None
    if not isinstance(v, str) or not v:
        raise InputError(file, 'previous = "..." must be the path of an earlier run folder', column="previous")
    return (base / v).resolve()


def _settings(doc: dict[str, Any], file: str, base: Path) -> dict[str, Any]:
    settings = _table(doc, "settings", file)
    _unknown(file, settings, tuple(sorted(SETTINGS_KEYS)), "settings.")
    if "roads" in settings:  # a road folder relative to the scenario file
        settings = {**settings, "roads": roads_setting(settings["roads"], file, base)}
    settings_from_dict(settings, file)  # types and ranges, against the defaults
    return dict(settings)


def _fleet(doc: dict[str, Any], file: str) -> tuple[dict[str, Any], ...]:
    fleet = _tables(doc.get("fleet", []), "fleet", file)
    for k, row in enumerate(fleet, start=1):
        _unknown(file, row, FLEET_KEYS, f"fleet[{k}].")
        if not isinstance(row.get("type"), str) or not row["type"]:
            raise InputError(
                file, f'fleet[{k}] needs type = "..." (the vehicle type to change or add)', column=f"fleet[{k}].type"
            )
        fleet_values(row, file, f"fleet[{k}].")
    return tuple(fleet)


class _BranchChanges(TypedDict):
    close: tuple[str, ...]
    add: tuple[dict[str, Any], ...]
    change: tuple[dict[str, Any], ...]


def _branches(doc: dict[str, Any], file: str) -> _BranchChanges:
    """``[branches]``: ``close``, ``add`` and ``change``."""
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
                raise InputError(
                    file,
                    f"branches.add[{k}] needs '{req}' (required: {', '.join(BRANCH_REQUIRED)})",
                    column=f"branches.add[{k}].{req}",
                )
    change = _tables(branches.get("change", []), "branches.change", file)
    for k, row in enumerate(change, start=1):
        _unknown(file, row, ("id",) + BRANCH_KEYS, f"branches.change[{k}].")
        if not isinstance(row.get("id"), str):
            raise InputError(file, f'branches.change[{k}] needs id = "..."', column=f"branches.change[{k}].id")
    return {"close": tuple(close), "add": tuple(add), "change": tuple(change)}


def _organisations(doc: dict[str, Any], file: str) -> dict[str, str]:
    orgs = _table(doc, "organisations", file)
    _unknown(file, orgs, ("rename",), "organisations.")
    rename = orgs.get("rename", {})
    if not isinstance(rename, dict) or not all(isinstance(v, str) and v for v in rename.values()):
        raise InputError(file, "organisations.rename must map old names to new names", column="organisations.rename")
    return dict(rename)


def _volume(doc: dict[str, Any], file: str) -> dict[str, Any]:
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
    return dict(volume)


def _hub(doc: dict[str, Any], file: str) -> dict[str, Any]:
    hub = _table(doc, "hub", file)
    _unknown(file, hub, HUB_KEYS, "hub.")
    for key in ("lat", "lon"):
        if key in hub and (isinstance(hub[key], bool) or not isinstance(hub[key], (int, float))):
            raise InputError(file, f"hub.{key} = {hub[key]!r} is not a number", column=f"hub.{key}")
    for key in ("replace", "id", "name", "town"):
        if key in hub and (not isinstance(hub[key], str) or (key != "town" and not hub[key])):
            raise InputError(file, f"hub.{key} = {hub[key]!r} must be a non-empty string", column=f"hub.{key}")
    return dict(hub)


def _merge_hubs(doc: dict[str, Any], file: str) -> dict[str, str]:
    hubs = _table(doc, "hubs", file)
    _unknown(file, hubs, ("merge",), "hubs.")
    merge = hubs.get("merge", {})
    if not isinstance(merge, dict) or not all(isinstance(v, str) and v for v in merge.values()):
        raise InputError(
            file,
            'hubs.merge must map closing hub ids to receiving hub ids, e.g. merge = { "HUB-A" = "HUB-B" }',
            column="hubs.merge",
        )
    return dict(merge)


def _whole(doc: dict[str, Any], key: str, file: str, lo: int, default: int | None) -> int | None:
    v = doc.get(key, default)
    if v is not None and (isinstance(v, bool) or not isinstance(v, int) or v < lo):
        raise InputError(file, f"{key} = {v!r} is not a whole number >= {lo}", column=key)
    return v


def _run_settings(doc: dict[str, Any], file: str) -> dict[str, Any]:
    """How the scenario is searched: its stopping rule (:meth:`..routing.stop.StopRule.named`, the same
    as every command's ``--stop``, ``--solution-limit``, ``--rounds``, ``--time-limit``): reproducible
    (``stop = "work"``, the default: a solution limit, the time limit only a cap) or ``stop = "time"``
    (the time limit; results vary with the machine)."""
    tl = doc.get("time_limit")
    if tl is not None and (isinstance(tl, bool) or not isinstance(tl, (int, float)) or not 0.1 <= tl <= 86400):
        raise InputError(
            file, f"time_limit = {tl!r} is out of range (expected seconds, 0.1-86400)", column="time_limit"
        )
    seed = _whole(doc, "seed", file, -(2**31), 0)
    try:
        rule = StopRule.named(
            doc.get("stop"),
            time_limit_s=None if tl is None else float(tl),
            solution_limit=_whole(doc, "solution_limit", file, 1, None),
            rounds=_whole(doc, "rounds", file, 1, None),
            default="work",
        )
    except StopRuleError as e:
        raise InputError(file, str(e), column=e.key) from None
    freq = doc.get("frequencies", "current")
    if freq not in ("current", "optimise"):
        raise InputError(file, f'frequencies = {freq!r} (expected "current" or "optimise")', column="frequencies")
    repeats = _whole(doc, "repeats", file, 1, DEFAULT_REPEATS)
    return {
        "time_limit_s": float(rule.time_limit_s),
        "seed": seed,
        "solution_limit": rule.solution_limit,
        "rounds": rule.rounds,
        "frequencies": freq,
        "repeats": repeats,
    }


def fleet_values(row: dict[str, Any], file: str, where: str) -> dict[str, Any]:
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
                raise InputError(file, f'{key} = {v!r} is not a time of day (expected "HH:MM")', column=col)
            out[key] = t
        elif key in ("count", "capacity_crates", "max_trips"):
            lo = 0 if key == "count" else 1
            if isinstance(v, bool) or not isinstance(v, int) or v < lo:
                raise InputError(file, f"{key} = {v!r} is not a whole number >= {lo}", column=col)
            out[key] = v
        else:
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or v < 0:
                raise InputError(file, f"{key} = {v!r} is not a number >= 0", column=col)
            out[key] = float(v)
    return out
