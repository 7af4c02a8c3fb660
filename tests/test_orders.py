"""Orders as prescribers write them (clinical-rules.md, second edition): an amount, a frequency
and (diltiazem) a form; the checks on how an order is written and the absolute limits, each at
and around its boundary; the checks on doses as they are shown."""

from __future__ import annotations

import pytest

from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.formulary import Formulary
from cc_dosecalc.plan import Order, Patient
from cc_dosecalc.results import OrderResult, PlanResult
from cc_dosecalc.review import Review, review_status
from tests.conftest import make_patient, ordered


def plan(formulary: Formulary, patient: Patient, *orders: Order) -> PlanResult:
    return calculate_plan(formulary, patient, list(orders))


def one(formulary: Formulary, patient: Patient, order: Order) -> OrderResult:
    return plan(formulary, patient, order).orders[0]


def order(drug: str, dose: str, frequency: str | None = "once daily", form: str | None = None, **fields: object) -> Order:
    return Order(drug, ordered=ordered(dose), frequency=frequency, form=form, **fields)  # type: ignore[arg-type]


def levels(result: OrderResult) -> dict[str, str]:
    return {alert.code: alert.level for alert in result.alerts}


def message(result: OrderResult, code: str) -> str:
    return next(alert.message for alert in result.alerts if alert.code == code)


# --- totals and steps ----------------------------------------------------------------------------


def test_the_totals_are_worked_out_as_steps(formulary: Formulary) -> None:
    result = one(formulary, make_patient(), order("minocycline", "60 mg", "four times daily"))
    assert "60 mg four times daily = 240 mg/day" in result.steps
    assert result.ordered_dose is not None
    assert (result.ordered_dose.per_day_mg, result.ordered_dose.per_week_mg, result.ordered_dose.per_course_mg) == (240, 1680, None)
    weekly = one(formulary, make_patient(), order("alendronate", "70 mg", "once weekly"))
    assert "70 mg once weekly = 70 mg/week (10 mg/day on average)" in weekly.steps
    ceftriaxone = one(formulary, make_patient(), order("ceftriaxone", "1 g", "twice daily"))
    assert ceftriaxone.ordered_dose is not None and ceftriaxone.ordered_dose.per_course_mg == 40_000  # 20 days
    single = one(formulary, make_patient(), order("colchicine", "1.2 mg", "once"))
    assert "1.2 mg once: a single dose of 1.2 mg" in single.steps
    assert single.ordered_dose is not None and single.ordered_dose.per_day_mg is None and single.ordered_dose.per_course_mg == 1.2


# --- incomplete orders ---------------------------------------------------------------------------


def test_an_ordered_dose_without_a_frequency_is_incomplete_and_not_checked(formulary: Formulary) -> None:
    result = one(formulary, make_patient(), order("alendronate", "70 mg", frequency=None))
    assert result.incomplete.startswith("The ordered dose has no frequency")
    assert not any(code.startswith(("ordered-", "weekly-")) for code in levels(result))  # never read as once weekly
    assert result.text == "alendronate 70 mg orally: incomplete order, not checked"
    status = review_status(plan(formulary, make_patient(), order("alendronate", "70 mg", frequency=None)), Review())
    assert not status.checked and status.text() == "Not yet checked: 1 incomplete order not checked"
    assert status.incomplete_orders == ("alendronate: The ordered dose has no frequency: it is not checked until the frequency is given.",)


def test_a_diltiazem_order_without_its_form_is_incomplete(formulary: Formulary) -> None:
    result = one(formulary, make_patient("150"), order("diltiazem", "600 mg"))
    assert result.incomplete == (
        "The ordered dose has no form (immediate-release or extended-release): it is not checked until the form is given."
    )
    assert "ordered-above-range" not in levels(result)
    assert not review_status(plan(formulary, make_patient("150"), order("diltiazem", "600 mg")), Review()).checked
    complete = one(formulary, make_patient("150"), order("diltiazem", "600 mg", form="extended-release"))
    assert complete.incomplete == "" and levels(complete)["diltiazem-er-above-label-max"] == "stop"


# --- weekly and daily regimens -------------------------------------------------------------------


