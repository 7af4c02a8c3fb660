"""The IVIG infusion plan: whole vials, the rate steps of every product at two weights, the
at-risk maximum (age, kidney function, the risk factor checklist) and the vital signs."""

from __future__ import annotations

import pytest

from cc_dosecalc.administration.infusion import format_duration
from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.formulary import Formulary
from cc_dosecalc.parsing import InputError
from cc_dosecalc.plan import Order, Patient
from cc_dosecalc.results import OrderResult
from tests.conftest import make_patient

# The label's rates in mg/kg/min, from the start to the last step, for a patient not at risk
# (administration.md; Gammagard Liquid's are 0.5, 1, 2, 4, 5 mL/kg/h at 100 mg/mL).
LABEL_RATES = {
    "octagam-10": [1, 2, 4],
    "privigen": [0.5, 1, 2, 4, 8],
    "gamunex-c": [1, 2, 4, 8],
    "panzyga": [1, 2, 4, 8],
    "gammagard-liquid": [0.5 * 100 / 60, 1 * 100 / 60, 2 * 100 / 60, 4 * 100 / 60, 5 * 100 / 60],
}


def ivig(formulary: Formulary, patient: Patient, product: str = "octagam-10", days: int = 2, **patient_changes: object) -> OrderResult:
    if "ivig_risk_factors" not in patient_changes:
        patient_changes["ivig_risk_factors"] = ()
    from dataclasses import replace

    patient = replace(patient, **patient_changes)  # type: ignore[arg-type]
    return calculate_plan(formulary, patient, [Order("ivig", days=days, product_id=product)]).orders[0]


def ml_h(kg: float, mg_kg_min: float) -> float:
    """The pump rate a nurse works out by hand: kg x mg/kg/min x 60 / 100 mg/mL, down to 0.1."""
    import math

    return math.floor(round(kg * mg_kg_min * 60 / 100 * 10, 6)) / 10


def test_the_readme_worked_example(formulary: Formulary) -> None:
    result = ivig(formulary, make_patient("70", "40", crcl="90"))
    plan = result.infusion
    assert plan is not None and not plan.at_risk.at_risk
    day = plan.days[0]
    assert len(plan.days) == 2
    assert day.dose.dose_g == 70 and day.dose.vial_total_g == 70
    assert day.volume_ml == 700
    assert [step.rate_ml_h for step in day.steps] == [42, 84, 168]
    assert [step.minutes for step in day.steps[:2]] == [30, 30]
    assert [step.start_min for step in day.steps] == [0, 30, 60]
    assert [step.volume_ml for step in day.steps] == pytest.approx([21, 42, 637])
    assert day.steps[-1].cumulative_ml == pytest.approx(700)
    # the last step runs until the day's volume is given: 637 mL at 168 mL/h
    assert day.steps[-1].minutes == pytest.approx(637 / 168 * 60)
    assert day.duration_min == pytest.approx(60 + 637 / 168 * 60)
    assert format_duration(day.duration_min) == "4 h 48 min"


def test_the_worked_example_at_70_years_uses_the_at_risk_maximum(formulary: Formulary) -> None:
    plan = ivig(formulary, make_patient("70", "70", crcl="90")).infusion
    assert plan is not None and plan.at_risk.at_risk
    assert plan.max_rate.value == 3.3
    day = plan.days[0]
    assert [step.rate_ml_h for step in day.steps] == [42, 84, 138.6]
    assert [step.rate_mg_kg_min for step in day.steps] == [1, 2, 3.3]
    assert day.duration_min == pytest.approx(60 + 637 / 138.6 * 60)
    assert format_duration(day.duration_min) == "5 h 36 min"


