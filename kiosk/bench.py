"""`kiosk bench`: performance figures against budgets, with a bare PySide6 window as the floor.

Figures are measured, never asserted by tests. Start-up runs each program as a fresh
process several times and takes the median; the in-process figures drive the real window
offscreen through its real inputs (key events, clicks) and time until the frame is painted.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from kiosk.resources import default_content_path, root

if TYPE_CHECKING:  # Qt is imported by the parts that run a window, not by `kiosk bench` itself
    from kiosk.ui.window import KioskWindow

BUDGETS: dict[str, tuple[str, float]] = {
    "startup_ratio": ("<=", 2.0),
    "slide_switch_ms_p95": ("<=", 16),
    "transition_frame_ms_1080p": ("<=", 4),
    "transition_frame_ms_4k": ("<=", 8),
    "drag_frame_ms_4k": ("<=", 8),  # p95 of a frame while a page follows the finger
    "language_switch_ms_p50": ("<=", 50),
    "rss_mb_start": ("<=", 150),
    "rss_growth_mb": ("<=", 5),
    # the real window at 1920x1080 (kiosk.memory), under Xvfb where there is one
    "rss_mb_steady": ("<=", 160),
    "rss_growth_mb_100_reloads": ("<=", 5),
    "rss_growth_mb_page_changes": ("<=", 5),
    # a key press to the first decoded frame of a 1080p clip on its page (kiosk.videobench)
    "video_page_first_frame_ms": ("<=", 250),
    # a key press to the first frame of a photo page with its picture (kiosk.photobench)
    "photo_page_first_frame_ms": ("<=", 50),
    "bundle_mb": ("<=", 250),
}

# The floor: the least a PySide6 program can do to show one line of (CJK) text.
FLOOR = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv[:1])
label = QLabel("中关村工业互联网产业园 · Zhongguancun Industrial Internet Park")
font = label.font(); font.setPixelSize(40); label.setFont(font)
label.resize(1280, 720)
class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, lambda: (print("first-frame 0", flush=True), app.quit()))
        return False
watch = Watch(); label.installEventFilter(watch)
label.show()
app.exec()
"""


class Start(NamedTuple):
    """One timed start of a program (see `time_start`)."""

    seconds: float  # wall clock, from starting the process to the line that marks it
    cpu_seconds: float | None  # CPU time the process used by then (None where unknown)
    line: str  # that line


def time_start(
    command: Sequence[str],
    marker: re.Pattern[str],
    what: str,
    *,
    stream: Literal["stdout", "stderr"] = "stdout",
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float | None = None,
    inspect: Callable[[int], None] | None = None,
) -> Start:
    """Start `command`, wait for the first line of its `stream` that `marker` finds, then
    kill it; the other stream is discarded. Raises RuntimeError, naming `what` was awaited,
    when the program ends (or `timeout` s pass, checked at each line) without that line.

    `inspect(pid)` is called while the process still runs, just after the line. The CPU
    time (POSIX only) is less disturbed by other work on the machine than the wall clock.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(command),
        stdout=subprocess.PIPE if stream == "stdout" else subprocess.DEVNULL,
        stderr=subprocess.PIPE if stream == "stderr" else subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        env=None if env is None else dict(env),
        cwd=cwd,
        text=True,
        errors="replace",
    )
    output = proc.stdout if stream == "stdout" else proc.stderr
    assert output is not None  # that stream is a PIPE
    seen: list[str] = []
    found: tuple[float, str] | None = None
    try:
        for line in output:
            if marker.search(line):
                found = (time.perf_counter() - start, line)
                if inspect is not None:
                    inspect(proc.pid)
                break
            seen.append(line)
            if timeout is not None and time.perf_counter() - start > timeout:
                break
    finally:
        cpu = None
        if hasattr(os, "wait4"):
            # Not proc.kill(): it polls first, which reaps a child that has already ended
            # (the kiosk quits itself after its first frame) and wait4 then fails (ECHILD).
            # Unreaped, its pid cannot be reused: killing a zombie does nothing.
            os.kill(proc.pid, signal.SIGKILL)
            _pid, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            cpu = usage.ru_utime + usage.ru_stime
        else:
            proc.kill()
        proc.wait()
        output.close()
    if found is None:
        raise RuntimeError(
            f"{command[0]}: no {what} (exit {proc.returncode}):\n{''.join(seen[-20:])}"
        )
    return Start(found[0], cpu, found[1])


def in_turn[C, R](commands: Sequence[C], runs: int, measure: Callable[[C], R]) -> list[list[R]]:
    """`runs` measurements of each command, taken in turn (a, b, a, b, ...) so that a change
    in the machine's load during the measurement touches every command alike."""
    samples: list[list[R]] = [[] for _ in commands]
    for _ in range(runs):
        for i, command in enumerate(commands):
            samples[i].append(measure(command))
    return samples


