"""The weight a dose is calculated on: actual, ideal (Devine) or adjusted body weight."""

from __future__ import annotations

from cc_dosecalc.formulary import Regimen
from cc_dosecalc.parsing import InputError
from cc_dosecalc.plan import DosingWeightChoice, Patient
from cc_dosecalc.results import Alert, DoseBasis, DosingWeight
from cc_dosecalc.writing import format_number, format_quantity, format_weight

# Devine: men 50 kg, women 45.5 kg, plus 2.3 kg per inch over 60 inches; adults only.
DEVINE_BASE_KG = {"male": 50.0, "female": 45.5}
DEVINE_KG_PER_INCH = 2.3
DEVINE_MIN_HEIGHT_IN = 60.0


def ideal_body_weight_kg(sex: str, height_in: float) -> float:
    return DEVINE_BASE_KG[sex] + DEVINE_KG_PER_INCH * (height_in - DEVINE_MIN_HEIGHT_IN)


def choose_dosing_weight(
    patient: Patient, regimen: Regimen, choice: DosingWeightChoice, adult_age_years: float
) -> tuple[DosingWeight, list[str], list[Alert]]:
    """The dosing weight for ``regimen``, the calculation in words, and info alerts saying why.

    ``adult_age_years`` is the formulary's (its built-in checks'): under it Devine is not used."""
    actual = patient.weight_kg
    rule = regimen.dosing_weight
    if rule is None or regimen.basis != "per_kg":
        if choice not in ("auto", "actual"):
            raise InputError("Dosing weight", f"{regimen.id} is dosed on actual weight only")
        return DosingWeight(actual, "actual", actual), [], []

    why_not = _why_no_ideal_weight(patient, adult_age_years)
    if why_not:
        if choice not in ("auto", "actual"):
            raise InputError("Dosing weight", f"ideal and adjusted weights cannot be used: {why_not}")
        reason = f"Dosing on actual weight: {why_not}."
        weight = DosingWeight(actual, "actual", actual, reason=reason)
        return weight, [], [Alert("info", "dosing-weight-actual", reason, rule.source)]

    assert patient.height is not None and patient.sex is not None
    height_in = patient.height.to("in")
    ideal = ideal_body_weight_kg(patient.sex, height_in)
    adjusted = ideal + rule.adjustment_factor * (actual - ideal)
    # decided as shown (to one decimal place): "120%" is never "more than 120%"
    percent = float(format_number(100 * actual / ideal, 1).replace(",", ""))
    obese = percent > rule.obese_above_percent_of_ibw
    suggested: DoseBasis = "adjusted" if obese else "actual"
    steps = [
        f"Ideal body weight (Devine, {patient.sex}): {format_number(DEVINE_BASE_KG[patient.sex], 1)} kg + "
        f"{format_number(DEVINE_KG_PER_INCH, 1)} kg x ({format_number(height_in, 2)} in - 60 in) = {format_weight(ideal)}",
        f"Adjusted body weight: {format_weight(ideal)} + {format_number(rule.adjustment_factor, 2)} x "
        f"({format_weight(actual)} - {format_weight(ideal)}) = {format_weight(adjusted)}",
        f"Actual weight is {format_number(percent, 1)}% of ideal body weight "
        f"(adjusted weight is suggested above {format_number(rule.obese_above_percent_of_ibw, 1)}%)",
    ]
    if obese:
        reason = (
            f"Actual weight {format_weight(actual)} is {format_number(percent, 1)}% of ideal body weight {format_weight(ideal)}, "
            f"more than {format_number(rule.obese_above_percent_of_ibw, 1)}%: adjusted body weight {format_weight(adjusted)} is suggested."
        )
    else:
        reason = (
            f"Actual weight {format_weight(actual)} is {format_number(percent, 1)}% of ideal body weight {format_weight(ideal)}, "
            f"not more than {format_number(rule.obese_above_percent_of_ibw, 1)}%: actual weight is suggested."
        )
    basis: DoseBasis = suggested if choice == "auto" else choice
    alerts = [Alert("info", f"dosing-weight-{suggested}", reason, rule.source)]
    if basis != suggested:
        alerts.append(
            Alert(
                "warning",
                "dosing-weight-overridden",
                f"Dosing on {basis} weight, chosen instead of the suggested {suggested} weight.",
                rule.source,
            )
        )
    kg = {"actual": actual, "ideal": ideal, "adjusted": adjusted}[basis]
    if kg > actual:
        alerts.append(
            Alert(
                "stop",
                "dosing-weight-above-actual",
                f"Dosing on {basis} weight {format_weight(kg)}, more than the actual weight {format_weight(actual)}: "
                "the dose would be higher than on the actual weight.",
                rule.source,
            )
        )
    return DosingWeight(kg, basis, actual, ideal, adjusted, suggested, reason), steps, alerts


def _why_no_ideal_weight(patient: Patient, adult_age_years: float) -> str:
    missing = [name for name, value in (("height", patient.height), ("sex", patient.sex), ("age", patient.age)) if value is None]
    if missing:
        return f"{' and '.join(missing)} not given, so ideal and adjusted weights were not calculated"
    assert patient.age_years is not None and patient.height is not None
    if patient.age_years < adult_age_years:
        return f"patient under {format_quantity(adult_age_years, 'years')}, for whom ideal body weight (Devine) is not valid"
    if patient.height.to("in") < DEVINE_MIN_HEIGHT_IN:
        return "height under 152.4 cm, for which ideal body weight (Devine) is not valid"
    return ""
