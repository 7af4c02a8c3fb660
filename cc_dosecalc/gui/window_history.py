"""The window's side of the records: the history of printed summaries (opened on first use,
what opening it says told once), the History window, the hospital server chosen in the
settings, and what the About box says of where summaries are recorded.

Separate from the window so that the window module is the view over the session; nothing here
imports the history until it is first used (sqlite3 and psycopg are not loaded at start).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from cc_dosecalc.gui.common import tr

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from cc_dosecalc.app.records import Records
    from cc_dosecalc.gui.history_window import Calculator, HistoryWindow
    from cc_dosecalc.gui.settings import Settings


class WindowHistory:
    """``parent``: the History window's; ``calculator``: the window it reopens records into;
    ``tell(text)``: say something once, in the status bar and a message box."""

    def __init__(self, parent: QWidget, calculator: Calculator, settings: Settings, tell: Callable[[str], None]) -> None:
        self._parent = parent
        self._calculator = calculator
        self._settings = settings
        self._tell = tell
        self._records: Records | None = None
        self._window: HistoryWindow | None = None

    @property
    def records(self) -> Records:
        """The history of printed summaries, opened on first use."""
        if self._records is None:
            from cc_dosecalc.app.records import Records

            self._records = Records(on_notices=lambda notices: self._tell("\n".join(notices)))
        return self._records

    def where(self) -> str:
        """Where summaries are recorded, for the About box (a server named without its password)."""
        from cc_dosecalc.history import HistoryError

        try:
            where = self.records.where()
        except HistoryError as error:
            where = str(error)
        return tr("History: %1").replace("%1", where)

    def show(self) -> HistoryWindow:
        """File > History: the History window, listed again, in front."""
        from cc_dosecalc.gui.history_window import HistoryWindow

        if self._window is None:
            self._window = HistoryWindow(self._parent, self._calculator)
        self._window.refresh()
        self._window.show()
        self._window.raise_()
        self._window.activateWindow()
        return self._window

    def set_server(self, url: str) -> None:
        """Remember the user's hospital history ("" for none); the next record uses it."""
        self._settings.history_server_url = url
        self._settings.sync()
        if self._records is not None:
            self._records.close()
            self._records = None
        self.refresh()

    def refresh(self) -> None:
        """List the History window again, if it is open (another formulary, another server)."""
        if self._window is not None:
            self._window.refresh()

    def close(self) -> None:
        if self._window is not None:
            self._window.close()
