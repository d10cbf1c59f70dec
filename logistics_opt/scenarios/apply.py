"""Apply a scenario's changes to a network (the base network is not modified)."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np

from ..data.cells import parse_clock, parse_days
from ..data.model import KINDS, LOAN_KIND, RETURN_KIND, Branch, Network, Request, Settings, VehicleType
from ..data.read import BRANCH_OPTIONAL, FLEET_REQUIRED, settings_from_dict
from ..data.reservations import check_floating
from ..distances import geodesic_km
from ..errors import InputError
from .reservations import close_in_log, like_in_log, scale_log
from .spec import Scenario, fleet_values


# ---------------------------------------------------------------- applying
def apply_scenario(network: Network, scn: Scenario) -> Network:
    """The network with the scenario's changes (the base network is not modified)."""
    f = scn.label
    net = network
    if scn.settings:
        net = replace(net, settings=settings_from_dict(scn.settings, f, base=net.settings))
    if scn.hub:
        net = _move_hub(net, scn.hub, f)
    if scn.merge_hubs:
        net = merge_hubs(net, scn.merge_hubs, f)
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
                raise InputError(
                    f, f"unknown organisation '{old}' (known: {', '.join(sorted(orgs))})", column="organisations.rename"
                )
        net = replace(
            net,
            branches=tuple(
                replace(b, organisation=scn.rename_organisations.get(b.organisation, b.organisation))
                if not b.is_hub
                else b
                for b in net.branches
            ),
            settings=_rename_floating(net.settings, scn.rename_organisations),
        )
    if scn.volume:
        net = scale_log(_scale_volume(net, scn.volume, f), scn.volume, f)
    check_floating(net.settings.supply, net.branches, f, column="settings.supply.floating")
    return net


def _rename_floating(settings: Settings, rename: dict[str, str]) -> Settings:
    """A floating organisation that is renamed (a merger) floats under its new name."""
    floating = settings.supply.floating
    if isinstance(floating, bool):
        return settings
    renamed = tuple(dict.fromkeys(rename.get(o, o) for o in floating))
    return replace(settings, supply=replace(settings.supply, floating=renamed))


def _hub_id(net: Network, wanted: Any, file: str, column: str) -> Branch:
    hubs = net.hubs
    if wanted is None:
        if len(hubs) != 1:
            raise InputError(file, f'there are {len(hubs)} hubs; say which with {column} = "..."', column=column)
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
    moved = replace(
        old,
        id=new_id,
        name=hub.get("name", old.name),
        town=hub.get("town", old.town),
        lat=float(hub.get("lat", old.lat)),
        lon=float(hub.get("lon", old.lon)),
    )
    if not -90 <= moved.lat <= 90 or not -180 <= moved.lon <= 180:
        raise InputError(file, f"hub coordinate {moved.lat}, {moved.lon} is out of range", column="hub.lat")

    def rid(x: str) -> str:
        return new_id if x == old.id else x

    pairs = {(rid(a), rid(b)): r for (a, b), r in net.settings.trunk.pairs.items()}
    return replace(
        net,
        settings=replace(net.settings, trunk=replace(net.settings.trunk, pairs=pairs)),
        branches=tuple(moved if b.id == old.id else replace(b, hub=rid(b.hub)) if b.hub else b for b in net.branches),
        requests=tuple(replace(r, origin=rid(r.origin), destination=rid(r.destination)) for r in net.requests),
        fleet=tuple(replace(v, depot=rid(v.depot)) for v in net.fleet),
    )


def merge_hubs(net: Network, merge: dict[str, str], file: str) -> Network:
    """Close hubs into others (two provinces share one hub): a closing hub's branches, vans and
    requests go to its receiving hub; trunk rates that name it are dropped."""
    hubs = {h.id for h in net.hubs}
    for a, b in merge.items():
        for v in (a, b):
            if v not in hubs:
                raise InputError(file, f"unknown hub '{v}' (hubs: {', '.join(sorted(hubs))})", column=f"hubs.merge.{a}")
        if a == b or b in merge:
            raise InputError(
                file, f"hub {a} cannot merge into {b} (itself, or a hub that closes too)", column=f"hubs.merge.{a}"
            )

    def rid(x: str) -> str:
        return merge.get(x, x)

    pairs = {k: r for k, r in net.settings.trunk.pairs.items() if k[0] not in merge and k[1] not in merge}
    return replace(
        net,
        settings=replace(net.settings, trunk=replace(net.settings.trunk, pairs=pairs)),
        branches=tuple(replace(b, hub=rid(b.hub)) if b.hub else b for b in net.branches if b.id not in merge),
        requests=tuple(replace(r, origin=rid(r.origin), destination=rid(r.destination)) for r in net.requests),
        fleet=tuple(replace(v, depot=rid(v.depot)) for v in net.fleet),
    )


