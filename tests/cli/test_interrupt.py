"""Ctrl-C: exit 130 with a message, earlier output untouched, nothing half-written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path


def test_ctrl_c_leaves_earlier_run_intact(tiny_dir: Path, tmp_path: Path) -> None:
    """SIGINT to the whole process group (as a terminal sends it) during solving exits 130 cleanly."""
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
        "30",
        "-j",
        "2",
    ]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    time.sleep(3)  # well inside the 30 s solve
    assert p.poll() is None, "the run ended before it could be interrupted"
    os.killpg(p.pid, signal.SIGINT)
    _, err = p.communicate(timeout=30)
    assert p.returncode == 130, err
    assert "Interrupted" in err and "Traceback" not in err
    assert (out / "plan.json").read_text() == "earlier run"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["run", "tiny"]
