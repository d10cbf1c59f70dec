"""The content of one driver's route sheet, independent of the format it is printed in.

:func:`sheet_rows` gives the rows (leave the hub, each stop, return to the hub) and
:func:`sheet_facts` the line of facts above them, with every label in the chosen language
(:mod:`..wording`). The HTML sheets, the XLSX workbook and the map all read them from here, so the
notes on opening hours, waiting and the break are worded once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..data.model import Network
from ..plan import hhmm
from ..plan_meta import meta_of
from ..wording import Labels


@dataclass(frozen=True)
class SheetRow:
    """One line of a route sheet; hub rows (``hub=True``) have no arrival, drop or collect on the way out."""

    no: int | str  # the stop number; "" on a reload at the hub
    branch: str
    name: str
    town: str
    arrival: str
    departure: str
    deliver: int | None
    pickup: int | None
    load: int
    notes: str
    hub: bool = False


def hub_name(route: dict[str, Any], network: Network | None) -> str:
    """``name, town`` of the route's depot when the network knows it, else its id."""
    depot = route["depot"]
    if network is None:
        return depot
    try:
        h = network.branch(depot)
    except KeyError:
        return depot
    return f"{h.name}, {h.town}" if h.town else h.name


def stop_notes(stop: dict[str, Any], k: int, route: dict[str, Any], network: Network | None, L: Labels) -> str:
    """Opening hours, waiting for opening and the break after stop ``k`` (1-based)."""
    notes = []
    b = None
    if network is not None:
        try:
            b = network.branch(stop["branch"])
        except KeyError:
            b = None
    opens, closes = (network.hours_on(b, route.get("day", "")) or (None, None)) if network and b else (None, None)
    if opens is not None or closes is not None:
        close = hhmm(closes) if closes is not None else L("note.open_late")
        notes.append(L("note.open", open=hhmm(opens or 0), close=close))
    if stop.get("wait_min", 0) >= 1:
        notes.append(L("note.wait", min=stop["wait_min"]))
    if route.get("break_after_stop") == k:
        notes.append(L("note.break", min=route.get("break_min", 0)))
    return "; ".join(notes)


def sheet_rows(route: dict[str, Any], network: Network | None, L: Labels) -> list[SheetRow]:
    """Row 0 leaves the hub with the load, rows 1..n are the stops, the last row returns to the hub."""
    hub = hub_name(route, network)
    rows = [
        SheetRow(
            0,
            route["depot"],
            L("sheet.depart", hub=hub),
            "",
            "",
            route["start"],
            None,
            None,
            route["load_start"],
            L("sheet.load", n=route["load_start"]),
            hub=True,
        )
    ]
    reloads = {x["after_stop"]: x for x in route.get("reloads", [])}
    for k, s in enumerate(route["stops"], start=1):
        if k - 1 in reloads:
            rows.append(_reload_row(route, reloads[k - 1], rows[-1].load, hub, L))
        rows.append(
            SheetRow(
                k,
                s["branch"],
                s.get("name", ""),
                s.get("town", ""),
                s["arrival"],
                s["departure"],
                s["deliver"],
                s["pickup"],
                s["load_after"],
                stop_notes(s, k, route, network, L),
            )
        )
    last = route["stops"][-1]["load_after"] if route["stops"] else route["load_start"]
    rows.append(
        SheetRow(
            len(route["stops"]) + 1,
            route["depot"],
            L("sheet.return", hub=hub),
            "",
            route["end"],
            "",
            None,
            None,
            last,
            L("sheet.unload", n=last),
            hub=True,
        )
    )
    return rows


def _reload_row(route: dict[str, Any], x: dict[str, Any], aboard: int, hub: str, L: Labels) -> SheetRow:
    """Back at the hub between two trips: unload what is aboard, load the next trip."""
    trip = 2 + [r["after_stop"] for r in route["reloads"]].index(x["after_stop"])
    note = L("sheet.reload_note", unload=aboard, load=x["load_start"])
    return SheetRow(
        "", route["depot"], L("sheet.reload", hub=hub, trip=trip), "", x["arrival"], x["departure"], None, None,
        x["load_start"], note, hub=True,
    )  # fmt: skip


def sheet_facts(route: dict[str, Any], title: str, L: Labels, distances: str = "") -> list[str]:
    """The facts printed under a sheet's heading: title, vehicle type, shift, stops, km, hours, crates, break,
    and how the distances were made."""
    drop = sum(s["deliver"] for s in route["stops"])
    collect = sum(s["pickup"] for s in route["stops"])
    if route.get("break_after_stop"):
        brk = L("sheet.break_after", min=route.get("break_min", 0), k=route["break_after_stop"])
    else:
        brk = L("sheet.break_none")
    facts = [
        title,
        L("sheet.vehicle_type", type=route["vehicle_type"]),
        L("sheet.shift", start=route["start"], end=route["end"], hub=route["depot"]),
        L("sheet.stops", n=len(route["stops"])),
        L("sheet.km", km=route["distance_km"]),
        L("sheet.hours", h=route["duration_min"] / 60),
        L("sheet.crates", drop=drop, collect=collect),
        L("sheet.break", what=brk),
    ]
    if route.get("reloads"):
        facts.append(L("sheet.trips", n=len(route["reloads"]) + 1))
    return facts + ([L("sheet.distances", what=distances)] if distances else [])


def sheet_heading(route: dict[str, Any], L: Labels) -> str:
    """``Monday: van-1`` / ``maandag: bus-1``."""
    return L("sheet.heading", day=L.dated(route["day"]), van=route["vehicle"])


def plan_title(plan: dict[str, Any], L: Labels) -> str:
    """``Scenario <name>`` for a scenario run, else the plain route-sheet title."""
    scn = meta_of(plan).scenario
    return L("sheet.scenario", name=scn.name) if scn and scn.name else L("sheet.title")


def routes_in_order(plan: dict[str, Any]) -> list[dict[str, Any]]:
    """Routes by working day, then van; a re-planned day's routes (``meta.replan``) come first."""
    order = {d: i for i, d in enumerate(plan.get("working_days", []))}
    replan = meta_of(plan).replan
    first = replan.day if replan else None
    return sorted(plan["routes"], key=lambda r: (r["day"] != first, order.get(r["day"], 99), r["vehicle"]))
