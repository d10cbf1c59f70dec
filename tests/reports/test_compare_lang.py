"""The comparison report in Dutch or English, with links to each run's map.html."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from logistics_opt.reports.compare import write_compare
from logistics_opt.runs import load_runs
from tests.reports.test_map_html import TINY, plan


def make_runs(tmp_path: Path, language: str | None = None) -> Path:
    for k, name in enumerate(("baseline", "cheaper")):
        p = plan() | {
            "summary": {
                "cost_eur": 100.0 - 10 * k,
                "distance_km": 150.0,
                "duration_h": 12.0,
                "routes": 3,
                "co2_kg": 30.0,
                "stops": 4,
                "unassigned": 0,
            }
        }
        p["meta"] = {"scenario": {"name": name, "description": f"{name} case"}}
        if language:
            p["meta"]["language"] = language
        folder = tmp_path / "runs" / name
        shutil.copytree(TINY, folder / "inputs")
        (folder / "plan.json").write_text(json.dumps(p), encoding="utf-8")
        if k == 0:
            (folder / "map.html").write_text("<html></html>", encoding="utf-8")
    return tmp_path / "runs"


def test_dutch_report_links_the_maps(tmp_path: Path) -> None:
    """lang nl: Dutch headings and columns; the map of each run that has one is linked relative to the report."""
    write_compare(load_runs([make_runs(tmp_path)]), tmp_path / "out" / "report", lang="nl")
    html = (tmp_path / "out" / "report" / "report.html").read_text(encoding="utf-8")
    md = (tmp_path / "out" / "report" / "report.md").read_text(encoding="utf-8")
    assert '<html lang="nl">' in html and "<h1>Vergelijking van scenario&#x27;s</h1>" in html
    assert "besparing EUR/week" in html and "Kosten per bibliotheekorganisatie" in html
    assert '<a href="../../runs/baseline/map.html">Interactieve kaart: baseline</a>' in html
    assert "cheaper/map.html" not in html
    assert "[Interactieve kaart: baseline](../../runs/baseline/map.html)" in md
    assert (tmp_path / "out" / "report" / "../../runs/baseline/map.html").resolve().is_file()


def test_report_language_follows_the_baseline_run(tmp_path: Path) -> None:
    """Without --lang the report takes the baseline run's language; English by default."""
    write_compare(load_runs([make_runs(tmp_path / "nl", "nl")]), tmp_path / "r-nl")
    write_compare(load_runs([make_runs(tmp_path / "en")]), tmp_path / "r-en")
    assert "Basis: **baseline**" in (tmp_path / "r-nl" / "report.md").read_text(encoding="utf-8")
    en = (tmp_path / "r-en" / "report.md").read_text(encoding="utf-8")
    assert en.startswith("# Scenario comparison") and "saving EUR/week" in en


def test_dutch_report_writes_figures_and_distances_the_dutch_way(tmp_path: Path) -> None:
    """lang nl: a decimal comma and a thousands point in the tables (1.234,56); the distances named in
    Dutch from the plan's fields, in the notes and the run folders; English keeps 1,234.56."""
    runs = make_runs(tmp_path)
    for name in ("baseline", "cheaper"):
        path = runs / name / "plan.json"
        p = json.loads(path.read_text(encoding="utf-8"))
        p["summary"]["cost_eur"] *= 12.3456
        meta = {"kind": "crow-fly", "label": "crow-fly x 1.3 at 45 km/h", "detour_factor": 1.3, "speed_kmh": 45.0}
        p["meta"]["distances"] = meta
        path.write_text(json.dumps(p), encoding="utf-8")
    write_compare(load_runs([runs]), tmp_path / "nl", lang="nl")
    write_compare(load_runs([runs]), tmp_path / "en", lang="en")
    nl = (tmp_path / "nl" / "report.md").read_text(encoding="utf-8")
    en = (tmp_path / "en" / "report.md").read_text(encoding="utf-8")
    assert "| 1.234,56 |" in nl and "| 1,234.56 |" in en  # baseline EUR/week
    assert "| 64.197 |" in nl and "| 64,197 |" in en  # baseline EUR/year (52 weeks)
    assert "Afstanden: hemelsbreed x 1,3 bij 45 km/u." in nl and "Distances: crow-fly x 1.3 at 45 km/h." in en
    assert "(afstanden: hemelsbreed x 1,3 bij 45 km/u)" in nl and "crow-fly" not in nl
