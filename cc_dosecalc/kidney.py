"""Kidney function: a creatinine clearance typed in, or one estimated from a serum creatinine.

Adults: Cockcroft-Gault, on the weight the body mass index calls for (actual, ideal or
adjusted), the three results side by side with the one used marked. Under the adult age:
bedside Schwartz, which needs the height (Cockcroft-Gault is not used in children). A
creatinine clearance typed in wins over the estimate; both are shown. The numbers are the
formulary's ([kidney_function]); the value in force is rounded as it is shown (0.1 mL/min),
so that a check never fires on a figure that reads the other side of its limit.
"""

from __future__ import annotations

from typing import Literal

from cc_dosecalc.dosing_weight import DEVINE_BASE_KG, DEVINE_KG_PER_INCH, DEVINE_MIN_HEIGHT_IN, ideal_body_weight_kg
from cc_dosecalc.formulary import Formulary, KidneyFunctionRules
from cc_dosecalc.plan import Patient, Sex
from cc_dosecalc.results import Alert, DoseBasis
from cc_dosecalc.units import convert
from cc_dosecalc.value_class import value_class
from cc_dosecalc.writing import format_number, format_quantity, format_weight

KidneyMethod = Literal["entered", "cockcroft-gault", "schwartz"]
EstimateMethod = Literal["cockcroft-gault", "schwartz"]
METHOD_NAMES: dict[KidneyMethod, str] = {
    "entered": "entered",
    "cockcroft-gault": "Cockcroft-Gault",
    "schwartz": "bedside Schwartz",
}
_ML_MIN_DECIMALS = 1


@value_class
class WeightedEstimate:
    """One Cockcroft-Gault result: on which weight, and whether it is the one used."""

    basis: DoseBasis
    weight_kg: float
    ml_min: float
    used: bool


@value_class
class CreatinineEstimate:
    """An estimate from the serum creatinine, as shown (rounded to 0.1)."""

    method: EstimateMethod
    ml_min: float
    # Cockcroft-Gault only: the weight used, and every weight's result side by side
    weight_basis: DoseBasis | None
    results: tuple[WeightedEstimate, ...]

    @property
    def unit(self) -> str:
        return "mL/min/1.73 m²" if self.method == "schwartz" else "mL/min"


@value_class
class KidneyFunction:
    """The kidney function in force for the checks, how it was found, and the working."""

    # the value every kidney check uses; None when a creatinine was given but nothing could be estimated
    crcl_ml_min: float | None
    method: KidneyMethod | None
    scr_mg_dl: float | None
    estimate: CreatinineEstimate | None
    steps: tuple[str, ...]
    alerts: tuple[Alert, ...]

    @property
    def weight_basis(self) -> DoseBasis | None:
        return self.estimate.weight_basis if self.estimate and self.method != "entered" else None

    def summary(self) -> str:
        """One line: "creatinine clearance 77.8 mL/min (Cockcroft-Gault, actual weight)"."""
        parts = []
        if self.method == "entered" and self.crcl_ml_min is not None:
            parts.append(f"creatinine clearance {format_ml_min(self.crcl_ml_min)}" + (" (entered; used)" if self.estimate else ""))
        if self.estimate is not None:
            estimate = self.estimate
            name = "eGFR" if estimate.method == "schwartz" else "creatinine clearance"
            how = METHOD_NAMES[estimate.method] + (f", {estimate.weight_basis} weight" if estimate.weight_basis else "")
            used = "" if self.method == "entered" else "; used"
            parts.append(f"{name} {format_number(estimate.ml_min, _ML_MIN_DECIMALS)} {estimate.unit} ({how}{used})")
        if self.scr_mg_dl is not None:
            parts.append(f"serum creatinine {format_scr(self.scr_mg_dl)}")
        if self.crcl_ml_min is None:
            parts.append("not estimated")
        return "; ".join(parts)


def kidney_lines(kidney: KidneyFunction) -> tuple[str, tuple[str, ...]]:
    """The headline and the working, as the terminal and the summary print them: every
    Cockcroft-Gault result side by side, the one used marked."""
    return kidney.summary(), kidney.steps


def format_ml_min(value: float) -> str:
    return format_quantity(value, "mL/min", _ML_MIN_DECIMALS)


def format_scr(mg_dl: float) -> str:
    """ "1.1 mg/dL (97.2 µmol/L)"."""
    return f"{format_quantity(mg_dl, 'mg/dL', 2)} ({format_quantity(convert(mg_dl, 'mg/dL', 'µmol/L'), 'µmol/L', 1)})"


def _shown(value: float) -> float:
    return float(format_number(value, _ML_MIN_DECIMALS).replace(",", ""))