FIRST_FRAME = re.compile(r"^first-frame")  # printed by kiosk.ui.app with KIOSK_FIRST_FRAME_EXIT


def first_frame(command: list[str]) -> tuple[float, float]:
    """Seconds from process start to its first frame, and the RSS (MB) it reports then."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_FIRST_FRAME_EXIT": "1"}
    # Python caches compiled modules unless told not to (CI and some shells are); a kiosk
    # runs from compiled modules (the frozen bundle holds only those), so allow the cache.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time_start(command, FIRST_FRAME, "first-frame line", env=env, cwd=root())
    return start.seconds, float(start.line.split()[1])


def time_starts(commands: list[list[str]], runs: int) -> list[tuple[float, float]]:
    """Median start-up time and RSS of each command, runs taken in turn."""
    samples = in_turn(commands, runs, first_frame)
    return [
        (statistics.median(t for t, _ in s), statistics.median(m for _, m in s)) for s in samples
    ]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def in_process(quick: bool) -> dict[str, float]:
    """Slide switches, transition frames and language switches in the real window."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from kiosk.content import load_content
    from kiosk.settings import Settings
    from kiosk.ui.app import application
    from kiosk.ui.window import KioskWindow

    application()
    path = default_content_path()
    content = load_content(path)
    window = KioskWindow(content, path, Settings(content=path), clock=lambda: 0.0)
    window.resize(1920, 1080)
    window.show()
    settle(window)
    rounds = 3 if quick else 10
    switches, settles = [], []
    animation = window.stage.overlay.animation
    for _ in range(rounds * len(content.slides)):
        started = time.perf_counter()
        QTest.keyClick(window, Qt.Key.Key_Right)
        flush(window)  # the first frame of the transition, with the new slide in it
        switches.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        animation.setCurrentTime(animation.duration())  # the last frame: the live page
        flush(window)
        settles.append((time.perf_counter() - started) * 1000)
        settle(window)  # a visitor looks at a slide before the next tap
    out = {
        "slide_switch_ms_p50": statistics.median(switches),
        "slide_switch_ms_p95": percentile(switches, 0.95),
        "transition_end_ms_p95": percentile(settles, 0.95),
        "transition_frame_ms_1080p": transition_frame(window, 20 if quick else 60),
    }
    # 3 s after start the kiosk builds the plots in idle turns (importing pyqtgraph), as
    # here; then a visitor's first tap on "Charts" only lays out and paints one.
    started = time.perf_counter()
    window.charts.prepare()
    while window.charts.preparer.isActive():
        QApplication.processEvents()
    out["charts_prepare_ms"] = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    QTest.mouseClick(window.charts.button, Qt.MouseButton.LeftButton)
    flush(window)
    out["charts_first_render_ms"] = (time.perf_counter() - started) * 1000
    QTest.mouseClick(window.charts.button, Qt.MouseButton.LeftButton)  # back to the slides
    settle(window)
    languages = []
    codes = content.language_codes
    for i in range((4 if quick else 12) * len(codes)):
        button = window.languages.buttons[codes[(i + 1) % len(codes)]]
        started = time.perf_counter()
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        flush(window)
        languages.append((time.perf_counter() - started) * 1000)
        settle(window)  # a visitor reads for a while before the next tap
    out["language_switch_ms_p50"] = statistics.median(languages)
    out["language_switch_ms_p95"] = percentile(languages, 0.95)
    window.resize(3840, 2160)
    settle(window)
    out["transition_frame_ms_4k"] = transition_frame(window, 10 if quick else 30)
    out["drag_frame_ms_4k"] = drag_frame(window, 30 if quick else 120)
    window.allow_close = True
    window.close()
    window.deleteLater()  # no window left behind in a process that goes on (#14 item 8)
    return out


