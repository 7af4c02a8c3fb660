"""The window's side of the printed summary: printing, previewing and saving the plan on screen
(:class:`~cc_dosecalc.gui.printing.SummaryActions`, loaded on first use: QtPrintSupport is not
loaded at start), and whether that plan was printed or saved since it last changed, which
closing the window and starting a new patient ask about.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from cc_dosecalc.gui.common import tr

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from cc_dosecalc.gui.printing import Host, SummaryActions
    from cc_dosecalc.results import PlanResult
    from cc_dosecalc.review import Review

PlanOnScreen = Callable[[], "tuple[PlanResult | None, Review]"]


class WindowSummary:
    """``plan_on_screen()``: the plan shown and its check (None: nothing to print);
    ``confirm(title, text)``: a Yes/No question, No by default."""

    def __init__(self, parent: QWidget, host: Host, plan_on_screen: PlanOnScreen, confirm: Callable[[str, str], bool]) -> None:
        self._parent = parent
        self._host = host
        self._plan_on_screen = plan_on_screen
        self._confirm = confirm
        self._actions: SummaryActions | None = None
        self._unprinted = False  # the plan on screen changed since it was last printed or saved

    @property
    def actions(self) -> SummaryActions:
        if self._actions is None:
            from cc_dosecalc.gui.printing import SummaryActions

            self._actions = SummaryActions(self._parent, self._host)
        return self._actions

    @property
    def loaded(self) -> bool:
        """True once printing was first used (QtPrintSupport imported)."""
        return self._actions is not None

    def print(self) -> None:
        self._with_plan(lambda plan, review: self.actions.print(plan, review))

    def preview(self) -> None:
        self._with_plan(lambda plan, review: self.actions.preview(plan, review))

    def save_pdf(self) -> None:
        self._with_plan(lambda plan, review: self.actions.save_pdf(plan, review))

    def plan_changed(self, printable: bool) -> None:
        """The plan on screen changed (``printable``: there is one to print)."""
        self._unprinted = printable

    def recorded(self, plan: PlanResult, review: Review) -> None:
        """A summary was printed or saved, and recorded: the plan on screen, or a reprint from the History."""
        shown_plan, shown_review = self._plan_on_screen()
        if plan is shown_plan and review is shown_review:
            self._unprinted = False

    def may_discard(self, title: str, question: str) -> bool:
        """True when nothing would be lost, or the nurse answers Yes to ``question`` (closing,
        a new patient) after being told the plan on screen was not printed or saved."""
        if not self._unprinted:
            return True
        text = tr("The plan on screen has not been printed or saved as PDF since it last changed.") + " " + question
        if not self._confirm(title, text):
            return False
        self._unprinted = False
        return True

    def _with_plan(self, act: Callable[[PlanResult, Review], object]) -> None:
        plan, review = self._plan_on_screen()
        if plan is not None:
            act(plan, review)
