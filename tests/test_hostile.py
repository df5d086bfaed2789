"""Hostile content files: every kind of damage must end in a ContentError, never a traceback.

Each case builds a broken file inside a copy of the fixture deck's folder (tests/decks/mini)
and names where the problem must be reported (a JSON path prefix, computed from the deck:
pages are found by kind) and a fragment of the message. The same cases then go through the
real command line in subprocesses.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.cli import main
from kiosk.content import ContentError, load_content
from tests.conftest import MINI, index_of, run_kiosk, slide_of, write

# Words that make a message a clear reason even without "expected".
REASONS = ("expected", "must", "needs", "takes no", "invalid JSON")


def raw(data: bytes) -> Callable[[Path, dict], Path]:
    def build(file: Path, document: dict) -> Path:
        file.write_bytes(data)
        return file

    return build


SLOT = "<verbatim>"


def verbatim(*loc: str | int, text: str) -> Callable[[Path, dict], Path]:
    """The deck with the value at `loc` written as `text`, as is (for what json.dumps cannot
    write: NaN, 1e999, a repeated key, a lone surrogate)."""

    def build(file: Path, document: dict) -> Path:
        node = document
        for part in loc[:-1]:
            node = node[part]
        node[loc[-1]] = SLOT
        source = json.dumps(document, ensure_ascii=False, indent=1)
        assert source.count(json.dumps(SLOT)) == 1, loc
        file.write_text(source.replace(json.dumps(SLOT), text), encoding="utf-8")
        return file

    return build


def latin_1(file: Path, document: dict) -> Path:
    """The deck written in Latin-1, with a character that UTF-8 writes differently."""
    document["park"]["name"]["en"] = "Parc Français"
    file.write_bytes(json.dumps(document, ensure_ascii=False).encode("latin-1", "replace"))
    return file


def changed(mutate: Callable[[dict], object]) -> Callable[[Path, dict], Path]:
    def build(file: Path, document: dict) -> Path:
        mutate(document)
        return write(file, document)

    return build


def image(rel: str, *, data: bytes | None = None, link: str | None = None):
    """The title slide shows `rel`; optionally create that file (or symlink) first."""

    def build(file: Path, document: dict) -> Path:
        target = file.parent / rel
        if data is not None:
            target.write_bytes(data)
        if link is not None:
            target.symlink_to(link)
        slide_of(document, "title")["image"] = rel
        return write(file, document)

    return build


def symlink_loop(file: Path, document: dict) -> Path:
    (file.parent / "icons" / "loop-a.svg").symlink_to("loop-b.svg")
    (file.parent / "icons" / "loop-b.svg").symlink_to("loop-a.svg")
    slide_of(document, "title")["image"] = "icons/loop-a.svg"
    return write(file, document)


def folder(file: Path, document: dict) -> Path:
    file.mkdir()
    return file


def missing(file: Path, document: dict) -> Path:
    return file


GOOD = json.dumps(json.loads(MINI.read_text(encoding="utf-8")), ensure_ascii=False)
DECK: dict = json.loads(GOOD)
# The JSON path of the first slide of each kind in the fixture deck, e.g. "$.slides[1]".
AT = {
    slide["kind"]: f"$.slides[{index_of(DECK['slides'], slide['kind'])}]"
    for slide in DECK["slides"]
}
# Two slides, the later one given the earlier one's id.
FIRST, LATER = sorted(index_of(DECK["slides"], kind) for kind in ("title", "timeline"))
TAKEN = DECK["slides"][FIRST]["id"]
DURATION = json.dumps(DECK["default_duration"])


def duplicate_id(document: dict) -> None:
    document["slides"][LATER]["id"] = document["slides"][FIRST]["id"]


# id: (builder, where the problem must be reported, a fragment of its message)
CASES: dict[str, tuple[Callable[[Path, dict], Path], str, str]] = {
    "empty": (raw(b""), "$", "empty"),
    "whitespace": (raw(b" \n\t\n"), "$", "empty"),
    "truncated": (raw(GOOD[: len(GOOD) // 2].encode()), "$", "invalid JSON"),
    "truncated-mid-character": (raw('{"x": "中'.encode()[:-1]), "$", "truncated"),
    "truncated-at-end": (raw(b'{"format": 1, "slides": ['), "$", "truncated"),
    "latin-1": (latin_1, "$", "UTF-8"),
    "utf-16": (raw(GOOD.encode("utf-16")), "$", "UTF-16"),
    "utf-16-le-no-bom": (raw(GOOD.encode("utf-16-le")), "$", "UTF-16"),
    "bom": (raw(b"\xef\xbb\xbf" + GOOD.encode()), "$", "byte-order mark"),
    "deep-lists": (raw(b"[" * 100_000 + b"]" * 100_000), "$", "nested too deeply"),
    "deep-objects": (raw(b'{"a":' * 100_000 + b"1" + b"}" * 100_000), "$", "nested too deeply"),
    "deep-in-field": (verbatim("format", text="[" * 1500 + "]" * 1500), "$", "deep"),
    "nan": (verbatim("default_duration", text="NaN"), "$", "NaN"),
    "infinity": (verbatim("default_duration", text="Infinity"), "$", "finite"),
    "minus-infinity": (verbatim("default_duration", text="-Infinity"), "$", ""),
    "1e999": (verbatim("default_duration", text="1e999"), "$", "too large"),
    "huge-int": (verbatim("default_duration", text="9" * 5000), "$", ""),
    "absurd-figure": (
        changed(lambda d: slide_of(d, "figures")["figures"][0].update(value=10**19)),
        f"{AT['figures']}.figures[0].value",
        "less than or equal",
    ),
    "negative-duration": (
        changed(lambda d: slide_of(d, "figures").update(duration=-5)),
        f"{AT['figures']}.duration",
        "greater than or equal to 3",
    ),
    "very-long-string": (
        changed(lambda d: d["park"]["name"].update(en="x" * 1_000_000)),
        "$.park.name.en",
        "at most 400",
    ),
    "very-long-key": (
        changed(lambda d: d["park"].update({"k" * 100_000: 1})),
        "$.park[",
        "unknown field",
    ),
    "slides-is-object": (changed(lambda d: d.update(slides={})), "$.slides", "expected a list"),
    "title-is-string": (
        changed(lambda d: slide_of(d, "title").update(title="Welcome")),
        f"{AT['title']}.title",
        "expected an object",
    ),
    "duration-is-string": (
        changed(lambda d: slide_of(d, "figures").update(duration="12")),
        f"{AT['figures']}.duration",
        "valid number",
    ),
    "value-is-bool": (
        changed(lambda d: slide_of(d, "figures")["figures"][0].update(value=True)),
        f"{AT['figures']}.figures[0].value",
        "valid number",
    ),
    "unknown-kind": (
        changed(lambda d: slide_of(d, "bullets").update(kind="movie")),
        AT["bullets"],
        "unknown slide kind 'movie'",
    ),
    "unknown-field": (
        changed(lambda d: slide_of(d, "title").update(colour="red")),
        f"{AT['title']}.colour",
        "unknown field",
    ),
    "missing-translation": (
        changed(lambda d: slide_of(d, "cards")["cards"][-1]["title"].pop("ko")),
        f"{AT['cards']}.cards[{len(slide_of(DECK, 'cards')['cards']) - 1}].title",
        "missing translation for 'ko'",
    ),
    "duplicate-ids": (
        changed(duplicate_id),
        f"$.slides[{LATER}].id",
        f"duplicate slide id {TAKEN!r}",
    ),
    "duplicate-keys": (
        verbatim("default_duration", text=f'{DURATION}, "default_duration": 20'),
        "$.default_duration",
        "twice",
    ),
    "asset-dotdot": (image("../x.svg"), f"{AT['title']}.image", "leaves the content folder"),
    "asset-absolute": (image("/etc/passwd"), f"{AT['title']}.image", "relative path"),
    "asset-sneaky-dotdot": (
        image("icons/../../x.svg"),
        f"{AT['title']}.image",
        "leaves the content folder",
    ),
    "asset-symlink-out": (
        image("icons/out.svg", link="/etc/hostname"),
        f"{AT['title']}.image",
        "leaves the content folder",
    ),
    "asset-missing": (image("icons/nope.svg"), f"{AT['title']}.image", "not found"),
    "asset-folder": (image("icons"), f"{AT['title']}.image", "folder"),
    "asset-nul-byte": (image("icons/a\x00.svg"), f"{AT['title']}.image", "cannot be read"),
    "asset-symlink-loop": (symlink_loop, f"{AT['title']}.image", "cannot be read"),
    "asset-garbage-svg": (
        image("icons/garbage.svg", data=os.urandom(64) + b"\x00"),
        f"{AT['title']}.image",
        "not valid SVG",
    ),
    "asset-html-svg": (
        image("icons/page.svg", data=b"<html><body/></html>"),
        f"{AT['title']}.image",
        "not SVG",
    ),
    "asset-fake-png": (
        image("art/photo.png", data=b"GIF89a this is no PNG"),
        f"{AT['title']}.image",
        "not a PNG",
    ),
    "asset-unknown-type": (
        image("art/photo.gif", data=b"GIF89a"),
        f"{AT['title']}.image",
        "unknown image type",
    ),
    "top-level-list": (raw(b"[1, 2]"), "$", "top level"),
    "top-level-null": (raw(b"null"), "$", "null"),
    "top-level-string": (raw(b'"slides"'), "$", "a string"),
    "top-level-number": (raw(b"12"), "$", "a number"),
    "empty-object": (raw(b"{}"), "$.slides", "missing"),
    "too-big": (raw(b'{"x": "' + b"a" * 2_100_000 + b'"}'), "$", "expected at most"),
    "binary-garbage": (raw(bytes(range(256)) * 8), "$", ""),
    "lone-surrogate": (
        verbatim("languages", 0, "label", text='"\\ud800"'),
        "$.languages[0].label",
        "string",
    ),
    "directory": (folder, "$", "folder"),
    "missing-file": (missing, "$", "not found"),
}


def build(case: str, where: Path) -> Path:
    builder = CASES[case][0]
    return builder(where / f"{case}.json", json.loads(GOOD))


def assert_problems(exc: ContentError, where: str, fragment: str) -> None:
    assert exc.problems, "a ContentError without problems"
    for problem in exc.problems:
        assert problem.path.startswith("$"), problem
        assert any(word in problem.message for word in REASONS), problem
    hits = [p for p in exc.problems if p.path.startswith(where) and fragment in p.message]
    assert hits, f"no problem at {where} mentioning {fragment!r}: {exc.problems}"


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_file_gives_content_error(
    case: str, make_deck: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = build(case, make_deck().parent)
    with pytest.raises(ContentError) as info:
        load_content(path)
    _, where, fragment = CASES[case]
    assert_problems(info.value, where, fragment)
    # the same file through the `validate` command, in-process (subprocesses: below)
    assert main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert f"{path}: {where}" in err
    assert len(err) < 20_000  # a million-character string must not flood the terminal


# One case of each family through a real subprocess: exit code, output encoding, no traceback.
CLI_CASES = [
    "empty",
    "utf-16",
    "deep-lists",
    "very-long-string",
    "unknown-kind",
    "asset-symlink-out",
    "binary-garbage",
    "lone-surrogate",
    "directory",
    "missing-file",
]


def test_every_hostile_file_through_the_cli(make_deck: Callable[..., Path]) -> None:
    """`python -m kiosk validate PATH`: exit 1, file and JSON path printed, no traceback."""
    folder = make_deck().parent
    paths = {case: build(case, folder) for case in CLI_CASES}

    def run(case: str) -> tuple[str, subprocess.CompletedProcess[str]]:
        return case, run_kiosk("validate", str(paths[case]), errors="replace", timeout=60)

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(run, CLI_CASES))
    failures = []
    for case, result in results:
        output = result.stdout + result.stderr
        where = CASES[case][1]
        if (
            result.returncode != 1
            or "Traceback" in output
            or str(paths[case]) not in output
            or f": {where}" not in output
        ):
            failures.append(f"{case}: exit {result.returncode}\n{output[-2000:]}")
    assert not failures, "\n\n".join(failures)


def test_special_files_through_the_cli(tmp_path: Path) -> None:
    """A FIFO would block a plain read and /dev/zero never ends: both are refused at once."""
    fifo = tmp_path / "content.json"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero")):
        result = run_kiosk("validate", str(path), timeout=30)
        assert result.returncode == 1
        assert f"{path}: $: this is not a regular file" in result.stderr
        assert "Traceback" not in result.stderr


# --- property-based: nothing but ContentError, whatever the bytes ---------------------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
FAST = settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _load_or_content_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "content.json"
        path.write_bytes(data)
        try:
            load_content(path)
        except ContentError as exc:
            assert exc.problems
            assert all(p.path.startswith("$") and p.message for p in exc.problems)


@FAST
@given(st.binary(max_size=4000))
def test_arbitrary_bytes_only_raise_content_error(data: bytes) -> None:
    _load_or_content_error(data)


@FAST
@given(st.text(max_size=2000))
def test_arbitrary_text_only_raises_content_error(text: str) -> None:
    _load_or_content_error(text.encode("utf-8"))


@FAST
@given(JSON_VALUES)
def test_arbitrary_json_only_raises_content_error(value: object) -> None:
    _load_or_content_error(json.dumps(value).encode("utf-8"))


@FAST
@given(
    st.dictionaries(
        st.sampled_from(
            ["format", "languages", "default_language", "default_duration", "park", "slides", "x"]
        ),
        JSON_VALUES,
        max_size=7,
    )
)
def test_arbitrary_top_level_fields_only_raise_content_error(value: dict) -> None:
    _load_or_content_error(json.dumps(value).encode("utf-8"))
