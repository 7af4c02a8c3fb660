"""The window paints first and loads the formulary and the engine just after: the
treatment list says it is loading, and what is typed meanwhile is kept and calculated."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from cc_dosecalc.formulary import Formulary
from cc_dosecalc.gui import MainWindow
from cc_dosecalc.gui.patient_form import _WEIGHT_SOURCES
from cc_dosecalc.paths import resource_dir
from cc_dosecalc.plan import WeightSource


def _unloaded_window(qtbot: QtBot) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    return window


def _status_texts(window: MainWindow) -> list[str]:
    return [label.text() for label in window.statusBar().findChildren(QLabel)]


def test_before_the_load_the_lists_say_they_are_loading(qtbot: QtBot, settings_dir: Path, formulary: Formulary) -> None:
    window = _unloaded_window(qtbot)
    assert not window.is_ready()
    tree = window.picker.tree
    assert tree.topLevelItemCount() == 1
    loading = tree.topLevelItem(0)
    assert loading is not None and loading.text(0) == "Loading the treatments…"
    assert not loading.flags() & Qt.ItemFlag.ItemIsSelectable
    assert window.guidance.label.text() == "Loading the guidance…"
    assert window.picker.current_drug() is None
    assert "Loading the formulary…" in _status_texts(window)
    window.show()
    qtbot.waitUntil(window.is_ready)  # started by the first paint, not by the test
    assert {"diltiazem", "ivig", "colchicine"} <= set(window.picker.visible_drug_ids())
    assert "Lesion size" in window.guidance.label.text()
    assert f"Formulary {formulary.version}" in _status_texts(window)


def test_a_window_shown_then_hidden_before_its_first_paint_still_loads(qtbot: QtBot, settings_dir: Path) -> None:
    window = _unloaded_window(qtbot)
    window.show()
    window.hide()  # before the event loop ran: no paint comes, the fallback loads
    qtbot.waitUntil(window.is_ready, timeout=10_000)
    assert {"diltiazem", "ivig", "colchicine"} <= set(window.picker.visible_drug_ids())


def test_input_typed_before_the_load_is_kept_and_calculated_once_loaded(qtbot: QtBot, settings_dir: Path) -> None:
    window = _unloaded_window(qtbot)
    form = window.patient_form
    form.weight_unit.setCurrentIndex(form.weight_unit.findData("lb"))
    qtbot.keyClicks(form.weight, "154")
    qtbot.keyClicks(window.picker.search, "dilt")
    assert form.weight_kg.text() == ""  # nothing calculated yet: the engine is not loaded
    assert not window.results.dose.text()
    with qtbot.waitSignal(window.ready, timeout=10_000):
        window.show()
    assert form.weight.text() == "154"
    assert form.weight_kg.text() == "= 69.85 kg"
    assert window.picker.visible_drug_ids() == ["diltiazem"]  # the search typed meanwhile is applied
    qtbot.keyClick(window.picker.search, Qt.Key.Key_Return)
    qtbot.keyClick(window.picker.tree, Qt.Key.Key_Return)
    assert window.results.dose.text() == "diltiazem oral 139.7 to 279.4 mg/day (2 to 4 mg/kg/day)"
    plan, _review = window.current_plan()
    assert plan is not None and [result.drug.id for result in plan.orders] == ["diltiazem"]
    assert "Weight: 154 lb x 0.45359237 kg/lb = 69.85 kg" in window.results.steps.text()


def test_a_caller_that_needs_the_plan_before_the_first_paint_gets_it_loaded(qtbot: QtBot, settings_dir: Path) -> None:
    window = _unloaded_window(qtbot)
    window.patient_form.weight.setText("70")
    assert window.current_plan()[0] is None  # loads on demand
    assert window.is_ready()
    assert "Formulary " in window.about_text()


def test_a_refused_built_in_formulary_is_said_where_the_treatments_would_be(
    qtbot: QtBot, settings_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    resources = tmp_path / "resources"
    resources.mkdir()
    shutil.copy(resource_dir() / "units.txt", resources / "units.txt")
    (resources / "formulary.toml").write_text("[formulary]\nname = 'broken'\n", encoding="utf-8")
    monkeypatch.setenv("CC_DOSECALC_RESOURCES", str(resources))
    window = _unloaded_window(qtbot)
    with qtbot.waitSignal(window.load_failed, timeout=10_000) as refused:
        window.show()
    message = refused.args[0] if refused.args else ""
    assert "formulary.toml" in message
    assert not window.is_ready()
    item = window.picker.tree.topLevelItem(0)
    assert item is not None and item.text(0) == "The formulary was refused: " + message
    window.patient_form.weight.setText("70")  # nothing is calculated from a refused formulary
    assert not window.results.dose.text()
    window.add_to_plan()  # the user's actions do nothing rather than fail
    window.new_patient()
    assert window.current_plan()[0] is None
    assert "Formulary refused: " + message in window.about_text()


def test_the_form_weight_sources_are_the_plan_weight_sources() -> None:
    assert tuple(source.value for source in WeightSource) == _WEIGHT_SOURCES


STARTUP_IMPORTS = """
import sys
from PySide6.QtCore import QTimer
import cc_dosecalc.start
from cc_dosecalc.gui.app import application
from cc_dosecalc.gui.main_window import MainWindow
app = application()
window = MainWindow()
early = [name for name in ("cc_dosecalc.engine", "cc_dosecalc.formulary", "tomllib", "sqlite3", "PySide6.QtPrintSupport")
         if name in sys.modules]
assert not early, f"imported before the first paint: {early}"
window.show()
QTimer.singleShot(20_000, app.quit)
window.ready.connect(app.quit)
app.exec()
assert window.is_ready(), "the window did not load after its first paint"
assert "cc_dosecalc.engine" in sys.modules
import linecache  # PySide6's import hook reads each module imported after it: nothing of it is kept (memory)
later = ("engine.py", "session.py", "main_window.py", "results_view.py")  # imported after cc_dosecalc.gui.app
kept = [name for name in linecache.cache if name.endswith(later)]
assert not kept, f"source lines kept after the load: {kept[:3]}"
# nor the history store with SQLite (no hospital history configured: it opens on first use),
# nor OpenSSL's libcrypto (hashlib): each costs the start about 3 MiB of memory
never = [name for name in ("pint", "hypothesis", "pytest", "PySide6.QtPrintSupport", "sqlite3", "_hashlib")
         if name in sys.modules]
assert not never, f"imported by the window's start: {never}"
print("ok")
"""


def test_nothing_before_the_first_paint_imports_the_engine(settings_dir: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("CC_DOSECALC_HISTORY_URL", None)  # the local history only
    done = subprocess.run([sys.executable, "-c", STARTUP_IMPORTS], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
