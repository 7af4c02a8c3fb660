"""Starting the window's deferred load: the formulary, the engine and pint load after the first paint.

Separate from the window so that the start-up mechanics (a paint watcher and its fallback delay)
read on their own; the window decides what loading means (:meth:`MainWindow.finish_loading`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer

# How long after show() the load starts if no paint has come (a window mapped but never exposed).
LOAD_FALLBACK_MS = 250


class FirstPaint(QObject):
    """Calls ``load`` once the widget it filters has painted for the first time."""

    def __init__(self, parent: QObject, load: Callable[[], None]) -> None:
        super().__init__(parent)
        self._load = load

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._load)  # after the whole paint pass is flushed
        return False
