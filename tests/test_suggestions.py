"""Suggested orders: only listed strengths, inside the calculated range (or the nearest to a
fixed dose, with the difference in %), at the product's frequency, never crossing a limit."""

from __future__ import annotations

import pytest

from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.formulary import Formulary
from cc_dosecalc.plan import Order
from cc_dosecalc.results import Alert, OrderResult
from tests.conftest import make_patient, ordered


def order(formulary: Formulary, drug: str, weight: str = "70", regimen: str | None = None, **kwargs: object) -> OrderResult:
    return calculate_plan(formulary, make_patient(weight, "40"), [Order(drug, regimen, **kwargs)]).orders[0]  # type: ignore[arg-type]


def test_the_issues_diltiazem_example(formulary: Formulary) -> None:
    # 69.85 kg: 139.7 to 279.4 mg/day
    result = order(formulary, "diltiazem", "69.85")
    texts = [item.text for item in result.suggested_orders]
    assert texts[:2] == ["extended-release 240 mg once daily", "immediate-release 60 mg four times daily (240 mg/day)"]
    assert len(texts) <= 3
    first = result.suggested_orders[0]
    assert first.product.form == "capsule" and first.frequency.text == "once daily" and first.per_day_mg == 240
    assert [(unit.strength_mg, unit.count) for unit in first.units] == [(240, 1)]


@pytest.mark.parametrize("weight", ["20", "35", "48.3", "69.85", "90", "120", "150", "200"])
@pytest.mark.parametrize("drug", ["diltiazem", "minocycline"])
def test_suggestions_never_leave_the_range_nor_cross_a_limit(formulary: Formulary, drug: str, weight: str) -> None:
    result = order(formulary, drug, weight)
    assert result.dose is not None
    strengths = {strength for product in result.drug.products for strength in product.strengths_mg}
    for item in result.suggested_orders:
        assert result.dose.low_mg - 1e-9 <= item.per_day_mg <= result.dose.high_mg + 1e-9
        assert {unit.strength_mg for unit in item.units} <= strengths
        assert item.frequency.text in item.product.frequencies
        # the suggestion, ordered as suggested (its form and frequency), raises no stop, and no
        # dose warning the bottom of the range, ordered once daily in that form, does not raise
        form = item.product.release
        found = limit_alerts(formulary, drug, weight, f"{item.per_administration_mg} mg", item.frequency.text, form)
        assert not [alert for alert in found if alert.level == "stop"]
        assert found <= limit_alerts(formulary, drug, weight, f"{result.dose.low_mg} mg", "once daily", form)


def limit_alerts(formulary: Formulary, drug: str, weight: str, dose: str, frequency: str, form: str | None) -> set[Alert]:
    order = Order(drug, ordered=ordered(dose), frequency=frequency, form=form)
    result = calculate_plan(formulary, make_patient(weight, "40"), [order]).orders[0]
    checks = [*result.drug.checks, *(check for regimen in result.drug.regimens for form in regimen.forms for check in form.checks)]
    codes = {check.code for check in checks if check.level != "info"}
    return {Alert(alert.level, alert.code, "") for alert in result.alerts if alert.code in codes}


def test_a_diltiazem_range_above_the_usual_maximum_is_suggested_at_360_mg_at_most(formulary: Formulary) -> None:
    result = order(formulary, "diltiazem", "140")  # 280 to 560 mg/day
    assert result.suggested_orders
    assert max(item.per_day_mg for item in result.suggested_orders) == 360


def test_a_fixed_dose_with_no_whole_unit_match_gets_the_nearest_with_its_difference(formulary: Formulary) -> None:
    result = order(formulary, "aluminum-hydroxide", regimen="aluminum-hydroxide-2240mg")
    first = result.suggested_orders[0]
    assert first.per_day_mg == 1920
    assert first.difference_percent == pytest.approx(-14.29, abs=0.01)
    assert "-14.3% from 2.24 g" in first.text
    assert "10 mL of 320 mg/5 mL suspension" in first.text


def test_a_fixed_dose_with_an_exact_match_is_suggested_exactly(formulary: Formulary) -> None:
    result = order(formulary, "probenecid")
    assert [item.text for item in result.suggested_orders] == ["500 mg three times daily (1.5 g/day)"]
    assert result.suggested_orders[0].difference_percent is None


def test_a_weekly_regimen_is_suggested_weekly(formulary: Formulary) -> None:
    result = order(formulary, "alendronate")
    assert [item.text for item in result.suggested_orders] == ["70 mg once weekly"]
    assert result.suggested_orders[0].per_day_mg == 10


def test_an_ordered_dose_is_shown_made_up_of_listed_strengths(formulary: Formulary) -> None:
    result = order(formulary, "etidronate", ordered=ordered("400 mg"), frequency="once daily")
    assert result.made_up == "400 mg: one 400 mg tablet once daily"
    result = order(formulary, "etidronate", ordered=ordered("800 mg"), frequency="once daily")
    assert result.made_up == "800 mg: two 400 mg tablets once daily"
    assert order(formulary, "etidronate", ordered=ordered("750 mg"), frequency="once daily").made_up == ""
    # the amount is one administration, at the ordered frequency; no frequency yet: nothing said
    assert order(formulary, "etidronate", ordered=ordered("200 mg"), frequency="twice daily").made_up == "200 mg: one 200 mg tablet twice daily"
    assert order(formulary, "etidronate", ordered=ordered("400 mg")).made_up == ""


def test_an_ordered_form_is_made_up_of_that_forms_product(formulary: Formulary) -> None:
    extended = order(formulary, "diltiazem", ordered=ordered("120 mg"), frequency="once daily", form="extended-release")
    assert extended.made_up == "120 mg: extended-release one 120 mg capsule once daily"
    immediate = order(formulary, "diltiazem", ordered=ordered("120 mg"), frequency="three times daily", form="immediate-release")
    assert immediate.made_up == "120 mg: immediate-release one 120 mg tablet three times daily"


def test_no_suggestion_for_a_drug_with_no_dose(formulary: Formulary) -> None:
    assert order(formulary, "colchicine").suggested_orders == ()


def test_the_nearest_orders_are_worded_whole(formulary: Formulary) -> None:
    # by hand: 2.24 g/day; 3 x 640 = 1,920 mg (-14.29%), 3 x 600 = 1,800 mg (-19.64%),
    # 3 x 960 = 2,880 mg (+28.57%)
    result = order(formulary, "aluminum-hydroxide", regimen="aluminum-hydroxide-2240mg")
    assert [item.text for item in result.suggested_orders] == [
        "640 mg (10 mL of 320 mg/5 mL suspension) three times daily (1.92 g/day) (nearest: -14.3% from 2.24 g)",
        "600 mg (5 mL of 600 mg/5 mL suspension) three times daily (1.8 g/day) (nearest: -19.6% from 2.24 g)",
        "960 mg (15 mL of 320 mg/5 mL suspension) three times daily (2.88 g/day) (nearest: +28.6% from 2.24 g)",
    ]
