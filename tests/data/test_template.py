"""init writes a data-folder template that validate accepts and plan plans; notes lines and the
one-workbook form are read by the loader."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from logistics_opt.cli import cli
from logistics_opt.data.read import input_files, load_network
from logistics_opt.data.template import TABLES
from logistics_opt.errors import InputError

FAST = ["--time-limit", "2", "--solution-limit", "20", "--silent", "-j", "1"]


@pytest.mark.parametrize("xlsx", [False, True], ids=["csv", "xlsx"])
def test_init_validate_plan(tmp_path: Path, xlsx: bool) -> None:
    """The template as written: validate exits 0, plan writes a checked run folder."""
    data = tmp_path / "mydata"
    r = CliRunner().invoke(cli, ["init", str(data)] + (["--xlsx"] if xlsx else []))
    assert r.exit_code == 0, r.output
    names = sorted(p.name for p in data.iterdir())
    tables = ["data.xlsx"] if xlsx else ["branches.csv", "fleet.csv", "requests.csv"]
    assert names == sorted(["README.md", "settings.toml", *tables])
    r = CliRunner().invoke(cli, ["validate", str(data)])
    assert r.exit_code == 0 and "valid" in r.output, r.output
    net = load_network(data)
    assert [b.id for b in net.branches] == ["HUB", "ZST-01", "ZST-02"] and len(net.fleet) == 2
    assert net.branch("ZST-02").days == ("mon", "thu") and net.branch("ZST-01").open_min == 9 * 60
    assert [p.name for p in input_files(data)] == [
        "settings.toml",
        *(["data.xlsx"] if xlsx else ["branches.csv", "requests.csv", "fleet.csv"]),
    ]
    r = CliRunner().invoke(cli, ["plan", str(data), "--out", str(tmp_path / "out"), *FAST])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "out" / "plan.json").is_file() and (tmp_path / "out" / "inputs" / tables[0]).is_file()


def test_every_column_has_a_note(tmp_path: Path) -> None:
    """Each column is explained in the CSV notes, as a header-cell comment in the workbook, and in the README."""
    CliRunner().invoke(cli, ["init", str(tmp_path / "c")])
    CliRunner().invoke(cli, ["init", str(tmp_path / "x"), "--xlsx"])
    readme = (tmp_path / "c" / "README.md").read_text(encoding="utf-8")
    wb = openpyxl.load_workbook(tmp_path / "x" / "data.xlsx")
    for stem, cols in TABLES.items():
        text = (tmp_path / "c" / f"{stem}.csv").read_text(encoding="utf-8")
        header = [c.value for c in wb[stem][1]]
        assert header == [c.name for c in cols]
        for c, cell in zip(cols, wb[stem][1], strict=True):
            assert f"#   {c.name}: " in text and f"| `{c.name}` |" in readme
            assert cell.comment is not None and cell.comment.text == c.note


def test_init_overwrites_nothing(tmp_path: Path) -> None:
    """A folder that already holds files is refused with one line; nothing is changed."""
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "mine.txt").write_text("keep", encoding="utf-8")
    r = CliRunner().invoke(cli, ["init", str(tmp_path / "d")])
    assert r.exit_code == 1 and "not an empty folder" in r.output
    assert [p.name for p in (tmp_path / "d").iterdir()] == ["mine.txt"]


def test_notes_keep_row_numbers(tmp_path: Path) -> None:
    """Errors after note lines name the row as a spreadsheet shows it (notes count as rows)."""
    CliRunner().invoke(cli, ["init", str(tmp_path / "d")])
    path = tmp_path / "d" / "fleet.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines, start=1) if line.startswith("electric_van"))
    lines[row - 1] = lines[row - 1].replace("60", "sixty", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=rf"fleet.csv, row {row}, column capacity_crates: 'sixty' is not a number"):
        load_network(tmp_path / "d")


def test_workbook_sheet_errors(tmp_path: Path) -> None:
    """A data.xlsx without a table's sheet, or with a bad cell, is named with its sheet."""
    CliRunner().invoke(cli, ["init", str(tmp_path / "d"), "--xlsx"])
    path = tmp_path / "d" / "data.xlsx"
    wb = openpyxl.load_workbook(path)
    wb["fleet"]["B3"] = -1
    wb.save(path)
    with pytest.raises(InputError, match="data.xlsx, sheet fleet, row 3, column count"):
        load_network(tmp_path / "d")
    del wb["requests"]
    wb.save(path)
    with pytest.raises(InputError, match="data.xlsx: no sheet 'requests'"):
        load_network(tmp_path / "d")
