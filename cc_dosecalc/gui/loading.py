"""Starting the window's deferred load: the formulary and the engine load after the first paint.

Separate from the window so that the start-up mechanics (a paint watcher and its fallback delay,
the imports of the load) read on their own; the window decides when (:meth:`MainWindow.finish_loading`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from cc_dosecalc.active_formulary import ActiveFormulary

# How long after show() the load starts if no paint has come and the window is hidden or minimised.
LOAD_FALLBACK_MS = 250
# How long the load of a window left on screen waits for its first paint (a window mapped but never
# exposed): on a busy workstation, laying out, exposing and painting the window takes longer than
# the fallback, and the load (seconds there) must not come before the first paint.
PAINT_WAIT_MS = 3000


class FirstPaint(QObject):
    """Calls ``load`` once the widget it filters has painted for the first time, or, when no
    paint has come :data:`LOAD_FALLBACK_MS` after it was shown: at once if it was hidden or
    minimised meanwhile, else after at most :data:`PAINT_WAIT_MS` (its paint is on the way and
    goes first)."""

    def __init__(self, widget: QWidget, load: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._load = load
        self._painted = False
        self._waited_ms = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._painted:
            return False
        if event.type() == QEvent.Type.Paint:
            self._painted = True
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._load)  # after the whole paint pass is flushed
        elif event.type() == QEvent.Type.Show:
            self._waited_ms = 0
            QTimer.singleShot(LOAD_FALLBACK_MS, self._fallback)
        return False

    def _fallback(self) -> None:
        if self._painted:
            return
        self._waited_ms += LOAD_FALLBACK_MS
        on_screen = self._widget.isVisible() and not self._widget.isMinimized()
        if on_screen and self._waited_ms < PAINT_WAIT_MS:
            QTimer.singleShot(LOAD_FALLBACK_MS, self._fallback)
            return
        self._load()


def load_domain(site_formulary: str | None) -> ActiveFormulary:
    """Import the engine and the session, then read the active formulary (the site file
    chosen in the settings wins over CC_DOSECALC_FORMULARY: README, the site formulary). Raises
    :class:`cc_dosecalc.formulary.FormularyError` when it is refused."""
    from cc_dosecalc.active_formulary import load_active_formulary
    from cc_dosecalc.app import session  # noqa: F401  (the engine)

    return load_active_formulary(site_formulary)


def sync_kept_summaries_soon(window: QObject) -> None:
    """Once the event loop is back, after the first dose is shown, unless ``window`` is gone by
    then: send the summaries kept unsent while the hospital's history was away
    (:func:`cc_dosecalc.app.start_sync.sync_at_start`, in a thread of its own; reading where the
    history is takes a few milliseconds of imports that the first dose need not wait for)."""

    def sync() -> None:
        from cc_dosecalc.app.start_sync import sync_at_start

        sync_at_start()

    QTimer.singleShot(0, window, sync)
