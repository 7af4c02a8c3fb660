"""The prescriber's order: an amount per administration, a frequency and, where the regimen has
forms, the form; its totals, its line, and the checks on how it is written.

Second edition, "Orders as prescribers write them": an ordered dose without a frequency (or,
for a regimen with forms, without its form) is incomplete and is not checked; it is never read
as the regimen's period. Totals are rounded as they are shown before they are checked, so a
figure shown "360 mg/day" is never "above 360 mg/day". The numbers and levels are the
formulary's (``[order_rules]``, ``[[duplicate_class]]``); this module holds the kinds of rule.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import combinations

from cc_dosecalc.formulary import DoseForm, Drug, Formulary, Level, OrderRules, Regimen
from cc_dosecalc.frequency import Frequency, frequency
from cc_dosecalc.parsing import InputError
from cc_dosecalc.plan import Order, Patient
from cc_dosecalc.results import Alert, InteractionAlert, OrderedDose, OrderResult
from cc_dosecalc.units import convert
from cc_dosecalc.writing import format_mass, format_mass_range, format_number, format_per_kg_range, format_quantity, round_dose

PERIOD_WORDS = {"day": "/day", "week": "/week", "course": " per course"}
# how the order line says the route ("diltiazem 240 mg orally once daily"); others as written
_ROUTE_WORDS = {"oral": "orally", "topical": "topically", "intralesional": "by intralesional injection"}


def order_frequency(order: Order) -> Frequency | None:
    """The order's frequency from the fixed list (None when not given); InputError otherwise."""
    return None if order.frequency is None else frequency(order.frequency)


def order_form(regimen: Regimen, order: Order) -> DoseForm | None:
    """The form the order names (matched case-insensitively), or InputError naming the accepted ids."""
    if order.form is None:
        return None
    wanted = order.form.strip().lower()
    if not regimen.forms:
        raise InputError("Form", f"{regimen.id} has no forms: leave the form out")
    for form in regimen.forms:
        if form.id == wanted:
            return form
    known = ", ".join(form.id for form in regimen.forms)
    shown = f"'{order.form[:40]}'" if order.form.isprintable() else "that form"
    raise InputError("Form", f"{shown} is not a form of {regimen.id}: use one of {known}")


def incomplete_reason(regimen: Regimen, order: Order) -> str:
    """Why an ordered dose cannot be checked yet ("" when it can, or when none was ordered)."""
    if order.ordered is None:
        return ""
    if order.frequency is None:
        return "The ordered dose has no frequency: it is not checked until the frequency is given."
    if regimen.forms and order.form is None:
        names = " or ".join(form.name for form in regimen.forms)
        return f"The ordered dose has no form ({names}): it is not checked until the form is given."
    return ""


# An ordered total is written to this many decimal places, as the amount is: never rounded to
# another figure (2,001 mg a day is not "2 g/day"), so it is checked as it is shown.
_ORDERED_DECIMALS = 6


def _shown_mg(mg: float, unit: str) -> float:
    """``mg`` as it is written in ``unit`` (to six decimal places), back in mg."""
    return convert(float(format_number(convert(mg, "mg", unit), _ORDERED_DECIMALS).replace(",", "")), unit, "mg")


def _total(mg: float, unit: str) -> str:
    """An ordered total, written exactly: "2.001 g", "1,680 mg"."""
    return format_quantity(convert(mg, "mg", unit), unit, _ORDERED_DECIMALS)


def _course_days(regimen: Regimen, days: int | None) -> int | None:
    return days if regimen.period == "course" else regimen.course_days


def ordered_dose(regimen: Regimen, order: Order, days: int | None) -> OrderedDose | None:
    """The order's totals and their steps ("60 mg four times daily = 240 mg/day")."""
    if order.ordered is None:
        return None
    given, unit = order.ordered, regimen.mass_unit
    freq, form = order_frequency(order), order_form(regimen, order)
    if freq is None:
        return OrderedDose(given, None, form, None, None, None, None, ())
    amount_mg = given.to("mg")
    amount = f"{format_quantity(given.value, given.unit, 6)} {freq.text}"
    course_days = _course_days(regimen, days)
    if freq.single:
        single = _shown_mg(amount_mg, unit)
        step = f"{amount}: a single dose of {_total(single, unit)}"
        return OrderedDose(given, freq, form, None, None, single, single, (step,))
    per_day_exact = freq.amount_per_day(amount_mg)
    per_week_exact = freq.amount_per_week(amount_mg)
    assert per_day_exact is not None and per_week_exact is not None and freq.every_days is not None
    per_day, per_week = _shown_mg(per_day_exact, unit), _shown_mg(per_week_exact, unit)
    in_a_day = _shown_mg(amount_mg * freq.doses if freq.daily else amount_mg, unit)
    if freq.daily:
        step = f"{amount} = {_total(per_day, unit)}/day"
        if regimen.period == "week":
            step += f" = {_total(per_week, unit)}/week"
    else:
        step = f"{amount} = {_total(per_week, unit)}/week ({_total(per_day, unit)}/day on average)"
    steps = [step]
    per_course = None
    if course_days is not None:
        administrations = freq.doses * math.ceil(course_days / freq.every_days)
        per_course = _shown_mg(amount_mg * administrations, unit)
        steps.append(
            f"{format_quantity(given.value, given.unit, 6)} x {administrations} administrations over {course_days} days"
            f" = {_total(per_course, unit)} per course"
        )
    return OrderedDose(given, freq, form, per_day, per_week, per_course, in_a_day, tuple(steps))


