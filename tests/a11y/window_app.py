"""The real window for the screen-reader test, left open until it is ended: the README's
example patient and plan (scripts/screenshot_window.py), a search typed in the treatment
finder (so its clear button shows), and the dialog asking for a stop's override reason. Once it is filled in it prints, as one line of JSON, the
texts it shows: the dose line, the kg figure, the plan status and the alerts.

Run by tests/a11y/test_screen_reader.py with the project's Python under Xvfb, with
QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1, a session D-Bus and the AT-SPI bus.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from PySide6.QtWidgets import QLabel  # noqa: E402
from screenshot_window import example_window  # noqa: E402

from cc_dosecalc.gui.app import application  # noqa: E402
from cc_dosecalc.gui.override_dialog import OverrideDialog  # noqa: E402


def main() -> int:
    app = application()
    window = example_window()
    window.picker.search.setText("dil")
    window.patient_form.weight.setFocus()
    for _ in range(10):
        app.processEvents()
    shown = {
        "dose": window.findChild(QLabel, "doseResult").text(),
        "kg": window.findChild(QLabel, "weightInKg").text(),
        "status": window.findChild(QLabel, "reviewStatus").text(),
        "alerts": [label.text() for label in window.findChildren(QLabel, "alertText") if label.isVisible()],
    }
    override = OverrideDialog(window, "Minocycline: not under 8 years (example)")
    override.show()  # not modal here: both windows stay readable
    for _ in range(10):
        app.processEvents()
    print(json.dumps(shown), flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
