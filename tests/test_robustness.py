"""Issue 13's robustness faults: the window never exceeds its screen, its state counts,
health.json is written early and on every change, commands fail loudly, and the small
environment and flag cases."""

from __future__ import annotations

import pytest

from tests.conftest import MINI, slide_of

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
