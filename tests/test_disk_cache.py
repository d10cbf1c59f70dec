"""The on-disk cache of computed arrays: reused when it holds the arrays asked for, recomputed when
an entry is damaged or has other shapes, passed over when it cannot be written."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from logistics_opt.disk_cache import cached_arrays

SHAPES = {"a": (2, 2), "b": (2,)}


class Counter:
    """``compute`` for the cache that counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> dict[str, np.ndarray]:
        self.calls += 1
        return {"a": np.arange(4.0).reshape(2, 2) + self.calls, "b": np.zeros(2)}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LOGISTICS_OPT_CACHE", str(tmp_path))
    return tmp_path


def test_an_entry_is_written_once_and_read_back(cache: Path) -> None:
    compute = Counter()
    first = cached_arrays("test", b"key", SHAPES, compute)
    again = cached_arrays("test", b"key", SHAPES, compute)
    assert compute.calls == 1 and np.array_equal(first["a"], again["a"])
    assert len(list(cache.glob("test-*.npz"))) == 1
    cached_arrays("test", b"other key", SHAPES, compute)
    assert compute.calls == 2  # another key is another entry


def test_a_damaged_entry_or_other_shapes_are_computed_again(cache: Path) -> None:
    compute = Counter()
    cached_arrays("test", b"key", SHAPES, compute)
    (entry,) = cache.glob("test-*.npz")
    entry.write_bytes(b"not an npz file")
    assert cached_arrays("test", b"key", SHAPES, compute)["a"][0, 0] == 2.0 and compute.calls == 2
    assert cached_arrays("test", b"key", {"a": (3, 3), "b": (2,)}, compute)["a"][0, 0] == 3.0
    assert compute.calls == 3


def test_without_the_cache_or_a_writable_folder_it_computes(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    compute = Counter()
    cached_arrays("test", b"key", SHAPES, compute, use_cache=False)
    assert compute.calls == 1 and list(cache.iterdir()) == []
    blocked = cache / "a file"
    blocked.write_text("")
    monkeypatch.setenv("LOGISTICS_OPT_CACHE", str(blocked / "cache"))  # a folder that cannot be made
    assert cached_arrays("test", b"key", SHAPES, compute)["a"][0, 0] == 2.0 and compute.calls == 2