@pytest.mark.parametrize("product", sorted(LABEL_RATES))
@pytest.mark.parametrize(
    ("patient", "kg", "basis"),
    [
        (make_patient("70", "40", crcl="90"), 70.0, "actual"),
        # man, 100 kg, 175 cm: ideal 70.5 kg, adjusted 82.3 kg (clinical-rules.md's example)
        (make_patient("100", "40", "175", "male", crcl="90"), None, "adjusted"),
    ],
)
def test_every_products_schedule_at_two_weights(formulary: Formulary, product: str, patient: Patient, kg: float | None, basis: str) -> None:
    result = ivig(formulary, patient, product)
    plan = result.infusion
    assert plan is not None and plan.weight_basis == basis
    weight = kg if kg is not None else result.dosing_weight.kg
    if kg is None:
        assert weight == pytest.approx(82.3, abs=0.05)
    for day in plan.days:
        assert [step.rate_ml_h for step in day.steps] == [ml_h(weight, rate) for rate in LABEL_RATES[product]][: len(day.steps)]
        assert day.steps[-1].cumulative_ml == pytest.approx(day.volume_ml)
        assert sum(step.volume_ml for step in day.steps) == pytest.approx(day.volume_ml)
        assert day.volume_ml == pytest.approx(day.dose.dose_g * 10)
        # every step but the last runs its label time; the clock adds up
        for earlier, later in zip(day.steps, day.steps[1:], strict=False):
            assert earlier.minutes == 30 and later.start_min == pytest.approx(earlier.start_min + earlier.minutes)
        assert max(step.rate_mg_kg_min for step in day.steps) <= plan.product.max_rate.value + 1e-9
        # whole vials of this product only
        assert {vial.size_g for vial in day.dose.vials} <= set(plan.product.vial_sizes_g)
        assert abs(day.dose.difference_percent) <= 10 + 1e-9


@pytest.mark.parametrize("product", sorted(LABEL_RATES))
def test_at_risk_no_product_climbs_above_3_3_mg_kg_min(formulary: Formulary, product: str) -> None:
    plan = ivig(formulary, make_patient("70", "66", crcl="90"), product).infusion
    assert plan is not None and plan.at_risk.at_risk
    top = plan.days[0].steps[-1]
    assert top.rate_mg_kg_min <= 3.3 + 1e-9
    assert top.rate_ml_h <= 138.6
    # the steps below the cap are the label's own
    assert [step.rate_mg_kg_min for step in plan.days[0].steps[:-1]] == pytest.approx([rate for rate in LABEL_RATES[product] if rate < 3.3])


@pytest.mark.parametrize(("age", "at_risk", "top_ml_h"), [("65", False, 168), ("66", True, 138.6)])
def test_at_risk_by_age_over_65(formulary: Formulary, age: str, at_risk: bool, top_ml_h: float) -> None:
    plan = ivig(formulary, make_patient("70", age, crcl="90")).infusion
    assert plan is not None and plan.at_risk.at_risk is at_risk
    assert plan.days[0].steps[-1].rate_ml_h == top_ml_h


@pytest.mark.parametrize(("crcl", "at_risk", "top_ml_h"), [("59", True, 138.6), ("60", False, 168)])
def test_at_risk_by_creatinine_clearance_below_60(formulary: Formulary, crcl: str, at_risk: bool, top_ml_h: float) -> None:
    plan = ivig(formulary, make_patient("70", "40", crcl=crcl)).infusion
    assert plan is not None and plan.at_risk.at_risk is at_risk
    assert plan.days[0].steps[-1].rate_ml_h == top_ml_h


def test_a_ticked_risk_factor_makes_the_patient_at_risk(formulary: Formulary) -> None:
    plan = ivig(formulary, make_patient("70", "40", crcl="90"), ivig_risk_factors=("diabetes",)).infusion
    assert plan is not None and plan.at_risk.at_risk
    assert "diabetes" in plan.at_risk.reasons
    assert plan.days[0].steps[-1].rate_ml_h == 138.6


def test_until_the_checklist_is_answered_the_at_risk_maximum_is_used_and_an_item_is_open(formulary: Formulary) -> None:
    from dataclasses import replace

    from cc_dosecalc.review import Review, review_status

    patient = make_patient("70", "40", crcl="90")
    order = Order("ivig", days=2, product_id="octagam-10")
    unanswered = calculate_plan(formulary, replace(patient, ivig_risk_factors=None), [order])
    plan = unanswered.orders[0].infusion
    assert plan is not None and plan.at_risk.at_risk and plan.days[0].steps[-1].rate_ml_h == 138.6
    # an open item, not a warning: no tick closes it, only answering the checklist
    assert [item for item in unanswered.open_items if "risk factor checklist not answered" in item]
    assert not [alert for alert in unanswered.orders[0].alerts if alert.level == "warning" and "checklist" in alert.message]
    status = review_status(unanswered, Review())
    assert not status.checked and "IVIG risk factor checklist not answered" in status.text()
    answered = calculate_plan(formulary, replace(patient, ivig_risk_factors=()), [order])
    assert not [item for item in answered.open_items if "checklist" in item]
    # without a product there is no infusion plan, so nothing the checklist would change
    no_product = calculate_plan(formulary, replace(patient, ivig_risk_factors=None), [Order("ivig", days=2)])
    assert not [item for item in no_product.open_items if "checklist" in item]


