"""Details on tap (#14 item 5): a card, figure or milestone may carry a longer text, which
a tap opens in a panel over the page.

Content: validated like every text (every language, the glyph checks), its own editorial
limit outside the page's budget, and exported to translators. UI: the mini deck's cards
slide (id "tiles") has a detail on its first card and none on its second; a real click on
the card in the real window opens the panel, a tap outside, Escape or the idle closes it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import MINI, index_of, slide_of

from kiosk.cli import main
from kiosk.content import ContentError, load_content
from kiosk.content.limits import LIMITS, length_warnings

LANGS = ("zh_Hans", "zh_Hant", "en", "ko", "ja")


def cards_with_detail(data: dict) -> tuple[int, int]:
    """(index of the first card with a detail, index of one without) in the cards slide."""
    cards = slide_of(data, "cards")["cards"]
    return (
        next(i for i, c in enumerate(cards) if "detail" in c),
        next(i for i, c in enumerate(cards) if "detail" not in c),
    )


# --- content -----------------------------------------------------------------------------


def test_the_fixture_deck_has_details_on_a_card_a_figure_and_a_milestone():
    content = load_content(MINI)
    kinds = {slide.kind: slide for slide in content.slides}
    assert any(card.detail for card in kinds["cards"].cards)
    assert any(card.detail is None for card in kinds["cards"].cards)
    assert any(figure.detail for figure in kinds["figures"].figures)
    assert any(event.detail for event in kinds["timeline"].events)


def test_a_detail_missing_a_language_is_an_error_with_path_and_language(make_deck):
    def drop_korean(data: dict) -> None:
        card, _ = cards_with_detail(data)
        del slide_of(data, "cards")["cards"][card]["detail"]["ko"]

    path = make_deck(drop_korean)
    data = json.loads(path.read_text(encoding="utf-8"))
    card, _ = cards_with_detail(data)
    where = f"$.slides[{index_of(data['slides'], 'cards')}].cards[{card}].detail"
    with pytest.raises(ContentError) as caught:
        load_content(path)
    assert [(p.path, p.message) for p in caught.value.problems] == [
        (where, "missing translation for 'ko' (한국어); expected every language")
    ]


@pytest.mark.parametrize(
    ("char", "says"),
    [("\u202e", "bidirectional control"), ("\x07", "control character")],
)
def test_a_detail_gets_the_text_checks(make_deck, char, says):
    def spoil(data: dict) -> None:
        figure = next(f for f in slide_of(data, "figures")["figures"] if "detail" in f)
        figure["detail"]["ja"] += char

    path = make_deck(spoil)
    with pytest.raises(ContentError) as caught:
        load_content(path)
    [problem] = caught.value.problems
    assert problem.path.endswith(".detail.ja") and ".figures[" in problem.path
    assert says in problem.message


def test_a_detail_has_its_own_limit_outside_the_pages_budget(make_deck, capsys):
    words = LIMITS["detail"]["words"]

    def lengthen(data: dict) -> None:
        event = next(e for e in slide_of(data, "timeline")["events"] if "detail" in e)
        # over the page's budget alone, within the detail's own limit: no warning
        event["detail"]["en"] = " ".join(["word"] * (LIMITS["page"]["words"] + 5))

    assert length_warnings(load_content(make_deck(lengthen))) == []

    def overlong(data: dict) -> None:
        event = next(e for e in slide_of(data, "timeline")["events"] if "detail" in e)
        event["detail"]["en"] = " ".join(["word"] * (words + 3))

    path = make_deck(overlong)
    [warning] = length_warnings(load_content(path))
    assert (warning.role, warning.lang, warning.length) == ("detail", "en", words + 3)
    assert ".events[" in warning.path and warning.path.endswith(".detail.en")
    assert main(["validate", str(path)]) == 0
    assert f"{warning.path}: warning: detail in en has {words + 3} words" in capsys.readouterr().err
    assert main(["validate", "--strict", str(path)]) == 1
    assert f"{warning.path}: error: detail in en" in capsys.readouterr().err


def test_the_schema_has_a_detail_on_cards_figures_and_events(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    for record in ("Card", "Figure", "Event"):
        detail = schema["$defs"][record]["properties"]["detail"]
        text = next(option for option in detail["anyOf"] if option.get("type") == "object")
        [strings] = text["patternProperties"].values()
        assert strings["maxLength"] > 400  # longer than a text on a page may be
    assert "detail" not in schema["$defs"]["Card"].get("required", [])


def test_details_reach_translators_with_their_path(tmp_path: Path, capsys):
    assert main(["content", "export", str(tmp_path), "--content", str(MINI)]) == 0
    capsys.readouterr()
    with (tmp_path / "ko.po").open("rb") as stream:
        catalog = {m.context: m for m in read_po(stream) if m.context}
    data = json.loads(MINI.read_text(encoding="utf-8"))
    card, _ = cards_with_detail(data)
    context = f"$.slides[id=tiles].cards[{card}].detail"
    message = catalog[context]
    detail = slide_of(data, "cards")["cards"][card]["detail"]
    assert (message.id, message.string) == (detail["en"], detail["ko"])
    assert f"aim: at most {LIMITS['detail']['ko']} syllables" in " ".join(message.auto_comments)
    assert any(c.endswith(".detail") and ".events[" in c for c in catalog)
    assert any(c.endswith(".detail") and ".figures[" in c for c in catalog)


def test_a_translated_detail_comes_back_from_its_po_file(make_deck, tmp_path, capsys):
    from babel.messages.pofile import write_po

    deck = make_deck()
    folder = tmp_path / "po"
    assert main(["content", "export", str(folder), "--content", str(deck)]) == 0
    data = json.loads(deck.read_text(encoding="utf-8"))
    event = next(i for i, e in enumerate(slide_of(data, "timeline")["events"]) if "detail" in e)
    context = f"$.slides[id=history].events[{event}].detail"
    with (folder / "ja.po").open("rb") as stream:
        catalog = read_po(stream)
    next(m for m in catalog if m.context == context).string = "新しい訳文です。"
    with (folder / "ja.po").open("wb") as stream:
        write_po(stream, catalog)
    capsys.readouterr()
    assert main(["content", "import", str(folder), "--content", str(deck)]) == 0
    content = load_content(deck)
    timeline = next(s for s in content.slides if s.kind == "timeline")
    assert timeline.events[event].detail["ja"] == "新しい訳文です。"


# --- the panel in the real window --------------------------------------------------------


def show_page(window, qtbot, kind: str):
    """Go to the first slide of `kind` (a visitor's jump, as from the overview); its view,
    once it is the live page (a change in motion switches it at its end)."""
    index = next(i for i, s in enumerate(window.content.slides) if s.kind == kind)
    window.go_to(index)
    view = window.stage.views[index]
    qtbot.waitUntil(lambda: window.stage.page() is view, timeout=3000)
    return index, view


def element(view, with_detail: bool, left_half: bool | None = None):
    """A target of the page (kiosk.ui.detail.targets), found by whether it has a detail."""
    from kiosk.ui.detail import targets

    for target in targets(view):
        if bool(target.detail) != with_detail:
            continue
        centre = target.rect_in(view).center()
        if left_half is None or (centre.x() < view.width() / 2) == left_half:
            return target
    raise AssertionError(f"no element with_detail={with_detail} left_half={left_half}")


def tap(qtbot, view, target) -> None:
    """A real click in the middle of the element, sent to the widget drawn there."""
    from PySide6.QtCore import Qt

    centre = target.rect_in(view).center()
    widget = view.childAt(centre) or view
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.mapFrom(view, centre))


def panel_of(window):
    from kiosk.ui.detail import DetailPanel

    return window.findChild(DetailPanel)


@pytest.mark.parametrize("kind", ["cards", "figures", "timeline"])
def test_a_tap_on_an_element_with_a_detail_opens_it(make_window, qtbot, kind):
    from PySide6.QtCore import QPoint, QRect

    window = make_window()
    index, view = show_page(window, qtbot, kind)
    target = element(view, with_detail=True)
    tap(qtbot, view, target)
    panel = panel_of(window)
    qtbot.waitUntil(panel.isVisible, timeout=2000)
    assert panel.text.text() == target.detail["en"]
    assert panel.heading.text() == target.title("en") and panel.heading.text()
    assert panel.text.lines()  # broken into lines by kiosk.linebreak, as every text
    assert window.navigator.index == index  # the tap did not turn the page
    stage = window.stage
    assert panel.geometry() == window.rect()  # the whole window dims
    page = QRect(stage.mapTo(window, QPoint(0, 0)), stage.size())
    assert page.contains(panel.card.geometry())  # the card stays on the page's place


def test_a_touch_opens_a_detail_and_a_touch_outside_closes_it(make_window, qtbot):
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    window = make_window()
    index, view = show_page(window, qtbot, "timeline")
    target = element(view, with_detail=True)
    device, handle = QTest.createTouchDevice(), window.windowHandle()

    def touch(where: QPoint) -> None:
        QTest.touchEvent(handle, device).press(0, where).commit()
        QTest.touchEvent(handle, device).release(0, where).commit()

    touch(view.mapTo(window, target.rect_in(view).center()))
    panel = panel_of(window)
    qtbot.waitUntil(panel.isVisible, timeout=2000)
    assert panel.text.text() == target.detail["en"]
    touch(panel.mapTo(window, panel.card.geometry().topRight() + QPoint(8, -8)))
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=2000)
    assert window.navigator.index == index


def test_the_panel_shows_the_language_chosen(make_window, qtbot):
    from PySide6.QtCore import Qt

    window = make_window()
    qtbot.mouseClick(window.languages.buttons["ko"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.lang == "ko", timeout=2000)
    _index, view = show_page(window, qtbot, "timeline")
    target = element(view, with_detail=True)
    tap(qtbot, view, target)
    panel = panel_of(window)
    qtbot.waitUntil(panel.isVisible, timeout=2000)
    assert panel.text.text() == target.detail["ko"]
    assert panel.heading.text() == target.title("ko")
    assert panel.eyebrow.text() == target.eyebrow("ko")  # the date, as the page writes it


def test_a_tap_on_the_chrome_closes_the_panel_and_does_nothing_else(make_window, qtbot):
    from PySide6.QtCore import Qt

    window = make_window()
    index, panel = open_detail(window, qtbot)
    button = window.languages.buttons["ja"]
    centre = panel.mapFrom(window, button.mapTo(window, button.rect().center()))
    qtbot.mouseClick(panel, Qt.MouseButton.LeftButton, pos=centre)
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=2000)
    assert window.lang == "en" and window.navigator.index == index


def test_elements_with_a_detail_carry_a_mark(make_window, qtbot):
    from kiosk.ui.detail import Mark, targets

    window = make_window()
    _index, view = show_page(window, qtbot, "cards")
    marked = {t.key: t.host.findChild(Mark) is not None for t in targets(view)}
    expected = {t.key: bool(t.detail) for t in targets(view)}
    assert marked == expected and any(marked.values()) and not all(marked.values())
    mark = element(view, with_detail=True).host.findChild(Mark)
    assert mark.isVisible() and mark.width() > 0


def open_detail(window, qtbot, kind: str = "cards"):
    index, view = show_page(window, qtbot, kind)
    tap(qtbot, view, element(view, with_detail=True))
    panel = panel_of(window)
    qtbot.waitUntil(panel.isVisible, timeout=2000)
    return index, panel


def test_a_tap_outside_the_panel_closes_it(make_window, qtbot):
    from PySide6.QtCore import QPoint, Qt

    window = make_window()
    index, panel = open_detail(window, qtbot)
    inside = panel.card.geometry().center()
    qtbot.mouseClick(panel, Qt.MouseButton.LeftButton, pos=inside)
    assert panel.isVisible()  # a tap on the text itself keeps it open
    corner = panel.card.geometry().topLeft() - QPoint(10, 10)
    qtbot.mouseClick(panel, Qt.MouseButton.LeftButton, pos=corner)
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=2000)
    assert window.navigator.index == index  # the closing tap turned no page


@pytest.mark.parametrize("key", ["Key_Escape", "Key_Backspace"])
def test_escape_and_back_close_the_panel_and_stay_on_the_page(make_window, qtbot, key):
    from PySide6.QtCore import Qt

    window = make_window()
    index, panel = open_detail(window, qtbot)
    qtbot.keyClick(window, getattr(Qt.Key, key))
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=2000)
    assert window.navigator.index == index


def ticks(window, qtbot, count: int = 3) -> None:
    for _ in range(count):
        with qtbot.waitSignal(window.ticker.timeout, timeout=2000):
            pass


def test_the_loop_stays_while_open_and_the_idle_closes_it(make_window, qtbot, clock):
    window = make_window(idle_resume=45, idle_home=120)
    index, panel = open_detail(window, qtbot, "timeline")
    clock.now += 40  # past the page's duration (10 s), not the idle time
    ticks(window, qtbot)
    assert panel.isVisible() and window.navigator.index == index
    clock.now += 10  # the visitor idle time: the loop resumes, the panel goes
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=2000)
    assert window.navigator.index == index  # resumed on the same page


def test_the_long_idle_closes_it_and_goes_home(make_window, qtbot, clock):
    window = make_window(idle_resume=45, idle_home=120)
    _index, panel = open_detail(window, qtbot, "figures")
    panel.show()  # as if the resume had not closed it: the long idle must, on its own
    clock.now += 121
    qtbot.waitUntil(lambda: window.navigator.index == 0, timeout=2000)
    assert not panel.isVisible()


def test_a_tap_on_an_element_without_a_detail_does_nothing(make_window, qtbot):
    window = make_window()
    index, view = show_page(window, qtbot, "cards")
    target = element(view, with_detail=False, left_half=True)
    tap(qtbot, view, target)
    ticks(window, qtbot)
    assert not panel_of(window).isVisible()
    assert window.navigator.index == index  # not back a slide, though in the left half


def test_a_tap_beside_the_elements_still_turns_the_page(make_window, qtbot):
    from PySide6.QtCore import QPoint, Qt

    window = make_window()
    index, view = show_page(window, qtbot, "cards")
    stage = window.stage
    # the right edge of the stage, below the title: no element there
    qtbot.mouseClick(
        stage, Qt.MouseButton.LeftButton, pos=QPoint(stage.width() - 3, stage.height() - 3)
    )
    qtbot.waitUntil(lambda: window.navigator.index == (index + 1) % len(window.content.slides))
    assert not panel_of(window).isVisible()


def test_the_panel_comes_and_goes_through_the_motion_system(make_window, qtbot):
    from PySide6.QtCore import Qt

    from kiosk.ui.motion import motion_of

    window = make_window(transition_ms=250)
    _index, view = show_page(window, qtbot, "figures")
    layer = motion_of(window)
    qtbot.waitUntil(lambda: not layer.running(), timeout=3000)  # the jump's own change
    tap(qtbot, view, element(view, with_detail=True))
    panel = panel_of(window)
    assert panel.isVisible() and layer.running()  # the live panel is under the motion
    assert layer.direction == (0, 1)  # it rises from below
    qtbot.waitUntil(lambda: not layer.running(), timeout=3000)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not panel.isVisible() and layer.running() and layer.direction == (0, -1)
    qtbot.waitUntil(lambda: not layer.running(), timeout=3000)


def test_the_panel_comes_and_goes_frame_by_frame(make_window, qtbot, monkeypatch):
    """Every frame of opening and closing is the window before, the window with the panel,
    or a blend of the two with the panel travelling up (opening) or down (closing); the
    frames are the whole window's, as the panel dims the chrome too (tests/test_motion)."""
    import numpy as np
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtGui import QImage
    from PySide6.QtTest import QTest

    import tests.test_motion as frames
    from kiosk.ui import motion

    def whole(window) -> np.ndarray:
        image = window.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        data = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
        rows = data.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 4]
        return rows.reshape(image.height(), image.width(), 4)[:, :, :3].astype(np.int16)

    monkeypatch.setattr(frames, "area_of", whole)
    window = make_window(transition_ms=frames.MS)
    window.navigator.interact()  # the loop waits: only the test's own moves happen
    # A first key that moves nothing: the attract cue goes at the first input, and would
    # otherwise vanish inside the first measured change.
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Shift)
    index, view = show_page(window, qtbot, "cards")
    target = element(view, with_detail=True)
    panel = panel_of(window)
    frames.change(window, qtbot, frames.click(window, target.host), motion.UP)
    assert panel.isVisible()
    frames.change(window, qtbot, frames.key(window, Qt.Key.Key_Escape), motion.DOWN)
    assert not panel.isVisible()
    frames.change(window, qtbot, frames.click(window, target.host), motion.UP)

    def tap_outside() -> None:
        where = panel.mapTo(window, panel.card.geometry().bottomLeft() + QPoint(-8, 8))
        QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, pos=where)

    frames.change(window, qtbot, tap_outside, motion.DOWN)
    assert not panel.isVisible() and window.navigator.index == index


