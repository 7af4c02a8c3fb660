"""Asking for the written reason for overriding a stop.

A dialog of its own rather than QInputDialog's multi-line box: the reason field is named for a
screen reader, Tab moves on to the buttons instead of typing a tab, Ctrl+Enter accepts, and the
override cannot be accepted with no reason written.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget


class OverrideDialog(QDialog):
    def __init__(self, parent: QWidget | None, message: str) -> None:
        super().__init__(parent)
        self.setObjectName("overrideDialog")
        self.setWindowTitle(self.tr("Override a stop"))
        prompt = QLabel(
            self.tr("This stop says:\n%1\n\nWrite the reason for overriding it (it is recorded on the summary):").replace("%1", message),
            self,
        )
        prompt.setWordWrap(True)
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("overrideReason")
        self.reason.setAccessibleName(self.tr("Reason for the override"))
        self.reason.setAccessibleDescription(self.tr("Recorded on the summary. Ctrl+Enter overrides the stop."))
        self.reason.setTabChangesFocus(True)
        prompt.setBuddy(self.reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Override"))
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self._accept_written)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(lambda: self.ok_button.setEnabled(bool(self.text())))
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self._accept_written)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.reason, 1)
        layout.addWidget(self.buttons)
        self.reason.setFocus()

    def text(self) -> str:
        return self.reason.toPlainText().strip()

    def _accept_written(self) -> None:
        if self.text():
            self.accept()


def ask_override_reason(parent: QWidget, message: str) -> str | None:
    """The reason written for overriding the stop ``message``; None when cancelled."""
    dialog = OverrideDialog(parent, message)
    try:
        return dialog.text() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
