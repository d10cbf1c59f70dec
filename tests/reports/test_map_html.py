"""map.html in headless Chromium: it loads without console errors, draws the routes, switches days
on and off, falls back to a plain background offline, and its screenshot is not blank.

Skipped only when no Chromium is installed and the run is not CI (in CI, ``.ci/run`` installs
Debian's ``chromium`` and this test must run).
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from logistics_opt.data.read import load_network
from logistics_opt.reports.map_html import map_data, map_html, write_map_html
from logistics_opt.wording import Labels
from tests.reports.chromium import Browser, find_chromium

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny"

needs_chromium = pytest.mark.skipif(
    find_chromium() is None and not os.environ.get("CI"), reason="chromium is not installed (apt-get install chromium)"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the module; no host name resolves but 127.0.0.1 (the local tile server)."""
    with Browser(extra_flags=["--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]) as b:
        yield b


def stop(branch: str, arrival: str, deliver: int, pickup: int, load: int) -> dict[str, Any]:
    return {
        "branch": branch,
        "name": f"Branch {branch}",
        "town": "Town",
        "arrival": arrival,
        "departure": arrival,
        "deliver": deliver,
        "pickup": pickup,
        "load_after": load,
    }


def route(day: str, vehicle: str, stops: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "day": day,
        "vehicle": vehicle,
        "vehicle_type": "van",
        "depot": "HUB",
        "start": "08:00",
        "end": "12:00",
        "distance_km": 50.0,
        "duration_min": 240.0,
        "cost_eur": 30.0,
        "co2_kg": 10.0,
        "load_start": sum(s["deliver"] for s in stops),
        "stops": stops,
        "break_after_stop": None,
        "break_min": 0.0,
    }


def plan(name: str = "Branch <A> & co") -> dict[str, Any]:
    """Two routes on Monday, one on Tuesday, on tests/data/tiny; one stop name needs escaping."""
    a = stop("A", "08:10", 3, 2, 4) | {"name": name}
    return {
        "routes": [
            route("mon", "van-1", [a, stop("B", "08:40", 2, 1, 3)]),
            route("mon", "van-2", [stop("C", "08:20", 1, 1, 1)]),
            route("tue", "van-1", [stop("D", "09:00", 1, 1, 1)]),
        ],
        "unassigned": [],
        "working_days": ["mon", "tue", "wed", "thu", "fri"],
        "meta": {},
    }


def run_folder(tmp_path: Path, lang: str = "en") -> Path:
    folder = tmp_path / "run"
    shutil.copytree(TINY, folder / "inputs")
    write_map_html(plan(), folder, lang)
    return folder / "map.html"


def test_map_data_routes_and_popups() -> None:
    """Each day lists its routes hub -> stops -> hub, numbered stops with escaped popups in the language."""
    net = load_network(TINY)
    data = map_data(plan(), net, Labels("nl"))
    assert [d["key"] for d in data["days"]] == ["mon", "tue"]
    r = data["days"][0]["routes"][0]
    hub = next(b for b in net.branches if b.id == "HUB")
    assert r["path"][0] == r["path"][-1] == [hub.lat, hub.lon] and len(r["path"]) == 4
    assert [s["k"] for s in r["stops"]] == [1, 2]
    assert "Branch &lt;A&gt; &amp; co" in r["stops"][0]["popup"] and "<A>" not in r["stops"][0]["popup"]
    assert "kratten afleveren: 3" in r["stops"][0]["popup"] and "aankomst: 08:10" in r["stops"][0]["popup"]
    assert data["days"][0]["name"].startswith("maandag")


def test_map_html_is_self_contained() -> None:
    """No script, stylesheet or image is fetched from elsewhere; the data cannot close its script tag."""
    page = map_html(plan(name="</script><script>alert(1)</script>"), load_network(TINY))
    assert "<script src" not in page and "<link" not in page and "url(images/" not in page
    assert page.count("</script>") == 3
    assert "sourceMappingURL" not in page


@needs_chromium
def test_map_in_headless_chromium(tmp_path: Path, browser: Browser) -> None:
    """Offline: no console error, Monday's two routes drawn with numbered stops, the offline note shown;
    Monday switched off hides them, Tuesday switched on shows its route; the screenshot is not blank."""
    from PIL import Image

    url = run_folder(tmp_path).resolve().as_uri()
    page = browser.open(url, offline=True)
    assert page.js("navigator.onLine") is False
    assert page.js("document.querySelectorAll('path.leaflet-interactive').length") == 2
    assert page.js("document.querySelectorAll('.stop-icon').length") == 3
    assert page.js("document.querySelectorAll('.offline-note').length") == 1
    labels = page.js(
        "[...document.querySelectorAll('.leaflet-control-layers-overlays label')].map(l => l.textContent.trim())"
    )
    assert labels[0].startswith("Monday (2 routes)") and any(x.startswith("Tuesday") for x in labels)
    png = page.screenshot()
    click = (
        "(() => { const l = [...document.querySelectorAll('.leaflet-control-layers-overlays label')]"
        ".find(l => l.textContent.trim().startsWith('{day}')); l.querySelector('input').click(); })()"
    )
    page.js(click.replace("{day}", "Monday"))
    page.js("new Promise(r => setTimeout(r, 50))")
    assert page.js("document.querySelectorAll('path.leaflet-interactive').length") == 0
    assert page.js("document.querySelectorAll('.stop-icon').length") == 0
    page.js(click.replace("{day}", "Tuesday"))
    page.js("new Promise(r => setTimeout(r, 50))")
    assert page.js("document.querySelectorAll('path.leaflet-interactive').length") == 1
    assert page.console_errors() == []
    img = Image.open(io.BytesIO(png)).convert("RGB")
    assert img.size == (1200, 800)
    colours = img.getcolors(maxcolors=1 << 20)
    background = max(colours)[0]
    assert len(colours) > 50 and background < 0.97 * img.size[0] * img.size[1]


@needs_chromium
def test_map_when_tiles_are_unreachable(tmp_path: Path, browser: Browser) -> None:
    """Online but no tile server answers: one failed request at most, no script error, routes still drawn."""
    url = run_folder(tmp_path, "nl").resolve().as_uri()
    page = browser.open(url)
    page.js(
        "new Promise(r => { const t = Date.now(); (function w() { "
        "if (document.querySelector('.offline-note') || Date.now() - t > 5000) r(); else setTimeout(w, 20); "
        "})(); })"
    )
    assert page.js("document.querySelector('.offline-note').textContent").startswith("Geen achtergrondkaart")
    assert page.js("document.querySelectorAll('path.leaflet-interactive').length") == 2
    assert page.console_errors(include_network=False) == []
    assert len(page.console_errors()) <= 1


class TileServer:
    """A local stand-in for the tile server: grey PNG tiles with CORS, or 403 for every request."""

    def __init__(self, status: int) -> None:
        import http.server
        import threading

        from PIL import Image

        buf = io.BytesIO()
        Image.new("RGB", (256, 256), (200, 210, 200)).save(buf, "PNG")
        png, code = buf.getvalue(), status

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the http.server name)
                self.send_response(code)
                self.send_header("Content-Type", "image/png")
                self.send_header("Access-Control-Allow-Origin", "*")
                self.send_header("Content-Length", str(len(png)))
                self.end_headers()
                self.wfile.write(png)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/{{z}}/{{x}}/{{y}}.png"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


WAIT_FOR = (
    "new Promise(r => { const t = Date.now(); (function w() { if ({cond} || Date.now() - t > 5000) r(); "
    "else setTimeout(w, 20); })(); })"
)


@needs_chromium
@pytest.mark.parametrize("status", [200, 403])
def test_map_with_a_tile_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, browser: Browser, status: int) -> None:
    """Tiles served: the tile layer goes under the routes, no note, no error. Tiles refused (403, as
    OpenStreetMap answers a page without a Referer): a note says why, the routes stay, one failed request."""
    from logistics_opt.reports import map_html as module

    server = TileServer(status)
    monkeypatch.setattr(module, "TILES", server.url)
    try:
        url = run_folder(tmp_path).resolve().as_uri()
        page = browser.open(url)
        if status == 200:
            page.js(WAIT_FOR.replace("{cond}", "document.querySelector('.leaflet-tile-loaded')"))
            assert page.js("document.querySelectorAll('.leaflet-tile-loaded').length") > 0
            assert page.js("document.querySelectorAll('.offline-note').length") == 0
            assert page.console_errors() == []
        else:
            page.js(WAIT_FOR.replace("{cond}", "document.querySelector('.offline-note')"))
            note = page.js("document.querySelector('.offline-note').textContent")
            assert note.startswith("OpenStreetMap refused its tiles (HTTP 403)")
            assert page.js("document.querySelectorAll('.leaflet-tile').length") == 0
            assert page.console_errors(include_network=False) == []
            assert len(page.console_errors()) <= 1
        assert page.js("document.querySelectorAll('path.leaflet-interactive').length") == 2
    finally:
        server.close()