@pytest.mark.parametrize("frequency", ["once daily", "twice daily", "every 12 hours", "four times daily"])
def test_a_weekly_regimen_ordered_daily_is_a_stop(formulary: Formulary, frequency: str) -> None:
    result = one(formulary, make_patient(), order("alendronate", "70 mg", frequency))
    assert levels(result)["weekly-ordered-daily"] == "stop"


@pytest.mark.parametrize("frequency", ["once weekly", "every 2 weeks", "every 4 weeks", "once"])
def test_a_weekly_regimen_ordered_weekly_or_once_is_not(formulary: Formulary, frequency: str) -> None:
    assert "weekly-ordered-daily" not in levels(one(formulary, make_patient(), order("pamidronate", "90 mg", frequency)))


def test_a_daily_regimen_ordered_weekly_is_a_warning(formulary: Formulary) -> None:
    assert levels(one(formulary, make_patient(), order("minocycline", "100 mg", "once weekly")))["daily-ordered-weekly"] == "warning"
    assert levels(one(formulary, make_patient(), order("minocycline", "100 mg", "every 4 weeks")))["daily-ordered-weekly"] == "warning"
    assert "daily-ordered-weekly" not in levels(one(formulary, make_patient(), order("minocycline", "100 mg", "once daily")))
    assert "daily-ordered-weekly" not in levels(one(formulary, make_patient(), order("minocycline", "100 mg", "once")))


# --- IVIG: the course ------------------------------------------------------------------------------

MAN = {"weight": "100", "age": "50", "height": "175", "sex": "male"}  # adjusted 82.3 kg, course 164.6 g


@pytest.mark.parametrize(
    ("per_day", "code", "level"),
    [
        ("90.53 g", "ordered-course-within", "info"),  # 181.06 g: 110.0% of 164.6 g
        ("90.6 g", "ordered-course-above", "stop"),  # 181.2 g: 110.1%
        ("82.3 g", "ordered-course-within", "info"),
        ("74.07 g", "ordered-course-within", "info"),  # 148.14 g: 90.0%
        ("74 g", "ordered-course-below", "warning"),  # 148 g: 89.9%
        ("164.6 g", "ordered-course-above", "stop"),  # the whole course ordered as a daily dose
    ],
)
def test_ivig_per_day_times_days_against_the_course(formulary: Formulary, per_day: str, code: str, level: str) -> None:
    result = one(formulary, make_patient(**MAN), order("ivig", per_day, days=2))  # type: ignore[arg-type]
    assert levels(result)[code] == level


def test_the_whole_ivig_course_ordered_daily_for_five_days_is_a_stop(formulary: Formulary) -> None:
    result = one(formulary, make_patient(**MAN), order("ivig", "164.6 g", days=5))  # type: ignore[arg-type]
    assert message(result, "ordered-course-above") == (
        "Ordered dose 164.6 g once daily (823 g per course) is 500% of the calculated course 164.6 g: more than 10% above it."
    )
    assert result.text == "immune globulin (IVIG) 164.6 g IV once daily for 5 days"
    assert not review_status(plan(formulary, make_patient(**MAN), order("ivig", "164.6 g", days=5)), Review()).for_ordering  # type: ignore[arg-type]


def test_ivig_daily_doses_add_up_to_the_course_or_the_rounding_is_said(formulary: Formulary) -> None:
    five = one(formulary, make_patient(**MAN), Order("ivig", days=5))  # type: ignore[arg-type]
    assert "The daily dose is rounded: 5 x 32.9 g = 164.5 g, 0.1 g less than the course 164.6 g" in five.steps
    two = one(formulary, make_patient(**MAN), Order("ivig", days=2))  # type: ignore[arg-type]
    assert not any(step.startswith("The daily dose is rounded") for step in two.steps)  # 2 x 82.3 g = 164.6 g


@pytest.mark.parametrize(("weight", "basis", "shown"), [("84.59", "actual", "120%"), ("84.6", "adjusted", "120.1%")])
def test_the_ivig_percentage_is_shown_precisely_enough_and_decided_as_shown(formulary: Formulary, weight: str, basis: str, shown: str) -> None:
    # ideal body weight 70.46 kg: 84.59 kg is 120.05%, written 120% (not more than 120%); 84.6 kg is 120.06%, 120.1%
    result = one(formulary, make_patient(weight, age="50", height="175", sex="male"), Order("ivig"))
    assert result.dosing_weight.basis == basis
    assert f"Actual weight is {shown} of ideal body weight (adjusted weight is suggested above 120%)" in result.steps


