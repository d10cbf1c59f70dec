"""Reading the multi-hub parts of a data folder: the ``hub`` column and the trunk.

- ``branches.csv`` ``hub``: the hub whose vans serve a branch. Empty: the only hub, or with
  several hubs the nearest (geodesic; ties to the hub listed first): :func:`hub_map`, which the
  planner, the service figures and the reports use and the checker recomputes on its own.
- ``[trunk]`` in settings.toml: ``cost_per_item``, ``cost_per_crate``, ``lead_days`` for every
  hub pair; ``trunk.csv`` (optional): ``from_hub, to_hub`` and any of those columns per ordered pair.
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from .model import Branch, Network, Trunk, TrunkRate

TRUNK_KEYS = ("cost_per_item", "cost_per_crate", "lead_days")


def hub_map(network: Network) -> dict[str, str]:
    """Branch or hub id -> the hub that serves it: a hub itself; a branch its ``hub`` column, else
    the nearest hub (WGS-84 geodesic; ties to the hub listed first)."""
    hubs = network.hubs
    out = {h.id: h.id for h in hubs}
    open_ = [b for b in network.stops if b.hub is None]
    if open_ and len(hubs) > 1:
        from pyproj import Geod

        lat = np.repeat([b.lat for b in open_], len(hubs))
        lon = np.repeat([b.lon for b in open_], len(hubs))
        _, _, m = Geod(ellps="WGS84").inv(
            lon, lat, np.tile([h.lon for h in hubs], len(open_)), np.tile([h.lat for h in hubs], len(open_))
        )
        nearest = np.asarray(m).reshape(len(open_), len(hubs)).argmin(axis=1)
        out.update({b.id: hubs[int(k)].id for b, k in zip(open_, nearest, strict=True)})
    out.update({b.id: b.hub or hubs[0].id for b in network.stops if b.id not in out})
    return out


def resolve_hubs(branches: list[Branch], file: str, rows: dict[str, int]) -> tuple[Branch, ...]:
    """The branches with their ``hub`` column checked; ``rows``: id -> row number in ``file``."""
    hubs = [b for b in branches if b.is_hub]
    ids = {h.id for h in hubs}
    out = []
    for b in branches:
        if b.is_hub:
            if b.hub not in (None, b.id):
                raise InputError(
                    file, f"hub '{b.id}' names another hub '{b.hub}'; leave it empty", row=rows[b.id], column="hub"
                )
            out.append(replace(b, hub=None))
        elif b.hub is not None and b.hub not in ids:
            raise InputError(
                file, f"unknown hub '{b.hub}' (expected one of {', '.join(sorted(ids))})", row=rows[b.id], column="hub"
            )
        else:
            out.append(b)
    return tuple(out)


def _rate(values: dict[str, Any], base: TrunkRate, file: str, where: str, row: int | None = None) -> TrunkRate:
    out = {}
    for key in TRUNK_KEYS:
        v = values.get(key)
        if v is None or v == "":
            out[key] = getattr(base, key)
            continue
        try:
            x = float(str(v).replace(",", ".")) if not isinstance(v, (int, float)) or isinstance(v, bool) else v
        except ValueError:
            x = math.nan
        if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x) or x < 0:
            raise InputError(file, f"{key} = {v!r} is not a number >= 0", row=row, column=f"{where}{key}")
        if key == "lead_days":
            if x != int(x):
                raise InputError(
                    file, f"lead_days = {v!r} is not a whole number of days", row=row, column=f"{where}{key}"
                )
            x = int(x)
        out[key] = x
    return TrunkRate(float(out["cost_per_item"]), float(out["cost_per_crate"]), int(out["lead_days"]))


def trunk_from_settings(table: Any, file: str, base: Trunk) -> Trunk:
    """``[trunk]`` of settings.toml (or of a scenario's settings overrides)."""
    if not isinstance(table, dict):
        raise InputError(file, "[trunk] must be a table such as  cost_per_crate = 2.70", column="trunk")
    for key in table:
        if key not in TRUNK_KEYS:
            raise InputError(
                file, f"unknown key '{key}' in [trunk] (known: {', '.join(TRUNK_KEYS)})", column=f"trunk.{key}"
            )
    return replace(base, default=_rate(table, base.default, file, "trunk."))


def trunk_from_table(table: Any, hubs: set[str], trunk: Trunk) -> Trunk:
    """``trunk.csv`` (a table read with columns ``from_hub, to_hub``) over the settings' default rate."""
    pairs: dict[tuple[str, str], TrunkRate] = {}
    first: dict[tuple[str, str], int] = {}
    for row in table.rows:
        vals = row.cells
        a, b = vals.get("from_hub", ""), vals.get("to_hub", "")
        for col, v in (("from_hub", a), ("to_hub", b)):
            if v not in hubs:
                raise InputError(
                    table.name,
                    f"unknown hub '{v}' (expected one of {', '.join(sorted(hubs))})",
                    row=row.number,
                    column=col,
                )
        if a == b:
            raise InputError(table.name, f"from_hub and to_hub are both '{a}'", row=row.number, column="to_hub")
        if (a, b) in first:
            raise InputError(
                table.name, f"pair {a} -> {b} repeats row {first[(a, b)]}", row=row.number, column="to_hub"
            )
        first[(a, b)] = row.number
        pairs[(a, b)] = _rate(vals, trunk.default, table.name, "", row=row.number)
    return replace(trunk, pairs=pairs)


def trunk_file(folder: Path) -> Path | None:
    for name in ("trunk.csv", "trunk.xlsx"):
        if (folder / name).is_file():
            return folder / name
    return None
