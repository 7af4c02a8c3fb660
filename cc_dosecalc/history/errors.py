"""What can go wrong with the history, and what SQLite says in words for the user."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


class HistoryError(Exception):
    """The history cannot be used or written. The message is one line, for the user."""


class ServerError(HistoryError):
    """The hospital's history cannot be used now (away, refused, not set up): one line naming
    the server, without its password."""


class KeptUnsent(HistoryError):
    """The summary is kept on this workstation, NOT yet in the hospital's history (the server
    cannot be reached): it is sent later. The message is one line, for the nurse."""


class Unreadable(Exception):
    """The database file is corrupt or cannot be read: it is to be moved aside."""

    # a copy of the database and its WAL taken as they were found, before SQLite closed them
    as_found: Path | None = None


CORRUPT_CODES = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}


def error_code(error: sqlite3.Error) -> int:
    """SQLite's primary result code of ``error`` (0 when it has none)."""
    return int(getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF


def why(error: BaseException, path: Path | None = None) -> str:
    """The cause of ``error`` in a few plain words (``path``: the database file, when known, to
    tell a full disk from another disk error)."""
    if isinstance(error, sqlite3.Error):
        code = error_code(error)
        # SQLite reports a full disk met while making its -shm file as a mere I/O error
        if code == sqlite3.SQLITE_FULL or (code == sqlite3.SQLITE_IOERR and path is not None and _disk_full(path.parent)):
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


def _disk_full(folder: Path) -> bool:
    try:
        status = os.statvfs(folder)
    except (OSError, AttributeError):  # no statvfs on Windows
        return False
    return status.f_bavail * status.f_frsize < 1024 * 1024