# --- diltiazem's two forms -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dose", "frequency", "form", "fired"),
    [
        ("90 mg", "four times daily", "immediate-release", {}),
        ("90.01 mg", "four times daily", "immediate-release", {"diltiazem-ir-above-max": "stop"}),
        ("120 mg", "three times daily", "immediate-release", {}),
        ("121 mg", "three times daily", "immediate-release", {"diltiazem-ir-above-max": "stop"}),
        ("360 mg", "once daily", "extended-release", {}),
        ("361 mg", "once daily", "extended-release", {"diltiazem-er-above-usual-max": "warning"}),
        ("480 mg", "once daily", "extended-release", {"diltiazem-er-above-usual-max": "warning"}),
        ("481 mg", "once daily", "extended-release", {"diltiazem-er-above-usual-max": "warning", "diltiazem-er-above-label-max": "stop"}),
    ],
)
def test_each_form_has_its_own_limits(formulary: Formulary, dose: str, frequency: str, form: str, fired: dict[str, str]) -> None:
    found = levels(one(formulary, make_patient("150"), order("diltiazem", dose, frequency, form)))
    assert {code: level for code, level in found.items() if code.startswith("diltiazem-") and code != "diltiazem-contraindications"} == fired


@pytest.mark.parametrize(
    ("frequency", "form", "fits"),
    [("once daily", "extended-release", True), ("four times daily", "extended-release", False), ("twice daily", "extended-release", False),
     ("three times daily", "immediate-release", True), ("every 6 hours", "immediate-release", True), ("once daily", "immediate-release", False)],
)  # fmt: skip
def test_a_frequency_that_does_not_fit_the_form_is_a_warning(formulary: Formulary, frequency: str, form: str, fits: bool) -> None:
    found = levels(one(formulary, make_patient(), order("diltiazem", "60 mg", frequency, form)))
    assert ("form-frequency-mismatch" in found) is not fits
    if not fits:
        assert found["form-frequency-mismatch"] == "warning"


def test_the_order_line_is_the_order_with_the_calculated_range_beside_it(formulary: Formulary) -> None:
    result = one(formulary, make_patient("154 lb"), order("diltiazem", "240 mg", "once daily", "extended-release"))
    assert result.text == "diltiazem extended-release 240 mg orally once daily"
    assert result.calculated_text == "diltiazem oral 139.7 to 279.4 mg/day (2 to 4 mg/kg/day)"
    assert result.verdict == "within the calculated range 139.7 to 279.4 mg/day"


def test_a_form_is_matched_case_insensitively_and_anything_else_refused(formulary: Formulary) -> None:
    from cc_dosecalc.parsing import InputError

    assert one(formulary, make_patient(), order("diltiazem", "240 mg", form="Extended-Release")).incomplete == ""
    with pytest.raises(InputError, match="use one of immediate-release, extended-release"):
        one(formulary, make_patient(), order("diltiazem", "240 mg", form="sustained"))
    with pytest.raises(InputError, match="has no forms"):
        one(formulary, make_patient(), order("minocycline", "100 mg", form="extended-release"))


# --- checks apply to what is shown ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("weight", "fired"),
    [("90.01", {}), ("90.03", {"diltiazem-above-usual-max": "warning"}),  # 360.04 is shown 360; 360.12 is 360.1
     ("120.01", {"diltiazem-above-usual-max": "warning"}),
     ("120.03", {"diltiazem-above-usual-max": "warning", "diltiazem-above-label-max": "stop"})],
)  # fmt: skip
def test_the_calculated_range_is_checked_as_it_is_shown(formulary: Formulary, weight: str, fired: dict[str, str]) -> None:
    result = one(formulary, make_patient(weight), Order("diltiazem"))
    assert {code: level for code, level in levels(result).items() if code.startswith("diltiazem-above")} == fired


