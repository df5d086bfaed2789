"""The fixed page grid (issue #15): content starts at one top line under the title on every
page, a short last row of cards is centred under the full ones (seven cards: 4 + 3, no
hole), and corners and outlines scale with the screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content import load_content
from tests.conftest import CONTENT, MINI, slide_of

SIZES = [(1920, 1080), (1080, 1920), (3840, 2160)]
KEPT: list = []


@pytest.fixture(autouse=True)
def _release():
    yield
    KEPT.clear()


def placed(slide, folder: Path, size: tuple[int, int], lang: str, qtbot):
    """The slide's view, laid out on a screen of `size` in the stage's place (margins as
    the window's at 1080p, scaled)."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QWidget

    from kiosk.ui.app import application
    from kiosk.ui.slides import view_for

    application()
    screen = QWidget()
    qtbot.addWidget(screen)
    screen.resize(*size)
    k = min(size) / 1080
    view = view_for(slide, folder, screen)
    side, top, bottom = round(80 * k), round(130 * k), round(120 * k)
    view.prepare(QRect(side, top, size[0] - 2 * side, size[1] - top - bottom), lang)
    KEPT.append(screen)  # the screen owns the view: it must outlive the test's use of it
    return view


def content_top(view) -> int:
    """Where the page's content begins: the first item of its root layout after the header."""
    rects = [view.root.itemAt(i).geometry() for i in range(view.root.count())]
    head = view.root.indexOf(view.head)
    return rects[head + 1].top()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_content_starts_at_one_line_on_every_page(qtbot, size):
    deck = load_content(MINI)
    for lang in ("en", "ja"):
        tops = {}
        for slide in deck.slides:
            if slide.kind == "title":  # composed for the whole screen, no header
                continue
            view = placed(slide, MINI.parent, size, lang, qtbot)
            tops[slide.id] = content_top(view)
        assert len(tops) >= 4, tops  # figures, cards, bullets, timeline
        assert len(set(tops.values())) == 1, (lang, tops)


@pytest.mark.bundled
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_bundled_deck_starts_its_content_at_one_line(qtbot, size):
    deck = load_content(CONTENT)
    for lang in deck.language_codes:
        tops = {}
        for slide in deck.slides:
            # a title page and a bleed photo page are composed for the whole page: no header
            if slide.kind != "title" and getattr(slide, "fit", "") != "bleed":
                tops[slide.id] = content_top(placed(slide, CONTENT.parent, size, lang, qtbot))
            KEPT.clear()
        assert len(set(tops.values())) == 1, (lang, tops)


def seven_cards(data: dict) -> None:
    cards = slide_of(data, "cards")["cards"]
    cards[:] = [dict(cards[i % len(cards)]) for i in range(7)]


def test_seven_cards_stand_four_and_three_centred(qtbot, make_deck):
    deck_path = make_deck(seven_cards)
    deck = load_content(deck_path)
    slide = next(s for s in deck.slides if s.kind == "cards")
    view = placed(slide, deck_path.parent, (1920, 1080), "en", qtbot)
    panels = [panel.geometry() for panel, _box in view.cards]
    rows: dict[int, list] = {}
    for rect in panels:
        rows.setdefault(rect.top(), []).append(rect)
    first, second = (sorted(row, key=lambda r: r.left()) for _top, row in sorted(rows.items()))
    assert (len(first), len(second)) == (4, 3)
    assert len({r.width() for r in panels}) == 1  # one card width, in both rows
    left_gap = second[0].left() - first[0].left()
    right_gap = first[-1].right() - second[-1].right()
    assert left_gap > 0 and abs(left_gap - right_gap) <= 2  # centred: no hole at the end


def test_corners_and_outlines_scale_with_the_screen(qtbot):
    from kiosk.ui.widgets import Panel

    deck = load_content(MINI)
    slide = next(s for s in deck.slides if s.kind == "cards")
    shapes = []
    for size in ((1920, 1080), (3840, 2160)):
        view = placed(slide, MINI.parent, size, "en", qtbot)
        panel = view.findChildren(Panel)[0]
        shapes.append((panel.radius, panel.stroke, panel.width()))
    (radius, stroke, width), (radius_4k, stroke_4k, width_4k) = shapes
    assert width_4k == pytest.approx(2 * width, abs=4)
    assert radius_4k == pytest.approx(2 * radius) and stroke_4k == pytest.approx(2 * stroke)


def test_the_type_scale_in_pixels():
    """Body text 3.7% of the screen's short side, nothing under 3.0%, at every size."""
    from PySide6.QtCore import QSize

    from kiosk.ui import theme

    for w, h in SIZES + [(1280, 720), (960, 540)]:
        scale = theme.Scale.for_size(QSize(w, h))
        side = min(w, h)
        assert scale.text("body") >= theme.BODY_SHARE * side, (w, h)
        for role in theme.TYPE:
            assert scale.text(role) >= theme.SMALLEST_SHARE * side, (w, h, role)
    assert theme.Scale.for_size(QSize(1920, 1080)).text("body") == 40


def test_a_phrase_that_cannot_wrap_does_not_widen_its_column(qtbot, make_deck):
    """Issue #15: one long phrase made its column wider than the others."""

    def long_phrase(data: dict) -> None:
        cards = slide_of(data, "cards")["cards"]
        cards[:] = [dict(cards[i % len(cards)]) for i in range(6)]
        cards[0] = {**cards[0], "title": {**cards[0]["title"], "ja": "国際大学イノベーション連盟"}}

    deck_path = make_deck(long_phrase)
    slide = next(s for s in load_content(deck_path).slides if s.kind == "cards")
    view = placed(slide, deck_path.parent, (1920, 1080), "ja", qtbot)
    widths = [panel.geometry().width() for panel, _box in view.cards]
    assert max(widths) - min(widths) <= 2, widths  # a pixel of rounding
