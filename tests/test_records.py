"""kiosk.frozen.frozen and kiosk.content.types.record share one __eq__, __hash__ and
__repr__ among the kiosk's frozen dataclasses instead of having dataclass() compile them for
each (a start-up cost): they must do exactly what dataclass(frozen=True[, kw_only=True])
would."""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import dataclass, field

import pytest

from kiosk.content import load_content
from kiosk.content.types import record
from kiosk.frozen import frozen
from tests.conftest import MINI


def twins():
    """The same class made both ways: by record, and by dataclass() itself."""

    def body():
        class Thing:
            name: str
            count: int = 0
            note: str = field(default="", compare=False)
            secret: str = field(default="", repr=False)
            tags: tuple[str, ...] = field(default=(), hash=False)

        return Thing

    return record(body()), dataclass(frozen=True, kw_only=True)(body())


VALUES = [
    {"name": "a"},
    {"name": "a", "count": 2},
    {"name": "a", "note": "other note"},  # not compared: equal to the first
    {"name": "a", "secret": "s"},
    {"name": "a", "tags": ("x",)},
    {"name": "b", "count": float("nan")},
]


def test_a_record_compares_hashes_and_shows_as_a_dataclass_does():
    ours, theirs = twins()
    for a in VALUES:
        for b in VALUES:
            assert (ours(**a) == ours(**b)) == (theirs(**a) == theirs(**b)), (a, b)
            assert (ours(**a) != ours(**b)) == (theirs(**a) != theirs(**b)), (a, b)
        assert hash(ours(**a)) == hash(theirs(**a))
        assert repr(ours(**a)).replace("Thing", "X") == repr(theirs(**a)).replace("Thing", "X")
    nan = ours(**VALUES[-1])
    assert nan == nan  # the same float object, as in a dataclass's tuple comparison
    assert ours(name="a").__eq__(theirs(name="a")) is NotImplemented
    assert ours(name="a") != theirs(name="a")


def test_a_record_is_a_frozen_keyword_only_dataclass():
    ours, _theirs = twins()
    thing = ours(name="a")
    assert dataclasses.is_dataclass(thing)
    names = ["name", "count", "note", "secret", "tags"]
    assert [f.name for f in dataclasses.fields(thing)] == names
    with pytest.raises(dataclasses.FrozenInstanceError):
        thing.name = "b"  # type: ignore[misc]
    with pytest.raises(TypeError):
        ours("a")  # type: ignore[misc]  # keyword-only
    assert dataclasses.replace(thing, count=3) == ours(name="a", count=3)
    assert {thing, ours(name="a", note="n")} == {thing}  # hashable, note not compared


def test_content_compares_by_value_after_a_pickle_round_trip():
    content = load_content(MINI)
    again = pickle.loads(pickle.dumps(content))
    assert again == content and again is not content
    with pytest.raises(TypeError):  # texts are dicts: a slide is no more hashable than before
        hash(content.slides[0])
    assert repr(again) == repr(content)
    assert repr(content.slides[0]).startswith(f"{type(content.slides[0]).__qualname__}(id=")


def test_a_frozen_class_takes_positions_and_behaves_as_a_dataclass():
    def body():
        class Pair:
            left: int
            right: float = 0.0
            note: str = field(default="", compare=False)

        return Pair

    ours, theirs = frozen(body()), dataclass(frozen=True)(body())
    for a, b in [((1,), (1,)), ((1, 2.0), (1, 2.0, "n")), ((1,), (2,)), ((1, float("nan")),) * 2]:
        assert (ours(*a) == ours(*b)) == (theirs(*a) == theirs(*b))
        assert hash(ours(*a)) == hash(theirs(*a))
        assert repr(ours(*a)).replace("Pair", "X") == repr(theirs(*a)).replace("Pair", "X")
    with pytest.raises(dataclasses.FrozenInstanceError):
        ours(1).left = 2  # type: ignore[misc]
    assert ours(1, 2.0).__match_args__ == ("left", "right", "note")
