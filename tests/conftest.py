"""Shared fixtures: the tiny hand-checkable network and a temporary distance cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.factories import TINY


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own distance cache, so no test depends on another's."""
    monkeypatch.setenv("LOGISTICS_OPT_CACHE", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def tiny_dir(tmp_path: Path) -> Path:
    """A writable copy of tests/data/tiny."""
    dst = tmp_path / "tiny"
    shutil.copytree(TINY, dst)
    return dst
