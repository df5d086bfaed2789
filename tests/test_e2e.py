"""End to end: the real `kiosk` program in a real X window (Xvfb, no window manager),
driven with real key events from xdotool, as on a bare Linux kiosk session. On the MINI
fixture deck: counts and languages come from it; every wait is for a log line, a window or
the screen itself, never a fixed time."""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import MINI, start_kiosk, wait_for

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

    def __init__(self, display: Display, *args: str, content: Path = MINI) -> None:
        self.proc = start_kiosk("--content", str(content), *args, env=display.env)
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

    def wait_until(self, seen: Callable[[list[str]], bool], what: str, timeout: float = 20) -> None:
        """Reads the log until `seen(lines read so far)` holds."""
        end = time.monotonic() + timeout
        while not seen(self.log):
            if time.monotonic() > end:
                raise AssertionError(f"not {what} within {timeout} s:\n{''.join(self.log)}")
            try:
                self.log.append(self.lines.get(timeout=0.1))
            except queue.Empty:
                continue


TEAL = (0x19, 0xC3, 0xB1)
BORDER = (0x58, 0x7A, 0xAB)  # the outline of a language button not selected: theme.SURFACE_LINE


def language_pill(display: Display, shot: Path, position: int, count: int) -> tuple[int, int]:
    """Screen centre of the language button at `position` in the bar of `count` buttons, as
    found on the screen: one teal (selected) pill and outlined ones on the same line."""
    pills, _selected, top = language_pills(display, shot)
    assert len(pills) == count, f"found {len(pills)} language buttons, not {count}: {pills}"
    start, end = pills[position]
    return (start + end) // 2, top + 24


def language_pills(display: Display, shot: Path) -> tuple[list[tuple[int, int]], int, int]:
    """The language buttons on the screen, left to right, as (left, right) pixel spans;
    which of them is selected (teal); the y of their top edge."""
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
    outlines = max((runs(y, BORDER) for y in range(top - 2, top + 4)), key=len)
    pills = sorted([teal[0], *outlines])
    return pills, pills.index(teal[0]), top


def settled(display: Display, shot: Path) -> Path:
    """Screenshots into `shot` until two in a row are the same (a transition is over)."""
    previous = shot.with_name(shot.stem + "-previous.png")
    display.run("import", "-window", "root", str(previous))

    def same() -> bool:
        display.run("import", "-window", "root", str(shot))
        diff = display.run(
            "compare", "-metric", "AE", str(previous), str(shot), "null:", check=False
        )
        if int(float(diff.split()[0])) == 0:
            return True
        shutil.copyfile(shot, previous)
        return False

    wait_for(same, timeout=20, what="the screen to settle")
    return shot


@pytest.fixture
def display():
    d = Display()
    yield d
    d.close()


def test_kiosk_in_a_real_x_window(display, tmp_path: Path):
    deck = json.loads(MINI.read_text(encoding="utf-8"))
    slides = deck["slides"]
    codes = [lang["code"] for lang in deck["languages"]]
    other = next(code for code in codes if code != deck["default_language"])
    kiosk = Kiosk(display)
    try:
        kiosk.wait_for("window healthy")  # the first slide is not logged: it is where it starts

        def kiosk_window() -> str:
            found = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--name", "Park Kiosk"],
                env=display.env,
                capture_output=True,
                text=True,
            ).stdout.split()
            return found[0] if found else ""

        window = wait_for(kiosk_window, timeout=10, what="the kiosk window to appear")
        geometry = dict(
            line.split("=")
            for line in display.run("xdotool", "getwindowgeometry", "--shell", window).split()
        )
        assert (geometry["X"], geometry["Y"]) == ("0", "0")
        assert (geometry["WIDTH"], geometry["HEIGHT"]) == ("1920", "1080")

        shot = tmp_path / "screen.png"

        def colours() -> int:
            display.run("import", "-window", "root", str(shot))
            return int(display.run("identify", "-format", "%k", str(shot))) > 50

        wait_for(colours, timeout=20, what="the screen to show more than a blank")

        display.run("xdotool", "windowfocus", "--sync", window)
        display.run("xdotool", "key", "Right")
        kiosk.wait_for(f"slide 2/{len(slides)}", timeout=5)
        settled(display, tmp_path / "before.png")  # the transition ends before it is read

        # A visitor taps another language in the language bar: found on the screen itself,
        # in the row of pills whose selected one is teal.
        x, y = language_pill(display, tmp_path / "before.png", codes.index(other), len(codes))
        display.run("xdotool", "mousemove", str(x), str(y), "click", "1")
        kiosk.wait_for(f"language {other}", timeout=5)
        settled(display, tmp_path / "after.png")  # the title settles before comparing
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
        ready = "charts ready:"  # perhaps read already, while waiting for another line
        kiosk.wait_until(lambda log: any(ready in line for line in log), ready, timeout=20)

        display.run("xdotool", "key", "Escape")
        display.run("xdotool", "key", "alt+F4")
        # A key after them: once it has moved the slide, the kiosk has handled both.
        display.run("xdotool", "key", "Right")
        kiosk.wait_for(f"slide 3/{len(slides)}", timeout=10)
        assert kiosk.proc.poll() is None, "Escape or Alt+F4 closed the kiosk"

        display.run("xdotool", "key", "ctrl+shift+q")
        assert kiosk.proc.wait(timeout=20) == 0  # it quits, and cleanly
    finally:
        if kiosk.proc.poll() is None:
            kiosk.proc.kill()