def _change_fleet(net: Network, rows: tuple[dict[str, Any], ...], file: str) -> Network:
    fleet = list(net.fleet)
    hubs = {h.id for h in net.hubs}
    for k, row in enumerate(rows, start=1):
        where = f"fleet[{k}]."
        vals = fleet_values(row, file, where)
        if "depot" in vals and vals["depot"] not in hubs:
            raise InputError(
                file, f"unknown depot '{vals['depot']}' (hubs: {', '.join(sorted(hubs))})", column=f"{where}depot"
            )
        names = {"shift_start": "shift_start_min", "shift_end": "shift_end_min"}
        fields = {names.get(key, key): v for key, v in vals.items()}
        pos = next((i for i, v in enumerate(fleet) if v.type == vals["type"]), None)
        if pos is None:
            missing = [c for c in FLEET_REQUIRED if c not in vals]
            if missing:
                raise InputError(
                    file, f"new vehicle type '{vals['type']}' needs {', '.join(missing)}", column=f"{where}{missing[0]}"
                )
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
            d = parse_days(v, wd) if isinstance(v, str) else 'expected a pattern such as "mon+thu"'
            if isinstance(d, str):
                raise InputError(file, f"days = {v!r}: {d}", column=col)
            out["days"] = d
        elif key in ("open", "close"):
            t = parse_clock(v) if isinstance(v, str) else None
            if t is None:
                raise InputError(file, f'{key} = {v!r} is not a time of day (expected "HH:MM")', column=col)
            out[f"{key}_min"] = t
        elif key in ("visits_per_week", "storage_crates", "min_visits_per_week", "max_days_between_visits"):
            lo = 0 if key == "storage_crates" else 1
            hi = 10**9 if key == "storage_crates" else len(wd)
            if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
                raise InputError(
                    file,
                    f"{key} = {v!r} is out of range (expected a whole number {lo}-{hi})"
                    if hi < 10**9
                    else f"{key} = {v!r} is not a whole number >= {lo}",
                    column=col,
                )
            out[key] = v
        else:  # lat, lon, service_min
            bounds = {"lat": (-90, 90), "lon": (-180, 180), "service_min": (0, 600)}[key]
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not bounds[0] <= v <= bounds[1]:
                raise InputError(
                    file, f"{key} = {v!r} is out of range (expected {bounds[0]} to {bounds[1]})", column=col
                )
            out[key] = float(v)
    return out


def _check_branch(b: Branch, file: str, where: str) -> None:
    if b.days is not None and b.visits_per_week is not None and b.visits_per_week != len(b.days):
        raise InputError(
            file,
            f"branch '{b.id}': {b.visits_per_week} visits a week but days has {len(b.days)}",
            column=f"{where}visits_per_week",
        )
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
        copied = [
            replace(
                r,
                origin=bid if r.origin == like else r.origin,
                destination=bid if r.destination == like else r.destination,
            )
            for r in net.requests
            if like in (r.origin, r.destination)
        ]
        requests = requests + tuple(r for r in copied if r.origin != r.destination)
        net = like_in_log(net, bid, like)
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
    return replace(
        close_in_log(net, to),
        branches=tuple(b for b in net.branches if b.id not in closed),
        requests=tuple(Request(o, d, n, k) for (o, d, k), n in merged.items()),
    )


def _scale_volume(net: Network, volume: dict[str, Any], file: str) -> Network:
    """items x factor x organisation factor x branch-kind factor x request-kind factor, rounded half up.

    Organisation and branch kind are those of the request's branch end: the destination, or the
    origin when the destination is a hub (returns)."""
    orgs = {b.organisation for b in net.stops}
    for o in volume.get("organisation", {}):
        if o not in orgs:
            raise InputError(
                file,
                f"unknown organisation '{o}' (known: {', '.join(sorted(orgs))})",
                column=f"volume.organisation.{o}",
            )
    kinds = {r.kind for r in net.requests} | ({LOAN_KIND, RETURN_KIND} if net.reservations is not None else set())
    for k in volume.get("request_kind", {}):
        if k not in kinds:
            raise InputError(
                file,
                f"unknown request kind '{k}' (in requests: {', '.join(sorted(kinds))})",
                column=f"volume.request_kind.{k}",
            )
    by_id = {b.id: b for b in net.branches}
    out = []
    for r in net.requests:
        end = by_id[r.origin] if by_id[r.destination].is_hub else by_id[r.destination]
        f = (
            float(volume.get("factor", 1.0))
            * volume.get("organisation", {}).get(end.organisation, 1.0)
            * volume.get("branch_kind", {}).get(end.kind, 1.0)
            * volume.get("request_kind", {}).get(r.kind, 1.0)
        )
        out.append(replace(r, items=int(math.floor(r.items * f + 0.5))))
    return replace(net, requests=tuple(out))
