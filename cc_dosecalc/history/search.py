"""Searching the history in any script: "zoë" finds "ZOË", "σοφία" finds "ΣΟΦΊΑ".

SQLite's LIKE and lower() fold ASCII letters only, so each record keeps its searchable fields
casefolded by Python in one column (``search_text``, schema 3), and a search is casefolded the
same way. A search is a substring, which no B-tree index can serve: the one column is scanned.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Mapping

# the fields a search looks in, as :meth:`HistoryStore.list` documents
SEARCHED_FIELDS = ("patient_name", "patient_identifier", "drugs", "created_local", "created_utc", "formulary_version", "how")
# between fields, so that a search never matches across two of them; a search cannot hold it
# (parse_text refuses control characters)
_SEPARATOR = "\x1f"


def search_key(text: str) -> str:
    """``text`` folded for comparison: compatibility forms and case, in every script."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFKC", text).casefold())


def search_text(row: Mapping[str, object]) -> str:
    """The ``search_text`` column of a record with these columns."""
    return _SEPARATOR.join(search_key(str(row[field] or "")) for field in SEARCHED_FIELDS)


def like_pattern(search: str) -> str:
    """A LIKE pattern (with ESCAPE '\\') matching ``search`` as a plain substring."""
    folded = search_key(search)
    return "%" + folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def add_search_column(connection: sqlite3.Connection) -> None:
    """Migration 3: the column, filled for the records already there. The records are
    append-only (a trigger refuses any UPDATE), so the trigger is dropped and made again
    around the fill, inside the migration's one transaction."""
    connection.execute("ALTER TABLE records ADD COLUMN search_text TEXT NOT NULL DEFAULT ''")
    connection.execute("DROP TRIGGER records_no_update")
    columns = ", ".join(SEARCHED_FIELDS)
    for row in connection.execute(f"SELECT id, {columns} FROM records").fetchall():
        fields = dict(zip(SEARCHED_FIELDS, row[1:], strict=True))
        connection.execute("UPDATE records SET search_text = ? WHERE id = ?", (search_text(fields), row[0]))
    connection.execute(
        "CREATE TRIGGER records_no_update BEFORE UPDATE ON records BEGIN SELECT RAISE(ABORT, 'history records are never changed'); END"
    )
