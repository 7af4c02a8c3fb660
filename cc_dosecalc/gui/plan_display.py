"""Showing what the session says in the window: the plan list, the interactions, the status of
the check with what is still open, and the order whose dose is shown with its alerts, or why
no dose is shown.

It decides nothing: every word and level comes from the session's
:class:`~cc_dosecalc.app.view.SessionView`; this module turns it into widgets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel

from cc_dosecalc.gui.common import level_word, set_text
from cc_dosecalc.gui.plan_panel import PlanPanel
from cc_dosecalc.gui.results_view import ResultsView

if TYPE_CHECKING:  # the application layer is imported after the first paint
    from cc_dosecalc.app.view import SessionView


class PlanDisplay:
    """Puts a session's view in the plan panel, the results and the status label."""

    def __init__(self, plan_panel: PlanPanel, results: ResultsView, status_label: QLabel) -> None:
        self._plan_panel = plan_panel
        self._results = results
        self._status_label = status_label

    def show(self, view: SessionView) -> None:
        self._plan_panel.set_entries([(row.text, row.worst) for row in view.rows], view.current)
        self._plan_panel.set_interactions([(line.level, line.drugs, line.message, line.state) for line in view.interactions])
        status = view.status
        open_items = [f"{level_word(item.level)}: {item.where}: {item.message}" for item in status.open_items]
        self._plan_panel.set_status(status.level, status.text, open_items)
        set_text(self._status_label, status.short)
        if view.shown is not None:
            shown = view.shown
            self._results.show_result(shown.result, shown.alerts, shown.preview, shown.order_lines, view.risk_checklist)
        else:
            self._results.clear_result(view.message)
