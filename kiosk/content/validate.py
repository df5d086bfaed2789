"""Load a content file into the model, turning every kind of damage into plain problems.

Whatever the file holds, the caller gets either a `Content` or a `ContentError` that lists
problems as (JSON path, what was expected): never a traceback.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import fields, is_dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.content.assets import LOGO, asset_problem
from kiosk.content.charts import CHART_KINDS, chart_problems, pairing_problems
from kiosk.content.clips import clip_problem
from kiosk.content.model import SLIDE_KINDS, Content
from kiosk.content.pictures import picture_error
from kiosk.content.schedules import schedule_problems
from kiosk.content.text import text_problems
from kiosk.files import FileTooLargeError, NotRegularFileError, read_regular
from kiosk.frozen import frozen
from kiosk.jsontree import nodes

if TYPE_CHECKING:  # pydantic is imported only when a file is validated
    from pydantic import TypeAdapter
    from pydantic_core import ErrorDetails

MAX_FILE_BYTES = 2_000_000
MAX_ASSET_BYTES = 5_000_000
MAX_PROBLEMS = 50
MAX_DEPTH = 20  # levels of objects and lists; a content file needs 6, pydantic stops near 200
MAX_ECHO = 60  # characters of a value echoed in a message
ASSET_FIELDS = ("icon", "image", "picture", "poster")  # picture, poster: kiosk.content.pictures


@frozen
class Problem:
    path: str  # JSON path such as $.slides[3].title.ko
    message: str


class ContentError(Exception):
    def __init__(self, file: Path | str, problems: list[Problem]) -> None:
        self.file = Path(file)
        self.problems = problems
        super().__init__(self.report())

    def report(self) -> str:
        shown = self.problems[:MAX_PROBLEMS]
        lines = [f"{self.file}: {p.path}: {p.message}" for p in shown]
        if len(self.problems) > len(shown):
            lines.append(f"{self.file}: … and {len(self.problems) - len(shown)} more problems")
        # a lone surrogate from the file (or its name) cannot be printed: show it escaped
        return "\n".join(lines).encode("utf-8", "backslashreplace").decode("utf-8")


def load_content(path: Path | str) -> Content:
    """Read, parse, validate and cross-check a content file."""
    path = Path(path)
    document = read_json(path)
    pairs = [Problem(where, message) for where, message in pairing_problems(document)]
    from pydantic import ValidationError  # here only: the kiosk starts without pydantic

    try:
        # strict: JSON has real types, so "12" or true is no number (lax mode would coerce).
        # As JSON, since strict Python input would have to be Content objects already.
        content = _validator().validate_json(json.dumps(document), strict=True)
    except ValidationError as exc:
        raise ContentError(path, [_problem(err) for err in exc.errors()] + pairs) from None
    problems = pairs + list(check_consistency(content)) + list(check_assets(content, path.parent))
    problems += [Problem(where, message) for where, message in text_problems(content)]
    if problems:
        raise ContentError(path, problems)
    return content


@cache
def _validator() -> TypeAdapter[Content]:
    """pydantic's validator for the format, built once (it takes a few hundred ms)."""
    from pydantic import TypeAdapter

    return TypeAdapter(Content)


def json_schema() -> dict[str, Any]:
    """The content format as a JSON Schema, for `kiosk schema`."""
    return _validator().json_schema()


# --- JSON -----------------------------------------------------------------------------


class _NumberError(ValueError):
    """A number json would accept but content must not have (NaN, infinity, 5000 digits)."""


class _Object(dict):
    """A JSON object that remembers keys it saw twice (json keeps only the last)."""

    duplicates: list[str]


def _pairs(pairs: list[tuple[str, Any]]) -> _Object:
    obj = _Object()
    obj.duplicates = []
    for key, value in pairs:
        if key in obj:
            obj.duplicates.append(key)
        obj[key] = value
    return obj