@pytest.mark.bundled
@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (3840, 2160)])
def test_every_bundled_detail_fits_its_panel(make_window, qtbot, size):
    """Every detail of the bundled deck (whatever it holds), in every language, opened by a
    tap: the card stays on the page area, shows its whole text in the type scale."""
    from conftest import CONTENT
    from PySide6.QtCore import QPoint, QRect, Qt

    from kiosk.ui import theme
    from kiosk.ui.detail import targets

    window = make_window(size=size, path=CONTENT)
    panel = panel_of(window)
    scale = theme.Scale.for_size(window.size())
    opened = 0
    for lang in window.content.language_codes:
        window.set_language(lang)
        for index, slide in enumerate(window.content.slides):
            view = window.stage.views[index]
            if not any(t.detail for t in targets(view)):
                continue
            window.go_to(index)
            qtbot.waitUntil(lambda v=view: window.stage.page() is v, timeout=3000)
            for target in [t for t in targets(view) if t.detail]:
                tap(qtbot, view, target)
                assert panel.isVisible(), (lang, target.key)
                assert panel.text.text() == target.detail[lang]
                page = QRect(window.stage.mapTo(window, QPoint(0, 0)), window.stage.size())
                card = panel.card.geometry()
                assert page.contains(card), (lang, target.key, card, page)
                needed = panel.box.totalHeightForWidth(card.width())
                assert needed <= card.height(), (lang, target.key, needed, card.height())
                assert panel.text.font().pixelSize() == scale.text("body"), (lang, slide.id)
                qtbot.keyClick(window, Qt.Key.Key_Escape)
                assert not panel.isVisible()
                opened += 1
    assert opened >= 5
