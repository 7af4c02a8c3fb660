"""The window's two directions to the session: each widget edit becomes a call on the
:class:`~cc_dosecalc.app.session.Session`, and each of the session's answers (the view, the
order being edited, a short notice) is put in the widgets.

Nothing here decides a rule: the words, levels and what printing allows all come from the
session's :class:`~cc_dosecalc.app.view.SessionView`. Before the deferred load the session is
None; what is typed then stays in the widgets and is read once the session is attached.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from cc_dosecalc.gui.layout import Panels
from cc_dosecalc.gui.plan_display import PlanDisplay

if TYPE_CHECKING:  # the application layer is imported after the first paint
    from cc_dosecalc.app.session import Notice, OrderEntry, Session
    from cc_dosecalc.app.view import SessionView
    from cc_dosecalc.override import Override
    from cc_dosecalc.review import ReviewItem


class Host(Protocol):
    """What the window does for its session binding."""

    def loaded_session(self) -> Session | None: ...

    def add_to_plan(self) -> None: ...

    def remove_from_plan(self) -> None: ...

    def ask_override(self, item: ReviewItem) -> Override | None: ...

    def inform(self, title: str, text: str) -> None: ...

    def show_status(self, text: str, milliseconds: int = 0) -> None: ...

    def plan_shown(self, view: SessionView) -> None: ...

    def focusNextChild(self) -> bool: ...  # Qt's name

    def tr(self, text: str) -> str: ...


class WindowSession:
    """Binds the panels to the session once it is attached (:meth:`attach`)."""

    def __init__(self, host: Host, panels: Panels) -> None:
        self._host = host
        self._panels = panels
        self.session: Session | None = None
        self._filling = False  # the form is being filled from the session: its edits are not new input
        self._plan_display = PlanDisplay(panels.plan_panel, panels.results, panels.status_label)
        panels.patient_form.changed.connect(self._patient_edited)
        panels.picker.drug_selected.connect(lambda drug_id: self.when_loaded(lambda session: session.choose_drug(drug_id)))
        panels.picker.add_requested.connect(host.add_to_plan)
        panels.order_editor.changed.connect(self._order_edited)
        panels.order_editor.submitted.connect(self._order_submitted)
        panels.plan_panel.order_selected.connect(lambda row: self.when_loaded(lambda session: session.choose_row(row)))
        panels.plan_panel.remove_requested.connect(host.remove_from_plan)
        panels.results.dosing_weight_chosen.connect(
            lambda basis: self.when_loaded(lambda session: session.choose_dosing_weight(basis))
        )
        panels.results.alerts.toggled.connect(self._alert_toggled)
        panels.results.risk_factors.answered.connect(
            lambda ticked: self.when_loaded(lambda session: session.set_risk_factors(ticked))
        )

    def attach(self, session: Session) -> None:
        """The session is loaded: its answers go to the widgets from now on."""
        self.session = session
        session.changed.connect(self._show)
        session.selected.connect(self._show_selected)
        session.told.connect(self._tell)

    def when_loaded(self, call: Callable[[Session], object]) -> None:
        """``call(session)``, loading the session first if needed; nothing when the formulary was refused."""
        session = self._host.loaded_session()
        if session is not None:
            call(session)

    def fill_form(self, *, clear: bool = False) -> None:
        """The patient form as the session holds the patient; its edits meanwhile are not new input."""
        assert self.session is not None
        form = self._panels.patient_form
        self._filling = True
        try:
            if clear:
                form.clear()
            form.set_fields(self.session.patient)
        finally:
            self._filling = False

    # ---- widget edits to the session --------------------------------------------------------

    def _patient_edited(self) -> None:
        # before the load, what is typed stays in the widgets and is read once loaded
        if self.session is not None and not self._filling:
            self.session.set_patient(self._panels.patient_form.typed())

    def _order_edited(self) -> None:
        self.when_loaded(lambda session: session.edit_order(*self._panels.order_editor.entry()))

    def _order_submitted(self) -> None:
        """Enter in the order's fields: a treatment being chosen is added to the plan; in one
        already planned, Enter goes on to the next field."""
        session = self._host.loaded_session()
        if session is not None and session.view.current is None:
            session.add()
        elif session is not None:
            self._host.focusNextChild()

    def _alert_toggled(self, key: str, _level: str, ticked: bool) -> None:
        session = self._host.loaded_session()
        if session is None:
            return
        refused = session.tick(key, ticked, self._host.ask_override)
        if refused is not None:
            self._host.inform(self._host.tr("Override not recorded"), refused)

    # ---- the session's answers to widgets ---------------------------------------------------

    def _show(self, view: SessionView) -> None:
        panels = self._panels
        panels.patient_form.show_reading(view.reading)
        panels.patient_form.show_weight_for_age(view.weight_for_age)
        panels.order_editor.ordered_error.show_error(view.ordered_error)
        self._plan_display.show(view)
        self._host.plan_shown(view)

    def _show_selected(self, entry: OrderEntry | None) -> None:
        """Another order is being edited (or none): fill the editor and the guidance with it."""
        assert self.session is not None
        drug = self.session.current_drug()
        self._panels.picker.select(entry.drug_id if entry is not None else None)
        self._panels.guidance.show_drug(drug)
        if entry is None:
            self._panels.order_editor.load(None, None, None, "")
        else:
            self._panels.order_editor.load(
                drug, entry.regimen_id, entry.days, entry.ordered_text, entry.frequency, entry.form, entry.product_id
            )

    def _tell(self, notice: Notice) -> None:
        self._host.show_status(notice.text, notice.milliseconds)
