"""The local history's quick check reads the whole file: it runs at most once a day, and at the
next open after a damaged page was met in between."""

from __future__ import annotations

import sqlite3

from cc_dosecalc.history import DB_NAME, HistoryError, HistoryStore
from cc_dosecalc.review import Review
from tests.test_history import a_day_later, a_plan


def _last_check(folder) -> str:  # type: ignore[no-untyped-def]
    connection = sqlite3.connect(folder / DB_NAME)
    try:
        return str(connection.execute("SELECT quick_check_utc FROM checked").fetchone()[0])
    finally:
        connection.close()


def test_the_quick_check_runs_once_a_day(tmp_path):
    store, _ = HistoryStore.open(tmp_path)
    store.close()
    first = _last_check(tmp_path)
    HistoryStore.open(tmp_path)[0].close()
    assert _last_check(tmp_path) == first  # within the day: not checked again
    a_day_later(tmp_path / DB_NAME)
    HistoryStore.open(tmp_path)[0].close()
    assert _last_check(tmp_path) > "2000-01-01T00:00:00+00:00"


def test_damage_met_between_two_checks_is_checked_and_moved_aside_at_the_next_open(formulary, tmp_path):
    store, _ = HistoryStore.open(tmp_path)
    for _ in range(30):
        store.add(a_plan(formulary), Review(), "x" * 3000, "print")
    store.close()
    path = tmp_path / DB_NAME
    data = bytearray(path.read_bytes())
    data[4096 * 20 : 4096 * 60] = b"\xff" * (4096 * 40)  # records' own pages
    path.write_bytes(bytes(data))
    store, notices = HistoryStore.open(tmp_path)  # checked less than a day ago: opened as it is
    assert notices == ()
    errors = []
    for record_id in range(1, 31):
        try:
            store.get(record_id)
        except HistoryError as error:
            errors.append(str(error))
    assert errors and errors[0].startswith("The history cannot be read: ")
    store.close()
    store, notices = HistoryStore.open(tmp_path)
    (notice,) = notices
    assert "could not be read" in notice and "a new, empty history was started" in notice
    assert store.list() == []
    store.close()
