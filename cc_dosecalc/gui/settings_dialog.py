"""Edit > Settings: the site formulary file (a per-user choice that wins over the machine-wide
``CC_DOSECALC_FORMULARY``) and the hospital history's server (the user's, when neither the
site's settings nor ``CC_DOSECALC_HISTORY_URL`` set one; never with a password in it)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cc_dosecalc.active_formulary import SITE_FORMULARY_ENV
from cc_dosecalc.history.server_url import HISTORY_URL_ENV, configured_url, password_in

if TYPE_CHECKING:
    from cc_dosecalc.gui.settings import Settings


class SettingsHost(Protocol):
    """What Edit > Settings changes in the window."""

    def set_site_formulary(self, path: str) -> None: ...

    def set_history_server(self, url: str) -> None: ...


def edit_settings(parent: QWidget, host: SettingsHost, settings: Settings, run_dialog: Callable[[QDialog], bool]) -> None:
    """Edit > Settings: the dialog (run by ``run_dialog``, which a test can answer); what changed
    is applied through ``host``, the window."""
    dialog = SettingsDialog(settings.site_formulary, parent, settings.history_server_url)
    accepted = run_dialog(dialog)
    if accepted and dialog.site_formulary() != settings.site_formulary:
        host.set_site_formulary(dialog.site_formulary())
    if accepted and dialog.history_server_url() != settings.history_server_url:
        host.set_history_server(dialog.history_server_url())
    dialog.deleteLater()


class SettingsDialog(QDialog):
    def __init__(self, site_formulary: str, parent: QWidget | None = None, history_server_url: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        layout = QVBoxLayout(self)
        label = QLabel(self.tr("&Site formulary file (laid over the built-in formulary):"), self)
        self.path = QLineEdit(site_formulary, self)
        self.path.setObjectName("siteFormularyPath")
        self.path.setAccessibleName(self.tr("Site formulary file"))
        self.path.setPlaceholderText(self.tr("none: the built-in formulary"))
        label.setBuddy(self.path)
        browse = QPushButton(self.tr("&Choose…"), self)
        browse.setObjectName("siteFormularyBrowse")
        clear = QPushButton(self.tr("C&lear"), self)
        clear.setObjectName("siteFormularyClear")
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        row.addWidget(clear)
        machine = os.environ.get(SITE_FORMULARY_ENV, "").strip()
        if machine:
            explain = self.tr("This computer sets %1 (by %2); a file chosen here is used instead, for you only.")
            explain = explain.replace("%1", machine).replace("%2", SITE_FORMULARY_ENV)
        else:
            explain = self.tr("Leave it empty to use the built-in formulary (or the file IT set for this computer in %1).")
            explain = explain.replace("%1", SITE_FORMULARY_ENV)
        note = QLabel(explain, self)
        note.setObjectName("siteFormularyNote")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        layout.addWidget(label)
        layout.addLayout(row)
        layout.addWidget(note)
        self._add_server(layout, history_server_url)
        layout.addWidget(buttons)
        browse.clicked.connect(self._browse)
        clear.clicked.connect(self.path.clear)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.resize(560, self.sizeHint().height())

    def _add_server(self, layout: QVBoxLayout, url: str) -> None:
        label = QLabel(self.tr("&Hospital history server (a postgresql:// URL, without the password):"), self)
        self.server = QLineEdit(url, self)
        self.server.setObjectName("historyServerUrl")
        self.server.setAccessibleName(self.tr("Hospital history server"))
        self.server.setPlaceholderText(self.tr("none: the history on this workstation only"))
        label.setBuddy(self.server)
        in_force = configured_url()
        if in_force is not None and not in_force.origin.startswith("the user's"):
            explain = self.tr("Set by IT (%1): %2").replace("%1", in_force.origin).replace("%2", in_force.shown)
            self.server.setEnabled(False)
        else:
            explain = self.tr("The password goes in a .pgpass file, never here (see the README). IT may set it for everyone (%1).")
            explain = explain.replace("%1", HISTORY_URL_ENV)
        self.server_note = QLabel(explain, self)
        self.server_note.setObjectName("historyServerNote")
        self.server_note.setWordWrap(True)
        layout.addWidget(label)
        layout.addWidget(self.server)
        layout.addWidget(self.server_note)

    def history_server_url(self) -> str:
        return self.server.text().strip()

    def _accept(self) -> None:
        if password_in(self.history_server_url()):
            self.server_note.setText(
                self.tr("Not accepted: the URL holds a password. Remove it and put it in a .pgpass file (see the README).")
            )
            return
        self.accept()

    def site_formulary(self) -> str:
        return self.path.text().strip()

    def choose_file(self) -> str | None:
        """The file dialog (tests replace it)."""
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose the site formulary file"), self.site_formulary(), self.tr("Formulary files (*.toml)")
        )
        return path or None

    def _browse(self) -> None:
        chosen = self.choose_file()
        if chosen:
            self.path.setText(chosen)
