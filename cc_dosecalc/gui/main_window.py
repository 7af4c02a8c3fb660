"""The main window: a view over the session (:class:`cc_dosecalc.app.session.Session`).

The window holds no plan and decides no clinical rule: each widget edit becomes a call on the
session, and the session's answer (:class:`~cc_dosecalc.app.view.SessionView`) becomes widgets,
both in :mod:`.window_session`. The menus and Tab order are in :mod:`.actions`, the plan shown in widgets in
:mod:`.plan_display`, the panels and their layout in :mod:`.layout`, the deferred load in
:mod:`.loading`, the history and the History window in :mod:`.window_history`, printing and
the question closing asks in :mod:`.window_summary`.

Start-up: the window's shell (every widget, the treatment list saying it is loading) is built
and painted first; the formulary, the engine and the session are loaded just after the
first paint (:meth:`MainWindow.finish_loading`). Nothing this module imports at the top loads
the domain. What is typed before the load is kept in the widgets and calculated as soon as the load
is done.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from cc_dosecalc import __version__
from cc_dosecalc.gui.actions import build_actions, set_tab_order
from cc_dosecalc.gui.common import ask_yes_no, warn
from cc_dosecalc.gui.identity import apply_identity
from cc_dosecalc.gui.layout import build_panels, restore_layout, save_layout
from cc_dosecalc.gui.loading import FirstPaint, load_domain, sync_kept_summaries_soon
from cc_dosecalc.gui.settings import Settings
from cc_dosecalc.gui.window_history import WindowHistory
from cc_dosecalc.gui.window_session import WindowSession
from cc_dosecalc.gui.window_summary import WindowSummary

if TYPE_CHECKING:  # the session, printing and the history load after the first paint (QtPrintSupport, sqlite3)
    from cc_dosecalc.active_formulary import ActiveFormulary
    from cc_dosecalc.app.records import Records
    from cc_dosecalc.app.session import Session
    from cc_dosecalc.app.view import SessionView
    from cc_dosecalc.gui.history_window import HistoryWindow
    from cc_dosecalc.gui.printing import SummaryActions
    from cc_dosecalc.override import Override
    from cc_dosecalc.plan import Order, Patient
    from cc_dosecalc.results import PlanResult
    from cc_dosecalc.review import Review, ReviewItem


class MainWindow(QMainWindow):
    """``ready`` fires once the formulary and the session are loaded (see :meth:`finish_loading`);
    ``load_failed(message)`` instead when the built-in formulary is refused."""

    ready = Signal()
    load_failed = Signal(str)

    def __init__(self, active: ActiveFormulary | None = None, parent: QWidget | None = None) -> None:
        """With ``active`` the window is ready at once; without, it loads the active formulary
        (and the engine) just after its first paint, or when :meth:`finish_loading` is called."""
        super().__init__(parent)
        self.setObjectName("mainWindow")
        apply_identity(QApplication.instance())  # type: ignore[arg-type]
        self._settings = Settings()
        self._history = WindowHistory(self, self, self._settings, self._tell_history_notices)
        # looked up at each call: a test answers the question by replacing the window's confirm
        self._summary = WindowSummary(self, self, lambda: self.current_plan(), lambda title, text: self.confirm(title, text))
        self._load_error: str | None = None
        self.setWindowTitle(self.tr("cc-dosecalc: calcinosis cutis dose calculator"))
        self._build()
        actions = build_actions(self, self, self.picker, self.patient_form)
        self.new_action, self.add_action, self.remove_action = actions.new, actions.add, actions.remove
        self.print_action, self.print_preview_action, self.save_pdf_action = actions.print, actions.print_preview, actions.save_pdf
        for action in (self.print_action, self.print_preview_action, self.save_pdf_action):
            action.setEnabled(False)  # nothing to print until the formulary is loaded and a dose is shown
        set_tab_order(self.patient_form, self.picker, self.order_editor, self.plan_panel, self.results)
        self._restore()
        if active is not None:
            self._loaded(active)
        else:
            FirstPaint(self, self.finish_loading)

    # ---- loading -------------------------------------------------------------------------

    def is_ready(self) -> bool:
        """True once the formulary and the session are loaded and the treatments listed."""
        return self._session is not None

    def finish_loading(self) -> None:
        """Load the active formulary and the session now, if not done yet, then calculate what
        was typed meanwhile. Runs by itself just after the first paint. A refused built-in
        formulary is told through ``load_failed`` (the window then calculates nothing)."""
        if self._session is not None or self._load_error is not None:
            return
        from cc_dosecalc.formulary import FormularyError

        try:
            active = load_domain(self._settings.site_formulary or None)
        except FormularyError as error:
            self._load_error = str(error)
            self.picker.show_refused(self.tr("The formulary was refused: ") + self._load_error)
            self.load_failed.emit(self._load_error)
            return
        self._loaded(active)
        sync_kept_summaries_soon(self)

    @property
    def _session(self) -> Session | None:
        return self._bound.session

    def _loaded(self, active: ActiveFormulary) -> None:
        from cc_dosecalc.app.session import Session

        session = Session(active, self._settings.weight_unit)
        self._bound.attach(session)
        self._apply_formulary(active)
        session.set_patient(self.patient_form.typed())  # what was typed before the load
        self.ready.emit()

    def _apply_formulary(self, active: ActiveFormulary) -> None:
        self.picker.set_formulary(active.formulary)
        self.guidance.set_formulary(active.formulary)
        self.notice_banner.set_notices(active.notices)
        self.formulary_label.setText(self.tr("Formulary %1").replace("%1", active.formulary.version))

    def loaded_session(self) -> Session | None:
        """The session, loading it first if a caller needs it before the deferred load ran;
        None when the formulary was refused."""
        self.finish_loading()
        return self._session

    def _session_or_raise(self) -> Session:
        session = self.loaded_session()
        if session is None:
            raise RuntimeError(f"the formulary was refused: {self._load_error}")
        return session

    # ---- public --------------------------------------------------------------------------

    def current_plan(self) -> tuple[PlanResult | None, Review]:
        """The plan the window shows (None when an input is refused or the plan is empty)."""
        session = self.loaded_session()
        if session is None:
            from cc_dosecalc.review import Review

            return None, Review()
        return session.plan()

    def start_new_patient(self) -> None:
        """File > New patient (Ctrl+N): asks first while the plan on screen is not printed or
        saved since it changed (No by default), as closing does."""
        if self._summary.may_discard(self.tr("New patient"), self.tr("Clear it for a new patient?")):
            self.new_patient()

    def new_patient(self) -> None:
        """Clear everything: patient, plan, checks."""
        session = self.loaded_session()
        if session is None:
            return
        session.new_patient()
        self._bound.fill_form(clear=True)  # its weight unit is the site's, never the last one chosen
        self.picker.reset()
        self.patient_form.weight.setFocus(Qt.FocusReason.OtherFocusReason)
        self.statusBar().showMessage(self.tr("New patient: everything cleared."), 5000)

    def add_to_plan(self) -> None:
        self._bound.when_loaded(lambda session: session.add())

    def remove_from_plan(self) -> None:
        """Remove the selected treatment, once the nurse says so (No by default: a reflex Enter,
        or Alt+R pressed in another field, removes nothing)."""

        def remove(session: Session) -> None:
            view = session.view
            if view.current is None:
                return
            question = self.tr("Remove %1 from the plan? Its ordered dose, acknowledgements and overrides are removed with it.")
            if self.confirm(self.tr("Remove from plan"), question.replace("%1", view.rows[view.current].text)):
                session.remove()

        self._bound.when_loaded(remove)

    def ask_override(self, item: ReviewItem) -> Override | None:
        """Ask who overrides the stop and why, in one dialog; None when cancelled."""
        from cc_dosecalc.gui.override_dialog import ask_override

        return ask_override(self, item.message)

    def inform(self, title: str, text: str) -> None:
        """Tell the user something that needs their attention (a modal message box)."""
        warn(self, title, text)

    def confirm(self, title: str, text: str) -> bool:
        """Ask before something that cannot be undone (a modal Yes/No, No by default)."""
        return ask_yes_no(self, title, text)

    def about_text(self) -> str:
        from cc_dosecalc.app.records_text import about_lines

        session = self.loaded_session()
        where = self._history.where() if session is not None else ""
        return "\n".join(about_lines(__version__, session.active if session else None, str(self._load_error), where))

    # ---- the summary, the history, the settings (issue 4 and 5) ---------------------------

    def active_formulary(self) -> ActiveFormulary:
        return self._session_or_raise().active

    def formulary_notices(self) -> tuple[str, ...]:
        return self.active_formulary().notices

    def settings(self) -> Settings:
        return self._settings

    def show_status(self, text: str, milliseconds: int = 0) -> None:
        self.statusBar().showMessage(text, milliseconds)

    @property
    def records(self) -> Records:
        """The history of printed summaries, loaded on first use; what opening it says is told once."""
        return self._history.records

    def _tell_history_notices(self, text: str) -> None:
        self.show_status(text)
        self.inform(self.tr("History"), text)

    @property
    def summary_actions(self) -> SummaryActions:
        """Printing, loaded on first use (QtPrintSupport is not loaded at start)."""
        return self._summary.actions

    def print_summary(self) -> None:
        self._summary.print()

    def preview_summary(self) -> None:
        self._summary.preview()

    def save_summary_pdf(self) -> None:
        self._summary.save_pdf()

    def show_history(self) -> HistoryWindow:
        return self._history.show()

    def open_settings(self) -> None:
        from cc_dosecalc.gui.settings_dialog import edit_settings

        edit_settings(self, self, self._settings, self.summary_actions.run_dialog)

    def set_site_formulary(self, path: str) -> None:
        """Remember the site formulary file ("" for none) and work on the formulary it gives."""
        self._settings.site_formulary = path
        self._settings.sync()
        from cc_dosecalc.active_formulary import load_active_formulary

        self.set_active_formulary(load_active_formulary(path or None))

    def set_history_server(self, url: str) -> None:
        """Remember the user's hospital history ("" for none); the next record uses it."""
        self._history.set_server(url)

    def set_active_formulary(self, active: ActiveFormulary) -> None:
        """Work on another formulary: the session says what leaves the plan."""
        if self._session is None:
            self._load_error = None
            self._loaded(active)
            return
        self._apply_formulary(active)
        self._session.set_formulary(active)
        self._history.refresh()

    def load_inputs(self, patient: Patient, orders: Sequence[Order]) -> bool:
        """Put a patient and orders (a history record's) in the window, as if typed. A plan on
        screen is replaced only if the nurse agrees; treatments the formulary no longer has are
        named. False when the nurse kept the plan on screen."""
        session = self._session_or_raise()
        if session.has_entries() and not self.confirm(
            self.tr("Replace the plan?"), self.tr("The patient and plan on screen will be replaced by the record's. Continue?")
        ):
            return False
        self.new_patient()
        gone = session.load_record(patient, orders)
        self._bound.fill_form()
        if gone:
            self.inform(
                self.tr("Not in today's formulary"),
                self.tr("Not put in the plan (not in the formulary in force): %1.").replace("%1", ", ".join(gone)),
            )
        return True

    # ---- building ------------------------------------------------------------------------

    def _build(self) -> None:
        panels = build_panels(self, self._settings.weight_unit)
        self.patient_form, self.picker, self.order_editor, self.guidance = (
            panels.patient_form,
            panels.picker,
            panels.order_editor,
            panels.guidance,
        )
        self.plan_panel, self.results, self.splitter = panels.plan_panel, panels.results, panels.splitter
        self.notice_banner, self.notices = panels.notice_banner, panels.notice_banner.label
        self.status_label, self.formulary_label = panels.status_label, panels.formulary_label
        self._bound = WindowSession(self, panels)

    def _restore(self) -> None:
        restore_layout(self, self.splitter, self._settings)

    def summary_recorded(self, plan: PlanResult, review: Review) -> None:
        """A summary was printed or saved, and recorded: the plan on screen, or a reprint from the History."""
        self._summary.recorded(plan, review)

    def quit(self) -> None:
        """File > Quit (Ctrl+Q): asks first, as the window's close button does."""
        if self._summary.may_discard(self.tr("Close cc-dosecalc"), self.tr("Close anyway?")):
            self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        # a close the nurse asks for (the close button, Alt+F4) asks about an unprinted plan;
        # the program's own close() (after Quit has asked, at shutdown) does not
        if event.spontaneous() and not self._summary.may_discard(self.tr("Close cc-dosecalc"), self.tr("Close anyway?")):
            event.ignore()
            return
        save_layout(self, self.splitter, self._settings)
        self._history.close()
        super().closeEvent(event)

    def plan_shown(self, view: SessionView) -> None:
        """The session's view is on screen: printing follows what it allows."""
        self._summary.plan_changed(view.plan is not None)
        for action in (self.print_action, self.print_preview_action, self.save_pdf_action):
            action.setEnabled(view.printing_allowed)
