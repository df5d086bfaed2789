"""Validation in a child process: same results as in the kiosk, and no pydantic kept in it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kiosk.content import ContentError, apart, load_content
from kiosk.content.apart import load_content_apart
from tests.conftest import ROOT, slide_of, write


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def test_the_child_gives_the_same_content(make_deck):
    deck = make_deck()
    assert load_content_apart(deck) == load_content(deck)


def test_the_child_gives_the_same_problems(make_deck):
    deck = make_deck()
    data = json.loads(deck.read_text(encoding="utf-8"))
    slide_of(data, "title")["title"] = 12
    data["languages"][0]["label"] = ""
    write(deck, data)
    with pytest.raises(ContentError) as here:
        load_content(deck)
    with pytest.raises(ContentError) as child:
        load_content_apart(deck)
    assert child.value.problems == here.value.problems
    assert child.value.report() == here.value.report()


def test_a_child_that_hangs_is_stopped_and_reported(make_deck, monkeypatch):
    deck = make_deck()
    monkeypatch.setattr(apart, "TIMEOUT_S", 1.0)
    hang = "import threading; threading.Event().wait()"
    monkeypatch.setattr(apart, "command", lambda path: [sys.executable, "-c", hang])
    with pytest.raises(ContentError) as err:
        load_content_apart(deck)
    assert "validation took over 1 s" in err.value.report()


def test_without_a_child_the_kiosk_validates_itself(make_deck, monkeypatch, caplog):
    deck = make_deck()
    monkeypatch.setattr(apart, "command", lambda path: [str(deck.parent / "no-such-program")])
    assert load_content_apart(deck) == load_content(deck)
    assert "cannot validate in a child process" in caplog.text


def test_a_child_that_crashes_is_an_error_not_content(make_deck, monkeypatch):
    deck = make_deck()
    crash = "import sys; sys.stderr.write('boom\\n'); sys.exit(1)"
    monkeypatch.setattr(apart, "command", lambda path: [sys.executable, "-c", crash])
    with pytest.raises(RuntimeError, match="exit 1.*boom"):
        load_content_apart(deck)


def test_a_new_file_leaves_no_pydantic_in_the_kiosk(make_deck, tmp_path):
    """What the kiosk does at a start on a new file and on every reload: load_content_cached.
    Run in a fresh interpreter, since this test process has imported pydantic long ago."""
    deck = make_deck()
    script = (
        "import sys; from kiosk.content.cache import load_content_cached\n"
        f"content = load_content_cached({str(deck)!r})\n"
        "print(len(content.slides), 'pydantic' in sys.modules)\n"
    )
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    slides = len(load_content(deck).slides)
    assert done.stdout.split() == [str(slides), "False"]
