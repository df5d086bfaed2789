"""Issue 13's robustness faults: the window never exceeds its screen, its state counts,
health.json is written early and on every change, commands fail loudly, and the small
environment and flag cases."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MINI, ROOT, kiosk_env, run_kiosk, slide_of, start_kiosk, wait_for

# --- fault 4: the window never exceeds its screen -------------------------------------


def chrome_problems(window) -> list[str]:
    """Chrome that reaches past the window's right edge, and a window not at its size."""
    from PySide6.QtCore import QPoint

    found = []
    widgets = [window.park_name, window.logo, *window.languages.buttons.values()]
    widgets += [window.previous_button, window.next_button, window.overview_button]
    for widget in widgets:
        right = widget.mapTo(window, QPoint(widget.width(), 0)).x()
        if widget.isVisible() and right > window.width():
            found.append(f"{widget.objectName() or type(widget).__name__} ends at {right}")
    if window.minimumSizeHint().width() > window.width():
        found.append(f"asks for at least {window.minimumSizeHint().width()} px")
    return found


def long_labels(data: dict) -> None:
    for lang in data["languages"]:
        lang["label"] = "W" * 30


def traditional(data: dict) -> None:
    for lang in data["languages"]:
        lang["label"] = "Chinese (Traditional)"


def long_word(data: dict) -> None:
    data["park"]["name"] = {code: "W" * 400 for code in data["park"]["name"]}


@pytest.mark.parametrize(
    ("change", "size"),
    [(long_labels, (1920, 1080)), (traditional, (1080, 1920)), (long_word, (1920, 1080))],
    ids=["30-letter-labels", "portrait-labels", "400-letter-word"],
)
def test_long_texts_never_widen_the_window(make_window, make_deck, qtbot, change, size):
    window = make_window(size=size, path=make_deck(change))
    qtbot.waitUntil(lambda: window.size().toTuple() == size)
    assert window.size().toTuple() == size
    assert chrome_problems(window) == []
    buttons = list(window.languages.buttons.values())
    # Every language stays in reach, each at least touch-sized; a long label is elided.
    assert all(b.width() >= b.minimumSizeHint().width() for b in buttons)
    if change is not long_word:
        assert any(b.shown_text(b.width()).endswith("…") for b in buttons)


def test_a_long_word_in_a_slide_wraps_inside_the_label(make_window, make_deck):
    def title(data: dict) -> None:
        slide_of(data, "title")["title"] = {code: "W" * 200 for code in data["park"]["name"]}

    window = make_window(size=(1280, 720), path=make_deck(title))
    window.go_to(next(i for i, s in enumerate(window.content.slides) if s.kind == "title"))
    view = window.stage.stack.currentWidget()
    label = view.title
    assert window.size().toTuple() == (1280, 720)
    assert label.minimumSizeHint().width() <= view.width()
    # Wrapped inside the word: its height for the slide's width is several lines.
    one_line = label.fontMetrics().height()
    assert label.heightForWidth(view.width()) > 2 * one_line


def test_an_ordinary_long_word_keeps_its_width(make_window, make_deck):
    """Only an overlong word gives way: a column never breaks "Groundbreaking" inside."""
    word = "Groundbreaking"

    def points(data: dict) -> None:
        slide_of(data, "bullets")["points"][0] = {c: f"{word} work" for c in data["park"]["name"]}

    window = make_window(size=(1920, 1080), path=make_deck(points))
    window.go_to(next(i for i, s in enumerate(window.content.slides) if s.kind == "bullets"))
    view = window.stage.stack.currentWidget()
    label = next(lb for lb in view.labels if lb.text().startswith(word))
    assert label.minimumSizeHint().width() >= label.fontMetrics().horizontalAdvance(word)


def test_reverting_an_edit_restores_the_layout(make_window, make_deck, qtbot):
    from kiosk.content import load_content

    window = make_window(size=(1920, 1080))
    before = {c: b.geometry() for c, b in window.languages.buttons.items()}
    wide = make_deck(long_labels)
    window.set_content(load_content(wide), wide)
    assert window.size().toTuple() == (1920, 1080)
    window.set_content(load_content(MINI), MINI)
    qtbot.waitUntil(
        lambda: {c: b.geometry() for c, b in window.languages.buttons.items()} == before
    )
    assert window.size().toTuple() == (1920, 1080)
    assert chrome_problems(window) == []


# --- fault 8: health.json at start, on every change of state, even when logging fails ---