def test_the_site_default_at_risk_maximum_is_said_to_be_a_local_default(formulary: Formulary) -> None:
    result = ivig(formulary, make_patient("70", "70", crcl="90"), "privigen")
    message = next(alert.message for alert in result.alerts if alert.code == "ivig-at-risk-rate")
    assert "3.3 mg/kg/min (138.6 mL/h" in message and "local default for the pharmacy to confirm" in message


def test_an_unknown_risk_factor_or_product_is_refused(formulary: Formulary) -> None:
    with pytest.raises(InputError, match="Risk factor"):
        ivig(formulary, make_patient(), ivig_risk_factors=("nosuch",))
    with pytest.raises(InputError, match="unknown product 'nosuch'"):
        ivig(formulary, make_patient(), "nosuch")
    with pytest.raises(InputError, match="Product"):
        calculate_plan(formulary, make_patient(), [Order("diltiazem", product_id="octagam-10")])


def test_vital_signs_at_the_start_15_minutes_every_rate_change_and_the_end(formulary: Formulary) -> None:
    day = ivig(formulary, make_patient("70", "40", crcl="90")).infusion.days[0]  # type: ignore[union-attr]
    assert [point.minute for point in day.checkpoints] == pytest.approx([0, 15, 30, 60, day.duration_min])
    assert "end" in day.checkpoints[-1].what


def test_a_small_day_dose_ends_inside_an_early_step(formulary: Formulary) -> None:
    # 10 kg child, 5 days: 4 g a day, 40 mL: at 6 mL/h then 12 mL/h the volume is given in step 2
    day = ivig(formulary, make_patient("10", "4", crcl="90"), days=5).infusion.days[0]  # type: ignore[union-attr]
    assert day.volume_ml == 40
    assert [step.rate_ml_h for step in day.steps] == [6, 12, 24]
    assert day.steps[-1].cumulative_ml == pytest.approx(40)
    assert all(step.minutes > 0 for step in day.steps)


def test_an_ordered_day_dose_is_rounded_never_above_the_calculated_dose_by_more_than_the_tolerance(formulary: Formulary) -> None:
    from tests.conftest import ordered

    patient = make_patient("70", "40", crcl="90")
    from dataclasses import replace

    orders = [Order("ivig", days=2, product_id="octagam-10", ordered=ordered("78 g"))]
    result = calculate_plan(formulary, replace(patient, ivig_risk_factors=()), orders).orders[0]
    assert result.infusion is not None
    # 70 g calculated: 78 g would be 11.4% above it; 77 g is the nearest whole-vial dose within 10%
    assert result.infusion.days[0].dose.dose_g == 77


@pytest.mark.parametrize(("scr", "at_risk"), [("1.7 mg/dL", True), ("1.5 mg/dL", False)])
def test_the_at_risk_rule_reads_the_clearance_estimated_from_the_serum_creatinine(formulary: Formulary, scr: str, at_risk: bool) -> None:
    # Cockcroft-Gault, 40 years, 70 kg, male: 7000 / (72 x SCr) = 57.2 or 64.8 mL/min
    plan = ivig(formulary, make_patient("70", "40", sex="male", scr=scr)).infusion
    assert plan is not None and plan.at_risk.at_risk is at_risk
    assert plan.days[0].steps[-1].rate_ml_h == (138.6 if at_risk else 168)


@pytest.mark.parametrize(
    ("age", "crcl", "reason"),
    [
        ("40", None, "kidney function not given, so the rule below 60 mL/min could not be applied"),
        (None, "90", "age not given, so the rule over 65 years could not be applied"),
    ],
)
def test_an_age_or_kidney_function_not_given_counts_as_at_risk(formulary: Formulary, age: str | None, crcl: str | None, reason: str) -> None:
    """No rule is not a pass: until the figure is given, the infusion does not climb above the at-risk maximum."""
    plan = ivig(formulary, make_patient("70", age, crcl=crcl)).infusion
    assert plan is not None and plan.at_risk.at_risk and plan.at_risk.reasons == (reason,)
    assert plan.days[0].steps[-1].rate_ml_h == 138.6
