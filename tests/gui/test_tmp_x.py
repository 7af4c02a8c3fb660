from PySide6.QtWidgets import QMessageBox
from tests.gui.conftest import answer_next_question
def test_x(nurse, monkeypatch):
    nurse.patient("70", age="40")
    nurse.add("dilt")
    print("BEFORE", nurse.window.guidance.label.text()[:80])
    monkeypatch.setattr(nurse.window, "confirm", lambda t, x: True)
    nurse.window.new_patient()
    print("AFTER", nurse.window.guidance.label.text()[:80])
    print("PICKER", nurse.window.picker.list.currentRow() if hasattr(nurse.window.picker, "list") else None)
