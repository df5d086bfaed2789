"""End to end: a video page plays in the real program, in a real X window (Xvfb), reached
with real key presses from xdotool; the screen shows the clip's frames changing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clips import media_deck
from tests.conftest import wait_for
from tests.test_e2e import Display, Kiosk, screen, start

pytestmark = pytest.mark.e2e


@pytest.fixture
def display():
    server = Display()
    yield server
    server.close()


def pattern_share(image) -> float:
    """The share of the page's upper middle in ffmpeg's test pattern colours."""
    w, h = image.width(), image.height()
    points = [(x, y) for y in range(h // 5, h // 2, 8) for x in range(w // 8, w * 7 // 8, 8)]
    hits = sum(
        image.pixelColor(x, y).hsvSaturationF() > 0.6 and image.pixelColor(x, y).valueF() > 0.6
        for x, y in points
    )
    return hits / len(points)


def test_a_video_page_plays_on_a_real_screen(display, tmp_path: Path) -> None:
    deck = media_deck(tmp_path / "deck", seconds=8.0)
    kiosk = Kiosk(display, content=deck)
    try:
        start(display, kiosk, tmp_path)
        for _ in range(6):  # Right, as a presenter's clicker, until the video page
            if any(line.rstrip().endswith(" motion") for line in kiosk.log):
                break
            display.run("xdotool", "key", "Right")
            kiosk.wait_for("slide ")
        kiosk.wait_until(
            lambda lines: any(line.rstrip().endswith(" motion") for line in lines),
            "on the video page",
        )

        def clip_shown():
            shot = screen(display, tmp_path / "a.png")
            return shot if pattern_share(shot) > 0.4 else None

        first = wait_for(clip_shown, timeout=15, what="the clip on the screen")
        # the pattern's counter and moving bar: a later screen differs from the first
        wait_for(
            lambda: screen(display, tmp_path / "b.png") != first,
            timeout=15,
            what="the clip's frames to change on the screen",
        )
        assert not any("skipped" in line for line in kiosk.log), "".join(kiosk.log)
    finally:
        display.run("xdotool", "key", "ctrl+shift+q", check=False)
        try:
            kiosk.proc.wait(10)
        finally:
            if kiosk.proc.poll() is None:
                kiosk.proc.kill()
