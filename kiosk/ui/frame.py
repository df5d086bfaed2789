"""The chrome around the page area, built and sized for the window: the top bar (logo,
park, languages) and the bottom bar (arrows, overview, dots, charts)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout

from kiosk.i18n import _
from kiosk.ui.chrome import ChromeButton, LanguageBar, Position
from kiosk.ui.widgets import Icon, TextLabel

if TYPE_CHECKING:
    from kiosk.content import Content
    from kiosk.loop import Page
    from kiosk.ui.window import KioskWindow


def build_top(w: KioskWindow) -> QGridLayout:
    w.logo = Icon(w.folder / "art" / "logo-mark.svg", w)
    w.park_name = TextLabel(lambda lang: "", "chrome", parent=w, part="park-name")
    for widget in (w.logo, w.park_name):  # the top bar keeps its height on the welcome page
        policy = widget.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        widget.setSizePolicy(policy)
    w.model.page_changed.connect(lambda moved: show_name(w, moved.page))
    w.languages = LanguageBar([], w)
    top = QGridLayout()  # one row in landscape; the languages get a row in portrait
    top.addWidget(w.logo, 0, 0)
    top.addWidget(w.park_name, 0, 1)
    top.setColumnStretch(1, 1)
    return top


def show_name(w: KioskWindow, page: Page | None) -> None:
    """The short name heads every page but the welcome page, which shows the full name
    (issue #16): the deck's first slide when it is a title slide."""
    first = w.content.slides[0] if w.content and w.content.slides else None
    welcome = first is not None and first.kind == "title"
    on_it = page is not None and page.kind == "slide" and first is not None and page.id == first.id
    for widget in (w.logo, w.park_name):  # the welcome page shows the mark at its own size
        widget.setVisible(not (welcome and on_it))


def build_bottom(w: KioskWindow) -> QHBoxLayout:
    model = w.model
    w.previous_button = ChromeButton(arrow=-1, parent=w)
    w.previous_button.setObjectName("previous")
    w.previous_button.clicked.connect(model.previous)
    w.next_button = ChromeButton(arrow=1, parent=w)
    w.next_button.setObjectName("next")
    w.next_button.clicked.connect(model.next)
    w.position = Position(0, w)
    w.position.chosen.connect(w.pages.dot_chosen)
    w.overview_button = ChromeButton(_("All slides"), parent=w)
    w.overview_button.setObjectName("overview")
    w.overview_button.clicked.connect(model.toggle_overview)
    bottom = QHBoxLayout()
    bottom.addWidget(w.previous_button)
    bottom.addWidget(w.overview_button)
    bottom.addWidget(w.position, 1)
    bottom.addWidget(w.next_button)
    return bottom


def set_languages(w: KioskWindow, content: Content) -> None:
    """A language bar for the content's languages; a tap is a visitor's choice."""
    w.languages.deleteLater()
    w.languages = LanguageBar([(lang.code, lang.label) for lang in content.languages], w)
    w.languages.chosen.connect(w.language_chosen)  # counted (kiosk.ui.metrics), then shown
    w.languages.chosen.connect(w.model.choose_language)


def restyle(w: KioskWindow) -> None:
    """Sizes for the window's scale; the languages' row for its orientation."""
    s, lang = w.scale, w.shown_lang
    w.top.removeWidget(w.languages)
    if s.portrait:
        w.top.addWidget(w.languages, 1, 0, 1, 2, Qt.AlignmentFlag.AlignLeft)
    else:
        w.top.addWidget(w.languages, 0, 2)
    side = s.px(96 if s.portrait else 80)
    w.root.setContentsMargins(side, s.px(36), side, s.px(30))
    w.root.setSpacing(s.px(28))
    w.top.setHorizontalSpacing(s.px(18))
    w.top.setVerticalSpacing(s.px(24))
    # The mark stands as tall as two lines of the chrome's type: it reads from the lobby.
    w.logo.set_side(round(s.text("chrome") * 2.4))
    if lang:
        w.park_name.restyle(lang, s, 1.0)
    show_name(w, w.model.page)  # new content lands on its page without a move
    w.languages.restyle(s)
    w.position.restyle(s)
    w.charts.restyle(s, lang or "en")
    for button in (w.previous_button, w.next_button, w.overview_button):
        button.restyle(s, lang or "en")
    w.root.activate()
    w.stage.overlay.background = w.background
    w.stage.overlay.duration_ms = w.settings.transition_ms if w.live else 0
