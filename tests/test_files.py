"""Atomic folders and the inputs' hash (:mod:`logistics_opt.files`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from logistics_opt.files import atomic_folder, files_hash


def test_atomic_folder_replaces_on_success(tmp_path: Path) -> None:
    """A finished write replaces the old folder in one step."""
    target = tmp_path / "run"
    target.mkdir()
    (target / "old.txt").write_text("old")
    with atomic_folder(target) as tmp:
        (tmp / "new.txt").write_text("new")
    assert [p.name for p in target.iterdir()] == ["new.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["run"]


@pytest.mark.parametrize("exc", [RuntimeError, KeyboardInterrupt])
def test_atomic_folder_keeps_old_on_failure(tmp_path: Path, exc: type[BaseException]) -> None:
    """An error or Ctrl-C during the write leaves the old folder and no temporary one."""
    target = tmp_path / "run"
    target.mkdir()
    (target / "old.txt").write_text("old")
    with pytest.raises(exc):
        with atomic_folder(target) as tmp:
            (tmp / "half.txt").write_text("half")
            raise exc()
    assert [p.name for p in target.iterdir()] == ["old.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["run"]


def test_files_hash_changes_with_content(tmp_path: Path) -> None:
    """The input hash depends on every byte of the inputs."""
    f = tmp_path / "a.csv"
    f.write_text("x")
    h1 = files_hash([f])
    f.write_text("y")
    assert files_hash([f]) != h1
