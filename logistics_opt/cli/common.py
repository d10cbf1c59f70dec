"""What every command shares: the click group that turns errors into one line, the exit codes,
the shared options (one spelling and one meaning everywhere) and the progress printer."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import click

from ..errors import LogisticsError
from ..progress import Reporter, printer
from ..routing import ENGINES
from ..routing.stop import (
    DEFAULT_CAP_S,
    DEFAULT_ROUNDS,
    DEFAULT_SOLUTION_LIMIT,
    DEFAULT_TIME_S,
    STOPS,
    StopRule,
    StopRuleError,
)

#: Exit codes (README "Exit status").
EXIT_OK = 0
EXIT_ERROR = 1  # bad input (one ``Error:`` line) or a failure
EXIT_USAGE = 2  # click's usage errors
EXIT_INCOMPLETE = 3  # written, but some visits could not be served
EXIT_INTERRUPTED = 130  # Ctrl-C: nothing written

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


#: Set once Ctrl-C reached this process (see :func:`watch_interrupts`).
INTERRUPTED = threading.Event()


def watch_interrupts() -> None:
    """Remember a Ctrl-C before raising KeyboardInterrupt, so a worker pool that Ctrl-C broke first is
    reported as the interrupt it is (exit 130), not as a failure."""

    def handler(signum: int, frame: object) -> None:
        INTERRUPTED.set()
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, handler)


def _interrupted(ctx: click.Context) -> None:
    click.echo("Interrupted: nothing was written (earlier output is as it was).", err=True)
    ctx.exit(EXIT_INTERRUPTED)


class Group(click.Group):
    """Turns every library error into one ``Error:`` line; never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LogisticsError as e:
            raise click.ClickException(str(e)) from None
        except KeyboardInterrupt:
            _interrupted(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenProcessPool:
            if not INTERRUPTED.is_set():
                raise click.ClickException("a worker process died (out of memory?); nothing was written") from None
            # Ctrl-C reached a worker first: its pool broke before the interrupt reached us.
            _interrupted(ctx)
        except OSError as e:  # the disk: full, read-only, a folder in the way
            where = f" {e.filename}" if e.filename else ""
            raise click.ClickException(f"cannot write{where}: {e.strerror or e}; nothing was written") from None
        except Exception as e:  # a bug: still one line, unless debugging
            if INTERRUPTED.is_set():
                # Ctrl-C came first and this is its echo, e.g. a worker pool interrupted while it started
                # ("cannot join thread before it is started" from its shutdown).
                _interrupted(ctx)
            if os.environ.get("LOGISTICS_OPT_DEBUG"):
                raise
            raise click.ClickException(
                f"internal error: {type(e).__name__}: {e} (set LOGISTICS_OPT_DEBUG=1 for details; please report)"
            ) from None


def progress_for(silent: bool) -> Reporter | None:
    """The progress of a command: messages and bars on stderr (None with ``--silent``)."""
    return printer(silent)


def lang_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--lang``: the language of route sheets, calendar, map and report (default: settings.toml's)."""
    return click.option(
        "--lang",
        type=click.Choice(["en", "nl"], case_sensitive=False),
        default=None,
        callback=lambda _ctx, _param, v: v.lower() if v else None,
        help="Language of route sheets, calendar, map and report: en or nl "
        "(default: 'language' in settings.toml, else en).",
    )(f)


def silent_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--silent", is_flag=True, help="No progress messages on stderr.")(f)


def jobs_option(what: str) -> Decorator:
    """``--jobs/-j``: processes working at once, the same meaning in every command (0: one per core).
    ``--workers`` is the older spelling of ``plan``'s option and still works."""

    def wrap(f: Callable[..., Any]) -> Callable[..., Any]:
        return click.option(
            "--jobs",
            "--workers",
            "-j",
            "jobs",
            type=click.IntRange(0, 64),
            default=0,
            show_default=True,
            help=f"Processes working at once on {what} (0: one per core).",
        )(f)

    return wrap


def roads_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--roads DIR``: road km and drive minutes from a road folder (``logistics-opt roads build``)."""
    return click.option(
        "--roads",
        type=click.Path(file_okay=False, exists=True, path_type=Path),
        default=None,
        help="Road folder made by 'logistics-opt roads build': real road km and drive minutes "
        "(overrides roads = in settings.toml; default: crow-fly x detour_factor).",
    )(f)


def consistent_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--consistent``: master routes, each branch on one van at one time all week."""
    return click.option(
        "--consistent",
        is_flag=True,
        help="Master routes: every branch keeps its van and its time all week ([consistency] in settings.toml; "
        "without that table: the same van, service starting within 60 minutes over the week).",
    )(f)


def seed_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--seed",
        type=int,
        default=0,
        show_default=True,
        help="Seed: with --stop work (or --solution-limit) the same seed gives the same plan.",
    )(f)


def repeats_option(default: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--repeats K``; ``default`` says in the help what applies without it."""
    return click.option(
        "--repeats",
        type=click.IntRange(1, 20),
        default=None,
        help="Solve each run with this many seeds and keep the best; the spread of their costs is the run's "
        f"noise band in the report (default: {default}).",
    )


def solve_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by every command that solves one data folder."""
    f = silent_option(f)
    f = jobs_option("the days")(f)
    f = click.option(
        "--engine",
        type=click.Choice(ENGINES),
        default="ortools",
        show_default=True,
        help="Routing engine (pyvrp/best need the pyvrp extra; with it, ortools runs PyVRP's search beside its own on time-limited days of more than 150 stops).",
    )(f)
    f = seed_option(f)
    return stop_options(
        "time", f"Wall-clock seconds for the whole week (default {DEFAULT_TIME_S:g}; with --stop work a cap)."
    )(f)


def stop_options(default: str, time_help: str) -> Decorator:
    """``--stop``, ``--solution-limit``, ``--rounds`` and ``--time-limit``: how a run stops, spelled the same in
    every command (and as ``stop``, ``solution_limit``, ``rounds``, ``time_limit`` in scenario files); read
    them with :func:`stop_rule`. ``default`` is the command's stop without one named."""

    def wrap(f: Callable[..., Any]) -> Callable[..., Any]:
        f = click.option(
            "--rounds",
            type=click.IntRange(1, None),
            default=None,
            help="Ruin-and-recreate rounds per search after the first search (default: a quarter of "
            f"--solution-limit, {DEFAULT_ROUNDS} with --stop work alone). Implies --stop work.",
        )(f)
        f = click.option(
            "--solution-limit",
            type=click.IntRange(1, None),
            default=None,
            help="Stop each day's first search after this many solutions, then run the rounds "
            f"(default with --stop work: {DEFAULT_SOLUTION_LIMIT}). Implies --stop work.",
        )(f)
        f = click.option(
            "--stop",
            type=click.Choice(STOPS),
            default=None,
            help="work: stop on counted work, the same plan on any machine (the time limit only a cap); "
            "time: search for the time limit (default: "
            + ("work)." if default == "work" else f"work with --solution-limit or --rounds, else {default})."),
        )(f)
        return click.option("--time-limit", type=click.FloatRange(0.1, None), default=None, help=time_help)(f)

    return wrap


def stop_rule(
    stop: str | None,
    time_limit: float | None,
    solution_limit: int | None,
    rounds: int | None,
    *,
    default: str,
    cap_s: float = DEFAULT_CAP_S,
) -> StopRule:
    """The stopping rule the options of :func:`stop_options` name (a usage error when they contradict)."""
    try:
        return StopRule.named(
            stop,
            time_limit_s=time_limit,
            solution_limit=solution_limit,
            rounds=rounds,
            default=default,
            cap_s=cap_s,
            style="option",
        )
    except StopRuleError as e:
        raise click.UsageError(str(e)) from None
