"""Kidney function from a serum creatinine (clinical-rules.md, "Kidney function from serum
creatinine"): Cockcroft-Gault for adults on the weight the BMI calls for, bedside Schwartz
under 18, a typed clearance wins, and every kidney check uses the value in force."""

from __future__ import annotations

import pytest

from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.formulary import Formulary
from cc_dosecalc.kidney import KidneyFunction
from cc_dosecalc.parsing import SCR, InputError, parse_measurement
from cc_dosecalc.plan import Order, Patient, Sex
from cc_dosecalc.report import plan_text
from cc_dosecalc.serialize import plan_to_dict
from tests.conftest import make_patient


def kidney(formulary: Formulary, patient: Patient) -> KidneyFunction:
    plan = calculate_plan(formulary, patient, [Order("alendronate")])
    assert plan.kidney is not None
    return plan.kidney


def crcl(formulary: Formulary, **given: str) -> float | None:
    return kidney(formulary, make_patient(**given)).crcl_ml_min  # type: ignore[arg-type]


def codes(formulary: Formulary, patient: Patient, drug: str) -> dict[str, str]:
    plan = calculate_plan(formulary, patient, [Order(drug)])
    return {alert.code: alert.level for alert in (*plan.orders[0].alerts, *plan.patient_alerts)}


# --- reading the creatinine ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "mg_dl"),
    [("1.1 mg/dL", 1.1), ("1,1 mg/dl", 1.1), ("88.4 µmol/L", 1.0), ("88.4 umol/L", 1.0), ("88.4 μmol/L", 1.0), ("97 UMOL/L", 97 / 88.4)],
)
def test_serum_creatinine_is_read_in_either_unit(text: str, mg_dl: float) -> None:
    assert parse_measurement(text, SCR).to("mg/dL") == pytest.approx(mg_dl)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("1.1", "a bare number is ambiguous"),
        ("97", "a bare number is ambiguous"),
        ("1.1 mmol/L", "unknown unit"),
        ("0.09 mg/dL", "outside the accepted 0.1 to 30 mg/dL"),
        ("31 mg/dL", "outside"),
    ],
)
def test_serum_creatinine_without_a_known_unit_is_refused(text: str, why: str) -> None:
    with pytest.raises(InputError, match=why) as refused:
        parse_measurement(text, SCR)
    assert refused.value.field == "Serum creatinine"


# --- Cockcroft-Gault -----------------------------------------------------------------------


@pytest.mark.parametrize("scr", ["1.0 mg/dL", "88.4 µmol/L"])
def test_the_worked_example(formulary: Formulary, scr: str) -> None:
    """60 years, 70 kg, male, serum creatinine 1.0 mg/dL (88.4 µmol/L), no height: 77.8 mL/min."""
    found = kidney(formulary, make_patient("70", age="60", sex="male", scr=scr))
    assert (found.crcl_ml_min, found.method, found.weight_basis) == (77.8, "cockcroft-gault", "actual")
    assert "(140 - 60) x 70 kg (actual weight) / (72 x 1 mg/dL) = 77.8 mL/min (used)" in found.steps


def test_a_woman_gets_0_85_of_the_estimate(formulary: Formulary) -> None:
    assert crcl(formulary, weight="70", age="60", sex="female", scr="1.0 mg/dL") == 66.1


def test_without_a_sex_the_lower_female_estimate_is_used_and_said(formulary: Formulary) -> None:
    patient = make_patient("70", age="60", scr="1.0 mg/dL")
    assert kidney(formulary, patient).crcl_ml_min == 66.1
    plan = calculate_plan(formulary, patient, [Order("alendronate")])
    said = [alert.message for alert in plan.patient_alerts if alert.code == "kidney-sex-not-given"]
    assert said and "lower (female)" in said[0]


