"""Allergies, diltiazem's contraindications, the children's limits as stops, and stops that
could not run for want of an input (clinical-rules.md, second edition)."""

from __future__ import annotations

import pytest

from cc_dosecalc.allergies import NOT_RECORDED, parse_allergies
from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.formulary import Formulary
from cc_dosecalc.parsing import InputError
from cc_dosecalc.plan import Allergies, Order, Patient
from cc_dosecalc.results import OrderResult
from cc_dosecalc.review import Review, review_status
from cc_dosecalc.serialize import inputs_from_dict, inputs_to_dict, plan_to_dict
from tests.conftest import make_patient, ordered


def one(formulary: Formulary, patient: Patient, order: Order) -> OrderResult:
    return calculate_plan(formulary, patient, [order]).orders[0]


def levels(result: OrderResult) -> dict[str, str]:
    return {alert.code: alert.level for alert in result.alerts}


def message(result: OrderResult, code: str) -> str:
    return next(alert.message for alert in result.alerts if alert.code == code)


# --- allergies ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("drug", "text"),
    [
        ("ceftriaxone", "ceftriaxone"),
        ("ceftriaxone", "CEFTRIAXONE (rash 2019)"),
        ("ceftriaxone", "ＣＥＦＴＲＩＡＸＯＮＥ"),  # full-width letters, read after NFKC
        ("ceftriaxone", "cephalosporins"),
        ("ceftriaxone", "Beta-lactam antibiotics"),
        ("ceftriaxone", "beta lactam"),
        ("ceftriaxone", "β-Lactams: anaphylaxis"),
        ("ceftriaxone", "cefalexin"),
        ("minocycline", "tetracycline"),
        ("minocycline", "Tetracyclines; sulfa"),
        ("minocycline", "doxycycline"),
        ("alendronate", "bisphosphonates"),
        ("aluminum-hydroxide", "Aluminium hydroxide"),
        ("ivig", "IVIG"),
        ("ivig", "immune globulin"),
        ("diltiazem", "calcium channel blockers"),
    ],
)
def test_an_allergy_naming_the_drug_or_its_group_is_a_stop(formulary: Formulary, drug: str, text: str) -> None:
    result = one(formulary, make_patient("70", allergies=Allergies(text)), Order(drug))
    assert levels(result)["allergy"] == "stop"
    assert f"'{text}'" in message(result, "allergy")


@pytest.mark.parametrize(
    ("drug", "text"),
    [
        ("ceftriaxone", "penicillin"),
        ("ceftriaxone", "cef"),
        ("ceftriaxone", "lactam"),
        ("ceftriaxone", "ceftriaxonex"),
        ("minocycline", "tetracyclinex"),
        ("minocycline", "цефтриаксон"),  # another script: read, and not a name the formulary lists
        ("colchicine", "anti-inflammatories"),  # colchicine's class is not an allergy group
        ("ceftriaxone", "no known allergies"),
    ],
)
def test_an_allergy_not_naming_the_drug_is_no_stop(formulary: Formulary, drug: str, text: str) -> None:
    assert "allergy" not in levels(one(formulary, make_patient("70", allergies=Allergies(text)), Order(drug)))


def test_an_allergy_stops_only_the_drug_it_names(formulary: Formulary) -> None:
    plan = calculate_plan(formulary, make_patient("70", allergies=Allergies("cephalosporin")), [Order("ceftriaxone"), Order("warfarin")])
    assert [("allergy" in levels(result)) for result in plan.orders] == [True, False]


def test_allergies_not_recorded_leave_the_plan_not_checked(formulary: Formulary) -> None:
    plan = calculate_plan(formulary, make_patient("70", allergies=None), [Order("warfarin")])
    status = review_status(plan, Review())
    assert plan.open_items == (NOT_RECORDED,)
    assert not status.checked
    assert status.text() == f"Not yet checked: {NOT_RECORDED}"
    data = plan_to_dict(plan)
    assert data["status"]["checked"] is False and data["status"]["open_items"] == [NOT_RECORDED]
    assert data["patient"]["allergies"] is None
    recorded = calculate_plan(formulary, make_patient("70"), [Order("warfarin")])
    assert review_status(recorded, Review()).text() == "Checked: ready for ordering"
    assert plan_to_dict(recorded)["patient"]["allergies"] == {"text": "", "none_known": True}


