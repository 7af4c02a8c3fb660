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

from cc_dosecalc.history.errors import HistoryError, KeptUnsent
from cc_dosecalc.history.records import Record, RecordSummary, ReviewEntry
from cc_dosecalc.history.rows import HOWS, How, record_row, recorded_orders
from cc_dosecalc.history.schema import MIGRATIONS, SCHEMA_VERSION
from cc_dosecalc.history.store import DB_NAME, MAX_SEARCH_LENGTH, PAGE_SIZE, HistoryStore

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