def period_total(regimen: Regimen, ordered: OrderedDose) -> float | None:
    """The ordered dose in the regimen's period (per day, per week, per course), to compare
    with the calculated range; a single dose is the whole of its day, week or course."""
    if ordered.frequency is None:
        return None
    if ordered.frequency.single:
        return ordered.per_course_mg
    return {"day": ordered.per_day_mg, "week": ordered.per_week_mg, "course": ordered.per_course_mg}[regimen.period]


def describe(ordered: OrderedDose, regimen: Regimen) -> str:
    """ "60 mg four times daily (240 mg/day)": the amount exactly as typed, its frequency, its total."""
    given = ordered.amount
    text = format_quantity(given.value, given.unit, 6)
    if given.unit != regimen.mass_unit:
        text += f" ({format_quantity(given.to(regimen.mass_unit), regimen.mass_unit, 6)})"
    if ordered.frequency is None:
        return f"{text}, frequency not given"
    text += f" {ordered.frequency.text}"
    total = period_total(regimen, ordered)
    if total is not None and not ordered.frequency.single:
        text += f" ({_total(total, regimen.mass_unit)}{PERIOD_WORDS[regimen.period]})"
    return text


def order_line(drug: Drug, regimen: Regimen, ordered: OrderedDose, days: int | None, incomplete: str) -> str:
    """The large line when a dose was ordered: "diltiazem extended-release 240 mg orally once daily"."""
    given = ordered.amount
    name = f"{drug.display_name} {ordered.form.name}" if ordered.form else drug.display_name
    route = _ROUTE_WORDS.get(regimen.route, regimen.route)
    line = f"{name} {format_quantity(given.value, given.unit, 6)} {route}"
    if ordered.frequency is not None:
        line += f" {ordered.frequency.text}"
        if regimen.period == "course" and days and ordered.frequency.daily:
            line += f" for {days} days"
    if incomplete:
        line += ": incomplete order, not checked"
    return line


def range_text(regimen: Regimen, order_range: tuple[float, float]) -> str:
    return f"{format_mass_range(order_range[0], order_range[1], regimen.mass_unit)}{PERIOD_WORDS[regimen.period]}"


def compare_with_range(
    patient: Patient,
    regimen: Regimen,
    period_range: tuple[float, float] | None,
    ordered: OrderedDose,
    adult_dose_in_child: bool,
    decimal_error_factor: float,
    rules: OrderRules,
) -> tuple[list[Alert], str]:
    """The ordered dose against the calculated range as the nurse sees it written: the alert
    and the verdict beside the order line. ``period_range`` is per day, per week or per course."""
    unit = regimen.mass_unit
    subject = f"Ordered dose {describe(ordered, regimen)}"
    total = period_total(regimen, ordered)

    def alert(level: Level, code: str, verdict: str, source: str = regimen.source) -> tuple[list[Alert], str]:
        return [Alert(level, code, f"{subject} {verdict}.", source)], verdict.removeprefix("is ")

    if period_range is None:
        return [], ""
    assert total is not None
    low, high = (round_dose(convert(mg, "mg", unit)) for mg in period_range)
    value = convert(total, "mg", unit)
    shown = range_text(regimen, period_range)
    if value >= decimal_error_factor * high:
        return alert(
            "stop",
            "ordered-decimal-error",
            f"is {format_number(decimal_error_factor, 2)} times or more the top of the calculated range {shown}: "
            "possible decimal point error",
        )
    if value < low and adult_dose_in_child:
        # A child's dose below the adult dose is expected, so it is not called a decimal error;
        # but nothing here knows the child's range: the nurse confirms it, with its mg/kg shown.
        per_kg = format_per_kg_range(total / patient.weight_kg, total / patient.weight_kg, "mg")
        return alert(
            "warning",
            "ordered-below-adult-dose",
            f"is {per_kg}{PERIOD_WORDS[regimen.period]} for this patient, below the adult dose {shown}: confirm the dose for this patient",
        )
    if value <= low / decimal_error_factor:
        fraction = "a tenth" if decimal_error_factor == 10 else f"1/{format_number(decimal_error_factor, 2)}"
        verdict = f"is {fraction} or less of the bottom of the calculated range {shown}: possible decimal point error"
        return alert("stop", "ordered-decimal-error", verdict)
    if regimen.period == "course":
        return alert(*_compare_with_course(value, high, format_mass(period_range[1], unit), rules))
    if value > high:
        return alert("warning", "ordered-above-range", f"is above the calculated range {shown}")
    if value < low:
        return alert("warning", "ordered-below-range", f"is below the calculated range {shown}")
    return alert("info", "ordered-within-range", f"is within the calculated range {shown}")


