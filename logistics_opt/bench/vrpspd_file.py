"""LKH-3's ``.vrpspd`` files (VRP with simultaneous pickup and delivery): read one into integers.

File format (LKH-3, TSPLIB style): ``KEY : value`` lines, then sections, then ``EOF``.
- ``DIMENSION``: nodes, the depot included; ``CAPACITY``: what a van holds; ``VEHICLES`` (optional): vans;
  ``DISTANCE`` (optional): a route-length limit in the file's distance units, 0 = none; ``SCALE`` (optional).
- ``EDGE_WEIGHT_TYPE``: ``EXPLICIT`` with ``EDGE_WEIGHT_FORMAT : FULL_MATRIX`` and an ``EDGE_WEIGHT_SECTION``
  of integers (Dethloff: distance x 10,000), or ``EXACT_2D`` / ``EUC_2D`` on a ``NODE_COORD_SECTION``.
- ``PICKUP_AND_DELIVERY_SECTION``: ``node demand earliest latest service pickup delivery``. The demand is
  ignored; the pickup comes before the delivery (LKH-3, ``VRPSPD/README.txt``). The sets have no time
  windows or service times: a file with a service time or an earliest time above 0 is refused; ``latest``
  is kept for the check of the routes (LKH-3's convention: time is distance).
- ``DEPOT_SECTION``: one depot node, then ``-1``.

Distances are integers, as LKH-3 computes them: an explicit matrix as written (times SCALE if given);
coordinates as round-half-up(SCALE x Euclidean), SCALE defaulting to 1000 for ``EXACT_2D`` and to 1 for
``EUC_2D`` (TSPLIB's nint). LKH-3's costs are sums of these rounded distances: its published tour for c101
(``VRPSPD/TOURS/G/c101.1220187.tour``, ``SCALE : 1000``) is 1,220,187 long on them, against 1,220,183.3 on
unrounded distances and 1,220,156 on truncated ones; its SCA3-0 tour sums to 6,356,198 on the matrix.

Every error is one line: ``FILE, line N: what is wrong``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import InputError

DEFAULT_SCALE = {"EXACT_2D": 1000, "EUC_2D": 1}
Rows = list[tuple[int, list[str]]]  # (line number, fields)


class VrpspdFileError(InputError):
    """A bad ``.vrpspd`` (or BKS) file: ``FILE, line N: what is wrong``."""

    def __init__(self, file: str | Path, line: int, message: str) -> None:
        self.file, self.row, self.column, self.message = str(file), line, None, message
        Exception.__init__(self, f"{file}, line {line}: {message}")


@dataclass(frozen=True)
class VrpspdInstance:
    """One instance: node 0 is the depot; ``file_ids[i]`` is node i's number in the file."""

    name: str
    distance: np.ndarray  # (n, n) int64, in the file's distance units times ``scale``
    delivery: tuple[int, ...]
    pickup: tuple[int, ...]
    latest: tuple[float, ...]  # per node, in integer distance units (LKH-3: time is distance)
    capacity: int
    vehicles: int | None  # VEHICLES
    route_limit: float  # DISTANCE in integer distance units; 0: none
    scale: int | None  # SCALE the integers carry; None: an explicit matrix without SCALE
    file_ids: tuple[int, ...]

    @property
    def clients(self) -> int:
        return len(self.delivery) - 1


def _number(path: Path, line: int, text: str, what: str, whole: bool = True) -> float:
    try:
        value = float(text)
    except ValueError:
        raise VrpspdFileError(path, line, f"{what} {text!r} is not a number") from None
    if not math.isfinite(value) or (whole and not value.is_integer()):
        raise VrpspdFileError(path, line, f"{what} {text!r}: expected a whole number")
    return int(value) if whole else value


