"""Write docs/window.png: the real window, offscreen, with a realistic patient and plan.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot_window.py [output.png]
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cc_dosecalc.gui.main_window import MainWindow

ROOT = Path(__file__).resolve().parent.parent


def example_window() -> MainWindow:
    """The real window, shown, with a patient weighed in lb and three treatments planned:
    diltiazem selected (its dose, and its interaction with colchicine)."""
    from cc_dosecalc.gui.main_window import MainWindow

    window = MainWindow()
    window.resize(1360, 900)
    window.show()
    form = window.patient_form
    form.weight_unit.setCurrentIndex(form.weight_unit.findData("lb"))
    form.weight.setText("154")
    form.age.setText("52")
    form.height_input.setText("175")
    form.sex.setCurrentIndex(form.sex.findData("male"))
    form.crcl.setText("55")
    for drug_id in ("diltiazem", "colchicine", "ivig"):
        window.picker.select(drug_id)
        window.picker.drug_selected.emit(drug_id)
        window.add_to_plan()
    window.plan_panel.list.setCurrentRow(0)
    window.patient_form.weight.setFocus()
    window.statusBar().clearMessage()
    return window


def write_screenshot(build: Callable[[], MainWindow], default_name: str) -> int:
    """Build the window with ``build`` (in a throw-away settings folder, never the user's saved
    geometry) and save it to ``argv[1]`` or ``docs/<default_name>``."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / default_name
    with tempfile.TemporaryDirectory() as settings:
        os.environ["CC_DOSECALC_SETTINGS_DIR"] = settings
        from cc_dosecalc.gui.app import application

        app = application()
        window = build()
        for _ in range(5):
            app.processEvents()
        output.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(output)):
            print(f"screenshot: could not write {output}", file=sys.stderr)
            return 1
        window.close()
    print(output)
    return 0


if __name__ == "__main__":
    sys.exit(write_screenshot(example_window, "window.png"))
