"""The history store: one record per summary, added in one transaction, read back for the
list, the details and a reprint."""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path
from typing import Any

from cc_dosecalc.datadir import data_dir, ensure_private_dir
from cc_dosecalc.history.connection import connect
from cc_dosecalc.history.damaged import move_aside
from cc_dosecalc.history.errors import CORRUPT_CODES, HistoryError, Unreadable, error_code, why
from cc_dosecalc.history.records import RECORD_SELECT, SUMMARY_COLUMNS, Record, RecordSummary, record_from_row, summary_from_row
from cc_dosecalc.history.rows import RECORD_COLUMNS, How, record_row
from cc_dosecalc.history.schema import loads
from cc_dosecalc.history.search import like_pattern
from cc_dosecalc.parsing import parse_text
from cc_dosecalc.results import PlanResult
from cc_dosecalc.review import Review

_log = logging.getLogger(__name__)

DB_NAME = "history.sqlite3"
MAX_SEARCH_LENGTH = 80
# a page of the list: the History window and `cc-dosecalc history` show this many at a time
PAGE_SIZE = 100


class HistoryStore:
    """The history database. Open it with :meth:`open`."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._connection = connection
        # a damaged page was met: the file is to be checked again (and moved aside) by a new open
        self.damaged = False

    @classmethod
    def open(cls, folder: str | Path | None = None) -> tuple[HistoryStore, tuple[str, ...]]:
        """Open (or start) the history in ``folder`` (default: :func:`data_dir`).

        Returns the store and notices for the user (a database moved aside, a damaged
        write-ahead log copied aside). Raises
        :class:`HistoryError` when the folder cannot hold a history at all.
        """
        directory = Path(folder) if folder is not None else data_dir()
        try:
            ensure_private_dir(directory)
        except OSError as error:
            _log.error("The history folder %s cannot be created", directory, exc_info=error)
            raise HistoryError(
                f"The history folder {directory} cannot be created ({why(error)}): summaries are not being recorded."
            ) from error
        path = directory / DB_NAME
        notices: list[str] = []
        try:
            connection, told = connect(path)
        except Unreadable as unreadable:
            moved = move_aside(path)
            found = f" (as found, with its write-ahead log, in {unreadable.as_found})" if unreadable.as_found else ""
            notices.append(
                f"The history database {path} could not be read ({unreadable}). It was kept as {moved}{found} "
                "and a new, empty history was started. Tell the records department."
            )
            try:
                connection, told = connect(path)
            except Unreadable as again:
                _log.error("A new history database %s cannot be started: %s", path, again)
                raise HistoryError(f"A new history database {path} cannot be started ({again}).") from again
        return cls(path, connection), (*notices, *told)

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing ---------------------------------------------------------------------

    def add(self, plan: PlanResult, review: Review, printed_text: str, how: How, reprint_of: int | None = None) -> int:
        """Record one summary; returns its id once it is committed to disk.

        Raises :class:`HistoryError` (one line) when it cannot be written; nothing is then
        half-written.
        """
        return self.add_row(record_row(plan, review, printed_text, how, reprint_of))

    def add_row(self, row: dict[str, Any]) -> int:
        """Record a row made by :func:`record_row`; its id once it is committed to disk."""
        values = {column: row[column] for column in (*RECORD_COLUMNS, "record_uuid")}
        columns = ", ".join(values)
        marks = ", ".join(f":{key}" for key in values)
        cursor = self._write(f"INSERT INTO records ({columns}) VALUES ({marks})", values, what=f"A summary ({row['how']})")
        assert cursor.lastrowid is not None
        _log.info("Summary recorded in the history as record %d (%s)", cursor.lastrowid, row["how"])
        return cursor.lastrowid

    # --- the summaries not yet sent to the hospital's history (a server is configured) --

    def keep_unsent(self, row: dict[str, Any]) -> None:
        """Keep a record for the hospital's history on this workstation, committed to disk,
        until :meth:`sent` says it is on the server."""
        self._write(
            "INSERT OR IGNORE INTO unsent (record_uuid, created_utc, row_json) VALUES (?, ?, ?)",
            (row["record_uuid"], row["created_utc"], json.dumps(row, ensure_ascii=False)),
            what="A summary for the hospital's history",
        )

    def unsent(self, limit: int = 500) -> list[dict[str, Any]]:
        """The records kept for the hospital's history, oldest first."""
        try:
            rows = self._connection.execute("SELECT row_json FROM unsent ORDER BY created_utc, rowid LIMIT ?", (limit,)).fetchall()
        except sqlite3.Error as error:
            raise self._unreadable(error) from error
        return [loads(text) for (text,) in rows]

    def unsent_count(self) -> int:
        try:
            return int(self._connection.execute("SELECT count(*) FROM unsent").fetchone()[0])
        except sqlite3.Error as error:
            raise self._unreadable(error) from error

    def sent(self, record_uuids: list[str]) -> None:
        """These records are on the server now: no longer kept here."""
        if record_uuids:
            self._write_many("DELETE FROM unsent WHERE record_uuid = ?", [(value,) for value in record_uuids])

    def _write(self, sql: str, parameters: Any, what: str) -> sqlite3.Cursor:
        try:
            self._connection.execute("BEGIN IMMEDIATE")
            try:
                cursor = self._connection.execute(sql, parameters)
                self._connection.execute("COMMIT")
            except BaseException:
                if self._connection.in_transaction:
                    self._connection.execute("ROLLBACK")
                raise
        except sqlite3.Error as error:
            _log.error("%s was not recorded in the history %s", what, self.path, exc_info=error)
            self._check_at_next_open(error)
            raise HistoryError(f"The summary was not recorded in the history: {why(error)} ({self.path}).") from error
        return cursor

    def _write_many(self, sql: str, parameters: list[tuple[Any, ...]]) -> None:
        try:
            self._connection.execute("BEGIN IMMEDIATE")
            try:
                self._connection.executemany(sql, parameters)
                self._connection.execute("COMMIT")
            except BaseException:
                if self._connection.in_transaction:
                    self._connection.execute("ROLLBACK")
                raise
        except sqlite3.Error as error:
            _log.error("The history %s cannot be written", self.path, exc_info=error)
            raise HistoryError(f"The history cannot be written: {why(error)} ({self.path}).") from error

    # --- reading ---------------------------------------------------------------------

    def list(self, search: str = "", before: int | None = None, limit: int | None = PAGE_SIZE) -> list[RecordSummary]:
        """Records, newest first, ``limit`` at a time (keyset paging: ``before`` is the id of
        the last record of the page before, None for the first page; ``limit`` None for all);
        ``search`` matches (ignoring case in any script, as a plain substring) the patient's
        name or identifier, the drugs, the time or the formulary."""
        text = parse_text(search, "Search", MAX_SEARCH_LENGTH)
        query = f"SELECT {SUMMARY_COLUMNS} FROM records"
        conditions: list[str] = []
        parameters: list[Any] = []
        if text:
            conditions.append("search_text LIKE ? ESCAPE '\\'")
            parameters.append(like_pattern(text))
        if before is not None:
            conditions.append("id < ?")
            parameters.append(before)
        if conditions:
            query += " WHERE " + " AND ".join(conditions)
        query += " ORDER BY id DESC"
        if limit is not None:
            query += " LIMIT ?"
            parameters.append(limit)
        try:
            return [summary_from_row(row) for row in self._connection.execute(query, parameters)]
        except sqlite3.Error as error:
            raise self._unreadable(error) from error

    def get(self, record_id: int) -> Record:
        try:
            row = self._connection.execute(
                f"SELECT {RECORD_SELECT} FROM records WHERE id = ?",
                (record_id,),
            ).fetchone()
        except sqlite3.Error as error:
            raise self._unreadable(error) from error
        if row is None:
            raise HistoryError(f"There is no record {record_id} in the history.")
        return record_from_row(row, str(self.path))

    def schema_version(self) -> int:
        return int(self._connection.execute("PRAGMA user_version").fetchone()[0])

    def _unreadable(self, error: sqlite3.Error) -> HistoryError:
        _log.error("The history %s cannot be read", self.path, exc_info=error)
        self._check_at_next_open(error)
        return HistoryError(f"The history cannot be read: {why(error)} ({self.path}).")

    def _check_at_next_open(self, error: sqlite3.Error) -> None:
        """A damaged file met between two daily checks: the next open checks it (and moves it
        aside), whenever the last check was."""
        if error_code(error) not in CORRUPT_CODES:
            return
        self.damaged = True
        try:
            self._connection.execute("DELETE FROM checked")
        except sqlite3.Error as again:
            _log.warning("The history %s: its last check could not be forgotten (%s)", self.path, again)
