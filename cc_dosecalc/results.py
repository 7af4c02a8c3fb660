"""What the engine answers: plain frozen values that the window, the summary and the
command line only display."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from cc_dosecalc.formulary import Drug, Formulary, Level, Regimen, SourcedText
from cc_dosecalc.plan import Order, Patient

if TYPE_CHECKING:
    from cc_dosecalc.administration.infusion import InfusionPlan
    from cc_dosecalc.administration.suggestions import SuggestedOrder

DoseBasis = Literal["actual", "adjusted", "ideal"]
LEVEL_RANK: dict[Level, int] = {"stop": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Alert:
    level: Level
    code: str
    message: str
    source: str = ""


@dataclass(frozen=True)
class Dose:
    """A dose range in mg and what it is per."""

    low_mg: float
    high_mg: float
    per: Literal["day", "week", "course", "dose"]


@dataclass(frozen=True)
class ScheduledDose:
    day: int
    dose_mg: float


@dataclass(frozen=True)
class DosingWeight:
    """The weight a dose is calculated on, with the alternatives a nurse may switch to."""

    kg: float
    basis: DoseBasis
    actual_kg: float
    ideal_kg: float | None = None
    adjusted_kg: float | None = None
    suggested: DoseBasis = "actual"
    reason: str = ""

    def available(self) -> dict[DoseBasis, float]:
        weights: dict[DoseBasis, float] = {"actual": self.actual_kg}
        if self.ideal_kg is not None and self.adjusted_kg is not None:
            weights["ideal"] = self.ideal_kg
            weights["adjusted"] = self.adjusted_kg
        return weights


@dataclass(frozen=True)
class OrderResult:
    order: Order
    drug: Drug
    regimen: Regimen
    dosing_weight: DosingWeight
    dose: Dose | None
    course_total: Dose | None
    schedule: tuple[ScheduledDose, ...]
    days: int | None
    # for a fixed adult dose in a child: the dose per kg, in mg/kg per the dose's period
    per_kg_equivalent: tuple[float, float] | None
    ordered_mg: float | None
    text: str
    steps: tuple[str, ...]
    alerts: tuple[Alert, ...]
    side_effects: tuple[SourcedText, ...]
    monitoring: tuple[SourcedText, ...]
    cautions: tuple[SourcedText, ...]
    sources: tuple[str, ...]
    # what the nurse gives (cc_dosecalc.administration): suggested orders from listed
    # strengths, how the ordered dose is made up, the IVIG infusion plan for a chosen product
    suggested_orders: tuple[SuggestedOrder, ...] = ()
    made_up: str = ""
    infusion: InfusionPlan | None = None

    @property
    def requires_double_check(self) -> bool:
        return self.drug.double_check is not None


@dataclass(frozen=True)
class InteractionAlert:
    drugs: tuple[str, str]
    level: Level
    message: str
    source: str = ""

    def names(self, formulary: Formulary) -> str:
        """ "diltiazem + colchicine", with tall-man letters where listed."""
        first, second = (formulary.drug(drug_id).display_name for drug_id in self.drugs)
        return first if self.drugs[0] == self.drugs[1] else f"{first} + {second}"


@dataclass(frozen=True)
class PlanResult:
    formulary: Formulary
    patient: Patient
    orders: tuple[OrderResult, ...]
    interactions: tuple[InteractionAlert, ...]
    patient_alerts: tuple[Alert, ...]


def sort_alerts(alerts: list[Alert]) -> tuple[Alert, ...]:
    """Most severe first; otherwise in the order they were raised."""
    return tuple(sorted(alerts, key=lambda alert: LEVEL_RANK[alert.level]))