def test_allergies_are_one_or_the_other() -> None:
    with pytest.raises(InputError, match="not both"):
        parse_allergies("penicillin", True)
    with pytest.raises(InputError, match="Allergies"):
        parse_allergies("   ", False)
    assert parse_allergies(None, False) is None
    assert parse_allergies(" penicillin ", False) == Allergies("penicillin")


def test_allergies_are_stored_and_an_old_record_reopens_as_not_recorded() -> None:
    patient = make_patient("70", allergies=Allergies("penicillin"), scr="97 µmol/L")
    stored = inputs_to_dict(patient, [Order("warfarin")])
    assert inputs_from_dict(stored)[0] == patient
    old = {**stored, "patient": {key: value for key, value in stored["patient"].items() if key not in ("allergies", "scr")}}
    assert inputs_from_dict(old)[0].allergies is None
    with pytest.raises(InputError, match="Allergies"):
        inputs_from_dict({**stored, "patient": {**stored["patient"], "allergies": {"text": "x", "none_known": True}}})


# --- diltiazem's contraindications ----------------------------------------------------------


def test_diltiazem_contraindications_are_one_warning(formulary: Formulary) -> None:
    result = one(formulary, make_patient("70"), Order("diltiazem"))
    assert levels(result)["diltiazem-contraindications"] == "warning"
    text = message(result, "diltiazem-contraindications")
    for item in ("sick sinus syndrome", "second- or third-degree AV block", "pacemaker", "below 90 mmHg", "pulmonary congestion"):
        assert item in text


# --- children's limits ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weight", "age", "stop"),
    [
        ("20", "5", False),  # 2 g/day is 100 mg/kg/day: at the limit
        ("19.99", "5", True),  # 100.05 mg/kg/day
        ("19.99", "17.9", True),
        ("19.99", "18", False),  # an adult: the children's limit does not apply
        ("4", "2 months", True),  # the case: 500 mg/kg/day
    ],
)
def test_ceftriaxone_above_100_mg_per_kg_in_a_child_is_a_stop(formulary: Formulary, weight: str, age: str, stop: bool) -> None:
    result = one(formulary, make_patient(weight, age=age), Order("ceftriaxone"))
    assert (levels(result).get("ceftriaxone-child-above-100-per-kg") == "stop") is stop
    if stop:
        assert "mg/kg/day for" in message(result, "ceftriaxone-child-above-100-per-kg")


def test_ceftriaxone_warning_above_75_stays(formulary: Formulary) -> None:
    result = one(formulary, make_patient("25", age="5"), Order("ceftriaxone"))  # 80 mg/kg/day
    found = levels(result)
    assert found["ceftriaxone-child-per-kg"] == "warning"
    assert "ceftriaxone-child-above-100-per-kg" not in found


def test_ceftriaxone_ordered_for_a_baby(formulary: Formulary) -> None:
    result = one(formulary, make_patient("4", age="2 months"), Order("ceftriaxone", ordered=ordered("2 g")))
    assert levels(result)["ceftriaxone-child-above-100-per-kg"] == "stop"
    assert "500 mg/kg/day for 4 kg" in message(result, "ceftriaxone-child-above-100-per-kg")


@pytest.mark.parametrize(
    ("weight", "age", "dose", "stop"),
    [
        ("37.5", "10", None, False),  # 1.5 g/day is 40 mg/kg/day: at the limit
        ("37.49", "10", None, True),
        ("12", "2", None, True),  # the case: 125 mg/kg/day
        ("12", "24 months", None, True),
        ("37.49", "14.9", None, True),
        ("37.49", "15", None, False),  # over 14: not the children's dose
        ("49.99", "10", "2.1 g", True),  # 42 mg/kg/day under 50 kg
        ("50", "10", "2.1 g", False),  # 50 kg: the adult dose applies
    ],
)
def test_probenecid_above_40_mg_per_kg_in_a_child_is_a_stop(
    formulary: Formulary, weight: str, age: str, dose: str | None, stop: bool
) -> None:
    order = Order("probenecid", ordered=ordered(dose) if dose else None, frequency="once daily" if dose else None)
    result = one(formulary, make_patient(weight, age=age), order)
    assert (levels(result).get("probenecid-child-per-kg") == "stop") is stop


