"""Hypothesis-driven mutations of valid input: accepted, or one clean Error: line. Never a traceback."""

from __future__ import annotations

import random
import shutil

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from logistics_opt.cli import cli
from tests.factories import TINY
from tests.mutate import mutate_csv, mutate_toml

FILES = ["branches.csv", "requests.csv", "fleet.csv", "settings.toml"]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(FILES), st.integers(0, 2**32 - 1), st.integers(1, 3))
def test_mutated_input_never_crashes(tmp_path_factory, name: str, seed: int, edits: int) -> None:
    """validate on a mutated folder exits 0, or 1 with exactly one 'Error:' line."""
    d = tmp_path_factory.mktemp("m")
    shutil.copytree(TINY, d, dirs_exist_ok=True)
    rng = random.Random(seed)
    p = d / name
    for _ in range(edits):
        text = p.read_text(encoding="utf-8", errors="replace")
        p.write_text(mutate_toml(text, rng) if name.endswith(".toml") else mutate_csv(text, rng), encoding="utf-8")
    r = CliRunner().invoke(cli, ["validate", str(d)])
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert "Traceback" not in r.output and "internal error" not in r.output, r.output
    if r.exit_code != 0:
        lines = r.output.strip().splitlines()
        assert r.exit_code == 1 and len(lines) == 1 and lines[0].startswith("Error: "), r.output
