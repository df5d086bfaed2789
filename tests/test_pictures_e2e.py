"""The real `kiosk` program under Xvfb on the MEDIA fixture deck: a key press from xdotool
brings each photo page, and its picture is on the X screen (issue #16)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import MEDIA, wait_for
from tests.test_e2e import Display, Kiosk, screen, start
from tests.test_pictures import GREEN, ORANGE, colour_share

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def display():
    d = Display()
    yield d
    d.close()


def test_each_photo_page_shows_its_picture_on_the_x_screen(display, tmp_path: Path):
    deck = json.loads(MEDIA.read_text(encoding="utf-8"))
    slides = deck["slides"]
    expected = {
        s["id"]: ORANGE if s["fit"] == "bleed" else GREEN for s in slides if s["kind"] == "photo"
    }
    kiosk = Kiosk(display, "--lang", "en", content=MEDIA)
    try:
        window = start(display, kiosk, tmp_path)
        shot = tmp_path / "shot.png"
        for i, slide in enumerate(slides[1:], start=2):
            display.run("xdotool", "key", "--window", window, "Right")
            kiosk.wait_for(f"slide {i}/{len(slides)} {slide['id']}")
            colour = expected.get(slide["id"])
            if colour is None:
                continue
            wait_for(
                lambda c=colour: colour_share(screen(display, shot), c) > 0.05,
                timeout=20,
                what=f"the picture of {slide['id']} on the screen",
            )
        assert kiosk.proc.poll() is None  # still running
        assert not [line for line in kiosk.log if "skipped from now on" in line], kiosk.log
    finally:
        kiosk.proc.terminate()
        try:
            kiosk.proc.wait(10)
        except Exception:  # noqa: BLE001
            kiosk.proc.kill()