@pytest.mark.parametrize(
    ("weight", "bmi_shown", "basis", "used_kg"),
    [
        ("56.5", "18.4", "actual", 56.5),  # under 18.5: actual
        ("56.7", "18.5", "actual", 56.7),  # 18.5: ideal, but ideal (70.46 kg) is above actual, so actual
        ("74", "24.2", "ideal", 70.46),
        ("76.4", "24.9", "ideal", 70.46),
        ("76.5", "25", "adjusted", 72.88),  # 24.98 is shown as 25.0 and judged as shown
        ("100", "32.7", "adjusted", 82.28),
    ],
)
def test_the_weight_by_body_mass_index(formulary: Formulary, weight: str, bmi_shown: str, basis: str, used_kg: float) -> None:
    found = kidney(formulary, make_patient(weight, age="60", sex="male", height="175", scr="1.0 mg/dL"))
    assert found.weight_basis == basis
    assert found.estimate is not None
    used = [result for result in found.estimate.results if result.used]
    assert [result.basis for result in used] == [basis]
    assert round(used[0].weight_kg, 2) == used_kg
    assert found.crcl_ml_min == round(80 * used_kg / 72, 1)
    assert any(step.startswith(f"Body mass index: {weight} kg / (1.75 m)² = {bmi_shown} kg/m²") for step in found.steps)
    ideal_above = any("is above the actual weight: the actual weight is used" in step for step in found.steps)
    assert ideal_above == (weight == "56.7")


def test_actual_ideal_and_adjusted_results_side_by_side(formulary: Formulary) -> None:
    found = kidney(formulary, make_patient("100", age="60", sex="male", height="175", scr="1.0 mg/dL"))
    assert found.estimate is not None
    assert [(item.basis, item.ml_min, item.used) for item in found.estimate.results] == [
        ("actual", 111.1, False),
        ("ideal", 78.3, False),
        ("adjusted", 91.4, True),
    ]
    text = plan_text(calculate_plan(formulary, make_patient("100", age="60", sex="male", height="175", scr="1.0 mg/dL"), [Order("ivig")]))
    assert "= (140 - 60) x 82.28 kg (adjusted weight) / (72 x 1 mg/dL) = 91.4 mL/min (used)" in text
    assert "= (140 - 60) x 100 kg (actual weight) / (72 x 1 mg/dL) = 111.1 mL/min\n" in text


def test_an_adult_under_152_cm_is_estimated_on_actual_weight(formulary: Formulary) -> None:
    found = kidney(formulary, make_patient("80", age="60", sex="male", height="150", scr="1.0 mg/dL"))
    assert (found.weight_basis, found.crcl_ml_min) == ("actual", 88.9)
    assert any("height under 152.4 cm" in step for step in found.steps)


# --- children: bedside Schwartz -----------------------------------------------------------


@pytest.mark.parametrize(("age", "method", "value"), [("17.9", "schwartz", 107.4), ("18", "cockcroft-gault", 101.7)])
def test_bedside_schwartz_under_18_and_cockcroft_gault_from_18(formulary: Formulary, age: str, method: str, value: float) -> None:
    found = kidney(formulary, make_patient("30", age=age, sex="male", height="130", scr="0.5 mg/dL"))
    assert (found.method, found.crcl_ml_min) == (method, value)
    said = " ".join(found.steps)
    assert ("Cockcroft-Gault is not used in children" in said) == (method == "schwartz")


def test_schwartz_steps(formulary: Formulary) -> None:
    found = kidney(formulary, make_patient("20", age="6", height="115", scr="35.4 µmol/L"))
    assert found.crcl_ml_min == 118.6
    assert found.steps[0] == "Serum creatinine: 35.4 µmol/L / 88.4 = 0.4005 mg/dL (1 mg/dL = 88.4 µmol/L)"
    assert found.steps[-1].endswith("0.413 x 115 cm / 0.4005 mg/dL = 118.6 mL/min/1.73 m²")


def test_a_child_without_a_height_is_not_estimated_and_it_is_said(formulary: Formulary) -> None:
    patient = make_patient("20", age="6", scr="0.4 mg/dL")
    found = kidney(formulary, patient)
    assert found.crcl_ml_min is None
    assert codes(formulary, patient, "alendronate")["alendronate-kidney-not-applied"] == "info"
    said = [alert.message for alert in found.alerts if alert.code == "kidney-not-estimated"]
    assert said and "needs the height" in said[0]
    assert plan_to_dict(calculate_plan(formulary, patient, [Order("ivig")]))["patient"]["kidney"] is None


