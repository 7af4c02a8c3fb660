"""The window's serum creatinine and allergies fields, driven from the keyboard."""

from __future__ import annotations

from tests.gui.conftest import Nurse


def test_a_serum_creatinine_needs_its_unit_and_gives_the_estimate(nurse: Nurse) -> None:
    nurse.patient("70", age="60", sex="male")
    nurse.add("alendr")
    nurse.type_into("scrInput", "1.0")
    assert nurse.window.patient_form.error_text("scr").endswith("a bare number is ambiguous (mg/dL and µmol/L are 88.4 times apart): give the unit, e.g. 1.1 mg/dL or 97 µmol/L")
    nurse.choose("scrUnit", "mg/dL")
    plan, _review = nurse.window.current_plan()
    assert plan is not None and plan.kidney is not None and plan.kidney.crcl_ml_min == 77.8
    assert any("creatinine clearance 77.8 mL/min estimated by Cockcroft-Gault" in line for line in nurse.alerts())
    nurse.type_into("scrInput", "221 umol/L")  # the unit typed is not the unit chosen
    assert "two different units given" in nurse.window.patient_form.error_text("scr")
    nurse.choose("scrUnit", "µmol/L")  # 221 µmol/L = 2.5 mg/dL: 31.1 mL/min, below alendronate's 35
    assert any("alendronate is not recommended" in line for line in nurse.alerts())


def test_allergies_not_recorded_keep_the_plan_unchecked(nurse: Nurse) -> None:
    nurse.patient("70", age="40", allergies=None)
    nurse.add("warf")
    assert nurse.status() == "Not yet checked: allergies not recorded (record them, or no known allergies)"
    assert "Allergies not recorded" in nurse.window.plan_panel.open_items.text()
    nurse.set_no_known_allergies(True)
    assert nurse.status() == "Checked: ready for ordering"
    nurse.type_into("allergiesInput", "penicillin")  # and the box still ticked: refused
    assert "not both" in nurse.window.patient_form.error_text("allergies")
    nurse.set_no_known_allergies(False)
    assert nurse.status() == "Checked: ready for ordering"


def test_an_allergy_typed_stops_the_drug_it_names(nurse: Nurse) -> None:
    nurse.patient("70", age="40", allergies="tetracyclines")
    nurse.add("minoc")
    assert nurse.status().startswith("NOT FOR ORDERING: 1 stop")
    assert nurse.alerts()[0].startswith("STOP: Allergy recorded: 'tetracyclines' names 'tetracycline'")
