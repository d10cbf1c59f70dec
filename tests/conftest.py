"""Shared fixtures: the tiny hand-checkable network and a temporary distance cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.factories import ROOT, TINY


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


@pytest.fixture(autouse=True)
def _plans_follow_the_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every plan the suite writes through the run-folder writer is validated against docs/plan.schema.json."""
    import json

    import jsonschema

    from logistics_opt.reports import registry

    schema = json.loads((ROOT / "docs" / "plan.schema.json").read_text(encoding="utf-8"))
    real = registry.write_run_folder

    def checked(plan, *args, **kwargs):
        jsonschema.validate(plan.to_dict(), schema)
        return real(plan, *args, **kwargs)

    monkeypatch.setattr(registry, "write_run_folder", checked)  # every run folder written with its reports
