"""Opening the database file: created owner-only, checked, in WAL mode, migrated."""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

from cc_dosecalc.history.errors import CORRUPT_CODES, HistoryError, Unreadable, error_code, why
from cc_dosecalc.history.schema import migrate

_log = logging.getLogger(__name__)

BUSY_TIMEOUT_SECONDS = 5.0


def connect(path: Path) -> sqlite3.Connection:
    """An open, checked, migrated connection; :class:`Unreadable` for a file to move aside;
    :class:`HistoryError` for anything else."""
    try:
        if not path.exists():
            # created owner-only before SQLite touches it; SQLite gives -wal and -shm the same mode
            os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
        elif path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
    except FileExistsError:
        pass
    except OSError as error:
        _log.error("The history database %s cannot be created", path, exc_info=error)
        raise HistoryError(f"The history database {path} cannot be created ({why(error)}): summaries are not being recorded.") from error
    if not os.access(path, os.R_OK):
        raise Unreadable("no permission to read it")
    connection: sqlite3.Connection | None = None
    try:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        mode = connection.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            _log.error("The history database %s cannot use write-ahead logging (journal mode %s)", path, mode)
            raise HistoryError(f"The history database {path} cannot use write-ahead logging on this disk (journal mode {mode}).")
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("PRAGMA foreign_keys=ON")
        result = connection.execute("PRAGMA quick_check").fetchall()
        if result != [("ok",)]:
            _log.warning("The history database %s failed its check: %s", path, [row[0] for row in result[:10]])
            raise Unreadable(f"integrity check failed: {' '.join(str(row[0]) for row in result[:3])[:200]}")
        migrate(connection, path)
        return connection
    except sqlite3.Error as error:
        if connection is not None:
            connection.close()
        if error_code(error) in CORRUPT_CODES:
            _log.warning("The history database %s cannot be read", path, exc_info=error)
            raise Unreadable(why(error)) from error
        _log.error("The history database %s cannot be opened", path, exc_info=error)
        raise HistoryError(f"The history database {path} cannot be opened: {why(error)}.") from error
    except BaseException:
        if connection is not None:
            connection.close()
        raise