def _split(path: Path) -> tuple[dict[str, tuple[int, str]], dict[str, Rows]]:
    """``KEY : value`` lines and the rows of each ``*_SECTION``, with their line numbers."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise VrpspdFileError(path, 1, f"cannot be read ({exc})") from None
    header: dict[str, tuple[int, str]] = {}
    sections: dict[str, Rows] = {}
    current: str | None = None
    for no, raw in enumerate(text.splitlines(), 1):
        s = raw.strip()
        if s == "EOF":
            break
        if not s:
            continue
        if s[0].isalpha():
            key, _, value = s.partition(":")
            key = key.strip().upper()
            if key in header or key in sections:
                raise VrpspdFileError(path, no, f"{key} appears twice")
            current = key if key.endswith("_SECTION") else None
            if current:
                sections[current] = []
            else:
                header[key] = (no, value.strip())
        elif current is None:
            raise VrpspdFileError(path, no, "numbers outside any *_SECTION")
        else:
            sections[current].append((no, s.split()))
    return header, sections


def _key(path: Path, header: dict[str, tuple[int, str]], key: str, minimum: int, default: int | None = None) -> int:
    if key not in header:
        if default is None:
            raise VrpspdFileError(path, 1, f"no {key} line")
        return default
    no, text = header[key]
    value = int(_number(path, no, text, key))
    if value < minimum:
        raise VrpspdFileError(path, no, f"{key} {value}: expected at least {minimum}")
    return value


def _section(path: Path, sections: dict[str, Rows], name: str, fields: int | None = None) -> Rows:
    if name not in sections:
        raise VrpspdFileError(path, 1, f"no {name}")
    rows = sections[name]
    for no, row in rows:
        if fields is not None and len(row) != fields:
            raise VrpspdFileError(path, no, f"{name}: expected {fields} numbers, found {len(row)}")
    return rows


def _node_rows(path: Path, rows: Rows, n: int, name: str) -> dict[int, tuple[int, list[str]]]:
    """Rows by node number (1..n, each once, all present)."""
    out: dict[int, tuple[int, list[str]]] = {}
    for no, row in rows:
        node = int(_number(path, no, row[0], "node"))
        if not 1 <= node <= n or node in out:
            raise VrpspdFileError(
                path, no, f"{name}: node {node} is {'listed twice' if node in out else 'not in 1..DIMENSION'}"
            )
        out[node] = (no, row)
    if len(out) != n:
        missing = min(set(range(1, n + 1)) - set(out))
        raise VrpspdFileError(path, rows[-1][0] if rows else 1, f"{name}: node {missing} is missing")
    return out


def _distances(
    path: Path, header: dict[str, tuple[int, str]], sections: dict[str, Rows], n: int
) -> tuple[np.ndarray, int | None]:
    """The integer matrix over nodes 1..n (file order) and the SCALE it carries (None: explicit, no SCALE)."""
    if "EDGE_WEIGHT_TYPE" not in header:
        raise VrpspdFileError(path, 1, "no EDGE_WEIGHT_TYPE line")
    no, kind = header["EDGE_WEIGHT_TYPE"]
    kind = kind.upper()
    given = _key(path, header, "SCALE", 1, 0) or None
    if kind == "EXPLICIT":
        fno, fmt = header.get("EDGE_WEIGHT_FORMAT", (no, ""))
        if fmt.upper() != "FULL_MATRIX":
            raise VrpspdFileError(path, fno, f"EDGE_WEIGHT_FORMAT {fmt or '(none)'}: only FULL_MATRIX is supported")
        rows = _section(path, sections, "EDGE_WEIGHT_SECTION")
        values = [int(_number(path, r, t, "distance")) for r, row in rows for t in row]
        if len(values) != n * n:
            raise VrpspdFileError(
                path,
                rows[-1][0] if rows else no,
                f"EDGE_WEIGHT_SECTION has {len(values)} numbers; a FULL_MATRIX of DIMENSION {n} has {n * n}",
            )
        return np.asarray(values, dtype=np.int64).reshape(n, n) * (given or 1), given
    if kind not in DEFAULT_SCALE:
        raise VrpspdFileError(path, no, f"EDGE_WEIGHT_TYPE {kind}: expected EXPLICIT, EXACT_2D or EUC_2D")
    scale = given or DEFAULT_SCALE[kind]
    coords = _node_rows(path, _section(path, sections, "NODE_COORD_SECTION", 3), n, "NODE_COORD_SECTION")
    xy = np.array(
        [[_number(path, coords[i][0], v, "coordinate", whole=False) for v in coords[i][1][1:]] for i in range(1, n + 1)]
    )
    exact = scale * np.hypot(xy[:, None, 0] - xy[None, :, 0], xy[:, None, 1] - xy[None, :, 1])
    return np.floor(exact + 0.5).astype(np.int64), scale


def _depot(path: Path, sections: dict[str, Rows], n: int) -> int:
    rows = _section(path, sections, "DEPOT_SECTION")
    ids = [(no, int(_number(path, no, t, "depot"))) for no, row in rows for t in row]
    depots = [(no, d) for no, d in ids if d != -1]
    if len(depots) != 1 or not 1 <= depots[0][1] <= n:
        raise VrpspdFileError(path, rows[0][0] if rows else 1, f"DEPOT_SECTION: expected one depot in 1..{n}, then -1")
    return depots[0][1]


def _volumes(
    path: Path, rows: dict[int, tuple[int, list[str]]], order: list[int], capacity: int, scale: int
) -> tuple[list[int], list[int], list[float]]:
    """Per node in ``order`` (the depot first, its volumes 0): pickup, delivery and latest time (x scale)."""
    pickup, delivery, latest = [0], [0], [0.0]
    for k, i in enumerate(order):
        no, row = rows[i]
        earliest, late, service = (
            _number(path, no, t, w, whole=False) for t, w in zip(row[2:5], ("earliest", "latest", "service"))
        )
        if earliest > 0 or service > 0:
            raise VrpspdFileError(
                path, no, "time windows and service times are not supported (earliest and service must be 0)"
            )
        if k == 0:
            latest[0] = late * scale
            continue
        p, d = (int(_number(path, no, t, w)) for t, w in zip(row[5:7], ("pickup", "delivery")))
        if min(p, d) < 0 or max(p, d) > capacity:
            raise VrpspdFileError(
                path, no, f"node {i}: pickup {p} and delivery {d} must be within 0..CAPACITY {capacity}"
            )
        pickup.append(p)
        delivery.append(d)
        latest.append(late * scale)
    return pickup, delivery, latest


def read_vrpspd(path: str | Path) -> VrpspdInstance:
    """Read one LKH-3 ``.vrpspd`` file (see the module docstring); errors name the file and line."""
    path = Path(path)
    header, sections = _split(path)
    if "TYPE" in header and header["TYPE"][1].upper() != "VRPSPD":
        raise VrpspdFileError(path, header["TYPE"][0], f"TYPE {header['TYPE'][1]}: expected VRPSPD")
    n = _key(path, header, "DIMENSION", 2)
    capacity = _key(path, header, "CAPACITY", 1)
    dist, scale = _distances(path, header, sections, n)
    rows = _node_rows(
        path, _section(path, sections, "PICKUP_AND_DELIVERY_SECTION", 7), n, "PICKUP_AND_DELIVERY_SECTION"
    )
    depot = _depot(path, sections, n)
    order = [depot] + [i for i in range(1, n + 1) if i != depot]
    pickup, delivery, latest = _volumes(path, rows, order, capacity, scale or 1)
    idx = np.asarray(order) - 1
    dno, dtext = header.get("DISTANCE", (1, "0"))
    limit = _number(path, dno, dtext, "DISTANCE", whole=False)
    name = header.get("NAME", (0, path.stem))[1] or path.stem
    return VrpspdInstance(
        name=name,
        distance=dist[np.ix_(idx, idx)],
        delivery=tuple(delivery),
        pickup=tuple(pickup),
        latest=tuple(latest),
        capacity=capacity,
        vehicles=_key(path, header, "VEHICLES", 1, 0) or None,
        route_limit=limit * (scale or 1),
        scale=scale,
        file_ids=tuple(order),
    )
