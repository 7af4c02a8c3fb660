"""The plan being set up, without Qt: the patient as typed, the orders, the treatment being
chosen, the check (acknowledgements and overrides) and the formulary in force.

Every change recalculates the plan and emits :attr:`Session.changed` with a :class:`SessionView`,
what the window shows. The rules the window used to decide are here: a refused entry on a
planned order shows no plan at all, one on the treatment being chosen leaves the plan standing;
a chosen dosing weight that can no longer be calculated goes back to the suggested one (said
through :attr:`Session.told`); a record loaded or a formulary switched keeps only the treatments
and regimens the formulary in force has.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from cc_dosecalc.active_formulary import ActiveFormulary
from cc_dosecalc.allergies import parse_allergies
from cc_dosecalc.app.events import Event
from cc_dosecalc.app.typed import TypedMeasurement, TypedPatient, blank_patient
from cc_dosecalc.app.view import PatientReading, RiskChecklist, SessionView, no_plan_view, plan_view, weight_for_age_text
from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.formulary import Drug, Formulary
from cc_dosecalc.override import Override
from cc_dosecalc.parsing import (
    AGE,
    CRCL,
    HEIGHT,
    ORDERED_DOSE,
    SCR,
    WEIGHT,
    FieldSpec,
    InputError,
    Measurement,
    parse_measurement,
    parse_text,
)
from cc_dosecalc.plan import DOSING_WEIGHT_CHOICES, SEXES, DosingWeightChoice, Order, Patient, Sex, WeightSource
from cc_dosecalc.results import PlanResult
from cc_dosecalc.review import Review, ReviewItem, review_items
from cc_dosecalc.value_class import value_class

FIELD_LABELS = {
    "weight": "Weight",
    "age": "Age",
    "height": "Height",
    "crcl": "Creatinine clearance",
    "scr": "Serum creatinine",
    "allergies": "Allergies",
    "name": "Patient name",
    "identifier": "Patient identifier",
}


@value_class
class OrderEntry:
    """One treatment as the nurse set it up; the ordered dose is kept as typed."""

    drug_id: str
    regimen_id: str | None = None
    days: int | None = None
    ordered_text: str = ""
    dosing_weight: DosingWeightChoice = "auto"
    # the ordered dose's frequency (a text of cc_dosecalc.frequency's list) and form id: no
    # default, so an ordered dose is an incomplete order until they are chosen
    frequency: str | None = None
    form: str | None = None
    # IVIG: the product the infusion plan is for (None: not chosen, no infusion plan)
    product_id: str | None = None


@value_class
class Notice:
    """Something the nurse is told in passing (the status bar), for about ``milliseconds``."""

    text: str
    milliseconds: int


def read_patient(typed: TypedPatient) -> PatientReading:
    """The patient from the fields as typed; every refusal by field key, in words."""
    errors: dict[str, str] = {}

    def measure(key: str, entry: TypedMeasurement | None, spec: FieldSpec) -> Measurement | None:
        if entry is None or not entry.text.strip():
            return None
        try:
            return parse_measurement(entry.text, spec, entry.unit)
        except InputError as error:
            errors[key] = error.message
            return None

    weight = measure("weight", typed.weight, WEIGHT)
    age = measure("age", typed.age, AGE)
    height = measure("height", typed.height, HEIGHT)
    # the clearance has no unit to choose: a bare number is in mL/min, whatever a record says
    crcl = measure("crcl", replace(typed.crcl, unit=None) if typed.crcl is not None else None, CRCL)
    scr = measure("scr", typed.scr, SCR)
    allergies = None
    try:
        allergies = parse_allergies(typed.allergies if typed.allergies.strip() else None, typed.no_known_allergies)
    except InputError as error:
        errors["allergies"] = error.message
    texts: dict[str, str] = {}
    for key, text in (("name", typed.name), ("identifier", typed.identifier)):
        try:
            texts[key] = parse_text(text, FIELD_LABELS[key])
        except InputError as error:
            errors[key] = error.message
    missing = weight is None and "weight" not in errors
    if errors or weight is None:
        return PatientReading(None, errors, missing, weight)
    sex: Sex | None = next((sex for sex in SEXES if sex == typed.sex), None)
    # no source chosen stays None: the plan then has an open item, never an assumed "measured"
    source = next((source for source in WeightSource if source.value == typed.weight_source), None)
    patient = Patient(weight, source, age, height, sex, crcl, texts["name"], texts["identifier"], scr, allergies, typed.ivig_risk_factors)
    return PatientReading(patient, weight=weight)


class Session:
    """One patient's plan as it is being set up. Events: ``changed(SessionView)`` after every
    change; ``selected(OrderEntry | None)`` when another order (or none) is being edited, so the
    order's editor is filled again; ``told(Notice)`` for a passing message."""

    def __init__(self, active: ActiveFormulary, weight_unit: str = "kg") -> None:
        """``weight_unit``: the unit every new patient's weight starts in (the site's default)."""
        self.changed: Event[SessionView] = Event()
        self.selected: Event[OrderEntry | None] = Event()
        self.told: Event[Notice] = Event()
        self._active = active
        self._blank = blank_patient(weight_unit)
        self._patient = self._blank
        self._orders: list[OrderEntry] = []
        self._draft: OrderEntry | None = None
        self._current: int | None = None
        self._review = Review()
        self._view = self._calculate()

    # ---- what the window shows ---------------------------------------------------------

    @property
    def view(self) -> SessionView:
        return self._view

    @property
    def active(self) -> ActiveFormulary:
        return self._active

    @property
    def formulary(self) -> Formulary:
        return self._active.formulary

    @property
    def patient(self) -> TypedPatient:
        """The patient as typed."""
        return self._patient

    @property
    def orders(self) -> tuple[OrderEntry, ...]:
        return tuple(self._orders)

    @property
    def review(self) -> Review:
        return self._review

    def current_entry(self) -> OrderEntry | None:
        """The order being edited: the plan's selected one, else the treatment being chosen."""
        return self._orders[self._current] if self._current is not None else self._draft

    def current_drug(self) -> Drug | None:
        entry = self.current_entry()
        return self.formulary.drug(entry.drug_id) if entry is not None else None

    def has_entries(self) -> bool:
        """A patient typed, a treatment planned or being chosen: something a record would replace."""
        return bool(self._orders) or self._draft is not None or self._patient.has_entries()

    def plan(self) -> tuple[PlanResult | None, Review]:
        """The plan shown (None when an entry is refused or the plan is empty) and its check."""
        return self._view.plan, self._review

    def review_item(self, key: str) -> ReviewItem | None:
        plan = self._view.plan
        return next((item for item in review_items(plan) if item.key == key), None) if plan is not None else None

    # ---- the nurse's edits -------------------------------------------------------------

    def set_patient(self, typed: TypedPatient) -> None:
        """The patient form as typed. The IVIG risk factor checklist is answered beside the IVIG
        order, not in the form: it is kept as it is (:meth:`set_risk_factors` changes it)."""
        self._patient = replace(typed, ivig_risk_factors=self._patient.ivig_risk_factors)
        self._changed()

    def set_risk_factors(self, ticked: tuple[str, ...] | None) -> None:
        """The IVIG risk factor checklist: None not answered, () none of these apply, else the ids ticked."""
        self._patient = replace(self._patient, ivig_risk_factors=ticked)
        self._changed()

    def choose_drug(self, drug_id: str) -> None:
        """A treatment chosen in the list: its order when planned, else a new one being chosen."""
        existing = next((index for index, entry in enumerate(self._orders) if entry.drug_id == drug_id), None)
        self._current, self._draft = (existing, None) if existing is not None else (None, OrderEntry(drug_id))
        self._selected()

    def choose_row(self, row: int) -> None:
        self._current, self._draft = row, None
        self._selected()

    def edit_order(
        self,
        regimen_id: str | None,
        days: int | None,
        ordered_text: str,
        frequency: str | None = None,
        form: str | None = None,
        product_id: str | None = None,
    ) -> None:
        """The order being edited, as typed (the ordered dose kept as text), with its frequency,
        form and (IVIG) product."""
        entry = self.current_entry()
        if entry is not None:
            changed = replace(
                entry, regimen_id=regimen_id, days=days, ordered_text=ordered_text, frequency=frequency, form=form, product_id=product_id
            )
            self._set_current(changed)
            self._changed()

    def choose_dosing_weight(self, basis: str) -> None:
        """Dose the order shown on ``basis``; the suggested basis is recorded as the automatic choice."""
        entry, shown = self.current_entry(), self._view.shown
        if entry is None or shown is None or basis not in DOSING_WEIGHT_CHOICES:
            return
        choice = next(choice for choice in DOSING_WEIGHT_CHOICES if choice == basis)
        self._set_current(replace(entry, dosing_weight="auto" if basis == shown.result.dosing_weight.suggested else choice))
        self._changed()

    def add(self) -> None:
        """Add the treatment being chosen to the plan (said why not when there is none)."""
        if self._draft is None:
            drug = self.current_drug()
            self._tell("Choose a treatment from the list first." if drug is None else f"{drug.display_name} is already in the plan.", 5000)
            return
        self._orders.append(self._draft)
        self._current, self._draft = len(self._orders) - 1, None
        self._changed()
        self._tell("Added to the plan.", 3000)

    def remove(self) -> None:
        """Remove the selected order; the next one (or the last) is selected."""
        if self._current is None:
            return
        del self._orders[self._current]
        self._current = min(self._current, len(self._orders) - 1) if self._orders else None
        self._selected()
        self._tell("Removed from the plan.", 3000)

    def new_patient(self) -> None:
        """Clear everything: patient, plan, checks."""
        self._patient, self._orders, self._draft, self._current, self._review = self._blank, [], None, None, Review()
        self._selected()

    def tick(self, key: str, ticked: bool, ask_override: Callable[[ReviewItem], Override | None]) -> str | None:
        """Tick or untick an alert of the plan: a warning is acknowledged; a stop is overridden
        only with the clinician's name and a written reason that meet the rule (``ask_override``,
        one dialog; None when cancelled). Returns why an override was refused, else None. An
        alert not in the plan records nothing."""
        item = self.review_item(key)
        refused: str | None = None
        if item is None:
            pass
        elif item.level == "warning":
            self._review = self._review.acknowledge(key) if ticked else self._review.unacknowledge(key)
        elif not ticked:
            self._review = self._review.withdraw_override(key)
        else:
            given = ask_override(item)
            if given is not None:
                try:
                    self._review = self._review.override(key, given.reason, given.by)
                except InputError as error:
                    refused = str(error)
                    self._tell(refused, 8000)
        self._changed()  # always: a refused or cancelled override unticks the box
        return refused

    # ---- records and formularies ---------------------------------------------------------

    def load_record(self, patient: Patient, orders: Sequence[Order]) -> tuple[str, ...]:
        """Put a record's patient and orders in the calculator as if typed, replacing everything.
        Returns the treatments not put in the plan because the formulary in force lacks them."""
        from cc_dosecalc.app.records_text import order_entry_fields, patient_fields  # loaded with the history

        entries = [OrderEntry(*order_entry_fields(order)) for order in orders if self.formulary.has_drug(order.drug_id)]
        self._patient = patient_fields(patient)
        self._draft, self._review = None, Review()
        self._orders = [self._fit(entry) for entry in entries]
        self._current = 0 if self._orders else None
        self._selected()
        return tuple(order.drug_id for order in orders if not self.formulary.has_drug(order.drug_id))

    def set_formulary(self, active: ActiveFormulary) -> None:
        """Work on another formulary: treatments it no longer has leave the plan (said so), a
        regimen it no longer has goes back to the treatment's first, and an IVIG product it no
        longer lists is to be chosen again."""
        self._active = active
        formulary = active.formulary
        gone = [entry.drug_id for entry in self._orders if not formulary.has_drug(entry.drug_id)]
        self._orders = [self._fit(entry) for entry in self._orders if formulary.has_drug(entry.drug_id)]
        if self._draft is not None:
            self._draft = self._fit(self._draft) if formulary.has_drug(self._draft.drug_id) else None
        if self._current is not None:
            self._current = min(self._current, len(self._orders) - 1) if self._orders else None
        self._selected()
        message = f"Working on the formulary {formulary.version} ({formulary.kind})."
        if gone:
            message += f" Removed from the plan (not in this formulary): {', '.join(gone)}."
        self._tell(message, 15000)

    # ---- the calculation ---------------------------------------------------------------

    def _fit(self, entry: OrderEntry) -> OrderEntry:
        drug = self.formulary.drug(entry.drug_id)
        if entry.regimen_id is not None and entry.regimen_id not in {regimen.id for regimen in drug.regimens}:
            entry = replace(entry, regimen_id=None, days=None)
        if entry.product_id is not None and entry.product_id not in {product.id for product in drug.infusion_products}:
            entry = replace(entry, product_id=None)  # a product this formulary does not list: to choose again
        return entry

    def _set_current(self, entry: OrderEntry) -> None:
        if self._current is not None:
            self._orders[self._current] = entry
        else:
            self._draft = entry

    def _tell(self, text: str, milliseconds: int) -> None:
        self.told.emit(Notice(text, milliseconds))

    def _selected(self) -> None:
        self.selected.emit(self.current_entry())
        self._changed()

    def _changed(self) -> None:
        self._view = self._calculate()
        self.changed.emit(self._view)

    def _calculate(self) -> SessionView:
        formulary = self.formulary
        reading = read_patient(self._patient)
        problems = [f"{FIELD_LABELS[key]}: {message}" for key, message in reading.errors.items()]
        orders: list[Order] = []
        current_error: str | None = None
        for index, entry in enumerate(self._orders):
            try:
                orders.append(_to_order(entry))
            except InputError as error:  # a planned order that cannot be read: no plan at all
                problems.append(f"{formulary.drug(entry.drug_id).display_name}: {error}")
                if index == self._current:
                    current_error = error.message
        draft: Order | None = None
        refused_draft = ""
        if self._draft is not None:
            try:
                draft = _to_order(self._draft)
            except InputError as error:  # only the treatment being chosen: the plan still shows
                refused_draft = formulary.drug(self._draft.drug_id).display_name
                if self._current is None:
                    current_error = error.message
        names = [formulary.drug(entry.drug_id).display_name for entry in self._orders]
        if reading.patient is None or problems:
            return no_plan_view(reading, problems, names, self._current, current_error)
        try:
            plan, preview = self._plans(reading.patient, orders, draft)
        except InputError as error:
            return no_plan_view(reading, [str(error)], names, self._current, current_error)
        view = plan_view(reading, formulary, plan, preview, self._review, self._current, refused_draft, current_error)
        # the weight's figures for age as soon as the patient reads, before any treatment is chosen
        figures = plan or preview or calculate_plan(formulary, reading.patient, [])
        return replace(view, weight_for_age=weight_for_age_text(figures), risk_checklist=self._risk_checklist(view))

    def _risk_checklist(self, view: SessionView) -> RiskChecklist | None:
        administration = self.formulary.administration
        if view.shown is None or administration is None or not view.shown.result.drug.infusion_products:
            return None
        factors = tuple((factor.id, factor.text) for factor in administration.ivig_risk_factors)
        return RiskChecklist(factors, self._patient.ivig_risk_factors)

    def _plans(self, patient: Patient, orders: list[Order], draft: Order | None) -> tuple[PlanResult | None, PlanResult | None]:
        """The plan, and the plan with the treatment being chosen (the preview) when there is one."""
        formulary = self.formulary
        try:
            plan = calculate_plan(formulary, patient, orders) if orders else None
            preview = calculate_plan(formulary, patient, [*orders, draft]) if draft is not None else None
        except InputError as error:
            chosen = [*self._orders, *([self._draft] if self._draft is not None else [])]
            if error.field != "Dosing weight" or all(entry.dosing_weight == "auto" for entry in chosen):
                raise
            # the weight chosen can no longer be calculated (height or sex cleared): back to the suggested one
            self._orders = [replace(entry, dosing_weight="auto") for entry in self._orders]
            if self._draft is not None:
                self._draft = replace(self._draft, dosing_weight="auto")
            self._tell("Dosing weight back to the suggested weight: " + error.message, 8000)
            automatic = [replace(order, dosing_weight="auto") for order in orders]
            return self._plans(patient, automatic, replace(draft, dosing_weight="auto") if draft is not None else None)
        return plan, preview


def _to_order(entry: OrderEntry) -> Order:
    ordered = parse_measurement(entry.ordered_text, ORDERED_DOSE) if entry.ordered_text.strip() else None
    return Order(entry.drug_id, entry.regimen_id, entry.days, ordered, entry.dosing_weight, entry.frequency, entry.form, entry.product_id)
