"""Started by bench_window. ``bare``: a PySide6 window with one label; ``window``: cc-dosecalc's
window, reached through the same imports as the ``cc-dosecalc`` command (cc_dosecalc.start).

Prints two lines. The first as soon as the window's first paint pass is over (the parent takes
its own clock when it reads it): for cc-dosecalc that is the real window, laid out, with the
treatment list saying it is loading. The second, ``<perf_counter> <peak KiB>``, when the session
has really started: for cc-dosecalc after the deferred load (formulary, engine) and one
calculation shown (weight typed, a treatment added to the plan, the result repainted); for the
bare window right after its first paint. The peak is the process's peak resident set size
(VmHWM).
"""

from __future__ import annotations

import sys
import time


def peak_rss_kib() -> int:
    """This process's peak resident set size (VmHWM). Not ru_maxrss: on Linux that carries the
    parent's high-water mark across fork and exec, so a child of a large process reports its
    parent's size."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


def main(kind: str) -> int:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QWidget

    if kind == "bare":
        app = QApplication(sys.argv[:1])
        window: QWidget = QLabel("cc-dosecalc")
    else:
        import cc_dosecalc.start  # noqa: F401  (what the cc-dosecalc command imports first)
        from cc_dosecalc.gui.app import application
        from cc_dosecalc.gui.main_window import MainWindow

        app = application()
        window = main_window = MainWindow()
        window.resize(1360, 860)  # as it opens on a workstation (the offscreen screen is 800x800)

    def painted() -> None:
        print(f"painted {time.perf_counter()}", flush=True)
        if kind == "bare":
            finish()
        elif main_window.is_ready():
            session()
        else:
            main_window.ready.connect(session)

    def session() -> None:
        """One calculation, as a nurse's first: a weight, a treatment added, the dose shown."""
        main_window.patient_form.weight.setText("70")
        main_window.picker.select("diltiazem")
        main_window.picker.drug_selected.emit("diltiazem")
        main_window.add_to_plan()
        if not main_window.results.dose.text():
            raise RuntimeError("no dose after the first calculation")
        QTimer.singleShot(0, finish)  # after the repaint of the result

    def finish() -> None:
        peak_kib = peak_rss_kib()
        print(f"{time.perf_counter()} {peak_kib}", flush=True)
        app.quit()

    class FirstPaint(QObject):
        seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not self.seen:
                self.seen = True
                QTimer.singleShot(0, painted)  # after the whole window's paint pass
            return False

    watcher = FirstPaint()
    app.installEventFilter(watcher)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