def kidney_function(formulary: Formulary, patient: Patient) -> KidneyFunction | None:
    """The kidney function for ``patient``, or None when neither a creatinine clearance nor a
    serum creatinine was given."""
    entered = patient.crcl_ml_min
    scr = patient.scr_mg_dl
    if entered is None and scr is None:
        return None
    rules = formulary.kidney_function
    assert rules is not None, "every formulary file holds [kidney_function]"
    steps: list[str] = []
    alerts: list[Alert] = []
    estimate = None
    if scr is not None:
        estimate = _estimate(rules, formulary.built_in_checks.adult_age_years.value, patient, scr, steps, alerts, entered is None)
    if entered is not None:
        if estimate is not None:
            alerts.append(
                Alert(
                    "info",
                    "kidney-entered-used",
                    f"Creatinine clearance entered ({format_ml_min(entered)}) is used for the kidney checks; "
                    f"the estimate from serum creatinine is {format_number(estimate.ml_min, 1)} {estimate.unit} "
                    f"({METHOD_NAMES[estimate.method]}).",
                    "local",
                )
            )
        return KidneyFunction(entered, "entered", scr, estimate, tuple(steps), tuple(alerts))
    if estimate is None:
        return KidneyFunction(None, None, scr, None, tuple(steps), tuple(alerts))
    return KidneyFunction(estimate.ml_min, estimate.method, scr, estimate, tuple(steps), tuple(alerts))


def _estimate(
    rules: KidneyFunctionRules, adult_age: float, patient: Patient, scr: float, steps: list[str], alerts: list[Alert], in_force: bool
) -> CreatinineEstimate | None:
    """The estimate from the creatinine; ``in_force`` is False when a typed clearance wins."""
    assert patient.scr is not None
    if patient.scr.unit != "mg/dL":
        per_mg_dl = format_number(convert(1, "mg/dL", patient.scr.unit), 1)
        entered = format_quantity(patient.scr.value, patient.scr.unit, 1)
        steps.append(f"Serum creatinine: {entered} / {per_mg_dl} = {format_quantity(scr, 'mg/dL', 4)} (1 mg/dL = {per_mg_dl} µmol/L)")
    age = patient.age_years
    if age is None:
        alerts.append(
            Alert(
                "info",
                "kidney-not-estimated",
                "Age not given: kidney function was not estimated from the serum creatinine "
                f"(Cockcroft-Gault from {format_quantity(adult_age, 'years')}, bedside Schwartz under it).",
                rules.cg_age_from.source,
            )
        )
        return None
    if age < adult_age:
        estimate = _schwartz(rules, adult_age, patient, scr, steps, alerts)
    else:
        estimate = _cockcroft_gault(rules, patient, age, scr, steps, alerts, in_force)
    if estimate is not None and in_force:
        if estimate.method == "schwartz":
            text = (
                f"Kidney function: eGFR {format_number(estimate.ml_min, 1)} mL/min/1.73 m² (bedside Schwartz; Cockcroft-Gault "
                "is not used in children), used for the kidney checks in place of a creatinine clearance."
            )
        else:
            used = next(result for result in estimate.results if result.used)
            text = (
                f"Kidney function: creatinine clearance {format_ml_min(used.ml_min)} estimated by Cockcroft-Gault on the "
                f"{used.basis} weight {format_weight(used.weight_kg)}, used for the kidney checks."
            )
        source = rules.schwartz_k.source if estimate.method == "schwartz" else rules.cg_age_from.source
        alerts.append(Alert("info", "kidney-estimated", text, source))
    return estimate


def _schwartz(
    rules: KidneyFunctionRules, adult_age: float, patient: Patient, scr: float, steps: list[str], alerts: list[Alert]
) -> CreatinineEstimate | None:
    k = rules.schwartz_k
    under = f"under {format_quantity(adult_age, 'years')}"
    height = patient.height_cm
    if height is None:
        alerts.append(
            Alert(
                "info",
                "kidney-not-estimated",
                f"Patient {under}: the bedside Schwartz estimate needs the height, which was not given "
                "(Cockcroft-Gault is not used in children): kidney function was not estimated.",
                k.source,
            )
        )
        return None
    egfr = _shown(k.value * height / scr)
    steps.append(
        f"Bedside Schwartz (patient {under}; Cockcroft-Gault is not used in children): eGFR = "
        f"{format_number(k.value, 3)} x height / serum creatinine = {format_number(k.value, 3)} x "
        f"{format_quantity(height, 'cm', 1)} / {format_quantity(scr, 'mg/dL', 4)} = {format_number(egfr, 1)} mL/min/1.73 m²"
    )
    return CreatinineEstimate("schwartz", egfr, None, ())


