"""`kiosk pack`, `kiosk keygen`, `kiosk sign`: what an operator runs to publish a bundle."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from kiosk.content import ContentError, load_content
from kiosk.files import read_regular, write_atomic
from kiosk.remote.bundle import BundleError, pack, unpack
from kiosk.remote.fetch import MAX_BUNDLE_BYTES
from kiosk.remote.sign import MAX_KEY_BYTES, SignatureError, generate, parse_secret_key, sign


def pack_command(folder: Path, out: Path) -> int:
    try:
        slides, files = pack(folder, out)
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        print(f"kiosk pack: {folder}: not packed, {len(exc.problems)} problem(s)", file=sys.stderr)
        return 1
    except (BundleError, OSError) as exc:
        print(f"kiosk pack: {exc}", file=sys.stderr)
        return 1
    print(f"{out}: {slides} slides, {files} files; sign it with `kiosk sign {out} --key KEY`")
    return 0


def keygen_command(out: Path, force: bool = False) -> int:
    public = Path(f"{out}.pub")
    if not force and (out.exists() or public.exists()):
        print(f"kiosk keygen: {out} or {public} exists; --force replaces them", file=sys.stderr)
        return 1
    key = generate()
    try:
        # The secret key is created with 0600 from the start, never readable by others.
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as stream:
            stream.write(key.text())
        os.chmod(out, 0o600)  # an existing file keeps its mode through O_TRUNC
        public.write_text(key.public().text(), encoding="ascii")
    except OSError as exc:
        print(f"kiosk keygen: {exc}", file=sys.stderr)
        return 1
    print(f"{out}: secret key (keep it on the operator's machine)")
    print(f"{public}: public key {key.public().id_hex} (give it to every display: --public-key)")
    return 0


def sign_command(bundle: Path, key_path: Path) -> int:
    """Signs only what a display would accept: the bundle is unpacked and validated first."""
    try:
        key = parse_secret_key(read_regular(key_path, MAX_KEY_BYTES).decode("ascii"))
        data = read_regular(bundle, MAX_BUNDLE_BYTES)
        with tempfile.TemporaryDirectory(prefix="kiosk-sign-") as folder:
            try:
                load_content(unpack(data, Path(folder) / "bundle"))
            except ContentError as exc:  # reported by the member's path in the zip
                print(
                    exc.report().replace(str(Path(folder) / "bundle"), str(bundle)), file=sys.stderr
                )
                print(
                    f"kiosk sign: {bundle}: not signed, its content has problems", file=sys.stderr
                )
                return 1
    except BundleError as exc:
        print(f"kiosk sign: {bundle}: not signed: {exc}", file=sys.stderr)
        return 1
    except (OSError, UnicodeDecodeError, SignatureError) as exc:
        print(f"kiosk sign: {exc}", file=sys.stderr)
        return 1
    try:
        target = Path(f"{bundle}.sig")
        write_atomic(target, sign(data, key, f"file:{bundle.name}").encode("utf-8"))
    except (OSError, UnicodeDecodeError, SignatureError) as exc:
        print(f"kiosk sign: {exc}", file=sys.stderr)
        return 1
    print(f"{target}: signed with key {key.public().id_hex}; publish it beside {bundle.name}")
    return 0
