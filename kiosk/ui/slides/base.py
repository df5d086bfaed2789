"""What every slide view shares: a title, the page grid, language switching and the type scale.

Every page of a language at a given screen size draws each role at one size (theme.TYPE,
issue #15): a page fits by its layout and by the editorial limits `kiosk validate`
enforces, never by shrinking its own text. Content starts at one top line on every page:
the header reserves room for a title of one line and an intro of two (in portrait, two
and three).
"""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetricsF, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QLayout,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.model import Slide
from kiosk.ui import theme
from kiosk.ui.widgets import Icon, Panel, Source, TextLabel, localized

# The last resort for content that is valid but too long for the screen (over the
# editorial limits, which `kiosk validate` warns about): the whole page, never one label,
# is drawn smaller, and the log says which page and language. Nothing is cut off.
LAST_RESORT_STEPS = (0.9, 0.8, 0.7, 0.6)
TITLE_LINES = (1, 2)  # lines the header reserves for the title: landscape, portrait
# ... and for the intro: a portrait line holds half a landscape one, and a portrait screen
# has the height to spare (the editorial limit keeps an intro to about two landscape lines)
INTRO_LINES = (2, 3)
log = logging.getLogger(__name__)


class SlideView(QWidget):
    kind: ClassVar[str]
    slide: Slide  # each view narrows it to its own kind's model

    built = Signal()  # its widgets exist (see ensure_built)
    title: TextLabel

    def __init__(
        self, slide: Slide, folder: Path, parent: QWidget | None = None, deferred: bool = False
    ) -> None:
        super().__init__(parent)
        self.slide, self.folder = slide, folder
        self.labels: list[TextLabel] = []
        self.icons: list[tuple[Icon, float]] = []
        self.lang = ""
        self.scale = theme.Scale.for_size(QSize(1920, 1080))
        self.fit_factor = 1.0
        self._fitted_for: tuple[str, int, int] | None = None
        self.failure: Exception | None = None  # what laying out raised inside a Qt event
        self.head: QWidget | None = None  # the title and intro (header())
        self.grid_cells: tuple[QGridLayout, list[QWidget]] | None = None  # fill_grid's
        self.intro_label: TextLabel | None = None
        self.root = QVBoxLayout(self)
        self.root.setContentsMargins(0, 0, 0, 0)
        # The slide fits itself to the stage (see fit()); it must never make the window grow.
        self.setMinimumSize(1, 1)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.is_built = False
        self.build_error: Exception | None = None
        if deferred:  # its widgets when first prepared (or warmed): see ensure_built
            return
        try:
            self.ensure_built()
        except Exception:
            self.deleteLater()  # a half-built view is left out: not a stray window (#14 item 8)
            raise

    def ensure_built(self) -> None:
        """Make the page's widgets, once. A window's start builds only the page it shows
        first; the others follow after its first frame (kiosk.ui.warm), as building all ten
        took ~25 ms of the start. Raises what building raised, each time it is asked."""
        if self.is_built:
            return
        if self.build_error is not None:
            raise self.build_error
        try:
            self.title = self.text(
                localized(self.slide.title), "title", QFont.Weight.Bold, part="title"
            )
            self.build()
        except Exception as exc:
            self.build_error = exc
            raise
        self.is_built = True
        self.built.emit()

    # --- for subclasses ----------------------------------------------------------------
    def build(self) -> None:
        raise NotImplementedError

    def relayout(self) -> None:
        """Set spacings and columns for `self.scale` (called before fitting)."""

    def settled(self) -> bool:
        """Whether the page is drawn as it will stay: not while a picture of it is still
        being decoded (kiosk.ui.pictures), so no change's snapshot is taken without it."""
        return True

    def text(
        self, source: Source, role: str, weight: QFont.Weight = QFont.Weight.Normal, **kwargs: Any
    ) -> TextLabel:
        label = TextLabel(source, role, weight, **{"parent": self, **kwargs})
        self.labels.append(label)
        return label

    def icon(self, rel: str | None, units: float) -> Icon:
        widget = Icon(self.folder / rel if rel else None, self)
        self.icons.append((widget, units))
        return widget

    def header(self, intro: TextLabel | None = None) -> None:
        """The title and intro at the top, in a box of a fixed height (see reserve_header),
        so what follows starts at one top line on every page."""
        self.head = QWidget(self)
        self.head_box = box = QVBoxLayout(self.head)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.title)
        self.intro_label = intro
        if intro is not None:
            box.addWidget(intro)
        box.addStretch(1)
        self.root.addWidget(self.head)

    def grid_slide(self, intro: TextLabel) -> QGridLayout:
        """The header, then a grid that hangs from the top line (not centred in what is
        left: card tops stay put from page to page)."""
        grid = QGridLayout()
        self.header(intro)
        self.root.addLayout(grid)
        self.root.addStretch(1)
        return grid

    def fill_grid(
        self, grid: QGridLayout, widgets: list[QWidget], columns: int, keep: bool = False
    ) -> None:
        """Widgets row by row in `columns` equal columns; a last row that is short is
        centred under the full ones (seven cards: 4 + 3, with no hole at the end).
        With `keep`, fewer widgets than columns keep a column's width and stand centred."""
        self.grid_cells = (grid, widgets)
        for widget in widgets:
            grid.removeWidget(widget)
        n = len(widgets)
        columns = max(1, columns if keep else min(columns, n))
        short = n % columns
        for i, widget in enumerate(widgets):
            row, col = divmod(i, columns)
            # Each widget spans two half-columns, so a short row can start half a column in.
            offset = columns - short if short and row == n // columns else 0
            grid.addWidget(widget, row, 2 * col + offset, 1, 2)
        for c in range(max(2 * columns, grid.columnCount())):
            grid.setColumnStretch(c, 1 if c < 2 * columns else 0)
            grid.setColumnMinimumWidth(c, 0)

    def spacing(self, layout: QBoxLayout | QLayout, units: float) -> None:
        layout.setSpacing(self.scale.px(units))

    # --- driven by the window ----------------------------------------------------------
    def set_language(self, lang: str) -> None:
        self.ensure_built()
        if lang == self.lang:
            return
        self.lang = lang
        for label in self.labels:
            label.show_language(lang)
        self._fitted_for = None
        self.fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        new = theme.Scale.for_size(self.window().size() if self.window() else event.size())
        if new != self.scale:
            self.scale = new
            self._fitted_for = None
        # An exception must not cross Qt's C++ frames: PySide 6.12 leaves it set and crashes
        # in a later call. It is kept and raised again by prepare(), where the window skips
        # the slide.
        try:
            if self.is_built:  # an unbuilt page has nothing to fit (see ensure_built)
                self.fit()
        except Exception as exc:  # noqa: BLE001 — kept for prepare(), which raises it
            self.failure = exc
            self._fitted_for = None
        super().resizeEvent(event)

    def prepare(self, area: QRect, lang: str) -> None:
        """Size and lay out this slide for `area` in `lang`; raises what laying it out raised."""
        self.ensure_built()
        self.failure = None
        # A hidden slide (the overview's thumbnails, the next page) gets no resize event
        # until it is shown: take the screen's scale and fit here, or it would be laid out
        # for the last size it saw.
        scale = theme.Scale.for_size(self.window().size())
        if scale != self.scale:
            self.scale, self._fitted_for = scale, None
        self.setGeometry(area)
        if self.failure is not None:
            failure, self.failure = self.failure, None
            raise failure
        self.set_language(lang)
        self.fit()

    def fit(self) -> None:
        """The type scale as it is; the whole page smaller only if it cannot fit (logged)."""
        key = (self.lang, self.width(), self.height())
        if not self.lang or key == self._fitted_for or self.width() < 50:
            return
        self._fitted_for = key
        self.relayout()
        self.apply(1.0)
        if self.fits():
            return
        for factor in LAST_RESORT_STEPS:
            self.apply(factor)
            if self.fits():
                break
        if not self.testAttribute(Qt.WidgetAttribute.WA_Resized):
            return  # not placed yet (Qt's default 640x480): its real size will say
        log.warning(
            "slide %s (%s) does not fit %dx%d at the type scale: drawn at %d%% "
            "(shorten its text; `kiosk validate --strict` lists texts over the limits)",
            self.slide.id, self.lang, self.width(), self.height(), round(self.fit_factor * 100)
        )  # fmt: skip

    def reserve_header(self, factor: float) -> None:
        """Room for a title of TITLE_LINES and an intro of INTRO_LINES, whatever this page's
        texts are, so the content below starts at the same line on every page."""
        head = self.head
        if head is None:
            return
        gap = self.scale.px(22 * factor)
        self.head_box.setSpacing(gap)

        def lines_of(label: TextLabel, n: int) -> float:  # as TextLabel measures its text
            metrics = QFontMetricsF(label.font())
            return metrics.height() + (n - 1) * metrics.lineSpacing()

        height = lines_of(self.title, TITLE_LINES[self.scale.portrait])
        if self.intro_label is not None:
            height += gap + lines_of(self.intro_label, INTRO_LINES[self.scale.portrait])
        height = math.ceil(height) + 2  # each label rounds its own height up
        head.setMinimumHeight(height)

    def apply(self, factor: float) -> None:
        self.fit_factor = factor
        for label in self.labels:
            label.restyle(self.lang, self.scale, factor)
        for widget, units in self.icons:
            widget.set_side(self.scale.px(units * factor))
        for panel in self.findChildren(Panel):
            panel.set_scale(self.scale)
        self.reserve_header(factor)
        # Nested layouts cache their height-for-width; the new fonts reach them only through
        # posted events, too late for the fitting check, so clear every cache here.
        nested = self.findChildren(QLayout)
        for layout in nested:
            layout.invalidate()
        self.equal_columns()
        for layout in reversed(nested):  # inner panels first: their size feeds the outer grid
            layout.activate()
        self.root.invalidate()
        self.root.activate()

    def fits(self) -> bool:
        layout = self.root
        if layout.minimumSize().width() > self.width():
            return False
        if layout.hasHeightForWidth():
            return layout.totalHeightForWidth(self.width()) <= self.height()
        return layout.totalMinimumSize().height() <= self.height()

    def equal_columns(self) -> None:
        """Every column of the grid as wide as the widest card needs: one long phrase
        (国際大学イノベーション連盟 cannot wrap) must not make its column the odd one."""
        if self.grid_cells is None:
            return
        grid, widgets = self.grid_cells
        widest = max((w.minimumSizeHint().width() for w in widgets), default=0)
        half = (widest - grid.horizontalSpacing() + 1) // 2  # a card spans two half-columns
        for c in range(grid.columnCount()):
            grid.setColumnMinimumWidth(c, max(0, half) if grid.columnStretch(c) else 0)

    def entrance_rects(self) -> list[QRect]:
        """The pieces that enter one after another: the root layout's items, and the items
        of layouts directly inside it (cards, tiles, points, milestones)."""
        rects = []
        for i in range(self.root.count()):
            item = self.root.itemAt(i)
            inner = item.layout() if item is not None else None
            head = self.head
            shift = QPoint(0, 0)
            if item is not None and head is not None and item.widget() is head:
                inner, shift = head.layout(), head.pos()  # the title, then the intro
            items = [inner.itemAt(j) for j in range(inner.count())] if inner else [item]
            rects += [
                it.geometry().translated(shift)
                for it in items
                if it is not None and not it.isEmpty() and it.spacerItem() is None
            ]
        return [r for r in rects if r.isValid()] or [self.rect()]
