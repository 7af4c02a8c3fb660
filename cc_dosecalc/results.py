"""What the engine answers: plain frozen values that the window, the summary and the
command line only display."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from cc_dosecalc.formulary import DoseForm, Drug, Formulary, Level, Regimen, SourcedText
from cc_dosecalc.frequency import Frequency
from cc_dosecalc.parsing import Measurement
from cc_dosecalc.plan import Order, Patient, Sex
from cc_dosecalc.value_class import value_class

if TYPE_CHECKING:
    from cc_dosecalc.kidney import KidneyFunction

if TYPE_CHECKING:
    from cc_dosecalc.administration.infusion import InfusionPlan
    from cc_dosecalc.administration.suggestions import SuggestedOrder

DoseBasis = Literal["actual", "adjusted", "ideal"]
LEVEL_RANK: dict[Level, int] = {"stop": 0, "warning": 1, "info": 2}


@value_class
class Alert:
    level: Level
    code: str
    message: str
    source: str = ""


@value_class
class Dose:
    """A dose range in mg and what it is per."""

    low_mg: float
    high_mg: float
    per: Literal["day", "week", "course", "dose"]


@value_class
class ScheduledDose:
    day: int
    dose_mg: float


@value_class
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


@value_class
class OrderedDose:
    """The prescriber's order: an amount per administration, how often, and the form.

    The totals are in mg, rounded as they are shown (the figures the checks look at); each is
    None where it has no meaning (no daily rate for a single dose, no course for a regimen
    without one) or where the frequency is not known.
    """

    amount: Measurement
    frequency: Frequency | None
    form: DoseForm | None
    per_day_mg: float | None
    per_week_mg: float | None
    per_course_mg: float | None
    # the most given in any one day: what a daily limit is checked against
    most_in_a_day_mg: float | None
    steps: tuple[str, ...]


@value_class
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
    # the order as the prescriber wrote it (None without an ordered dose)
    ordered_dose: OrderedDose | None = None
    # why the ordered dose could not be checked ("" when it was, or when none was ordered)
    incomplete: str = ""
    # the calculated dose in one line, beside the order line (``text``) when a dose was ordered
    calculated_text: str = ""
    # the ordered dose against the calculated range: "within the calculated range 139.7 to 279.4 mg/day"
    verdict: str = ""
    # what the nurse gives (cc_dosecalc.administration): suggested orders from listed
    # strengths, how the ordered dose is made up, the IVIG infusion plan for a chosen product
    suggested_orders: tuple[SuggestedOrder, ...] = ()
    made_up: str = ""
    infusion: InfusionPlan | None = None

    @property
    def requires_double_check(self) -> bool:
        return self.drug.double_check is not None


@value_class
class InteractionAlert:
    drugs: tuple[str, str]
    level: Level
    message: str
    source: str = ""

    def names(self, formulary: Formulary) -> str:
        """ "diltiazem + colchicine", with tall-man letters where listed."""
        first, second = (formulary.drug(drug_id).display_name for drug_id in self.drugs)
        return first if self.drugs[0] == self.drugs[1] else f"{first} + {second}"


@value_class
class WeightForAge:
    """Where the weight falls in the growth reference, as shown beside it."""

    z: float
    modified_z: float
    centile: float
    reference: str
    # the sex whose table the figures are from; without a sex given, the one of the two for
    # which the weight is the less unusual (the wider band)
    sex: Sex
    sex_given: bool
    # the age the figures are at, in months; a whole number of years is read as the whole year
    # of age (``age_span``, in months) and the figures are at its least unusual age
    age_months: float
    age_span: tuple[float, float] | None = None


@value_class
class PlanResult:
    formulary: Formulary
    patient: Patient
    orders: tuple[OrderResult, ...]
    interactions: tuple[InteractionAlert, ...]
    patient_alerts: tuple[Alert, ...]
    # the kidney function in force and its working; None when none was given
    kidney: KidneyFunction | None = None
    # None: no growth reference for this patient (no age, an adult)
    weight_for_age: WeightForAge | None = None
    # what must still be entered before the plan can be called checked ("weight source not stated",
    # "allergies not recorded")
    open_items: tuple[str, ...] = ()


def sort_alerts(alerts: list[Alert]) -> tuple[Alert, ...]:
    """Most severe first; otherwise in the order they were raised."""
    return tuple(sorted(alerts, key=lambda alert: LEVEL_RANK[alert.level]))