def _compare_with_course(value: float, course: float, shown: str, rules: OrderRules) -> tuple[Level, str, str, str]:
    """An ordered course (per day x days) against the calculated course as shown: level, code,
    verdict and source. The percentage is shown to one decimal place and decided as shown."""
    percent = float(format_number(100 * value / course, 1).replace(",", ""))
    words = f"{format_number(percent, 1)}% of the calculated course {shown}"
    if percent > 100 + rules.course_above_percent:
        verdict = f"is {words}: more than {format_number(rules.course_above_percent, 1)}% above it"
        return rules.course_above_level, "ordered-course-above", verdict, rules.course_source
    if percent < 100 - rules.course_below_percent:
        verdict = f"is {words}: more than {format_number(rules.course_below_percent, 1)}% below it"
        return rules.course_below_level, "ordered-course-below", verdict, rules.course_source
    return "info", "ordered-course-within", f"is {words}: within {format_number(rules.course_above_percent, 1)}% of it", rules.course_source


def frequency_alerts(drug: Drug, regimen: Regimen, ordered: OrderedDose, rules: OrderRules) -> list[Alert]:
    """A weekly regimen ordered daily, a daily one ordered weekly, a form at a frequency that does not fit it."""
    freq = ordered.frequency
    if freq is None:
        return []
    alerts = []
    written = f"{drug.display_name} {format_quantity(ordered.amount.value, ordered.amount.unit, 6)} {freq.text}"
    if regimen.period == "week" and freq.daily:
        alerts.append(
            Alert(
                rules.weekly_ordered_daily,
                "weekly-ordered-daily",
                f"{written}: a weekly regimen ({regimen.label}) ordered at a daily frequency, "
                f"{_total(ordered.per_week_mg or 0, regimen.mass_unit)}/week.",
                rules.weekly_ordered_daily_source,
            )
        )
    if regimen.period in ("day", "course") and not freq.daily and not freq.single:
        alerts.append(
            Alert(
                rules.daily_ordered_weekly,
                "daily-ordered-weekly",
                f"{written}: a daily regimen ({regimen.label}) ordered {freq.text}: confirm the frequency with the prescriber.",
                rules.daily_ordered_weekly_source,
            )
        )
    form = ordered.form
    if form is not None and freq.text not in form.frequencies:
        fits = " or ".join(form.frequencies)
        alerts.append(
            Alert(
                rules.form_frequency_mismatch,
                "form-frequency-mismatch",
                f"{written}: {freq.text} does not fit the {form.name} form, which is given {fits}.",
                rules.form_frequency_mismatch_source,
            )
        )
    return alerts


def no_reference_dose(regimen: Regimen, ordered: OrderedDose, has_dose_limit: bool, rules: OrderRules) -> tuple[list[Alert], str]:
    """An ordered dose of a regimen with no dose in the reference: checked against the drug's
    dose limits if it has any; otherwise there was nothing to check it against (a warning)."""
    if has_dose_limit:
        message = (
            f"Ordered dose {describe(ordered, regimen)} has no dose in the reference to compare with: "
            "checked against the label's dose limits only."
        )
        verdict = "no dose in the reference: checked against the label's dose limits only"
        return [Alert("info", "ordered-no-reference", message, regimen.source)], verdict
    message = (
        "No dose limit is known for this route: the ordered dose could not be checked. "
        f"(Ordered {regimen.route}: {describe(ordered, regimen)}.)"
    )
    verdict = "not checked: no dose limit is known for this route"
    return [Alert(rules.no_limit_level, "no-dose-limit", message, rules.no_limit_source)], verdict


def duplicate_class_alerts(formulary: Formulary, results: Sequence[OrderResult]) -> list[InteractionAlert]:
    """Two drugs of a class listed in ``[[duplicate_class]]`` (the bisphosphonates) in one plan."""
    found: list[InteractionAlert] = []
    for rule in formulary.duplicate_classes:
        ids = list(dict.fromkeys(result.drug.id for result in results if result.drug.drug_class == rule.drug_class))
        for pair in combinations(ids, 2):
            found.append(InteractionAlert((pair[0], pair[1]), rule.level, rule.message, rule.source))
    return found


NOT_AN_ORDER = "No ordered dose entered: this shows the calculated dose, not an order."


def order_details(result: OrderResult) -> list[tuple[str, str]]:
    """Label and value beside the order line: the calculated dose and the verdict, or, without
    an ordered dose, that the line is the calculated dose and not an order."""
    ordered = result.ordered_dose
    if ordered is None:
        return [("Order", NOT_AN_ORDER)]
    details = [("Ordered dose", describe(ordered, result.regimen)), ("Calculated dose", result.calculated_text)]
    if result.incomplete:
        details.append(("Not checked", result.incomplete))
    elif result.verdict:
        details.append(("Verdict", result.verdict))
    return details