def flush(window: KioskWindow) -> None:
    """Paint what the input made dirty, now, as the event loop's next frame would."""
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(window, QEvent.Type.UpdateRequest)


def settle(window: KioskWindow) -> None:
    """Let the window finish what it does in idle time (preparing hidden slides)."""
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    while window.warmer.isActive():
        QApplication.processEvents()


def transition_frame(window: KioskWindow, frames: int) -> float:
    """Median paint time of one mid-transition frame (two cached pixmaps composited)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.keyClick(window, Qt.Key.Key_Right)
    overlay = window.stage.overlay
    overlay.animation.pause()
    overlay.animation.setCurrentTime(overlay.animation.duration() // 2)
    times = []
    for _ in range(frames):
        started = time.perf_counter()
        overlay.repaint()
        times.append((time.perf_counter() - started) * 1000)
    overlay.stop()
    return statistics.median(times)


def drag_frame(window: KioskWindow, frames: int) -> float:
    """p95 of one frame while a page follows the finger: a mouse move over the stage, and
    the motion's paint of the page and its neighbour on the strip (kiosk.ui.motion)."""
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    stage, left = window.stage, Qt.MouseButton.LeftButton
    y = stage.height() / 2

    def send(kind: QEvent.Type, x: float, buttons: Qt.MouseButton) -> None:
        at = QPointF(x, y)
        global_at = QPointF(stage.mapToGlobal(at.toPoint()))
        event = QMouseEvent(kind, at, global_at, left, buttons, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(stage, event)

    start = stage.width() * 0.8
    send(QEvent.Type.MouseButtonPress, start, left)
    times = []
    for i in range(frames):  # to the left and back, a few pixels per frame
        x = start - stage.width() * (0.05 + 0.35 * abs((i % 40) - 20) / 20)  # never back at 0
        started = time.perf_counter()
        send(QEvent.Type.MouseMove, x, left)
        stage.overlay.repaint()
        times.append((time.perf_counter() - started) * 1000)
    send(QEvent.Type.MouseButtonRelease, start, Qt.MouseButton.NoButton)  # springs back
    stage.overlay.stop()
    settle(window)
    return percentile(times, 0.95)


def executable(bundle: Path) -> Path:
    """The program in a bundle folder that `pyinstaller kiosk.spec` built."""
    return bundle / ("kiosk.exe" if sys.platform == "win32" else "kiosk")


def bundle_size(folder: Path) -> tuple[int, int]:
    """(bytes of file content, bytes used on disk) under `folder`, like `du -b` and `du -B1`."""
    content = disk = 0
    for path in folder.rglob("*"):
        # symlinks (PyInstaller links some Qt libraries) point at files counted already
        if path.is_file() and not path.is_symlink():
            st = path.stat()
            content += st.st_size
            disk += getattr(st, "st_blocks", (st.st_size + 4095) // 4096 * 8) * 512
    return content, disk


def bundle_figures(runs: int) -> dict[str, Any]:
    exe = executable(root() / "dist" / "kiosk")
    if not exe.is_file():
        return {"bundle_note": f"no {exe}: build it with `pyinstaller kiosk.spec` for its figures"}
    size, _disk = bundle_size(exe.parent)
    source = [sys.executable, "-m", "kiosk", "--windowed"]
    (frozen, _), (from_source, _) = time_starts([[str(exe), "--windowed"], source], runs)
    return {"bundle_mb": size / 1e6, "frozen_startup_s": frozen, "source_startup_s": from_source}


def run_bench(quick: bool) -> dict[str, Any]:
    runs = 5 if quick else 15
    kiosk = [sys.executable, "-m", "kiosk", "--windowed"]
    first_frame(kiosk)  # fills the content and catalog caches, as any earlier start has
    (floor, _), (startup, rss_start) = time_starts([[sys.executable, "-c", FLOOR], kiosk], runs)
    figures: dict[str, Any] = {
        "startup_s": startup,
        "floor_startup_s": floor,
        "startup_ratio": startup / floor,
        "rss_mb_first_frame": rss_start,
    }
    figures.update(in_process(quick))
    figures.update(soak_figures(quick))
    figures.update(memory_figures(quick))
    from kiosk.videobench import video_figures

    figures.update(video_figures(quick))
    from kiosk.photobench import photo_figures

    figures.update(photo_figures(quick))
    figures.update(bundle_figures(runs))
    figures["budget_failures"] = [
        key for key, (_op, limit) in BUDGETS.items() if key in figures and figures[key] > limit
    ]
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in figures.items()}


def soak_figures(quick: bool) -> dict[str, float]:
    """Memory before and after thousands of slide changes and language switches."""
    slides, languages = (300, 40) if quick else (2000, 200)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk",
            "soak",
            "--slides",
            str(slides),
            "--languages",
            str(languages),
            "--json",
        ],
        cwd=root(),
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    if result.returncode != 0:
        raise RuntimeError(f"kiosk soak failed:\n{result.stderr[-2000:]}")
    soak = json.loads(result.stdout)
    return {
        "rss_mb_start": soak["rss_mb_start"],
        "rss_mb_after_soak": soak["rss_mb_end"],
        "rss_growth_mb": soak["rss_mb_end"] - soak["rss_mb_start"],
        "soak_slide_changes": soak["slide_changes"],
        "soak_language_switches": soak["language_switches"],
        "soak_exceptions": soak["exceptions"],
    }


