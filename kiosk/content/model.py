"""The content format as typed models. No Qt here: slides are views of these."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

MAX_TEXT = 400  # characters in one language of one text; a lobby slide never needs more

LanguageCode = Annotated[
    str, StringConstraints(pattern=r"^[a-z]{2,3}(_[A-Z][a-z]{3})?(_[A-Z]{2})?$")
]
# One string per offered language; which languages must be present is checked against
# `Content.languages` after parsing (see validate.py), where the JSON path is known.
Text = Annotated[
    dict[LanguageCode, Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT)]],
    Field(json_schema_extra={"description": "One plain-text string per language code"}),
]
AssetPath = Annotated[
    str,
    StringConstraints(min_length=1, max_length=255, pattern=r"^[^/\\:][^:]*$"),
    Field(description="Path relative to the content file, inside its folder"),
]
SlideId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
MonthOrYear = Annotated[str, StringConstraints(pattern=r"^(19|20)\d\d(-(0[1-9]|1[0-2]))?$")]
Seconds = Annotated[float, Field(ge=3, le=600)]
UnitId = Annotated[str, StringConstraints(pattern=r"^[a-z]+(-[a-z0-9]+)+$")]


class Strict(BaseModel):
    # defer_build: validators are built on first use, so a start from the content cache
    # (kiosk.content.cache) never pays for them.
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True, defer_build=True)


class Language(Strict):
    code: LanguageCode
    label: Annotated[str, StringConstraints(min_length=1, max_length=40)]


class Park(Strict):
    name: Text
    short_name: Text


class Figure(Strict):
    """A number (with unit and style) or a month/year, with its label."""

    value: Annotated[float, Field(ge=0, le=1e15)] | None = None
    unit: UnitId | None = None
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = None
    style: Literal["decimal", "compact", "percent"] = "decimal"
    at_least: bool = False
    date: MonthOrYear | None = None
    label: Text
    note: Text | None = None

    @model_validator(mode="after")
    def _value_or_date(self) -> Figure:
        if (self.value is None) == (self.date is None):
            raise ValueError("a figure needs exactly one of 'value' or 'date'")
        if self.date is not None and self.unit is not None:
            raise ValueError("a date figure takes no 'unit'")
        if self.currency is not None and (self.unit is not None or self.style == "percent"):
            raise ValueError("a money figure takes no 'unit' and is not a percentage")
        return self


class Card(Strict):
    icon: AssetPath | None = None
    title: Text
    text: Text | None = None


class Event(Strict):
    date: MonthOrYear
    text: Text


class SlideBase(Strict):
    id: SlideId
    duration: Seconds | None = None
    title: Text


class TitleSlide(SlideBase):
    kind: Literal["title"]
    eyebrow: Text | None = None
    subtitle: Text | None = None
    body: Text | None = None
    image: AssetPath | None = None


class FiguresSlide(SlideBase):
    kind: Literal["figures"]
    intro: Text | None = None
    figures: Annotated[list[Figure], Field(min_length=1, max_length=6)]


class CardsSlide(SlideBase):
    kind: Literal["cards"]
    intro: Text | None = None
    cards: Annotated[list[Card], Field(min_length=1, max_length=8)]


class BulletsSlide(SlideBase):
    kind: Literal["bullets"]
    intro: Text | None = None
    icon: AssetPath | None = None
    points: Annotated[list[Text], Field(min_length=1, max_length=6)]


class TimelineSlide(SlideBase):
    kind: Literal["timeline"]
    intro: Text | None = None
    events: Annotated[list[Event], Field(min_length=2, max_length=10)]

    @model_validator(mode="after")
    def _in_order(self) -> TimelineSlide:
        dates = [e.date for e in self.events]
        if dates != sorted(dates):
            raise ValueError("events must be in date order")
        return self


Slide = Annotated[
    TitleSlide | FiguresSlide | CardsSlide | BulletsSlide | TimelineSlide,
    Field(discriminator="kind"),
]
SLIDE_KINDS: tuple[str, ...] = ("title", "figures", "cards", "bullets", "timeline")

# Charts build on the types above, so they are imported here rather than at the top.
from kiosk.content.charts import Chart  # noqa: E402


class Content(Strict):
    format: Literal[1] = 1
    languages: Annotated[list[Language], Field(min_length=1, max_length=12)]
    default_language: LanguageCode
    default_duration: Seconds = 12
    park: Park
    slides: Annotated[list[Slide], Field(min_length=1, max_length=60)]
    charts: Annotated[list[Chart], Field(max_length=20)] = []

    @property
    def language_codes(self) -> list[str]:
        return [lang.code for lang in self.languages]

    def slide_index(self, slide_id: str) -> int | None:
        return next((i for i, s in enumerate(self.slides) if s.id == slide_id), None)
