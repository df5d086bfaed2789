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
import logging
import pickle
from pathlib import Path

from kiosk import __version__
from kiosk.content.model import Content
from kiosk.content.validate import ContentError, check_assets, load_content
from kiosk.files import write_atomic
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


def load_content_cached(path: Path | str) -> Content:
    """Like `load_content`, but a file validated before (same bytes, same model) is reused."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError:
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
    content = load_content(path)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(cached, pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError as exc:
        log.info("content cache not written (%s); next start validates again", exc)
    return content
