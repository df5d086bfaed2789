"""The picture cache keeps a picture only at the sizes its pages draw it now (#13 item 9):
a size a page passed through while it was laid out, or the screen's old size, is let go."""

from __future__ import annotations

from tests.conftest import MEDIA
from tests.test_pictures import go_to


def test_the_decoder_keeps_only_the_sizes_drawn_now(make_window, make_deck, qtbot):
    from kiosk.ui import pictures

    window = make_window(size=(960, 540), path=make_deck(source=MEDIA))
    bleed = next(s for s in window.content.slides if s.kind == "photo" and s.fit == "bleed")
    view = window.stage.views[window.content.slide_index(bleed.id)]
    cache = pictures.decoder()

    def drawn_keys() -> set:
        return {p.key for v in window.stage.views for p in pictures.pictures_of(v) if p.key}

    go_to(window, bleed.id, qtbot)
    qtbot.waitUntil(lambda: view.settled() and not cache.pending)
    first = next(p.key for p in pictures.pictures_of(view))
    assert first in cache.images
    window.resize(1280, 720)  # another screen size: the photo is decoded again, for it
    go_to(window, bleed.id, qtbot)
    qtbot.waitUntil(lambda: view.settled() and not cache.pending)
    now = next(p.key for p in pictures.pictures_of(view))
    assert now != first and now in cache.images
    assert first not in cache.images  # 960x540's picture: no page draws it any more
    assert {k for k in cache.images if k[0] == first[0]} <= drawn_keys()


def test_a_far_page_lets_its_picture_go_and_reads_it_back_undecoded(
    make_window, make_deck, qtbot, monkeypatch
):
    """Only the pages next to the one shown keep their pixels; a page that comes back reads
    its picture from the user's cache (not decoded again) and shows it."""
    from kiosk.ui import pictures
    from tests.test_pictures import ORANGE, colour_share

    decoded: list[str] = []
    real = pictures.decode

    def counting(path, box, fit):
        decoded.append(str(path))
        return real(path, box, fit)

    monkeypatch.setattr(pictures, "decode", counting)
    window = make_window(size=(960, 540), path=make_deck(source=MEDIA))
    slides = window.content.slides
    bleed = next(s for s in slides if s.kind == "photo" and s.fit == "bleed")
    at = window.content.slide_index(bleed.id)
    assert len(slides) >= 4  # a page two away from it is next to neither side of it
    far = slides[(at + 2) % len(slides)]
    view = window.stage.views[at]
    picture = pictures.pictures_of(view)[0]

    go_to(window, bleed.id, qtbot)
    qtbot.waitUntil(lambda: picture.image is not None and not window.warmer.isActive())
    first = list(decoded)
    assert first.count(str(picture.path)) == 1

    go_to(window, far.id, qtbot)
    qtbot.waitUntil(lambda: not window.warmer.isActive() and picture.image is None)
    assert picture.key not in pictures.decoder().images

    go_to(window, bleed.id, qtbot)
    qtbot.waitUntil(lambda: colour_share(window.grab().toImage(), ORANGE) > 0.03)
    assert picture.image is not None
    assert decoded.count(str(picture.path)) == 1  # read back, not decoded again
