"""A record reopens whatever the form accepted, and refuses whatever the form refuses.

The parser and the record reader check each field through the same definition
(:meth:`cc_dosecalc.parsing.FieldSpec.accept`): a newborn's age of 0 days and an anuric
patient's creatinine clearance of 0 are saved, reopened and reprinted.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from cc_dosecalc.app.records import reopen
from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.formulary import Formulary
from cc_dosecalc.history import HistoryError, HistoryStore
from cc_dosecalc.parsing import AGE, CRCL, HEIGHT, ORDERED_DOSE, WEIGHT, FieldSpec, InputError, Measurement, parse_measurement
from cc_dosecalc.plan import Order, Patient
from cc_dosecalc.review import Review
from cc_dosecalc.serialize import inputs_from_dict, inputs_to_dict
from cc_dosecalc.summary.document import build_summary
from tests.summary_plans import PRINTED_AT, patient


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    opened, notices = HistoryStore.open(tmp_path / "data")
    assert notices == ()
    yield opened
    opened.close()


def _print_reopen_reprint(formulary: Formulary, store: HistoryStore, who: Patient, orders: list[Order]) -> tuple[Patient, str]:
    """Print a plan into the history, reopen its record and reprint it: the reopened patient and the reprint's text."""
    plan = calculate_plan(formulary, who, orders)
    printed = build_summary(plan, Review(), printed_at=PRINTED_AT)
    record_id = store.add(plan, Review(), printed.text(), "print")
    record = store.get(record_id)
    reopened = reopen(record, formulary)
    again = reopened.plan
    assert again is not None and reopened.differences == ()
    reprint = build_summary(
        again, record.review, printed_at=PRINTED_AT, reprint_of=record_id, reprint_note=f"Reprint of history record {record_id}"
    )
    store.add(again, record.review, reprint.text(), "print", reprint_of=record_id)
    assert store.get(store.list()[0].id).summary.reprint_of == record_id
    return record.patient, reprint.text()


def test_a_newborn_of_0_days_is_saved_reopened_and_reprinted(formulary, store):
    newborn = replace(patient("3.2", age="0 days"), name="Baby Example", identifier="MRN 0100")
    reopened, text = _print_reopen_reprint(formulary, store, newborn, [Order("ivig", days=2)])
    assert reopened.age == Measurement(0, "days")
    assert reopened == newborn
    assert "  Age: 0 days" in text.splitlines()
    assert "REPRINT. Reprint of history record 1" in text.splitlines()


def test_an_anuric_patient_with_a_creatinine_clearance_of_0_is_saved_reopened_and_reprinted(formulary, store):
    anuric = replace(patient("70", age="60", crcl="0"), name="Al Example", identifier="MRN 0101")
    reopened, text = _print_reopen_reprint(formulary, store, anuric, [Order("diltiazem")])
    assert reopened.crcl == Measurement(0, "mL/min")
    assert reopened == anuric
    assert "  Kidney function: creatinine clearance 0 mL/min" in text.splitlines()


def test_the_stored_inputs_of_0_days_and_0_ml_min_read_back_as_entered():
    for who in (patient("3.2", age="0 days"), patient("70", crcl="0")):
        stored = json.loads(json.dumps(inputs_to_dict(who, (Order("diltiazem"),))))
        assert inputs_from_dict(stored) == (who, (Order("diltiazem"),))


def _stored(field: str, value: object) -> dict[str, Any]:
    """Stored inputs of a typical plan with one field replaced (as a damaged or old record might hold it)."""
    data = inputs_to_dict(
        patient("70", age="40", height="170", crcl="90"), (Order("diltiazem", ordered=parse_measurement("120 mg", ORDERED_DOSE), frequency="three times daily", form="immediate-release"),)
    )
    if field == "ordered":
        data["orders"][0]["ordered"] = value
    else:
        data["patient"][field] = value
    return data


# each stored field, values the form accepts at its limits, and values just past them
FIELDS: list[tuple[str, FieldSpec, list[str], list[str]]] = [
    ("weight", WEIGHT, ["0.5", "400", "1.2 lb", "500 g"], ["0.49", "400.01", "0", "881.85 lb", "499 g"]),
    ("age", AGE, ["0", "0 days", "130", "1560 months"], ["130.01", "1560.1 months", "6784 weeks"]),
    ("height", HEIGHT, ["20", "272", "7.9 in"], ["19.99", "272.01", "0", "7.8 in", "107.1 in"]),
    ("crcl", CRCL, ["0", "300"], ["300.01"]),
    ("ordered", ORDERED_DOSE, ["0.001 mg", "1000 g", "1 mcg"], ["0 mg", "1000.001 g", "0 mcg"]),
]


