"""The formulary's SHA-256 (cc_dosecalc.digest, without hashlib at start) is hashlib's SHA-256."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest

from cc_dosecalc.digest import sha256_hex
from cc_dosecalc.formulary import load_formulary
from cc_dosecalc.paths import builtin_formulary_path


@pytest.mark.parametrize("data", [b"", b"abc", b"\x00" * 55, b"\x00" * 56, b"\xff" * 64, bytes(range(256)) * 300])
def test_the_digest_is_hashlibs_sha256(data: bytes) -> None:
    assert sha256_hex(data) == hashlib.sha256(data).hexdigest()


def test_a_known_digest() -> None:
    assert sha256_hex(b"abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"  # FIPS 180-2


def test_the_formularys_sha256_is_that_of_its_file() -> None:
    path = builtin_formulary_path()
    assert load_formulary(path).sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_loading_the_formulary_does_not_load_openssl() -> None:
    code = (
        "import sys\n"
        "from cc_dosecalc.active_formulary import load_active_formulary\n"
        "load_active_formulary(None)\n"
        "print('_hashlib' in sys.modules, 'sqlite3' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.split() == ["False", "False"]