# --- #14: the attract cue, the long idle's language, a tap on a chart -------------------


def screen(display: Display, shot: Path):
    from PySide6.QtGui import QImage

    display.run("import", "-window", "root", str(shot))
    return QImage(str(shot))


def near(image, x: int, y: int, rgb: tuple[int, int, int], within: int = 40) -> bool:
    c = image.pixelColor(x, y)
    return abs(c.red() - rgb[0]) + abs(c.green() - rgb[1]) + abs(c.blue() - rgb[2]) < within


def cue_ink(image) -> int:
    """White pixels (text) in the middle of the bottom bar, where the attract cue covers the
    dots: without it, only the dots are there (teal and muted, never white)."""
    w, h = image.width(), image.height()
    return sum(
        image.pixelColor(x, y).lightness() > 225
        for y in range(h * 87 // 100, h, 2)
        for x in range(w // 2 - 360, w // 2 + 360, 2)
    )


def start(display: Display, kiosk: Kiosk, tmp_path: Path) -> str:
    """Waits for the kiosk's first slide on the screen; returns its X window."""
    kiosk.wait_for("window healthy")

    def kiosk_window() -> str:
        found = display.run(
            "xdotool", "search", "--onlyvisible", "--name", "Park Kiosk", check=False
        )
        return found.split()[0] if found.split() and found.split()[0].isdigit() else ""

    window = wait_for(kiosk_window, timeout=10, what="the kiosk window to appear")
    shot = tmp_path / "start.png"

    def colours() -> bool:
        display.run("import", "-window", "root", str(shot))
        return int(display.run("identify", "-format", "%k", str(shot))) > 50

    wait_for(colours, timeout=20, what="the screen to show more than a blank")
    display.run("xdotool", "windowfocus", "--sync", window)
    return str(window)


def click(display: Display, x: int, y: int) -> None:
    display.run("xdotool", "mousemove", str(x), str(y), "click", "1")


def test_the_attract_cue_is_on_screen_until_a_touch(display, tmp_path: Path):
    deck = json.loads(MINI.read_text(encoding="utf-8"))
    codes = [lang["code"] for lang in deck["languages"]]
    kiosk = Kiosk(display)
    try:
        start(display, kiosk, tmp_path)
        # It fades between languages every few seconds: the most ink of a few screens.
        shown = wait_for(
            lambda: cue_ink(screen(display, tmp_path / "cue.png")) > 150,
            timeout=20, what="the attract cue on the screen",
        )  # fmt: skip
        assert shown
        # A touch that turns no page: the language already selected.
        _pills, selected, _top = language_pills(display, tmp_path / "bar.png")
        x, y = language_pill(display, tmp_path / "bar.png", selected, len(codes))
        click(display, x, y)
        gone = tmp_path / "gone.png"
        wait_for(lambda: cue_ink(screen(display, gone)) == 0, timeout=10, what="the cue to go")
        for _ in range(3):  # and it stays gone (it would fade in again within 5 s)
            settled(display, gone)
            assert cue_ink(screen(display, gone)) == 0
        assert not [line for line in kiosk.log if "slide 2/" in line], "the touch turned a page"
        display.run("xdotool", "key", "ctrl+shift+q")
        assert kiosk.proc.wait(timeout=20) == 0
    finally:
        if kiosk.proc.poll() is None:
            kiosk.proc.kill()


def test_started_in_english_the_long_idle_comes_home_in_english(display, tmp_path: Path):
    # A deck whose own default is not English, so that only --lang can bring English back.
    folder = tmp_path / "deck"
    shutil.copytree(MINI.parent, folder)
    deck = json.loads(MINI.read_text(encoding="utf-8"))
    deck["default_language"] = "zh_Hans"
    content = folder / MINI.name
    content.write_text(json.dumps(deck, ensure_ascii=False), encoding="utf-8")
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"idle_resume": 1, "idle_home": 2, "interval": 3}))
    codes = [lang["code"] for lang in deck["languages"]]
    slides = deck["slides"]
    kiosk = Kiosk(display, "--lang", "en", "--settings", str(settings), content=content)
    try:
        start(display, kiosk, tmp_path)
        display.run("xdotool", "key", "Right")
        kiosk.wait_for(f"slide 2/{len(slides)}")
        x, y = language_pill(display, tmp_path / "bar.png", codes.index("ko"), len(codes))
        click(display, x, y)
        kiosk.wait_for("language ko")
        # The long idle: home to the first slide, in English, not in the deck's zh_Hans.
        since = len(kiosk.log)
        first = f"slide 1/{len(slides)} {slides[0]['id']}"
        kiosk.wait_until(
            lambda log: any("language en" in line for line in log[since:])
            and any(first in line for line in log[since:]),
            what="home in English", timeout=40,
        )  # fmt: skip
        assert not [line for line in kiosk.log if "language zh_Hans" in line]

        def english_selected() -> bool:
            _pills, selected, _top = language_pills(display, tmp_path / "home.png")
            return selected == codes.index("en")

        wait_for(english_selected, timeout=10, what="English selected on the screen")
        wait_for(
            lambda: cue_ink(screen(display, tmp_path / "home.png")) > 150,
            timeout=20, what="the attract cue back on the screen",
        )  # fmt: skip
        display.run("xdotool", "key", "ctrl+shift+q")
        assert kiosk.proc.wait(timeout=20) == 0
    finally:
        if kiosk.proc.poll() is None:
            kiosk.proc.kill()


