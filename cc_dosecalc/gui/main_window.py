"""The main window: patient, treatments, plan and results, recalculated on every keystroke.

The window holds no clinical logic: it reads the inputs, calls the engine, and shows what the
engine returns. The plan's check (acknowledgements and overrides) is a :class:`Review`.
This module is the composition root: it builds the widgets, holds the plan being set up and
calls the engine; the menus and Tab order are in :mod:`.actions`, the plan shown in widgets in
:mod:`.plan_display`, and the paint watcher that starts the deferred load in :mod:`.loading`.

Start-up: the window's shell (every widget, the treatment list saying it is loading) is built
and painted first; the formulary, the engine and pint are loaded just after the first paint
(:meth:`MainWindow.finish_loading`). Nothing this module imports at the top loads pint. What is
typed before the load is kept in the widgets and calculated as soon as the load is done.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cc_dosecalc import __version__
from cc_dosecalc.gui.actions import build_actions, set_tab_order
from cc_dosecalc.gui.guidance_view import GuidanceView
from cc_dosecalc.gui.identity import apply_identity
from cc_dosecalc.gui.loading import LOAD_FALLBACK_MS, FirstPaint
from cc_dosecalc.gui.notice_banner import NoticeBanner
from cc_dosecalc.gui.order_editor import OrderEditor
from cc_dosecalc.gui.patient_form import PatientForm
from cc_dosecalc.gui.plan_display import PlanDisplay
from cc_dosecalc.gui.plan_panel import PlanPanel
from cc_dosecalc.gui.results_view import ResultsView
from cc_dosecalc.gui.settings import Settings
from cc_dosecalc.gui.treatment_picker import TreatmentPicker

if TYPE_CHECKING:  # the domain, printing and the history load after the first paint (pint, QtPrintSupport, sqlite3)
    from cc_dosecalc.active_formulary import ActiveFormulary
    from cc_dosecalc.formulary import Formulary
    from cc_dosecalc.gui.history_window import HistoryWindow
    from cc_dosecalc.gui.printing import SummaryActions
    from cc_dosecalc.override import Override
    from cc_dosecalc.plan import DosingWeightChoice, Order, Patient
    from cc_dosecalc.results import OrderResult, PlanResult
    from cc_dosecalc.review import Review, ReviewItem


@dataclass(frozen=True)
class OrderEntry:
    """One treatment as the nurse set it up; the ordered dose is kept as typed."""

    drug_id: str
    regimen_id: str | None = None
    days: int | None = None
    ordered_text: str = ""
    dosing_weight: DosingWeightChoice = "auto"


class MainWindow(QMainWindow):
    """``ready`` fires once the formulary and the engine are loaded (see :meth:`finish_loading`);
    ``load_failed(message)`` instead when the built-in formulary is refused."""

    ready = Signal()
    load_failed = Signal(str)

    # made by actions.build_actions
    new_action: QAction
    print_action: QAction
    print_preview_action: QAction
    save_pdf_action: QAction
    add_action: QAction
    remove_action: QAction

    def __init__(self, active: ActiveFormulary | None = None, parent: QWidget | None = None) -> None:
        """With ``active`` the window is ready at once; without, it loads the active formulary
        (and the engine) just after its first paint, or when :meth:`finish_loading` is called."""
        super().__init__(parent)
        self.setObjectName("mainWindow")
        apply_identity(QApplication.instance())  # type: ignore[arg-type]
        self._active: ActiveFormulary | None = None
        self._formulary: Formulary | None = None
        self._settings = Settings()
        self._summary_actions: SummaryActions | None = None
        self._history_window: HistoryWindow | None = None
        self._orders: list[OrderEntry] = []
        self._draft: OrderEntry | None = None
        self._current: int | None = None
        self._plan: PlanResult | None = None
        self._shown: OrderResult | None = None
        self._load_error: str | None = None
        self.setWindowTitle(self.tr("cc-dosecalc: calcinosis cutis dose calculator"))
        self._build()
        build_actions(self)
        set_tab_order(self)
        self._restore()
        if active is not None:
            self._loaded(active)
        else:
            self.installEventFilter(FirstPaint(self, self.finish_loading))

    # ---- loading -------------------------------------------------------------------------

    def is_ready(self) -> bool:
        """True once the formulary and the engine are loaded and the treatments listed."""
        return self._formulary is not None

    def finish_loading(self) -> None:
        """Load the active formulary and the engine now, if not done yet, then calculate what
        was typed meanwhile. Runs by itself just after the first paint. A refused built-in
        formulary is told through ``load_failed`` (the window then calculates nothing)."""
        if self._formulary is not None or self._load_error is not None:
            return
        from cc_dosecalc.active_formulary import load_active_formulary
        from cc_dosecalc.formulary import FormularyError

        try:
            # the site file chosen in the settings wins over CC_DOSECALC_FORMULARY (README: the site formulary)
            active = load_active_formulary(self._settings.site_formulary or None)
        except FormularyError as error:
            self._load_error = str(error)
            self.picker.show_refused(self.tr("The formulary was refused: ") + self._load_error)
            self.load_failed.emit(self._load_error)
            return
        self._loaded(active)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._formulary is None:
            QTimer.singleShot(LOAD_FALLBACK_MS, self.finish_loading)

    def _loaded(self, active: ActiveFormulary) -> None:
        import cc_dosecalc.engine  # noqa: F401  (imported here, before the first keystroke needs it)
        from cc_dosecalc.review import Review

        self._review = Review()
        self._apply_formulary(active)
        self._recalculate()
        self.ready.emit()

    def _apply_formulary(self, active: ActiveFormulary) -> None:
        self._active, self._formulary = active, active.formulary
        self.picker.set_formulary(active.formulary)
        self._plan_display.set_formulary(active.formulary)
        self.guidance.set_formulary(active.formulary)
        self.notice_banner.set_notices(active.notices)
        self.formulary_label.setText(self.tr("Formulary %1").replace("%1", active.formulary.version))

    def _ensure_loaded(self) -> bool:
        """Load now if a caller needs the formulary before the deferred load ran; False when refused."""
        self.finish_loading()
        return self._formulary is not None

    def _loaded_formulary(self) -> Formulary:
        """The formulary, loading it first if a caller needs it before the deferred load ran."""
        self.finish_loading()
        if self._formulary is None:
            raise RuntimeError(f"the formulary was refused: {self._load_error}")
        return self._formulary

    # ---- public --------------------------------------------------------------------------

    def current_plan(self) -> tuple[PlanResult | None, Review]:
        """The plan the window shows (None when an input is refused or the plan is empty)."""
        if not self._ensure_loaded():
            from cc_dosecalc.review import Review

            return None, Review()
        return self._plan, self._review

    def new_patient(self) -> None:
        """Clear everything: patient, plan, checks."""
        from cc_dosecalc.review import Review

        if not self._ensure_loaded():
            return
        self.patient_form.clear()
        self._orders, self._draft, self._current, self._review = [], None, None, Review()
        self.picker.reset()
        self.order_editor.load(None, None, None, "")
        self._recalculate()
        self.patient_form.weight.setFocus(Qt.FocusReason.OtherFocusReason)
        self.statusBar().showMessage(self.tr("New patient: everything cleared."), 5000)

    def ask_override(self, item: ReviewItem) -> Override | None:
        """Ask who overrides the stop and why, in one dialog; None when cancelled."""
        from cc_dosecalc.gui.override_dialog import ask_override

        return ask_override(self, item.message)

    def inform(self, title: str, text: str) -> None:
        """Tell the user something that needs their attention (a modal message box)."""
        QMessageBox.warning(self, title, text)

    def confirm(self, title: str, text: str) -> bool:
        """Ask before something that cannot be undone (a modal Yes/No, No by default)."""
        answer = QMessageBox.question(
            self, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No
        )
        return answer == QMessageBox.StandardButton.Yes

    def about_text(self) -> str:
        from cc_dosecalc.gui.records_text import formulary_in_force

        if not self._ensure_loaded() or self._active is None:
            return "\n".join([self.tr("cc-dosecalc %1").replace("%1", __version__), self.tr("Formulary refused: ") + str(self._load_error)])
        lines = [
            self.tr("cc-dosecalc %1").replace("%1", __version__),
            self.tr("Dose calculator for the treatments of calcinosis cutis."),
            "",
            *formulary_in_force(self._active),
            *self._active.notices,
        ]
        return "\n".join(lines)

    # ---- the summary, the history, the settings (issue 4 and 5) ---------------------------

    def active_formulary(self) -> ActiveFormulary:
        self._loaded_formulary()
        assert self._active is not None
        return self._active

    def formulary_notices(self) -> tuple[str, ...]:
        return self.active_formulary().notices

    def settings(self) -> Settings:
        return self._settings

    def show_status(self, text: str, milliseconds: int = 0) -> None:
        self.statusBar().showMessage(text, milliseconds)

    @property
    def summary_actions(self) -> SummaryActions:
        """Printing and the history, loaded on first use (QtPrintSupport is not loaded at start)."""
        if self._summary_actions is None:
            from cc_dosecalc.gui.printing import SummaryActions

            self._summary_actions = SummaryActions(self, self)
        return self._summary_actions

    def print_summary(self) -> None:
        plan, review = self.current_plan()
        if plan is not None:
            self.summary_actions.print(plan, review)

    def preview_summary(self) -> None:
        plan, review = self.current_plan()
        if plan is not None:
            self.summary_actions.preview(plan, review)

    def save_summary_pdf(self) -> None:
        plan, review = self.current_plan()
        if plan is not None:
            self.summary_actions.save_pdf(plan, review)

    def show_history(self) -> HistoryWindow:
        from cc_dosecalc.gui.history_window import HistoryWindow

        if self._history_window is None:
            self._history_window = HistoryWindow(self)
        self._history_window.refresh()
        self._history_window.show()
        self._history_window.raise_()
        self._history_window.activateWindow()
        return self._history_window

    def open_settings(self) -> None:
        from cc_dosecalc.gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self._settings.site_formulary, self)
        if self.summary_actions.run_dialog(dialog) and dialog.site_formulary() != self._settings.site_formulary:
            self.set_site_formulary(dialog.site_formulary())
        dialog.deleteLater()

    def set_site_formulary(self, path: str) -> None:
        """Remember the site formulary file ("" for none) and work on the formulary it gives."""
        self._settings.site_formulary = path
        self._settings.sync()
        from cc_dosecalc.active_formulary import load_active_formulary

        self.set_active_formulary(load_active_formulary(path or None))

    def set_active_formulary(self, active: ActiveFormulary) -> None:
        """Work on another formulary: treatments it no longer has leave the plan (said so)."""
        if self._formulary is None:
            self._load_error = None
            self._loaded(active)
            return
        self._apply_formulary(active)
        assert self._formulary is not None
        gone = [entry.drug_id for entry in self._orders if not self._formulary.has_drug(entry.drug_id)]
        kept = [self._fit_entry(entry) for entry in self._orders if self._formulary.has_drug(entry.drug_id)]
        draft = self._draft if self._draft is not None and self._formulary.has_drug(self._draft.drug_id) else None
        self._orders, self._draft = kept, self._fit_entry(draft) if draft is not None else None
        if self._current is not None:
            self._current = min(self._current, len(self._orders) - 1) if self._orders else None
        self._load_current()
        self._recalculate()
        message = self.tr("Working on the formulary %1 (%2).").replace("%1", self._formulary.version).replace("%2", self._formulary.kind)
        if gone:
            message += " " + self.tr("Removed from the plan (not in this formulary): %1.").replace("%1", ", ".join(gone))
        self.show_status(message, 15000)
        if self._history_window is not None:
            self._history_window.refresh()

    def _fit_entry(self, entry: OrderEntry) -> OrderEntry:
        drug = self._loaded_formulary().drug(entry.drug_id)
        if entry.regimen_id is not None and entry.regimen_id not in {regimen.id for regimen in drug.regimens}:
            return replace(entry, regimen_id=None, days=None)
        return entry

    def load_inputs(self, patient: Patient, orders: Sequence[Order]) -> bool:
        """Put a patient and orders (a history record's) in the window, as if typed. A plan on
        screen is replaced only if the nurse agrees; treatments the formulary no longer has are
        named. False when the nurse kept the plan on screen."""
        from cc_dosecalc.gui.records_text import order_entry_fields, patient_fields

        if (self._orders or self._draft is not None or self.patient_form.has_entries()) and not self.confirm(
            self.tr("Replace the plan?"), self.tr("The patient and plan on screen will be replaced by the record's. Continue?")
        ):
            return False
        self.new_patient()
        self.patient_form.set_fields(patient_fields(patient))
        formulary = self._loaded_formulary()
        entries = [OrderEntry(*order_entry_fields(order)) for order in orders if formulary.has_drug(order.drug_id)]
        self._orders = [self._fit_entry(entry) for entry in entries]
        self._current = 0 if self._orders else None
        self._load_current()
        self._recalculate()
        gone = [order.drug_id for order in orders if not formulary.has_drug(order.drug_id)]
        if gone:
            self.inform(
                self.tr("Not in today's formulary"),
                self.tr("Not put in the plan (not in the formulary in force): %1.").replace("%1", ", ".join(gone)),
            )
        return True

    def _enable_printing(self, enabled: bool) -> None:
        for action in (self.print_action, self.print_preview_action, self.save_pdf_action):
            action.setEnabled(enabled)

    # ---- building ------------------------------------------------------------------------

    def _build(self) -> None:
        self.patient_form = PatientForm(self._settings.weight_unit, self)
        self.picker = TreatmentPicker(None, self)  # filled by finish_loading
        self.order_editor = OrderEditor(self)
        self.guidance = GuidanceView(None, self)
        self.plan_panel = PlanPanel(self)
        self.results = ResultsView(self)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.patient_form)
        left_layout.addWidget(self.plan_panel, 1)
        middle = QWidget(self)
        middle_layout = QVBoxLayout(middle)
        middle_layout.addWidget(self.picker, 3)
        middle_layout.addWidget(self.order_editor)
        middle_layout.addWidget(self.picker.add_button)
        guidance_scroll = QScrollArea(self)
        guidance_scroll.setObjectName("guidanceScroll")
        guidance_scroll.setWidgetResizable(True)
        guidance_scroll.setWidget(self.guidance)
        guidance_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        middle_layout.addWidget(guidance_scroll, 2)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        for widget in (left, middle, self.results):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(2, 1)
        self.splitter.setSizes([390, 340, 630])

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        self.notice_banner = NoticeBanner((), central)  # filled when the formulary is loaded
        self.notices = self.notice_banner.label
        layout.addWidget(self.notice_banner)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.status_label = QLabel(self)
        self.status_label.setObjectName("statusReview")
        self.statusBar().addPermanentWidget(self.status_label)
        self._plan_display = PlanDisplay(self.plan_panel, self.results, self.status_label)
        self.formulary_label = QLabel(self.tr("Loading the formulary…"), self)
        self.formulary_label.setObjectName("formularyVersion")
        self.statusBar().addWidget(self.formulary_label)

        self.patient_form.changed.connect(self._recalculate)
        self.patient_form.weight_unit_chosen.connect(self._remember_weight_unit)
        self.picker.drug_selected.connect(self._drug_chosen)
        self.picker.add_requested.connect(self.add_to_plan)
        self.order_editor.changed.connect(self._order_edited)
        self.plan_panel.order_selected.connect(self._plan_row_chosen)
        self.plan_panel.remove_requested.connect(self.remove_from_plan)
        self.results.dosing_weight_chosen.connect(self._dosing_weight_chosen)
        self.results.alerts.toggled.connect(self._alert_toggled)

    def _restore(self) -> None:
        geometry = self._settings.geometry
        if geometry is None or not self.restoreGeometry(geometry):
            screen = self.screen().availableGeometry()
            self.resize(min(1360, int(screen.width() * 0.95)), min(860, int(screen.height() * 0.9)))
        state = self._settings.window_state
        if state is not None:
            self.restoreState(state)
        splitter = self._settings.splitter_state
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._settings.geometry = self.saveGeometry()
        self._settings.window_state = self.saveState()
        self._settings.splitter_state = self.splitter.saveState()
        self._settings.sync()
        if self._history_window is not None:
            self._history_window.close()
        super().closeEvent(event)

    # ---- user actions --------------------------------------------------------------------

    def add_to_plan(self) -> None:
        if not self._ensure_loaded():
            return
        drug = self.picker.current_drug()
        if self._draft is None:
            if drug is None:
                self.statusBar().showMessage(self.tr("Choose a treatment from the list first."), 5000)
            else:
                self.statusBar().showMessage(self.tr("%1 is already in the plan.").replace("%1", drug.display_name), 5000)
            return
        self._orders.append(self._draft)
        self._current, self._draft = len(self._orders) - 1, None
        self._recalculate()
        self.statusBar().showMessage(self.tr("Added to the plan."), 3000)

    def remove_from_plan(self) -> None:
        if not self._ensure_loaded() or self._current is None:
            return
        del self._orders[self._current]
        self._current = min(self._current, len(self._orders) - 1) if self._orders else None
        self._load_current()
        self._recalculate()
        self.statusBar().showMessage(self.tr("Removed from the plan."), 3000)

    def _remember_weight_unit(self, unit: str) -> None:
        self._settings.weight_unit = unit

    def _drug_chosen(self, drug_id: str) -> None:
        existing = next((index for index, entry in enumerate(self._orders) if entry.drug_id == drug_id), None)
        if existing is not None:
            self._current, self._draft = existing, None
        else:
            self._current, self._draft = None, OrderEntry(drug_id)
        self._load_current(select_in_picker=False)
        self._recalculate()

    def _plan_row_chosen(self, row: int) -> None:
        self._current, self._draft = row, None
        self._load_current()
        self._recalculate()

    def _load_current(self, select_in_picker: bool = True) -> None:
        entry = self._current_entry()
        drug = self._loaded_formulary().drug(entry.drug_id) if entry is not None else None
        if select_in_picker:
            self.picker.select(entry.drug_id if entry is not None else None)
        self.guidance.show_drug(drug)
        if entry is None:
            self.order_editor.load(None, None, None, "")
        else:
            self.order_editor.load(drug, entry.regimen_id, entry.days, entry.ordered_text)

    def _order_edited(self) -> None:
        entry = self._current_entry()
        if entry is None:
            return
        regimen_id = self.order_editor.regimen_id()
        self._set_current_entry(
            replace(entry, regimen_id=regimen_id, days=self.order_editor.days_value(), ordered_text=self.order_editor.ordered.text())
        )
        self._recalculate()

    def _dosing_weight_chosen(self, basis: str) -> None:
        entry = self._current_entry()
        shown = self._shown
        if entry is None or shown is None:
            return
        suggested = shown.dosing_weight.suggested
        choice: DosingWeightChoice = "auto" if basis == suggested else basis  # type: ignore[assignment]
        self._set_current_entry(replace(entry, dosing_weight=choice))
        self._recalculate()

    def _alert_toggled(self, key: str, level: str, ticked: bool) -> None:
        from cc_dosecalc.parsing import InputError

        item = next((item for item in self._all_review_items() if item.key == key), None)
        if item is None:  # not in the plan (cannot happen from a shown box): redraw, recording nothing
            self._recalculate()
            return
        if level == "warning":
            self._review = self._review.acknowledge(key) if ticked else self._review.unacknowledge(key)
        elif not ticked:
            self._review = self._review.withdraw_override(key)
        else:
            given = self.ask_override(item)
            if given is not None:
                try:
                    self._review = self._review.override(key, given.reason, given.by)
                except InputError as error:
                    self.statusBar().showMessage(str(error), 8000)
                    self.inform(self.tr("Override not recorded"), str(error))
        self._recalculate()

    # ---- the calculation -----------------------------------------------------------------

    def _current_entry(self) -> OrderEntry | None:
        if self._current is not None:
            return self._orders[self._current]
        return self._draft

    def _set_current_entry(self, entry: OrderEntry) -> None:
        if self._current is not None:
            self._orders[self._current] = entry
        else:
            self._draft = entry

    def _all_review_items(self) -> tuple[ReviewItem, ...]:
        from cc_dosecalc.review import review_items

        return review_items(self._plan) if self._plan is not None else ()

    def _to_order(self, entry: OrderEntry) -> Order:
        from cc_dosecalc.parsing import ORDERED_DOSE, parse_measurement
        from cc_dosecalc.plan import Order

        ordered = parse_measurement(entry.ordered_text, ORDERED_DOSE) if entry.ordered_text.strip() else None
        return Order(entry.drug_id, entry.regimen_id, entry.days, ordered, entry.dosing_weight)

    def _recalculate(self) -> None:
        formulary = self._formulary
        if formulary is None:
            return  # before the load: what is typed stays in the widgets and is calculated once loaded
        from cc_dosecalc.parsing import InputError

        self._shown = None
        reading = self.patient_form.read()
        problems = [f"{label}: {message}" for label, message in self._field_labels(reading.errors)]
        orders: list[Order] = []
        current_error: str | None = None
        for index, entry in enumerate(self._orders):
            try:
                orders.append(self._to_order(entry))
            except InputError as error:  # a planned order that cannot be read: no plan at all
                problems.append(f"{formulary.drug(entry.drug_id).display_name}: {error}")
                if index == self._current:
                    current_error = error.message
        draft: Order | None = None
        refused_draft = ""
        if self._draft is not None:
            try:
                draft = self._to_order(self._draft)
            except InputError as error:  # only the treatment being chosen: the plan still shows
                refused_draft = formulary.drug(self._draft.drug_id).display_name
                if self._current is None:
                    current_error = error.message
        self.order_editor.ordered_error.show_error(current_error)
        if reading.patient is None or problems:
            self._show_no_plan(reading.weight_missing, problems)
            return
        try:
            plan, preview = self._calculate(reading.patient, orders, draft)
        except InputError as error:
            self._show_no_plan(False, [str(error)])
            return
        self._plan = plan
        self._enable_printing(plan is not None)
        self._shown = self._plan_display.show_plan(plan, preview, self._review, self._current, refused_draft)

    def _calculate(self, patient: Patient, orders: list[Order], draft: Order | None) -> tuple[PlanResult | None, PlanResult | None]:
        """The plan, and the plan with the treatment being chosen (the preview) when there is one."""
        from cc_dosecalc.engine import calculate_plan
        from cc_dosecalc.parsing import InputError

        formulary = self._loaded_formulary()
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
            self.statusBar().showMessage(self.tr("Dosing weight back to the suggested weight: ") + error.message, 8000)
            automatic = [replace(order, dosing_weight="auto") for order in orders]
            return self._calculate(patient, automatic, replace(draft, dosing_weight="auto") if draft is not None else None)
        return plan, preview

    def _field_labels(self, errors: dict[str, str]) -> list[tuple[str, str]]:
        labels = {
            "weight": self.tr("Weight"),
            "age": self.tr("Age"),
            "height": self.tr("Height"),
            "crcl": self.tr("Creatinine clearance"),
            "name": self.tr("Patient name"),
            "identifier": self.tr("Patient identifier"),
        }
        return [(labels[key], message) for key, message in errors.items()]

    def _show_no_plan(self, weight_missing: bool, problems: list[str]) -> None:
        """No dose anywhere: the inputs are incomplete or refused."""
        self._plan = None
        self._enable_printing(False)
        self._plan_display.show_no_plan(weight_missing, problems, [entry.drug_id for entry in self._orders], self._current)