def _constant(name: str) -> Any:
    raise _NumberError(f"{name} is not a JSON number; expected a finite number")


def _float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _NumberError(f"number {text[:30]} is too large; expected a finite number")
    return value


def _int(text: str) -> int:
    if len(text) > 20:
        raise _NumberError(
            f"number {text[:20]}… has {len(text)} digits; expected a sensible number"
        )
    return int(text)


def read_json(path: Path) -> Any:
    def fail(message: str, where: str = "$") -> ContentError:
        return ContentError(path, [Problem(where, message)])

    try:
        data = read_regular(path, MAX_FILE_BYTES)  # a FIFO would block, /dev/zero never end
    except FileNotFoundError:
        raise fail("file not found; expected a JSON content file") from None
    except IsADirectoryError:
        raise fail("this is a folder; expected a JSON content file") from None
    except NotRegularFileError:
        raise fail("this is not a regular file; expected a JSON content file") from None
    except FileTooLargeError as exc:
        size = f"{exc.size} bytes" if exc.size is not None else "too large"
        raise fail(f"file is {size}; expected at most {MAX_FILE_BYTES}") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        reason = getattr(exc, "strerror", None) or str(exc)
        raise fail(f"cannot read the file ({reason}); expected a readable JSON file") from None
    if not data.strip():
        raise fail("file is empty; expected a JSON object with a 'slides' list")
    if data.startswith(b"\xef\xbb\xbf"):
        raise fail("file starts with a byte-order mark; expected UTF-8 without BOM")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4]:
        raise fail("file is UTF-16 or UTF-32; expected UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        if exc.reason == "unexpected end of data":
            raise fail(
                f"the file ends inside a character at line {line} (truncated?); "
                "expected complete UTF-8 text"
            ) from None
        raise fail(f"byte {exc.start} (line {line}) is not UTF-8; expected UTF-8 text") from None
    try:
        document = json.loads(
            text,
            object_pairs_hook=_pairs,
            parse_constant=_constant,
            parse_float=_float,
            parse_int=_int,
        )
    except json.JSONDecodeError as exc:
        ending = " (the file ends too early: truncated?)" if not text[exc.pos :].strip() else ""
        raise fail(
            f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}{ending}"
        ) from None
    except _NumberError as exc:
        raise fail(str(exc)) from None
    except RecursionError:  # too deep for json itself (about 1000 levels): no path yet
        raise fail(
            f"nested too deeply: deeper than {MAX_DEPTH} levels{_deep_at(text)};"
            f" expected at most {MAX_DEPTH}"
        ) from None
    except ValueError as exc:  # e.g. int conversion limits
        raise fail(f"unreadable value ({exc}); expected plain JSON") from None
    deep = _too_deep(document, "$")
    if deep is not None:  # pydantic's own parser would report it at $, as a recursion limit
        raise fail(f"nested deeper than {MAX_DEPTH} levels; expected at most {MAX_DEPTH}", deep)
    duplicates = [
        Problem(where + _member(key), "key appears twice in this object; expected each key once")
        for where, obj in _objects(document, "$")
        for key in obj.duplicates
    ]
    if duplicates:
        raise ContentError(path, duplicates)
    broken = [
        Problem(where, "the string has a lone surrogate (a \\ud800-style escape); expected text")
        for where in _broken_strings(document, "$")
    ]
    if broken:
        raise ContentError(path, broken)
    if not isinstance(document, dict):
        raise fail(f"found {_kind(document)} at the top level; expected a JSON object")
    return document


def _too_deep(document: Any, where: str) -> str | None:
    """The path of the first object or list nested deeper than MAX_DEPTH (the top level is
    level 1), or None. Iterative: the document may be nested about 1000 levels deep."""
    stack = [(document, where, 1)]
    while stack:
        node, where, depth = stack.pop()
        if not isinstance(node, dict | list):
            continue
        if depth > MAX_DEPTH:
            return where
        items = node.items() if isinstance(node, dict) else enumerate(node)
        stack.extend(
            (v, where + (_member(k) if isinstance(k, str) else f"[{k}]"), depth + 1)
            for k, v in reversed(list(items))
        )
    return None


