"""What can go wrong with the history, and what SQLite says in words for the user."""

from __future__ import annotations

import sqlite3


class HistoryError(Exception):
    """The history cannot be used or written. The message is one line, for the user."""


class Unreadable(Exception):
    """The database file is corrupt or cannot be read: it is to be moved aside."""


CORRUPT_CODES = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}


def error_code(error: sqlite3.Error) -> int:
    """SQLite's primary result code of ``error`` (0 when it has none)."""
    return int(getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF


def why(error: BaseException) -> str:
    """The cause of ``error`` in a few plain words."""
    if isinstance(error, sqlite3.Error):
        code = error_code(error)
        if code == sqlite3.SQLITE_FULL:
            return "the disk is full"
        if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_CANTOPEN):
            return "the disk or folder cannot be written (read-only or no permission)"
        if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return "another cc-dosecalc kept the history busy; try again"
        if code == sqlite3.SQLITE_IOERR:
            return f"a disk error ({error})"
    if isinstance(error, OSError):
        return str(error.strerror or error)
    return " ".join(str(error).split())
