"""The SHA-256 digest that names a formulary file (shown in the window, on every printout and
in the history).

CPython's own SHA-256 (the module hashlib itself falls back to) is used, not hashlib's: importing
hashlib maps OpenSSL's libcrypto, about 3.7 MiB of the window's start-up memory, for a digest
of one small file at start (issue 9). Both give the same digest (tests/test_digest.py); hashlib
is the fallback where the built-in module has another name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _sha256_constructor() -> Callable[[bytes], Any]:
    try:
        from _sha256 import sha256  # type: ignore[import-not-found,unused-ignore]  # CPython 3.11

        return sha256  # type: ignore[no-any-return,unused-ignore]
    except ImportError:
        pass
    try:
        from _sha2 import sha256  # type: ignore[import-not-found,unused-ignore]  # CPython 3.12 and later

        return sha256  # type: ignore[no-any-return,unused-ignore]
    except ImportError:
        from hashlib import sha256

        return sha256  # type: ignore[no-any-return,unused-ignore]


_SHA256 = _sha256_constructor()


def sha256_hex(data: bytes) -> str:
    """The SHA-256 digest of ``data`` in lowercase hexadecimal."""
    return str(_SHA256(data).hexdigest())
