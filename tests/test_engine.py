"""The dosing engine against clinical-rules.md: every regimen, every check, at its boundary."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.formulary import Formulary, load_formulary
from cc_dosecalc.parsing import InputError
from cc_dosecalc.paths import builtin_formulary_path
from cc_dosecalc.plan import DosingWeightChoice, Order, Patient, WeightSource
from cc_dosecalc.results import OrderResult, PlanResult
from tests.conftest import make_patient, ordered


def one(formulary: Formulary, patient: Patient, order: Order) -> OrderResult:
    return calculate_plan(formulary, patient, [order]).orders[0]


def levels(result: OrderResult) -> dict[str, str]:
    return {alert.code: alert.level for alert in result.alerts}


def message(result: OrderResult, code: str) -> str:
    return next(alert.message for alert in result.alerts if alert.code == code)


def formulary_with(tmp_path: Path, **numbers: float) -> Formulary:
    """A copy of the built-in formulary in tmp_path with some of its [built_in_checks] numbers changed."""
    text = builtin_formulary_path().read_text(encoding="utf-8")
    for key, value in numbers.items():
        text, count = re.subn(rf"^{key} = .*$", f"{key} = {value}", text, flags=re.MULTILINE)
        assert count == 1, key
    path = tmp_path / "formulary.toml"
    path.write_text(text, encoding="utf-8")
    return load_formulary(path)


# --- every reference regimen -------------------------------------------------------------


@pytest.mark.parametrize(
    ("drug", "regimen", "text"),
    [
        ("diltiazem", None, "diltiazem oral 140 to 280 mg/day (2 to 4 mg/kg/day)"),
        ("warfarin", None, "warfarin oral 1 mg/day"),
        ("etidronate", None, "etidronate oral 800 mg/day"),
        ("alendronate", None, "alendronate oral 70 mg once weekly"),
        ("pamidronate", None, "pamidronate IV 90 mg once weekly"),
        ("minocycline", None, "minocycline oral 50 to 100 mg/day"),
        ("ceftriaxone", None, "cefTRIAXone IV 2 g/day for 20 days (course total 40 g)"),
        ("aluminum-hydroxide", "aluminum-hydroxide-1800mg", "aluminum hydroxide oral 1.8 g/day"),
        ("aluminum-hydroxide", "aluminum-hydroxide-2240mg", "aluminum hydroxide oral 2.24 g/day"),
        ("aluminum-hydroxide", "aluminum-hydroxide-2400mg", "aluminum hydroxide oral 2.4 g/day"),
        ("probenecid", None, "probenecid oral 1.5 g/day"),
        ("sodium-thiosulfate", "sodium-thiosulfate-topical", "sodium thiosulfate topical: no dose in the reference"),
        ("sodium-thiosulfate", "sodium-thiosulfate-intralesional", "sodium thiosulfate intralesional: no dose in the reference"),
        ("sodium-thiosulfate", "sodium-thiosulfate-iv", "sodium thiosulfate IV: no dose in the reference"),
        ("colchicine", None, "colchicine oral: no dose in the reference"),
        ("ivig", None, "immune globulin (IVIG) IV 140 g per course (2 g/kg): 70 g daily for 2 days"),
        ("intralesional-corticosteroid", None, "corticosteroid (intralesional) intralesional: no dose in the reference"),
    ],
)
def test_every_regimen_for_a_70_kg_adult(formulary: Formulary, drug: str, regimen: str | None, text: str) -> None:
    result = one(formulary, make_patient("70", age="40", crcl="90"), Order(drug, regimen))
    assert result.text == text


def test_doses_in_mg_and_their_period(formulary: Formulary) -> None:
    patient = make_patient("70", age="40")
    diltiazem = one(formulary, patient, Order("diltiazem"))
    assert (diltiazem.dose.low_mg, diltiazem.dose.high_mg, diltiazem.dose.per) == (pytest.approx(140), pytest.approx(280), "day")
    assert diltiazem.course_total is None
    ceftriaxone = one(formulary, patient, Order("ceftriaxone"))
    assert (ceftriaxone.dose.low_mg, ceftriaxone.dose.per) == (2000, "day")
    assert (ceftriaxone.course_total.low_mg, ceftriaxone.course_total.high_mg) == (40000, 40000)
    assert one(formulary, patient, Order("alendronate")).dose.per == "week"
    colchicine = one(formulary, patient, Order("colchicine"))
    assert colchicine.dose is None
    assert levels(colchicine)["no-reference-dose"] == "info"


def test_calculation_steps_in_words(formulary: Formulary) -> None:
    result = one(formulary, make_patient("154 lb"), Order("diltiazem"))
    assert result.steps == (
        "Weight: 154 lb x 0.45359237 kg/lb = 69.85 kg",
        "2 mg/kg/day x 69.85 kg (actual weight) = 139.7 mg/day",
        "4 mg/kg/day x 69.85 kg (actual weight) = 279.4 mg/day",
    )
    assert result.text == "diltiazem oral 139.7 to 279.4 mg/day (2 to 4 mg/kg/day)"
    assert "Calcinosis cutis treatment review" in result.sources[0]


def test_side_effects_monitoring_and_cautions(formulary: Formulary) -> None:
    patient = make_patient()
    assert [item.text for item in one(formulary, patient, Order("diltiazem")).side_effects] == [
        "bradycardia", "AV block", "hypotension", "heart failure", "oedema", "liver injury",
    ]  # fmt: skip
    for drug in ("etidronate", "alendronate", "pamidronate"):
        texts = [item.text for item in one(formulary, patient, Order(drug)).side_effects]
        assert texts[:6] == ["osteonecrosis of the jaw", "fever", "infusion site reaction", "low calcium", "low phosphate", "low magnesium"]
    assert [item.text for item in one(formulary, patient, Order("warfarin")).monitoring] == ["INR"]
    assert [item.text for item in one(formulary, patient, Order("pamidronate")).monitoring] == ["Serum creatinine before each dose."]
    iv = one(formulary, patient, Order("sodium-thiosulfate", "sodium-thiosulfate-iv"))
    assert [item.text for item in iv.side_effects] == ["nausea and vomiting", "metabolic acidosis", "hypotension"]
    assert [item.text for item in iv.monitoring] == ["Blood pressure."]


# --- daily and single-dose caps ------------------------------------------------------------


@pytest.mark.parametrize(
    ("weight", "expected"),
    [("90", {}), ("90.1", {"diltiazem-above-usual-max": "warning"}),
     ("120", {"diltiazem-above-usual-max": "warning"}),
     ("120.1", {"diltiazem-above-usual-max": "warning", "diltiazem-above-label-max": "stop"})],
)  # fmt: skip
def test_diltiazem_caps_on_the_calculated_range(formulary: Formulary, weight: str, expected: dict[str, str]) -> None:
    found = levels(one(formulary, make_patient(weight), Order("diltiazem")))
    assert {code: level for code, level in found.items() if code.startswith("diltiazem-above")} == expected


def test_caps_check_the_ordered_dose_when_there_is_one(formulary: Formulary) -> None:
    patient = make_patient("150")  # range 300 to 600 mg/day: the top alone would breach both caps

    def er(dose: str) -> OrderResult:
        return one(formulary, patient, Order("diltiazem", ordered=ordered(dose), frequency="once daily", form="extended-release"))

    assert "diltiazem-er-above-label-max" not in levels(er("350 mg"))
    result = er("481 mg")
    assert levels(result)["diltiazem-er-above-label-max"] == "stop"
    assert message(result, "diltiazem-er-above-label-max").endswith("Checked: ordered dose 481 mg once daily (481 mg/day).")
    assert "diltiazem-er-above-label-max" not in levels(er("480 mg"))
    # the drug's caps on the calculated range (300 to 600 mg/day) give way to the form's on the order
    assert not any(code.startswith("diltiazem-above") for code in levels(result))


def test_pamidronate_single_dose_cap_and_interval(formulary: Formulary) -> None:
    calculated = levels(one(formulary, make_patient(), Order("pamidronate")))
    assert "pamidronate-above-single-max" not in calculated
    assert calculated["pamidronate-interval"] == "warning"
    assert levels(one(formulary, make_patient(), Order("pamidronate", ordered=ordered("91 mg"), frequency="once weekly")))["pamidronate-above-single-max"] == "stop"


def test_ceftriaxone_adult_maximum(formulary: Formulary) -> None:
    assert "ceftriaxone-above-adult-max" not in levels(one(formulary, make_patient(), Order("ceftriaxone", ordered=ordered("4 g"), frequency="once daily")))
    result = one(formulary, make_patient(), Order("ceftriaxone", ordered=ordered("4.5 g"), frequency="once daily"))
    assert levels(result)["ceftriaxone-above-adult-max"] == "stop"


def test_probenecid_maximum(formulary: Formulary) -> None:
    assert levels(one(formulary, make_patient(), Order("probenecid", ordered=ordered("2001 mg"), frequency="once daily")))["probenecid-above-max"] == "stop"
    assert "probenecid-above-max" not in levels(one(formulary, make_patient(), Order("probenecid", ordered=ordered("2 g"), frequency="once daily")))


# --- per-kg caps on fixed doses --------------------------------------------------------------


@pytest.mark.parametrize(
    ("weight", "expected"),
    [("80", {}), ("79.9", {"etidronate-above-10-mg-kg": "warning"}), ("40", {"etidronate-above-10-mg-kg": "warning"}),
     ("39.9", {"etidronate-above-10-mg-kg": "warning", "etidronate-above-label-max": "stop"})],
)  # fmt: skip
def test_etidronate_per_kg_limits(formulary: Formulary, weight: str, expected: dict[str, str]) -> None:
    found = levels(one(formulary, make_patient(weight), Order("etidronate")))
    assert {code: level for code, level in found.items() if code.startswith("etidronate-")} == expected


def test_ceftriaxone_paediatric_per_kg(formulary: Formulary) -> None:
    child = one(formulary, make_patient("20", age="10"), Order("ceftriaxone"))  # 2 g/day = 100 mg/kg/day
    assert levels(child)["ceftriaxone-child-per-kg"] == "warning"
    assert "ceftriaxone-child-per-kg" not in levels(one(formulary, make_patient("30", age="10"), Order("ceftriaxone")))  # 66.7
    assert "ceftriaxone-child-per-kg" not in levels(one(formulary, make_patient("20", age="18"), Order("ceftriaxone")))
    unknown_age = one(formulary, make_patient("20", age=None), Order("ceftriaxone"))
    assert levels(unknown_age)["ceftriaxone-child-per-kg-not-applied"] == "info"


# --- age limits --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("drug", "code", "level", "fires", "passes"),
    [
        ("diltiazem", "diltiazem-child", "warning", "17 years", "18 years"),
        ("minocycline", "minocycline-under-8", "stop", "7.9", "8"),
        ("probenecid", "probenecid-under-2", "stop", "23 months", "24 months"),
        ("ceftriaxone", "ceftriaxone-neonate", "stop", "28 days", "29 days"),
        ("ceftriaxone", "ceftriaxone-neonate", "stop", "4 weeks", "5 weeks"),
        ("ivig", "ivig-over-65", "warning", "65.1", "65"),
    ],
)
def test_age_limits(formulary: Formulary, drug: str, code: str, level: str, fires: str, passes: str) -> None:
    assert levels(one(formulary, make_patient("70", age=fires), Order(drug)))[code] == level
    assert code not in levels(one(formulary, make_patient("70", age=passes), Order(drug)))
    missing = levels(one(formulary, make_patient("70", age=None), Order(drug)))
    assert code not in missing
    # a stop that could not run is a warning to acknowledge; a warning that could not run is information
    assert missing[f"{code}-not-applied"] == ("warning" if level == "stop" else "info")


def test_a_check_that_could_not_run_says_why(formulary: Formulary) -> None:
    result = one(formulary, make_patient("70", age=None), Order("minocycline"))
    assert message(result, "minocycline-under-8-not-applied").startswith("Not checked (age not given): Patient under 8 years")


# --- kidney function ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("drug", "code", "fires", "passes"),
    [
        ("alendronate", "alendronate-kidney", "34.9", "35"),
        ("aluminum-hydroxide", "aluminum-kidney", "29", "30"),
        ("probenecid", "probenecid-kidney", "30", "30.1"),
        ("colchicine", "colchicine-kidney", "29.9", "30"),
        ("ivig", "ivig-kidney", "59", "60"),
    ],
)
def test_kidney_limits(formulary: Formulary, drug: str, code: str, fires: str, passes: str) -> None:
    assert levels(one(formulary, make_patient(crcl=fires), Order(drug)))[code] == "warning"
    assert code not in levels(one(formulary, make_patient(crcl=passes), Order(drug)))
    missing = levels(one(formulary, make_patient(crcl=None), Order(drug)))
    assert code not in missing and missing[f"{code}-not-applied"] == "info"


def test_minocycline_kidney_needs_both_impairment_and_a_high_dose(formulary: Formulary) -> None:
    def found(crcl: str | None, dose: str) -> dict[str, str]:
        return levels(one(formulary, make_patient(crcl=crcl), Order("minocycline", ordered=ordered(dose), frequency="once daily")))

    assert found("59", "201 mg")["minocycline-kidney"] == "warning"
    assert "minocycline-kidney" not in found("59", "200 mg")
    assert "minocycline-kidney" not in found("60", "250 mg")
    assert found(None, "250 mg")["minocycline-kidney-not-applied"] == "info"
    assert "minocycline-kidney-not-applied" not in found(None, "100 mg")  # the dose alone rules it out


# --- high-alert and information ---------------------------------------------------------------


def test_double_checks_and_standing_information(formulary: Formulary) -> None:
    warfarin = one(formulary, make_patient(), Order("warfarin"))
    assert warfarin.requires_double_check and levels(warfarin)["double-check"] == "info"
    assert levels(warfarin)["warfarin-weak-evidence"] == "info"
    ivig = one(formulary, make_patient(), Order("ivig"))
    assert ivig.requires_double_check and levels(ivig)["ivig-iga"] == "info"
    assert not one(formulary, make_patient(), Order("diltiazem")).requires_double_check


# --- fixed adult doses in children -------------------------------------------------------------


def test_fixed_adult_dose_in_a_child_shows_mg_per_kg_and_warns(formulary: Formulary) -> None:
    result = one(formulary, make_patient("30", age="10"), Order("minocycline"))
    assert result.per_kg_equivalent == (pytest.approx(50 / 30), pytest.approx(100 / 30))
    assert levels(result)["adult-dose-in-child"] == "warning"
    assert message(result, "adult-dose-in-child").startswith(
        "Fixed adult dose for a patient under 18 years and under 40 kg: 50 to 100 mg/day is 1.67 to 3.33 mg/kg/day for this patient."
    )
    assert "50 to 100 mg/day / 30 kg = 1.67 to 3.33 mg/kg/day" in result.steps


def test_adult_dose_rule_by_weight_alone_and_not_for_weight_based_regimens(formulary: Formulary) -> None:
    assert levels(one(formulary, make_patient("39", age="30"), Order("warfarin")))["adult-dose-in-child"] == "warning"
    assert "adult-dose-in-child" not in levels(one(formulary, make_patient("40", age="18"), Order("warfarin")))
    assert "adult-dose-in-child" not in levels(one(formulary, make_patient("20", age="10"), Order("diltiazem")))
    assert levels(one(formulary, make_patient("70", age=None), Order("warfarin")))["adult-dose-age-not-given"] == "info"


def test_adult_dose_rule_by_age_alone_at_its_boundary(formulary: Formulary) -> None:
    child = one(formulary, make_patient("70", age="17"), Order("warfarin"))
    assert message(child, "adult-dose-in-child").startswith("Fixed adult dose for a patient under 18 years: 1 mg/day is")
    assert "adult-dose-in-child" not in levels(one(formulary, make_patient("70", age="18"), Order("warfarin")))
    assert levels(one(formulary, make_patient("70", age="215 months"), Order("warfarin")))["adult-dose-in-child"] == "warning"


def test_the_child_limits_are_the_formularys(tmp_path: Path, formulary: Formulary) -> None:
    changed = formulary_with(tmp_path, adult_age_years=16, child_weight_kg=30)
    # a 17-year-old of 35 kg is a child for the built-in formulary, not for this one
    assert "under 18 years and under 40 kg" in message(one(formulary, make_patient("35", age="17"), Order("warfarin")), "adult-dose-in-child")
    assert "adult-dose-in-child" not in levels(one(changed, make_patient("35", age="17"), Order("warfarin")))
    assert message(one(changed, make_patient("29", age="15"), Order("warfarin")), "adult-dose-in-child").startswith(
        "Fixed adult dose for a patient under 16 years and under 30 kg: 1 mg/day is"
    )
    assert "adult-dose-in-child" not in levels(one(changed, make_patient("30", age="16"), Order("warfarin")))
    # and so is the age from which ideal body weight (Devine) is used
    man = make_patient("100", age="17", height="175", sex="male")
    assert one(formulary, man, Order("ivig")).dosing_weight.basis == "actual"
    assert one(changed, man, Order("ivig")).dosing_weight.basis == "adjusted"
    boy = make_patient("100", age="15", height="175", sex="male")
    assert "patient under 16 years, for whom ideal body weight (Devine) is not valid" in message(
        one(changed, boy, Order("ivig")), "dosing-weight-actual"
    )


def test_the_decimal_error_factor_is_the_formularys(tmp_path: Path, formulary: Formulary) -> None:
    changed = formulary_with(tmp_path, decimal_error_factor=5)
    patient = make_patient("70")  # diltiazem 140 to 280 mg/day

    def code(on: Formulary, dose: str) -> str:
        result = one(on, patient, Order("diltiazem", ordered=ordered(dose), frequency="once daily", form="extended-release"))
        return next(alert.code for alert in result.alerts if alert.code.startswith("ordered-"))

    assert [code(formulary, dose) for dose in ("1399 mg", "1400 mg", "28 mg", "29 mg")] == ["ordered-above-range"] * 2 + [
        "ordered-below-range"
    ] * 2
    assert [code(changed, dose) for dose in ("1399 mg", "1400 mg", "28 mg", "29 mg")] == [
        "ordered-above-range", "ordered-decimal-error", "ordered-decimal-error", "ordered-below-range",
    ]  # fmt: skip
    high = one(changed, patient, Order("diltiazem", ordered=ordered("1400 mg"), frequency="once daily", form="extended-release"))
    assert message(high, "ordered-decimal-error").startswith("Ordered dose 1,400 mg once daily (1,400 mg/day) is 5 times or more the top of the calculated range")
    low = one(changed, patient, Order("diltiazem", ordered=ordered("28 mg"), frequency="once daily", form="extended-release"))
    assert message(low, "ordered-decimal-error").startswith("Ordered dose 28 mg once daily (28 mg/day) is 1/5 or less of the bottom of the calculated range")
    assert "is a tenth or less of the bottom" in message(
        one(formulary, patient, Order("diltiazem", ordered=ordered("14 mg"), frequency="once daily", form="extended-release")), "ordered-decimal-error"
    )


# --- ordered dose --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dose", "code", "level"),
    [
        ("200 mg", "ordered-within-range", "info"),
        ("140 mg", "ordered-within-range", "info"),
        ("280 mg", "ordered-within-range", "info"),
        ("139 mg", "ordered-below-range", "warning"),
        ("281 mg", "ordered-above-range", "warning"),
        ("0.3 g", "ordered-above-range", "warning"),
        ("2799 mg", "ordered-above-range", "warning"),
        ("2800 mg", "ordered-decimal-error", "stop"),
        ("28000 mg", "ordered-decimal-error", "stop"),
        ("15 mg", "ordered-below-range", "warning"),
        ("14 mg", "ordered-decimal-error", "stop"),
        ("1400 mcg", "ordered-decimal-error", "stop"),
    ],
)
def test_ordered_dose_against_the_range(formulary: Formulary, dose: str, code: str, level: str) -> None:
    result = one(formulary, make_patient("70"), Order("diltiazem", ordered=ordered(dose), frequency="once daily", form="extended-release"))
    assert levels(result)[code] == level


def test_ordered_dose_is_compared_as_the_nurse_reads_the_range(formulary: Formulary) -> None:
    # 154 lb: range 139.706 to 279.413 mg/day, written 139.7 to 279.4 mg/day
    result = one(formulary, make_patient("154 lb"), Order("diltiazem", ordered=ordered("279.4 mg"), frequency="once daily", form="extended-release"))
    assert message(result, "ordered-within-range") == "Ordered dose 279.4 mg once daily (279.4 mg/day) is within the calculated range 139.7 to 279.4 mg/day."
    assert (
        levels(one(formulary, make_patient("154 lb"), Order("diltiazem", ordered=ordered("279.5 mg"), frequency="once daily", form="extended-release")))["ordered-above-range"] == "warning"
    )


def test_ordered_dose_in_other_periods_and_without_a_reference_dose(formulary: Formulary) -> None:
    ivig = one(formulary, make_patient("70"), Order("ivig", ordered=ordered("70 g"), frequency="once daily"))  # per day of the course
    assert levels(ivig)["ordered-course-within"] == "info"
    weekly = one(formulary, make_patient(), Order("alendronate", ordered=ordered("700 mg"), frequency="once weekly"))
    assert message(weekly, "ordered-decimal-error").startswith("Ordered dose 700 mg once weekly (700 mg/week) is 10 times or more")
    colchicine = one(formulary, make_patient(crcl="20"), Order("colchicine", ordered=ordered("1 mg"), frequency="once daily"))
    assert levels(colchicine)["ordered-no-reference"] == "info"
    assert levels(colchicine)["colchicine-kidney"] == "warning"


# --- IVIG dosing weight ---------------------------------------------------------------------------


def test_ivig_worked_example(formulary: Formulary) -> None:
    result = one(formulary, make_patient("100", age="40", height="175", sex="male"), Order("ivig"))
    weight = result.dosing_weight
    assert round(weight.ideal_kg, 1) == 70.5
    assert round(weight.adjusted_kg, 1) == 82.3
    assert (weight.basis, weight.suggested, weight.actual_kg) == ("adjusted", "adjusted", 100)
    assert round(result.dose.high_mg / 1000, 1) == 164.6
    assert result.text == "immune globulin (IVIG) IV 164.6 g per course (2 g/kg): 82.3 g daily for 2 days"
    assert [(dose.day, round(dose.dose_mg / 1000, 1)) for dose in result.schedule] == [(1, 82.3), (2, 82.3)]
    assert "Volume of a 10% product (100 mg/mL): 1,646 mL per course, 823 mL daily" in result.steps
    assert levels(result)["dosing-weight-adjusted"] == "info"


def test_ivig_woman_and_inches(formulary: Formulary) -> None:
    result = one(formulary, make_patient("120", age="50", height="65 in", sex="female"), Order("ivig", days=5))
    assert result.dosing_weight.ideal_kg == pytest.approx(45.5 + 2.3 * 5)
    assert result.dosing_weight.basis == "adjusted"
    assert len(result.schedule) == 5


def test_ivig_not_obese_doses_on_actual_weight(formulary: Formulary) -> None:
    result = one(formulary, make_patient("80", age="40", height="175", sex="male"), Order("ivig"))  # 114% of IBW
    assert result.dosing_weight.basis == "actual"
    assert result.dose.high_mg == pytest.approx(160_000)


@pytest.mark.parametrize(
    ("patient", "why"),
    [
        (make_patient("100", age="40"), "height and sex not given"),
        (make_patient("100", age=None, height="175", sex="male"), "age not given"),
        (make_patient("100", age="16", height="175", sex="male"), "patient under 18 years"),
        (make_patient("100", age="40", height="150", sex="female"), "height under 152.4 cm"),
    ],
)
def test_ivig_on_actual_weight_says_why(formulary: Formulary, patient: Patient, why: str) -> None:
    result = one(formulary, patient, Order("ivig"))
    assert result.dosing_weight.basis == "actual" and result.dose.high_mg == pytest.approx(200_000)
    assert why in message(result, "dosing-weight-actual")


@pytest.mark.parametrize(("choice", "kg"), [("actual", 100), ("ideal", 70.46), ("adjusted", 82.28)])
def test_the_nurse_can_switch_the_dosing_weight(formulary: Formulary, choice: DosingWeightChoice, kg: float) -> None:
    result = one(formulary, make_patient("100", age="40", height="175", sex="male"), Order("ivig", dosing_weight=choice))
    assert result.dosing_weight.basis == choice
    assert result.dosing_weight.kg == pytest.approx(kg, abs=0.01)
    assert ("dosing-weight-overridden" in levels(result)) == (choice != "adjusted")


def test_orders_the_formulary_cannot_answer(formulary: Formulary) -> None:
    patient = make_patient()
    for order, field in [
        (Order("ivig", days=6), "Days: "),
        (Order("ivig", days=1), "Days: "),
        (Order("diltiazem", days=2), "Days: "),
        (Order("aspirin"), "Drug: unknown drug 'aspirin'"),
        (Order("diltiazem", "diltiazem-iv"), "Regimen: unknown regimen 'diltiazem-iv'"),
        (Order("diltiazem", dosing_weight="adjusted"), "Dosing weight: "),
        (Order("ivig", dosing_weight="ideal"), "Dosing weight: ideal and adjusted weights cannot be used"),
    ]:
        with pytest.raises(InputError) as caught:
            calculate_plan(formulary, patient, [order])
        assert str(caught.value).startswith(field)


# --- the patient and the plan ---------------------------------------------------------------------


def patient_levels(plan: PlanResult) -> dict[str, str]:
    return {alert.code: alert.level for alert in plan.patient_alerts}


@pytest.mark.parametrize(("weight", "age", "implausible"), [("19", "30", True), ("20", "30", False), ("250", "30", False),
                                                           ("251", "30", True), ("19", "17", False), ("154", "40", False)])  # fmt: skip
def test_weight_implausible_for_an_adult(formulary: Formulary, weight: str, age: str, implausible: bool) -> None:
    plan = calculate_plan(formulary, make_patient(weight, age=age), [Order("warfarin")])
    assert ("weight-implausible" in patient_levels(plan)) == implausible


def test_weight_checks_need_age_and_a_measured_weight_is_the_standard(formulary: Formulary) -> None:
    plan = calculate_plan(formulary, make_patient("40", age=None, source=WeightSource.ESTIMATED), [Order("warfarin")])
    assert patient_levels(plan) == {"weight-plausibility-not-applied": "info", "weight-not-measured": "info"}
    # under 40 kg the age is needed (clinical rules, "Missing inputs")
    plan = calculate_plan(formulary, make_patient("19", age=None, source=WeightSource.ESTIMATED), [Order("warfarin")])
    assert patient_levels(plan) == {"age-needed": "stop", "weight-not-measured": "info"}


INTERACTIONS = [
    ("diltiazem", "colchicine", "warning"),
    ("aluminum-hydroxide", "minocycline", "warning"),
    ("aluminum-hydroxide", "etidronate", "warning"),
    ("aluminum-hydroxide", "alendronate", "warning"),
    ("minocycline", "warfarin", "warning"),
    ("ceftriaxone", "warfarin", "warning"),
    ("etidronate", "warfarin", "warning"),
]


@pytest.mark.parametrize(("first", "second", "level"), INTERACTIONS)
def test_interactions_in_either_order(formulary: Formulary, first: str, second: str, level: str) -> None:
    for pair in ((first, second), (second, first)):
        plan = calculate_plan(formulary, make_patient(), [Order(pair[0]), Order(pair[1])])
        assert [(set(item.drugs), item.level) for item in plan.interactions] == [({first, second}, level)]


def test_no_interaction_between_unrelated_treatments_and_duplicates_are_flagged(formulary: Formulary) -> None:
    assert calculate_plan(formulary, make_patient(), [Order("diltiazem"), Order("warfarin")]).interactions == ()
    plan = calculate_plan(formulary, make_patient(), [Order("diltiazem"), Order("diltiazem")])
    assert [(item.drugs, item.level) for item in plan.interactions] == [(("diltiazem", "diltiazem"), "warning")]
    three = calculate_plan(formulary, make_patient(), [Order("warfarin"), Order("minocycline"), Order("ceftriaxone")])
    assert len(three.interactions) == 2


# --- found in clinical review ----------------------------------------------------------------------


def test_the_ordered_dose_is_echoed_as_typed_never_rounded(formulary: Formulary) -> None:
    ceftriaxone = one(formulary, make_patient(), Order("ceftriaxone", ordered=ordered("1999 mg"), frequency="once daily"))
    assert message(ceftriaxone, "ordered-below-range") == "Ordered dose 1,999 mg (1.999 g) once daily (1.999 g/day) is below the calculated range 2 g/day."
    probenecid = one(formulary, make_patient(), Order("probenecid", ordered=ordered("2001 mg"), frequency="once daily"))
    assert message(probenecid, "probenecid-above-max").endswith("Checked: ordered dose 2,001 mg (2.001 g) once daily (2.001 g/day).")


def test_small_per_kg_figures_keep_three_significant_figures(formulary: Formulary) -> None:
    result = one(formulary, make_patient("210", age="17"), Order("warfarin"))
    assert "1 mg/day is 0.00476 mg/kg/day for this patient" in message(result, "adult-dose-in-child")


def test_per_kg_caps_show_the_per_kg_figure(formulary: Formulary) -> None:
    result = one(formulary, make_patient("40"), Order("etidronate"))
    assert message(result, "etidronate-above-10-mg-kg").endswith("Checked: calculated dose 800 mg/day, 20 mg/kg/day for 40 kg.")


def test_a_childs_dose_below_the_adult_dose_is_not_a_decimal_error(formulary: Formulary) -> None:
    result = one(formulary, make_patient("4", age="2 months"), Order("ceftriaxone", ordered=ordered("0.2 g"), frequency="once daily"))
    assert "ordered-decimal-error" not in levels(result)
    assert levels(result)["ordered-below-adult-dose"] == "warning"
    assert message(result, "ordered-below-adult-dose") == (
        "Ordered dose 0.2 g once daily (0.2 g/day) is 50 mg/kg/day for this patient, below the adult dose 2 g/day: confirm the dose for this patient."
    )
    assert levels(result)["adult-dose-in-child"] == "warning"
    too_much = one(formulary, make_patient("4", age="2 months"), Order("ceftriaxone", ordered=ordered("20 g"), frequency="once daily"))
    assert levels(too_much)["ordered-decimal-error"] == "stop"


@pytest.mark.parametrize(("age", "fires"), [("1 month", True), ("0.9 months", True), ("2 months", False), ("0 days", True), ("0.07 years", True), ("0.08 years", False)])
def test_an_age_in_months_is_judged_on_the_youngest_it_could_be(formulary: Formulary, age: str, fires: bool) -> None:
    result = one(formulary, make_patient("3.5", age=age), Order("ceftriaxone"))
    assert ("ceftriaxone-neonate" in levels(result)) == fires


def test_coarse_age_says_so(formulary: Formulary) -> None:
    result = one(formulary, make_patient("3.5", age="1 month"), Order("ceftriaxone"))
    assert message(result, "ceftriaxone-neonate").endswith("Age entered as 1 month, too coarse for this limit: enter the age in days to confirm.")


def test_zero_clearance_is_checked_not_skipped(formulary: Formulary) -> None:
    assert levels(one(formulary, make_patient(crcl="0"), Order("colchicine")))["colchicine-kidney"] == "warning"


def test_a_dosing_weight_above_the_actual_weight_is_a_stop(formulary: Formulary) -> None:
    thin = make_patient("60", age="40", height="200", sex="male")  # IBW 93.1 kg
    result = one(formulary, thin, Order("ivig", dosing_weight="ideal"))
    assert levels(result)["dosing-weight-above-actual"] == "stop"
    assert "dosing-weight-above-actual" not in levels(one(formulary, thin, Order("ivig")))


def test_one_drug_by_two_routes_is_information_by_one_route_a_warning(formulary: Formulary) -> None:
    routes = calculate_plan(formulary, make_patient(), [Order("sodium-thiosulfate", "sodium-thiosulfate-topical"), Order("sodium-thiosulfate", "sodium-thiosulfate-iv")])
    assert [(item.level, item.message) for item in routes.interactions] == [
        ("info", "sodium thiosulfate is in the plan by 2 routes (IV, topical): confirm each is intended.")
    ]
    same = calculate_plan(formulary, make_patient(), [Order("ceftriaxone"), Order("ceftriaxone")])
    assert same.interactions[0].level == "warning"
    assert same.interactions[0].message.startswith("cefTRIAXone is in the plan more than once by the same route")


def test_ceftriaxone_paediatric_maximum(formulary: Formulary) -> None:
    teenager = one(formulary, make_patient("60", age="16"), Order("ceftriaxone", ordered=ordered("3 g"), frequency="once daily"))
    assert levels(teenager)["ceftriaxone-child-above-2-g"] == "warning"
    assert "ceftriaxone-child-above-2-g" not in levels(one(formulary, make_patient("60", age="16"), Order("ceftriaxone")))
    assert "ceftriaxone-child-above-2-g" not in levels(one(formulary, make_patient("60", age="18"), Order("ceftriaxone", ordered=ordered("3 g"), frequency="once daily")))
