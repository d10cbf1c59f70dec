"""Maps of a plan without a tile server: ``map_<day>.png`` (matplotlib) and ``routes.geojson``.

Coordinates come from the run's ``inputs/``. GeoJSON positions are ``[lon, lat]``; the PNG maps
plot longitude against latitude with the aspect corrected by ``1 / cos(latitude)`` so distances look
right at the network's latitude. When the plan used a road network, route lines follow the roads
(:mod:`.road_lines`); otherwise they are straight between the stops.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from ..data.model import Network
from ..data.read import load_network
from ..plan import places
from ..wording import Labels, plan_language
from .road_lines import distances_label, line_maker


def _lonlat(network: Network) -> dict[str, tuple[float, float]]:
    """Branch id -> ``(lon, lat)``: the one place coordinates are turned around."""
    return {b.id: (b.lon, b.lat) for b in network.branches}


def _latlon(where: dict[str, tuple[float, float]], seq: list[str]) -> list[tuple[float, float]]:
    """The (lat, lon) stops of a route, for :func:`~.road_lines.line_maker`."""
    return [(where[x][1], where[x][0]) for x in seq]


def routes_geojson(plan: dict[str, Any], network: Network) -> dict[str, Any]:
    """A FeatureCollection: one LineString per route (hub -> stops -> hub), one Point per stop and hub."""
    where = _lonlat(network)
    line = line_maker(plan)
    label = distances_label(plan)
    features: list[dict[str, Any]] = []
    for r in plan["routes"]:
        seq = places(r)
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": [list(p) for p in line(_latlon(where, seq))]},
                "properties": {
                    "kind": "route",
                    "distances": label,
                    "day": r["day"],
                    "vehicle": r["vehicle"],
                    "vehicle_type": r["vehicle_type"],
                    "start": r["start"],
                    "end": r["end"],
                    "distance_km": r["distance_km"],
                    "cost_eur": r["cost_eur"],
                    "stops": len(r["stops"]),
                },
            }
        )
        for k, s in enumerate(r["stops"], start=1):
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": list(where[s["branch"]])},
                    "properties": {
                        "kind": "stop",
                        "day": r["day"],
                        "vehicle": r["vehicle"],
                        "stop_no": k,
                        "branch": s["branch"],
                        "name": s.get("name", ""),
                        "town": s.get("town", ""),
                        "arrival": s["arrival"],
                        "departure": s["departure"],
                        "deliver": s["deliver"],
                        "pickup": s["pickup"],
                        "load_after": s["load_after"],
                    },
                }
            )
    for h in network.hubs:
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [h.lon, h.lat]},
                "properties": {"kind": "hub", "branch": h.id, "name": h.name, "town": h.town},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def write_geojson(plan: dict[str, Any], folder: Path) -> None:
    """Run-folder writer: ``folder/routes.geojson``."""
    gj = routes_geojson(plan, load_network(folder / "inputs"))
    (folder / "routes.geojson").write_text(json.dumps(gj, ensure_ascii=False) + "\n", encoding="utf-8")


def _draw_route(
    ax: Any, r: dict[str, Any], where: dict[str, tuple[float, float]], line: Any, colour: Any, detail: bool, L: Labels
) -> None:
    """One van's route on a day map: its line (along the roads when the run used them), its stops
    numbered in visiting order (``detail``), and a legend entry."""
    seq = places(r)
    xs, ys = zip(*(where[x] for x in seq))
    label = L("daymap.route", van=r["vehicle"], n=len(r["stops"]), km=r["distance_km"], start=r["start"], end=r["end"])
    ax.plot(
        *zip(*line(_latlon(where, seq))),
        "-",
        color=colour,
        lw=1.6 if detail else 0.8,
        alpha=0.85,
        zorder=3,
        label=label if detail else None,
    )
    ax.scatter(
        xs[1:-1],
        ys[1:-1],
        s=22 if detail else 6,
        color=colour,
        edgecolor="k",
        linewidth=0.4 if detail else 0,
        zorder=4,
    )
    if detail:
        for n, (x, y) in enumerate(zip(xs[1:-1], ys[1:-1]), start=1):
            ax.annotate(str(n), (x, y), xytext=(3, 3), textcoords="offset points", fontsize=6, color=colour)


def day_map(plan: dict[str, Any], network: Network, day: str, path: Path) -> None:
    """One day's routes on a plain lon/lat plot (no tiles), aspect-corrected, one colour per van,
    labelled in the plan's language."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    L = Labels(plan_language(plan))
    where = _lonlat(network)
    lat0 = sum(b.lat for b in network.branches) / len(network.branches)
    routes = [r for r in plan["routes"] if r["day"] == day]
    visited = {s["branch"] for r in routes for s in r["stops"]}
    fig, ax = plt.subplots(figsize=(8, 8), dpi=100)
    others = [b for b in network.stops if b.id not in visited]
    if others:
        ax.scatter(
            [b.lon for b in others],
            [b.lat for b in others],
            s=10,
            c="#bbbbbb",
            zorder=2,
            label=L("daymap.not_visited", day=L.day(day), n=len(others)),
        )
    cmap = plt.get_cmap("tab10")
    line = line_maker(plan)
    detail = len(routes) <= 20 and len(visited) <= 200  # a national day: lines only, no labels
    for k, r in enumerate(sorted(routes, key=lambda r: r["vehicle"])):
        _draw_route(ax, r, where, line, cmap(k % 10), detail, L)
    for h in network.hubs:
        ax.scatter([h.lon], [h.lat], marker="*", s=260, c="gold", edgecolor="k", zorder=5)
        ax.annotate(f"{h.id} ({h.town})", (h.lon, h.lat), xytext=(6, -10), textcoords="offset points", fontsize=8)
    ax.set_aspect(1.0 / math.cos(math.radians(lat0)))
    ax.set_xlabel(L("daymap.lon"))
    ax.set_ylabel(L("daymap.lat"))
    cost = sum(r["cost_eur"] for r in routes)
    km = sum(r["distance_km"] for r in routes)
    title = L("daymap.title", day=L.day(day), n=len(routes), km=km, cost=cost)
    ax.set_title(f"{title}\n{L('daymap.distances', what=distances_label(plan, L))}")
    ax.grid(True, lw=0.3, alpha=0.5)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), fontsize=7, ncol=1, frameon=False)
    fig.savefig(path, bbox_inches="tight")
    plt.close(fig)


def write_day_maps(plan: dict[str, Any], folder: Path) -> None:
    """Run-folder writer: ``folder/map_<day>.png`` for every working day."""
    network = load_network(folder / "inputs")
    for day in plan.get("working_days", []):
        day_map(plan, network, day, folder / f"map_{day}.png")
