"""hours.csv read, written back and noted in init's template (its errors: tests/data/broken/hours_*)."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from logistics_opt.cli import cli
from logistics_opt.data.read import input_files, load_network
from logistics_opt.data.template import HOURS
from logistics_opt.data.write import materialise
from tests.factories import TINY


def _tiny_with_hours(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(TINY, data)
    (data / "hours.csv").write_text(
        "branch,day,open,close\n# A opens late on Tuesdays\nA,tue,13:00,17:00\nB,wed,,\nC,thu,,12:30\nC,sat,10:00,14:00\n",
        encoding="utf-8",
    )
    return data


def test_hours_per_weekday_and_the_days_a_branch_is_shut(tmp_path: Path) -> None:
    """A row replaces the day's open and close (an empty cell: no bound), both empty: shut; no row: branches.csv."""
    net = load_network(_tiny_with_hours(tmp_path))
    a, b, c = (net.branch(x) for x in "ABC")
    assert net.hours_on(a, "tue") == (780.0, 1020.0) and net.hours_on(a, "mon") == (a.open_min, a.close_min)
    assert net.hours_on(b, "wed") is None and net.open_days(b) == ("mon", "tue", "thu", "fri")
    assert net.hours_on(c, "thu") == (None, 750.0) and net.hours_on(c, "sat") == (600.0, 840.0)
    assert [p.name for p in input_files(tmp_path / "data")][-1] == "hours.csv"


def test_hours_are_written_back_for_the_branches_kept(tmp_path: Path) -> None:
    """materialise writes hours.csv that reads back the same; a branch the network lost takes its rows along."""
    net = load_network(_tiny_with_hours(tmp_path))
    assert materialise(net, tmp_path / "copy").hours == net.hours
    fewer = net.with_changes(branches=tuple(b for b in net.branches if b.id != "B"))
    fewer = fewer.with_changes(requests=tuple(r for r in net.requests if "B" not in (r.origin, r.destination)))
    assert ("B", "wed") not in materialise(fewer, tmp_path / "fewer").hours


def test_init_notes_every_hours_column(tmp_path: Path) -> None:
    CliRunner().invoke(cli, ["init", str(tmp_path / "c")])
    readme = (tmp_path / "c" / "README.md").read_text(encoding="utf-8")
    assert "## hours (optional)" in readme and all(f"| `{c.name}` |" in readme for c in HOURS)
