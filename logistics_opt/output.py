"""Write a run folder atomically: everything goes to a temporary folder beside the target,
which then replaces the target in one rename. A failed or interrupted run leaves an earlier
folder as it was, and never a half-written one.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator


@contextmanager
def atomic_folder(target: str | Path) -> Iterator[Path]:
    """Yield a temporary folder; on success it becomes ``target`` (replacing an old one)."""
    target = Path(target).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        yield tmp
        old = None
        if target.exists():
            old = target.parent / f".{target.name}.old-{os.getpid()}"
            os.replace(target, old)
        os.replace(tmp, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def files_hash(files: Iterable[Path]) -> str:
    """sha256 over the input files' names and bytes, in the order given."""
    h = hashlib.sha256()
    for f in files:
        h.update(Path(f).name.encode() + b"\0")
        h.update(Path(f).read_bytes())
    return h.hexdigest()
