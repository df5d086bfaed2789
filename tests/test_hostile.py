"""Hostile content files: every kind of damage must end in a ContentError, never a traceback.

Each case builds a broken file inside a copy of the content folder and names where the
problem must be reported (a JSON path prefix) and a fragment of the message. The same cases
then go through the real command line in subprocesses.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.cli import main
from kiosk.content import ContentError, load_content
from tests.conftest import CONTENT, ROOT, write

# Words that make a message a clear reason even without "expected".
REASONS = ("expected", "must", "needs", "takes no", "invalid JSON")


def raw(data: bytes) -> Callable[[Path, dict], Path]:
    def build(file: Path, document: dict) -> Path:
        file.write_bytes(data)
        return file

    return build


def text_with(old: str, new: str) -> Callable[[Path, dict], Path]:
    """The bundled JSON with one piece of its text replaced (for what json.dumps cannot write)."""

    def build(file: Path, document: dict) -> Path:
        source = json.dumps(document, ensure_ascii=False, indent=1)
        assert source.count(old) >= 1, old
        file.write_text(source.replace(old, new, 1), encoding="utf-8")
        return file

    return build


def changed(mutate: Callable[[dict], object]) -> Callable[[Path, dict], Path]:
    def build(file: Path, document: dict) -> Path:
        mutate(document)
        return write(file, document)

    return build


def image(rel: str, *, data: bytes | None = None, link: str | None = None):
    """The first slide shows `rel`; optionally create that file (or symlink) first."""

    def build(file: Path, document: dict) -> Path:
        target = file.parent / rel
        if data is not None:
            target.write_bytes(data)
        if link is not None:
            target.symlink_to(link)
        document["slides"][0]["image"] = rel
        return write(file, document)

    return build


def symlink_loop(file: Path, document: dict) -> Path:
    (file.parent / "icons" / "loop-a.svg").symlink_to("loop-b.svg")
    (file.parent / "icons" / "loop-b.svg").symlink_to("loop-a.svg")
    document["slides"][0]["image"] = "icons/loop-a.svg"
    return write(file, document)


def folder(file: Path, document: dict) -> Path:
    file.mkdir()
    return file


def missing(file: Path, document: dict) -> Path:
    return file


GOOD = json.dumps(json.loads(CONTENT.read_text(encoding="utf-8")), ensure_ascii=False)

# id: (builder, where the problem must be reported, a fragment of its message)
CASES: dict[str, tuple[Callable[[Path, dict], Path], str, str]] = {
    "empty": (raw(b""), "$", "empty"),
    "whitespace": (raw(b" \n\t\n"), "$", "empty"),
    "truncated": (raw(GOOD[: len(GOOD) // 2].encode()), "$", "invalid JSON"),
    "truncated-mid-character": (raw('{"x": "中'.encode()[:-1]), "$", "truncated"),
    "truncated-at-end": (raw(b'{"format": 1, "slides": ['), "$", "truncated"),
    "latin-1": (
        raw(GOOD.replace("English", "Français").encode("latin-1", "replace")),
        "$",
        "UTF-8",
    ),
    "utf-16": (raw(GOOD.encode("utf-16")), "$", "UTF-16"),
    "utf-16-le-no-bom": (raw(GOOD.encode("utf-16-le")), "$", "UTF-16"),
    "bom": (raw(b"\xef\xbb\xbf" + GOOD.encode()), "$", "byte-order mark"),
    "deep-lists": (raw(b"[" * 100_000 + b"]" * 100_000), "$", "nested too deeply"),
    "deep-objects": (raw(b'{"a":' * 100_000 + b"1" + b"}" * 100_000), "$", "nested too deeply"),
    "deep-in-field": (
        text_with('"format": 1', '"format": ' + "[" * 1500 + "]" * 1500),
        "$",
        "deep",
    ),
    "nan": (text_with('"default_duration": 12', '"default_duration": NaN'), "$", "NaN"),
    "infinity": (
        text_with('"default_duration": 12', '"default_duration": Infinity'),
        "$",
        "finite",
    ),
    "minus-infinity": (
        text_with('"default_duration": 12', '"default_duration": -Infinity'),
        "$",
        "",
    ),
    "1e999": (text_with('"default_duration": 12', '"default_duration": 1e999'), "$", "too large"),
    "huge-int": (text_with('"default_duration": 12', '"default_duration": ' + "9" * 5000), "$", ""),
    "absurd-figure": (
        changed(lambda d: d["slides"][1]["figures"][0].update(value=10**19)),
        "$.slides[1].figures[0].value",
        "less than or equal",
    ),
    "negative-duration": (
        changed(lambda d: d["slides"][1].update(duration=-5)),
        "$.slides[1].duration",
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
        changed(lambda d: d["slides"][0].update(title="Welcome")),
        "$.slides[0].title",
        "expected an object",
    ),
    "duration-is-string": (
        changed(lambda d: d["slides"][1].update(duration="12")),
        "$.slides[1].duration",
        "valid number",
    ),
    "value-is-bool": (
        changed(lambda d: d["slides"][1]["figures"][0].update(value=True)),
        "$.slides[1].figures[0].value",
        "valid number",
    ),
    "unknown-kind": (
        changed(lambda d: d["slides"][3].update(kind="video")),
        "$.slides[3]",
        "unknown slide kind 'video'",
    ),
    "unknown-field": (
        changed(lambda d: d["slides"][0].update(colour="red")),
        "$.slides[0].colour",
        "unknown field",
    ),
    "missing-translation": (
        changed(lambda d: d["slides"][2]["cards"][1]["title"].pop("ko")),
        "$.slides[2].cards[1].title",
        "missing translation for 'ko'",
    ),
    "duplicate-ids": (
        changed(lambda d: d["slides"][4].update(id="welcome")),
        "$.slides[4].id",
        "duplicate slide id 'welcome'",
    ),
    "duplicate-keys": (
        text_with('"default_duration": 12', '"default_duration": 12, "default_duration": 20'),
        "$.default_duration",
        "twice",
    ),
    "asset-dotdot": (image("../x.svg"), "$.slides[0].image", "leaves the content folder"),
    "asset-absolute": (image("/etc/passwd"), "$.slides[0].image", "relative path"),
    "asset-sneaky-dotdot": (
        image("icons/../../x.svg"),
        "$.slides[0].image",
        "leaves the content folder",
    ),
    "asset-symlink-out": (
        image("icons/out.svg", link="/etc/hostname"),
        "$.slides[0].image",
        "leaves the content folder",
    ),
    "asset-missing": (image("icons/nope.svg"), "$.slides[0].image", "not found"),
    "asset-folder": (image("icons"), "$.slides[0].image", "folder"),
    "asset-nul-byte": (image("icons/a\x00.svg"), "$.slides[0].image", "cannot be read"),
    "asset-symlink-loop": (symlink_loop, "$.slides[0].image", "cannot be read"),
    "asset-garbage-svg": (
        image("icons/garbage.svg", data=os.urandom(64) + b"\x00"),
        "$.slides[0].image",
        "not valid SVG",
    ),
    "asset-html-svg": (
        image("icons/page.svg", data=b"<html><body/></html>"),
        "$.slides[0].image",
        "not SVG",
    ),
    "asset-fake-png": (
        image("art/photo.png", data=b"GIF89a this is no PNG"),
        "$.slides[0].image",
        "not a PNG",
    ),
    "asset-unknown-type": (
        image("art/photo.gif", data=b"GIF89a"),
        "$.slides[0].image",
        "unknown image type",
    ),
    "top-level-list": (raw(b"[1, 2]"), "$", "top level"),
    "top-level-null": (raw(b"null"), "$", "null"),
    "top-level-string": (raw(b'"slides"'), "$", "a string"),
    "top-level-number": (raw(b"12"), "$", "a number"),
    "empty-object": (raw(b"{}"), "$.slides", "missing"),
    "too-big": (raw(b'{"x": "' + b"a" * 2_100_000 + b'"}'), "$", "expected at most"),
    "binary-garbage": (raw(bytes(range(256)) * 8), "$", ""),
    "lone-surrogate": (text_with('"English"', '"\\ud800"'), "$.languages[2].label", "string"),
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
    case: str, content_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = build(case, content_copy.parent)
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


def test_every_hostile_file_through_the_cli(tmp_path: Path) -> None:
    """`python -m kiosk validate PATH`: exit 1, file and JSON path printed, no traceback."""
    import shutil

    folder = tmp_path / "content"
    shutil.copytree(CONTENT.parent, folder)
    paths = {case: build(case, folder) for case in CLI_CASES}

    def run(case: str) -> tuple[str, subprocess.CompletedProcess[str]]:
        result = subprocess.run(
            [sys.executable, "-m", "kiosk", "validate", str(paths[case])],
            cwd=ROOT,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=60,
        )
        return case, result

    with ThreadPoolExecutor(max_workers=3) as pool:
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
        result = subprocess.run(
            [sys.executable, "-m", "kiosk", "validate", str(path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=30,
        )
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
