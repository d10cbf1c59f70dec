"""Where the road engine is: OSRM from the ``osrm-bindings`` wheel (the ``roads`` extra).

The wheel ships the library (``osrm.OSRM``), the build tools (``osrm/bin/osrm-extract``,
``osrm-contract``) and the routing profiles (``osrm/share/profiles/car.lua``). OSRM was chosen
over Valhalla by measurement (benchmarks/README.md): a 1,000 x 1,000 table in under a second
against about 20 s, and a 55 MB install against about 260 MB.
"""

from __future__ import annotations

from importlib import metadata
from pathlib import Path
from types import ModuleType

from ..errors import LogisticsError

ENGINE = "osrm"
PROFILE = "car"
DISTRIBUTION = "osrm-bindings"
INSTALL_HINT = "pip install 'logistics-opt[roads]' (needs Python 3.12 or newer)"


def osrm_module() -> ModuleType:
    """The ``osrm`` package, or one clear error when the extra is not installed."""
    try:
        import osrm
    except ImportError:
        raise LogisticsError(f"road networks need the OSRM engine, which is not installed: {INSTALL_HINT}") from None
    return osrm


def package_dir() -> Path:
    """The folder of the installed ``osrm`` package, where the wheel keeps its tools and profiles."""
    home = osrm_module().__file__
    if home is None:  # a namespace package of that name, not the wheel
        raise LogisticsError(f"the OSRM installation is incomplete: reinstall it: {INSTALL_HINT}")
    return Path(home).parent


def engine_version() -> str:
    """The installed OSRM version (the wheel's version is the osrm-backend version)."""
    osrm_module()
    return metadata.version(DISTRIBUTION)


def tool(name: str) -> Path:
    """Path of an OSRM command-line tool shipped in the wheel, e.g. ``osrm-extract``."""
    path = package_dir() / "bin" / name
    if not path.is_file():
        raise LogisticsError(f"the OSRM installation has no {name} at {path}: reinstall it: {INSTALL_HINT}")
    return path


def profile() -> Path:
    """The car profile shipped in the wheel."""
    path = package_dir() / "share" / "profiles" / f"{PROFILE}.lua"
    if not path.is_file():
        raise LogisticsError(f"the OSRM installation has no {PROFILE}.lua profile: reinstall it: {INSTALL_HINT}")
    return path
