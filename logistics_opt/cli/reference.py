"""The CLI reference, ``docs/cli.md``: every command's and subcommand's ``--help``, as click prints it
(in the manner of sqlite-utils' generated reference). ``tests/cli/test_reference.py`` fails when the
file is stale. Regenerate it with::

    .venv/bin/python -m logistics_opt.cli.reference docs/cli.md
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from click.testing import CliRunner

from . import cli

#: The command that rewrites docs/cli.md, from the repository root.
REGENERATE = ".venv/bin/python -m logistics_opt.cli.reference docs/cli.md"

#: Help is wrapped at this width whatever the terminal, so the file does not depend on it.
WIDTH = 100


def commands(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    """Every visible command under ``group`` as (path of names, command), each group before its
    subcommands, in the order ``--help`` lists them."""
    ctx = click.Context(group, info_name=path[-1] if path else "logistics-opt")
    found: list[tuple[tuple[str, ...], click.Command]] = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        found.append(((*path, name), command))
        if isinstance(command, click.Group):
            found.extend(commands(command, (*path, name)))
    return found


def help_text(group: click.Group, path: tuple[str, ...]) -> str:
    """What ``logistics-opt PATH... --help`` prints, at :data:`WIDTH` columns."""
    result = CliRunner().invoke(group, [*path, "--help"], prog_name="logistics-opt", terminal_width=WIDTH)
    if result.exit_code != 0:
        raise RuntimeError(f"logistics-opt {' '.join(path)} --help failed: {result.output}")
    return result.output.rstrip() + "\n"


def markdown(group: click.Group) -> str:
    """The whole reference: an index of the commands, then each command's help."""
    found = commands(group)
    lines = [
        "# Command-line reference",
        "",
        "<!-- Generated from `--help` by logistics_opt/cli/reference.py; do not edit by hand.",
        f"     Regenerate: {REGENERATE} -->",
        "",
        "Every command and subcommand of `logistics-opt`, with every option, exactly as `--help` prints it.",
        "",
    ]
    for path, command in found:
        name = " ".join(path)
        lines.append(f"- [`logistics-opt {name}`](#{anchor(name)}): {command.get_short_help_str(limit=90)}")
    sections = [("", group), *((" ".join(path), command) for path, command in found)]
    for name, _command in sections:
        title = f"logistics-opt {name}".strip()
        lines += ["", f"## {title}", "", "```", help_text(group, tuple(name.split())).rstrip("\n"), "```"]
    return "\n".join(lines) + "\n"


def anchor(name: str) -> str:
    """GitHub's anchor of the heading ``logistics-opt NAME``."""
    return "logistics-opt-" + name.replace(" ", "-")


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    text = markdown(cli)
    if args:
        Path(args[0]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
