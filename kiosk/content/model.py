"""The content format as typed, frozen dataclasses. No Qt here: slides are views of these.

Nor pydantic: importing it costs a third of the kiosk's start-up, and a start from the
content cache (kiosk.content.cache) needs none of it. The constraints are written as
`Rule`s in the annotations, which pydantic reads when kiosk.content.validate checks a file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from typing import Annotated, Any, Literal

MAX_TEXT = 400  # characters in one language of one text; a lobby slide never needs more


@dataclass(frozen=True)
class Rule:
    """Constraints on one value, in pydantic's `Field` terms.

    Follows the annotated-types grouping protocol, so pydantic expands it into a `Field`
    only while it builds a validator or a JSON Schema; until then nothing imports pydantic.
    """

    pattern: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    ge: float | None = None
    le: float | None = None
    discriminator: str | None = None
    description: str | None = None

    __is_annotated_types_grouped_metadata__ = True

    def __iter__(self) -> Iterator[Any]:
        from pydantic import Field

        yield Field(**{f.name: v for f in fields(self) if (v := getattr(self, f.name)) is not None})


# How pydantic treats every model below: unknown keys are errors, numbers are finite.
STRICT: dict[str, Any] = {"extra": "forbid", "allow_inf_nan": False}

LanguageCode = Annotated[str, Rule(pattern=r"^[a-z]{2,3}(_[A-Z][a-z]{3})?(_[A-Z]{2})?$")]
# One string per offered language; which languages must be present is checked against
# `Content.languages` after parsing (see validate.py), where the JSON path is known.
Text = Annotated[
    dict[LanguageCode, Annotated[str, Rule(min_length=1, max_length=MAX_TEXT)]],
    Rule(description="One plain-text string per language code"),
]
AssetPath = Annotated[
    str,
    Rule(
        min_length=1,
        max_length=255,
        pattern=r"^[^/\\:][^:]*$",
        description="Path relative to the content file, inside its folder",
    ),
]
SlideId = Annotated[str, Rule(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
MonthOrYear = Annotated[str, Rule(pattern=r"^(19|20)\d\d(-(0[1-9]|1[0-2]))?$")]
Seconds = Annotated[float, Rule(ge=3, le=600)]
UnitId = Annotated[str, Rule(pattern=r"^[a-z]+(-[a-z0-9]+)+$")]
Currency = Annotated[str, Rule(pattern=r"^[A-Z]{3}$")]

record = dataclass(frozen=True, kw_only=True)  # every class of the format


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
    date: MonthOrYear | None = None
    label: Text
    note: Text | None = None

    def __post_init__(self) -> None:
        if (self.value is None) == (self.date is None):
            raise ValueError("a figure needs exactly one of 'value' or 'date'")
        if self.date is not None and self.unit is not None:
            raise ValueError("a date figure takes no 'unit'")
        if self.currency is not None and (self.unit is not None or self.style == "percent"):
            raise ValueError("a money figure takes no 'unit' and is not a percentage")


@record
class Card:
    __pydantic_config__ = STRICT
    icon: AssetPath | None = None
    title: Text
    text: Text | None = None


@record
class Event:
    __pydantic_config__ = STRICT
    date: MonthOrYear
    text: Text


@record
class SlideBase:
    __pydantic_config__ = STRICT
    id: SlideId
    duration: Seconds | None = None
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


Slide = Annotated[
    TitleSlide | FiguresSlide | CardsSlide | BulletsSlide | TimelineSlide,
    Rule(discriminator="kind"),
]
SLIDE_KINDS: tuple[str, ...] = ("title", "figures", "cards", "bullets", "timeline")

# Charts build on the types above, so they are imported here rather than at the top.
from kiosk.content.charts import Chart  # noqa: E402


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

    @property
    def language_codes(self) -> list[str]:
        return [lang.code for lang in self.languages]

    def slide_index(self, slide_id: str) -> int | None:
        return next((i for i, s in enumerate(self.slides) if s.id == slide_id), None)
