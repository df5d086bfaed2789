"""The validated-content cache: reused only for the same bytes; anything else validates."""

from __future__ import annotations

import json

import pytest

from kiosk.content import ContentError, asset_paths, load_content
from kiosk.content.cache import cache_path, load_content_cached
from tests.conftest import index_of, slide_of, write


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture
def deck(make_deck):
    """A writable copy of the fixture deck; returns its JSON file's path."""
    return make_deck()


def test_first_load_validates_and_fills_the_cache(deck):
    content = load_content_cached(deck)
    assert content == load_content(deck)
    assert cache_path(deck.read_bytes()).is_file()


def test_second_load_reuses_the_cache(deck, monkeypatch):
    first = load_content_cached(deck)
    import kiosk.content.cache as cache

    monkeypatch.setattr(cache, "load_content_apart", lambda path: pytest.fail("validated again"))
    assert load_content_cached(deck) == first


def test_a_changed_file_is_validated_again(deck):
    load_content_cached(deck)
    data = json.loads(deck.read_text(encoding="utf-8"))
    slide = slide_of(data, "title")
    slide["title"]["en"] = "Changed"
    write(deck, data)
    content = load_content_cached(deck)
    assert content.slides[content.slide_index(slide["id"])].title["en"] == "Changed"
    slide["title"] = 12
    write(deck, data)
    with pytest.raises(ContentError) as err:
        load_content_cached(deck)
    assert err.value.problems[0].path == f"$.slides[{index_of(data['slides'], 'title')}].title"


def test_assets_are_checked_even_on_a_cache_hit(deck):
    load_content_cached(deck)
    where, asset = next(asset_paths(load_content(deck)))
    (deck.parent / asset).unlink()
    with pytest.raises(ContentError) as err:
        load_content_cached(deck)
    assert f"{deck}: {where}: " in err.value.report()
    assert "not found" in err.value.report()


def test_a_damaged_cache_falls_back_to_validation(deck):
    load_content_cached(deck)
    cache_path(deck.read_bytes()).write_bytes(b"not a pickle")
    assert load_content_cached(deck) == load_content(deck)