# --- the value in force -------------------------------------------------------------------


def test_a_typed_clearance_wins_and_both_are_shown(formulary: Formulary) -> None:
    patient = make_patient("70", age="60", sex="male", crcl="30", scr="1.0 mg/dL")
    found = kidney(formulary, patient)
    assert (found.crcl_ml_min, found.method) == (30, "entered")
    assert found.estimate is not None and found.estimate.ml_min == 77.8
    assert "creatinine clearance 30 mL/min (entered; used); creatinine clearance 77.8 mL/min (Cockcroft-Gault" in found.summary()
    assert codes(formulary, patient, "alendronate")["alendronate-kidney"] == "warning"
    data = plan_to_dict(calculate_plan(formulary, patient, [Order("alendronate")]))["patient"]
    assert data["crcl_ml_min"] == 30
    assert data["kidney"] == {**data["kidney"], "crcl_ml_min": 30, "method": "entered", "weight_basis": None, "scr_mg_dl": 1.0}


@pytest.mark.parametrize(
    ("drug", "code", "fires", "passes"),
    [
        ("alendronate", "alendronate-kidney", "2.3 mg/dL", "2.2 mg/dL"),  # 33.8 / 35.4 mL/min against 35
        ("aluminum-hydroxide", "aluminum-kidney", "2.7 mg/dL", "2.5 mg/dL"),  # 28.8 / 31.1 against 30
        ("ivig", "ivig-kidney", "1.3 mg/dL", "1.25 mg/dL"),  # 59.8 / 62.2 against 60
    ],
)
def test_every_kidney_check_uses_the_estimate(formulary: Formulary, drug: str, code: str, fires: str, passes: str) -> None:
    assert codes(formulary, make_patient("70", age="60", sex="male", scr=fires), drug)[code] == "warning"
    assert code not in codes(formulary, make_patient("70", age="60", sex="male", scr=passes), drug)


@pytest.mark.parametrize(("weight", "shown", "fires"), [("31.45", 34.9, True), ("31.4640", 35.0, False)])
def test_the_check_judges_the_clearance_as_shown(formulary: Formulary, weight: str, shown: float, fires: bool) -> None:
    """34.96 mL/min is shown as 35 mL/min: it does not fire "below 35"."""
    patient = make_patient(weight, age="60", sex="male", scr="1.0 mg/dL")
    assert kidney(formulary, patient).crcl_ml_min == shown
    assert ("alendronate-kidney" in codes(formulary, patient, "alendronate")) is fires


@pytest.mark.parametrize(
    ("crcl", "scr", "warned"), [(None, None, True), ("80", None, False), (None, "1.0 mg/dL", False), (None, "0.8 mg/dL", False)]
)
def test_ivig_without_any_kidney_function_is_a_warning(formulary: Formulary, crcl: str | None, scr: str | None, warned: bool) -> None:
    found = codes(formulary, make_patient("70", age="60", sex="male", crcl=crcl, scr=scr), "ivig")
    assert (found.get("ivig-kidney-function-not-given") == "warning") is warned


def test_json_kidney_is_null_without_kidney_function(formulary: Formulary) -> None:
    data = plan_to_dict(calculate_plan(formulary, make_patient("70"), [Order("ivig")]))["patient"]
    assert (data["kidney"], data["crcl_ml_min"]) == (None, None)


@pytest.mark.parametrize("sex", ["male", "female", None])
def test_age_not_given_estimates_nothing(formulary: Formulary, sex: Sex | None) -> None:
    found = kidney(formulary, make_patient("70", age=None, sex=sex, scr="1.0 mg/dL"))
    assert found.crcl_ml_min is None
    assert any(alert.code == "kidney-not-estimated" for alert in found.alerts)
