"""Starting the window: the QApplication, its names, and the first show."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication

from cc_dosecalc import __version__
from cc_dosecalc.gui.settings import APPLICATION, ORGANIZATION


def application(argv: Sequence[str] | None = None) -> QApplication:
    """The one QApplication (made on first use), named so QSettings finds its file."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication(list(argv if argv is not None else sys.argv[:1]))
    app.setApplicationDisplayName("cc-dosecalc")
    app.setDesktopFileName("cc-dosecalc")
    QLocale.setDefault(QLocale.system())
    return app


def run() -> int:
    """Open the window and run until it is closed. Returns the exit status."""
    from cc_dosecalc.formulary import FormularyError

    app = application()
    try:
        from cc_dosecalc.gui.main_window import MainWindow

        window = MainWindow()
    except FormularyError as error:
        print(f"cc-dosecalc: formulary refused: {error}", file=sys.stderr)
        return 1
    window.show()
    return app.exec()
