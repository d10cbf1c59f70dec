"""The on-disk cache of computed arrays: the geodesic matrix (:mod:`.distances`) and the road
router's tables (:mod:`.roads.matrix`).

An entry is one ``.npz`` file in :func:`cache_dir`, named by what it holds and a sha256 of what it
was computed from (the caller's key). An entry that cannot be read, or whose arrays have other shapes
than asked, is computed again; a cache folder that cannot be written is passed over: the cache is an
optimisation only, and a run gives the same figures without it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np

Arrays = dict[str, np.ndarray]


def cache_dir() -> Path:
    """``$LOGISTICS_OPT_CACHE``, else ``$XDG_CACHE_HOME/logistics-opt``, else ``~/.cache/logistics-opt``."""
    env = os.environ.get("LOGISTICS_OPT_CACHE")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "logistics-opt"


def cached_arrays(
    name: str,
    key: bytes,
    shapes: Mapping[str, tuple[int, ...]],
    compute: Callable[[], Arrays],
    use_cache: bool = True,
) -> Arrays:
    """The arrays ``compute()`` gives (named as in ``shapes``), read from the entry ``name-KEY.npz``
    when it holds them with those shapes, else computed and written there (``use_cache`` False: just
    computed). ``key``: the bytes the arrays are computed from, versioned by the caller."""
    if not use_cache:
        return compute()
    path = cache_dir() / f"{name}-{hashlib.sha256(key).hexdigest()[:24]}.npz"
    if path.is_file():
        try:
            with np.load(path) as stored:
                arrays = {k: stored[k] for k in shapes}
            if all(arrays[k].shape == shape for k, shape in shapes.items()):
                return arrays
        except (OSError, ValueError, KeyError):
            pass  # a damaged entry is computed again
    arrays = compute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npz")
        with os.fdopen(fd, "wb") as f:
            np.savez(f, allow_pickle=False, **arrays)
        os.replace(tmp, path)
    except OSError:
        pass  # the cache is an optimisation only
    return arrays
