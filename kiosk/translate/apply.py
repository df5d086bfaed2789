"""`kiosk content import DIR`: the translations of DIR/<lang>.po written into the content
file, all of them or none.

Every PO file is read and every entry checked first; the new content is validated from a
temporary copy beside the file (its images are relative to it) and only then written,
atomically. Any problem refuses the whole import and leaves the file as it was, byte for
byte. Untranslated and fuzzy entries are listed and leave the content's text alone.
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.content import ContentError, load_content
from kiosk.files import write_atomic
from kiosk.translate.pofiles import PoError, read_catalog
from kiosk.translate.texts import Source, Text, placeholders, read_source


@dataclass(frozen=True)
class Change:
    text: Text
    lang: str
    string: str
    where: str  # DIR/ko.po:57


@dataclass
class Outcome:
    changes: list[Change]
    errors: list[str]  # any of them refuses the import
    skipped: list[str]  # untranslated, fuzzy: listed, not written


def read_translations(source: Source, folder: Path) -> Outcome:
    """What the PO files in `folder` would change in the content, and what is wrong."""
    out = Outcome([], [], [])
    files = sorted(folder.glob("*.po")) if folder.is_dir() else []
    if not files:
        out.errors.append(f"{folder}: no .po files; expected those of kiosk content export")
    by_context = {t.context: t for t in source.texts}
    for po in files:
        lang = po.stem
        if lang == source.default:
            out.errors.append(
                f"{po}: {lang!r} is the content's default language, whose texts are the "
                f"msgids; expected a PO file per other language (change {lang!r} texts in "
                f"{source.path})"
            )
            continue
        if lang not in source.codes:
            out.errors.append(
                f"{po}: {lang!r} is not a language of {source.path}; expected one of "
                f"{', '.join(c for c in source.codes if c != source.default)}"
            )
            continue
        try:
            catalog = read_catalog(po)
        except PoError as exc:
            out.errors.append(str(exc))
            continue
        for message in catalog:
            if message.id:
                _entry(source, by_context, po, lang, message, out)
    return out


def _entry(
    source: Source, by_context: dict[str, Text], po: Path, lang: str, message: Any, out: Outcome
) -> None:
    where = f"{po}:{message.lineno}"
    if not isinstance(message.id, str):
        out.errors.append(f"{where}: a plural entry; expected the entries of kiosk content export")
        return
    text = by_context.get(message.context or "")
    if message.context is None:
        out.errors.append(
            f"{where}: {message.id[:40]!r} has no msgctxt; expected the JSON path that "
            "kiosk content export wrote"
        )
        return
    if text is None:
        out.errors.append(
            f"{where}: {message.context}: no such text in {source.path} (removed or renamed "
            "since the export?); expected the path of a text (export again)"
        )
        return
    label = f"{where}: {message.context} ({lang})"
    if not message.string:
        out.skipped.append(f"{label}: untranslated; the content's text is kept")
        return
    if message.fuzzy:
        out.skipped.append(f"{label}: fuzzy (to be checked); the content's text is kept")
        return
    if message.id != text.node.get(source.default):
        out.skipped.append(
            f"{label}: its {source.default!r} text changed since the export; not imported "
            "(export again: it is then marked fuzzy)"
        )
        return
    expected, got = placeholders(message.id), placeholders(message.string)
    if expected != got:
        missing = ", ".join(p for p in expected if p not in got)
        extra = ", ".join(p for p in got if p not in expected)
        what = "; ".join(
            [f"missing {missing}"] * bool(missing)
            + [f"unknown {extra}"] * bool(extra)
            + ["a placeholder given a different number of times"] * (not missing and not extra)
        )
        out.errors.append(
            f"{label}: broken placeholder: {what}; expected exactly "
            f"{', '.join(expected) or 'no placeholders'}"
        )
        return
    if text.limit is not None and len(message.string) > text.limit:
        out.errors.append(
            f"{label}: has {len(message.string)} characters; expected at most {text.limit}"
        )
        return
    if text.node.get(lang) != message.string:
        out.changes.append(Change(text, lang, message.string, where))


def apply(source: Source, changes: list[Change]) -> None:
    """Write the changes into the parsed document (in place), keeping each text's key
    order; a language a text lacked goes where the content's language list puts it."""
    for change in changes:
        node = change.text.node
        missing = change.lang not in node
        node[change.lang] = change.string
        if missing:
            order = {code: i for i, code in enumerate(source.codes)}
            items = sorted(node.items(), key=lambda kv: order.get(kv[0], len(order)))
            node.clear()
            node.update(items)


def dumps(document: Any, raw: str) -> str:
    """The document as JSON in the style of `raw` (indent, separators, final newline) as
    far as json can write it: unchanged data gives back the same text."""
    found = re.search(r"\n([ \t]+)\S", raw)
    indent: str | int | None = found.group(1) if found else None
    if isinstance(indent, str) and indent.strip(" ") == "":
        indent = len(indent)
    tail = raw[len(raw.rstrip()) :]
    tries = [(",", ": "), (", ", ": "), (",", ":")] if indent is None else [(",", ": ")]
    original = json.loads(raw)  # the style that gives back the file as it is
    style = next(
        (s for s in tries if _dump(original, indent, s) + tail == raw),
        (",", ": ") if indent is not None else (", ", ": "),
    )
    return _dump(document, indent, style) + tail


def _dump(document: Any, indent: str | int | None, separators: tuple[str, str]) -> str:
    return json.dumps(document, indent=indent, ensure_ascii=False, separators=separators)


def validate(source: Source, data: bytes, changes: list[Change]) -> list[str]:
    """The validator's problems with the new content (empty when it is good), each told at
    the PO entry that caused it when there is one."""
    temp = source.path.with_name(f".{source.path.name}.import-{os.getpid()}.json")
    try:
        write_atomic(temp, data)
        load_content(temp)
    except ContentError as exc:
        by_position = {f"{c.text.position}.{c.lang}": c for c in changes}
        errors = []
        for problem in exc.problems:
            change = by_position.get(problem.path)
            if change is not None:
                errors.append(
                    f"{change.where}: {change.text.context} ({change.lang}): {problem.message}"
                )
            else:
                errors.append(f"{source.path}: {problem.path}: {problem.message}")
        return errors
    finally:
        temp.unlink(missing_ok=True)
    return []


def import_command(folder: Path, content: Path) -> int:
    """Exit code 0 when the translations were imported (or nothing changed), 1 when refused."""
    try:
        source = read_source(content)
    except ContentError as exc:
        return _refuse(content, exc.report().splitlines())
    out = read_translations(source, folder)
    if out.errors:
        return _refuse(content, out.errors)
    for line in out.skipped:
        print(line)
    if not out.changes:
        print(f"{content}: no translation to change; the file is as it was")
        return 0
    apply(source, out.changes)
    data = dumps(source.document, source.raw).encode("utf-8")
    try:
        errors = validate(source, data, out.changes)
        if errors:
            return _refuse(content, ["the content would not be valid:", *errors])
        write_atomic(content, data)
    except OSError as exc:
        return _refuse(content, [f"{content}: cannot write ({exc.strerror or exc})"])
    counts = {code: sum(1 for c in out.changes if c.lang == code) for code in source.codes}
    summary = ", ".join(f"{lang} {n}" for lang, n in counts.items() if n)
    print(f"{content}: {len(out.changes)} translations imported ({summary}); it validates")
    return 0


def _refuse(content: Path, errors: list[str]) -> int:
    print("\n".join(errors), file=sys.stderr)
    print(f"kiosk content import: refused; {content} was not changed", file=sys.stderr)
    return 1
