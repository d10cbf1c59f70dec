"""--lang and settings.toml's language: Dutch route sheets (XLSX, HTML), map and report from the CLI."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from logistics_opt.cli import cli
from logistics_opt.data.read import load_network, load_settings
from logistics_opt.data.write import materialise
from logistics_opt.errors import InputError
from logistics_opt.wording import LABELS

FAST = ["--time-limit", "2", "--solution-limit", "20", "--silent", "-j", "1"]


def test_languages_agree(tmp_path: Path) -> None:
    """settings.toml accepts every language the labels have."""
    for lang in LABELS:
        path = tmp_path / f"{lang}.toml"
        path.write_text(f'language = "{lang}"\n', encoding="utf-8")
        assert load_settings(path).language == lang


def test_settings_language(tiny_dir: Path, tmp_path: Path) -> None:
    """language = "nl" is read (any case), written back by materialise, and an unknown one is a located error."""
    path = tiny_dir / "settings.toml"
    path.write_text(path.read_text(encoding="utf-8") + 'language = "NL"\n', encoding="utf-8")
    net = load_network(tiny_dir)
    assert net.settings.language == "nl"
    assert materialise(net, tmp_path / "m").settings.language == "nl"
    path.write_text(path.read_text(encoding="utf-8").replace('"NL"', '"fr"'), encoding="utf-8")
    with pytest.raises(InputError, match="settings.toml, column language: language = 'fr' is not a known language"):
        load_settings(path)


def test_plan_in_dutch(tiny_dir: Path, tmp_path: Path) -> None:
    """plan --lang nl: Dutch XLSX, HTML sheets and map; compare of that run defaults to Dutch; the CSV stays English."""
    out = tmp_path / "run"
    r = CliRunner().invoke(cli, ["plan", str(tiny_dir), "--out", str(out), "--lang", "nl", *FAST])
    assert r.exit_code == 0, r.output
    assert openpyxl.load_workbook(out / "route_sheets.xlsx").sheetnames[0] == "Weekoverzicht"
    assert "Kratten afleveren" in (out / "route_sheets.html").read_text(encoding="utf-8")
    assert '<html lang="nl">' in (out / "map.html").read_text(encoding="utf-8")
    assert (out / "route_sheet.csv").read_text(encoding="utf-8").startswith("day,vehicle,stop_no")
    r = CliRunner().invoke(cli, ["compare", str(out), "--out", str(tmp_path / "report")])
    assert r.exit_code == 0, r.output
    report = (tmp_path / "report" / "report.html").read_text(encoding="utf-8")
    assert "Vergelijking van scenario" in report and "Interactieve kaart" in report
    r = CliRunner().invoke(cli, ["compare", str(out), "--out", str(tmp_path / "report-en"), "--lang", "en"])
    assert "Scenario comparison" in (tmp_path / "report-en" / "report.html").read_text(encoding="utf-8")


def test_settings_language_is_the_default(tiny_dir: Path, tmp_path: Path) -> None:
    """Without --lang the data's settings.toml decides; --lang en overrides it."""
    path = tiny_dir / "settings.toml"
    path.write_text(path.read_text(encoding="utf-8") + 'language = "nl"\n', encoding="utf-8")
    for args, first in (([], "Weekoverzicht"), (["--lang", "en"], "Week overview")):
        out = tmp_path / f"run{len(args)}"
        r = CliRunner().invoke(cli, ["plan", str(tiny_dir), "--out", str(out), *args, *FAST])
        assert r.exit_code == 0, r.output
        assert openpyxl.load_workbook(out / "route_sheets.xlsx").sheetnames[0] == first


def test_scenario_language(tiny_dir: Path, tmp_path: Path) -> None:
    """A scenario run with --lang (Scenario.language) writes Dutch route sheets."""
    from dataclasses import replace

    from logistics_opt.scenarios import run_scenario, scenario_from_dict

    scn = scenario_from_dict({"name": "nl", "data": str(tiny_dir), "time_limit": 2, "solution_limit": 20})
    plan = run_scenario(replace(scn, language="nl"), tmp_path / "nl")
    assert plan.meta.language == "nl"
    assert openpyxl.load_workbook(tmp_path / "nl" / "route_sheets.xlsx").sheetnames[0] == "Weekoverzicht"
