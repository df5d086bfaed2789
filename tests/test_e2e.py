"""End to end: the real `kiosk` program in a real X window (Xvfb, no window manager),
driven with real key events from xdotool, as on a bare Linux kiosk session."""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import CONTENT, ROOT

pytestmark = pytest.mark.e2e
TOOLS = ("Xvfb", "xdotool", "import")
missing = [tool for tool in TOOLS if shutil.which(tool) is None]
if missing and not os.environ.get("CI"):
    pytest.skip(f"needs {', '.join(missing)} (CI installs them)", allow_module_level=True)


class Display:
    """An Xvfb server on a free display number, with no window manager."""

    def __init__(self, size: str = "1920x1080") -> None:
        read, write = os.pipe()
        self.proc = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
            pass_fds=(write,),
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as pipe:
            self.name = f":{pipe.readline().strip()}"
        self.env = {**os.environ, "DISPLAY": self.name, "QT_QPA_PLATFORM": "xcb"}

    def run(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(
            args, env=self.env, capture_output=True, text=True, check=check, timeout=20
        )
        return result.stdout or result.stderr

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


class Kiosk:
    """The real program, with its log lines collected as they come."""

    def __init__(self, display: Display, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "--content", str(CONTENT), *args],
            cwd=ROOT,
            env=display.env,
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stderr:
            self.lines.put(line)

    def wait_for(self, text: str, timeout: float = 20) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            self.log.append(line)
            if text in line:
                return line
        raise AssertionError(f"no {text!r} in the log within {timeout} s:\n{''.join(self.log)}")


TEAL = (0x19, 0xC3, 0xB1)
BORDER = (0x24, 0x49, 0x7F)  # the outline of a language button that is not selected


def language_pill(display: Display, shot: Path, position: int) -> tuple[int, int]:
    """Screen centre of the language button at `position` (0 = the selected, teal one)."""
    from PySide6.QtGui import QColor, QImage

    display.run("import", "-window", "root", str(shot))
    image = QImage(str(shot))

    def near(x: int, y: int, rgb: tuple[int, int, int]) -> bool:
        c = QColor(image.pixel(x, y))
        return abs(c.red() - rgb[0]) + abs(c.green() - rgb[1]) + abs(c.blue() - rgb[2]) < 12

    def runs(y: int, rgb: tuple[int, int, int]) -> list[tuple[int, int]]:
        found, start = [], None
        for x in range(image.width()):
            if near(x, y, rgb):
                start = x if start is None else start
            elif start is not None:
                if x - start > 20:
                    found.append((start, x))
                start = None
        return found

    for y in range(0, image.height() // 5):  # the top bar
        teal = runs(y, TEAL)
        if teal and teal[0][1] - teal[0][0] > 60:
            top = y
            break
    else:
        raise AssertionError("no selected language button on the screen")
    # The other buttons' top outlines run along the same line as the teal button's top.
    outlines = max(
        ([r for r in runs(y, BORDER) if r[0] > teal[0][1]] for y in range(top - 2, top + 4)),
        key=len,
    )
    pills = [teal[0], *outlines]
    start, end = pills[position]
    return (start + end) // 2, top + 24


@pytest.fixture
def display():
    d = Display()
    yield d
    d.close()


def test_kiosk_in_a_real_x_window(display, tmp_path: Path):
    kiosk = Kiosk(display)
    try:
        kiosk.wait_for("slide 1/10 welcome")
        window = ""
        for _ in range(100):
            result = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--name", "Park Kiosk"],
                env=display.env,
                capture_output=True,
                text=True,
            )
            window = result.stdout.split()[0] if result.stdout.split() else ""
            if window:
                break
            time.sleep(0.1)
        assert window, "the kiosk window never appeared"
        geometry = dict(
            line.split("=")
            for line in display.run("xdotool", "getwindowgeometry", "--shell", window).split()
        )
        assert (geometry["X"], geometry["Y"]) == ("0", "0")
        assert (geometry["WIDTH"], geometry["HEIGHT"]) == ("1920", "1080")

        time.sleep(1.0)
        shot = tmp_path / "screen.png"
        display.run("import", "-window", "root", str(shot))
        colors = display.run("identify", "-format", "%k", str(shot))
        assert int(colors) > 50, "the screen looks blank"

        display.run("xdotool", "windowfocus", "--sync", window)
        display.run("xdotool", "key", "Right")
        kiosk.wait_for("slide 2/10", timeout=5)
        time.sleep(0.8)  # the transition ends before the screen is read

        # A visitor taps "English" in the language bar: found on the screen itself, as the
        # third pill of the row whose first pill is the teal, selected one.
        x, y = language_pill(display, tmp_path / "before.png", position=2)
        display.run("xdotool", "mousemove", str(x), str(y), "click", "1")
        kiosk.wait_for("language en", timeout=5)
        time.sleep(0.8)  # let the title settle before comparing
        display.run("import", "-window", "root", str(tmp_path / "after.png"))
        changed = display.run(
            "compare",
            "-metric",
            "AE",
            "-crop",
            "1920x200+0+110",
            str(tmp_path / "before.png"),
            str(tmp_path / "after.png"),
            "null:",
            check=False,
        )
        assert int(float(changed.split()[0])) > 1000, "the slide's texts did not change"
        assert not [line for line in kiosk.log if "slide 3/" in line], "the slide moved"

        # 3 s in, the real program builds the charts' plots while idle (pyqtgraph included)
        kiosk.wait_for("charts ready: 5 plots", timeout=20)

        display.run("xdotool", "key", "Escape")
        display.run("xdotool", "key", "alt+F4")
        time.sleep(1.0)
        assert kiosk.proc.poll() is None, "Escape or Alt+F4 closed the kiosk"

        display.run("xdotool", "key", "ctrl+shift+q")
        started = time.monotonic()
        kiosk.proc.wait(timeout=5)
        assert time.monotonic() - started < 1.0
        assert kiosk.proc.returncode == 0
    finally:
        if kiosk.proc.poll() is None:
            kiosk.proc.kill()
