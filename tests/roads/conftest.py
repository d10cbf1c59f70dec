"""Road-network fixtures: the Kotka extract built once per test session.

The road tests need the ``roads`` extra (osrm-bindings, Python 3.12+). Without it they are skipped,
unless ``LOGISTICS_OPT_REQUIRE_ROADS=1`` (as in ``.ci/run``): then a missing engine fails the run.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

ROADS_DATA = Path(__file__).parent.parent / "data" / "roads"
PBF = ROADS_DATA / "test.osm.pbf"
KOTKA = ROADS_DATA / "kotka"

HAVE_OSRM = importlib.util.find_spec("osrm") is not None
if not HAVE_OSRM and os.environ.get("LOGISTICS_OPT_REQUIRE_ROADS") == "1":
    raise RuntimeError("LOGISTICS_OPT_REQUIRE_ROADS=1 but osrm-bindings is not installed: pip install -e '.[roads]'")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if HAVE_OSRM:
        return
    skip = pytest.mark.skip(reason="the roads extra (osrm-bindings, Python 3.12+) is not installed")
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def road_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture's road folder, built once (about half a second)."""
    from logistics_opt.roads import build_roads

    return build_roads(PBF, tmp_path_factory.mktemp("roads") / "kotka.roads").folder


@pytest.fixture
def kotka_dir(tmp_path: Path) -> Path:
    """A writable copy of tests/data/roads/kotka."""
    dst = tmp_path / "kotka"
    shutil.copytree(KOTKA, dst)
    return dst
