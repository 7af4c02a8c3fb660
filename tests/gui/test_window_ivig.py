"""What the nurse gives, in the window (issue 14): the IVIG product chosen in the order, the risk
factor checklist beside the result, the infusion plan's rate steps as a table, and suggested
orders from listed strengths."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QTableWidget

from tests.gui.conftest import Nurse

CHECKLIST = "IVIG risk factor checklist not answered"


def plain(text: str) -> str:
    """A label's text as read: without the word joiners and no-break spaces that keep units whole."""
    return text.replace("\u2060", "").replace("\u00a0", " ")


def rates(nurse: Nurse) -> list[str]:
    table = nurse.find(QTableWidget, "infusionSteps")
    assert isinstance(table, QTableWidget) and table.isVisible()
    return [table.item(row, 1).text() for row in range(table.rowCount())]


def open_items(nurse: Nurse) -> str:
    return nurse.window.plan_panel.open_items.text()


def ivig_with_octagam(nurse: Nurse) -> None:
    nurse.patient("70", age="40", crcl="90")
    nurse.add("ivig")
    product = nurse.find(QComboBox, "productInput")
    assert product.isVisible() and product.currentText() == "choose the product"
    nurse.choose("productInput", "Octagam 10%")


def test_the_product_gives_the_rate_steps_and_the_checklist_is_open_until_answered(nurse: Nurse) -> None:
    ivig_with_octagam(nurse)
    assert rates(nurse) == ["42", "84", "138.6"]  # the at-risk maximum until the checklist is answered
    assert CHECKLIST in open_items(nurse) and nurse.status().startswith("Not yet checked")
    heading = nurse.find(QLabel, "infusionHeading")
    assert heading.text() == "IVIG infusion plan, each of the 2 days (the same each day)"
    text = plain(nurse.find(QLabel, "infusionText").text())
    assert "Octagam 10%: 70 g (" in text and "70 g in whole vials: 2 x 30 g + 1 x 10 g (no rounding needed)" in text
    none_apply = nurse.find(QCheckBox, "ivigNoRiskFactors")
    assert isinstance(none_apply, QCheckBox) and none_apply.isVisible()
    none_apply.setFocus()
    nurse.qtbot.keyClick(none_apply, Qt.Key.Key_Space)
    assert rates(nurse) == ["42", "84", "168"]
    assert CHECKLIST not in open_items(nurse)
    diabetes = nurse.find(QCheckBox, "ivigRiskFactor-diabetes")
    nurse.qtbot.mouseClick(diabetes, Qt.MouseButton.LeftButton)
    assert not none_apply.isChecked()  # a factor ticked: "none of these apply" no longer holds
    assert rates(nurse) == ["42", "84", "138.6"]
    assert CHECKLIST not in open_items(nurse)
    nurse.qtbot.mouseClick(diabetes, Qt.MouseButton.LeftButton)  # nothing ticked: not answered again
    assert CHECKLIST in open_items(nurse)
    plan, _review = nurse.window.current_plan()
    assert plan is not None and plan.patient.ivig_risk_factors is None and plan.orders[0].infusion is not None


def test_the_checklist_is_kept_while_the_patient_is_typed_and_cleared_for_a_new_one(nurse: Nurse) -> None:
    ivig_with_octagam(nurse)
    nurse.qtbot.mouseClick(nurse.find(QCheckBox, "ivigRiskFactor-sepsis"), Qt.MouseButton.LeftButton)
    nurse.type_into("weightInput", "80")
    assert rates(nurse)[-1] == "158.4"  # 80 kg x 3.3 mg/kg/min at 100 mg/mL
    assert nurse.find(QCheckBox, "ivigRiskFactor-sepsis").isChecked()
    nurse.window.new_patient()
    nurse.patient("70", age="40", crcl="90")
    nurse.add("ivig")
    assert not nurse.find(QCheckBox, "ivigRiskFactor-sepsis").isChecked()
    assert nurse.find(QComboBox, "productInput").currentText() == "choose the product"


def test_a_tablet_treatment_shows_suggested_orders_and_no_product_or_checklist(nurse: Nurse) -> None:
    nurse.patient("70", age="40")
    nurse.add("dilt")
    assert not nurse.find(QComboBox, "productInput").isVisible()
    assert not nurse.find(QCheckBox, "ivigNoRiskFactors").isVisible()
    lines = plain(nurse.find(QLabel, "givenAsLines").text()).splitlines()
    assert lines and all(line.startswith("Suggested order: ") for line in lines)
    assert not nurse.find(QTableWidget, "infusionSteps").isVisible()


