"""The weight checked for every age: the thresholds of the clinical rules ("Weight plausibility
for every age", "Missing inputs"), at and around each, for boys, girls and no sex given."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.formulary import Formulary
from cc_dosecalc.growth_reference import growth_reference
from cc_dosecalc.parsing import AGE, HEIGHT, WEIGHT, parse_measurement
from cc_dosecalc.plan import SEXES, Order, Patient, Sex, WeightSource
from cc_dosecalc.results import Alert, PlanResult
from cc_dosecalc.review import Review, review_status
from cc_dosecalc.weight_checks import ages_read
from tests.conftest import NO_KNOWN_ALLERGIES

SEX_OR_NONE: list[Sex | None] = [*SEXES, None]
# just over and just under a threshold
OVER, UNDER = 1 + 1e-6, 1 - 1e-6


def plan_for(formulary: Formulary, kg: float, age: str | None, sex: Sex | None, height: str | None = None) -> PlanResult:
    patient = Patient(
        weight=WEIGHT.accept(kg, "kg"),
        weight_source=WeightSource.MEASURED,
        age=parse_measurement(age, AGE) if age else None,
        height=parse_measurement(height, HEIGHT) if height else None,
        sex=sex,
    )
    return calculate_plan(formulary, patient, [Order("warfarin")])


def weight_alerts(plan: PlanResult) -> dict[str, Alert]:
    codes = {"weight-unusual-for-age", "weight-implausible-for-age", "weight-implausible", "bmi-implausible", "age-needed"}
    return {alert.code: alert for alert in plan.patient_alerts if alert.code in codes}


def weight_at(sex: Sex | None, months: float, z: float | None = None, modified: float | None = None, pick: str = "max") -> float:
    """The weight at LMS z ``z`` or modified z ``modified``; without a sex, the wider of the
    two sexes' (the larger for a bound above the median, the smaller below)."""
    reference = growth_reference()
    weights = []
    for each in (sex,) if sex else SEXES:
        lms = reference.lms(each, months)
        if z is not None:
            weights.append(lms.value_at(z))
        else:
            assert modified is not None
            bound = lms.value_at(2 if modified > 0 else -2)
            weights.append(lms.m + modified * abs(bound - lms.m) / 2)
    return max(weights) if (z or modified or 0) > 0 else min(weights)


# --- LMS z-score: |z| above 3 is a warning ------------------------------------------------


@pytest.mark.parametrize("sex", SEX_OR_NONE)
@pytest.mark.parametrize("z", [3.0, -3.0])
def test_an_lms_z_beyond_3_is_a_warning_and_at_3_is_not(formulary: Formulary, sex: Sex | None, z: float) -> None:
    at = weight_at(sex, 30, z=z)
    beyond = at * (OVER if z > 0 else UNDER)
    within = at * (UNDER if z > 0 else OVER)
    alerts = weight_alerts(plan_for(formulary, beyond, "30 months", sex))
    assert alerts["weight-unusual-for-age"].level == "warning"
    assert "unusual for age: check the weight and its unit" in alerts["weight-unusual-for-age"].message
    assert "CDC 2000 growth charts (weight-for-age)" in alerts["weight-unusual-for-age"].message
    for kg in (at, within):
        plan = plan_for(formulary, kg, "30 months", sex)
        assert weight_alerts(plan) == {}
        assert plan.weight_for_age is not None and abs(plan.weight_for_age.z) == pytest.approx(3, abs=1e-4)


def test_without_a_sex_the_wider_band_is_used_and_said(formulary: Formulary) -> None:
    boys, girls = weight_at("male", 30, z=3), weight_at("female", 30, z=3)
    lower, upper = sorted((boys, girls))
    between = (lower + upper) / 2
    # over one sex's line but not the other's: a warning for that sex, none without a sex
    narrow: Sex = "male" if boys == lower else "female"
    assert "weight-unusual-for-age" in weight_alerts(plan_for(formulary, between, "30 months", narrow))
    plan = plan_for(formulary, between, "30 months", None)
    assert weight_alerts(plan) == {}
    assert plan.weight_for_age is not None and not plan.weight_for_age.sex_given and plan.weight_for_age.sex != narrow
    assert "sex not given: the wider of the boys' and girls' bands" in plan_text_of(plan)


