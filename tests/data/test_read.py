"""Reading data folders: Dutch spreadsheet exports, Excel, and one-line errors for broken input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from logistics_opt.cli import cli
from logistics_opt.data.cells import parse_clock, parse_number
from logistics_opt.data.read import load_network
from tests.factories import DATA

BROKEN = DATA / "broken"


def _overlay(case: Path, target: Path) -> None:
    for f in case.iterdir():
        if f.name == "expected.txt":
            continue
        if f.name == "DELETE":
            for name in f.read_text().split():
                (target / name).unlink()
        else:
            shutil.copy(f, target / f.name)


@pytest.mark.parametrize("case", sorted(p.name for p in BROKEN.iterdir()))
def test_broken_input_gives_one_located_error(case: str, tiny_dir: Path) -> None:
    """Each file in tests/data/broken/ triggers the error it is named after, as one line, exit 1."""
    _overlay(BROKEN / case, tiny_dir)
    r = CliRunner().invoke(cli, ["validate", str(tiny_dir)])
    expected = (BROKEN / case / "expected.txt").read_text().strip().removeprefix("Error: ")
    assert r.exit_code == 1, r.output
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), r.output
    assert expected in lines[0]
    assert "Traceback" not in r.output


def test_semicolon_decimal_comma_bom(tiny_dir: Path) -> None:
    """A Dutch Excel CSV export (';', decimal comma, UTF-8 BOM) reads the same as the plain file."""
    plain = load_network(tiny_dir)
    for name in ("branches.csv", "fleet.csv", "requests.csv"):
        p = tiny_dir / name
        text = p.read_text().replace(",", ";")
        text = "\n".join(
            ";".join(c.replace(".", ",") if c.replace(".", "").isdigit() else c for c in line.split(";"))
            for line in text.splitlines()
        )
        p.write_bytes("\ufeff".encode() + text.encode())
    assert "52,0931" in (tiny_dir / "branches.csv").read_text(encoding="utf-8-sig")
    dutch = load_network(tiny_dir)
    assert dutch.branches == plain.branches and dutch.fleet == plain.fleet and dutch.requests == plain.requests


def test_xlsx_in_place_of_csv(tiny_dir: Path) -> None:
    """An Excel workbook may stand in for any CSV table."""
    import pandas as pd

    plain = load_network(tiny_dir)
    for name in ("branches", "fleet"):
        df = pd.read_csv(tiny_dir / f"{name}.csv", dtype=str, keep_default_na=False)
        for col in ("lat", "lon", "count", "capacity_crates", "cost_per_km"):
            if col in df:
                df[col] = pd.to_numeric(df[col])
        df.to_excel(tiny_dir / f"{name}.xlsx", index=False)
        (tiny_dir / f"{name}.csv").unlink()
    net = load_network(tiny_dir)
    assert net.branches == plain.branches and net.fleet == plain.fleet


def test_xlsx_error_names_row_and_column(tiny_dir: Path) -> None:
    """Errors in an Excel sheet are located like CSV errors."""
    import pandas as pd

    df = pd.read_csv(tiny_dir / "fleet.csv", dtype=str)
    df.loc[0, "capacity_crates"] = "veel"
    df.to_excel(tiny_dir / "fleet.xlsx", index=False)
    (tiny_dir / "fleet.csv").unlink()
    r = CliRunner().invoke(cli, ["validate", str(tiny_dir)])
    assert r.exit_code == 1
    assert r.output.strip() == "Error: fleet.xlsx, row 2, column capacity_crates: 'veel' is not a number"


@pytest.mark.parametrize(
    "text,value",
    [
        ("12.5", 12.5),
        ("12,5", 12.5),
        (" 7 ", 7.0),
        ("-3", -3.0),
        ("1e3", 1000.0),
        ("1.234,5", None),
        ("abc", None),
        ("", None),
        ("nan", None),
        ("inf", None),
    ],
)
def test_parse_number(text: str, value: float | None) -> None:
    """Decimal points and commas are read; thousands separators and words are refused."""
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text,value",
    [
        ("07:30", 450),
        ("7.30", 450),
        ("24:00", 1440),
        ("16:30:30", 990.5),
        ("25:00", None),
        ("12:60", None),
        ("noon", None),
    ],
)
def test_parse_clock(text: str, value: float | None) -> None:
    """Times of day are HH:MM (H.MM and HH:MM:SS accepted), 00:00-24:00."""
    assert parse_clock(text) == value
