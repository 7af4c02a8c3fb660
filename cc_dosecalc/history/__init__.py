"""The history: a record of every summary printed or saved, kept in a local SQLite database.

One record per summary, written in one transaction and never changed afterwards (the
database refuses UPDATE and DELETE on records). A record holds what is needed to show what
was printed and to run it again: the time, how it was produced, the patient's name and
identifier, the inputs as entered (with their units), the results as printed (the summary's
text and the plan as JSON), the acknowledgements and overrides with their reasons, the
formulary (kind, version, SHA-256) and the program's version.

The database lives in :func:`cc_dosecalc.datadir.data_dir` as ``history.sqlite3``, owner-only
(0600), in WAL mode with ``synchronous=FULL``: a record is on disk when :meth:`HistoryStore.add`
returns. A database that cannot be read is moved aside (never deleted) and a new one started;
a full or read-only disk raises :class:`HistoryError` with a one-line message (its cause is
logged), and the caller goes on (the summary still prints).

The package: :mod:`.schema` (the tables and their migrations), :mod:`.connection` (opening and
checking the file), :mod:`.damaged` (moving a damaged file aside), :mod:`.records` (what is
read back), :mod:`.store` (the store). Qt-free: used by the window and the command line alike.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cc_dosecalc.history.errors import HistoryError, KeptUnsent
    from cc_dosecalc.history.records import Record, RecordSummary, ReviewEntry
    from cc_dosecalc.history.rows import HOWS, How, record_row, recorded_orders
    from cc_dosecalc.history.schema import MIGRATIONS, SCHEMA_VERSION
    from cc_dosecalc.history.store import DB_NAME, MAX_SEARCH_LENGTH, PAGE_SIZE, HistoryStore

# Each name and the module that holds it, imported on first use: the window reads which
# hospital history is configured (.server_url) at start without loading the store and SQLite
# (about 3 MiB of the start's memory, issue 9).
_HOLDERS = {  # the same names as __all__ (tests/test_history_names.py)
    "HistoryError": "errors",
    "KeptUnsent": "errors",
    "Record": "records",
    "RecordSummary": "records",
    "ReviewEntry": "records",
    "HOWS": "rows",
    "How": "rows",
    "record_row": "rows",
    "recorded_orders": "rows",
    "MIGRATIONS": "schema",
    "SCHEMA_VERSION": "schema",
    "DB_NAME": "store",
    "MAX_SEARCH_LENGTH": "store",
    "PAGE_SIZE": "store",
    "HistoryStore": "store",
}


def __getattr__(name: str) -> Any:
    holder = _HOLDERS.get(name)
    if holder is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{holder}"), name)
    globals()[name] = value
    return value


__all__ = [
    "DB_NAME",
    "HOWS",
    "MAX_SEARCH_LENGTH",
    "MIGRATIONS",
    "PAGE_SIZE",
    "SCHEMA_VERSION",
    "HistoryError",
    "HistoryStore",
    "How",
    "KeptUnsent",
    "Record",
    "RecordSummary",
    "ReviewEntry",
    "record_row",
    "recorded_orders",
]
