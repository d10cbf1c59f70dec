"""``map.html``: an interactive map of the week's routes, in one self-contained file that opens offline.

Leaflet (BSD-2-Clause, shipped in ``assets/leaflet`` with its licence) is inlined into the page,
with the plan's routes as JSON. The routes are drawn on a plain background at once; a probe tile
decides whether OpenStreetMap goes underneath (online) or a note says why there is no background
map (offline: the browser says so, or the probe fails; refused: OpenStreetMap's tile policy wants a
Referer, which a page opened from a file cannot send, so serve the folder over http to see tiles).
At most one failed request. The layer control
switches each day and each van's route on and off (the first working day shows at first); stops
are numbered in visiting order and each has a popup with the van, the arrival, the crates to
drop and to collect, and two navigation links (``geo:`` and OpenStreetMap, :mod:`.nav_links`); the
hub is marked. Coordinates come from the run's ``inputs/``; Leaflet takes
``[lat, lon]``, turned around in :func:`_latlon` only.
"""

from __future__ import annotations

import base64
import json
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

from ..data.model import Network
from ..plan import places
from ..wording import Labels, plan_language
from .nav_links import nav_links
from .route_rows import plan_title, routes_in_order

COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f")
TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def _asset(name: str) -> bytes:
    return resources.files(__package__).joinpath("assets", "leaflet", name).read_bytes()


def leaflet_css() -> str:
    """Leaflet's CSS with its images as data URIs (a file:// page must not fetch anything)."""
    css = _asset("leaflet.css").decode("utf-8")
    for img in ("layers-2x.png", "layers.png", "marker-icon.png"):
        uri = "data:image/png;base64," + base64.b64encode(_asset(f"images/{img}")).decode("ascii")
        css = css.replace(f"url(images/{img})", f"url({uri})")
    return css


def leaflet_js() -> str:
    """Leaflet's JS without its source-map comment (the map file is not shipped)."""
    js = _asset("leaflet.js").decode("utf-8")
    return "\n".join(line for line in js.splitlines() if not line.startswith("//# sourceMappingURL"))


def _latlon(network: Network) -> dict[str, list[float]]:
    """Branch id -> ``[lat, lon]`` as Leaflet wants it."""
    return {b.id: [b.lat, b.lon] for b in network.branches}


def _popup(stop: dict[str, Any], k: int, route: dict[str, Any], at: list[float], L: Labels) -> str:
    links = nav_links(*at)
    lines = [
        f"<b>{k}. {escape(stop.get('name') or stop['branch'])}</b>",
        escape(f"{stop['branch']}, {stop.get('town', '')}".rstrip(", ")),
        f"{escape(L('map.van'))}: {escape(route['vehicle'])} ({escape(L.day(route['day']))})",
        f"{escape(L('map.arrival'))}: {escape(stop['arrival'])}",
        f"{escape(L('map.deliver'))}: {stop['deliver']}",
        f"{escape(L('map.pickup'))}: {stop['pickup']}",
        f'<a href="{escape(links.geo)}">{escape(L("nav.geo"))}</a> &middot; '
        f'<a href="{escape(links.osm)}" target="_blank" rel="noopener">{escape(L("map.osm"))}</a>',
    ]
    return "<br>".join(lines)


def map_data(plan: dict[str, Any], network: Network, L: Labels) -> dict[str, Any]:
    """What the page draws: days with their routes (path, numbered stops with popups), hubs, bounds."""
    where = _latlon(network)
    days: dict[str, dict[str, Any]] = {}
    for r in routes_in_order(plan):
        day = days.setdefault(r["day"], {"key": r["day"], "routes": []})
        n = len(day["routes"])
        seq = places(r)
        label = L(
            "map.route",
            day=L.day(r["day"]),
            van=r["vehicle"],
            n=len(r["stops"]),
            km=r["distance_km"],
            start=r["start"],
            end=r["end"],
        )
        day["routes"].append(
            {
                "name": escape(f"{L.short_day(r['day'])} {r['vehicle']} ({L('sheet.stops', n=len(r['stops']))})"),
                "label": escape(label),
                "colour": COLOURS[n % len(COLOURS)],
                "path": [where[x] for x in seq],
                "stops": [
                    {
                        "k": k,
                        "at": where[s["branch"]],
                        "title": f"{k}. {s.get('name') or s['branch']}",
                        "popup": _popup(s, k, r, where[s["branch"]], L),
                    }
                    for k, s in enumerate(r["stops"], start=1)
                ],
            }
        )
    for d in days.values():
        d["name"] = escape(L("map.day", day=L.day(d["key"]), n=len(d["routes"])))
    pts = [where[b.id] for b in network.branches]
    hubs = [
        {"at": where[h.id], "label": escape(f"{L('map.hub')}: {h.name}, {h.town}".rstrip(", "))} for h in network.hubs
    ]
    labels = {k: L(f"map.{k}") for k in ("osm", "plain", "offline", "attribution", "zoom_in", "zoom_out")}
    labels["blocked"] = L("map.blocked", status="{status}")
    return {
        "days": list(days.values()),
        "hubs": hubs,
        "labels": labels,
        "tiles": TILES,
        "bounds": [[min(p[0] for p in pts), min(p[1] for p in pts)], [max(p[0] for p in pts), max(p[1] for p in pts)]],
    }