def plan_text_of(plan: PlanResult) -> str:
    from cc_dosecalc.report import plan_text

    return plan_text(plan)


# --- CDC's modified z: above +8 or below -5 is a stop ----------------------------------------


@pytest.mark.parametrize("sex", SEX_OR_NONE)
@pytest.mark.parametrize("modified", [8.0, -5.0])
def test_a_modified_z_beyond_the_cdc_cut_off_is_a_stop(formulary: Formulary, sex: Sex | None, modified: float) -> None:
    at = weight_at(sex, 100, modified=modified)
    beyond = at * (OVER if modified > 0 else UNDER)
    alert = weight_alerts(plan_for(formulary, beyond, "100 months", sex))["weight-implausible-for-age"]
    assert alert.level == "stop" and "implausible for age" in alert.message
    assert ("above +8" if modified > 0 else "below -5") in alert.message
    for kg in (at, at * (UNDER if modified > 0 else OVER)):
        plan = plan_for(formulary, kg, "100 months", sex)
        assert "weight-implausible-for-age" not in weight_alerts(plan)
        assert plan.weight_for_age is not None and plan.weight_for_age.modified_z == pytest.approx(modified, abs=1e-4)


def test_a_stop_makes_the_plan_not_for_ordering(formulary: Formulary) -> None:
    plan = plan_for(formulary, 154, "6 years", None)
    status = review_status(plan, Review())
    assert status.open_stops == 1 and not status.for_ordering and not status.checked


# --- ages ---------------------------------------------------------------------------------


def test_an_age_in_days_weeks_or_months_is_exact_and_whole_years_are_the_whole_year() -> None:
    assert ages_read(parse_measurement("18 months", AGE)) == (18.0,)
    assert ages_read(parse_measurement("3 weeks", AGE)) == pytest.approx((21 / 30.4375,))
    assert ages_read(parse_measurement("6.5", AGE)) == (78.0,)
    year = ages_read(parse_measurement("6", AGE))
    assert year[0] == 72 and year[-1] == pytest.approx(84 - 1 / 30.4375) and len(year) == 13


def test_a_weight_unusual_at_72_months_but_not_later_that_year_warns_only_when_typed_in_months(formulary: Formulary) -> None:
    kg = weight_at("male", 72, z=3) * 1.01
    assert "weight-unusual-for-age" in weight_alerts(plan_for(formulary, kg, "72 months", "male"))
    plan = plan_for(formulary, kg, "6 years", "male")
    assert weight_alerts(plan) == {}
    assert plan.weight_for_age is not None and plan.weight_for_age.age_span == (72, pytest.approx(84 - 1 / 30.4375))


def test_the_growth_reference_runs_to_20_years_and_the_adult_checks_from_20(formulary: Formulary) -> None:
    child = plan_for(formulary, 19, "239 months", "female")
    assert child.weight_for_age is not None
    assert weight_alerts(child)["weight-implausible-for-age"].level == "stop"
    adult = plan_for(formulary, 19, "20 years", "female")
    assert adult.weight_for_age is None
    alerts = weight_alerts(adult)
    assert set(alerts) == {"weight-implausible"} and alerts["weight-implausible"].level == "warning"
    assert plan_for(formulary, 20, "20 years", "female").weight_for_age is None
    assert weight_alerts(plan_for(formulary, 20, "20 years", "female")) == {}


# --- adults: body mass index with a height ----------------------------------------------


@pytest.mark.parametrize("sex", SEX_OR_NONE)
@pytest.mark.parametrize("bmi", [12.0, 70.0])
def test_an_adult_bmi_beyond_12_or_70_is_a_warning(formulary: Formulary, sex: Sex | None, bmi: float) -> None:
    at = bmi * 1.7**2  # 170 cm
    beyond = at * (OVER if bmi > 50 else UNDER)
    within = at * (UNDER if bmi > 50 else OVER)
    alert = weight_alerts(plan_for(formulary, beyond, "40", sex, "170 cm"))["bmi-implausible"]
    assert alert.level == "warning" and f"{'above' if bmi > 50 else 'below'} {bmi:g}" in alert.message
    for kg in (at, within):
        assert weight_alerts(plan_for(formulary, kg, "40", sex, "170 cm")) == {}
    info = [alert.code for alert in plan_for(formulary, beyond, "40", sex).patient_alerts]
    assert "bmi-not-applied" in info and "bmi-implausible" not in info


