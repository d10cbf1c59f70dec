"""Progress: a tqdm bar on a terminal, plain lines otherwise, nothing when silent."""

from __future__ import annotations

import io

from logistics_opt.progress import Reporter, as_reporter


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def work(p: Reporter) -> None:
    p.say("distances: 5 places")
    with p.bar(3, "solving days") as bar:
        for day in ("mon", "tue", "wed"):
            bar.advance(note=f"{day}: 2 routes")
            if day == "tue":
                bar.say("halfway")


def test_plain_lines_when_not_a_terminal() -> None:
    """Each step is one line with done/total and the time left; messages are lines too."""
    out = io.StringIO()
    work(Reporter(stream=out))
    lines = out.getvalue().splitlines()
    assert lines[0] == "[logistics-opt] distances: 5 places"
    assert lines[1].startswith("[logistics-opt] solving days: 1/3, ") and "left (mon: 2 routes)" in lines[1]
    assert lines[3] == "[logistics-opt] halfway"
    assert lines[4].startswith("[logistics-opt] solving days: 3/3, ") and "left" not in lines[4]
    assert "\r" not in out.getvalue() and len(lines) == 5


def test_bar_on_a_terminal() -> None:
    """On a terminal tqdm draws the bar with the count and the time left; messages print above it."""
    out = Terminal()
    work(Reporter(stream=out))
    text = out.getvalue()
    assert "\r" in text and "3/3" in text and "<" in text and "wed: 2 routes" in text
    assert "[logistics-opt] halfway\n" in text and "solving days: 1/3," not in text


def test_silent_prints_nothing() -> None:
    """--silent: no line and no bar."""
    out, tty = io.StringIO(), Terminal()
    work(Reporter(silent=True, stream=out))
    work(Reporter(silent=True, stream=tty))
    assert out.getvalue() == "" and tty.getvalue() == ""


def test_as_reporter() -> None:
    """A bare callable gets plain lines; None gets silence; a Progress stays itself."""
    got: list[str] = []
    work(as_reporter(got.append))
    assert got[0] == "distances: 5 places" and got[1].startswith("solving days: 1/3")
    assert as_reporter(None).silent
    p = Reporter()
    assert as_reporter(p) is p
