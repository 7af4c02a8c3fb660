"""Asking who overrides a stop and why, in one dialog.

The rule is the domain's (:func:`cc_dosecalc.override.override_problem`): the dialog only shows
what it says. Override stays disabled, with the rule shown, until the name and the reason meet
it. Tab moves between the fields (never a tab typed into the reason), Ctrl+Enter accepts,
Escape cancels. The reason is one line (a record holds no line breaks).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from cc_dosecalc.override import MAX_NAME_LENGTH, MAX_REASON_LENGTH, REASON_RULE, Override, make_override, override_problem


class OverrideDialog(QDialog):
    def __init__(self, parent: QWidget | None, message: str) -> None:
        super().__init__(parent)
        self.setObjectName("overrideDialog")
        self.setWindowTitle(self.tr("Override a stop"))
        prompt = QLabel(self.tr("This stop says:\n%1\n\nBoth are recorded and printed beside the stop.").replace("%1", message), self)
        prompt.setWordWrap(True)
        self.clinician = QLineEdit(self)
        self.clinician.setObjectName("overrideBy")
        self.clinician.setMaxLength(MAX_NAME_LENGTH)
        self.clinician.setAccessibleName(self.tr("Clinician who overrides"))
        # one line: the record refuses line breaks, and Enter must not type one
        self.reason = QLineEdit(self)
        self.reason.setObjectName("overrideReason")
        self.reason.setMaxLength(MAX_REASON_LENGTH)
        self.reason.setAccessibleName(self.tr("Reason for the override"))
        self.reason.setAccessibleDescription(self.tr("Ctrl+Enter overrides the stop. ") + REASON_RULE)
        self.rule = QLabel(self)
        self.rule.setObjectName("overrideRule")
        self.rule.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Override"))
        self.buttons.accepted.connect(self._accept_if_valid)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Overridden &by (clinician):"), self.clinician)
        form.addRow(self.tr("&Reason:"), self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addLayout(form, 1)
        layout.addWidget(self.rule)
        layout.addWidget(self.buttons)
        self.clinician.textChanged.connect(self._update)
        self.reason.textChanged.connect(self._update)
        self._update()
        self.clinician.setFocus()

    def problem(self) -> str | None:
        return override_problem(self.reason.text(), self.clinician.text())

    def override(self) -> Override:
        """The override as written; only once :meth:`problem` is None."""
        return make_override(self.reason.text(), self.clinician.text())

    def _update(self) -> None:
        problem = self.problem()
        self.ok_button.setEnabled(problem is None)
        self.rule.setText(problem or self.tr("Ready: Override records the stop as overridden."))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+Enter accepts from either field (the fields pass Enter on to the dialog)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self._accept_if_valid()
            return
        super().keyPressEvent(event)

    def _accept_if_valid(self) -> None:
        if self.problem() is None:
            self.accept()


def ask_override(parent: QWidget, message: str) -> Override | None:
    """The override written for the stop ``message``; None when cancelled."""
    dialog = OverrideDialog(parent, message)
    try:
        return dialog.override() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
