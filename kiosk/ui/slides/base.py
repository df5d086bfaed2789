"""What every slide view shares: a title, language switching, scaling and fitting."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QFont, QResizeEvent
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
from kiosk.ui.widgets import Icon, Source, TextLabel, localized

# The largest step at which the slide fits wins. Above 1.0 a sparse slide's text grows (the
# title keeps its size, so titles match across slides); below ~70% a slide would be hard to
# read from across the lobby, so the content must be shortened instead.
FIT_STEPS = (1.3, 1.2, 1.1, 1.0, 0.94, 0.88, 0.82, 0.76, 0.7)


class SlideView(QWidget):
    kind: ClassVar[str]
    slide: Slide  # each view narrows it to its own kind's model

    def __init__(self, slide: Slide, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slide, self.folder = slide, folder
        self.labels: list[TextLabel] = []
        self.icons: list[tuple[Icon, float]] = []
        self.lang = ""
        self.scale = theme.Scale.for_size(QSize(1920, 1080))
        self.fit_factor = 1.0
        self._fitted_for: tuple[str, int, int] | None = None
        self.failure: Exception | None = None  # what laying out raised inside a Qt event
        self.root = QVBoxLayout(self)
        self.root.setContentsMargins(0, 0, 0, 0)
        # The slide fits itself to the stage (see fit()); it must never make the window grow.
        self.setMinimumSize(1, 1)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.title = self.text(localized(slide.title), "title", QFont.Weight.Bold, part="title")
        self.build()

    # --- for subclasses ----------------------------------------------------------------
    def build(self) -> None:
        raise NotImplementedError

    def relayout(self) -> None:
        """Set spacings and columns for `self.scale` (called before fitting)."""

    def text(
        self, source: Source, role: str, weight: QFont.Weight = QFont.Weight.Normal, **kwargs: Any
    ) -> TextLabel:
        label = TextLabel(source, role, weight, **kwargs)
        self.labels.append(label)
        return label

    def icon(self, rel: str | None, units: float) -> Icon:
        widget = Icon(self.folder / rel if rel else None)
        self.icons.append((widget, units))
        return widget

    def grid_slide(self, intro: TextLabel) -> QGridLayout:
        """Title and intro at the top, then a grid centred in the space that is left."""
        grid = QGridLayout()
        self.root.addWidget(self.title)
        self.root.addWidget(intro)
        self.root.addStretch(1)
        self.root.addLayout(grid)
        self.root.addStretch(1)
        return grid

    @staticmethod
    def fill_grid(grid: QGridLayout, widgets: list[QWidget], columns: int) -> None:
        """Widgets row by row in `columns` equal columns."""
        for i, widget in enumerate(widgets):
            grid.addWidget(widget, i // columns, i % columns)
        for c in range(max(columns, grid.columnCount())):
            grid.setColumnStretch(c, 1 if c < columns else 0)

    def spacing(self, layout: QBoxLayout | QLayout, units: float) -> None:
        layout.setSpacing(self.scale.px(units))

    # --- driven by the window ----------------------------------------------------------
    def set_language(self, lang: str) -> None:
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
            self.fit()
        except Exception as exc:  # noqa: BLE001 — kept for prepare(), which raises it
            self.failure = exc
            self._fitted_for = None
        super().resizeEvent(event)

    def prepare(self, area: QRect, lang: str) -> None:
        """Size and lay out this slide for `area` in `lang`; raises what laying it out raised."""
        self.failure = None
        self.setGeometry(area)
        if self.failure is not None:
            failure, self.failure = self.failure, None
            raise failure
        self.set_language(lang)

    def fit(self) -> None:
        """Largest step of the type scale at which everything fits the slide's area."""
        key = (self.lang, self.width(), self.height())
        if not self.lang or key == self._fitted_for or self.width() < 50:
            return
        self._fitted_for = key
        self.relayout()
        for factor in FIT_STEPS:
            self.apply(factor)
            if self.fits():
                break

    def apply(self, factor: float) -> None:
        self.fit_factor = factor
        for label in self.labels:
            own = min(factor, 1.0) if label is self.title else factor
            label.restyle(self.lang, self.scale, own)
        for widget, units in self.icons:
            widget.set_side(self.scale.px(units * (0.5 + factor / 2)))
        # Nested layouts cache their height-for-width; the new fonts reach them only through
        # posted events, too late for the fitting loop, so clear every cache here.
        nested = self.findChildren(QLayout)
        for layout in nested:
            layout.invalidate()
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

    def entrance_rects(self) -> list[QRect]:
        """The pieces that enter one after another: the root layout's items, and the items
        of layouts directly inside it (cards, tiles, points, milestones)."""
        rects = []
        for i in range(self.root.count()):
            item = self.root.itemAt(i)
            inner = item.layout() if item is not None else None
            items = [inner.itemAt(j) for j in range(inner.count())] if inner else [item]
            rects += [
                it.geometry()
                for it in items
                if it is not None and not it.isEmpty() and it.spacerItem() is None
            ]
        return [r for r in rects if r.isValid()] or [self.rect()]
