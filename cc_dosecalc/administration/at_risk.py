"""Whether an IVIG patient is at risk of kidney dysfunction or thrombosis (all IVIG labels'
boxed warning): over the age, below the creatinine clearance, or a ticked risk factor.

The checklist has three answers: not answered (None), none apply (an empty tuple), or the ids
ticked. Until it is answered the patient is treated as at risk and the plan has an open item.
An age or a kidney function not given is not a pass either: the patient is treated as at risk
until it is given (the infusion does not climb above the at-risk maximum).
"""

from __future__ import annotations

from cc_dosecalc.formulary import Administration
from cc_dosecalc.parsing import InputError
from cc_dosecalc.plan import Patient
from cc_dosecalc.value_class import value_class
from cc_dosecalc.writing import format_number, format_quantity

FIELD = "Risk factor"


@value_class
class AtRisk:
    at_risk: bool
    # why, in words ("over 65 years (age 70 years)"); empty when not at risk
    reasons: tuple[str, ...]
    answered: bool


def check_risk_factors(administration: Administration, ticked: tuple[str, ...] | None) -> None:
    """:class:`InputError` for a risk factor id the formulary does not list."""
    known = {factor.id for factor in administration.ivig_risk_factors}
    for factor_id in ticked or ():
        if factor_id not in known:
            shown = f"'{factor_id[:40]}'" if factor_id.isprintable() else "that value"
            raise InputError(FIELD, f"{shown} is not a risk factor of the list: use one of {', '.join(sorted(known))}")


def assess(administration: Administration, patient: Patient, ticked: tuple[str, ...] | None, crcl_ml_min: float | None) -> AtRisk:
    """``crcl_ml_min``: the kidney function in force (typed, or estimated from the serum creatinine)."""
    check_risk_factors(administration, ticked)
    reasons: list[str] = []
    age_limit = administration.ivig_at_risk_age_above_years.value
    crcl_limit = administration.ivig_at_risk_crcl_below_ml_min.value
    age = patient.age_years
    if age is None:
        reasons.append(f"age not given, so the rule over {format_quantity(age_limit, 'years', 0)} could not be applied")
    elif age > age_limit:
        reasons.append(f"over {format_quantity(age_limit, 'years', 0)} (age {format_quantity(age, 'years', 1)})")
    crcl = crcl_ml_min
    if crcl is None:
        reasons.append(f"kidney function not given, so the rule below {format_number(crcl_limit, 0)} mL/min could not be applied")
    elif crcl < crcl_limit:
        reasons.append(f"creatinine clearance {format_number(crcl, 1)} mL/min, below {format_number(crcl_limit, 0)} mL/min")
    texts = {factor.id: factor.text for factor in administration.ivig_risk_factors}
    if ticked is None:
        reasons.append("risk factor checklist not answered")
    else:
        reasons.extend(texts[factor_id] for factor_id in ticked)
    return AtRisk(bool(reasons), tuple(reasons), ticked is not None)
