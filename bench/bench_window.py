"""The window against a bare PySide6 window: start to first paint, peak memory, and the time
from a keystroke in the weight field to the updated, repainted result."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import Row, ms

CHILD = Path(__file__).with_name("window_child.py")
RUNS = 9
KEYSTROKES = 100  # PySide6 6.12.0 on Python 3.11 drops a reference to None per void call: see the report


def _start(kind: str, env: dict[str, str]) -> tuple[float, int]:
    """Seconds from starting the process to its first paint (measured by the parent), and peak KiB."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(CHILD), kind], stdout=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    line = process.stdout.readline()
    painted = time.perf_counter()
    process.wait(timeout=60)
    if not line:
        raise RuntimeError(f"bench child {kind!r} did not report its first paint")
    return painted - start, int(line.split()[1])


def _startup_rows() -> list[Row]:
    with tempfile.TemporaryDirectory() as settings:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CC_DOSECALC_SETTINGS_DIR": settings}
        env["PYTHONPATH"] = os.pathsep.join([str(CHILD.parent.parent), env.get("PYTHONPATH", "")])
        samples: dict[str, list[tuple[float, int]]] = {"bare": [], "window": []}
        _start("bare", env), _start("window", env)  # warm the file cache
        for _ in range(RUNS):
            for kind in samples:  # interleaved, so both see the same machine
                samples[kind].append(_start(kind, env))
    seconds = {kind: statistics.median(s for s, _ in runs) for kind, runs in samples.items()}
    peak = {kind: statistics.median(k for _, k in runs) for kind, runs in samples.items()}
    start_ratio = seconds["window"] / seconds["bare"]
    memory_ratio = peak["window"] / peak["bare"]
    return [
        Row(
            "window: process start to first paint",
            ms(seconds["window"]),
            f"{ms(seconds['bare'])} (bare PySide6 label)",
            start_ratio,
            "<= 1.5x",
            start_ratio <= 1.5,
        ),
        Row(
            "window: peak memory at first paint",
            f"{peak['window'] / 1024:.1f} MiB",
            f"{peak['bare'] / 1024:.1f} MiB (bare PySide6 label)",
            memory_ratio,
            "<= 1.3x",
            memory_ratio <= 1.3,
        ),
    ]


def _keystroke_rows() -> list[Row]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as settings:
        os.environ["CC_DOSECALC_SETTINGS_DIR"] = settings
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        from cc_dosecalc.gui.app import application
        from cc_dosecalc.gui.main_window import MainWindow

        app = application()
        window = MainWindow()
        window.show()
        form = window.patient_form
        form.age.setText("52")
        form.height_input.setText("175")
        form.sex.setCurrentIndex(form.sex.findData("male"))
        form.crcl.setText("55")
        for drug_id in ("diltiazem", "colchicine", "ivig"):  # a three-treatment plan, IVIG shown
            window.picker.select(drug_id)
            window.picker.drug_selected.emit(drug_id)
            window.add_to_plan()
        weight = form.weight
        weight.setText("70.5")
        weight.setFocus()
        app.processEvents()
        updated, painted = [], []
        for index in range(KEYSTROKES):
            before = window.results.dose.text()
            start = time.perf_counter()
            # "70.5" -> "70.55" -> "70.5": each keystroke changes the dose
            QTest.keyClick(weight, Qt.Key.Key_5 if index % 2 == 0 else Qt.Key.Key_Backspace)
            updated.append(time.perf_counter() - start)
            app.processEvents()  # layout and repaint of what changed
            painted.append(time.perf_counter() - start)
            if window.results.dose.text() == before:
                raise RuntimeError("the result did not change after a keystroke")
        window.close()
        window.deleteLater()
        app.processEvents()
        os.environ.pop("CC_DOSECALC_SETTINGS_DIR")
    return [
        Row(
            "window: keystroke in weight to updated result widgets (3-drug plan)",
            ms(statistics.median(updated)),
            "",
            None,
            "< 5 ms median",
            statistics.median(updated) < 0.005,
        ),
        Row(
            "window: keystroke in weight to repainted window (offscreen raster)",
            ms(statistics.median(painted)),
            f"p90 {ms(sorted(painted)[int(len(painted) * 0.9)])}",
            None,
            "< 5 ms median",
            statistics.median(painted) < 0.005,
        ),
    ]


def run() -> list[Row]:
    return [*_startup_rows(), *_keystroke_rows()]