def start_xvfb(size: str = "1920x1080x24") -> tuple[subprocess.Popen[bytes], str] | None:
    """An Xvfb server of its own (it picks a free display number), or None without Xvfb."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None or not hasattr(os, "pipe"):
        return None
    read, write = os.pipe()
    try:
        proc = subprocess.Popen(
            [xvfb, "-displayfd", str(write), "-screen", "0", size, "-nolisten", "tcp"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        os.close(read)
        os.close(write)
        return None
    os.close(write)
    with os.fdopen(read) as stream:
        number = stream.readline().strip()  # written once the server accepts clients
    if not number.isdigit():
        proc.kill()
        proc.wait()
        return None
    return proc, f":{number}"


def memory_figures(quick: bool) -> dict[str, Any]:
    """RSS of the real window at 1920x1080 (kiosk.memory in a process of its own): steady
    after two loops over every page in every language, after 100 live reloads, and over
    page changes (2,000; 300 with --quick). On an Xvfb display the bench starts, else on
    the display in DISPLAY, else offscreen; `memory_platform` says which."""
    pages = 300 if quick else 2000
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    server = start_xvfb()
    if server is not None:
        env["DISPLAY"] = server[1]
        platform = f"xcb (Xvfb {server[1]}, 1920x1080)"
    elif os.environ.get("DISPLAY"):
        platform = f"xcb (DISPLAY {os.environ['DISPLAY']})"
    else:
        env["QT_QPA_PLATFORM"] = "offscreen"
        platform = "offscreen"
    command = [sys.executable, "-m", "kiosk.memory", "--json", "--reloads", "100"]
    try:
        result = subprocess.run(
            [*command, "--pages", str(pages)],
            cwd=root(),
            capture_output=True,
            text=True,
            env=env,
        )
    finally:
        if server is not None:
            server[0].terminate()
            server[0].wait()
    if result.returncode != 0:
        raise RuntimeError(f"kiosk.memory failed:\n{result.stderr[-2000:]}")
    memory = json.loads(result.stdout.splitlines()[-1])
    return {
        "memory_platform": platform,
        "rss_mb_steady": memory["rss_mb_steady"],
        "rss_mb_after_100_reloads": memory["rss_mb_after_reloads"],
        "rss_growth_mb_100_reloads": memory["rss_growth_mb_reloads"],
        "rss_mb_after_page_changes": memory["rss_mb_after_page_changes"],
        "rss_growth_mb_page_changes": memory["rss_growth_mb_page_changes"],
        "memory_page_changes": memory["page_changes"],
    }


def main(quick: bool, as_json: bool) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    figures = run_bench(quick)
    if as_json:
        print(json.dumps(figures, indent=2))
        return 0
    for key, value in figures.items():
        budget = BUDGETS.get(key)
        note = ""
        if budget:
            note = f"  (budget {budget[0]} {budget[1]}: {'ok' if value <= budget[1] else 'OVER'})"
        print(f"{key:28} {value}{note}")
    return 0