def _deep_at(text: str) -> str:
    """' from line L, column C' where the JSON text first opens level MAX_DEPTH + 1."""
    depth, quoted, escaped = 0, False, False
    for i, char in enumerate(text):
        if quoted:
            escaped, quoted = (False, True) if escaped else (char == "\\", char != '"')
        elif char == '"':
            quoted = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line, column = text.count("\n", 0, i) + 1, i - text.rfind("\n", 0, i)
                return f" from line {line}, column {column}"
        elif char in "]}":
            depth -= 1
    return ""


def _objects(node: Any, where: str) -> Iterator[tuple[str, _Object]]:
    return ((w, n) for w, n in nodes(node, where, _member) if isinstance(n, _Object))


def _broken_strings(node: Any, where: str) -> Iterator[str]:
    """Paths of keys and strings holding a lone surrogate: no font draws one, and no JSON
    parser after this one (pydantic's) accepts it."""
    for path, value in nodes(node, where, _member):
        if isinstance(value, str) and not _encodes(value):
            yield path
        elif isinstance(value, dict):
            yield from (path + _member(key) for key in value if not _encodes(key))


def _encodes(text: str) -> bool:
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# --- model errors ----------------------------------------------------------------------


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false"}
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)


def _echo(value: object) -> str:
    """A value from the file quoted for a message, at most MAX_ECHO characters of it: a
    100,000-character `kind` is not repeated whole."""
    text = str(value)
    return repr(text if len(text) <= MAX_ECHO else text[:MAX_ECHO] + "…")


def _shown(value: Any) -> str:
    if isinstance(value, dict | list):
        return _kind(value)
    text = json.dumps(value, ensure_ascii=False)
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")  # lone surrogates
    return text if len(text) <= 40 else text[:37] + "…"


PATTERN_HINTS = {
    "id": "lower-case letters, digits and dashes, e.g. 'core-sectors'",
    "date": "a year or a month as 'YYYY' or 'YYYY-MM', e.g. '2024-11'",
    "dates": "a year or a month as 'YYYY' or 'YYYY-MM', e.g. '2024-11'",
    "code": "a language code such as 'en', 'zh_Hans'",
    "default_language": "a language code such as 'en', 'zh_Hans'",
    "unit": "a CLDR unit id such as 'area-square-meter'",
    "icon": "a relative path inside the content folder",
    "image": "a relative path inside the content folder",
    "picture": "a relative path inside the content folder",
    "clip": "a relative path inside the content folder",
    "poster": "a relative path inside the content folder",
    "language": "a language code such as 'en', 'zh_Hans'",
    "from": "a date 'YYYY-MM-DD' or date and time 'YYYY-MM-DDTHH:MM' (park time, no offset)",
    "until": "a date 'YYYY-MM-DD' or date and time 'YYYY-MM-DDTHH:MM' (park time, no offset)",
    "hours": "daily hours 'HH:MM-HH:MM', several joined by commas, e.g. '08:00-12:00, 14:00-18:00'",
    "time_zone": "an IANA time zone name such as 'Asia/Shanghai'",
}


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,63}")


def _member(key: str) -> str:
    """`.key`, or `["key"]` (shortened) for a key that is not a plain name."""
    if _PLAIN_KEY.fullmatch(key):
        return f".{key}"
    return f"[{_shown(key)}]"


_KINDS = {"slides": SLIDE_KINDS, "charts": CHART_KINDS}


def json_path(loc: tuple[Any, ...]) -> str:
    out = "$"
    for i, part in enumerate(loc):
        if isinstance(part, int):
            out += f"[{part}]"
        elif i == 2 and isinstance(loc[1], int) and part in _KINDS.get(loc[0], ()):
            continue  # the discriminator pydantic adds after slides[i] and charts[i]
        elif part == "[key]":
            continue  # pydantic's marker for an error in a dict key: the key is the path
        else:
            out += _member(str(part))
    return out


