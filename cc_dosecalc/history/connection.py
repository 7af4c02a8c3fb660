"""Opening the database file: created owner-only, checked before anything is written, in WAL
mode, migrated.

The check and the migrations run under the write lock (``BEGIN IMMEDIATE``), in one
transaction, the schema's version read again under the lock: programs opening a new (or older)
history at once never both migrate it.

Never open the database's files (or its -shm) behind SQLite's back in this process while a
connection is open: closing such a file drops every POSIX lock the process holds on it, and
other programs then take the WAL index for theirs (seen here: "locking protocol" and SIGBUS).
"""

from __future__ import annotations

import logging
import os
import random
import sqlite3
import stat
import time
import weakref
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cc_dosecalc.history.errors import CORRUPT_CODES, HistoryError, Unreadable, error_code, why
from cc_dosecalc.history.schema import migrate
from cc_dosecalc.history.wal_check import check_wal, copy_beside_connection

_log = logging.getLogger(__name__)

BUSY_TIMEOUT_SECONDS = 5.0
QUICK_CHECK_EVERY = timedelta(days=1)
TRANSIENT_CODES = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_PROTOCOL}


def connect(path: Path) -> tuple[sqlite3.Connection, tuple[str, ...]]:
    """An open, checked, migrated connection and notices for the user (a damaged WAL copied
    aside); :class:`Unreadable` for a file to move aside; :class:`HistoryError` for anything else.

    Programs opening the same new history at once can meet SQLite's WAL set-up half done
    ("locking protocol", "database is locked" before the busy timeout applies): tried again,
    for as long as the busy timeout."""
    # the WAL is read as a plain file only while no connection of this process is open to it
    told = () if _in_use(path) else check_wal(path)
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            connection, more = _connect(path)
            _OPEN.setdefault(str(path.resolve()), weakref.WeakSet()).add(connection)
            return connection, (*told, *more)
        except _Transient as transient:
            if time.monotonic() > deadline:
                raise _failure(path, transient.error) from transient.error
            time.sleep(0.01 + random.random() * 0.04)


class _Connection(sqlite3.Connection):
    """A connection that can be weakly referred to (SQLite's own cannot)."""


# the connections of this process, by database: while one is open, its files are not read
_OPEN: dict[str, weakref.WeakSet[sqlite3.Connection]] = {}


def _in_use(path: Path) -> bool:
    for connection in _OPEN.get(str(path.resolve()), ()):
        try:
            connection.total_changes  # noqa: B018 (raises once the connection is closed)
        except sqlite3.ProgrammingError:
            continue
        return True
    return False


class _Transient(Exception):
    def __init__(self, error: sqlite3.Error) -> None:
        super().__init__(str(error))
        self.error = error


def _connect(path: Path) -> tuple[sqlite3.Connection, tuple[str, ...]]:
    _create_private(path)
    if not stat.S_ISREG(path.stat().st_mode):  # a folder, a device or a pipe (which would hang SQLite's open)
        _log.error("The history database %s is not a regular file; left where it is", path)
        raise HistoryError(
            f"The history database {path} is not a file (a folder, device or pipe is there). It was left as it is; "
            "summaries are not being recorded."
        )
    if not os.access(path, os.R_OK):
        _log.error("The history database %s cannot be read: no permission; left where it is", path)
        raise HistoryError(
            f"The history database {path} cannot be read: this user has no permission to read it. It was left as it is; "
            "summaries are not being recorded. Tell IT support."
        )
    connection: sqlite3.Connection | None = None
    try:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, factory=_Connection)
        mode = connection.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            _log.error("The history database %s cannot use write-ahead logging (journal mode %s)", path, mode)
            raise HistoryError(f"The history database {path} cannot use write-ahead logging on this disk (journal mode {mode}).")
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("PRAGMA foreign_keys=ON")
        connection.execute("BEGIN IMMEDIATE")
        try:
            checked = _check_due(connection) and _check(connection, path)
        except Unreadable as unreadable:
            # copied before closing: closing checkpoints the WAL into the damaged database
            unreadable.as_found, descriptors = copy_beside_connection(path)
            connection.close()
            for descriptor in descriptors:
                os.close(descriptor)
            raise
        migrate(connection, path)
        if checked:
            connection.execute(
                "INSERT OR REPLACE INTO checked (id, quick_check_utc) VALUES (1, ?)", (datetime.now(UTC).isoformat(timespec="seconds"),)
            )
        connection.execute("COMMIT")
        return connection, ()
    except sqlite3.Error as error:
        if connection is not None:
            connection.close()
        raise _failure_or_transient(path, error) from error
    except BaseException:
        if connection is not None:
            connection.close()
        raise


def _create_private(path: Path) -> None:
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


def _check_due(connection: sqlite3.Connection) -> bool:
    """Whether the quick check is due: it runs at most once a day (it reads the whole file:
    249 ms for 50,000 records), and always on a history that has no record of it (a new or
    older one), or one whose last check is in the future (a clock set back)."""
    try:
        row = connection.execute("SELECT quick_check_utc FROM checked WHERE id = 1").fetchone()
    except sqlite3.DatabaseError as error:  # no such table yet, or a damaged page: the check decides
        if error_code(error) in TRANSIENT_CODES:
            raise
        return True
    try:
        last = datetime.fromisoformat(row[0]) if row else None
    except (TypeError, ValueError):
        return True
    now = datetime.now(UTC)
    return last is None or not (now - QUICK_CHECK_EVERY < last <= now)


def _check(connection: sqlite3.Connection, path: Path) -> bool:
    """SQLite's quick check: :class:`Unreadable` when it fails, True when it passes."""
    result: list[tuple[object, ...]] = []
    try:
        for row in connection.execute("PRAGMA quick_check"):  # row by row: what it found before an error is kept
            result.append(row)
    except sqlite3.DatabaseError as error:  # a page so damaged that the check itself stops on it
        if error_code(error) not in CORRUPT_CODES:
            raise
        _log.warning("The history database %s failed its check", path, exc_info=error)
        if not result:
            raise Unreadable(why(error)) from error
        result.append((why(error),))
    if result != [("ok",)]:
        _log.warning("The history database %s failed its check: %s", path, [row[0] for row in result[:10]])
        raise Unreadable(f"integrity check failed: {' '.join(' '.join(str(row[0]).split()) for row in result[:3])[:200]}")
    return True


def _failure_or_transient(path: Path, error: sqlite3.Error) -> Exception:
    if error_code(error) in TRANSIENT_CODES:
        return _Transient(error)
    return _failure(path, error)


def _failure(path: Path, error: sqlite3.Error) -> Exception:
    if error_code(error) in CORRUPT_CODES:
        _log.warning("The history database %s cannot be read", path, exc_info=error)
        return Unreadable(why(error))
    _log.error("The history database %s cannot be opened", path, exc_info=error)
    return HistoryError(f"The history database {path} cannot be opened: {why(error, path)}.")
