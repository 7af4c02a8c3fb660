"""The window fits the screens nurses have: 1024x768 at scale 1, and 1366x768 at 1.25 (1093x614
logical pixels). The window's client area is what a maximized window gets once the title bar and
a task bar are taken: nothing a nurse needs is cut, the rest scrolls."""

from __future__ import annotations

import os

import pytest
from PySide6.QtGui import QFont, QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication, QLabel, QListWidget, QWidget

from tests.gui.conftest import Nurse

# the client area of a maximized window: the screen less about 48 px of title and task bar
SIZES = {"1024x768 at scale 1": (1024, 720), "1366x768 at scale 1.25": (1093, 566)}


def fully_visible(widget: QWidget) -> bool:
    """Shown, not clipped by any parent (a splitter, a scroll area's viewport, the window), and,
    for a label, as tall as its text needs at its width: nothing of it is cut."""
    if not widget.isVisible() or widget.visibleRegion().boundingRect() != widget.rect():
        return False
    if isinstance(widget, QLabel) and widget.wordWrap():
        return widget.height() >= widget.heightForWidth(widget.width())
    return widget.width() >= widget.minimumSizeHint().width()


def every_row_visible(rows: QListWidget) -> bool:
    viewport = rows.viewport().rect()
    return all(viewport.contains(rows.visualItemRect(rows.item(index))) for index in range(rows.count()))


@pytest.mark.parametrize("size", SIZES)
def test_what_a_nurse_needs_is_in_view(nurse: Nurse, size: str) -> None:
    width, height = SIZES[size]
    nurse.window.resize(width, height)
    nurse.patient("100", age="40", height="175", sex="male", crcl="90")
    nurse.add("dilt")
    nurse.add("colch")
    nurse.add("ivig")  # the longest order line, its course total and the dosing-weight choices
    nurse.qtbot.waitUntil(lambda: nurse.window.size().width() == width)
    for _ in range(3):  # the layouts the last change asked for (posted events), as the next paint would
        QApplication.sendPostedEvents()
        QApplication.processEvents()
    assert (nurse.window.width(), nurse.window.height()) == (width, height)  # no minimum size larger than the screen
    if os.environ.get("CC_DOSECALC_FIT_SHOTS"):
        nurse.window.grab().save(os.path.join(os.environ["CC_DOSECALC_FIT_SHOTS"], f"window-{width}x{height}.png"))
    results = nurse.window.results
    assert nurse.dose().startswith("immune globulin")
    parts = {
        "the dose line": results.dose,
        "the order's heading": nurse.window.order_editor.heading,
        "the order details (course total)": results.order_text,
        "the plan status": nurse.window.plan_panel.status,
        **{f"the {basis} weight choice": button for basis, button in results.weight_buttons.items() if button.isVisibleTo(results)},
    }
    cut = [name for name, widget in parts.items() if not fully_visible(widget)]
    assert cut == []
    assert nurse.window.plan_panel.list.count() == 3 and every_row_visible(nurse.window.plan_panel.list)


def wrapped_lines(text: str, font: QFont, width: int) -> list[str]:
    """The lines ``text`` wraps into at ``width`` pixels, as a word-wrapped list row or label does."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        lines.append(text[line.textStart() : line.textStart() + line.textLength()])
    layout.endLayout()
    return lines


def test_units_never_break_across_lines_in_the_plan_list(nurse: Nurse) -> None:
    from PySide6.QtWidgets import QStyleOptionViewItem

    from cc_dosecalc.gui.common import units_unbroken

    nurse.patient("100", age="40")
    nurse.add("dilt")
    rows = nurse.window.plan_panel.list
    text = rows.item(0).text()
    assert text.startswith("diltiazem oral 200 to 400 mg/day (2 to 4 mg/kg/day)")  # the item (what is read) as it was
    option = QStyleOptionViewItem()
    rows.itemDelegate().initStyleOption(option, rows.model().index(0, 0))
    drawn = option.text
    assert drawn == units_unbroken(text)
    font = rows.font()
    widths = range(80, 420, 2)
    # plain, the row breaks inside a unit at some width ("mg/" over "kg/day"); drawn, at none
    assert any(line.rstrip().endswith("/") for width in widths for line in wrapped_lines(text, font, width))
    for width in widths:
        lines = wrapped_lines(drawn, font, width)
        assert not [line for line in lines[:-1] if line.rstrip().endswith(("/", "\u2060")) or line.rstrip()[-1:].isdigit()], width


def test_the_patient_fields_right_edges_line_up(nurse: Nurse) -> None:
    nurse.window.resize(*SIZES["1024x768 at scale 1"])
    nurse.patient("100", age="40", height="175", sex="male", crcl="90")
    form = nurse.window.patient_form
    QApplication.processEvents()

    def right_edge(widget: QWidget) -> int:
        return widget.mapTo(form, widget.rect().topRight()).x()

    last_of_each_row = [
        form.weight_unit, form.weight_source, form.age_unit, form.height_unit, form.sex, form.scr_unit,
        form.allergies, form.no_known_allergies, form.name, form.identifier,
    ]  # fmt: skip
    assert {right_edge(widget) for widget in last_of_each_row} == {right_edge(form.weight_source)}
    # the allergies field is as wide as the name's: the "No known allergies" box is on its own row
    assert form.allergies.width() == form.name.width()
    weight_width = form.weight.width()
    nurse.choose("weightUnit", "lb")  # the kg figure, large, under the field: the field keeps its width
    QApplication.processEvents()
    assert form.weight_kg.isVisible() and right_edge(form.weight_kg) <= right_edge(form.weight_source)
    assert form.weight.width() == weight_width and form.weight_kg.width() >= form.weight_kg.sizeHint().width()