def test_a_screen_reader_hears_the_product_and_the_steps_table(nurse: Nurse) -> None:
    ivig_with_octagam(nurse)
    product = nurse.find(QComboBox, "productInput")
    assert isinstance(product, QComboBox) and product.accessibleName() == "IVIG product"
    # each product with its concentration, which the volume depends on
    assert [product.itemText(index) for index in range(product.count())] == [
        "choose the product", "Octagam 10%", "Privigen 10%", "Gamunex-C 10%", "Panzyga 10%", "Gammagard Liquid 10%",
    ]  # fmt: skip
    table = nurse.find(QTableWidget, "infusionSteps")
    assert isinstance(table, QTableWidget)
    assert table.accessibleName() == "IVIG infusion plan, each of the 2 days (the same each day)"
    assert "Octagam 10%" in table.accessibleDescription()
    headings = [table.horizontalHeaderItem(column).text().replace("\n", " ") for column in range(table.columnCount())]
    assert headings == ["Clock time", "Rate mL/h", "Rate mg/kg/min", "Minutes", "Volume in step", "Cumulative volume"]
    assert "Not answered" in nurse.find(QCheckBox, "ivigNoRiskFactors").parentWidget().accessibleDescription()


def test_tab_reaches_the_ivig_order_and_the_checklist_in_reading_order(nurse: Nurse) -> None:
    ivig_with_octagam(nurse)
    seen = nurse.tab_through(nurse.window.plan_panel.list, 19)
    factors = [f"ivigRiskFactor-{factor}" for factor in ("diabetes", "volume-depletion", "sepsis", "paraproteinaemia")]
    assert seen[:5] == ["planList", "daysInput", "orderedInput", "frequencyInput", "productInput"]
    assert seen[5:7] == ["removeFromPlan", "interactionsView"]
    assert seen[7:11] == factors  # no dosing-weight choice without a height: straight to the checklist
    assert seen[-2:] == ["ivigNoRiskFactors", "infusionSteps"]


def test_the_steps_table_is_never_cut_at_1024x768(nurse: Nurse) -> None:
    from PySide6.QtWidgets import QApplication

    nurse.window.resize(1024, 720)
    ivig_with_octagam(nurse)
    results = nurse.window.results
    table = nurse.find(QTableWidget, "infusionSteps")
    assert isinstance(table, QTableWidget)
    for _ in range(3):
        QApplication.processEvents()
    results.ensureWidgetVisible(table)
    QApplication.processEvents()
    viewport = table.viewport().rect()
    for row in range(table.rowCount()):
        # every row as tall as its wrapped text ("228 (until the day's volume is given)")
        assert table.rowHeight(row) >= table.sizeHintForRow(row)
        assert viewport.top() <= table.visualItemRect(table.item(row, 0)).top()
        assert table.visualItemRect(table.item(row, 0)).bottom() <= viewport.bottom()
    header = table.horizontalHeader()
    minutes = [header.model().headerData(column, Qt.Orientation.Horizontal) for column in range(table.columnCount())].index("Minutes")
    assert header.sectionSize(minutes) >= table.fontMetrics().horizontalAdvance("Minutes")
    # narrower than the figures: scrolled sideways, never cut
    assert header.length() <= table.viewport().width() or table.horizontalScrollBar().isVisible()


def test_the_dose_given_in_whole_vials_stands_beside_the_calculated_dose(nurse: Nurse) -> None:
    nurse.patient("70", age="70", height="175", sex="female", crcl="90")
    nurse.add("ivig")
    nurse.qtbot.mouseClick(nurse.window.results.weight_buttons["adjusted"], Qt.MouseButton.LeftButton)
    nurse.choose("productInput", "Privigen 10%")
    assert "67.6 g daily" in nurse.dose()
    text = plain(nurse.find(QLabel, "infusionText").text())
    # 70 g of whole vials against the calculated 67.58 g: 70 / 67.58 = +3.58%, within the 10% tolerance
    assert "Privigen: 67.58 g rounded to whole vials: 70 g = " in text
    assert "(+3.58%, within the 10% tolerance)" in text
    assert "Privigen: 70 g (" in text and "700 mL" in text
