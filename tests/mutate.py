"""Mutations of valid data files, the kind a hand-edited spreadsheet suffers."""

from __future__ import annotations

import random

NASTY = [
    "",
    " ",
    "-1",
    "1,5",
    "1.234,5",
    "abc",
    "1e999",
    "NaN",
    "99999999",
    "0",
    '"',
    ";",
    "07:61",
    "25:00",
    "mon+xyz",
    "hub",
    "depot",
    "é",
    "HUB",
    "A",
    "0.0001",
    "-0",
    "12:00",
    "sat",
    "mon++thu",
]


def mutate_csv(text: str, rng: random.Random) -> str:
    """One random edit: a cell replaced, a line dropped or doubled, a column renamed, bytes injected,
    the file cut short, or the separator changed."""
    lines = text.splitlines()
    kind = rng.randrange(8)
    if kind <= 2 and len(lines) > 1:  # replace a cell (most common)
        i = rng.randrange(len(lines))
        cells = lines[i].split(",")
        cells[rng.randrange(len(cells))] = rng.choice(NASTY)
        lines[i] = ",".join(cells)
    elif kind == 3 and len(lines) > 1:  # drop a line (the header too, sometimes)
        del lines[rng.randrange(len(lines))]
    elif kind == 4:  # duplicate a line
        i = rng.randrange(len(lines))
        lines.insert(i, lines[i])
    elif kind == 5:  # rename or drop a column
        cells = lines[0].split(",")
        j = rng.randrange(len(cells))
        cells[j] = rng.choice(["", cells[j].upper(), cells[j] + "x", "id"])
        lines[0] = ",".join(cells)
    elif kind == 6:  # inject characters or cut the file short
        s = "\n".join(lines)
        pos = rng.randrange(len(s) + 1)
        return (
            s[:pos] + rng.choice(["\x00", '"', ",,,", "\n\n", "\ufeff", ";"]) + s[pos:]
            if rng.random() < 0.6
            else s[:pos]
        )
    else:  # Dutch separator in part of the file
        lines = [ln.replace(",", ";") if rng.random() < 0.5 else ln for ln in lines]
    return "\n".join(lines) + "\n"


def mutate_toml(text: str, rng: random.Random) -> str:
    lines = text.splitlines()
    i = rng.randrange(len(lines))
    if "=" in lines[i] and rng.random() < 0.7:
        key = lines[i].split("=")[0]
        lines[i] = key + "= " + rng.choice(["-1", "0", '"x"', "[1,", "1e999", '["mon", "fry"]', "true", "45,0"])
    else:
        lines.insert(i, rng.choice(["unknown_key = 1", "[frequencies]", '2 = ["mon+thu"]', "= 3", "x"]))
    return "\n".join(lines) + "\n"
