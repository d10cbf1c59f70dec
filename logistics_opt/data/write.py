"""Write a network as a data folder: the inverse of :mod:`.read`, so a run's ``inputs/`` holds the exact data used."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..errors import LogisticsError
from ..files import csv_text, write_text
from .cells import find_table, read_table
from .hours import HOURS_COLUMNS
from .model import Network, Settings, Stability, Supply, TrunkRate
from .read import BRANCH_OPTIONAL, BRANCH_REQUIRED, FLEET_EMISSION, FLEET_OPTIONAL, FLEET_REQUIRED, load_network
from .reservations import RESERVATION_OPTIONAL, RESERVATION_REQUIRED

FLEET_COLUMNS = FLEET_REQUIRED + FLEET_OPTIONAL + FLEET_EMISSION


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


def _toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def settings_toml(s: Settings, comment: str = "") -> str:
    """``settings.toml`` text that :func:`.read.load_settings` reads back to ``s`` exactly."""
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
    if s.roads is not None:
        lines.append(f"roads = {_toml_str(s.roads)}")
    if s.road_time_factor != 1.0:
        lines.append(f"road_time_factor = {_num(s.road_time_factor)}")
    if s.language != "en":
        lines.append(f"language = {_toml_str(s.language)}")
    if s.patterns:
        lines += ["", "[frequencies]"]
        for k in sorted(s.patterns):
            lines.append(f'"{k}" = [{", ".join(_toml_str("+".join(p)) for p in s.patterns[k])}]')
    if s.consistency is not None:
        c = s.consistency
        lines += ["", "[consistency]", f"same_van = {str(c.same_van).lower()}"]
        lines.append(f"max_arrival_spread_min = {_num(c.max_arrival_spread_min)}")
    if s.stability != Stability():
        st = s.stability
        lines += [
            "",
            "[stability]",
            f"move_van_eur = {_num(st.move_van_eur)}",
            f"move_day_eur = {_num(st.move_day_eur)}",
        ]
        lines.append(f"late_eur_per_15min = {_num(st.late_eur_per_15min)}")
        lines.append(f"late_cap_eur = {_num(st.late_cap_eur)}")
    if s.supply != Supply():
        lines += ["", *supply_toml(s.supply)]
    t = s.trunk.default
    if t != TrunkRate():
        lines += ["", "[trunk]", f"cost_per_item = {_num(t.cost_per_item)}"]
        lines += [f"cost_per_crate = {_num(t.cost_per_crate)}", f"lead_days = {t.lead_days}"]
    return "\n".join(lines) + "\n"


def supply_toml(s: Supply) -> list[str]:
    """The ``[supply]`` table's lines."""
    floating = "true" if s.floating is True else f"[{', '.join(_toml_str(o) for o in s.floating or ())}]"
    return [
        "[supply]",
        f"rule = {_toml_str(s.rule)}",
        f"floating = {floating}",
        f"rebalance_share = {_num(s.rebalance_share)}",
    ]


def _reservation_rows(net: Network) -> list[list[str]]:
    return [
        [r.requester, ";".join(r.holders), r.owner or "", r.day or "", str(r.items)] for r in net.reservations or ()
    ]


def _hours_rows(net: Network) -> list[list[str]]:
    return [[bid, day, _clock(h[0]), _clock(h[1])] if h else [bid, day, "", ""] for (bid, day), h in net.hours.items()]


def _branch_rows(net: Network, base_folder: Path | None) -> tuple[list[str], list[list[str]]]:
    """branches.csv's header and rows; extra columns of the base table (sources, notes) carried per id."""
    extras: dict[str, dict[str, str]] = {}
    extra_cols: list[str] = []
    if base_folder is not None:
        table = read_table(find_table(base_folder, "branches"), BRANCH_REQUIRED, "branches")
        extra_cols = [c for c in table.columns if c and c not in BRANCH_REQUIRED + BRANCH_OPTIONAL]
        extras = {r.cells.get("id", ""): r.cells for r in table.rows}
    rows = []
    for b in net.branches:
        ex = extras.get(b.id, {})
        rows.append(
            [
                b.id,
                b.name,
                b.organisation,
                b.town,
                _num(b.lat),
                _num(b.lon),
                b.kind,
                _num(b.service_min),
                _num(b.visits_per_week),
                "+".join(b.days) if b.days else "",
                _clock(b.open_min),
                _clock(b.close_min),
                _num(b.storage_crates),
                _num(b.min_visits_per_week),
                _num(b.max_days_between_visits),
                b.hub or "",
            ]
            + [ex.get(c, "") for c in extra_cols]
        )
    return list(BRANCH_REQUIRED + BRANCH_OPTIONAL) + extra_cols, rows


def _fleet_rows(net: Network) -> list[list[str]]:
    return [
        [
            v.type,
            str(v.count),
            str(v.capacity_crates),
            _num(v.cost_per_km),
            _num(v.cost_per_hour),
            _num(v.fixed_cost_per_day),
            _num(v.co2_g_per_km),
            _clock(v.shift_start_min),
            _clock(v.shift_end_min),
            v.depot,
            str(v.max_trips),
            _num(v.reload_min),
            _num(v.energy_per_km),
            v.energy_unit,
            _num(v.wtw_g_per_unit),
            v.co2_source,
        ]
        for v in net.fleet
    ]


def materialise(net: Network, folder: Path, base_folder: Path | None = None, comment: str = "") -> Network:
    """Write ``net`` as a data folder (branches.csv, requests.csv, fleet.csv, settings.toml, trunk.csv with
    several hubs, reservations.csv with a reservation log, hours.csv with opening hours per weekday) and read it
    back; the hours of a branch the network no longer has are left out. Extra columns of the base
    ``branches`` table are carried over per id.

    Returns the network as loaded from ``folder``; it must equal ``net`` (a bug otherwise).
    """
    folder.mkdir(parents=True, exist_ok=True)
    ids = {b.id for b in net.branches}
    net = net.with_changes(hours={k: h for k, h in net.hours.items() if k[0] in ids})
    # Data files, not reports: written as they are (safe=False) so the loader reads the same network
    # back; like the user's own files copied into inputs/.
    write_text(folder / "branches.csv", csv_text(*_branch_rows(net, base_folder), safe=False))
    requests = [[r.origin, r.destination, str(r.items), r.kind] for r in net.requests]
    write_text(folder / "requests.csv", csv_text(["origin", "destination", "items", "kind"], requests, safe=False))
    write_text(folder / "fleet.csv", csv_text(list(FLEET_COLUMNS), _fleet_rows(net), safe=False))
    write_text(folder / "settings.toml", settings_toml(net.settings, comment))
    if net.reservations is not None:
        header = list(RESERVATION_REQUIRED + RESERVATION_OPTIONAL)
        write_text(folder / "reservations.csv", csv_text(header, _reservation_rows(net), safe=False))
    if net.hours:
        write_text(folder / "hours.csv", csv_text(list(HOURS_COLUMNS), _hours_rows(net), safe=False))
    if net.settings.trunk.pairs:
        trunk_rows = [
            [a, b, _num(r.cost_per_item), _num(r.cost_per_crate), str(r.lead_days)]
            for (a, b), r in sorted(net.settings.trunk.pairs.items())
        ]
        header = ["from_hub", "to_hub", "cost_per_item", "cost_per_crate", "lead_days"]
        write_text(folder / "trunk.csv", csv_text(header, trunk_rows))
    loaded = load_network(folder)
    if replace(loaded, source=None) != replace(net, source=None):
        raise LogisticsError(
            f"internal error: the data written to {folder} does not read back as the scenario's network (please report)"
        )
    return loaded
