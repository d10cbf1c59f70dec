"""The reservation log (``reservations.csv``) and the ``[supply]`` settings that turn it into flows.

``reservations.csv`` (optional) has one row per reservation, or per group of identical ones:
``requester`` (the branch where the reader collects the item), ``holders`` (the branches holding a
copy, ``;``-separated, in the library system's order: the first is today's supplier), optional
``owner`` (where a returned item goes; empty: back to its supplier), ``day`` (the weekday it is
placed; empty: spread evenly over the working days) and ``items`` (default 1). With a log, the
branch-to-branch flows come from it alone (:mod:`logistics_opt.supply` derives them), so a
branch-to-branch row in ``requests.csv`` beside it is an error (:func:`.read.load_requests`).

Every problem raises :class:`~logistics_opt.errors.InputError` naming the file, the row and the
column; a ``[supply]`` key of settings.toml is named by its line as the row.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from ..codes import WEEKDAYS
from ..errors import InputError
from .cells import Cells, optional_table, read_table
from .model import SUPPLY_RULES, Branch, Reservation, Supply

RESERVATION_REQUIRED = ("requester", "holders")
RESERVATION_OPTIONAL = ("owner", "day", "items")
SUPPLY_KEYS = ("rule", "floating", "rebalance_share")


def reservations_file(folder: Path) -> Path | None:
    """``reservations.csv`` or ``.xlsx``, or a ``reservations`` sheet of ``data.xlsx``; None without a log."""
    return optional_table(folder, "reservations")


def load_reservations(path: Path, branches: tuple[Branch, ...]) -> tuple[Reservation, ...]:
    """The log's rows, each checked: branches that exist, at least one holder, a weekday, items >= 1."""
    table = read_table(path, RESERVATION_REQUIRED, "reservations")
    stops = {b.id: b for b in branches if not b.is_hub}
    hubs = {b.id for b in branches if b.is_hub}

    def branch(c: Cells, col: str, value: str, what: str) -> str:
        if value not in stops:
            why = "a hub; reservations go between branches" if value in hubs else "not an id in branches"
            raise c.err(col, f"{what} '{value}' is not a branch ({why})")
        return value

    out = []
    for row in table.rows:
        c = Cells(table, row)
        requester = branch(c, "requester", c.text("requester"), "requester")
        names = [h.strip() for h in c.text("holders", required=False).split(";")]
        if not any(names):
            raise c.err("holders", "empty holders (expected the branches holding a copy, separated by ';')")
        holders = tuple(branch(c, "holders", h, "holder") for h in names if h)
        if len(set(holders)) != len(holders):
            raise c.err("holders", f"a holder appears twice in '{c.text('holders')}'")
        owner = c.text("owner", required=False)
        day = c.text("day", required=False).lower()
        if day and day not in WEEKDAYS:
            raise c.err("day", f"unknown weekday '{day}' (expected one of {', '.join(WEEKDAYS)})")
        items = c.count("items", required=False, lo=1)
        out.append(
            Reservation(
                requester=requester,
                holders=holders,
                owner=branch(c, "owner", owner, "owner") if owner else None,
                day=day or None,
                items=1 if items is None else items,
            )
        )
    return tuple(out)


def supply_from_table(table: Any, file: str, base: Supply) -> Supply:
    """``[supply]``: ``rule``, ``floating`` (a list of organisations, or true for all) and
    ``rebalance_share``; keys it leaves out keep ``base``'s values. Organisations are checked
    against the branches by :func:`check_floating`."""
    if not isinstance(table, dict):
        raise InputError(file, '[supply] must be a table such as  rule = "nearest_copy"', column="supply")
    for key in table:
        if key not in SUPPLY_KEYS:
            raise InputError(file, f"unknown key '{key}' (known: {', '.join(SUPPLY_KEYS)})", column=f"supply.{key}")
    rule = table.get("rule", base.rule)
    if rule not in SUPPLY_RULES:
        raise InputError(
            file,
            f"unknown supply rule {rule!r} (expected {', '.join(repr(r) for r in SUPPLY_RULES)})",
            column="supply.rule",
        )
    floating = table.get("floating", base.floating)
    if floating is False:
        floating = ()
    elif floating is not True:
        if not isinstance(floating, (list, tuple)) or not all(isinstance(o, str) and o for o in floating):
            raise InputError(
                file,
                f'floating = {floating!r} must be true (every organisation) or a list such as ["Bibliotheek Utrecht"]',
                column="supply.floating",
            )
        floating = tuple(floating)
    share = table.get("rebalance_share", base.rebalance_share)
    if (
        isinstance(share, bool)
        or not isinstance(share, (int, float))
        or not math.isfinite(share)
        or not 0 <= share <= 1
    ):
        raise InputError(
            file,
            f"rebalance_share = {share!r} is out of range (expected a share from 0 to 1)",
            column="supply.rebalance_share",
        )
    return Supply(rule=rule, floating=floating, rebalance_share=float(share))


def check_floating(
    supply: Supply, branches: tuple[Branch, ...], file: str, text: str | None = None, column: str = "supply.floating"
) -> None:
    """Every floating organisation is one of the branches' organisations (``text``: the settings file's
    text, to name the line of the key)."""
    if isinstance(supply.floating, bool):
        return
    known = {b.organisation for b in branches if not b.is_hub}
    for org in supply.floating:
        if org not in known:
            raise InputError(
                file,
                f"unknown organisation '{org}' in floating (known: {', '.join(sorted(known))})",
                row=toml_line(text, column) if text else None,
                column=column,
            )


def toml_line(text: str, column: str) -> int | None:
    """The line (1-based) of ``key`` in the ``[table]`` of a TOML text, for ``column`` = ``table.key``
    (or a top-level ``key``); None when it is not written on a line of its own."""
    table, _, key = column.rpartition(".")
    current = ""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        header = re.match(r"^\[([^\[\]]+)\]", stripped)
        if header:
            current = header.group(1).strip()
        elif current == table and re.match(rf"^\"?{re.escape(key)}\"?\s*=", stripped):
            return number
    return None
