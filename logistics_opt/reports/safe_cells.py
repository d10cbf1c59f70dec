"""Spreadsheet-safe cells: no text the project writes to CSV or XLSX can run as a formula.

A spreadsheet treats a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and a
leading tab or carriage return can hide one; a branch named ``=HYPERLINK("http://...","x")`` would
run when the coordinator opens ``route_sheet.csv`` (CSV injection). Following OWASP's advice, such
text cells get a leading single quote, which Excel and LibreOffice show as text. Numbers written as
numbers (``-3.5`` as a float) are not text and stay numbers; text that is a plain number
(``"-3.5"``) cannot run either and is left as it is, so figures formatted as text still sort.
Every CSV (:func:`logistics_opt.runs.csv_text`) and XLSX writer of the project passes its cells
through :func:`safe_cell`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def safe_cell(value: Any) -> Any:
    """``value`` with a leading ``'`` when it is text starting like a formula; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    """Every cell of ``row`` through :func:`safe_cell`."""
    return [safe_cell(v) for v in row]
