"""Reading a formulary file strictly: the TOML document, then each table field by field.

A file that is too big, not UTF-8 or not TOML is refused here; each field is read with its
type and bounds checked, and a field nobody read is refused as unknown (misspelt?).
"""

from __future__ import annotations

import math
import os
import re
import stat
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from cc_dosecalc.digest import sha256_hex
from cc_dosecalc.formulary.model import FormularyError
from cc_dosecalc.formulary.nesting import too_deep_or_too_many

if TYPE_CHECKING:
    from cc_dosecalc.formulary.validator import Validator

MAX_FILE_BYTES = 1_000_000
# Sanity bounds: no dose, limit or threshold in a formulary comes near them, and anything
# larger is a typing error (or would lose digits when read as a float).
MAX_NUMBER = 100_000
MAX_DAYS = 365
MAX_TEXT_LENGTH = 500
# Ids are what the command line and the records name: plain lower-case ASCII, so that no
# look-alike letter from another script can pass for another drug's id.
ID = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?", re.ASCII)


def read_document(path: Path) -> tuple[dict[str, Any], str]:
    """A formulary file's TOML document and the SHA-256 of its bytes.

    Only a regular file is read (a FIFO would block every command, a device could be read
    for ever), and only a text that nests at most :data:`MAX_NESTING` deep, with at most
    :data:`MAX_KEYS` keys, reaches ``tomllib``.
    A UTF-8 byte order mark at the start, as some Windows editors write, is accepted.
    """
    data = _read_regular_file(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FormularyError(path, "", "not UTF-8 text") from error
    refused = too_deep_or_too_many(text)
    if refused:
        raise FormularyError(path, "", f"{refused}: not a formulary")
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise FormularyError(path, "", f"TOML syntax error: {error}") from error
    except ValueError as error:  # tomllib: an integer with more digits than Python converts
        raise FormularyError(path, "", "TOML syntax error: a number has too many digits") from error
    except RecursionError as error:
        raise FormularyError(path, "", "TOML syntax error: arrays or tables nested too deeply") from error
    return document, sha256_hex(data)


def _read_regular_file(path: Path) -> bytes:
    """At most :data:`MAX_FILE_BYTES` of ``path``, refused unless it is a regular file: looked
    at before it is opened, and opened without blocking (a FIFO put in its place in between is
    still refused, not waited on)."""
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISREG(mode):
            descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
            with os.fdopen(descriptor, "rb") as handle:
                mode = os.fstat(handle.fileno()).st_mode
                data = handle.read(MAX_FILE_BYTES + 1) if stat.S_ISREG(mode) else b""
    except OSError as error:
        raise FormularyError(path, "", f"cannot be read ({error.strerror or error})") from error
    if not stat.S_ISREG(mode):
        raise FormularyError(path, "", f"is {_kind(mode)}, not a regular file: not a formulary")
    if len(data) > MAX_FILE_BYTES:
        raise FormularyError(path, "", f"larger than {MAX_FILE_BYTES:,} bytes: not a formulary")
    return data


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


class Table:
    """One TOML table with its place in the file, read field by field, strictly."""

    def __init__(self, validator: Validator, entry: str, data: object, path: Path | None = None) -> None:
        self.validator = validator
        # a table laid over from a site file is named as it is in that file
        self.path, self.entry = validator.origins.get(id(data), (path or validator.path, entry))
        if not isinstance(data, dict):
            self.fail("", "must be a table")
        self.data: dict[str, Any] = cast(dict[str, Any], data)
        self.read: set[str] = set()

    @property
    def from_site(self) -> bool:
        return self.validator.site_path is not None and self.path == self.validator.site_path

    def fail(self, key: str, message: str) -> None:
        entry = f"{self.entry}.{key}" if self.entry and key else key or self.entry
        raise FormularyError(self.path, entry, message)

    def _get(self, key: str, required: bool) -> Any:
        self.read.add(key)
        if key not in self.data:
            if required:
                self.fail(key, "missing")
            return None
        return self.data[key]

    def text(self, key: str, required: bool = True, max_length: int = MAX_TEXT_LENGTH) -> str:
        value = self._get(key, required)
        if value is None:
            return ""
        return self._checked_text(key, value, max_length)

    def _checked_text(self, key: str, value: object, max_length: int = MAX_TEXT_LENGTH) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(key, "must be non-empty text")
        text = cast(str, value)
        if not text.isprintable():  # any control character or line break
            self.fail(key, "must not hold control characters or line breaks")
        if len(text.strip()) > max_length:
            self.fail(key, f"too long (at most {max_length} characters)")
        return text.strip()

    def ident(self, key: str) -> str:
        """An id: lower-case ASCII letters, digits and hyphens."""
        value = self.text(key, max_length=64)
        if not ID.fullmatch(value):
            self.fail(key, f"'{value[:40]}' is not an id: use lower-case a-z, 0-9 and hyphens (for example 'colchicine-oral')")
        return value

    def choice(self, key: str, choices: Iterable[str]) -> str:
        options = tuple(choices)
        value = self.text(key)
        if value not in options:
            self.fail(key, f"'{value}' is not one of: {', '.join(options)}")
        return value

    def number(self, key: str, required: bool = True) -> float | None:
        value = self._get(key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(key, "must be a number")
        if not math.isfinite(value) or value <= 0 or value > MAX_NUMBER:
            self.fail(key, f"must be a number above zero and at most {MAX_NUMBER:,}")
        return float(value)

    def whole(self, key: str, required: bool = False) -> int | None:
        value = self._get(key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_DAYS:
            self.fail(key, f"must be a whole number from 1 to {MAX_DAYS}")
        return cast(int, value)

    def numbers(self, key: str) -> tuple[float, ...]:
        """A non-empty list of numbers, each above zero and within the sanity bound."""
        value = self._get(key, True)
        if not isinstance(value, list) or not value:
            self.fail(key, "must be a non-empty list of numbers")
        result = []
        for item in cast(list[object], value):
            if isinstance(item, bool) or not isinstance(item, int | float) or not math.isfinite(item) or not 0 < item <= MAX_NUMBER:
                self.fail(key, f"each must be a number above zero and at most {MAX_NUMBER:,} (found {str(item)[:20]})")
            result.append(float(cast(float, item)))
        return tuple(result)

    def texts(self, key: str, required: bool = True) -> tuple[str, ...]:
        value = self._get(key, required)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(key, "must be a list of non-empty texts")
        return tuple(self._checked_text(key, item) for item in cast(list[object], value))

    def tables(self, key: str, required: bool = False) -> list[Table]:
        value = self._get(key, required)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(key, "must be a list of tables")
        return [
            Table(self.validator, f"{self.entry}.{key}[{index}]" if self.entry else f"{key}[{index}]", item, self.path)
            for index, item in enumerate(value)
        ]

    def table(self, key: str, required: bool = True) -> Table | None:
        value = self._get(key, required)
        if value is None:
            return None
        return Table(self.validator, f"{self.entry}.{key}" if self.entry else key, value, self.path)

    def source(self, key: str = "source") -> str:
        value = self.text(key)
        if value not in self.validator.sources:
            self.fail(key, f"unknown source '{value}' (not in [sources])")
        return value

    def renamed(self, entry: str) -> Table:
        self.entry = entry
        return self

    def done(self) -> None:
        unknown = sorted(set(self.data) - self.read)
        if unknown:
            self.fail(unknown[0], "unknown field (misspelt?)")
