"""Ed25519 signatures in minisign's format, so the standard `minisign` tool and this module
sign and verify each other's files (https://jedisct1.github.io/minisign/).

public key:  untrusted comment line, base64("Ed" + key id (8) + public key (32))
signature:   untrusted comment line, base64(alg (2) + key id (8) + signature (64)),
             "trusted comment: ..." line, base64(signature of signature + trusted comment)
             alg "ED": the signed message is BLAKE2b-512 of the file (minisign's default),
             alg "Ed": the file itself (legacy, still verified)
secret key:  minisign's own layout, unencrypted (KDF "\\0\\0", as `minisign -G -W` writes it):
             base64("Ed" + kdf (2) + "B2" + salt (32) + opslimit (8) + memlimit (8)
                    + key id (8) + seed (32) + public key (32) + BLAKE2b-256 checksum (32))
             so `minisign -S -s KEY` signs with a key from `kiosk keygen`. A password-protected
             (scrypt) minisign key is refused with a clear message: the operator signs those
             with `minisign -S` itself, and the kiosk verifies either.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import time
from dataclasses import dataclass

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

UNTRUSTED = "untrusted comment: "
TRUSTED = "trusted comment: "
MAX_SIGNATURE_BYTES = 16_384  # a trusted comment is at most 8 KB in minisign
MAX_KEY_BYTES = 4_096


class SignatureError(ValueError):
    """A key or signature that cannot be read, or a signature that does not verify."""


@dataclass(frozen=True)
class PublicKey:
    key_id: bytes  # 8 bytes, chosen at random when the key pair is made
    key: bytes  # 32 bytes

    @property
    def id_hex(self) -> str:
        """The key id as minisign prints it (the little-endian number, in hex)."""
        return self.key_id[::-1].hex().upper()

    def text(self) -> str:
        encoded = base64.b64encode(b"Ed" + self.key_id + self.key).decode("ascii")
        return f"{UNTRUSTED}minisign public key {self.id_hex}\n{encoded}\n"


@dataclass(frozen=True)
class SecretKey:
    key_id: bytes
    seed: bytes  # 32 bytes: the Ed25519 private key

    def public(self) -> PublicKey:
        return PublicKey(self.key_id, SigningKey(self.seed).verify_key.encode())

    def text(self) -> str:
        pk = self.public().key
        checksum = hashlib.blake2b(b"Ed" + self.key_id + self.seed + pk, digest_size=32).digest()
        blob = b"Ed" + b"\0\0" + b"B2" + bytes(32 + 8 + 8) + self.key_id + self.seed + pk + checksum
        encoded = base64.b64encode(blob).decode("ascii")
        return f"{UNTRUSTED}minisign secret key (unencrypted, kiosk keygen)\n{encoded}\n"


def _lines(text: str, count: int, what: str) -> list[str]:
    lines = [line.rstrip("\r") for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    if len(lines) != count:
        raise SignatureError(f"not a minisign {what}: expected {count} lines, got {len(lines)}")
    if not lines[0].startswith(UNTRUSTED):
        raise SignatureError(f"not a minisign {what}: the first line is not '{UNTRUSTED}...'")
    return lines


def _decode(line: str, size: int, what: str) -> bytes:
    try:
        raw = base64.b64decode(line.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise SignatureError(f"not a minisign {what}: the key line is not base64") from None
    if len(raw) != size:
        raise SignatureError(f"not a minisign {what}: {len(raw)} bytes; expected {size}")
    return raw


def parse_public_key(text: str) -> PublicKey:
    """A public key file's text, or just its base64 line (as `minisign -P` takes it)."""
    lines = _lines(text, 2, "public key") if "\n" in text.strip() else ["", text]
    raw = _decode(lines[1], 42, "public key")
    if raw[:2] != b"Ed":
        raise SignatureError(f"not an Ed25519 minisign public key (algorithm {raw[:2]!r})")
    return PublicKey(raw[2:10], raw[10:])


def parse_secret_key(text: str) -> SecretKey:
    raw = _decode(_lines(text, 2, "secret key")[1], 158, "secret key")
    if raw[:2] != b"Ed" or raw[4:6] != b"B2":
        raise SignatureError("not an Ed25519 minisign secret key")
    if raw[2:4] != b"\0\0":
        raise SignatureError(
            "a password-protected minisign key; sign with `minisign -S -s KEY -m BUNDLE.zip`, "
            "or make an unencrypted key with `kiosk keygen` (or `minisign -G -W`)"
        )
    key_id, seed, pk, checksum = raw[54:62], raw[62:94], raw[94:126], raw[126:158]
    expected = hashlib.blake2b(b"Ed" + key_id + seed + pk, digest_size=32).digest()
    # minisign 0.11's `-G -W` leaves an unencrypted key's checksum zero; the public half
    # is still checked against the seed below
    if checksum != bytes(32) and not hmac.compare_digest(checksum, expected):
        raise SignatureError("the secret key's checksum does not match: the file is damaged")
    key = SecretKey(key_id, seed)
    if key.public().key != pk:
        raise SignatureError("the secret key's public half does not match: the file is damaged")
    return key


def generate() -> SecretKey:
    return SecretKey(os.urandom(8), SigningKey.generate().encode())


def sign(data: bytes, key: SecretKey, trusted_comment: str | None = None) -> str:
    """The text of a signature file for `data` (prehashed, like `minisign -S`)."""
    if trusted_comment is None:
        trusted_comment = f"timestamp:{int(time.time())}"
    if "\n" in trusted_comment or "\r" in trusted_comment:
        raise SignatureError("a trusted comment is one line")
    private = SigningKey(key.seed)
    signature = private.sign(hashlib.blake2b(data).digest()).signature
    global_sig = private.sign(signature + trusted_comment.encode("utf-8")).signature
    line = base64.b64encode(b"ED" + key.key_id + signature).decode("ascii")
    return (
        f"{UNTRUSTED}signature from kiosk sign, key {key.public().id_hex}\n{line}\n"
        f"{TRUSTED}{trusted_comment}\n{base64.b64encode(global_sig).decode('ascii')}\n"
    )


def verify(data: bytes, signature_text: str, key: PublicKey) -> str:
    """Checks a signature file's text against `data`; returns its trusted comment.
    Raises SignatureError saying what is wrong."""
    lines = _lines(signature_text, 4, "signature")
    raw = _decode(lines[1], 74, "signature")
    alg, key_id, signature = raw[:2], raw[2:10], raw[10:]
    if alg not in (b"ED", b"Ed"):
        raise SignatureError(f"unknown signature algorithm {alg!r}; expected 'ED' or 'Ed'")
    if key_id != key.key_id:
        found = key_id[::-1].hex().upper()
        raise SignatureError(f"signed with key {found}, not with the display's key {key.id_hex}")
    if not lines[2].startswith(TRUSTED):
        raise SignatureError(f"not a minisign signature: the third line is not '{TRUSTED}...'")
    comment = lines[2][len(TRUSTED) :]
    global_sig = _decode(lines[3], 64, "signature")
    public = VerifyKey(key.key)
    message = hashlib.blake2b(data).digest() if alg == b"ED" else data
    try:
        public.verify(message, signature)
    except BadSignatureError:
        raise SignatureError("the signature does not match the file") from None
    try:
        public.verify(signature + comment.encode("utf-8"), global_sig)
    except BadSignatureError:
        raise SignatureError("the trusted comment's signature does not match") from None
    return comment
