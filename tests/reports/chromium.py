"""A small headless-Chromium driver for page tests, over the DevTools protocol on a pipe.

Chromium is started with ``--remote-debugging-pipe``: it reads commands on fd 3 and writes
replies and events on fd 4, each a JSON message ended by a NUL byte. No websocket library and no
browser download are needed, only Debian's ``chromium``. Console errors are collected from
``Runtime.consoleAPICalled`` (error), ``Runtime.exceptionThrown`` and ``Log.entryAdded`` (error).
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Any

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--mute-audio",
    "--remote-debugging-pipe",
]


def find_chromium() -> str | None:
    """Debian's ``chromium`` (or another Chromium/Chrome on PATH)."""
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class Browser:
    """``with Browser() as b: page = b.open(url)``; every wait is bounded by ``timeout`` seconds."""

    def __init__(
        self, executable: str | None = None, extra_flags: list[str] | None = None, timeout: float = 30.0
    ) -> None:
        self.executable = executable or find_chromium()
        if self.executable is None:
            raise RuntimeError("no chromium on PATH")
        self.extra_flags = extra_flags or []
        self.timeout = timeout
        self._next = 0
        self._replies: dict[int, queue.Queue[dict[str, Any]]] = {}
        self._lock = threading.Lock()
        self.events: list[dict[str, Any]] = []
        self._event_cv = threading.Condition()

    def __enter__(self) -> Browser:
        self.profile = tempfile.mkdtemp(prefix="chromium-test-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def wire() -> None:  # in the child: fd 3 = commands in, fd 4 = replies out (via fds >= 10: no clash)
            r, w = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 10), fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 10)
            os.dup2(r, 3)
            os.dup2(w, 4)

        self.proc = subprocess.Popen(
            [self.executable, *FLAGS, *self.extra_flags, f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=wire,
            close_fds=False,
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.call("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_child)
        shutil.rmtree(self.profile, ignore_errors=True)

    def _read(self) -> None:
        buf = b""
        while True:
            try:
                chunk = os.read(self._from_child, 1 << 16)
            except OSError:
                return
            if not chunk:
                return
            buf += chunk
            while b"\0" in buf:
                raw, buf = buf.split(b"\0", 1)
                msg = json.loads(raw)
                if "id" in msg and msg["id"] in self._replies:
                    self._replies[msg["id"]].put(msg)
                else:
                    with self._event_cv:
                        self.events.append(msg)
                        self._event_cv.notify_all()

    def call(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        """Send one command and wait for its reply; a protocol error raises."""
        with self._lock:
            self._next += 1
            mid = self._next
            self._replies[mid] = queue.Queue()
        msg: dict[str, Any] = {"id": mid, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_child, json.dumps(msg).encode() + b"\0")
        reply = self._replies[mid].get(timeout=self.timeout)
        del self._replies[mid]
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def wait_event(self, method: str, session: str | None = None) -> dict[str, Any]:
        """The first event ``method`` (of ``session``) received so far or within the timeout."""

        def match() -> dict[str, Any] | None:
            return next(
                (
                    e
                    for e in self.events
                    if e.get("method") == method and (session is None or e.get("sessionId") == session)
                ),
                None,
            )

        with self._event_cv:
            if not self._event_cv.wait_for(lambda: match() is not None, timeout=self.timeout):
                raise TimeoutError(f"no {method} within {self.timeout} s")
            return match()  # type: ignore[return-value]

    def open(self, url: str, width: int = 1200, height: int = 800, offline: bool = False) -> Page:
        """A new tab showing ``url`` after its load event; ``offline`` emulates no network (navigator.onLine false)."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Runtime", "Log", "Page", "Network"):
            self.call(f"{domain}.enable", session=session)
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
            session,
        )
        if offline:
            self.call(
                "Network.emulateNetworkConditions",
                {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
                session,
            )
        self.call("Page.navigate", {"url": url}, session)
        self.wait_event("Page.loadEventFired", session)
        return Page(self, session)


class Page:
    """One tab: evaluate JavaScript, take screenshots, read its console errors."""

    def __init__(self, browser: Browser, session: str) -> None:
        self.browser, self.session = browser, session

    def js(self, expression: str) -> Any:
        """The value of ``expression`` (promises awaited); a JS exception raises."""
        r = self.browser.call(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True}, self.session
        )
        if "exceptionDetails" in r:
            raise RuntimeError(f"JS error: {r['exceptionDetails']}")
        return r["result"].get("value")

    def screenshot(self, path: Path | None = None) -> bytes:
        png = base64.b64decode(self.browser.call("Page.captureScreenshot", {"format": "png"}, self.session)["data"])
        if path is not None:
            path.write_bytes(png)
        return png

    def console_errors(self, include_network: bool = True) -> list[str]:
        """Console errors and uncaught exceptions so far (``include_network``: also failed requests)."""
        out = []
        for e in self.browser.events:
            if e.get("sessionId") != self.session:
                continue
            p = e.get("params", {})
            if e["method"] == "Runtime.exceptionThrown":
                out.append(f"exception: {p['exceptionDetails'].get('exception', {}).get('description', p)}")
            elif e["method"] == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append("console.error: " + " ".join(str(a.get("value", a.get("description"))) for a in p["args"]))
            elif e["method"] == "Log.entryAdded" and p["entry"]["level"] == "error":
                if include_network or p["entry"].get("source") != "network":
                    out.append(f"log ({p['entry'].get('source')}): {p['entry']['text']} {p['entry'].get('url', '')}")
        return out
