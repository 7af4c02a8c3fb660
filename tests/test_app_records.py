"""The records side of the application, without Qt: the history as the window and the command
line use it, and what changed since a record was printed."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cc_dosecalc.active_formulary import load_active_formulary
from cc_dosecalc.app.records import CANNOT_RECALCULATE_HEADING, DIFFERENCES_HEADING, NO_DIFFERENCE, Records, reopen
from cc_dosecalc.app.records_text import list_row, record_details
from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.history import DB_NAME, HistoryError
from cc_dosecalc.plan import Order
from cc_dosecalc.report import plan_text
from cc_dosecalc.review import Review
from tests.conftest import make_patient
from tests.test_history import _make_unwritable, _make_writable, a_plan

SITE = (
    '[formulary]\nname = "S"\nversion = "s1"\n[sources]\nsite = "Site P&T"\n'
    '[[drug]]\nid = "aluminum-hydroxide"\n[[drug.regimen]]\nid = "aluminum-hydroxide-1800mg"\nlabel = "oral, 2 g/day"\n'
    'route = "oral"\nbasis = "fixed"\ndose_low = 2\ndose_high = 2\ndose_unit = "g"\nperiod = "day"\nsource = "site"\n'
    '[[drug.check]]\ncode = "aluminum-site-note"\nlevel = "warning"\nmessage = "Site check."\nwhen = []\nsource = "site"\n'
)


def test_the_history_is_opened_on_first_use_and_its_records_read_back(formulary, tmp_path):
    folder = tmp_path / "data"
    told: list[tuple[str, ...]] = []
    with Records(folder, on_notices=told.append) as records:
        assert not folder.exists()  # nothing is opened before it is used
        plan = a_plan(formulary)
        first = records.add(plan, Review(), plan_text(plan), "print")
        second = records.add(plan, Review(), plan_text(plan), "reprint", reprint_of=first)
        assert [row.id for row in records.list()] == [second, first]
        assert [row.id for row in records.list("mrn 0001")] == [second, first]
        assert list_row(records.list()[0])[6] == f"reprinted (of record {first})"
        record = records.get(second)
        assert record_details(record).startswith(f"Record {second}: reprinted on {record.summary.created_local}")
        assert records.first_printed(first) == records.get(first).summary.created_local
        assert records.first_printed(999) is None
        assert records.notices() == ()
    assert told == []
    assert (folder / DB_NAME).exists()


def test_a_damaged_history_is_told_once_and_its_notice_kept_for_every_summary(formulary, tmp_path):
    (tmp_path / DB_NAME).write_bytes(b"this is not a database" * 100)
    told: list[tuple[str, ...]] = []
    with Records(tmp_path, on_notices=told.append) as records:
        (notice,) = records.notices()
        assert notice.startswith(f"The history database {tmp_path / DB_NAME} could not be read (file is not a database).")
        plan = a_plan(formulary)
        assert records.add(plan, Review(), "text", "pdf") == 1
        assert records.notices() == (notice,)
    assert told == [(notice,)]


def test_a_history_that_cannot_be_opened_is_tried_again_when_a_summary_is_recorded(formulary, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    _make_unwritable(folder)
    records = Records(folder / "data")
    try:
        assert records.notices() == ()
        with pytest.raises(HistoryError, match="cannot be created"):
            records.add(a_plan(formulary), Review(), "text", "print")
    finally:
        _make_writable(folder)
    assert records.add(a_plan(formulary), Review(), "text", "print") == 1  # the disk came back
    records.close()


def test_reopening_with_the_same_formulary_finds_no_difference(formulary, tmp_path):
    with Records(tmp_path) as records:
        plan = a_plan(formulary)
        record = records.get(records.add(plan, Review(), plan_text(plan), "print"))
        reopened = reopen(record, formulary)
    assert reopened.differences == ()
    assert reopened.plan is not None and plan_text(reopened.plan) == record.printed_text
    assert (reopened.heading, reopened.text()) == (DIFFERENCES_HEADING, NO_DIFFERENCE)


def test_reopening_with_a_changed_formulary_shows_every_difference(formulary, tmp_path):
    patient = replace(make_patient("70"), name="Bo")
    plan = calculate_plan(formulary, patient, [Order("aluminum-hydroxide"), Order("minocycline")])
    with Records(tmp_path / "data") as records:
        record = records.get(records.add(plan, Review(), plan_text(plan), "pdf"))
    site = tmp_path / "site.toml"
    site.write_text(SITE, encoding="utf-8")
    reopened = reopen(record, load_active_formulary(site).formulary)
    differences = reopened.differences
    assert differences[0].startswith("Formulary changed: printed with the built-in formulary 2026.11.0 (sha256 ")
    assert "; today the site formulary 2026.11.0 + s1 (sha256 " in differences[0]
    assert 'aluminum hydroxide: dose printed "aluminum hydroxide oral 1.8 g/day"; today "aluminum hydroxide oral 2 g/day".' in differences
    assert "aluminum hydroxide: new today: [WARNING] Site check." in differences
    assert not any(line.startswith("minocycline") for line in differences)
    assert reopened.heading == DIFFERENCES_HEADING
    assert reopened.text().splitlines() == [f"• {line}" for line in differences]


def test_a_record_whose_drug_is_gone_says_it_cannot_be_recalculated(formulary, tmp_path):
    plan = calculate_plan(formulary, make_patient("70"), [Order("diltiazem")])
    with Records(tmp_path) as records:
        record = records.get(records.add(plan, Review(), "text", "print"))
    smaller = replace(formulary, drugs=tuple(drug for drug in formulary.drugs if drug.id != "diltiazem"))
    reopened = reopen(record, smaller)
    assert reopened.plan is None
    assert reopened.differences == (
        "Cannot be recalculated with today's formulary: Drug: unknown drug 'diltiazem': use one of "
        + ", ".join(drug.id for drug in smaller.drugs),
    )
    assert (reopened.heading, reopened.text()) == (CANNOT_RECALCULATE_HEADING, reopened.differences[0])

