"""Reading and writing PO files with babel, strictly: a file babel would half-read (babel's
parser skips what it does not understand) is refused with its line instead."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, PoFileParser, unescape, write_po

from kiosk.files import read_regular, write_atomic

MAX_PO_BYTES = 5_000_000
_STRING = r'"(?:[^"\\]|\\.)*"'
# Every line that is not blank or a comment: a keyword and a string, or a string continued.
_LINE = re.compile(rf"(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+)?{_STRING}")


class _DuplicateError(Exception):
    def __init__(self, message: Message) -> None:
        self.message = message


class _Catalog(Catalog):
    """A catalog that refuses an entry given twice (babel would keep the first silently)."""

    def __setitem__(self, id: Any, message: Message) -> None:
        if id and self._key_for(id, message.context) in self._messages:
            raise _DuplicateError(message)
        super().__setitem__(id, message)


class PoError(Exception):
    """A PO file that cannot be read: where (file, line) and why."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        self.path, self.line = path, line
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


def read_catalog(path: Path) -> Catalog:
    """The catalog in a PO file; PoError when the file is not UTF-8 or not a PO file."""
    try:
        data = read_regular(path, MAX_PO_BYTES)
    except OSError as exc:
        raise PoError(path, None, f"cannot read the file ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")  # a BOM some editors write
    except UnicodeDecodeError as exc:
        raise PoError(
            path, data[: exc.start].count(b"\n") + 1, "is not UTF-8; expected a PO file in UTF-8"
        ) from None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and not _LINE.fullmatch(stripped):
            shown = stripped if len(stripped) <= 50 else stripped[:49] + "…"
            raise PoError(
                path,
                number,
                f"cannot parse {shown!r}; expected msgctxt, msgid or msgstr and a quoted string",
            )
    catalog = _Catalog()
    try:  # what babel's read_po does, with the catalog above
        PoFileParser(catalog, ignore_obsolete=True, abort_invalid=True).parse(io.StringIO(text))
    except _DuplicateError as exc:
        where = exc.message.context or exc.message.id
        raise PoError(path, exc.message.lineno, f"{where}: a second entry for this text") from None
    except PoFileError as exc:
        raise PoError(path, exc.lineno + 1, f"cannot parse: {exc}") from None
    except ValueError as exc:  # e.g. a header babel cannot use
        raise PoError(path, None, f"cannot parse: {exc}") from None
    for message in catalog:
        message.previous_id = _previous_id(message)
    return catalog


def _previous_id(message: Message) -> list[str]:
    """The `#| msgid` line(s) of a message. babel's reader keeps them as user comments
    ("| msgid ...") that it would write back as `# | msgid`, so they are taken out here."""
    previous: list[str] = []
    kept, collecting = [], False
    for comment in message.user_comments:
        if not comment.startswith("|"):
            kept.append(comment)
            continue
        line = comment[1:].strip()
        if line.startswith("msgid "):
            previous.append(unescape(line[6:].strip()))
            collecting = True
        elif line.startswith('"') and collecting:
            previous[-1] += unescape(line)
        else:
            collecting = False
    message.user_comments = kept
    return [p for p in previous if p] if previous else list(message.previous_id or [])


def catalog_bytes(catalog: Catalog) -> bytes:
    """The catalog as PO text: no line numbers (paths name the texts), no obsolete entries."""
    for message in catalog:
        # babel flags any text with a % in it ("50% more") as python-format; content texts
        # have no %-placeholders, and msgfmt --check would then fail a good translation
        message.flags.discard("python-format")
    out = io.BytesIO()
    write_po(out, catalog, ignore_obsolete=True, include_previous=True, width=76)
    return out.getvalue()


def write_catalog(path: Path, catalog: Catalog) -> None:
    write_atomic(path, catalog_bytes(catalog))
