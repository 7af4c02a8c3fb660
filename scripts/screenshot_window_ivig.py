"""Write docs/window-ivig.png: the real window, offscreen, with the README's worked example: a
70 kg adult, IVIG 2 g/kg over 2 days, Octagam 10%, none of the risk factors, the result column
scrolled to the infusion plan.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot_window_ivig.py [output.png]
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from screenshot_window import write_screenshot

if TYPE_CHECKING:
    from cc_dosecalc.gui.main_window import MainWindow


def ivig_window() -> MainWindow:
    from PySide6.QtWidgets import QApplication

    from cc_dosecalc.gui.main_window import MainWindow

    window = MainWindow()
    window.resize(1360, 900)
    window.show()
    form = window.patient_form
    form.weight.setText("70")
    form.weight_source.setCurrentIndex(form.weight_source.findData("measured"))
    form.age.setText("40")
    form.crcl.setText("90")
    form.no_known_allergies.setChecked(True)
    window.picker.select("ivig")
    window.picker.drug_selected.emit("ivig")
    window.add_to_plan()
    editor = window.order_editor
    editor.days.setValue(2)
    editor.product.setCurrentIndex(editor.product.findData("octagam-10"))
    window.results.risk_factors.none_apply.click()
    for _ in range(5):
        QApplication.processEvents()
    window.results.ensureWidgetVisible(window.results.given_as.table)
    window.statusBar().clearMessage()
    return window


if __name__ == "__main__":
    sys.exit(write_screenshot(ivig_window, "window-ivig.png"))
