"""Refused input is marked at its field, in words, and no dose is shown from it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from tests.gui.conftest import Nurse


@pytest.mark.parametrize(
    ("field", "key", "unit", "text", "reason"),
    [
        ("weightInput", "weight", "kg", "70.5.5", "enter a plain number such as 70.5 or 70,5"),
        ("weightInput", "weight", "kg", "abc", "unknown unit 'abc': use one of kg, lb, g"),
        ("weightInput", "weight", "kg", "0", "must be above zero"),
        ("weightInput", "weight", "kg", "-70", "must be above zero"),
        ("weightInput", "weight", "kg", ".5", "write a leading zero (0.5)"),
        ("weightInput", "weight", "kg", "1,500", "is ambiguous"),
        ("weightInput", "weight", "kg", "500", "500 kg is outside the accepted 0.5 to 400 kg"),
        ("weightInput", "weight", "lb", "1000", "1,000 lb (453.592 kg) is outside the accepted 0.5 to 400 kg"),
        ("weightInput", "weight", "lb", "70 kg", "two different units given (kg and lb)"),
        ("weightInput", "weight", "kg", "1e5", "exponents such as 1e5 are not accepted"),
        ("weightInput", "weight", "kg", "70 stone", "unknown unit 'stone'"),
        ("ageInput", "age", "", "200", "200 years is above the accepted maximum of 130 years"),
        ("heightInput", "height", "", "5", "5 cm is outside the accepted 20 to 272 cm"),
        ("crclInput", "crcl", "", "400", "above the accepted maximum of 300 mL/min"),
    ],
)
def test_each_refusal_is_shown_at_its_field_and_clears_the_dose(
    nurse: Nurse, field: str, key: str, unit: str, text: str, reason: str
) -> None:
    nurse.patient("70", age="40")
    nurse.add("dilt")
    assert nurse.dose().startswith("diltiazem oral 140 to 280 mg/day")
    if unit:
        nurse.choose("weightUnit", unit)
    nurse.type_into(field, text)
    form = nurse.window.patient_form
    assert reason in form.error_text(key)
    assert form.error_text(key).startswith("Not accepted: ")
    error_label = nurse.find(QWidget, f"{field}Error")
    assert error_label.isVisible()
    assert nurse.dose() == ""
    assert nurse.window.current_plan()[0] is None
    assert "No dose is shown until the marked entries are corrected" in nurse.window.results.message.text()
    assert nurse.status().startswith("NOT FOR ORDERING")


def test_correcting_the_entry_brings_the_dose_back(nurse: Nurse) -> None:
    nurse.patient("70", age="40")
    nurse.add("dilt")
    nurse.type_into("ageInput", "abc")
    assert nurse.dose() == ""
    nurse.type_into("ageInput", "40")
    assert nurse.window.patient_form.error_text("age") == ""
    assert nurse.dose() == "diltiazem oral 140 to 280 mg/day (2 to 4 mg/kg/day)"


def test_an_empty_weight_asks_for_it_without_an_error(nurse: Nurse) -> None:
    nurse.add("dilt")
    assert nurse.dose() == ""
    assert nurse.window.patient_form.error_text("weight") == ""
    assert nurse.window.results.message.text() == "Enter the patient's weight to see doses."


def test_an_ordered_dose_without_a_unit_is_refused_at_its_field(nurse: Nurse) -> None:
    nurse.patient("70", age="40")
    nurse.add("dilt")
    nurse.type_into("orderedInput", "300")
    error = nurse.window.order_editor.ordered_error
    assert error.isVisible() and "give a unit: mg, g, mcg" in error.text()
    assert nurse.dose() == ""
    nurse.type_into("orderedInput", "300 mg")
    assert not error.isVisible()
    # no frequency yet (and no form): the order line says it is incomplete, and the plan is not checked
    assert nurse.dose() == "diltiazem 300 mg orally: incomplete order, not checked"
    # diltiazem's contraindications to confirm, and the order
    assert nurse.status() == "Not yet checked: 1 warning to acknowledge; 1 incomplete order not checked"
    nurse.choose("frequencyInput", "once daily")
    assert nurse.dose() == "diltiazem 300 mg orally once daily: incomplete order, not checked"
    nurse.choose("formInput", "extended-release")
    assert nurse.dose() == "diltiazem extended-release 300 mg orally once daily"
    assert nurse.window.results.order_text.text().split("\n") == [
        "Ordered dose: 300 mg once daily (300 mg/day)",
        "Calculated dose: diltiazem oral 140 to 280 mg/day (2 to 4 mg/kg/day)",
        "Verdict: above the calculated range 140 to 280 mg/day",
    ]
    assert any("Ordered dose 300 mg once daily (300 mg/day) is above the calculated range 140 to 280 mg/day" in line for line in nurse.alerts())


def test_a_name_with_a_line_break_is_refused(nurse: Nurse) -> None:
    nurse.patient("70")
    nurse.window.patient_form.name.setText("Ann\tLee")
    assert "control characters" in nurse.window.patient_form.error_text("name")


def test_an_emptied_days_box_shows_no_dose_until_days_are_given_again(nurse: Nurse) -> None:
    nurse.patient("70", age="40")
    nurse.add("ivig")
    assert nurse.dose().endswith("70 g daily for 2 days")
    days = nurse.window.order_editor.days
    days.setFocus()
    days.lineEdit().selectAll()
    nurse.qtbot.keyClick(days.lineEdit(), Qt.Key.Key_Delete)
    assert nurse.dose() == ""
    assert nurse.window.current_plan()[0] is None
    nurse.qtbot.keyClicks(days.lineEdit(), "4")
    assert nurse.dose().endswith("35 g daily for 4 days")


def test_a_new_window_waits_calmly_and_a_plan_without_a_weight_is_not_for_ordering(nurse: Nurse) -> None:
    assert nurse.status() == "No plan yet: enter the patient's weight and add treatments."
    nurse.patient("70", age="40")
    nurse.add("dilt")
    nurse.type_into("weightInput", "")
    assert nurse.status() == "NOT FOR ORDERING: no doses calculated (the patient's entries are incomplete or refused)"
