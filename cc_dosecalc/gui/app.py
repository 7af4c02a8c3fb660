"""Starting the window: the QApplication, its names, and the first show."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication

from cc_dosecalc.gui.pyside_hook import answer_without_source_cache

# before the window's modules and the deferred load are imported: PySide6 checks each of them
answer_without_source_cache()

from cc_dosecalc import __version__  # noqa: E402
from cc_dosecalc.gui.settings import APPLICATION, ORGANIZATION  # noqa: E402


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
    QLocale.setDefault(QLocale.system())
    return app


def run() -> int:
    """Open the window and run until it is closed. Returns the exit status.

    The window paints first and loads the formulary just after; a refused built-in
    formulary is told on standard error and in a message box, and the program ends with 1.
    """
    from cc_dosecalc.gui.main_window import MainWindow

    app = application()
    window = MainWindow()

    def refused(message: str) -> None:
        print(f"cc-dosecalc: formulary refused: {message}", file=sys.stderr)
        window.inform(window.tr("Formulary refused"), window.tr("The formulary was refused, so no dose can be calculated:\n") + message)
        app.exit(1)

    window.load_failed.connect(refused)
    window.show()
    return app.exec()
