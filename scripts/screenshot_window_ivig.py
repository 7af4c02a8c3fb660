"""Write docs/window-ivig.png: the real window, offscreen, with the README's worked example: a
70 kg adult, IVIG 2 g/kg over 2 days, Octagam 10%, none of the risk factors, the result column
scrolled to the infusion plan.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot_window_ivig.py [output.png]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "window-ivig.png"
    with tempfile.TemporaryDirectory() as settings:
        os.environ["CC_DOSECALC_SETTINGS_DIR"] = settings  # never the user's saved geometry
        from cc_dosecalc.gui.app import application
        from cc_dosecalc.gui.main_window import MainWindow

        app = application()
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
            app.processEvents()
        window.results.ensureWidgetVisible(window.results.given_as.table)
        window.statusBar().clearMessage()
        for _ in range(5):
            app.processEvents()
        output.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(output)):
            print(f"screenshot_window_ivig: could not write {output}", file=sys.stderr)
            return 1
        window.close()
    print(output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
