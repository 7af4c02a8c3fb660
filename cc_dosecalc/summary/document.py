"""What the printed dosing summary says: one function turns a calculated plan into it.

:func:`build_summary` is the single source of what is on the page. The window's preview,
its printer, its "Save as PDF" and ``cc-dosecalc summary`` all print the same
:class:`SummaryDocument`, laid out by :mod:`cc_dosecalc.summary.printing`. No Qt here.
Every figure is written by :mod:`cc_dosecalc.writing`. The document is written out by
:mod:`cc_dosecalc.summary.html_page` (for the pages) and :mod:`cc_dosecalc.summary.plain_text`
(for history records and the terminal).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from cc_dosecalc import __version__
from cc_dosecalc.allergies import describe_allergies
from cc_dosecalc.formulary import Formulary, Level
from cc_dosecalc.kidney import KidneyFunction, kidney_lines
from cc_dosecalc.levels import LEVEL_WORDS
from cc_dosecalc.orders import order_details
from cc_dosecalc.plan import Patient
from cc_dosecalc.results import Alert, OrderResult, PlanResult
from cc_dosecalc.review import Review, alert_key, interaction_scope, order_scope, review_status
from cc_dosecalc.summary.bidi import isolate_identifier, isolate_name
from cc_dosecalc.summary.html_page import summary_html
from cc_dosecalc.summary.infusion_page import InfusionPage, administration_details, infusion_pages
from cc_dosecalc.summary.plain_text import summary_text
from cc_dosecalc.value_class import value_class
from cc_dosecalc.weight_checks import beside_weight, weight_for_age_rows
from cc_dosecalc.writing import format_mass, format_mass_range, format_quantity, format_volume_ml, format_weight, format_weight_entered

TITLE = "Dosing summary"
NOT_FOR_ORDERING = "NOT FOR ORDERING"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
_BASIS_WORDS = {"actual": "actual body weight", "ideal": "ideal body weight", "adjusted": "adjusted body weight"}
_NOT_ENTERED = "not entered: write it here"


@value_class
class PrintedAlert:
    """An alert as printed: its level in words and what the nurse did with it."""

    level: Level
    where: str
    message: str
    source: str
    status: str
    # an override that counts: its reason as written and the clinician who overrode the stop
    reason: str = ""
    overridden_by: str = ""

    @property
    def level_text(self) -> str:
        return LEVEL_WORDS[self.level]

    @property
    def unresolved(self) -> bool:
        return self.status.startswith("NOT")


@value_class
class PrintedOrder:
    number: int
    drug: str
    drug_class: str
    route: str
    regimen: str
    order_line: str
    # label and value: dosing weight, the weights compared, course total, ordered dose
    details: tuple[tuple[str, str], ...]
    # day, dose, volume of the product ("" when the regimen names no concentration)
    schedule: tuple[tuple[str, str, str], ...]
    steps: tuple[str, ...]
    alerts: tuple[PrintedAlert, ...]
    side_effects: tuple[str, ...]
    monitoring: tuple[str, ...]
    cautions: tuple[str, ...]
    sources: tuple[str, ...]
    double_check: str | None

    def notes(self) -> list[tuple[str, str]]:
        """Side effects and monitoring as lists; cautions are sentences. Only those there are."""
        notes = [("Side effects", "; ".join(self.side_effects)), ("Monitoring", "; ".join(self.monitoring))]
        notes.append(("Cautions", " ".join(self.cautions)))
        return [(label, text) for label, text in notes if text]


@value_class
class SignatureLine:
    role: str
    note: str


@value_class
class SummaryDocument:
    """Everything printed on the dosing summary, already written as the nurse reads it."""

    title: str
    printed_at: str
    patient: tuple[tuple[str, str], ...]
    # who the pages belong to, repeated in every page's footer
    patient_label: str
    patient_alerts: tuple[PrintedAlert, ...]
    notices: tuple[str, ...]
    orders: tuple[PrintedOrder, ...]
    interactions: tuple[PrintedAlert, ...]
    interactions_note: str
    status: str
    for_ordering: bool
    formulary_name: str
    formulary_version: str
    formulary_sha256: str
    app_version: str
    signatures: tuple[SignatureLine, ...]
    # "Reprint of history record 12, first printed ...", in full on page 1 of a reprint
    reprint_note: str = ""
    # the record it reprints, named in every page's header
    reprint_of: int | None = None
    # printed at the top: the allergies as recorded, "no known allergies" or "not recorded"
    allergies: str = ""
    # the working of the kidney function (Cockcroft-Gault or bedside Schwartz), if any
    kidney_steps: tuple[str, ...] = ()
    # one page per day of an IVIG course with a product chosen
    infusion_pages: tuple[InfusionPage, ...] = ()

    @property
    def banner(self) -> str:
        """What every page says at the top in large letters ("" when the plan may be ordered)."""
        return "" if self.for_ordering else NOT_FOR_ORDERING

    @property
    def running_header(self) -> str:
        reprint = f" (REPRINT of history record {self.reprint_of})" if self.reprint_of is not None else ""
        return f"{self.title}{reprint}: printed {self.printed_at}"

    @property
    def running_footer(self) -> str:
        return f"{self.patient_label} | cc-dosecalc {self.app_version} | formulary {self.formulary_version}"

    def html(self) -> str:
        return summary_html(self)

    def text(self) -> str:
        return summary_text(self)


def build_summary(
    plan: PlanResult,
    review: Review,
    *,
    printed_at: datetime,
    notices: Sequence[str] = (),
    reprint_of: int | None = None,
    reprint_note: str = "",
) -> SummaryDocument:
    """The dosing summary of a calculated plan, with the nurse's acknowledgements and overrides.
    ``reprint_note`` marks a reprint of a history record (on every page)."""
    status = review_status(plan, review)
    items = _ReviewStates(review, plan.formulary)
    patient_alerts = tuple(items.printed(alert, "patient", "patient") for alert in plan.patient_alerts)
    orders = tuple(_order(number, result, items) for number, result in enumerate(plan.orders, start=1))
    interactions = tuple(
        items.printed(
            Alert(interaction.level, "interaction", interaction.message, interaction.source),
            interaction_scope(interaction.drugs),
            interaction.names(plan.formulary),
        )
        for interaction in plan.interactions
    )
    if len(plan.orders) < 2:
        interactions_note = "One treatment on this summary: no interactions to check."
    elif not interactions:
        interactions_note = "None found between the treatments on this summary."
    else:
        interactions_note = ""
    overridden = [alert for alert in (*patient_alerts, *interactions, *(a for o in orders for a in o.alerts)) if alert.reason]
    return SummaryDocument(
        title=TITLE,
        printed_at=format_datetime(printed_at),
        patient=beside_weight(_patient_rows(plan.patient, plan.kidney), weight_for_age_rows(plan)),
        patient_label=_patient_label(plan.patient),
        patient_alerts=patient_alerts,
        notices=tuple(notices),
        orders=orders,
        interactions=interactions,
        interactions_note=interactions_note,
        status=status.text(),
        for_ordering=status.for_ordering,
        formulary_name=plan.formulary.name,
        formulary_version=plan.formulary.version,
        formulary_sha256=plan.formulary.sha256,
        app_version=__version__,
        signatures=_signatures(orders, overridden),
        reprint_note=reprint_note,
        reprint_of=reprint_of,
        allergies=describe_allergies(plan.patient.allergies),
        kidney_steps=plan.kidney.steps if plan.kidney else (),
        infusion_pages=infusion_pages(plan, _patient_label(plan.patient)),
    )


def format_datetime(moment: datetime) -> str:
    """ "14 March 2026, 09:05" (month in words: never read the wrong way round)."""
    text = f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}, {moment:%H:%M}"
    zone = moment.tzname()
    return f"{text} {zone}" if zone else text


class _ReviewStates:
    """What the nurse did with each printed alert, looked up by the review's own key."""

    def __init__(self, review: Review, formulary: Formulary) -> None:
        self._review = review
        self._formulary = formulary

    def printed(self, alert: Alert, scope: str, where: str) -> PrintedAlert:
        source = self._formulary.sources.get(alert.source, alert.source)
        if alert.level == "info":
            return PrintedAlert(alert.level, where, alert.message, source, "no acknowledgement needed")
        key = alert_key(scope, alert.code, alert.message)
        if alert.level == "stop":
            given = self._review.override_of(key)
            if given is None:
                return PrintedAlert(alert.level, where, alert.message, source, "NOT overridden")
            problem = given.problem()
            if problem is not None:  # an old record's override, kept as written but not counted
                status = f"NOT overridden: the override recorded ({given.described()}) does not count: {problem}"
                return PrintedAlert(alert.level, where, alert.message, source, status)
            return PrintedAlert(alert.level, where, alert.message, source, "overridden", given.reason, given.by)
        if key in self._review.acknowledged:
            return PrintedAlert(alert.level, where, alert.message, source, "acknowledged")
        return PrintedAlert(alert.level, where, alert.message, source, "NOT acknowledged")


