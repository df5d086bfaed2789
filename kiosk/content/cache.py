"""A cache of validated content, so that a restart with unchanged content skips validation.

Validating (really: building pydantic's validators) costs ~200 ms, a third of the kiosk's
start-up. A lobby PC restarts with the same content nearly every time, so the validated
model is kept in the user's cache folder, keyed by the content file's bytes, the kiosk's
version and the content model's own source. Anything else (a changed file, a new model,
an unreadable cache) falls back to full validation. Assets are always checked again: they
can change without the JSON file changing. The cache folder is the user's own, like
their settings; content files themselves are never unpickled.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import shutil
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from kiosk import __version__
from kiosk.content import apart
from kiosk.content.apart import load_content_apart
from kiosk.content.model import Content
from kiosk.content.validate import (
    MAX_ASSET_BYTES,
    MAX_FILE_BYTES,
    ContentError,
    asset_paths,
    check_assets,
    load_content,
)
from kiosk.files import read_regular, write_atomic
from kiosk.frozen import frozen
from kiosk.resources import user_cache

log = logging.getLogger(__name__)


def _model_fingerprint() -> bytes:
    """The content model's source (from a checkout) or just the version (frozen)."""
    digest = hashlib.sha256(__version__.encode())
    here = Path(__file__).parent
    jsontree = here.parent / "jsontree.py"  # validate's JSON walker
    for source in [*sorted(here.glob("*.py")), *([jsontree] if jsontree.is_file() else [])]:
        digest.update(source.read_bytes())
    return digest.digest()


def cache_path(data: bytes) -> Path:
    key = hashlib.sha256(_model_fingerprint() + data).hexdigest()[:32]
    return user_cache("content") / f"{key}.pickle"


def load_content_cached(
    path: Path | str, validate: Callable[[Path], Content] | None = None
) -> Content:
    """Like `load_content`, but a file validated before (same bytes, same model) is reused.
    A new file is validated by `validate`: by default in a child process (see apart.py),
    so that the kiosk itself never builds pydantic's validator."""
    path = Path(path)
    try:
        data = read_regular(path, MAX_FILE_BYTES)
    except (OSError, ValueError):
        return load_content(path)  # which reports the problem properly
    cached = cache_path(data)
    try:
        content = pickle.loads(cached.read_bytes())
    except Exception:  # noqa: BLE001 — any problem with the cache means: validate
        content = None
    if isinstance(content, Content):
        problems = list(check_assets(content, path.parent))
        if problems:
            raise ContentError(path, problems)
        return content
    content = (validate or load_content_apart)(path)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(cached, pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError as exc:
        log.info("content cache not written (%s); next start validates again", exc)
    return content


def child_main(argv: list[str]) -> int:
    """In the child: validate argv[0] (filling the content cache for the next start) and
    write the pickle to stdout. Exit 0: content; exit 3: a list of problems."""
    if len(argv) != 1:
        print(f"usage: kiosk {apart.FLAG} FILE", file=sys.stderr)
        return 2
    try:
        result: object = load_content_cached(argv[0], validate=load_content)
        code = 0
    except ContentError as exc:
        result, code = exc.problems, 3
    sys.stdout.buffer.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()
    return code


# --- the last good content ------------------------------------------------------------
#
# Every content that passed validation is kept in the cache with the files it uses (icons,
# art, the logo), so that a start on a broken file (a half-saved edit, then a power cut)
# shows the last good deck instead of nothing. Each deck is written to a new folder that
# is renamed into place whole, then a small pointer file is replaced atomically: a crash at
# any moment leaves either the old or the new deck, never half of one.

LAST_GOOD = "last-good"
POINTER = "current.json"
LOGO = "art/logo-mark.svg"  # shown by the window, named by no content field


@frozen
class LastGood:
    path: Path  # the kept content file; its assets beside it, as in the original folder
    sha256: str  # of the content file's bytes
    source: str  # the file it was read from
    saved: str  # when, UTC ISO 8601


def _kept_files(path: Path, content: Content) -> dict[str, bytes]:
    """The assets the content uses (and the logo), by their path relative to the folder."""
    files: dict[str, bytes] = {}
    for rel in sorted({rel for _where, rel in asset_paths(content)} | {LOGO}):
        name = os.path.normpath(rel)
        if "\x00" in rel or os.path.isabs(name) or name.split(os.sep)[0] == os.pardir:
            continue  # validation refuses these; the logo is optional
        try:
            files[rel] = read_regular(path.parent / rel, MAX_ASSET_BYTES)
        except (OSError, ValueError):
            continue
    return files


def remember_good(path: Path | str, content: Content, data: bytes | None = None) -> LastGood | None:
    """Keep `content` (validated, read from `path`) with its assets as the last good
    content. `data`: the bytes that were validated; if the file no longer holds them, it
    changed in between and nothing is kept. Never raises: returns None when not kept."""
    path = Path(path)
    root = user_cache(LAST_GOOD)
    try:
        now = read_regular(path, MAX_FILE_BYTES)
        if data is not None and now != data:
            return None
        files = _kept_files(path, content)
        sha = hashlib.sha256(now).hexdigest()
        digest = hashlib.sha256(now)
        for rel in sorted(files):
            digest.update(rel.encode("utf-8", "backslashreplace") + b"\x00")
            digest.update(hashlib.sha256(files[rel]).digest())
        key = digest.hexdigest()[:32]
        folder = root / key
        if not (folder / path.name).is_file():
            temp = root / f".{key}.{os.getpid()}.tmp"
            shutil.rmtree(temp, ignore_errors=True)
            for rel, blob in files.items():
                (temp / rel).parent.mkdir(parents=True, exist_ok=True)
                write_atomic(temp / os.path.normpath(rel), blob)
            temp.mkdir(parents=True, exist_ok=True)
            write_atomic(temp / path.name, now)
            shutil.rmtree(folder, ignore_errors=True)  # a half-kept folder from a crash
            os.replace(temp, folder)
        kept = LastGood(
            folder / path.name,
            sha,
            str(path),
            datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        )
        pointer = {"folder": key, "file": path.name, "sha256": sha, "source": kept.source}
        pointer["saved"] = kept.saved
        write_atomic(root / POINTER, json.dumps(pointer, ensure_ascii=False).encode("utf-8"))
    except (OSError, ValueError) as exc:
        log.info("the last good content was not kept (%s)", exc)
        return None
    for old in root.iterdir():  # older decks, and temporary folders a crash left behind
        if old.is_dir() and old.name != key and not old.name.endswith(f".{os.getpid()}.tmp"):
            shutil.rmtree(old, ignore_errors=True)
    return kept


def last_good() -> LastGood | None:
    """The last good content kept by `remember_good`, or None if there is none."""
    root = user_cache(LAST_GOOD)
    try:
        pointer = json.loads(read_regular(root / POINTER, 100_000))
        folder, name = pointer["folder"], pointer["file"]
        if not all(isinstance(v, str) and v and Path(v).name == v for v in (folder, name)):
            return None
        path = root / folder / name
        if not path.is_file():
            return None
        return LastGood(path, str(pointer["sha256"]), str(pointer["source"]), str(pointer["saved"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