# --- absolute limits: colchicine -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "dose", "fired"),
    [
        ("50", "2.4 mg", {}),
        ("50", "2.41 mg", {"colchicine-above-max": "stop"}),
        ("13", "2.4 mg", {}),
        ("13", "1.81 mg", {}),
        ("12", "1.8 mg", {}),  # 12 years is in the band 4 to 12
        ("12", "1.81 mg", {"colchicine-child-above-max": "stop"}),
        ("155 months", "1.81 mg", {"colchicine-child-above-max": "stop"}),  # 12 years 11 months
        ("4", "1.8 mg", {}),
        ("4", "1.81 mg", {"colchicine-child-above-max": "stop"}),
        ("47 months", "1.81 mg", {"colchicine-under-4": "warning"}),
        ("3", "0.5 mg", {"colchicine-under-4": "warning"}),
        ("3", "2.41 mg", {"colchicine-under-4": "warning", "colchicine-above-max": "stop"}),
    ],
)
def test_colchicine_limits_by_age(formulary: Formulary, age: str, dose: str, fired: dict[str, str]) -> None:
    found = levels(one(formulary, make_patient("70" if age in ("50", "13") else "30", age=age), order("colchicine", dose)))
    codes = ("colchicine-above-max", "colchicine-child-above-max", "colchicine-under-4")
    assert {code: level for code, level in found.items() if code in codes} == fired


def test_colchicine_with_diltiazem_in_the_plan(formulary: Formulary) -> None:
    def found(dose: str, with_diltiazem: bool) -> dict[str, str]:
        orders = [Order("diltiazem")] if with_diltiazem else []
        return levels(plan(formulary, make_patient(), *orders, order("colchicine", dose, "twice daily")).orders[-1])

    assert "colchicine-with-diltiazem" not in found("0.6 mg", True)  # 1.2 mg/day
    assert found("0.61 mg", True)["colchicine-with-diltiazem"] == "stop"  # 1.22 mg/day
    assert "colchicine-with-diltiazem" not in found("0.61 mg", False)


def test_the_lethal_colchicine_order_of_the_issue_is_a_stop(formulary: Formulary) -> None:
    result = one(formulary, make_patient("70", age="50"), order("colchicine", "60 mg"))
    assert levels(result)["colchicine-above-max"] == "stop"
    assert not review_status(plan(formulary, make_patient("70", age="50"), order("colchicine", "60 mg")), Review()).for_ordering


# --- absolute limits: minocycline, pamidronate, bisphosphonates -----------------------------------


@pytest.mark.parametrize(
    ("dose", "fired"),
    [("200 mg", {}), ("201 mg", {"minocycline-above-usual": "warning"}), ("400 mg", {"minocycline-above-usual": "warning"}),
     ("401 mg", {"minocycline-above-usual": "warning", "minocycline-above-max": "stop"})],
)  # fmt: skip
def test_minocycline_daily_limits(formulary: Formulary, dose: str, fired: dict[str, str]) -> None:
    found = levels(one(formulary, make_patient("70", age="40"), order("minocycline", dose)))
    assert {code: level for code, level in found.items() if code.startswith("minocycline-above")} == fired


@pytest.mark.parametrize(
    ("weight", "age", "dose", "fired"),
    [
        ("30", "10", "120 mg", {}),  # 4 mg/kg/day
        ("30", "10", "121 mg", {"minocycline-child-per-kg": "stop"}),
        ("30", "8", "121 mg", {"minocycline-child-per-kg": "stop"}),
        ("30", "17", "121 mg", {"minocycline-child-per-kg": "stop"}),
        ("30", "18", "121 mg", {}),  # an adult
        ("60", "12", "200 mg", {}),  # 3.33 mg/kg/day, the adult dose
        ("60", "12", "201 mg", {"minocycline-child-above-adult": "stop"}),
    ],
)
def test_minocycline_in_children_8_and_over(formulary: Formulary, weight: str, age: str, dose: str, fired: dict[str, str]) -> None:
    found = levels(one(formulary, make_patient(weight, age=age), order("minocycline", dose)))
    assert {code: level for code, level in found.items() if code.startswith("minocycline-child")} == fired


def test_pamidronate_kidney(formulary: Formulary) -> None:
    assert levels(one(formulary, make_patient(crcl="29"), Order("pamidronate")))["pamidronate-kidney"] == "warning"
    assert "pamidronate-kidney" not in levels(one(formulary, make_patient(crcl="30"), Order("pamidronate")))


