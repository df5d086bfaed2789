"""What the kiosk's process does not load for the little it uses (#13 item 9, steady memory)."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import kiosk.logs  # the kiosk's first hashing module, imported as the kiosk does
import hashlib, sys
maps = open("/proc/self/maps").read() if sys.platform.startswith("linux") else ""
print(hashlib.sha256(b"abc").hexdigest(), "libcrypto" in maps)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/maps")
def test_hashes_come_without_openssl():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    digest, crypto = done.stdout.split()
    # FIPS 180-2's test vector: the same digest as OpenSSL's, without libcrypto loaded.
    assert digest == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert crypto == "False"
