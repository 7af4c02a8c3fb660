"""Hostile text in every field of the window: refused at its field in one line, or kept exactly
as typed; never a crash, and never a dose from a refused entry.

One window per field (the corpus is long); ``setText`` stands in for typing (a 10,000-character
text typed key by key would only make the test slow). A few short texts are typed key by key.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from tests.gui.conftest import Nurse
from tests.hostile_corpus import CHOICE_TEXTS, NUMBER_TEXTS, TEXT_ACCEPTED, TEXT_REFUSED, ZERO_TEXTS

DOSE = "diltiazem oral 140 to 280 mg/day (2 to 4 mg/kg/day)"
BLANK = ("", "   ")
# field, the key of its error, whether zero is a real value there
NUMBER_FIELDS = [("weightInput", "weight", False), ("ageInput", "age", True), ("heightInput", "height", False), ("crclInput", "crcl", True)]


def with_a_dose(nurse: Nurse) -> None:
    nurse.patient("70", age="40")
    nurse.add("dilt")
    assert nurse.dose() == DOSE


def assert_refused_here(nurse: Nurse, key: str, text: str) -> None:
    error = nurse.window.patient_form.error_text(key)
    assert error.startswith("Not accepted: ") and "\n" not in error, (text[:40], error)
    assert nurse.dose() == "", text[:40]
    assert nurse.window.current_plan()[0] is None, text[:40]
    assert nurse.status().startswith("NOT FOR ORDERING")


@pytest.mark.parametrize(("field", "key", "zero_allowed"), NUMBER_FIELDS)
def test_number_fields_refuse_every_hostile_text(nurse: Nurse, field: str, key: str, zero_allowed: bool) -> None:
    with_a_dose(nurse)
    line = nurse.line(field)
    good = line.text()
    for text in (*NUMBER_TEXTS, *ZERO_TEXTS):
        line.setText(text)
        if text.strip() == "":
            if key == "weight":  # no weight: no dose, asked for, not an error
                assert nurse.dose() == "" and nurse.window.patient_form.error_text(key) == ""
            else:  # an optional field left empty
                assert nurse.dose() == DOSE and nurse.window.patient_form.error_text(key) == ""
        elif text in ZERO_TEXTS and zero_allowed:
            assert nurse.window.patient_form.error_text(key) == "", text
            plan = nurse.window.current_plan()[0]
            assert plan is not None and getattr(plan.patient, key).value == 0.0
        else:
            assert_refused_here(nurse, key, text)
        line.setText(good)
        assert nurse.dose() == DOSE
    for text in ("2*3", "nan", "1e5", "70%"):  # typed key by key too
        nurse.type_into(field, text)
        assert_refused_here(nurse, key, text)
    line.setText(good)


@pytest.mark.parametrize(("field", "key"), [("patientNameInput", "name"), ("patientIdInput", "identifier")])
def test_free_text_fields_refuse_or_keep_exactly(nurse: Nurse, field: str, key: str) -> None:
    with_a_dose(nurse)
    line = nurse.line(field)
    for text in TEXT_REFUSED:
        line.setText(text)
        assert_refused_here(nurse, key, text)
        line.clear()
        assert nurse.dose() == DOSE
    for text in TEXT_ACCEPTED:
        line.setText(text)
        assert nurse.window.patient_form.error_text(key) == ""
        plan = nurse.window.current_plan()[0]
        assert plan is not None and getattr(plan.patient, key) == text and line.text() == text
        assert nurse.dose() == DOSE
    nurse.type_into(field, "' OR 1=1 --")
    plan = nurse.window.current_plan()[0]
    assert plan is not None and getattr(plan.patient, key) == "' OR 1=1 --"


def test_the_ordered_dose_refuses_every_hostile_text(nurse: Nurse) -> None:
    with_a_dose(nurse)
    line = nurse.line("orderedInput")
    error = nurse.window.order_editor.ordered_error
    for text in (*NUMBER_TEXTS, *ZERO_TEXTS, "300", "300 kg", "300 mg/kg", "300 units", "5 MGG"):
        line.setText(text)
        if text.strip() == "":
            assert not error.isVisible() and nurse.dose() == DOSE
            continue
        assert error.isVisible() and error.text().startswith("Not accepted: ") and "\n" not in error.text(), text[:40]
        assert nurse.dose() == "", text[:40]
        assert nurse.window.current_plan()[0] is None
    line.setText("300 mg")
    assert not error.isVisible() and nurse.dose() == "diltiazem 300 mg orally: incomplete order, not checked"


def test_the_treatment_search_takes_anything_and_changes_no_dose(nurse: Nurse) -> None:
    with_a_dose(nurse)
    search = nurse.line("drugSearch")
    no_match = nurse.window.findChild(QLabel, "noMatch")
    assert no_match is not None
    for text in (*NUMBER_TEXTS, *CHOICE_TEXTS, *TEXT_REFUSED, *TEXT_ACCEPTED):
        search.setText(text)
        assert search.text() == text
        shown = nurse.window.picker.visible_drug_ids()
        assert no_match.isVisible() == (shown == [])
        assert "\n" not in no_match.text()
        assert nurse.window.current_plan()[0] is not None and nurse.dose() == DOSE
    nurse.type_into("drugSearch", "9**9**9")
    assert nurse.window.picker.visible_drug_ids() == [] and no_match.isVisible()