def _cockcroft_gault(
    rules: KidneyFunctionRules, patient: Patient, age: float, scr: float, steps: list[str], alerts: list[Alert], in_force: bool
) -> CreatinineEstimate:
    sex: Sex = patient.sex or "female"
    female = sex == "female"
    factor = rules.cg_female_factor.value
    if patient.sex is None:
        alerts.append(
            Alert(
                "info",
                "kidney-sex-not-given",
                f"Sex not given: the lower (female) Cockcroft-Gault estimate is used (x {format_number(factor, 2)}"
                "; ideal body weight for a woman where a height is given).",
                rules.cg_female_factor.source,
            )
        )
    weights, basis, weight_steps = _cg_weights(rules, patient, sex)
    steps.append(
        f"Cockcroft-Gault: creatinine clearance = ({format_number(rules.cg_age_from.value, 1)} - age) x weight / "
        f"({format_number(rules.cg_divisor.value, 1)} x serum creatinine mg/dL)"
        + (f" x {format_number(factor, 2)} ({'sex not given: female' if patient.sex is None else 'female'})" if female else "")
    )
    steps += weight_steps
    results = []
    for each, kg in weights.items():
        raw = (rules.cg_age_from.value - age) * kg / (rules.cg_divisor.value * scr) * (factor if female else 1.0)
        value = _shown(raw)
        results.append(WeightedEstimate(each, kg, value, each == basis))
        tail = f" x {format_number(factor, 2)}" if female else ""
        marker = (" (used)" if in_force else " (the estimate; the clearance entered is used)") if each == basis else ""
        steps.append(
            f"({format_number(rules.cg_age_from.value, 1)} - {format_number(age, 2)}) x {format_weight(kg)} ({each} weight) / "
            f"({format_number(rules.cg_divisor.value, 1)} x {format_quantity(scr, 'mg/dL', 4)}){tail} = {format_ml_min(value)}{marker}"
        )
    used = next(result for result in results if result.used)
    return CreatinineEstimate("cockcroft-gault", used.ml_min, basis, tuple(results))


def _cg_weights(rules: KidneyFunctionRules, patient: Patient, sex: Sex) -> tuple[dict[DoseBasis, float], DoseBasis, list[str]]:
    """The weights side by side, the one Cockcroft-Gault uses, and the working."""
    actual = patient.weight_kg
    height = patient.height_cm
    if height is None:
        return {"actual": actual}, "actual", ["Weight: actual weight (no height given, so no ideal or adjusted weight)."]
    height_in = height / 2.54
    if height_in < DEVINE_MIN_HEIGHT_IN:
        return (
            {"actual": actual},
            "actual",
            ["Weight: actual weight (height under 152.4 cm, for which ideal body weight (Devine) is not valid)."],
        )
    bmi = round_bmi(actual / (height / 100) ** 2)
    ideal = ideal_body_weight_kg(sex, height_in)
    factor = rules.adjusted_weight_factor.value
    adjusted = ideal + factor * (actual - ideal)
    low, high = rules.bmi_ideal_from.value, rules.bmi_adjusted_from.value
    steps = [
        f"Body mass index: {format_weight(actual)} / ({format_number(height / 100, 3)} m)² = {format_number(bmi, 1)} kg/m² "
        f"(under {format_number(low, 1)}: actual weight; {format_number(low, 1)} to under {format_number(high, 1)}: ideal "
        f"weight, not above actual; {format_number(high, 1)} or over: adjusted weight)",
        f"Ideal body weight (Devine, {sex}): {format_number(DEVINE_BASE_KG[sex], 1)} kg + {format_number(DEVINE_KG_PER_INCH, 1)} kg "
        f"x ({format_number(height_in, 2)} in - 60 in) = {format_weight(ideal)}",
        f"Adjusted body weight: {format_weight(ideal)} + {format_number(factor, 2)} x ({format_weight(actual)} - "
        f"{format_weight(ideal)}) = {format_weight(adjusted)}",
    ]
    basis: DoseBasis
    if bmi < low:
        basis = "actual"
    elif bmi < high:
        basis = "ideal"
        if ideal > actual:
            basis = "actual"
            steps.append(f"Ideal body weight {format_weight(ideal)} is above the actual weight: the actual weight is used.")
    else:
        basis = "adjusted"
    return {"actual": actual, "ideal": ideal, "adjusted": adjusted}, basis, steps


def round_bmi(bmi: float) -> float:
    """The body mass index as shown, to 0.1 kg/m²: the bands (18.5, 25) are judged on it."""
    return float(format_number(bmi, 1).replace(",", ""))
