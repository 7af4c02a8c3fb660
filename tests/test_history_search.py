"""History search ignores case in every script, for new records and records migrated from
schema 2 (issue 12, item 17)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.history import DB_NAME, SCHEMA_VERSION, HistoryStore
from cc_dosecalc.history.schema import MIGRATIONS
from cc_dosecalc.history.search import SEARCHED_FIELDS
from cc_dosecalc.plan import Order
from cc_dosecalc.review import Review
from tests import hostile_corpus as corpus
from tests.conftest import make_patient


def add(store: HistoryStore, formulary, name: str, identifier: str = "MRN 1") -> int:  # type: ignore[no-untyped-def]
    patient = replace(make_patient("70"), name=name, identifier=identifier)
    return store.add(calculate_plan(formulary, patient, [Order("diltiazem")]), Review(), "text", "print")


def names(store: HistoryStore, search: str) -> list[str]:
    return [record.patient_name for record in store.list(search)]


@pytest.mark.parametrize(("stored", "typed"), corpus.HISTORY_SEARCH_MATCHES)
def test_a_search_finds_a_name_whatever_its_case_in_any_script(formulary, tmp_path, stored, typed):
    store, _ = HistoryStore.open(tmp_path)
    add(store, formulary, stored)
    add(store, formulary, "Other Person")
    assert names(store, typed) == [stored]
    store.close()


def test_a_search_does_not_match_across_two_fields(formulary, tmp_path):
    store, _ = HistoryStore.open(tmp_path)
    add(store, formulary, "Ann", identifier="Bee")
    assert names(store, "annbee") == [] and names(store, "ann bee") == []
    assert names(store, "BEE") == ["Ann"]
    store.close()


def test_records_of_a_schema_2_history_are_found_after_the_migration(formulary, tmp_path):
    new, _ = HistoryStore.open(tmp_path / "new")
    add(new, formulary, "ZOË Ελένη")
    add(new, formulary, "Пётр Иванов")
    new.close()
    old = tmp_path / "old"
    old.mkdir()
    connection = sqlite3.connect(old / DB_NAME)
    for migration in MIGRATIONS[:2]:
        migration(connection)
    connection.execute("PRAGMA user_version = 2")
    columns = [row[1] for row in connection.execute("PRAGMA table_info(records)")]
    assert "search_text" not in columns
    connection.execute("ATTACH ? AS new", (str(tmp_path / "new" / DB_NAME),))
    connection.execute(f"INSERT INTO records ({', '.join(columns)}) SELECT {', '.join(columns)} FROM new.records")
    connection.commit()
    connection.close()
    store, notices = HistoryStore.open(old)
    assert notices == () and store.schema_version() == SCHEMA_VERSION == 4
    assert names(store, "zoë ελένη") == ["ZOË Ελένη"]
    assert names(store, "ПЁТР") == ["Пётр Иванов"]
    assert len(store.list("diltiazem")) == 2
    # still append-only after the migration
    with pytest.raises(sqlite3.DatabaseError, match="never changed"):
        store._connection.execute("UPDATE records SET patient_name = 'x'")
    store.close()


def test_every_searched_field_is_a_column():
    connection = sqlite3.connect(":memory:")
    for migration in MIGRATIONS:
        migration(connection)
    columns = {row[1] for row in connection.execute("PRAGMA table_info(records)")}
    assert set(SEARCHED_FIELDS) <= columns


def test_the_search_column_is_written_for_a_new_record(formulary, tmp_path: Path):
    store, _ = HistoryStore.open(tmp_path)
    add(store, formulary, "ΣΟΦΊΑ")
    (text,) = store._connection.execute("SELECT search_text FROM records").fetchone()
    assert text.startswith("σοφία\x1f")
    store.close()
