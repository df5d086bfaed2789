"""Content bundles: a zip of one content file (the only `.json` at its top) and the assets
it uses. `pack` builds one from a content folder; `BundleStore` unpacks a downloaded one
into a new folder of the local cache, checking every member first (paths, links, sizes: no
zip slip, no zip bomb), validates it, and only then points `current.json` at it. The
previous good folder is kept; older ones are deleted. No Qt."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import shutil
import stat
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kiosk.content import ContentError, asset_paths, load_content
from kiosk.content.cache import LOGO
from kiosk.content.validate import MAX_ASSET_BYTES, MAX_FILE_BYTES
from kiosk.files import read_regular, write_atomic

log = logging.getLogger(__name__)

MAX_FILES = 2_000
MAX_TOTAL_BYTES = 200_000_000  # unpacked
MAX_RATIO = 100  # unpacked / packed, for members over RATIO_FLOOR (text packs ~3-10x)
RATIO_FLOOR = 100_000
POINTER = "current.json"


class BundleError(Exception):
    """A bundle refused; the message says why in one line. `report`: the validator's full
    report when the content does not validate."""

    def __init__(self, message: str, report: str | None = None) -> None:
        super().__init__(message)
        self.report = report


def _member_problem(info: zipfile.ZipInfo) -> str | None:
    name = info.filename
    if "\\" in name or "\x00" in name or name.startswith("/") or ":" in name.split("/")[0]:
        return "an absolute or non-portable path"
    parts = name.rstrip("/").split("/")
    if any(part in ("", ".", "..") for part in parts):
        return "a path with '..', '.' or an empty part"
    kind = stat.S_IFMT(info.external_attr >> 16)  # 0: no Unix type recorded (a plain file)
    if kind == stat.S_IFLNK:
        return "a symbolic link"
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        return "not a regular file (a device, FIFO or socket)"
    if info.flag_bits & 0x1:
        return "encrypted"
    if info.is_dir():
        return None
    limit = MAX_FILE_BYTES if name.endswith(".json") else MAX_ASSET_BYTES
    if info.file_size > limit:
        return f"{info.file_size} bytes unpacked, over the limit of {limit}"
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        return f"packed {info.file_size // max(info.compress_size, 1)}:1, a zip bomb"
    return None


def check_members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The archive's files (not folders), each checked; raises BundleError at the first bad one."""
    members = archive.infolist()
    if len(members) > MAX_FILES:
        raise BundleError(f"{len(members)} members, over the limit of {MAX_FILES}")
    seen: set[str] = set()
    total = 0
    files = []
    for info in members:
        problem = _member_problem(info)
        if problem:
            raise BundleError(f"member {info.filename[:200]!r}: {problem}")
        key = info.filename.rstrip("/").casefold()
        if key in seen:
            raise BundleError(f"member {info.filename[:200]!r}: appears twice")
        seen.add(key)
        if not info.is_dir():
            total += info.file_size
            files.append(info)
    if total > MAX_TOTAL_BYTES:
        raise BundleError(f"{total} bytes unpacked, over the limit of {MAX_TOTAL_BYTES}")
    tops = [i.filename for i in files if "/" not in i.filename and i.filename.endswith(".json")]
    if len(tops) != 1:
        raise BundleError(f"expected exactly one .json file at the top of the zip; found {tops}")
    return files