def charts_button(image) -> tuple[int, int]:
    """The Charts button: the teal outline in the bottom bar's right quarter."""
    w, h = image.width(), image.height()
    found = [
        (x, y)
        for y in range(h * 4 // 5, h, 2)
        for x in range(w * 3 // 4, w, 2)
        if near(image, x, y, TEAL, within=24)
    ]
    assert found, "no Charts button on the screen"
    xs, ys = [x for x, _ in found], [y for _, y in found]
    return (min(xs) + max(xs)) // 2, (min(ys) + max(ys)) // 2


def test_a_tap_on_the_right_half_of_a_chart_shows_the_next_chart(display, tmp_path: Path):
    deck = json.loads(MINI.read_text(encoding="utf-8"))
    charts = deck["charts"]
    kiosk = Kiosk(display)
    try:
        start(display, kiosk, tmp_path)
        click(display, *charts_button(screen(display, tmp_path / "bar.png")))
        kiosk.wait_for(f"chart 1/{len(charts)} {charts[0]['id']}")
        image = screen(display, settled(display, tmp_path / "chart.png"))
        # The right half, level with the chart's title: no bar or milestone takes the tap.
        click(display, image.width() * 3 // 4, image.height() * 16 // 100)
        kiosk.wait_for(f"chart 2/{len(charts)} {charts[1]['id']}", timeout=10)
        display.run("xdotool", "key", "ctrl+shift+q")
        assert kiosk.proc.wait(timeout=20) == 0
    finally:
        if kiosk.proc.poll() is None:
            kiosk.proc.kill()
