"""Doses in the window follow the typing, in any weight unit, for each treatment and regimen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QRadioButton, QSpinBox

from tests.gui.conftest import Nurse

DILTIAZEM_154_LB = "diltiazem oral 139.7 to 279.4 mg/day (2 to 4 mg/kg/day)"


def test_weight_in_lb_gives_the_dose_and_the_kg_figure(nurse: Nurse) -> None:
    nurse.patient("154", unit="lb", age="52")
    assert nurse.find(QLabel, "weightInKg").text() == "= 69.85 kg"
    nurse.add("dilt")
    assert nurse.dose() == DILTIAZEM_154_LB
    assert "Weight: 154 lb x 0.45359237 kg/lb = 69.85 kg" in nurse.window.results.steps.text()
    plan, _review = nurse.window.current_plan()
    assert plan is not None and plan.orders[0].text == DILTIAZEM_154_LB


def test_results_follow_each_keystroke_and_accept_a_decimal_comma(nurse: Nurse) -> None:
    nurse.add("dilt")
    assert nurse.dose() == ""
    nurse.type_into("weightInput", "70,5")
    assert nurse.dose() == "diltiazem oral 141 to 282 mg/day (2 to 4 mg/kg/day)"
    assert nurse.find(QLabel, "weightInKg").text() == ""  # kg chosen: no second figure
    nurse.qtbot.keyClick(nurse.line("weightInput"), Qt.Key.Key_Backspace)
    assert nurse.dose() == ""  # "70," is not a number: no dose from what is no longer typed
    assert "enter a plain number" in nurse.window.patient_form.error_text("weight")
    nurse.qtbot.keyClick(nurse.line("weightInput"), Qt.Key.Key_Backspace)
    assert nurse.dose() == "diltiazem oral 140 to 280 mg/day (2 to 4 mg/kg/day)"
    assert nurse.window.patient_form.error_text("weight") == ""


def test_a_treatment_not_in_the_plan_is_a_preview(nurse: Nurse) -> None:
    nurse.patient("70", age="40")
    nurse.pick("warf")
    assert nurse.dose() == "warfarin oral 1 mg/day"
    assert nurse.find(QLabel, "previewNote").isVisible()
    assert nurse.window.current_plan()[0] is None
    nurse.qtbot.mouseClick(nurse.window.picker.add_button, Qt.MouseButton.LeftButton)
    assert not nurse.find(QLabel, "previewNote").isVisible()
    assert [nurse.window.plan_panel.list.item(0).text()] == ["warfarin oral 1 mg/day"]


def test_switching_treatments_and_regimens(nurse: Nurse) -> None:
    nurse.patient("70", age="40")
    nurse.pick("alumin")
    regimen = nurse.find(QComboBox, "regimenInput")
    assert isinstance(regimen, QComboBox) and regimen.isVisible()
    assert [regimen.itemText(i) for i in range(regimen.count())] == ["oral, 1.8 g/day", "oral, 2.24 g/day", "oral, 2.4 g/day"]
    assert nurse.dose() == "aluminum hydroxide oral 1.8 g/day"
    nurse.choose("regimenInput", "oral, 2.24 g/day")
    assert nurse.dose() == "aluminum hydroxide oral 2.24 g/day"
    nurse.pick("thiosulf")
    assert [regimen.itemText(i) for i in range(regimen.count())] == ["topical, with zinc oxide", "intralesional injection", "IV"]
    nurse.choose("regimenInput", "IV")
    assert nurse.dose() == "sodium thiosulfate IV: no dose in the reference"
    assert any("nausea and vomiting" in line for line in [nurse.window.results.details.text()])
    nurse.pick("dilt")
    assert not regimen.isVisible()  # one regimen: no choice to make
    assert nurse.dose() == "diltiazem oral 140 to 280 mg/day (2 to 4 mg/kg/day)"


def test_ivig_days_and_dosing_weight_side_by_side(nurse: Nurse) -> None:
    nurse.patient("100", age="40", height="175", sex="male")
    nurse.add("ivig")
    assert nurse.dose() == "immune globulin (IVIG) IV 164.6 g per course (2 g/kg): 82.3 g daily for 2 days"
    buttons = {basis: nurse.find(QRadioButton, f"dosingWeight{basis}") for basis in ("Actual", "Ideal", "Adjusted")}
    texts = {basis: button.text() for basis, button in buttons.items()}  # type: ignore[attr-defined]
    assert texts == {"Actual": "Actual: 100 kg", "Ideal": "Ideal: 70.46 kg", "Adjusted": "Adjusted: 82.28 kg (suggested) — used"}
    days = nurse.find(QSpinBox, "daysInput")
    assert isinstance(days, QSpinBox) and (days.minimum(), days.maximum(), days.value()) == (2, 5, 2)
    days.setFocus()
    nurse.qtbot.keyClick(days, Qt.Key.Key_Up)
    assert nurse.dose() == "immune globulin (IVIG) IV 164.6 g per course (2 g/kg): 54.9 g daily for 3 days"
    nurse.qtbot.mouseClick(buttons["Actual"], Qt.MouseButton.LeftButton)
    assert nurse.dose() == "immune globulin (IVIG) IV 200 g per course (2 g/kg): 66.7 g daily for 3 days"
    assert buttons["Actual"].text() == "Actual: 100 kg — used"  # type: ignore[attr-defined]
    assert any("chosen instead of the suggested adjusted weight" in line for line in nurse.alerts())
    nurse.qtbot.mouseClick(buttons["Adjusted"], Qt.MouseButton.LeftButton)
    assert nurse.dose().startswith("immune globulin (IVIG) IV 164.6 g per course")


def test_ivig_without_height_uses_actual_weight_and_says_why(nurse: Nurse) -> None:
    nurse.patient("100", age="40")
    nurse.add("ivig")
    assert nurse.dose().startswith("immune globulin (IVIG) IV 200 g per course")
    assert not nurse.find(QRadioButton, "dosingWeightIdeal").isVisible()
    assert "height and sex not given" in nurse.window.results.weight_text.text()


def test_a_chosen_dosing_weight_that_can_no_longer_be_calculated_returns_to_actual(nurse: Nurse) -> None:
    nurse.patient("100", age="40", height="175", sex="male")
    nurse.add("ivig")
    nurse.qtbot.mouseClick(nurse.find(QRadioButton, "dosingWeightIdeal"), Qt.MouseButton.LeftButton)
    assert nurse.dose().startswith("immune globulin (IVIG) IV 140.9 g per course")
    nurse.type_into("heightInput", "")
    assert nurse.dose().startswith("immune globulin (IVIG) IV 200 g per course")
    assert "Dosing weight back to the suggested weight" in nurse.window.statusBar().currentMessage()
