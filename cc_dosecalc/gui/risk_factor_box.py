"""The IVIG risk factor checklist (the labels' boxed warning), beside the IVIG order's result.

It has three answers, as :mod:`cc_dosecalc.administration.at_risk` reads them: not answered
(nothing ticked), none of these apply, or the factors ticked. Until it is answered the plan has
an open item and the infusion does not climb above the at-risk maximum; no tick elsewhere
closes it. Ticking "none of these apply" clears the factors, and ticking a factor clears it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGroupBox, QLabel, QVBoxLayout, QWidget

from cc_dosecalc.gui.common import set_text


class RiskFactorBox(QGroupBox):
    """``answered(object)`` fires on the nurse's ticks only (not on :meth:`load`), with None
    (not answered), an empty tuple (none apply) or the ids ticked."""

    answered = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("IVIG risk factors"), parent)  # a short title: a group box's title does not wrap
        self.setObjectName("ivigRiskFactors")
        self._layout = QVBoxLayout(self)
        question = self.tr("Kidney dysfunction and thrombosis (the labels' boxed warning): tick each that applies, or none of these apply.")
        self.question = QLabel(question, self)
        self.question.setWordWrap(True)
        self._layout.addWidget(self.question)
        self.factors: dict[str, QCheckBox] = {}
        self.none_apply = QCheckBox(self.tr("None of these appl&y"), self)
        self.none_apply.setObjectName("ivigNoRiskFactors")
        self.none_apply.clicked.connect(self._none_clicked)
        self._layout.addWidget(self.none_apply)
        self.state = QLabel(self)
        self.state.setObjectName("ivigRiskFactorsState")
        self.state.setWordWrap(True)
        self._layout.addWidget(self.state)
        self._loaded: tuple[tuple[str, str], ...] = ()

    def load(self, factors: Sequence[tuple[str, str]], ticked: tuple[str, ...] | None) -> None:
        """The formulary's list (id, words) and the answer in force, without emitting ``answered``."""
        listed = tuple(factors)
        if listed != self._loaded:
            for box in self.factors.values():
                self._layout.removeWidget(box)
                box.deleteLater()
            self.factors = {}
            for index, (factor_id, text) in enumerate(listed):
                box = QCheckBox(text, self)
                box.setObjectName(f"ivigRiskFactor-{factor_id}")
                box.clicked.connect(self._factor_clicked)
                self._layout.insertWidget(1 + index, box)
                self.factors[factor_id] = box
            self._loaded = listed
            # Tab in reading order: the factors, then "none of these apply" (new boxes join the window's chain at its end)
            previous = self.none_apply.previousInFocusChain()
            for box in [*self.factors.values(), self.none_apply]:
                if previous is not None:
                    QWidget.setTabOrder(previous, box)
                previous = box
        for factor_id, box in self.factors.items():
            box.setChecked(ticked is not None and factor_id in ticked)
        self.none_apply.setChecked(ticked == ())
        self._show_state(ticked)

    def value(self) -> tuple[str, ...] | None:
        ticked = tuple(factor_id for factor_id, box in self.factors.items() if box.isChecked())
        if ticked:
            return ticked
        return () if self.none_apply.isChecked() else None

    def _factor_clicked(self) -> None:
        if any(box.isChecked() for box in self.factors.values()):
            self.none_apply.setChecked(False)
        self._answer()

    def _none_clicked(self) -> None:
        if self.none_apply.isChecked():
            for box in self.factors.values():
                box.setChecked(False)
        self._answer()

    def _answer(self) -> None:
        value = self.value()
        self._show_state(value)
        self.answered.emit(value)

    def _show_state(self, ticked: tuple[str, ...] | None) -> None:
        if ticked is None:
            text = self.tr("Not answered: the plan is not checked until it is; meanwhile the infusion keeps to the at-risk maximum.")
        elif ticked:
            text = self.tr("At risk: the infusion does not climb above the at-risk maximum.")
        else:
            text = self.tr("Answered: none of these apply.")
        set_text(self.state, text)
        self.setAccessibleDescription(text)
