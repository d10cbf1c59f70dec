"""docs/cli.md is the current `--help` of every command, and README.md's command table names every
command the CLI has (and none it lacks)."""

from __future__ import annotations

import re
from pathlib import Path

import click

from logistics_opt.cli import cli
from logistics_opt.cli.reference import REGENERATE, commands, markdown

ROOT = Path(__file__).resolve().parents[2]


def test_cli_reference_is_current() -> None:
    stored = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert stored == markdown(cli), (
        f"docs/cli.md is stale: regenerate it with `{REGENERATE}` (from the repository root)"
    )


def test_reference_lists_every_command_and_option() -> None:
    text = markdown(cli)
    for path, command in commands(cli):
        name = " ".join(path)
        assert f"\n## logistics-opt {name}\n" in text, name
        section = text.split(f"\n## logistics-opt {name}\n", 1)[1].split("\n## ", 1)[0]
        for param in command.params:
            if isinstance(param, click.Option) and not param.hidden:
                for opt in param.opts:
                    assert re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])", section), (name, opt)


def documented(cell: str) -> set[tuple[str, ...]]:
    """The command paths a table cell such as ``logistics-opt bench cvrp\\|pvrp FILES...`` names:
    the lower-case words after ``logistics-opt``, ``a|b`` naming both."""
    words = cell.strip().strip("`").replace("\\|", "|").split()
    assert words and words[0] == "logistics-opt", cell
    paths: set[tuple[str, ...]] = {()}
    for word in words[1:]:
        alternatives = word.split("|")
        if not all(re.fullmatch(r"[a-z][a-z-]*", a) for a in alternatives):
            break
        paths = {(*p, a) for p in paths for a in alternatives}
    return paths


def readme_table() -> set[tuple[str, ...]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## The commands\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `logistics-opt")]
    return {path for row in rows for path in documented(re.split(r"(?<!\\)\|", row)[1])}


def test_documented_reads_alternatives_and_stops_at_arguments() -> None:
    assert documented("`logistics-opt bench cvrp\\|pvrp FILES... --out OUT.json`") == {
        ("bench", "cvrp"),
        ("bench", "pvrp"),
    }
    assert documented("`logistics-opt plan DATA --out DIR [--frequencies current\\|optimise]`") == {("plan",)}


def test_readme_command_table_names_every_command() -> None:
    leaves = {path for path, command in commands(cli) if not isinstance(command, click.Group)}
    table = readme_table()
    missing = sorted(" ".join(p) for p in leaves - table)
    unknown = sorted(" ".join(p) for p in table - leaves)
    assert not missing, f"README.md's command table ('## The commands') misses: {missing}"
    assert not unknown, f"README.md's command table names commands the CLI lacks: {unknown}"
