"""The content format as typed, frozen dataclasses. No Qt here: slides are views of these.

Nor pydantic: importing it costs a third of the kiosk's start-up, and a start from the
content cache (kiosk.content.cache) needs none of it. The constraints are written as
`Rule`s in the annotations, which pydantic reads when kiosk.content.validate checks a file.
"""

from __future__ import annotations

from dataclasses import field
from typing import Annotated, Literal

from kiosk.content.charts import Chart
from kiosk.content.schedules import TimeZone, Visit, Window

# The building blocks live in types.py (charts.py uses them too); they are re-exported here.
from kiosk.content.types import (
    STRICT,
    AssetPath,
    Currency,
    Detail,
    LanguageCode,
    MonthOrYear,
    Rule,
    Seconds,
    SlideId,
    Text,
    UnitId,
    record,
)


@record
class Language:
    __pydantic_config__ = STRICT
    code: LanguageCode
    label: Annotated[str, Rule(min_length=1, max_length=40)]


@record
class Park:
    __pydantic_config__ = STRICT
    name: Text
    short_name: Text


@record
class Figure:
    """A number (with unit and style) or a month/year, with its label."""

    __pydantic_config__ = STRICT
    value: Annotated[float, Rule(ge=0, le=1e15)] | None = None
    unit: UnitId | None = None
    currency: Currency | None = None
    style: Literal["decimal", "compact", "percent"] = "decimal"
    at_least: bool = False
    approx: bool = False  # an approximate value: 约90亿元, 약 17만㎡ (kiosk.formatting.ABOUT)
    date: MonthOrYear | None = None
    label: Text
    note: Text | None = None
    detail: Detail | None = None  # opened by a tap (kiosk.ui.detail); not in the loop

    def __post_init__(self) -> None:
        if (self.value is None) == (self.date is None):
            raise ValueError("a figure needs exactly one of 'value' or 'date'")
        if self.date is not None and self.unit is not None:
            raise ValueError("a date figure takes no 'unit'")
        if self.date is not None and (self.approx or self.at_least):
            raise ValueError("a date figure is not 'approx' nor 'at_least'")
        if self.currency is not None and (self.unit is not None or self.style == "percent"):
            raise ValueError("a money figure takes no 'unit' and is not a percentage")


@record
class Card:
    __pydantic_config__ = STRICT
    icon: AssetPath | None = None
    picture: AssetPath | None = None  # a JPEG, PNG or WebP across the card's top
    title: Text
    text: Text | None = None
    detail: Detail | None = None  # opened by a tap (kiosk.ui.detail); not in the loop


@record
class Event:
    __pydantic_config__ = STRICT
    date: MonthOrYear
    text: Text
    detail: Detail | None = None  # opened by a tap (kiosk.ui.detail); not in the loop
    planned: bool = False  # still to come: drawn in the deck's colour for what is planned


@record
class SlideBase:
    __pydantic_config__ = STRICT
    id: SlideId
    duration: Seconds | None = None
    schedule: Window | None = None  # when it is in the loop; always, without one
    title: Text


@record
class TitleSlide(SlideBase):
    kind: Literal["title"]
    eyebrow: Text | None = None
    subtitle: Text | None = None
    body: Text | None = None
    image: AssetPath | None = None


@record
class FiguresSlide(SlideBase):
    kind: Literal["figures"]
    intro: Text | None = None
    figures: Annotated[list[Figure], Rule(min_length=1, max_length=6)]


@record
class CardsSlide(SlideBase):
    kind: Literal["cards"]
    intro: Text | None = None
    cards: Annotated[list[Card], Rule(min_length=1, max_length=8)]


@record
class BulletsSlide(SlideBase):
    kind: Literal["bullets"]
    intro: Text | None = None
    icon: AssetPath | None = None
    points: Annotated[list[Text], Rule(min_length=1, max_length=6)]


@record
class TimelineSlide(SlideBase):
    kind: Literal["timeline"]
    intro: Text | None = None
    events: Annotated[list[Event], Rule(min_length=2, max_length=10)]

    def __post_init__(self) -> None:
        dates = [e.date for e in self.events]
        if dates != sorted(dates):
            raise ValueError("events must be in date order")


Share = Annotated[float, Rule(ge=0, le=1)]


@record
class PhotoSlide(SlideBase):
    """A picture (kiosk.content.pictures): across the page under its texts ("bleed"), or
    framed beside them ("frame"). `focus` is the point of the picture to keep in view when
    a screen of another shape crops it (0-1 from the left and from the top)."""

    kind: Literal["photo"]
    picture: AssetPath
    fit: Literal["bleed", "frame"] = "bleed"
    caption: Text | None = None
    credit: Text | None = None  # who made it, shown small
    alt: Text | None = None  # what it shows, for assistive tools; not drawn
    focus_x: Share = 0.5
    focus_y: Share = 0.5


@record
class VideoSlide(SlideBase):
    """A muted clip across the page (kiosk.content.clips: MP4/H.264 or WebM/VP8/VP9) under
    its title and caption. Played once (`loop` false: the page ends with the clip unless
    `duration` is given) or over and over while the page shows. `poster`: the picture shown
    before it plays and in renders; without one, the clip's first frame."""

    kind: Literal["video"]
    clip: AssetPath
    loop: bool = False
    poster: AssetPath | None = None
    caption: Text | None = None


Slide = Annotated[
    TitleSlide | FiguresSlide | CardsSlide | BulletsSlide | TimelineSlide | PhotoSlide | VideoSlide,
    Rule(discriminator="kind"),
]
SLIDE_KINDS: tuple[str, ...] = (
    "title", "figures", "cards", "bullets", "timeline", "photo", "video"
)  # fmt: skip


@record
class Content:
    __pydantic_config__ = STRICT
    format: Literal[1] = 1
    languages: Annotated[list[Language], Rule(min_length=1, max_length=12)]
    default_language: LanguageCode
    default_duration: Seconds = 12
    park: Park
    slides: Annotated[list[Slide], Rule(min_length=1, max_length=60)]
    charts: Annotated[list[Chart], Rule(max_length=20)] = field(default_factory=list)
    time_zone: TimeZone | None = None  # the park's; needed by schedules and visits
    display_off: Annotated[list[Window], Rule(max_length=20)] = field(default_factory=list)
    visits: Annotated[list[Visit], Rule(max_length=200)] = field(default_factory=list)

    @property
    def language_codes(self) -> list[str]:
        return [lang.code for lang in self.languages]

    def slide_index(self, slide_id: str) -> int | None:
        return next((i for i, s in enumerate(self.slides) if s.id == slide_id), None)