def test_two_bisphosphonates_are_duplicate_therapy(formulary: Formulary) -> None:
    both = plan(formulary, make_patient(), Order("alendronate"), Order("pamidronate"))
    assert [(item.drugs, item.level) for item in both.interactions] == [(("alendronate", "pamidronate"), "warning")]
    assert "duplicate therapy" in both.interactions[0].message
    three = plan(formulary, make_patient(), Order("etidronate"), Order("alendronate"), Order("pamidronate"))
    assert len([item for item in three.interactions if "duplicate therapy" in item.message]) == 3
    assert plan(formulary, make_patient(), Order("alendronate"), Order("diltiazem")).interactions == ()


# --- no dose limit known -------------------------------------------------------------------------

NO_LIMIT = "No dose limit is known for this route: the ordered dose could not be checked."


@pytest.mark.parametrize(
    ("drug", "regimen", "dose"),
    [("sodium-thiosulfate", "sodium-thiosulfate-topical", "1 g"), ("sodium-thiosulfate", "sodium-thiosulfate-intralesional", "1 g"),
     ("sodium-thiosulfate", "sodium-thiosulfate-iv", "250 g"), ("intralesional-corticosteroid", None, "400 mg")],
)  # fmt: skip
def test_an_ordered_dose_with_no_limit_known_is_a_warning_never_checked(formulary: Formulary, drug: str, regimen: str | None, dose: str) -> None:
    result = one(formulary, make_patient(), order(drug, dose, regimen_id=regimen))
    assert levels(result)["no-dose-limit"] == "warning"
    assert message(result, "no-dose-limit").startswith(NO_LIMIT)
    assert not any("checked against" in alert.message for alert in result.alerts)
    assert "no-dose-limit" not in levels(one(formulary, make_patient(), Order(drug, regimen)))  # no order: nothing to warn of
    assert "/day" not in one(formulary, make_patient(), Order(drug, regimen)).text  # no invented frequency


def test_colchicine_has_limits_so_its_order_is_checked_against_them(formulary: Formulary) -> None:
    result = one(formulary, make_patient(), order("colchicine", "0.5 mg"))
    assert "no-dose-limit" not in levels(result) and levels(result)["ordered-no-reference"] == "info"


# --- the command line, the JSON and the history ------------------------------------------------


def run(*args: str):  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "cc_dosecalc", *args], capture_output=True, text=True, timeout=30)


def test_the_command_line_takes_the_frequency_and_form_of_the_drug_before_them() -> None:
    import json

    done = run(
        "calc", "--weight", "70", "--age", "50", "--drug", "colchicine", "--ordered", "0.6 mg", "--frequency", "TWICE  daily",
        "--drug", "diltiazem", "--ordered", "240 mg", "--frequency", "once daily", "--form", "extended-release", "--json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    colchicine, diltiazem = json.loads(done.stdout)["orders"]
    assert colchicine["ordered"] == {
        "amount_mg": 0.6, "frequency": "twice daily", "form": None, "per_day_mg": 1.2, "per_week_mg": 8.4, "per_course_mg": None,
    }  # fmt: skip
    assert diltiazem["ordered"]["form"] == "extended-release" and diltiazem["incomplete"] is None
    assert [alert["code"] for alert in colchicine["alerts"] if alert["level"] == "stop"] == []  # 1.2 mg/day with diltiazem: at the limit


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--drug", "colchicine", "--ordered", "60 mg"], "cc-dosecalc: Frequency: --ordered needs --frequency for --drug colchicine: one of"),
        (["--drug", "colchicine", "--ordered", "60 mg", "--frequency", "qid"], 'cc-dosecalc: Frequency: use one of "once daily", "twice daily"'),
        (["--drug", "colchicine", "--frequency", "once daily"], "cc-dosecalc: Frequency: --frequency belongs to an ordered dose"),
        (["--frequency", "once daily", "--drug", "colchicine"], "cc-dosecalc: --frequency must follow the --drug it belongs to"),
        (["--drug", "diltiazem", "--ordered", "240 mg", "--frequency", "once daily", "--form", "sr"],
         "cc-dosecalc: Form: 'sr' is not a form of diltiazem-oral: use one of immediate-release, extended-release"),
        (["--drug", "warfarin", "--ordered", "1 mg", "--frequency", "once daily", "--form", "extended-release"],
         "cc-dosecalc: Form: warfarin-oral has no forms"),
    ],
)  # fmt: skip
def test_the_command_line_refuses_an_order_it_cannot_check(args: list[str], error: str) -> None:
    done = run("calc", "--weight", "70", "--age", "50", *args)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith(error) and done.stderr.count("\n") == 1