# --- missing age: under 40 kg is a stop -----------------------------------------------------


@pytest.mark.parametrize("sex", SEX_OR_NONE)
def test_under_40_kg_without_an_age_is_a_stop(formulary: Formulary, sex: Sex | None) -> None:
    alert = weight_alerts(plan_for(formulary, 39.99, None, sex))["age-needed"]
    assert alert.level == "stop"
    assert alert.message.startswith("Age is needed: a patient under 40 kg may be a child, and the children's limits cannot be checked")
    for kg in (40, 40.01):
        plan = plan_for(formulary, kg, None, sex)
        assert "age-needed" not in weight_alerts(plan)
        assert "weight-plausibility-not-applied" in [alert.code for alert in plan.patient_alerts]


def test_without_an_age_a_weight_above_every_age_s_plausible_weight_is_still_a_warning(formulary: Formulary) -> None:
    assert "weight-implausible" not in weight_alerts(plan_for(formulary, 250, None, None))
    plan = plan_for(formulary, 250.01, None, None)
    alert = weight_alerts(plan)["weight-implausible"]
    assert alert.level == "warning"
    assert alert.message.startswith("Weight 250.01 kg, no age given: above 250 kg at any age.")
    assert not review_status(plan, Review()).checked


# --- the 2.2-fold error ---------------------------------------------------------------------


def test_a_kg_weight_that_would_be_usual_in_lb_is_asked_about(formulary: Formulary) -> None:
    plan = calculate_plan(
        formulary, Patient(parse_measurement("44", WEIGHT), WeightSource.MEASURED, parse_measurement("6", AGE), sex="male"), []
    )
    alert = weight_alerts(plan)["weight-unusual-for-age"]
    assert alert.message.endswith("Was this 44 lb (19.96 kg)? That would be usual for this age.")


def test_a_lb_weight_that_would_be_usual_in_kg_is_asked_about(formulary: Formulary) -> None:
    plan = calculate_plan(
        formulary, Patient(parse_measurement("20 lb", WEIGHT), WeightSource.MEASURED, parse_measurement("6", AGE), sex="male"), []
    )
    alert = weight_alerts(plan)["weight-implausible-for-age"]
    assert alert.level == "stop" and alert.message.endswith("Was this 20 kg? That would be usual for this age.")


def test_an_implausible_weight_whose_other_reading_is_also_implausible_gets_no_suggestion(formulary: Formulary) -> None:
    plan = calculate_plan(formulary, Patient(parse_measurement("154", WEIGHT), WeightSource.MEASURED, parse_measurement("6", AGE)), [])
    assert "Was this" not in weight_alerts(plan)["weight-implausible-for-age"].message


def test_an_adult_220_lb_typed_as_220_kg_with_a_height_is_asked_about(formulary: Formulary) -> None:
    patient = Patient(
        parse_measurement("220", WEIGHT), WeightSource.MEASURED, parse_measurement("52", AGE), parse_measurement("175", HEIGHT), "male"
    )
    alert = weight_alerts(calculate_plan(formulary, patient, [Order("ivig")]))["bmi-implausible"]
    assert "body mass index 71.8 kg/m2 is above 70" in alert.message
    assert alert.message.endswith("Was this 220 lb (99.79 kg)? That would be plausible for an adult of this height.")


# --- the weight source ----------------------------------------------------------------------


def test_without_a_weight_source_the_plan_is_not_checked(formulary: Formulary) -> None:
    patient = Patient(parse_measurement("70", WEIGHT), age=parse_measurement("40", AGE), allergies=NO_KNOWN_ALLERGIES)
    plan = calculate_plan(formulary, patient, [Order("warfarin")])
    status = review_status(plan, Review())
    assert status.open_items and not status.checked
    assert status.text() == "Not yet checked: weight source not stated (choose measured, stated, estimated)"
    stated = calculate_plan(formulary, replace(patient, weight_source=WeightSource.MEASURED), [Order("warfarin")])
    assert review_status(stated, Review()).text() == "Checked: ready for ordering"