def _problem(err: ErrorDetails) -> Problem:
    loc, kind, ctx = err["loc"], err["type"], err.get("ctx", {})
    got = err.get("input")
    tag = loc[2] if len(loc) > 2 and isinstance(loc[1], int) else None
    field = next((p for p in reversed(loc) if isinstance(p, str) and p != tag), "")
    what, kinds = ("chart", CHART_KINDS) if loc and loc[0] == "charts" else ("slide", SLIDE_KINDS)
    if loc and loc[-1] == "[key]":
        field = "code"  # the keys of a text are language codes
    if kind == "missing":
        message = "missing; expected this field"
    elif kind in ("extra_forbidden", "unexpected_keyword_argument"):
        message = f"unknown field {_shown(str(loc[-1]))}; expected only the fields of the format"
    elif kind == "union_tag_invalid":
        message = f"unknown {what} kind {_echo(ctx.get('tag'))}; expected one of {', '.join(kinds)}"
    elif kind == "union_tag_not_found":
        message = f"missing 'kind'; expected one of {', '.join(kinds)}"
    elif kind == "string_pattern_mismatch":
        message = f"got {_shown(got)}; expected {PATTERN_HINTS.get(field, 'another form')}"
    elif kind == "value_error":
        message = str(ctx.get("error", err["msg"]))
    elif kind in ("dataclass_type", "dict_type", "dataclass_args_type"):
        message = f"got {_shown(got)}; expected an object"
    elif kind == "list_type":
        message = f"got {_shown(got)}; expected a list"
    elif kind in ("too_short", "too_long") and "actual_length" in ctx:
        limit = "at least" if kind == "too_short" else "at most"
        bound = ctx.get("min_length", ctx.get("max_length"))
        message = f"has {ctx['actual_length']} items; expected {limit} {bound}"
    elif kind in ("string_too_short", "string_too_long") and isinstance(got, str):
        bound = ctx.get("min_length", ctx.get("max_length"))
        limit = "at least" if kind == "string_too_short" else "at most"
        message = f"has {len(got)} characters; expected {limit} {bound}"
    else:
        expected = err["msg"].removeprefix("Input should be ").removeprefix("Input ")
        message = f"got {_shown(got)}; expected {expected[0].lower()}{expected[1:]}"
    return Problem(json_path(loc), message)


# --- cross-checks ----------------------------------------------------------------------


