"""The hospital's history on a PostgreSQL server: the same records as the local history, read
and written by the workstations' role (SELECT and INSERT only).

A record is sent with its UUID, made on the workstation: ``ON CONFLICT (record_uuid) DO
NOTHING`` makes a resend harmless. Every failure is a :class:`ServerError` of one line naming
the server (its URL without the password) and what went wrong; the password is never in a
message or the log.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

import psycopg
from psycopg import sql

from cc_dosecalc.history.errors import HistoryError, ServerError
from cc_dosecalc.history.records import RECORD_SELECT, SUMMARY_COLUMNS, Record, RecordSummary, record_from_row, summary_from_row
from cc_dosecalc.history.rows import RECORD_COLUMNS
from cc_dosecalc.history.search import like_pattern
from cc_dosecalc.history.server_schema import SERVER_SCHEMA_VERSION, Connection, migrate_server, server_version
from cc_dosecalc.history.server_url import ServerUrl, scrubbed
from cc_dosecalc.parsing import InputError, parse_text

_log = logging.getLogger(__name__)

CONNECT_TIMEOUT_SECONDS = 5
MAX_SEARCH_LENGTH = 80
_SENT_COLUMNS = ("record_uuid", *RECORD_COLUMNS)
_INDEXED = re.compile(r"[^\W_]{3}")  # 3 letters or digits in a row (any script)

__all__ = ["ServerError", "ServerStore"]


class ServerStore:
    """A connection to the hospital's history. Open it with :meth:`open`."""

    def __init__(self, server: ServerUrl, connection: Connection) -> None:
        self.server = server
        self._connection = connection

    @classmethod
    def open(cls, server: ServerUrl, check_schema: bool = True) -> ServerStore:
        """Connect; with ``check_schema``, refuse a server whose schema is missing or older
        than this program's (IT runs ``cc-dosecalc history --init-server``)."""
        options: dict[str, Any] = {"application_name": "cc-dosecalc", "autocommit": True}
        if "connect_timeout" not in server.url:
            options["connect_timeout"] = CONNECT_TIMEOUT_SECONDS
        try:
            connection = psycopg.connect(server.url, **options)
        except psycopg.Error as error:
            raise _error(server, "cannot be reached", error) from None
        except Exception as error:  # a URL libpq cannot read
            raise _error(server, "cannot be used (its URL cannot be read)", error) from None
        store = cls(server, connection)
        if check_schema:
            try:
                with connection.cursor() as cursor:
                    version = server_version(cursor)
            except psycopg.Error as error:
                store.close()
                raise _error(server, "cannot be read", error) from None
            if version < SERVER_SCHEMA_VERSION:
                store.close()
                raise ServerError(
                    f"The hospital's history at {server.shown} is not set up for this cc-dosecalc (schema {version}, "
                    f"this one needs {SERVER_SCHEMA_VERSION}): IT runs `cc-dosecalc history --init-server`."
                )
        return store

    def close(self) -> None:
        self._connection.close()

    @property
    def broken(self) -> bool:
        return self._connection.broken or self._connection.closed

    # ---- writing --------------------------------------------------------------------------

    def send(self, rows: Sequence[dict[str, Any]]) -> dict[str, int]:
        """Send records (rows of :func:`cc_dosecalc.history.rows.record_row`) in one transaction;
        each one's id on the server, by UUID, whether it was there already or not."""
        if not rows:
            return {}
        insert = sql.SQL("INSERT INTO cc_dosecalc.records ({}) VALUES ({}) ON CONFLICT (record_uuid) DO NOTHING").format(
            sql.SQL(", ").join(map(sql.Identifier, _SENT_COLUMNS)), sql.SQL(", ").join(sql.Placeholder() * len(_SENT_COLUMNS))
        )
        uuids = [str(row["record_uuid"]) for row in rows]
        try:
            with self._connection.transaction(), self._connection.cursor() as cursor:
                cursor.executemany(insert, [tuple(row[column] for column in _SENT_COLUMNS) for row in rows])
                found = cursor.execute(
                    "SELECT record_uuid::text, id FROM cc_dosecalc.records WHERE record_uuid = ANY(%s::uuid[])", (uuids,)
                ).fetchall()
        except psycopg.Error as error:
            raise _error(self.server, "did not take the summary", error) from None
        ids = {str(value): int(record_id) for value, record_id in found}
        _log.info("%d summary record(s) sent to the hospital's history at %s", len(ids), self.server.shown)
        return ids

    # ---- reading --------------------------------------------------------------------------

    def list(self, search: str = "", before: int | None = None, limit: int | None = 100) -> list[RecordSummary]:
        """Records, newest first, a page at a time (as :meth:`HistoryStore.list`)."""
        text = parse_text(search, "Search", MAX_SEARCH_LENGTH)
        if text and not _INDEXED.search(text):
            # the trigram index serves 3 letters or digits in a row; anything shorter reads every record
            # (1.5 s for 1,000,000), once for each letter typed
            raise InputError("Search", "the hospital's history is searched by at least 3 letters or digits in a row")
        query = f"SELECT {SUMMARY_COLUMNS} FROM cc_dosecalc.records"
        conditions: list[str] = []
        parameters: list[Any] = []
        if text:
            conditions.append("search_text LIKE %s ESCAPE '\\'")
            parameters.append(like_pattern(text))
        if before is not None:
            conditions.append("id < %s")
            parameters.append(before)
        if conditions:
            query += " WHERE " + " AND ".join(conditions)
        query += " ORDER BY id DESC"
        if limit is not None:
            query += " LIMIT %s"
            parameters.append(limit)
        try:
            with self._connection.cursor() as cursor:
                rows = cursor.execute(query.encode(), parameters).fetchall()
        except psycopg.Error as error:
            raise _error(self.server, "cannot be read", error) from None
        return [summary_from_row(row) for row in rows]

    def get(self, record_id: int) -> Record:
        try:
            with self._connection.cursor() as cursor:
                row = cursor.execute(f"SELECT {RECORD_SELECT} FROM cc_dosecalc.records WHERE id = %s".encode(), (record_id,)).fetchone()
        except psycopg.Error as error:
            raise _error(self.server, "cannot be read", error) from None
        if row is None:
            raise HistoryError(f"There is no record {record_id} in the hospital's history.")
        return record_from_row(row, self.server.shown)

    def count(self) -> int:
        with self._connection.cursor() as cursor:
            row = cursor.execute("SELECT count(*) FROM cc_dosecalc.records").fetchone()
        return int(row[0]) if row else 0

    # ---- IT's set-up ----------------------------------------------------------------------

    def init_schema(self, target: int = SERVER_SCHEMA_VERSION) -> tuple[int, int]:
        """Create or migrate the schema (as its owner); (version before, after)."""
        try:
            return migrate_server(self._connection, self.server.shown, target)
        except psycopg.Error as error:
            raise _error(self.server, "could not be set up", error) from None


def _error(server: ServerUrl, what: str, error: BaseException) -> ServerError:
    """One line naming the server and the cause, without the password; the cause is logged too."""
    cause = scrubbed(str(error), server.url) or type(error).__name__
    cause = cause.removeprefix("connection failed: ")
    _log.error("The hospital's history at %s %s: %s", server.shown, what, cause)
    return ServerError(f"The hospital's history at {server.shown} {what}: {cause}")
