"""The hospital history's schema on the PostgreSQL server: schema ``cc_dosecalc``, one row per
summary in ``cc_dosecalc.records``, its version in ``cc_dosecalc.schema_version``.

Migration N brings the schema from version N-1 to N. ``cc-dosecalc history --init-server``,
run once by IT as the schema's owner, runs the missing ones in one transaction (under an
advisory lock: two at once never both migrate) and prints the grants for the workstations'
role: SELECT and INSERT only. A trigger refuses UPDATE, DELETE and TRUNCATE of the records to
everyone, the owner too.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

import psycopg
from psycopg import sql

from cc_dosecalc.history.errors import HistoryError
from cc_dosecalc.history.search import SEARCHED_FIELDS, search_text

_log = logging.getLogger(__name__)

Cursor = psycopg.Cursor[tuple[Any, ...]]
Connection = psycopg.Connection[tuple[Any, ...]]

SCHEMA = "cc_dosecalc"
_LOCK = 7_150_015  # pg_advisory_xact_lock key of --init-server

_COLUMNS = """
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    record_uuid uuid NOT NULL UNIQUE,
    created_utc text NOT NULL,
    created_local text NOT NULL,
    how text NOT NULL,
    patient_name text NOT NULL,
    patient_identifier text NOT NULL,
    inputs_json text NOT NULL,
    plan_json text NOT NULL,
    printed_text text NOT NULL,
    review_json text NOT NULL,
    formulary_kind text NOT NULL,
    formulary_version text NOT NULL,
    formulary_sha256 text NOT NULL,
    formulary_json text NOT NULL,
    app_version text NOT NULL,
    os_user text NOT NULL,
    host text NOT NULL,
    drugs text NOT NULL,
    status text NOT NULL,
    reprint_of bigint,
    received_utc timestamptz NOT NULL DEFAULT now()
"""


def _v1_records(cursor: Cursor) -> None:
    """The schema, the records (the local record's fields, its UUID made on the workstation,
    and when the server received it) and the trigger that makes them append-only."""
    cursor.execute("CREATE SCHEMA IF NOT EXISTS cc_dosecalc")
    cursor.execute("CREATE TABLE cc_dosecalc.schema_version (version integer NOT NULL)")
    cursor.execute("INSERT INTO cc_dosecalc.schema_version VALUES (0)")
    cursor.execute(f"CREATE TABLE cc_dosecalc.records ({_COLUMNS})")
    cursor.execute(
        """CREATE FUNCTION cc_dosecalc.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'cc_dosecalc.records are never changed or deleted (% refused)', TG_OP;
        END $$"""
    )
    cursor.execute(
        "CREATE TRIGGER records_never_changed BEFORE UPDATE OR DELETE ON cc_dosecalc.records "
        "FOR EACH ROW EXECUTE FUNCTION cc_dosecalc.refuse_change()"
    )
    cursor.execute(
        "CREATE TRIGGER records_never_emptied BEFORE TRUNCATE ON cc_dosecalc.records "
        "FOR EACH STATEMENT EXECUTE FUNCTION cc_dosecalc.refuse_change()"
    )
    cursor.execute("CREATE INDEX records_created ON cc_dosecalc.records (created_utc)")


def _v2_search(cursor: Cursor) -> None:
    """Search in any script at hospital scale: each record's searched fields casefolded by the
    program (as the local history does) in ``search_text``, with a trigram index (pg_trgm, a
    trusted extension the database's owner may create) that serves a substring search. The
    records already there are filled with the trigger set aside, inside this one transaction."""
    cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    row = cursor.execute("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'").fetchone()
    assert row is not None
    cursor.execute("ALTER TABLE cc_dosecalc.records ADD COLUMN search_text text NOT NULL DEFAULT ''")
    cursor.execute("ALTER TABLE cc_dosecalc.records DISABLE TRIGGER records_never_changed")
    columns = sql.SQL(", ").join(sql.Identifier(field) for field in SEARCHED_FIELDS)
    rows = cursor.execute(sql.SQL("SELECT id, {} FROM cc_dosecalc.records").format(columns)).fetchall()
    for record in rows:
        fields = dict(zip(SEARCHED_FIELDS, record[1:], strict=True))
        cursor.execute("UPDATE cc_dosecalc.records SET search_text = %s WHERE id = %s", (search_text(fields), record[0]))
    cursor.execute("ALTER TABLE cc_dosecalc.records ENABLE TRIGGER records_never_changed")
    cursor.execute(
        sql.SQL("CREATE INDEX records_search ON cc_dosecalc.records USING gin (search_text {}.gin_trgm_ops)").format(
            sql.Identifier(str(row[0]))
        )
    )


SERVER_MIGRATIONS: tuple[Callable[[Cursor], None], ...] = (_v1_records, _v2_search)
SERVER_SCHEMA_VERSION = len(SERVER_MIGRATIONS)


def server_version(cursor: Cursor) -> int:
    """The schema's version on the server (0: no schema there yet)."""
    if cursor.execute("SELECT to_regclass('cc_dosecalc.schema_version')").fetchone() == (None,):
        return 0
    row = cursor.execute("SELECT version FROM cc_dosecalc.schema_version").fetchone()
    return int(row[0]) if row else 0


def migrate_server(connection: Connection, shown_url: str, target: int = SERVER_SCHEMA_VERSION) -> tuple[int, int]:
    """Create or migrate the schema to ``target`` in one transaction; (version before, after).
    Refuses a schema made by a newer cc-dosecalc."""
    with connection.transaction(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
        before = server_version(cursor)
        if before > SERVER_SCHEMA_VERSION:
            raise HistoryError(
                f"The hospital's history at {shown_url} has schema {before}, made by a newer cc-dosecalc "
                f"(this one knows {SERVER_SCHEMA_VERSION}): it was left as it is."
            )
        for number in range(before + 1, target + 1):
            SERVER_MIGRATIONS[number - 1](cursor)
        after = max(before, target)
        cursor.execute("UPDATE cc_dosecalc.schema_version SET version = %s", (after,))
    if after != before:
        _log.info("The hospital's history at %s was brought from schema %d to %d", shown_url, before, after)
    return before, after


def grants(role: str) -> str:
    """The SQL that gives the workstations' role what it needs, and nothing more."""
    name = role if re.fullmatch(r"[a-z_][a-z0-9_]*", role) else sql.Identifier(role).as_string(None)
    return "\n".join(
        (
            f"-- for the workstations' role {name} (create it first: CREATE ROLE {name} LOGIN;)",
            "REVOKE ALL ON SCHEMA cc_dosecalc FROM PUBLIC;",
            "REVOKE ALL ON ALL TABLES IN SCHEMA cc_dosecalc FROM PUBLIC;",
            f"GRANT USAGE ON SCHEMA cc_dosecalc TO {name};",
            f"GRANT SELECT, INSERT ON cc_dosecalc.records TO {name};",
            f"GRANT SELECT ON cc_dosecalc.schema_version TO {name};",
        )
    )
