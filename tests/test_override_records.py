"""An override's clinician and reason: recorded in the history, printed beside the stop, and an old
record whose reason does not meet today's rule still reopens and reprints, with the stop open."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from cc_dosecalc.app.records import reopen
from cc_dosecalc.app.records_text import record_details
from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.formulary import Formulary
from cc_dosecalc.history import HistoryStore
from cc_dosecalc.override import Override
from cc_dosecalc.plan import Order
from cc_dosecalc.results import PlanResult
from cc_dosecalc.review import Review, ReviewItem, review_items
from cc_dosecalc.summary.document import build_summary
from tests.conftest import make_patient, ordered
from tests.summary_plans import PRINTED_AT

REASON = "Confirmed with the prescriber by phone, 600 mg/day intended"
RULE = "write at least 10 characters with at least 2 different words (a word: 2 or more letters, not one letter repeated)"


def stop_plan(formulary: Formulary) -> tuple[PlanResult, ReviewItem]:
    patient = replace(make_patient("70"), name="Ann Example", identifier="MRN 0001")
    plan = calculate_plan(formulary, patient, [Order("diltiazem", ordered=ordered("4800 mg"), frequency="once daily", form="extended-release")])
    stops = [item for item in review_items(plan) if item.level == "stop"]
    assert [item.code for item in stops] == ["ordered-decimal-error", "diltiazem-er-above-label-max"]
    return plan, stops[0]


def overridden(plan: PlanResult, by: str = "Dr Anna Lee") -> Review:
    review = Review()
    for item in review_items(plan):
        review = review.override(item.key, REASON, by) if item.level == "stop" else review.acknowledge(item.key)
    return review


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    opened, _notices = HistoryStore.open(tmp_path / "data")
    yield opened
    opened.close()


def test_the_summary_prints_the_clinician_and_the_reason_beside_the_stop(formulary: Formulary) -> None:
    plan, stop = stop_plan(formulary)
    document = build_summary(plan, overridden(plan), printed_at=PRINTED_AT)
    text = document.text()
    assert f"  [STOP] {stop.message} (overridden by Dr Anna Lee, reason: {REASON})" in text.splitlines()
    assert "Status: Checked: ready for ordering" in text
    assert f"<b>Overridden</b> by Dr Anna Lee. Reason: {REASON}" in document.html()
    assert "A stop was overridden (diltiazem) by Dr Anna Lee: Ordered dose 4,800 mg once daily (4,800 mg/day)" in document.signatures[1].note


def test_the_history_records_who_overrode_and_why(formulary: Formulary, store: HistoryStore) -> None:
    plan, stop = stop_plan(formulary)
    review = overridden(plan)
    document = build_summary(plan, review, printed_at=PRINTED_AT)
    record = store.get(store.add(plan, review, document.text(), "print"))
    assert record.review == review
    assert record.review.override_of(stop.key) == Override(REASON, "Dr Anna Lee")
    entries = [entry for entry in record.review_entries if entry.level == "stop"]
    assert [(entry.state, entry.reason, entry.overridden_by) for entry in entries] == [("overridden", REASON, "Dr Anna Lee")] * 2
    assert f"overridden by Dr Anna Lee, reason: {REASON}" in record.printed_text
    details = record_details(record)
    assert f"  STOP overridden: diltiazem: {stop.message} (reason: {REASON}; by: Dr Anna Lee)" in details.splitlines()
    # stored as [key, reason, clinician]
    connection = sqlite3.connect(store.path)
    (review_json,) = connection.execute("SELECT review_json FROM records WHERE id = ?", (record.id,)).fetchone()
    connection.close()
    assert json.loads(review_json)["overrides"][0][1:] == [REASON, "Dr Anna Lee"]


def _old_record(store: HistoryStore, record_id: int, overrides: list[list[str]]) -> int:
    """A copy of record ``record_id`` as the first release kept it: overrides as [key, reason],
    no clinician, a reason of any length (records are append-only: this is a new row)."""
    connection = sqlite3.connect(store.path)
    columns = [row[1] for row in connection.execute("PRAGMA table_info(records)") if row[1] != "id"]
    (review_json,) = connection.execute("SELECT review_json FROM records WHERE id = ?", (record_id,)).fetchone()
    review = json.loads(review_json)
    review["overrides"] = overrides
    for item in review["items"]:
        item.pop("overridden_by", None)
        if item["level"] == "stop":
            item["reason"] = overrides[0][1]
    listed = ", ".join(columns)
    # the first release made no record UUID
    chosen = ", ".join("?" if column == "review_json" else "NULL" if column == "record_uuid" else column for column in columns)
    with connection:
        cursor = connection.execute(f"INSERT INTO records ({listed}) SELECT {chosen} FROM records WHERE id = ?", (json.dumps(review), record_id))
    connection.close()
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def test_an_old_record_with_a_short_reason_reopens_and_reprints_with_the_stop_open(formulary: Formulary, store: HistoryStore) -> None:
    plan, stop = stop_plan(formulary)
    first = store.add(plan, overridden(plan), "printed", "print")
    keys = [item.key for item in review_items(plan) if item.level == "stop"]
    old_id = _old_record(store, first, [[key, "xxxxx"] for key in keys])
    old = store.get(old_id)
    # reopens: the override kept as written, not counted
    assert old.review.override_of(stop.key) == Override("xxxxx", "")
    assert [entry.overridden_by for entry in old.review_entries if entry.level == "stop"] == [None, None]
    assert f"  STOP overridden: diltiazem: {stop.message} (reason: xxxxx; by: not recorded)" in record_details(old).splitlines()
    reopened = reopen(old, formulary)
    plan_today = reopened.plan
    assert plan_today is not None and reopened.differences == ()
    # reprints: NOT FOR ORDERING, the old reason shown beside the stop with what it lacks
    reprint = build_summary(plan_today, old.review, printed_at=PRINTED_AT, reprint_of=old.id)
    assert reprint.banner == "NOT FOR ORDERING"
    assert reprint.status == "NOT FOR ORDERING: 2 stops without an override"
    line = next(line for line in reprint.text().splitlines() if line.startswith(f"  [STOP] {stop.message}"))
    assert line == (
        f"  [STOP] {stop.message} (NOT overridden: the override recorded (reason: xxxxx; by: not recorded) does not count: "
        f"the reason does not meet the rule ({RULE}); the clinician who overrode it is not recorded)"
    )
    # the reprint is recorded with the old override kept as it was, still not counted
    reprinted = store.get(store.add(plan_today, old.review, reprint.text(), "reprint", reprint_of=old.id))
    assert reprinted.summary.status == "NOT FOR ORDERING: 2 stops without an override"
    assert reprinted.review.override_of(stop.key) == Override("xxxxx", "")
    assert [entry.state for entry in reprinted.review_entries if entry.level == "stop"] == ["open", "open"]


def test_an_old_record_with_a_good_reason_but_no_clinician_is_not_counted_either(formulary: Formulary, store: HistoryStore) -> None:
    plan, _stop = stop_plan(formulary)
    first = store.add(plan, overridden(plan), "printed", "print")
    keys = [item.key for item in review_items(plan) if item.level == "stop"]
    old = store.get(_old_record(store, first, [[key, REASON] for key in keys]))
    reprint = build_summary(plan, old.review, printed_at=PRINTED_AT)
    assert reprint.banner == "NOT FOR ORDERING"
    assert f"(reason: {REASON}; by: not recorded) does not count: the clinician who overrode it is not recorded)" in reprint.text()

