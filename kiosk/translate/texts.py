"""Every visible text of a content file, named so that a translation finds its way back.

A text is any JSON object whose keys are all language codes of the content, found by
walking the parsed JSON itself, so fields added to the format later are included without
a change here. Its context is its JSON path with ids instead of positions where a list's
items have ids (`$.slides[id=partners].title`): moving pages around does not change it.
The model's annotations (kiosk.content.model) give the length limit of each text.
"""

from __future__ import annotations

import json
import re
import string
import types
from dataclasses import dataclass, is_dataclass
from functools import cache
from pathlib import Path
from typing import (
    Annotated,
    Any,
    Literal,
    TypeAliasType,
    Union,
    get_args,
    get_origin,
    get_type_hints,
)

from kiosk.content.limits import editorial_limit
from kiosk.content.model import Content
from kiosk.content.types import Rule
from kiosk.content.validate import ContentError, Problem, read_json

_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,63}")  # as validate.py writes keys
_PLAIN_ID = re.compile(r"[A-Za-z0-9_.-]{1,64}")
# Placeholders in texts: Python brace fields such as {name}, kept as they are by translators.
PLACEHOLDER = re.compile(r"\{[^\W\d]\w*\}")


@dataclass(frozen=True)
class Text:
    context: str  # stable JSON path: $.slides[id=tiles].cards[1].title
    position: str  # the validator's JSON path: $.slides[2].cards[1].title
    node: dict[str, Any]  # the text's object in the parsed document: language -> string
    page: str  # "tiles (cards slide)", or a top-level key such as "park"
    role: str  # "card 2 title"
    limit: int | None  # characters in one language, from the model

    def comments(self, lang: str | None = None) -> list[str]:
        """Translator comments: where the text is shown and how long it may be (in `lang`,
        the PO file's language: the editorial limit that `kiosk validate` warns about)."""
        lines = [f"page: {self.page}", f"role: {self.role}"]
        editorial = editorial_limit(self.context, lang) if lang else None
        if editorial is not None:
            how = (
                "opened by a tap, read up close"
                if ".detail" in self.context
                else "read from 3 m, in passing"
            )
            lines.append(f"aim: at most {editorial[0]} {editorial[1]} ({how})")
        if self.limit is not None:
            lines.append(f"limit: {self.limit} characters")
        return lines


@dataclass(frozen=True)
class Source:
    """A content file as parsed JSON, with its languages and texts."""

    path: Path
    raw: str  # the file's text, to keep its formatting when it is written again
    document: dict[str, Any]
    codes: list[str]
    default: str
    texts: list[Text]


def read_source(path: Path) -> Source:
    """Parse a content file (not validated: a text may still lack a language, which is
    what a translator is for). ContentError when it is no JSON or names no languages."""
    document = read_json(path)
    languages = document.get("languages")
    codes = [
        lang["code"]
        for lang in (languages if isinstance(languages, list) else [])
        if isinstance(lang, dict) and isinstance(lang.get("code"), str)
    ]
    if not codes:
        raise ContentError(path, [Problem("$.languages", "no language codes; expected a list")])
    default = document.get("default_language")
    if default not in codes:
        message = f"got {default!r}; expected one of {', '.join(codes)}"
        raise ContentError(path, [Problem("$.default_language", message)])
    raw = path.read_bytes().decode("utf-8")  # read_json has read and decoded it already
    return Source(path, raw, document, codes, default, find_texts(document, codes))


def find_texts(document: Any, codes: list[str]) -> list[Text]:
    """The texts of a parsed content file, in document order."""
    found: list[Text] = []
    _walk(document, Content, "$", "$", "", (), frozenset(codes), found)
    return found


