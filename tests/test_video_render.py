"""Video pages in `kiosk render`, the handouts and the overview show the poster: the
clip's first frame, or the content's own poster picture; never an empty page."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from tests.clips import media_deck
from tests.conftest import run_kiosk

pytestmark = pytest.mark.slow  # a render per test


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return media_deck(tmp_path_factory.mktemp("media") / "deck")


def share(image: QImage, test, step: int = 4) -> float:
    """The share of the image's upper half (above the caption) whose pixels pass `test`."""
    hits = total = 0
    for y in range(image.height() // 8, image.height() // 2, step):
        for x in range(image.width() // 8, image.width() * 7 // 8, step):
            total += 1
            hits += bool(test(QColor(image.pixel(x, y))))
    return hits / total


def pattern(color: QColor) -> bool:
    """A colour of ffmpeg's test pattern: saturated and bright, unlike the navy page."""
    return color.hsvSaturationF() > 0.6 and color.valueF() > 0.6


def orange(color: QColor) -> bool:  # the poster picture of 'motion-loop' (pictures/orange.jpg)
    return color.red() > 200 and 90 < color.green() < 170 and color.blue() < 60


def test_render_shows_the_first_frame_or_the_poster(deck: Path, tmp_path: Path) -> None:
    result = run_kiosk(
        "render", "--content", str(deck), "--lang", "en", "--view", "slides",
        "--size", "960x540", "--pages", "motion,motion-loop", "--out", str(tmp_path),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    first_frame = QImage(str(tmp_path / "en" / "motion.png"))
    assert share(first_frame, pattern) > 0.4
    poster = QImage(str(tmp_path / "en" / "motion-loop.png"))
    assert share(poster, orange) > 0.4
    assert share(first_frame, orange) < 0.1  # each page its own picture


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_the_handout_shows_the_first_frame(deck: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "handout.pdf"
    result = run_kiosk(
        "render", "--content", str(deck), "--lang", "ja", "--view", "slides",
        "--pages", "motion", "--format", "pdf", "--out", str(pdf),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    raster = tmp_path / "page"
    subprocess.run(
        ["pdftoppm", "-png", "-singlefile", "-scale-to-x", "960", "-scale-to-y", "540",
         str(pdf), str(raster)],
        check=True, timeout=120,
    )  # fmt: skip
    assert share(QImage(str(raster.with_suffix(".png"))), pattern) > 0.4


def test_the_overview_shows_the_first_frame(make_window, qtbot, deck: Path) -> None:
    window = make_window((1280, 720), path=deck)
    qtbot.mouseClick(window.overview_button, Qt.MouseButton.LeftButton)
    overview = window.overview
    assert overview is not None and overview.isVisible()
    thumb = overview.thumbs[window.content.slide_index("motion")]
    # the thumbnail is drawn again once the first frame is in
    qtbot.waitUntil(lambda: share(thumb.picture.toImage(), pattern, 2) > 0.3, timeout=10_000)