def _walk(node: Any, where: str) -> Iterator[tuple[str, str, Any]]:
    """(path, field name, value) for every field of every record below `node`."""
    if is_dataclass(node):
        for name in (f.name for f in fields(node)):
            value = getattr(node, name)
            yield f"{where}.{name}", name, value
            yield from _walk(value, f"{where}.{name}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _walk(item, f"{where}[{i}]")


def check_consistency(content: Content) -> Iterator[Problem]:
    codes = content.language_codes
    labels = {lang.code: lang.label for lang in content.languages}
    seen: dict[str, int] = {}
    for i, code in enumerate(codes):
        if code in seen:
            yield Problem(f"$.languages[{i}].code", f"{_echo(code)} is listed twice; expected once")
        seen.setdefault(code, i)
        if not _known_locale(code):
            yield Problem(
                f"$.languages[{i}].code",
                f"{_echo(code)} is unknown to CLDR; expected a code such as 'en'",
            )
    if content.default_language not in codes:
        yield Problem(
            "$.default_language",
            f"{_echo(content.default_language)} is not in 'languages'; expected one of {codes}",
        )
    first: dict[str, int] = {}
    for i, slide in enumerate(content.slides):
        if slide.id in first:
            yield Problem(
                f"$.slides[{i}].id",
                f"duplicate slide id {_echo(slide.id)} (also at $.slides[{first[slide.id]}]); "
                "expected each id once",
            )
        first.setdefault(slide.id, i)
    yield from (Problem(where, message) for where, message in chart_problems(content.charts))
    yield from (Problem(where, message) for where, message in schedule_problems(content))
    for where, _name, value in _walk(content, "$"):
        if isinstance(value, dict):
            yield from _check_text(where, value, labels)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for i, text in enumerate(value):  # lists of texts, e.g. bullet points
                yield from _check_text(f"{where}[{i}]", text, labels)


def _check_text(where: str, text: dict[str, str], labels: dict[str, str]) -> Iterator[Problem]:
    for code, label in labels.items():
        if code not in text:
            yield Problem(
                where, f"missing translation for {_echo(code)} ({label}); expected every language"
            )
    for code in text:
        if code not in labels:
            yield Problem(
                where + _member(code), f"{_echo(code)} is not in 'languages'; expected only those"
            )


def _known_locale(code: str) -> bool:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return False
    return True


def asset_paths(content: Content) -> Iterator[tuple[str, str]]:
    """(JSON path, relative path) of every asset the content uses."""
    for where, name, value in _walk(content, "$"):
        if name in ASSET_FIELDS and isinstance(value, str):
            yield where, value


def check_assets(content: Content, folder: Path) -> Iterator[Problem]:
    base = folder.resolve()
    walked = list(_walk(content, "$"))
    pictures = {where for where, name, _ in walked if name in ("picture", "poster")}
    for where, rel in asset_paths(content):
        shown = _shown(rel)
        try:
            error = _asset_error(base, rel, picture_error if where in pictures else image_error)
        except (OSError, ValueError, RuntimeError) as exc:  # NUL byte, symlink loop, no access
            error = f"cannot be read ({getattr(exc, 'strerror', None) or exc}); expected an image"
        if error:
            yield Problem(where, f"{shown} {error}")
    for where, _name, rel in (w for w in walked if w[1] == "clip" and isinstance(w[2], str)):
        yield from _clip_problems(base, where, rel)
    try:  # not named in the file, but drawn at the top of every page: part of the content
        error = _asset_error(base, LOGO)
    except (OSError, ValueError, RuntimeError) as exc:
        error = f"cannot be read ({getattr(exc, 'strerror', None) or exc}); expected an image"
    if error:
        yield Problem("$", f"the logo {LOGO!r} (shown on every page) {error}")


def _clip_problems(base: Path, where: str, rel: str) -> Iterator[Problem]:
    """A video page's clip (kiosk.content.clips): inside the folder, a clip that plays.
    Not kept with the last good content (kiosk.content.cache keeps assets up to 5 MB)."""
    error: str | None
    try:
        target = (base / rel).resolve()
        if Path(rel).is_absolute() or not target.is_relative_to(base):
            error = "leaves the content folder; expected a path inside it"
        elif not target.exists():
            error = "not found next to the content file; expected a video file"
        else:
            error = clip_problem(target)
    except (OSError, ValueError, RuntimeError) as exc:  # NUL byte, symlink loop, no access
        error = f"cannot be read ({getattr(exc, 'strerror', None) or exc}); expected a video file"
    if error:
        yield Problem(where, f"{_shown(rel)} {error}")


def _asset_error(
    base: Path, rel: str, check: Callable[[Path], str | None] | None = None
) -> str | None:
    target = (base / rel).resolve()
    if Path(rel).is_absolute() or not target.is_relative_to(base):
        return "leaves the content folder; expected a path inside it"
    if not target.exists():
        return "not found next to the content file; expected an image file"
    if not target.is_file():
        return "is a folder or special file; expected an image file"
    return (check or image_error)(target)


def image_error(path: Path) -> str | None:
    """Why the file is not an image the kiosk may draw, or None. Checked without Qt, with
    bounded work (kiosk.content.assets): a 2 KB SVG can otherwise freeze a paint for good."""
    return asset_problem(path)
