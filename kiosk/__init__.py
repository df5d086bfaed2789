"""Park Kiosk: the lobby presenter of the Zhongguancun Industrial Internet Industrial Park."""

import sys

__version__ = "0.1.0"

# Hashes from Python's own implementations, not OpenSSL's: the kiosk hashes a few small files
# (content, catalogs, the background's key), and OpenSSL's libcrypto, loaded for them, stays
# resident all day: ~3.5 MB (#13 item 9). hashlib falls back to them by itself when
# _hashlib cannot be imported; a process that imported it before keeps it.
sys.modules.setdefault("_hashlib", None)  # type: ignore[arg-type]
