"""What the engine is asked: a patient and the treatments ordered for them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from cc_dosecalc.parsing import Measurement

Sex = Literal["female", "male"]
DosingWeightChoice = Literal["auto", "actual", "ideal", "adjusted"]
SEXES: tuple[Sex, ...] = ("female", "male")
DOSING_WEIGHT_CHOICES: tuple[DosingWeightChoice, ...] = ("auto", "actual", "ideal", "adjusted")


class WeightSource(StrEnum):
    MEASURED = "measured"
    STATED = "stated"
    ESTIMATED = "estimated"


@dataclass(frozen=True)
class Patient:
    """The patient as entered; each measurement keeps the unit it was typed in."""

    weight: Measurement
    weight_source: WeightSource = WeightSource.MEASURED
    age: Measurement | None = None
    height: Measurement | None = None
    sex: Sex | None = None
    crcl: Measurement | None = None
    name: str = ""
    identifier: str = ""
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
        return self.crcl.to("mL/min") if self.crcl else None


@dataclass(frozen=True)
class Order:
    """One treatment in the plan: ``regimen_id`` None means the drug's first regimen."""

    drug_id: str
    regimen_id: str | None = None
    days: int | None = None
    ordered: Measurement | None = None
    dosing_weight: DosingWeightChoice = "auto"
    # IVIG: the product the infusion plan is for (an id of the drug's infusion products)
    product_id: str | None = None