def read_health(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def test_a_reload_result_reaches_health_json_within_2_s(make_window, make_deck, qtbot, tmp_path):
    from kiosk.ui.health import HealthWriter
    from kiosk.ui.reload import ContentReloader

    deck = make_deck()
    window = make_window(path=deck)
    reloader = ContentReloader(window, deck, poll_ms=0)
    path = tmp_path / "health.json"
    qtbot.waitUntil(window.is_healthy)  # exposed: make_window does not wait for it
    HealthWriter(window, path, reloader).start()  # the minute's timer never fires here
    assert read_health(path)["state"] == "running"
    assert read_health(path)["last_reload"] == "none"
    deck.write_text('{"slides": [}', encoding="utf-8")
    assert reloader.check().startswith("error")
    qtbot.waitUntil(lambda: read_health(path)["last_reload"].startswith("error"), timeout=2000)


def test_a_broken_slide_reaches_health_json_within_2_s(make_window, make_deck, qtbot, tmp_path):
    from kiosk.ui.health import HealthWriter

    window = make_window(path=make_deck())
    path = tmp_path / "health.json"
    HealthWriter(window, path).start()
    view = next(v for v in window.stage.views if v.slide.kind == "cards")

    def fail(_lang: str) -> None:
        raise RuntimeError("a slide that breaks while shown")

    view.set_language = fail
    window.set_language(next(c for c in window.content.language_codes if c != window.lang))
    window.go_to(window.stage.views.index(view))
    qtbot.waitUntil(lambda: read_health(path)["broken_slides"] == [view.slide.id], timeout=2000)
    assert read_health(path)["state"] == "degraded"


def test_health_json_says_starting_before_the_content_loads(tmp_path, monkeypatch):
    import logging
    import threading

    from kiosk.settings import Settings
    from kiosk.ui import app

    class StopError(Exception):
        pass

    log_file = tmp_path / "logs" / "kiosk.log"
    seen: dict = {}

    def hang(_path: Path) -> None:  # a start-up that never gets past loading the content
        seen.update(read_health(log_file.parent / "health.json"))
        raise StopError

    monkeypatch.setattr(app, "load_content_cached", hang)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    try:
        with pytest.raises(StopError):
            app.run(Settings(content=MINI, log_file=log_file, windowed=True))
    finally:
        for handler in [h for h in root.handlers if h not in handlers]:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(level)
    assert seen["state"] == "starting"
    assert seen["pid"] == os.getpid()
    assert seen["written"].endswith("Z")


def test_health_json_is_written_when_the_log_file_cannot_be_opened(make_deck, tmp_path):
    data_home = tmp_path / "data"
    # /proc refuses new folders, even to root: the log file can never be opened there
    env = kiosk_env(XDG_DATA_HOME=str(data_home), HOME=str(tmp_path))
    process = start_kiosk(
        "--windowed", "--content", str(make_deck()), "--log-file", "/proc/kiosk/kiosk.log",
        env=env,
    )  # fmt: skip

    def health() -> dict:
        assert process.poll() is None, process.communicate()
        found = list(data_home.rglob("health.json"))
        return read_health(found[0]) if found else {}

    try:
        data = wait_for(lambda: health().get("state") == "running" and health(), 60, "health")
    finally:
        process.terminate()
        _out, err = process.communicate(timeout=30)
    assert data["pid"] == process.pid
    assert "cannot write the log file" in err


# --- fault 7: the window's state counts --------------------------------------------------


def test_a_hidden_window_is_reported_logged_and_shown_again(make_window, qtbot, tmp_path, caplog):
    from kiosk.ui.health import HealthWriter

    window = make_window(size=(1280, 720))
    path = tmp_path / "health.json"
    qtbot.waitUntil(window.is_healthy)  # exposed: make_window does not wait for it
    HealthWriter(window, path).start()
    assert read_health(path)["window"]["visible"] is True
    window.hide()
    qtbot.waitUntil(lambda: read_health(path)["window"]["visible"] is False, timeout=2000)
    assert read_health(path)["state"] == "degraded"
    assert any("NOT healthy" in r.getMessage() for r in caplog.records)
    # In kiosk mode the window also has to cover its screen, and is shown there again.
    window.keep_on_screen(window.screen())
    qtbot.waitUntil(window.is_healthy, timeout=3000)
    assert window.geometry() == window.screen().geometry()
    qtbot.waitUntil(lambda: read_health(path)["window"]["covers_screen"] is True, timeout=2000)


@pytest.mark.e2e
def test_an_unmapped_window_is_reported_and_mapped_again(make_deck, tmp_path):
    from tests.test_e2e import Display

    display = Display()
    log_file = tmp_path / "logs" / "kiosk.log"
    health = log_file.parent / "health.json"
    process = start_kiosk(
        "--content", str(make_deck()), "--log-file", str(log_file), env=display.env
    )

    def window_state() -> dict:
        assert process.poll() is None, process.communicate()
        return read_health(health).get("window") or {}

    try:
        wait_for(lambda: window_state().get("exposed"), 60, "the window shown")
        found = display.run("xdotool", "search", "--onlyvisible", "--name", "Park Kiosk")
        display.run("xdotool", "windowunmap", found.split()[0])
        wait_for(lambda: "NOT healthy" in log_file.read_text(encoding="utf-8"), 10, "the log")
        # Shown full screen again, and health.json says so.
        wait_for(lambda: window_state().get("exposed") and window_state(), 10, "recovery")
        assert window_state()["covers_screen"] is True
        assert window_state()["geometry"] == [0, 0, 1920, 1080]
        assert "showing the window full screen" in log_file.read_text(encoding="utf-8")
    finally:
        process.terminate()
        process.communicate(timeout=30)
        display.close()


# --- fault 9: commands fail loudly ------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path):
    """A 64 KB file system (tmpfs; needs root), filled up by the first images."""
    folder = tmp_path / "full"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (not root?)")
    yield folder
    subprocess.run(["umount", str(folder)], check=False)


def test_render_on_a_full_disk_fails_with_one_line(small_disk):
    result = run_kiosk(
        "render", "--content", str(MINI), "--lang", "all", "--size", "960x540",
        "--out", str(small_disk / "png"),
    )  # fmt: skip
    assert result.returncode == 1, result.stdout
    assert "wrote" not in result.stdout
    assert "Traceback" not in result.stderr
    # libpng's own "Write Error" may come first; the kiosk's verdict is one line
    lines = [x for x in result.stderr.strip().splitlines() if not x.startswith("libpng")]
    assert len(lines) == 1 and lines[0].startswith("kiosk render: cannot write ")


def test_render_pdf_on_a_full_disk_fails(small_disk):
    out = small_disk / "deck.pdf"
    result = run_kiosk("render", "--content", str(MINI), "--format", "pdf", "--out", str(out))
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr and "kiosk render: " in result.stderr


def test_render_pdf_into_a_folder_fails(tmp_path):
    result = run_kiosk("render", "--content", str(MINI), "--format", "pdf", "--out", str(tmp_path))
    assert result.returncode == 1, result.stdout
    assert result.stderr.strip().splitlines() == [
        f"kiosk render: cannot write {tmp_path}: it is a folder; give a file name for the PDF"
    ]


def test_render_to_a_folder_that_cannot_be_made_fails(tmp_path):
    (tmp_path / "file").write_text("in the way", encoding="utf-8")
    result = run_kiosk("render", "--content", str(MINI), "--out", str(tmp_path / "file" / "out"))
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "kiosk render: cannot write" in result.stderr


# --- fault 10: the smaller cases -------------------------------------------------------


def test_a_full_disk_log_reports_once_in_one_line(tmp_path, capsys):
    import errno
    import logging

    from kiosk.logs import setup_logging

    class FullDisk:
        def write(self, _text: str) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        def flush(self) -> None:
            pass

    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    try:
        setup_logging(None, tmp_path / "kiosk.log")
        handler = next(h for h in root.handlers if h not in handlers and hasattr(h, "stream")
                       and getattr(h, "baseFilename", None))  # fmt: skip
        handler.stream.close()
        handler.stream = FullDisk()
        for n in range(3):
            logging.getLogger("kiosk.test").warning("record %d", n)
    finally:
        for handler in [h for h in root.handlers if h not in handlers]:
            root.removeHandler(handler)
        root.setLevel(level)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.count("cannot write the log file") == 1


def test_schema_into_a_closed_pipe_is_quiet():
    read, write = os.pipe()
    os.close(read)  # the reader (`| head -1`) is gone before the schema is printed
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "schema"], stdout=write, cwd=ROOT,
        stderr=subprocess.PIPE, text=True, env=kiosk_env(), timeout=60,
    )  # fmt: skip
    os.close(write)
    assert "BrokenPipeError" not in result.stderr and "Traceback" not in result.stderr
    assert result.returncode == 0


