"""Started by bench_window: open a window, and on its first paint print the time since this
process was created and the peak memory, then exit. ``bare``: a PySide6 window with one label;
``window``: cc-dosecalc's window, reached through the same imports as ``cc-dosecalc``."""

from __future__ import annotations

import resource
import sys
import time


def main(kind: str) -> int:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QWidget

    if kind == "bare":
        app = QApplication(sys.argv[:1])
        window: QWidget = QLabel("cc-dosecalc")
    else:
        import cc_dosecalc.cli  # noqa: F401  (what the cc-dosecalc command imports first)
        from cc_dosecalc.gui.app import application
        from cc_dosecalc.gui.main_window import MainWindow

        app = application()
        window = MainWindow()

    class FirstPaint(QObject):
        seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not self.seen:
                self.seen = True
                QTimer.singleShot(0, finish)  # after the whole window's paint pass
            return False

    def finish() -> None:
        peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"{time.perf_counter()} {peak_kib}", flush=True)
        app.quit()

    watcher = FirstPaint()
    app.installEventFilter(watcher)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
