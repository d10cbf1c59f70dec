"""What an OpenStreetMap ``.osm.pbf`` file says about itself, read without a third-party parser.

A PBF file is a sequence of blocks: a 4-byte big-endian length, a ``BlobHeader`` message, then a
``Blob`` of that header's ``datasize``. The first block is the ``OSMHeader``: its bounding box and
(in Geofabrik extracts) the replication timestamp, i.e. the date of the OSM data. Walking the
block lengths to the end of the file also catches a truncated download before the router sees it.
Format: https://wiki.openstreetmap.org/wiki/PBF_Format
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..errors import InputError

_MAX_HEADER = 64 * 1024  # the format caps a BlobHeader at 64 KiB
_MAX_BLOB = 32 * 1024 * 1024  # and a Blob at 32 MiB


@dataclass(frozen=True)
class PbfInfo:
    """The header of an OSM PBF file."""

    bounds: tuple[float, float, float, float] | None  # min lon, min lat, max lon, max lat
    timestamp: str | None  # ISO 8601 UTC, the OSM data's replication time, if the file says
    blocks: int  # data blocks after the header


def _varint(buf: bytes, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if i >= len(buf):
            raise ValueError("truncated varint")
        byte = buf[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def _fields(buf: bytes) -> Iterator[tuple[int, int | bytes]]:
    """(field number, value) of a protobuf message; varints as int, length-delimited as bytes."""
    i = 0
    while i < len(buf):
        key, i = _varint(buf, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = _varint(buf, i)
            yield number, value
        elif wire == 2:
            size, i = _varint(buf, i)
            if i + size > len(buf):
                raise ValueError("truncated field")
            yield number, buf[i : i + size]
            i += size
        elif wire in (1, 5):
            i += 8 if wire == 1 else 4
        else:
            raise ValueError(f"unknown wire type {wire}")


def _zigzag(n: int) -> int:
    return (n >> 1) ^ -(n & 1)


def _blob_payload(blob: bytes) -> bytes | None:
    """The uncompressed bytes of a Blob, or None when it uses a compression we do not read."""
    parts = dict(_fields(blob))
    if isinstance(parts.get(1), bytes):
        return parts[1]  # type: ignore[return-value]
    if isinstance(parts.get(3), bytes):
        return zlib.decompress(parts[3])  # type: ignore[arg-type]
    return None


def _header_block(payload: bytes) -> tuple[tuple[float, float, float, float] | None, str | None]:
    bounds = timestamp = None
    for number, value in _fields(payload):
        if number == 1 and isinstance(value, bytes):
            box = {n: _zigzag(v) / 1e9 for n, v in _fields(value) if isinstance(v, int)}
            if len(box) == 4:  # left, right, top, bottom in nanodegrees
                bounds = (box[1], box[4], box[2], box[3])
        elif number == 32 and isinstance(value, int) and value > 0:
            timestamp = datetime.fromtimestamp(value, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return bounds, timestamp


def _blocks(path: Path) -> Iterator[tuple[str, bytes | None]]:
    """(type, blob) of each block; the blob is read only for the header block."""
    total = path.stat().st_size
    with open(path, "rb") as f:
        while True:
            size_bytes = f.read(4)
            if not size_bytes:
                return
            if len(size_bytes) < 4:
                raise ValueError("the file ends inside a block length")
            (size,) = struct.unpack(">I", size_bytes)
            if size == 0 or size > _MAX_HEADER:
                raise ValueError(f"a block header of {size} bytes")
            header = dict(_fields(f.read(size)))
            kind, datasize = header.get(1), header.get(3)
            if not isinstance(kind, bytes) or not isinstance(datasize, int) or datasize > _MAX_BLOB:
                raise ValueError("a damaged block header")
            if f.tell() + datasize > total:
                raise ValueError("the file is truncated (an incomplete download?)")
            if kind == b"OSMHeader":
                blob = f.read(datasize)
            else:
                blob = None
                f.seek(datasize, 1)
            yield kind.decode("ascii", "replace"), blob


def read_pbf(path: Path) -> PbfInfo:
    """Check that ``path`` is a complete OSM PBF file and read its header.

    Raises :class:`InputError` naming the file when it is missing, is not PBF, or is truncated.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "file not found (expected an OpenStreetMap .osm.pbf extract)")
    bounds = timestamp = None
    seen_header, blocks = False, 0
    try:
        for kind, blob in _blocks(path):
            if not seen_header:
                if kind != "OSMHeader":
                    raise ValueError(f"the first block is {kind!r}, not OSMHeader")
                seen_header = True
                payload = _blob_payload(blob or b"")
                if payload is not None:
                    bounds, timestamp = _header_block(payload)
            elif kind == "OSMData":
                blocks += 1
    except (ValueError, zlib.error, struct.error) as exc:
        if not seen_header:
            raise InputError(str(path), "not an OpenStreetMap PBF file (.osm.pbf)") from None
        raise InputError(str(path), f"a damaged OpenStreetMap PBF file: {exc}") from None
    if not seen_header or blocks == 0:
        raise InputError(str(path), "not a readable OpenStreetMap PBF file: it holds no OSM data")
    return PbfInfo(bounds, timestamp, blocks)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