def test_probenecid_under_2_is_the_under_2_stop_not_the_per_kg_one(formulary: Formulary) -> None:
    found = levels(one(formulary, make_patient("12", age="23 months"), Order("probenecid")))
    assert found["probenecid-under-2"] == "stop"
    assert "probenecid-child-per-kg" not in found


def test_no_childrens_limit_known_is_said(formulary: Formulary) -> None:
    warfarin = one(formulary, make_patient("10", age="3"), Order("warfarin"))
    assert levels(warfarin)["adult-dose-in-child"] == "warning"
    assert "0.1 mg/kg/day" in message(warfarin, "adult-dose-in-child")
    assert "No children's limit is known" in message(warfarin, "adult-dose-in-child")
    ceftriaxone = one(formulary, make_patient("10", age="3"), Order("ceftriaxone"))
    assert "No children's limit is known" not in message(ceftriaxone, "adult-dose-in-child")


def test_a_childs_dose_far_below_the_adult_dose_stays_a_warning(formulary: Formulary) -> None:
    result = one(formulary, make_patient("10", age="3"), Order("probenecid", ordered=ordered("100 mg"), frequency="once daily"))
    assert levels(result)["ordered-below-adult-dose"] == "warning"
    assert "ordered-decimal-error" not in levels(result)


# --- stops that could not run -----------------------------------------------------------------


def test_stops_not_checked_for_want_of_the_age_are_warnings(formulary: Formulary) -> None:
    """--weight 3.5 --drug ceftriaxone --drug minocycline --drug probenecid, with no age."""
    patient = make_patient("3.5", age=None)
    plan = calculate_plan(formulary, patient, [Order("ceftriaxone"), Order("minocycline"), Order("probenecid")])
    found = {code: level for result in plan.orders for code, level in levels(result).items()}
    for code in (
        "ceftriaxone-neonate-not-applied",
        "ceftriaxone-child-above-100-per-kg-not-applied",
        "minocycline-under-8-not-applied",
        "probenecid-under-2-not-applied",
        "probenecid-child-per-kg-not-applied",
    ):
        assert found[code] == "warning", code
    assert message(plan.orders[1], "minocycline-under-8-not-applied") == (
        "Not checked (age not given): Patient under 8 years: minocycline causes tooth discoloration and enamel damage. "
        "If it applies, this would be a stop."
    )
    # a warning that could not run stays information
    assert found["ceftriaxone-child-per-kg-not-applied"] == "info"
    assert not review_status(plan, Review()).checked


def test_a_stop_whose_dose_part_cannot_hold_is_not_raised_without_the_age(formulary: Formulary) -> None:
    """70 kg, no age: ceftriaxone 2 g/day is 28.6 mg/kg/day, so the children's per-kg stop
    cannot apply whatever the age."""
    found = levels(one(formulary, make_patient("70", age=None), Order("ceftriaxone")))
    assert "ceftriaxone-child-above-100-per-kg-not-applied" not in found
    assert found["ceftriaxone-neonate-not-applied"] == "warning"


# --- the printed summary -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("allergies", "printed"),
    [(Allergies("penicillin (rash)"), "penicillin (rash)"), (Allergies("", none_known=True), "no known allergies"), (None, "not recorded")],
)
def test_allergies_print_at_the_top_of_the_summary(formulary: Formulary, allergies: Allergies | None, printed: str) -> None:
    from cc_dosecalc.summary.document import build_summary
    from tests.summary_plans import PRINTED_AT

    plan = calculate_plan(formulary, make_patient("70", age="60", sex="male", scr="1.0 mg/dL", allergies=allergies), [Order("warfarin")])
    document = build_summary(plan, Review(), printed_at=PRINTED_AT)
    text = document.text()
    assert text.index(f"ALLERGIES: {printed}") < text.index("Patient")
    html = document.html()
    assert html.index(f"Allergies: {printed}") < html.index("<h2>Patient</h2>")
    assert dict(document.patient)["Kidney function"] == "creatinine clearance 77.8 mL/min (Cockcroft-Gault, actual weight; used); serum creatinine 1 mg/dL (88.4 µmol/L)"
    assert "  = (140 - 60) x 70 kg (actual weight) / (72 x 1 mg/dL) = 77.8 mL/min (used)" in text.splitlines()
