"""What the window shows of a plan, worked out without Qt: the plan's rows with the worst open
level of each, the interactions by name, the status of the check and what is still open, the
order whose dose is shown with its alerts, or why no dose is shown.

The session (:mod:`cc_dosecalc.app.session`) builds one :class:`SessionView` after every change;
the window only turns it into widgets.
"""

from __future__ import annotations

from dataclasses import field
from typing import Literal

from cc_dosecalc.formulary import Formulary, Level
from cc_dosecalc.orders import order_details
from cc_dosecalc.parsing import Measurement
from cc_dosecalc.plan import Patient
from cc_dosecalc.results import LEVEL_RANK, OrderResult, PlanResult
from cc_dosecalc.review import ItemState, Review, ReviewItem, alert_key, interaction_scope, review_items, review_status
from cc_dosecalc.value_class import value_class
from cc_dosecalc.weight_checks import describe_weight_for_age

StatusLevel = Literal["stop", "warning", "ok", "info"]

NOT_FOR_ORDERING_NO_DOSES = "NOT FOR ORDERING: no doses calculated (the patient's entries are incomplete or refused)"
NO_PLAN_YET = "No plan yet: enter the patient's weight and add treatments."


@value_class
class PatientReading:
    """The patient read from what was typed, or None with the reasons: refused fields (by
    field key), or the weight not yet given. ``weight`` is the weight read, when it was."""

    patient: Patient | None
    errors: dict[str, str] = field(default_factory=dict)
    weight_missing: bool = False
    weight: Measurement | None = None


@value_class
class PlanRow:
    """One treatment in the plan: its text and the most severe level still open (None: none)."""

    text: str
    worst: Level | None = None


@value_class
class InteractionLine:
    level: Level
    drugs: str  # the pair by name, "diltiazem + colchicine"
    message: str
    # a warning once acknowledged (a stop once overridden) is no longer open
    state: ItemState = "open"


@value_class
class OpenItem:
    """A warning or stop not yet acknowledged or overridden: its level, where, its words."""

    level: Level
    where: str
    message: str


@value_class
class AlertLine:
    """One alert of the order shown; ``key`` is the review key of a warning or stop (None for
    information), with its state and an override's reason."""

    level: Level
    where: str
    message: str
    key: str | None = None
    state: ItemState | None = None
    reason: str | None = None
    overridden_by: str | None = None


@value_class
class ShownOrder:
    """The order whose dose is shown; ``preview`` when it is the treatment being chosen."""

    result: OrderResult
    alerts: tuple[AlertLine, ...]
    preview: bool
    # beside the order line: the order with its totals, the calculated dose and the verdict (or
    # why it was not checked); without an ordered dose, that the line is not an order
    order_lines: tuple[str, ...] = ()


@value_class
class Status:
    """The check of the plan: ``level`` for its icon, ``text``, what is open, and ``short`` (the
    status bar's word)."""

    level: StatusLevel
    text: str
    open_items: tuple[OpenItem, ...]
    short: str


@value_class
class RiskChecklist:
    """The IVIG risk factor checklist shown beside an IVIG order: the formulary's list (id,
    words) and the answer in force (None not answered, () none apply, else the ids ticked)."""

    factors: tuple[tuple[str, str], ...]
    ticked: tuple[str, ...] | None


@value_class
class SessionView:
    """Everything the window shows, after one change."""

    reading: PatientReading
    ordered_error: str | None  # the refusal of the ordered dose of the order being edited
    rows: tuple[PlanRow, ...]
    current: int | None  # the plan row selected
    interactions: tuple[InteractionLine, ...]
    status: Status
    shown: ShownOrder | None
    message: str  # why no dose is shown, when ``shown`` is None
    plan: PlanResult | None  # None when an entry is refused or the plan is empty
    # the weight's z-score and centile for age, with the reference named ("" when none)
    weight_for_age: str = ""
    # beside the order shown, when it is IVIG (None otherwise)
    risk_checklist: RiskChecklist | None = None

    @property
    def printing_allowed(self) -> bool:
        return self.plan is not None


def no_plan_view(
    reading: PatientReading, problems: list[str], names: list[str], current: int | None, ordered_error: str | None
) -> SessionView:
    """No dose anywhere: the inputs are incomplete or refused. ``names`` are the planned treatments."""
    if problems:
        message = "No dose is shown until the marked entries are corrected:\n" + "\n".join(problems)
    elif reading.weight_missing:
        message = "Enter the patient's weight to see doses."
    else:
        message = "No dose is shown."
    # nothing typed wrong and nothing planned yet: nothing to warn about
    text = NOT_FOR_ORDERING_NO_DOSES if problems or names else NO_PLAN_YET
    status = Status("stop" if problems else "info", text, (), "No doses calculated")
    rows = tuple(PlanRow(name) for name in names)
    return SessionView(reading, ordered_error, rows, current, (), status, None, message, None)


