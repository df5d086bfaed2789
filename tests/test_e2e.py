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

    def run(self, *args: str) -> str:
        return subprocess.run(
            args, env=self.env, capture_output=True, text=True, check=True, timeout=20
        ).stdout

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

        time.sleep(0.5)
        shot = tmp_path / "screen.png"
        display.run("import", "-window", "root", str(shot))
        colors = display.run("identify", "-format", "%k", str(shot))
        assert int(colors) > 50, "the screen looks blank"

        display.run("xdotool", "windowfocus", "--sync", window)
        display.run("xdotool", "key", "Right")
        kiosk.wait_for("slide 2/10", timeout=5)

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
