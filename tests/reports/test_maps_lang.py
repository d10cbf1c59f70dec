"""The PNG day maps speak the plan's language: the title (figures and distances included) and the axes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from logistics_opt.data.read import load_network
from logistics_opt.reports.maps import day_map
from tests.reports.test_map_html import TINY, plan


@pytest.mark.parametrize(
    ("lang", "title", "xlabel"),
    [
        ("nl", "maandag: 2 routes, 100 km, EUR 1.060\nafstanden: hemelsbreed x 1,3 bij 45 km/u", "lengtegraad (°O)"),
        ("en", "Monday: 2 routes, 100 km, EUR 1,060\ndistances: crow-fly x 1.3 at 45 km/h", "longitude (°E)"),
    ],
)  # fmt: skip
def test_day_map_in_the_plans_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, title: str, xlabel: str
) -> None:
    from matplotlib.axes import Axes

    seen: dict[str, Any] = {}
    monkeypatch.setattr(Axes, "set_title", lambda ax, t, *a, **k: seen.setdefault("title", t))
    monkeypatch.setattr(Axes, "set_xlabel", lambda ax, t, *a, **k: seen.setdefault("xlabel", t))
    p = plan(name="Branch A")
    p["meta"] = {"language": lang, "distances": {"kind": "crow-fly", "detour_factor": 1.3, "speed_kmh": 45.0}}
    for r in p["routes"]:
        r["cost_eur"] = 530.0
    day_map(p, load_network(TINY), "mon", tmp_path / "map_mon.png")
    assert (tmp_path / "map_mon.png").read_bytes()[:4] == b"\x89PNG"
    assert seen == {"title": title, "xlabel": xlabel}
