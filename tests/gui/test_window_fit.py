"""The window fits the screens nurses have: 1024x768 at scale 1, and 1366x768 at 1.25 (1093x614
logical pixels). The window's client area is what a maximized window gets once the title bar and
a task bar are taken: nothing a nurse needs is cut, the rest scrolls."""

from __future__ import annotations

import os

import pytest
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
    assert (nurse.window.width(), nurse.window.height()) == (width, height)  # no minimum size larger than the screen
    for _ in range(3):  # the layouts the last change asked for (posted events), as the next paint would
        QApplication.sendPostedEvents()
        QApplication.processEvents()
    if os.environ.get("CC_DOSECALC_FIT_SHOTS"):
        nurse.window.grab().save(os.path.join(os.environ["CC_DOSECALC_FIT_SHOTS"], f"window-{width}x{height}.png"))
    results = nurse.window.results
    assert nurse.dose().startswith("immune globulin")
    parts = {
        "the dose line": results.dose,
        "the order details (course total)": results.order_text,
        "the plan status": nurse.window.plan_panel.status,
        **{f"the {basis} weight choice": button for basis, button in results.weight_buttons.items() if button.isVisibleTo(results)},
    }
    cut = [name for name, widget in parts.items() if not fully_visible(widget)]
    assert cut == []
    assert nurse.window.plan_panel.list.count() == 3 and every_row_visible(nurse.window.plan_panel.list)