@pytest.mark.parametrize(("field", "spec", "accepted", "refused"), FIELDS, ids=[item[0] for item in FIELDS])
def test_each_stored_field_accepts_what_the_form_accepts_and_refuses_what_it_refuses(field, spec, accepted, refused):
    for text in accepted:
        typed = parse_measurement(text, spec)
        patient_read, orders_read = inputs_from_dict(_stored(field, {"value": typed.value, "unit": typed.unit}))
        assert (orders_read[0].ordered if field == "ordered" else getattr(patient_read, field)) == typed, text
    for text in refused:
        with pytest.raises(InputError) as typed_error:
            parse_measurement(text, spec)
        number, _, unit = text.partition(" ")
        stored = {"value": float(number), "unit": spec.units[unit] if unit else spec.default_unit}
        with pytest.raises(InputError) as stored_error:
            inputs_from_dict(_stored(field, stored))
        assert stored_error.value.field == typed_error.value.field == spec.label
        # the record's refusal gives the form's reason
        assert stored_error.value.message == f"stored value refused: {typed_error.value.message}", text


@pytest.mark.parametrize(("field", "spec"), [(field, spec) for field, spec, _, _ in FIELDS], ids=[item[0] for item in FIELDS])
@pytest.mark.parametrize(
    ("number", "unit", "reason"),
    [
        (float("inf"), None, "stored value is not a number"),
        (float("nan"), None, "stored value is not a number"),
        (10**400, None, "stored value is not a number"),
        (True, None, "stored value is not a number"),
        ("70", None, "stored value is not a number"),
        (1, 5, "stored unit is not valid"),
        (1, "furlong", "stored value refused: unknown unit 'furlong': use one of "),
    ],
    ids=["infinity", "nan", "huge-whole-number", "boolean", "text", "unit-not-text", "unknown-unit"],
)
def test_a_stored_value_that_no_form_could_give_is_refused_in_words(field, spec, number, unit, reason):
    stored = json.loads(json.dumps(_stored(field, {"value": number, "unit": unit or spec.canonical_unit})))
    with pytest.raises(InputError) as error:
        inputs_from_dict(stored)
    assert (error.value.field, error.value.message[: len(reason)]) == (spec.label, reason)


@pytest.mark.parametrize(("field", "spec"), [(field, spec) for field, spec, _, _ in FIELDS], ids=[item[0] for item in FIELDS])
def test_a_stored_negative_or_malformed_value_is_refused(field, spec):
    with pytest.raises(InputError) as error:
        inputs_from_dict(_stored(field, {"value": -1, "unit": spec.canonical_unit}))
    assert error.value.message == (
        "stored value refused: must be zero or above" if spec.allow_zero else "stored value refused: must be above zero"
    )
    with pytest.raises(InputError, match="stored value is not valid"):
        inputs_from_dict(_stored(field, [70, spec.canonical_unit]))


@pytest.mark.parametrize(
    ("field", "text", "reason"),
    [
        ("name", "Ann\nExample", "Patient name: stored value refused: must not hold control characters or line breaks"),
        ("name", "x" * 81, "Patient name: stored value refused: too long (at most 80 characters)"),
        ("identifier", "MRN\t0001", "Patient identifier: stored value refused: must not hold control characters or line breaks"),
        ("identifier", "9" * 81, "Patient identifier: stored value refused: too long (at most 80 characters)"),
    ],
)
def test_a_stored_name_or_identifier_the_form_would_refuse_is_refused(field, text, reason):
    with pytest.raises(InputError, match=re.escape(reason)):
        inputs_from_dict(_stored(field, text))
    longest = "x" * 80
    assert getattr(inputs_from_dict(_stored(field, longest))[0], field) == longest


def test_a_record_whose_stored_age_is_refused_says_so_when_reopened(formulary, store):
    plan = calculate_plan(formulary, patient("70", age="40"), [Order("diltiazem")])
    record_id = store.add(plan, Review(), "text", "print")
    damage = sqlite3.connect(store.path)  # a record changed outside the program
    with damage:
        damage.execute("DROP TRIGGER records_no_update")
        damage.execute(
            "UPDATE records SET inputs_json = ? WHERE id = ?", (json.dumps(_stored("age", {"value": 131, "unit": "years"})), record_id)
        )
    damage.close()
    with pytest.raises(HistoryError, match=re.escape("Age: stored value refused: 131 years is above the accepted maximum of 130 years")):
        store.get(record_id)


def test_a_refused_stored_value_is_logged_with_its_cause_and_never_the_patients_name(caplog):
    with caplog.at_level(logging.DEBUG, logger="cc_dosecalc.serialize"), pytest.raises(InputError):
        inputs_from_dict(_stored("name", "Jane\nO'Brien"))
    assert [record.getMessage() for record in caplog.records] == [
        "stored inputs refused: Patient name: stored value refused: must not hold control characters or line breaks"
    ]
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="cc_dosecalc.serialize"), pytest.raises(InputError):
        inputs_from_dict(_stored("crcl", {"value": 301, "unit": "mL/min"}))
    assert [(record.levelno, record.getMessage()) for record in caplog.records] == [
        (
            logging.WARNING,
            "stored inputs refused: Creatinine clearance: stored value refused: 301 mL/min is above the accepted maximum of 300 mL/min",
        )
    ]