def plan_view(
    reading: PatientReading,
    formulary: Formulary,
    plan: PlanResult | None,
    preview: PlanResult | None,
    review: Review,
    current: int | None,
    refused_draft: str,
    ordered_error: str | None,
) -> SessionView:
    """The plan, and order ``current`` of it, or else the last order of ``preview`` (the
    treatment being chosen). ``refused_draft`` names the treatment being chosen when one of its
    entries was refused."""
    items = review_items(plan) if plan is not None else ()
    rows: list[PlanRow] = []
    if plan is not None:
        for index, result in enumerate(plan.orders):
            open_levels = sorted(
                (item.level for item in _items_for(plan, index, items) if review.state(item) == "open"), key=LEVEL_RANK.__getitem__
            )
            rows.append(PlanRow(result.text, open_levels[0] if open_levels else None))
    states = {item.key: review.state(item) for item in items if item.code == "interaction"}
    interactions = tuple(
        InteractionLine(
            item.level,
            drug_names(formulary, item.drugs),
            item.message,
            states.get(alert_key(interaction_scope(item.drugs), "interaction", item.message), "open"),
        )
        for item in (plan.interactions if plan else ())
    )
    if plan is None:
        status = Status("info", "No treatments in the plan yet.", (), "Plan empty")
    else:
        counts = review_status(plan, review)
        # "ok" only when nothing at all is open (an incomplete order too keeps it from being checked)
        level: StatusLevel = "stop" if counts.open_stops else "ok" if counts.checked else "warning"
        open_items = tuple(OpenItem(item.level, _where(item) or item.where, item.message) for item in items if review.state(item) == "open")
        open_items += tuple(
            OpenItem("warning", result.drug.display_name, result.incomplete)
            for result in plan.orders
            if result.incomplete
        )
        # inputs still to be entered: no tick closes them, only the entry
        open_items += tuple(OpenItem("warning", "Patient", f"{text[:1].upper()}{text[1:]}") for text in counts.open_items)
        status = Status(level, counts.text(), open_items, counts.short_text())
    shown: ShownOrder | None = None
    message = ""
    if current is not None and plan is not None:
        shown = _shown(formulary, plan, current, items, review, preview=False)
    elif preview is not None:
        shown = _shown(formulary, preview, len(preview.orders) - 1, review_items(preview), review, preview=True)
    elif refused_draft:
        message = f"No dose is shown for {refused_draft} until its marked entry is corrected."
    else:
        message = "Choose a treatment to see its dose."
    return SessionView(reading, ordered_error, tuple(rows), current, interactions, status, shown, message, plan)


def weight_for_age_text(plan: PlanResult | None) -> str:
    """The weight's figures for age, shown under the weight ("" when there are none)."""
    if plan is None or plan.weight_for_age is None:
        return ""
    return f"Weight for age: {describe_weight_for_age(plan.weight_for_age)}"


def drug_names(formulary: Formulary, drug_ids: tuple[str, ...]) -> str:
    """The treatments of an interaction by name, joined with " + "."""
    return " + ".join(formulary.drug(drug).display_name if formulary.has_drug(drug) else drug for drug in drug_ids)


def _shown(formulary: Formulary, plan: PlanResult, index: int, items: tuple[ReviewItem, ...], review: Review, preview: bool) -> ShownOrder:
    result = plan.orders[index]
    lines: list[AlertLine] = []
    for item in _items_for(plan, index, items):
        given = review.override_of(item.key)
        by = given.by if given is not None else None
        lines.append(AlertLine(item.level, _where(item), item.message, item.key, review.state(item), review.reason(item.key), by))
    infos: list[tuple[Level, str, str]] = [("info", "", alert.message) for alert in result.alerts if alert.level == "info"]
    infos += [("info", "Patient", alert.message) for alert in plan.patient_alerts if alert.level == "info"]
    for interaction in plan.interactions:
        if interaction.level == "info" and result.drug.id in interaction.drugs:
            infos.append(("info", drug_names(formulary, interaction.drugs), interaction.message))
    lines += [AlertLine(level, where, message) for level, where, message in infos]
    lines.sort(key=lambda line: LEVEL_RANK[line.level])
    return ShownOrder(result, tuple(lines), preview, tuple(f"{label}: {value}" for label, value in order_details(result)))


def _items_for(plan: PlanResult, index: int, items: tuple[ReviewItem, ...]) -> list[ReviewItem]:
    """The review items that concern order ``index``: its own, the patient's, its interactions."""
    drug_id = plan.orders[index].drug.id
    return [
        item for item in items if item.order_index == index or not item.drug_ids or (item.order_index is None and drug_id in item.drug_ids)
    ]


def _where(item: ReviewItem) -> str:
    if not item.drug_ids:
        return "Patient"
    if item.order_index is None:
        return "Interaction " + item.where
    return ""
