"""The history's schema: migration N brings a database from ``user_version`` N-1 to N."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cc_dosecalc.history.errors import HistoryError
from cc_dosecalc.history.search import add_search_column

_log = logging.getLogger(__name__)


def _v1_records(connection: sqlite3.Connection) -> None:
    connection.execute(
        """CREATE TABLE records (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created_utc TEXT NOT NULL,
            created_local TEXT NOT NULL,
            how TEXT NOT NULL,
            patient_name TEXT NOT NULL,
            patient_identifier TEXT NOT NULL,
            inputs_json TEXT NOT NULL,
            plan_json TEXT NOT NULL,
            printed_text TEXT NOT NULL,
            review_json TEXT NOT NULL,
            formulary_kind TEXT NOT NULL,
            formulary_version TEXT NOT NULL,
            formulary_sha256 TEXT NOT NULL,
            formulary_json TEXT NOT NULL,
            app_version TEXT NOT NULL,
            os_user TEXT NOT NULL,
            host TEXT NOT NULL
        )"""
    )


def _v2_listing_and_immutability(connection: sqlite3.Connection) -> None:
    """Columns for the list (drugs, review status, reprint of), an index on time, and
    triggers that make records append-only."""
    connection.execute("ALTER TABLE records ADD COLUMN drugs TEXT NOT NULL DEFAULT ''")
    connection.execute("ALTER TABLE records ADD COLUMN status TEXT NOT NULL DEFAULT ''")
    connection.execute("ALTER TABLE records ADD COLUMN reprint_of INTEGER REFERENCES records(id)")
    rows = connection.execute("SELECT id, plan_json, review_json FROM records").fetchall()
    for record_id, plan_json, review_json in rows:
        connection.execute(
            "UPDATE records SET drugs = ?, status = ? WHERE id = ?",
            (drugs_text(loads(plan_json)), str(loads(review_json).get("status", "")), record_id),
        )
    connection.execute("CREATE INDEX records_created ON records(created_utc)")
    connection.execute(
        "CREATE TRIGGER records_no_update BEFORE UPDATE ON records BEGIN SELECT RAISE(ABORT, 'history records are never changed'); END"
    )
    connection.execute(
        "CREATE TRIGGER records_no_delete BEFORE DELETE ON records BEGIN SELECT RAISE(ABORT, 'history records are never deleted'); END"
    )


def _v4_uuid_unsent_checked(connection: sqlite3.Connection) -> None:
    """Each new record's UUID (the hospital's history knows a record by it); the records kept
    for the hospital's history until they are sent (``unsent``: these rows are deleted once the
    server holds them, the records table stays append-only); and when the quick check last
    passed (``checked``: it runs at most once a day)."""
    connection.execute("ALTER TABLE records ADD COLUMN record_uuid TEXT")
    connection.execute("CREATE UNIQUE INDEX records_uuid ON records(record_uuid)")
    connection.execute("CREATE TABLE unsent (record_uuid TEXT PRIMARY KEY, created_utc TEXT NOT NULL, row_json TEXT NOT NULL)")
    connection.execute("CREATE TABLE checked (id INTEGER PRIMARY KEY CHECK (id = 1), quick_check_utc TEXT NOT NULL)")


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _v1_records,
    _v2_listing_and_immutability,
    add_search_column,
    _v4_uuid_unsent_checked,
)
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(connection: sqlite3.Connection, path: Path) -> None:
    """Bring the database to :data:`SCHEMA_VERSION`, inside the caller's ``BEGIN IMMEDIATE``:
    the version is read under the write lock, so two programs opening a new (or older)
    history at once never both run a migration. Refuses a database written by a newer program."""
    assert connection.in_transaction, "migrate inside BEGIN IMMEDIATE"
    version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise HistoryError(
            f"The history database {path} was written by a newer cc-dosecalc (schema {version}, this one knows {SCHEMA_VERSION}): "
            "summaries are not being recorded."
        )
    for number in range(version + 1, SCHEMA_VERSION + 1):
        MIGRATIONS[number - 1](connection)
    if version < SCHEMA_VERSION:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        _log.info("The history database %s was brought from schema %d to %d", path, version, SCHEMA_VERSION)


def loads(text: str) -> dict[str, Any]:
    """A JSON object stored in a column ({} for anything else)."""
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def drugs_text(plan: dict[str, Any]) -> str:
    """The list's "drugs" column of a plan as :func:`cc_dosecalc.serialize.plan_to_dict` gives it."""
    orders = plan.get("orders")
    if not isinstance(orders, list):
        return ""
    return ", ".join(str(order.get("drug_name", "")) for order in orders if isinstance(order, dict))