def unpack(data: bytes, folder: Path) -> Path:
    """Unpack a checked bundle into `folder` (which must not exist); returns the content
    file. Sizes are enforced while inflating too: a member's header may lie."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise BundleError(f"not a zip file ({exc})") from None
    with archive:
        files = check_members(archive)
        folder.mkdir(parents=True)
        for info in files:
            target = folder.joinpath(*info.filename.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with archive.open(info) as source:
                    blob = source.read(info.file_size + 1)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
                raise BundleError(f"member {info.filename!r} cannot be unpacked ({exc})") from None
            if len(blob) != info.file_size:
                raise BundleError(f"member {info.filename!r}: size differs from its header")
            with open(target, "xb") as stream:  # "x": never through something already there
                stream.write(blob)
    return folder / next(
        i.filename for i in files if "/" not in i.filename and i.filename.endswith(".json")
    )


@dataclass(frozen=True)
class Current:
    """The bundle shown: its content file and what the pointer says about it."""

    path: Path
    info: dict[str, str | None]


class BundleStore:
    """The bundles of one URL in the local cache: `root/<folder>/` and `root/current.json`."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def current(self) -> Current | None:
        """The last bundle that passed every check, or None (none yet, or its folder gone)."""
        try:
            info = json.loads(read_regular(self.root / POINTER, 100_000))
            folder, name = info["folder"], info["file"]
            if not all(isinstance(v, str) and v and Path(v).name == v for v in (folder, name)):
                return None
            path = self.root / folder / name
            return Current(path, info) if path.is_file() else None
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, data: bytes, **info: str | None) -> Current:
        """Unpack, validate and switch to the bundle `data`; raises BundleError and leaves
        the current bundle as it was when anything is wrong."""
        sha = hashlib.sha256(data).hexdigest()
        name = f"b-{sha[:16]}"
        previous = self.current()
        self.root.mkdir(parents=True, exist_ok=True)
        temp = self.root / f".{name}.{os.getpid()}.tmp"
        shutil.rmtree(temp, ignore_errors=True)
        try:
            path = unpack(data, temp)
            try:
                content = load_content(path)
            except ContentError as exc:
                report = exc.report().replace(str(temp), name)
                first = (report.splitlines() or ["?"])[0]
                raise BundleError(
                    f"the bundle's content does not validate: {first}", report
                ) from None
            folder = self.root / name
            if previous is None or previous.path.parent != folder:
                shutil.rmtree(folder, ignore_errors=True)  # a half-made one from a crash
                os.replace(temp, folder)
        except OSError as exc:  # a full disk, a member both a file and a folder
            raise BundleError(f"cannot unpack into {self.root}: {exc}") from None
        finally:
            shutil.rmtree(temp, ignore_errors=True)
        pointer: dict[str, str | None] = {"folder": name, "file": path.name, "sha256": sha}
        pointer.update(info)
        pointer["previous"] = previous.path.parent.name if previous else None
        pointer["saved"] = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
        pointer["slides"] = str(len(content.slides))
        try:
            write_atomic(self.root / POINTER, json.dumps(pointer, ensure_ascii=False).encode())
        except OSError as exc:
            raise BundleError(
                f"cannot write {self.root / POINTER} ({exc.strerror or exc})"
            ) from None
        self._prune({name, pointer["previous"] or name})
        return Current(folder / path.name, pointer)

    def remember(self, **info: str | None) -> None:
        """Update the pointer's details (new validators from a 304) for the same folder."""
        now = self.current()
        if now is not None:
            pointer = dict(now.info, **info)
            write_atomic(self.root / POINTER, json.dumps(pointer, ensure_ascii=False).encode())

    def _prune(self, keep: set[str]) -> None:
        for old in self.root.iterdir():
            if (
                old.is_dir()
                and old.name not in keep
                and not old.name.endswith(f".{os.getpid()}.tmp")
            ):
                shutil.rmtree(old, ignore_errors=True)


def pack(folder: Path, out: Path) -> tuple[int, int]:
    """Zip the content of `folder` (its only top-level .json, validated) with the assets it
    uses and the logo into `out`; returns (slides, files). Raises ContentError or BundleError."""
    folder = Path(folder)
    tops = sorted(p.name for p in folder.glob("*.json") if p.is_file())
    if len(tops) != 1:
        raise BundleError(
            f"{folder}: expected exactly one .json content file at its top; found {tops}"
        )
    path = folder / tops[0]
    content = load_content(path)
    names = sorted({rel for _where, rel in asset_paths(content)} | {LOGO})
    files = {tops[0]: read_regular(path, MAX_FILE_BYTES)}
    for rel in names:
        if (folder / rel).is_file():
            files[rel] = read_regular(folder / rel, MAX_ASSET_BYTES)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for rel, blob in files.items():
            info = zipfile.ZipInfo(rel, date_time=(2020, 1, 1, 0, 0, 0))  # the same bytes each time
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(info, blob, zipfile.ZIP_DEFLATED)
    write_atomic(Path(out), buffer.getvalue())
    return len(content.slides), len(files)