PAGE_CSS = """
html, body { height: 100%; margin: 0; font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; }
#map { position: absolute; top: 2.2em; bottom: 0; left: 0; right: 0; background: #e9ede6; }
header { height: 2.2em; line-height: 2.2em; padding: 0 0.8em; font-weight: bold; background: #f7f7f7;
         border-bottom: 1px solid #ccc; white-space: nowrap; overflow: hidden; }
.stop-icon span { display: block; width: 20px; height: 20px; line-height: 20px; border-radius: 10px;
                  color: #fff; font: bold 10px/20px Arial, sans-serif; text-align: center;
                  border: 1px solid #fff; box-shadow: 0 0 2px #000; }
.hub-icon div { width: 16px; height: 16px; background: #111; border: 3px solid #ffd400; transform: rotate(45deg); }
.offline-note { background: #fff; padding: 4px 8px; border: 1px solid #999; font-size: 12px; max-width: 30em; }
"""

# The page script. Days are overlay layers whose add/remove switches their routes (deferred, so the
# layer control has finished its own click before the route boxes change); window.logisticsMap is
# what tests and curious users can inspect.
PAGE_JS = r"""
(function () {
  var D = JSON.parse(document.getElementById("plan-data").textContent);
  var map = L.map("map", {zoomSnap: 0.25, zoomControl: false});
  L.control.zoom({zoomInTitle: D.labels.zoom_in, zoomOutTitle: D.labels.zoom_out}).addTo(map);
  var plain = L.layerGroup(), bases = {}, overlays = {};
  bases[D.labels.plain] = plain;
  var note = L.control({position: "bottomleft"});
  note.onAdd = function () {
    var div = L.DomUtil.create("div", "offline-note");
    div.textContent = note.text;
    return div;
  };
  var offline = function (text) { note.text = text || D.labels.offline; note.addTo(map); };
  // One probe tile decides: served, the OpenStreetMap layer goes on; refused (its tile policy wants a
  // Referer, which a page opened from a file cannot send), or no network (the browser says so, or
  // the probe fails), the plain background stays and a note says why. At most one failed request.
  var policy = "strict-origin-when-cross-origin";
  var osm = L.tileLayer(D.tiles, {maxZoom: 19, attribution: D.labels.attribution, referrerPolicy: policy});
  bases[D.labels.osm] = osm;
  plain.addTo(map);
  if (navigator.onLine && window.fetch) {
    fetch(D.tiles.replace("{z}", "0").replace("{x}", "0").replace("{y}", "0"),
          {mode: "cors", cache: "no-store", referrerPolicy: policy})
      .then(function (r) {
        if (r.ok) { map.removeLayer(plain); osm.addTo(map); }
        else { offline(D.labels.blocked.replace("{status}", r.status)); }
      })
      .catch(function () { offline(); });
  } else {
    offline();
  }
  D.days.forEach(function (day, i) {
    var dayLayer = L.layerGroup();
    dayLayer.routeLayers = [];
    overlays[day.name] = dayLayer;
    day.routes.forEach(function (r) {
      var g = L.layerGroup();
      L.polyline(r.path, {color: r.colour, weight: 4, opacity: 0.85}).bindTooltip(r.label, {sticky: true}).addTo(g);
      r.stops.forEach(function (s) {
        var icon = L.divIcon({className: "stop-icon", iconSize: [20, 20],
                              html: '<span style="background:' + r.colour + '">' + s.k + "</span>"});
        L.marker(s.at, {icon: icon, title: s.title}).bindPopup(s.popup).addTo(g);
      });
      dayLayer.routeLayers.push(g);
      overlays["&nbsp;&nbsp;" + r.name] = g;
      if (i === 0) { g.addTo(map); }
    });
    if (i === 0) { dayLayer.addTo(map); }
  });
  var switchDay = function (e, on) {
    if (!e.layer.routeLayers) { return; }
    setTimeout(function () {
      e.layer.routeLayers.forEach(function (g) { if (on) { map.addLayer(g); } else { map.removeLayer(g); } });
    }, 0);
  };
  map.on("overlayadd", function (e) { switchDay(e, true); });
  map.on("overlayremove", function (e) { switchDay(e, false); });
  D.hubs.forEach(function (h) {
    L.marker(h.at, {icon: L.divIcon({className: "hub-icon", iconSize: [22, 22], html: "<div></div>"}),
                    zIndexOffset: 1000, title: h.label})
      .bindTooltip(h.label, {permanent: true, direction: "right", offset: [12, 0]}).addTo(map);
  });
  var control = L.control.layers(bases, overlays, {collapsed: false}).addTo(map);
  L.control.scale({imperial: false}).addTo(map);
  map.fitBounds(D.bounds, {padding: [20, 20]});
  window.logisticsMap = {map: map, overlays: overlays, control: control, offline: offline};
})();
"""


def _json_for_script(data: dict[str, Any]) -> str:
    """JSON that cannot close the ``<script>`` element it sits in."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")


def map_html(plan: dict[str, Any], network: Network, lang: str | None = None) -> str:
    """The whole page."""
    L = Labels(lang or plan_language(plan))
    scenario = plan_title(plan, L)
    title = L("map.title") if scenario == L("sheet.title") else f"{L('map.title')}: {scenario}"
    km = sum(r["distance_km"] for r in plan["routes"])
    title += " - " + L("map.week", routes=len(plan["routes"]), km=km)
    return f"""<!DOCTYPE html>
<html lang="{L.lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>{leaflet_css()}</style>
<style>{PAGE_CSS}</style>
</head>
<body>
<header>{escape(title)}</header>
<div id="map"></div>
<script id="plan-data" type="application/json">{_json_for_script(map_data(plan, network, L))}</script>
<script>{leaflet_js()}</script>
<script>{PAGE_JS}</script>
</body></html>
"""


def write_map_html(plan: dict[str, Any], folder: Path, lang: str | None = None) -> None:
    """Run-folder writer: ``folder/map.html`` (coordinates from ``folder/inputs``)."""
    from ..data.read import load_network

    network = load_network(folder / "inputs")
    (folder / "map.html").write_text(map_html(plan, network, lang), encoding="utf-8")
