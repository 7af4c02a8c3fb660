"""The patient as typed: texts, units and choices, nothing read yet. Plain data with no
import of the domain, so the window's form can make one before the engine loads."""

from __future__ import annotations

from cc_dosecalc.value_class import value_class


@value_class
class TypedMeasurement:
    """A number field as typed, with the unit chosen beside it (None: the field has no choice)."""

    text: str
    unit: str | None


@value_class
class TypedPatient:
    """The patient form as typed. ``weight_source`` and ``sex`` are the values of
    :class:`cc_dosecalc.plan.WeightSource` and :data:`cc_dosecalc.plan.Sex` (None: not given;
    the weight source has no default)."""

    weight: TypedMeasurement
    weight_source: str | None = None
    age: TypedMeasurement | None = None
    height: TypedMeasurement | None = None
    sex: str | None = None
    crcl: TypedMeasurement | None = None
    name: str = ""
    identifier: str = ""
    # serum creatinine with its unit (None: not chosen, so a bare number is refused as ambiguous)
    scr: TypedMeasurement | None = None
    # the allergies as typed, and the "no known allergies" box
    allergies: str = ""
    no_known_allergies: bool = False
    # the IVIG risk factor checklist, answered beside the IVIG order: None not answered, () none
    # of these apply, else the ids ticked
    ivig_risk_factors: tuple[str, ...] | None = None

    def has_entries(self) -> bool:
        """Something typed in any field (what New patient or a loaded record would replace)."""
        measured = (self.weight, self.age, self.height, self.crcl, self.scr)
        texts = (self.name, self.identifier, self.allergies)
        typed = any(entry is not None and entry.text.strip() for entry in measured) or any(text.strip() for text in texts)
        return typed or self.no_known_allergies or self.ivig_risk_factors is not None


def blank_patient(weight_unit: str) -> TypedPatient:
    """A new patient: nothing typed, the weight unit the site starts in (kg unless the site set
    another for all its workstations), never the last user's."""
    return TypedPatient(TypedMeasurement("", weight_unit))


NO_PATIENT = blank_patient("kg")