def is_text(node: Any, codes: frozenset[str]) -> bool:
    return (
        isinstance(node, dict)
        and bool(node)
        and all(k in codes and isinstance(v, str) for k, v in node.items())
    )


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def is_brace_format(text: str) -> bool:
    """Whether the whole text is a Python brace format string with named fields only (then
    PO tools such as msgfmt --check and Poedit check its placeholders too)."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError:
        return False
    return bool(fields) and all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", f) for f in fields)


def _walk(
    node: Any,
    tp: Any,
    context: str,
    position: str,
    page: str,
    role: tuple[str, ...],
    codes: frozenset[str],
    out: list[Text],
) -> None:
    if is_text(node, codes):
        out.append(Text(context, position, node, page, " ".join(role) or "text", _limit(tp)))
    elif isinstance(node, dict):
        hints = _hints(_record(tp, node))
        for key, value in node.items():
            step = f".{key}" if _PLAIN_KEY.fullmatch(key) else f"[{json.dumps(key)}]"
            # below the top level every key is a word of the role; a top-level key such
            # as "park" is the page (a list such as "slides" makes pages of its items)
            here, words = (page, (*role, key.replace("_", " "))) if page else (key, ())
            _walk(value, hints.get(key), context + step, position + step, here, words, codes, out)
    elif isinstance(node, list):
        item, ids, name = _item(tp), _ids(node), _singular(role[-1] if role else page)
        for i, value in enumerate(node):
            label = ids[i] if ids else str(i + 1)
            step = f"[id={_id(ids[i])}]" if ids else f"[{i}]"
            if not role:  # a top-level list: each item is a page of the loop
                kind = value.get("kind") if isinstance(value, dict) else None
                here, words = f"{label} ({kind + ' ' if isinstance(kind, str) else ''}{name})", ()
            else:
                here, words = page, (*role[:-1], f"{name} {label}")
            _walk(value, item, context + step, f"{position}[{i}]", here, words, codes, out)


def _ids(items: list[Any]) -> list[str] | None:
    """The items' ids when every item has a distinct one, else None (positions are used)."""
    ids = [i.get("id") if isinstance(i, dict) else None for i in items]
    if ids and all(isinstance(i, str) and i for i in ids) and len(set(ids)) == len(ids):
        return [str(i) for i in ids]
    return None


def _id(value: str) -> str:
    return value if _PLAIN_ID.fullmatch(value) else json.dumps(value, ensure_ascii=False)


def _singular(name: str) -> str:
    if name.endswith("ies"):
        return name[:-3] + "y"
    return name[:-1] if name.endswith("s") and not name.endswith("ss") else name


# --- the model's types, for limits and for which record a JSON object is --------------


def _unwrap(tp: Any) -> tuple[Any, list[Rule]]:
    rules: list[Rule] = []
    while isinstance(tp, TypeAliasType) or get_origin(tp) is Annotated:
        if isinstance(tp, TypeAliasType):  # `type Name = ...`
            tp = tp.__value__
            continue
        rules += [m for m in tp.__metadata__ if isinstance(m, Rule)]
        tp = tp.__origin__
    return tp, rules


def _members(tp: Any) -> list[Any]:
    """The types a value of type `tp` may have, without their annotations."""
    tp, _ = _unwrap(tp)
    if get_origin(tp) in (Union, types.UnionType):
        return [_unwrap(a)[0] for a in get_args(tp) if a is not type(None)]
    return [tp] if tp is not None else []


def _record(tp: Any, node: dict[str, Any]) -> Any:
    """The record class `node` is, picked among a union by its 'kind', or None."""
    records = [m for m in _members(tp) if is_dataclass(m)]
    for record in records:
        kind = _hints(record).get("kind")
        if get_origin(kind) is Literal and node.get("kind") in get_args(kind):
            return record
    return records[0] if records else None


@cache
def _record_hints(record: type) -> dict[str, Any]:
    return get_type_hints(record, include_extras=True)


def _hints(record: Any) -> dict[str, Any]:
    return _record_hints(record) if isinstance(record, type) and is_dataclass(record) else {}


def _item(tp: Any) -> Any:
    for member in _members(tp):
        if get_origin(member) is list:
            return get_args(member)[0]
    return None


def _limit(tp: Any) -> int | None:
    """max_length of one language's string in a text of type `tp` (a `Text`)."""
    for member in _members(tp):
        if get_origin(member) is dict:
            _, rules = _unwrap(get_args(member)[1])
            limits = [r.max_length for r in rules if r.max_length is not None]
            return min(limits) if limits else None
    return None