def test_the_history_stores_and_reopens_the_frequency_and_form_and_old_records_reopen_incomplete(formulary: Formulary) -> None:
    import json

    from cc_dosecalc.serialize import inputs_from_dict, inputs_to_dict

    patient = make_patient()
    orders = (order("diltiazem", "240 mg", "once daily", "extended-release"), order("alendronate", "70 mg", "once weekly"))
    data = json.loads(json.dumps(inputs_to_dict(patient, orders)))
    assert inputs_from_dict(data) == (patient, orders)
    for item in data["orders"]:  # a record from before frequencies and forms
        del item["frequency"], item["form"]
    _patient, old = inputs_from_dict(data)
    assert [(item.frequency, item.form) for item in old] == [(None, None), (None, None)]
    reopened = calculate_plan(formulary, patient, list(old))
    assert [result.incomplete != "" for result in reopened.orders] == [True, True]
    assert not review_status(reopened, Review()).checked


def test_a_summary_without_an_ordered_dose_says_it_is_not_an_order(formulary: Formulary) -> None:
    from datetime import UTC, datetime

    from cc_dosecalc.summary.document import build_summary

    document = build_summary(
        plan(formulary, make_patient(), Order("warfarin"), order("minocycline", "100 mg")), Review(), printed_at=datetime(2026, 12, 1, tzinfo=UTC)
    )
    warfarin, minocycline = document.orders
    assert ("Order", "No ordered dose entered: this shows the calculated dose, not an order.") in warfarin.details
    assert minocycline.order_line == "minocycline 100 mg orally once daily"
    assert ("Calculated dose", "minocycline oral 50 to 100 mg/day") in minocycline.details
    assert ("Verdict", "within the calculated range 50 to 100 mg/day") in minocycline.details


# --- the formulary holds the numbers, validated on load -------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('frequencies = ["once daily"]', 'frequencies = ["daily"]', "form[extended-release].frequencies: 'daily' is not a frequency"),
        ('{ kind = "plan_includes_drug", drug = "diltiazem" }', '{ kind = "plan_includes_drug", drug = "verapamil" }', "drug: unknown drug 'verapamil'"),
        ('class = "Bisphosphonate"\nlevel', 'class = "Statin"\nlevel', "duplicate_class[Statin].class: no drug of the formulary has the class"),
        ("course_above_percent = 10", "course_above_percent = 100", "order_rules.course_above_percent: must be a percentage below 100"),
        ('weekly_ordered_daily = "stop"', 'weekly_ordered_daily = "block"', "order_rules.weekly_ordered_daily: 'block' is not one of"),
        ('no_limit_source = "orders"', 'no_limit_source = "nowhere"', "order_rules.no_limit_source: unknown source 'nowhere'"),
        ("\n[order_rules]\n", "\n[order_rulez]\n", "order_rules: missing"),
    ],
)  # fmt: skip
def test_the_order_rules_are_validated_on_load(tmp_path, old: str, new: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    from cc_dosecalc.formulary import FormularyError, load_formulary
    from cc_dosecalc.paths import builtin_formulary_path

    text = builtin_formulary_path().read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "formulary.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(FormularyError) as refused:
        load_formulary(path)
    assert expected in str(refused.value)


def test_the_order_rules_numbers_are_the_formularys(tmp_path, formulary: Formulary) -> None:  # type: ignore[no-untyped-def]
    from cc_dosecalc.formulary import load_formulary
    from cc_dosecalc.paths import builtin_formulary_path

    text = builtin_formulary_path().read_text(encoding="utf-8").replace("course_above_percent = 10", "course_above_percent = 20", 1)
    path = tmp_path / "formulary.toml"
    path.write_text(text, encoding="utf-8")
    changed = load_formulary(path)
    at_115 = order("ivig", "94.65 g", days=2)  # 189.3 g: 115% of 164.6 g
    assert levels(one(formulary, make_patient(**MAN), at_115))["ordered-course-above"] == "stop"  # type: ignore[arg-type]
    assert levels(one(changed, make_patient(**MAN), at_115))["ordered-course-within"] == "info"  # type: ignore[arg-type]
