"""The building blocks of the content format, shared by model.py (slides) and charts.py.

`Rule`s carry the constraints in the annotations; pydantic reads them when
kiosk.content.validate checks a file. No Qt here, and no pydantic until a `Rule` is expanded.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from typing import Annotated, Any, dataclass_transform

from kiosk.frozen import frozen, share_methods

MAX_TEXT = 400  # characters in one language of one text; a lobby slide never needs more
MAX_DETAIL = 600  # a detail text, read on demand in a panel: room for a short paragraph


@frozen
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


# How pydantic treats every model of the format: unknown keys are errors, numbers are finite.
STRICT: dict[str, Any] = {"extra": "forbid", "allow_inf_nan": False}

LanguageCode = Annotated[str, Rule(pattern=r"^[a-z]{2,3}(_[A-Z][a-z]{3})?(_[A-Z]{2})?$")]
# One string per offered language; which languages must be present is checked against
# `Content.languages` after parsing (see validate.py), where the JSON path is known.
Text = Annotated[
    dict[LanguageCode, Annotated[str, Rule(min_length=1, max_length=MAX_TEXT)]],
    Rule(description="One plain-text string per language code"),
]
# The longer text a visitor opens by tapping a card, figure or milestone (kiosk.ui.detail).
Detail = Annotated[
    dict[LanguageCode, Annotated[str, Rule(min_length=1, max_length=MAX_DETAIL)]],
    Rule(description="A longer text shown on tap: one plain-text string per language code"),
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


@dataclass_transform(frozen_default=True, kw_only_default=True, field_specifiers=(field,))
def record[T](cls: type[T]) -> type[T]:
    """Every class of the format: a frozen, keyword-only dataclass (so type checkers see one),
    with the __eq__, __hash__ and __repr__ shared by the kiosk's frozen dataclasses
    (kiosk.frozen: made at every start to unpickle the content into, they are many)."""
    share_methods(cls)
    return dataclass(frozen=True, kw_only=True, eq=False, repr=False)(cls)
