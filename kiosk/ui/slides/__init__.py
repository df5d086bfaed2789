"""One small view per slide kind, chosen through a registry keyed by the content's `kind`."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from kiosk.content.model import Slide
from kiosk.ui.slides.base import SlideView
from kiosk.ui.slides.bullets import BulletsView
from kiosk.ui.slides.cards import CardsView
from kiosk.ui.slides.figures import FiguresView
from kiosk.ui.slides.timeline import TimelineView
from kiosk.ui.slides.title import TitleView

VIEWS: dict[str, type[SlideView]] = {
    view.kind: view for view in (TitleView, FiguresView, CardsView, BulletsView, TimelineView)
}


def view_for(
    slide: Slide, folder: Path, parent: QWidget | None = None, deferred: bool = False
) -> SlideView:
    if slide.kind == "photo" and "photo" not in VIEWS:
        # Registered on first use: a deck without photo pages never imports the decoder.
        from kiosk.ui.slides.photo import PhotoView

        VIEWS["photo"] = PhotoView
    if slide.kind == "video" and "video" not in VIEWS:
        # Registered on first use too; QtMultimedia itself waits for the first video page.
        from kiosk.ui.slides.video import VideoView

        VIEWS["video"] = VideoView
    return VIEWS[slide.kind](slide, folder, parent, deferred)


__all__ = ["VIEWS", "SlideView", "view_for"]