@pytest.mark.parametrize("flag", ["--slides", "--languages"])
def test_soak_refuses_counts_below_one(flag):
    result = run_kiosk("soak", flag, "-5", timeout=60)
    assert result.returncode == 2
    assert "expected a whole number above 0" in result.stderr


def _without(env: dict[str, str], *names: str) -> dict[str, str]:
    return {k: v for k, v in env.items() if k not in names}


def test_without_home_the_logs_go_to_a_folder_of_the_kiosks_own(make_deck, tmp_path):
    # HOME unset: Qt's data folder would be //.local/share/...; the kiosk's own folder in
    # the temp folder (TMPDIR here) takes the log and health.json, and the log says so
    env = _without(kiosk_env(KIOSK_FIRST_FRAME_EXIT="1", TMPDIR=str(tmp_path)),
                   "HOME", "XDG_DATA_HOME")  # fmt: skip
    result = run_kiosk("--windowed", "--content", str(make_deck()), env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    own = tmp_path / f"park-kiosk-{os.getuid()}"
    assert "starting" in (own / "kiosk.log").read_text(encoding="utf-8")
    assert (own / "health.json").is_file()
    assert f"the log file is {own / 'kiosk.log'}" in result.stderr
    assert "//.local" not in result.stderr


NO_PASSWD = """
import pwd, sys
def getpwuid(uid):  # an arbitrary uid in a container: no passwd entry
    raise KeyError(f"getpwuid(): uid not found: {uid}")
pwd.getpwuid = getpwuid
from kiosk.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


def test_no_passwd_entry_and_no_home_still_starts(make_deck, tmp_path):
    # Path.home() raised RuntimeError (the content cache's folder) before the first frame
    env = _without(kiosk_env(KIOSK_FIRST_FRAME_EXIT="1", TMPDIR=str(tmp_path)),
                   "HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME")  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-c", NO_PASSWD, "--windowed", "--content", str(make_deck())],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "RuntimeError" not in result.stderr and "first-frame" in result.stdout
    own = tmp_path / f"park-kiosk-{os.getuid()}"
    assert (own / "kiosk.log").is_file()
    assert any((own / "cache").rglob("*.pickle"))  # the content cache found a folder too


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="xcb: Linux only")
def test_no_display_exits_2_with_one_clear_line(make_deck, tmp_path):
    env = _without(kiosk_env(), "DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    log_file = tmp_path / "kiosk.log"
    result = run_kiosk(
        "--windowed", "--content", str(make_deck()), "--log-file", str(log_file),
        env=env, timeout=120,
    )  # fmt: skip
    line = (
        "kiosk: no display: DISPLAY is not set; start it inside the desktop session"
        " or set QT_QPA_PLATFORM=offscreen to test"
    )
    assert result.returncode == 2, (result.returncode, result.stderr)  # not -6: SIGABRT
    assert line in result.stderr.splitlines()
    assert "xcb-cursor" not in result.stderr
    assert line.removeprefix("kiosk: ") in log_file.read_text(encoding="utf-8")


@pytest.mark.parametrize("levels", [250, 900])
def test_deep_nesting_in_a_field_is_reported_where_it_gets_too_deep(make_deck, levels):
    from kiosk.content import ContentError, load_content

    def mark(data: dict) -> None:
        slide_of(data, "cards")["title"] = "@@deep@@"

    path = make_deck(mark)
    slides = json.loads(path.read_text(encoding="utf-8"))["slides"]
    index = next(i for i, slide in enumerate(slides) if slide["kind"] == "cards")
    deep = "[" * levels + '"x"' + "]" * levels
    path.write_text(path.read_text(encoding="utf-8").replace('"@@deep@@"', deep), "utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(path)
    [problem] = caught.value.problems
    assert problem.path.startswith(f"$.slides[{index}].title[0][0]")
    limit = int(problem.message.split("nested deeper than ")[1].split()[0])
    assert problem.message == f"nested deeper than {limit} levels; expected at most {limit}"
    assert problem.path.count("[0]") <= limit


@pytest.mark.parametrize("where", ["slides", "charts"])
def test_a_huge_kind_is_not_echoed_whole(make_deck, where):
    from kiosk.content import ContentError, load_content

    def huge(data: dict) -> None:
        data[where][0]["kind"] = "k" * 100_000

    with pytest.raises(ContentError) as caught:
        load_content(make_deck(huge))
    messages = [p.message for p in caught.value.problems]
    assert any("kind 'kkkk" in m for m in messages), messages
    assert max(len(m) for m in messages) < 300
    assert len(caught.value.report()) < 2000