def _patient_rows(patient: Patient, kidney: KidneyFunction | None) -> tuple[tuple[str, str], ...]:
    weight = format_weight_entered(patient.weight.value, patient.weight.unit)
    rows = [
        ("Name", isolate_name(patient.name) or _NOT_ENTERED),
        ("Identifier", isolate_identifier(patient.identifier) or _NOT_ENTERED),
        ("Weight", f"{weight} ({patient.weight_source.value if patient.weight_source else 'weight source not stated'})"),
    ]
    if patient.age is not None:
        rows.append(("Age", format_quantity(patient.age.value, patient.age.unit, 3)))
    if patient.height is not None:
        rows.append(("Height", format_quantity(patient.height.value, patient.height.unit, 3)))
    if patient.sex:
        rows.append(("Sex", patient.sex))
    if kidney is not None:
        rows.append(("Kidney function", kidney_lines(kidney)[0]))
    return tuple(rows)


def _patient_label(patient: Patient) -> str:
    name = isolate_name(patient.name) or "name not entered"
    identifier = isolate_identifier(patient.identifier) or "identifier not entered"
    return f"Patient: {name}, {identifier}"


def _order(number: int, result: OrderResult, items: _ReviewStates) -> PrintedOrder:
    unit = result.regimen.mass_unit
    weight = result.dosing_weight
    details = [("Dosing weight", f"{format_weight(weight.kg)}, {_BASIS_WORDS[weight.basis]}")]
    available = weight.available()
    if len(available) > 1:
        compared = [
            f"{basis} {format_weight(kg)}{' (used)' if basis == weight.basis else ''}"
            + (" (suggested)" if basis == weight.suggested and basis != weight.basis else "")
            for basis, kg in available.items()
        ]
        details.append(("Weights compared", "; ".join(compared)))
    if weight.reason:
        details.append(("Why this weight", weight.reason))
    if result.course_total is not None:
        total = format_mass_range(result.course_total.low_mg, result.course_total.high_mg, unit)
        details.append(("Course total", total if result.days is None else f"{total} over {result.days} days"))
    details += order_details(result)
    details += administration_details(result)
    concentration = result.regimen.product_concentration_mg_per_ml
    schedule = tuple(
        (f"Day {dose.day}", format_mass(dose.dose_mg, unit), format_volume_ml(dose.dose_mg / concentration) if concentration else "")
        for dose in result.schedule
    )
    where = result.drug.display_name
    return PrintedOrder(
        number=number,
        drug=result.drug.display_name,
        drug_class=result.drug.drug_class,
        route=result.regimen.route,
        regimen=result.regimen.label,
        order_line=result.text,
        details=tuple(details),
        schedule=schedule,
        steps=result.steps,
        alerts=tuple(items.printed(alert, order_scope(number - 1, result.drug.id), where) for alert in result.alerts),
        side_effects=tuple(item.text for item in result.side_effects),
        monitoring=tuple(item.text for item in result.monitoring),
        cautions=tuple(item.text for item in result.cautions),
        sources=result.sources,
        double_check=result.drug.double_check,
    )


def _signatures(orders: Sequence[PrintedOrder], overridden: Sequence[PrintedAlert]) -> tuple[SignatureLine, ...]:
    lines = [SignatureLine("Prepared by (nurse)", "I calculated these doses and checked them against the prescription.")]
    reasons = [order.double_check for order in orders if order.double_check]
    reasons += [f"A stop was overridden ({alert.where}) by {alert.overridden_by}: {alert.message}" for alert in overridden]
    if reasons:
        lines.append(SignatureLine("Independent double check (second nurse)", "Required: " + " ".join(dict.fromkeys(reasons))))
    return tuple(lines)
