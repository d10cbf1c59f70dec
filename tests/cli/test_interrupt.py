"""Ctrl-C: exit 130 with a message, earlier output untouched, nothing half-written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

SIGINT_BIT = 1 << (signal.SIGINT - 1)


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (from /proc)."""
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(d.name))
    return out


def _catches_sigint(pid: int) -> bool:
    """Whether ``pid`` has a handler for SIGINT (Python's KeyboardInterrupt) rather than the default action."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("SigCgt:"):
            return bool(int(line.split()[1], 16) & SIGINT_BIT)
    return True


def wait_until_solving(p: subprocess.Popen[str], guard_s: float = 120.0) -> list[str]:
    """Read stderr up to the '[logistics-opt] solving' line, then wait until a search worker runs with the
    default SIGINT action (its initializer has run): from then on Ctrl-C finds the run inside its search.
    ``guard_s`` only keeps a broken run from hanging the suite; no timing is asserted."""
    assert p.stderr is not None
    lines = []
    for line in p.stderr:
        lines.append(line)
        if line.startswith("[logistics-opt] solving "):
            break
    else:
        raise AssertionError(f"the run ended before it started solving: {''.join(lines)}")
    end = time.monotonic() + guard_s
    while time.monotonic() < end:
        assert p.poll() is None, "the run ended before it could be interrupted"
        workers = []
        for c in _children(p.pid):
            try:
                workers.append(not _catches_sigint(c))
            except OSError:
                continue  # a process that ended while we looked
        if any(workers):
            return lines
        time.sleep(0.02)
    raise AssertionError("no search worker started")


def test_ctrl_c_leaves_earlier_run_intact(tiny_dir: Path, tmp_path: Path) -> None:
    """SIGINT to the whole process group (as a terminal sends it) while the days are solved on two
    processes exits 130 cleanly: one message from the main process, no traceback from any worker."""
    out = tmp_path / "run"
    out.mkdir()
    (out / "plan.json").write_text("earlier run")
    cmd = [
        sys.executable,
        "-c",
        "from logistics_opt.cli import main; main()",
        "plan",
        str(tiny_dir),
        "--out",
        str(out),
        "--time-limit",
        "60",
        "-j",
        "2",
    ]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        before = wait_until_solving(p)
        os.killpg(p.pid, signal.SIGINT)
        _, err = p.communicate(timeout=60)
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
    err = "".join(before) + err
    assert p.returncode == 130, err
    assert "Interrupted" in err and "Traceback" not in err, err
    assert (out / "plan.json").read_text() == "earlier run"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["run", "tiny"]


def test_an_error_after_ctrl_c_is_reported_as_the_interrupt(monkeypatch, tiny_dir: Path, tmp_path: Path) -> None:
    """Ctrl-C can break a worker pool while it starts; the pool's shutdown then raises its own error
    ("cannot join thread before it is started"). That is the interrupt's echo: exit 130, one line."""
    from click.testing import CliRunner

    from logistics_opt.cli import cli, common

    plan_cli = sys.modules["logistics_opt.cli.plan"]  # the module; the package's ``plan`` is the command

    def interrupted_pool(*args, **kwargs):
        common.INTERRUPTED.set()
        raise RuntimeError("cannot join thread before it is started")

    monkeypatch.setattr(plan_cli, "run_plan", interrupted_pool)
    try:
        r = CliRunner().invoke(cli, ["plan", str(tiny_dir), "--out", str(tmp_path / "run")])
    finally:
        common.INTERRUPTED.clear()
    assert r.exit_code == 130, r.output
    assert r.output.strip() == "Interrupted: nothing was written (earlier output is as it was)."
