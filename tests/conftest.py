"""Shared fixtures.

QT_QPA_PLATFORM is set to offscreen (with setdefault, so a developer can still choose
xcb) before anything imports Qt: widget tests must run on machines without a display.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The kiosk keeps caches, the last good content, logs and health.json in the user's folders.
# A test run uses folders of its own, for itself and for every kiosk it starts, so that no
# run sees what another (or a real kiosk on this machine) left there.
_HOME = Path(tempfile.mkdtemp(prefix="kiosk-tests-"))
for _name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
    os.environ[_name] = str(_HOME / _name.lower())
atexit.register(shutil.rmtree, _HOME, ignore_errors=True)

ROOT = Path(__file__).resolve().parent.parent
# The bundled deck; KIOSK_TEST_CONTENT points the bundled-deck tests (-m bundled) at another
# copy of it, e.g. one with its pages reordered, to show they hold for any valid deck.
CONTENT = Path(os.environ.get("KIOSK_TEST_CONTENT") or ROOT / "assets" / "content" / "park.json")
# Small decks the tests own: one page of each slide kind and each chart kind, all five
# languages, their own assets. Tests find pages by kind or id in them, never by position.
DECKS = Path(__file__).resolve().parent / "decks"
MINI = DECKS / "mini" / "deck.json"
# Pictures (and clips): photo pages of both fits and a card with a picture (issue #16).
MEDIA = DECKS / "media" / "deck.json"


def top_level_widgets() -> list:
    """The application's top-level widgets once pending deletions are done; [] without Qt."""
    widgets = sys.modules.get("PySide6.QtWidgets")
    if widgets is None or widgets.QApplication.instance() is None:
        return []
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    return list(widgets.QApplication.topLevelWidgets())


def address(widget) -> int:
    """The C++ object's address: a widget made by Qt may get a new Python wrapper each time."""
    import shiboken6

    return shiboken6.getCppPointer(widget)[0]


@pytest.fixture(autouse=True)
def no_stray_windows():
    """Every widget has its parent (#14 item 8): a test that leaves a top-level widget behind
    fails. Autouse fixtures are set up first and torn down last, so this runs after qtbot
    has closed its widgets and make_window its windows. What it finds is deleted, so that
    one leak does not fail the tests after it."""
    before = {address(w) for w in top_level_widgets()}
    yield
    stray = [w for w in top_level_widgets() if address(w) not in before]
    if not stray:
        return
    names = [f"{type(w).__module__}.{type(w).__qualname__} {w.objectName()!r}" for w in stray]
    for widget in stray:
        widget.deleteLater()
    top_level_widgets()
    pytest.fail(f"top-level widgets left behind (give them a parent, or delete them): {names}")


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled content folder; returns the JSON file's path."""
    folder = tmp_path / "content"
    shutil.copytree(CONTENT.parent, folder)
    return folder / CONTENT.name


@pytest.fixture
def document() -> dict:
    """The bundled content as plain JSON data, to break in tests."""
    return json.loads(CONTENT.read_text(encoding="utf-8"))


@pytest.fixture
def make_deck(tmp_path: Path):
    """Copies a fixture deck's folder to a fresh place, lets `change` edit its JSON data in
    place, and returns the new JSON file's path. Each call gets its own folder."""
    made = 0

    def make(change=None, source: Path = MINI) -> Path:
        nonlocal made
        made += 1
        folder = tmp_path / f"deck{made}"
        shutil.copytree(source.parent, folder)
        path = folder / source.name
        if change is not None:
            data = json.loads(path.read_text(encoding="utf-8"))
            change(data)
            write(path, data)
        return path

    return make


def slide_of(data: dict, kind: str) -> dict:
    """The first slide of this kind in parsed content (a fixture deck has one of each)."""
    return next(s for s in data["slides"] if s["kind"] == kind)


def chart_of(data: dict, kind: str) -> dict:
    """The first chart of this kind in parsed content."""
    return next(c for c in data["charts"] if c["kind"] == kind)


def home_slide(content) -> str:
    """The id of the slide the loop starts on and comes home to: the deck's first, by design
    (the kiosk's behaviour under test, not a page picked for a test)."""
    return content.slides[0].id


def first_chart(content) -> str:
    """The id of the chart the Charts button opens and the loop reaches after the slides."""
    return content.charts[0].id


def last_chart(content) -> str:
    """The id of the chart after which the loop goes back to the home slide."""
    return content.charts[-1].id


def index_of(items: list[dict], kind: str) -> int:
    """Where the first item of this kind sits in parsed slides or charts: for the JSON paths
    problems are reported at, e.g. f"$.slides[{index_of(data['slides'], 'cards')}]"."""
    return next(i for i, item in enumerate(items) if item["kind"] == kind)


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


class Clock:
    """A clock the tests move by hand: the window's timers run, but time only passes here."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def make_window(qtbot, clock):
    """Builds kiosk windows on the MINI fixture deck (or the given content), closed after
    the test."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from kiosk.content import load_content
    from kiosk.settings import Settings
    from kiosk.ui.app import application
    from kiosk.ui.window import KioskWindow

    application()
    made: list[KioskWindow] = []

    def make(size=(1280, 720), path=MINI, clock=clock, **settings) -> KioskWindow:
        settings.setdefault("transition_ms", 0)
        window = KioskWindow(load_content(path), path, Settings(content=path, **settings), clock)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        # Painted: the window takes a visitor's input from then on (kiosk.ui.touch).
        qtbot.waitUntil(lambda: window.painted, timeout=5000)
        window.activateWindow()
        made.append(window)
        return window

    yield make
    for window in made:
        window.allow_close = True
        window.close()
        window.deleteLater()
    # Delete what deleteLater() queued: leftover windows and plots slow later tests.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


RENDER_SIZE = (960, 540)


@pytest.fixture(scope="session")
def mini_render(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The MINI deck rendered once for the whole session, the way a user runs it:
    `kiosk render --lang all --view all` at RENDER_SIZE. Holds <lang>/NN-<slide id>.png and
    <lang>/charts-<chart id>.png for every language. Read it, never write into it."""
    out = tmp_path_factory.mktemp("mini-render")
    size = "x".join(map(str, RENDER_SIZE))
    result = run_kiosk(
        "render", "--content", str(MINI), "--lang", "all", "--view", "all",
        "--size", size, "--out", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return out


def kiosk_env(**extra: str) -> dict[str, str]:
    """The environment a kiosk child process runs in: offscreen unless told otherwise."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.update(extra)
    return env


def run_kiosk(
    *args: str, env: dict[str, str] | None = None, timeout: float = 600, **kwargs
) -> subprocess.CompletedProcess[str]:
    """Runs `python -m kiosk ARGS` to its end and returns what it printed and its exit code."""
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        cwd=ROOT,
        env=env or kiosk_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        **kwargs,
    )


def start_kiosk(*args: str, env: dict[str, str] | None = None, **kwargs) -> subprocess.Popen[str]:
    """Starts `python -m kiosk ARGS` in the background; the caller ends it."""
    return subprocess.Popen(
        [sys.executable, "-m", "kiosk", *args],
        cwd=ROOT,
        env=env or kiosk_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def wait_for(condition: Callable[[], object], timeout: float = 60, what: str = "") -> object:
    """Polls `condition` until it returns something true and returns that; fails after
    `timeout` seconds. For conditions outside Qt's event loop (a child process, a file);
    inside it, use qtbot.waitUntil or waitSignal."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or condition}")
        time.sleep(0.05)  # the poll interval, not a wait for anything
