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
import logging
import struct
from functools import cache

from kiosk.files import read_regular, write_atomic
from kiosk.resources import resource_path, user_cache

DOMAIN = "kiosk"
SOURCE_LANGUAGE = "en"

MAX_CATALOG_BYTES = 5_000_000
log = logging.getLogger(__name__)

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
    try:
        if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
            try:
                return parse_mo(read_regular(mo, MAX_CATALOG_BYTES))
            except CatalogError as exc:
                log.warning("compiled catalog %s is unusable (%s); using the .po", mo, exc)
        if po.is_file():
            return compiled(read_regular(po, MAX_CATALOG_BYTES), code)
    except (OSError, CatalogError) as exc:
        log.warning("catalog for %s not loaded (%s); showing the untranslated text", code, exc)
    return gettext.NullTranslations()  # the source language, or a language without a catalog


class CatalogError(Exception):
    """A compiled catalog that gettext cannot parse (empty, truncated, not a .mo)."""


def parse_mo(data: bytes) -> gettext.GNUTranslations:
    try:
        return gettext.GNUTranslations(io.BytesIO(data))
    # gettext's parser raises any of these on a damaged file (an empty one: struct.error)
    except (OSError, struct.error, ValueError, IndexError, KeyError, TypeError) as exc:
        raise CatalogError(f"{type(exc).__name__}: {exc}") from None


def compiled(data: bytes, code: str) -> gettext.GNUTranslations:
    """The .po compiled to .mo, kept in the user's cache by content hash: compiling with
    babel costs ~50 ms, a start-up budget better spent elsewhere. A cached file that does
    not parse (a crash mid-write on an old kiosk, a disk error) is logged and replaced."""
    path = user_cache("catalogs") / f"{code}-{hashlib.sha256(data).hexdigest()[:16]}.mo"
    try:
        return parse_mo(read_regular(path, MAX_CATALOG_BYTES))
    except FileNotFoundError:
        pass
    except (OSError, CatalogError) as exc:
        log.warning("cached catalog %s is unusable (%s); compiling it again", path, exc)
    mo = compile_po(data, code)
    translations = parse_mo(mo)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, mo)
    except OSError:  # a read-only home still gets its catalogs, compiled each start
        pass
    return translations


def compile_po(data: bytes, code: str) -> bytes:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    out = io.BytesIO()
    write_mo(out, read_po(io.BytesIO(data), locale=code))
    return out.getvalue()
