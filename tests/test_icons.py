"""Icons are drawn once per file version and size (issue #13: a restyle, a refit or a
reload read, checked and drew every icon again)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kiosk.ui import widgets
from tests.conftest import MINI


@pytest.fixture
def icon(qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[Path]]:
    """A copy of a fixture icon, and the paths the guarded reader was asked for."""
    monkeypatch.setattr(widgets, "_rendered", type(widgets._rendered)())
    path = tmp_path / "circle.svg"
    shutil.copy(MINI.parent / "icons" / "circle.svg", path)
    reads: list[Path] = []
    load = widgets.load_asset

    def counting(p: Path) -> bytes:
        reads.append(p)
        return load(p)

    monkeypatch.setattr(widgets, "load_asset", counting)
    return path, reads


def test_the_same_icon_at_the_same_size_is_read_and_drawn_once(icon):
    path, reads = icon
    first = widgets.render_image(path, 64)
    again = widgets.render_image(path, 64)
    assert reads == [path]
    assert again.cacheKey() == first.cacheKey()
    assert again.toImage() == widgets.draw_image(path, 64).toImage()


def test_another_size_is_drawn_for_that_size(icon):
    path, reads = icon
    small, big = widgets.render_image(path, 32), widgets.render_image(path, 96, 2.0)
    assert (small.width(), big.width()) == (32, 192)
    assert big.devicePixelRatio() == 2.0
    assert len(reads) == 2


def test_a_changed_file_is_read_and_checked_again(icon):
    path, reads = icon
    before = widgets.render_image(path, 64).toImage()
    data = path.read_bytes()
    path.write_bytes(data.replace(b"<svg", b"<svg data-edited='1'", 1))
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    after = widgets.render_image(path, 64).toImage()
    assert len(reads) == 2
    assert after == before  # the same drawing, read anew


def test_a_removed_file_shows_the_placeholder(icon):
    path, _reads = icon
    drawn = widgets.render_image(path, 64).toImage()
    path.unlink()
    placeholder = widgets.render_image(path, 64).toImage()
    assert placeholder != drawn
    assert placeholder == widgets.draw_image(None, 64).toImage()


def test_the_cache_keeps_to_its_budget(icon, monkeypatch):
    path, _reads = icon
    monkeypatch.setattr(widgets, "RENDERED_BYTES", 3 * 64 * 64 * 4)
    for side in range(60, 70):
        widgets.render_image(path, side)
    assert 1 <= len(widgets._rendered) <= 3
    assert sum(p.width() * p.height() * 4 for p in widgets._rendered.values()) <= 3 * 64 * 64 * 4
