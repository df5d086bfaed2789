"""The validated-content cache: reused only for the same bytes; anything else validates."""

from __future__ import annotations

import json

import pytest

from kiosk.content import ContentError, load_content
from kiosk.content.cache import cache_path, load_content_cached


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def test_first_load_validates_and_fills_the_cache(content_copy):
    content = load_content_cached(content_copy)
    assert content == load_content(content_copy)
    assert cache_path(content_copy.read_bytes()).is_file()


def test_second_load_reuses_the_cache(content_copy, monkeypatch):
    first = load_content_cached(content_copy)
    import kiosk.content.cache as cache

    monkeypatch.setattr(cache, "load_content", lambda path: pytest.fail("validated again"))
    assert load_content_cached(content_copy) == first


def test_a_changed_file_is_validated_again(content_copy, document):
    load_content_cached(content_copy)
    document["slides"][0]["title"]["en"] = "Changed"
    content_copy.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert load_content_cached(content_copy).slides[0].title["en"] == "Changed"
    document["slides"][0]["title"] = 12
    content_copy.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_content_cached(content_copy)
    assert err.value.problems[0].path == "$.slides[0].title"


def test_assets_are_checked_even_on_a_cache_hit(content_copy):
    load_content_cached(content_copy)
    (content_copy.parent / "icons" / "sector-aerospace.svg").unlink()
    with pytest.raises(ContentError) as err:
        load_content_cached(content_copy)
    assert "not found" in err.value.report()


def test_a_damaged_cache_falls_back_to_validation(content_copy):
    load_content_cached(content_copy)
    cache_path(content_copy.read_bytes()).write_bytes(b"not a pickle")
    assert load_content_cached(content_copy) == load_content(content_copy)
