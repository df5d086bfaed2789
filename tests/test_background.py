"""The window's background, kept in the user's cache between starts (issue #13: painting
it was part of every first frame)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize

from kiosk.ui import stage


@pytest.fixture
def cache(qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "park-kiosk" / stage.BACKGROUNDS


def test_a_background_painted_once_is_read_back_the_same(cache):
    size = QSize(640, 360)
    painted = stage.paint_background(size).toImage()
    (kept,) = cache.glob("*.rgb32")
    assert kept.stat().st_size == 640 * 360 * 4
    again = stage.paint_background(size).toImage()
    assert again == painted
    assert again == stage.paint(size).toImage()


@pytest.mark.parametrize("damage", ["truncated", "zero-filled"])
def test_a_damaged_cache_file_is_painted_again(cache, damage):
    size = QSize(320, 180)
    painted = stage.paint_background(size).toImage()
    (kept,) = cache.glob("*.rgb32")
    data = kept.read_bytes()
    kept.write_bytes(data[:-4] if damage == "truncated" else bytes(len(data)))
    assert stage.paint_background(size).toImage() == painted
    assert kept.read_bytes() == data  # and kept again whole


def test_the_cache_is_keyed_by_the_motif_and_the_size(cache, tmp_path, monkeypatch):
    size = QSize(320, 180)
    first = stage.background_path(size)
    motif = tmp_path / "motif.svg"
    motif.write_bytes(stage.MOTIF.read_bytes().replace(b"#19C3B1", b"#C31919"))
    monkeypatch.setattr(stage, "MOTIF", motif)
    assert stage.background_path(size) not in (first, None)
    assert stage.background_path(QSize(321, 180)) != stage.background_path(size)


def test_only_the_latest_sizes_are_kept(cache):
    for width in range(200, 200 + 2 * stage.KEEP_BACKGROUNDS):
        stage.paint_background(QSize(width, 100))
    assert len(list(cache.glob("*.rgb32"))) == stage.KEEP_BACKGROUNDS


def test_an_unwritable_cache_still_gives_the_background(qapp, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    size = QSize(320, 180)
    assert stage.paint_background(size).toImage() == stage.paint(size).toImage()
