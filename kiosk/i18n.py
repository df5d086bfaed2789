"""Translation state for the program's own strings (gettext catalogs kept with babel).

Import `_` explicitly (`from kiosk.i18n import _`); nothing is installed into builtins.
Catalogs live in translations/<lang>/LC_MESSAGES/kiosk.po; a compiled .mo next to a .po is
used when it is up to date (the frozen build ships them), otherwise the .po is compiled at
start-up and kept in the user's cache under its content hash, so a stale .mo never shows old
text.
"""

from __future__ import annotations

import gettext
import hashlib
import io
from functools import cache

from kiosk.files import write_atomic
from kiosk.resources import resource_path, user_cache

DOMAIN = "kiosk"
SOURCE_LANGUAGE = "en"

_current = SOURCE_LANGUAGE
_catalog: gettext.NullTranslations = gettext.NullTranslations()


def N_(message: str) -> str:  # noqa: N802 — the gettext marker name extractors look for
    """Mark a string for extraction; it is translated later, where it is shown."""
    return message


def _(message: str) -> str:
    return _catalog.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalog.ngettext(singular, plural, n)


def current_language() -> str:
    return _current


def set_language(code: str) -> None:
    global _current, _catalog
    _catalog = catalog(code)
    _current = code


@cache
def catalog(code: str) -> gettext.NullTranslations:
    folder = resource_path("translations", code, "LC_MESSAGES")
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    if po.is_file():
        return gettext.GNUTranslations(io.BytesIO(compiled(po.read_bytes(), code)))
    return gettext.NullTranslations()  # the source language, or a language without a catalog


def compiled(data: bytes, code: str) -> bytes:
    """The .po compiled to .mo, kept in the user's cache by content hash: compiling with
    babel costs ~50 ms, a start-up budget better spent elsewhere."""
    path = user_cache("catalogs") / f"{code}-{hashlib.sha256(data).hexdigest()[:16]}.mo"
    try:
        return path.read_bytes()
    except OSError:
        pass
    mo = compile_po(data, code)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, mo)
    except OSError:  # a read-only home still gets its catalogs, compiled each start
        pass
    return mo


def compile_po(data: bytes, code: str) -> bytes:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    out = io.BytesIO()
    write_mo(out, read_po(io.BytesIO(data), locale=code))
    return out.getvalue()
