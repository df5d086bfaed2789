"""What the real start does before its first frame (issue #13's start-up budget).

No timings here (`kiosk bench` measures them): these tests pin down the structure that
keeps the start fast, in a fresh process that runs `kiosk --windowed` to its first frame.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import MINI, ROOT, kiosk_env

# The real command line, stopped just after the first frame (as `kiosk bench` does), then
# the modules loaded by then, in the order they were first imported.
FIRST_FRAME = textwrap.dedent(
    f"""
    import json, sys
    from kiosk.cli import main
    code = main(["--windowed", "--content", {str(MINI)!r}])
    print("modules", json.dumps(list(sys.modules)))
    raise SystemExit(code)
    """
)


@pytest.fixture(scope="module")
def first_frame_modules() -> list[str]:
    """The second start's: the first fills the content cache, as any earlier start has."""
    for _start in range(2):
        result = subprocess.run(
            [sys.executable, "-c", FIRST_FRAME],
            cwd=ROOT,
            env=kiosk_env(KIOSK_FIRST_FRAME_EXIT="1"),
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert any(line.startswith("first-frame ") for line in lines), result.stdout
    return json.loads(next(line for line in lines if line.startswith("modules "))[8:])


def test_first_frame_needs_no_charts_validator_or_translation_tools(first_frame_modules):
    loaded = {name.split(".")[0] for name in first_frame_modules}
    # subprocess: a new content file is validated in a child, the display-off hours run
    # xset; neither happens on a start with unchanged content.
    for late in ("pyqtgraph", "numpy", "pydantic", "babel", "subprocess"):
        assert late not in loaded, f"{late} imported before the first frame"


def test_qt_free_start_modules_come_before_pyside(first_frame_modules):
    """PySide6's import hook reads the source of every module imported after it
    (kiosk.ui.app): the content model and the log set-up are imported before it."""
    order = {name: i for i, name in enumerate(first_frame_modules)}
    qt = order["PySide6.QtCore"]
    for name in ("kiosk.content.model", "kiosk.content.cache", "kiosk.logs", "kiosk.i18n"):
        assert order[name] < qt, name


def test_touch_rules_go_application_wide_once_the_window_has_painted(qtbot):
    """While the window is built and shown only its own events (and, once shown, its
    QWindow's, where input arrives) reach the touch rules (the ~1,700 events of building and
    showing it would each be a Python call); once it has painted, every event of the
    application does: a key anywhere is an interaction."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QWidget

    from kiosk.content import load_content
    from kiosk.settings import Settings
    from kiosk.ui.app import application
    from kiosk.ui.window import KioskWindow

    application()
    window = KioskWindow(load_content(MINI), MINI, Settings(content=MINI, transition_ms=0))
    qtbot.addWidget(window)
    elsewhere = QWidget()  # another window of the application
    qtbot.addWidget(elsewhere)
    assert window.loop.mode == "loop"
    QTest.keyClick(elsewhere, Qt.Key.Key_A)
    assert window.loop.mode == "loop"
    window.resize(1280, 720)
    window.show()
    qtbot.waitUntil(lambda: window.painted, timeout=5000)
    QTest.keyClick(elsewhere, Qt.Key.Key_A)
    assert window.loop.mode == "visitor"
    window.allow_close = True
    window.close()


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--windowed"],
        ["--content", str(MINI), "--lang", "ko", "--interval", "9", "--screen", "1"],
        ["--lang", "validate"],  # a value, not the command
        ["--windowed", "--metrics", "127.0.0.1:9100", "--poll", "60"],
        ["--wind"],  # argparse's abbreviations
        ["run", "--windowed"],
        ["validate", "--strict"],
        ["render", "--out", "x", "--lang", "all"],
        ["supervise", "--", "--windowed"],
    ],
)
def test_a_plain_start_is_parsed_as_the_full_parser_would(argv):
    from kiosk.cli import build_parser, parse_args

    assert vars(parse_args(argv)) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize("argv", [["--interval", "soon"], ["--lang"], ["--nonsense"], ["x"]])
def test_a_bad_command_line_gets_the_full_parsers_error(argv, capsys):
    from kiosk.cli import parse_args

    with pytest.raises(SystemExit) as exited:
        parse_args(argv)
    assert exited.value.code == 2
    assert "COMMAND" in capsys.readouterr().err  # the full usage, with the commands
