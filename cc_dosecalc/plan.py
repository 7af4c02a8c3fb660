"""What the engine is asked: a patient and the treatments ordered for them."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from cc_dosecalc.parsing import Measurement
from cc_dosecalc.value_class import value_class

Sex = Literal["female", "male"]
DosingWeightChoice = Literal["auto", "actual", "ideal", "adjusted"]
SEXES: tuple[Sex, ...] = ("female", "male")
DOSING_WEIGHT_CHOICES: tuple[DosingWeightChoice, ...] = ("auto", "actual", "ideal", "adjusted")


class WeightSource(StrEnum):
    MEASURED = "measured"
    STATED = "stated"
    ESTIMATED = "estimated"


@value_class
class Allergies:
    """The allergies as recorded: the text typed, or "no known allergies" (``none_known``)."""

    text: str = ""
    none_known: bool = False


@value_class
class Patient:
    """The patient as entered; each measurement keeps the unit it was typed in."""

    weight: Measurement
    # None until the nurse says how the weight was obtained: no source is ever assumed
    weight_source: WeightSource | None = None
    age: Measurement | None = None
    height: Measurement | None = None
    sex: Sex | None = None
    crcl: Measurement | None = None
    name: str = ""
    identifier: str = ""
    # serum creatinine, in mg/dL or µmol/L as typed
    scr: Measurement | None = None
    # None until recorded: the plan is not checked without it
    allergies: Allergies | None = None
    # IVIG risk factor checklist (formulary [administration]): None not answered, () none apply
    ivig_risk_factors: tuple[str, ...] | None = None

    @property
    def weight_kg(self) -> float:
        return self.weight.to("kg")

    @property
    def age_years(self) -> float | None:
        return self.age.to("years") if self.age else None

    @property
    def height_cm(self) -> float | None:
        return self.height.to("cm") if self.height else None

    @property
    def crcl_ml_min(self) -> float | None:
        """The creatinine clearance as typed; the value in force for the checks is
        :func:`cc_dosecalc.kidney.kidney_function`'s (it may be estimated from the creatinine)."""
        return self.crcl.to("mL/min") if self.crcl else None

    @property
    def scr_mg_dl(self) -> float | None:
        return self.scr.to("mg/dL") if self.scr else None


@value_class
class Order:
    """One treatment in the plan: ``regimen_id`` None means the drug's first regimen."""

    drug_id: str
    regimen_id: str | None = None
    days: int | None = None
    ordered: Measurement | None = None
    dosing_weight: DosingWeightChoice = "auto"
    # how often the ordered dose is given: a text of cc_dosecalc.frequency's list
    frequency: str | None = None
    # the form's id, for a regimen with forms (diltiazem immediate- or extended-release)
    form: str | None = None
    # IVIG: the product the infusion plan is for (an id of the drug's infusion products)
    product_id: str | None = None
