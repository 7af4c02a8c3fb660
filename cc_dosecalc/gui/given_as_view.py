"""What the nurse gives, under the selected order's result: the suggested orders from listed
strengths, how the ordered dose is made up, and for IVIG with a product chosen the infusion plan
(the rate steps as a table, the vital-sign checkpoints). The words and rows are
:mod:`cc_dosecalc.administration.text`'s, the same as the terminal's and the summary's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from cc_dosecalc.gui.common import set_text, units_unbroken

if TYPE_CHECKING:
    from cc_dosecalc.administration.infusion import InfusionDay, InfusionPlan
    from cc_dosecalc.results import OrderResult


class GivenAsView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("givenAs")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = self._label("givenAsHeading")
        self.heading.setText(self.tr("Given as"))
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.lines = self._label("givenAsLines")
        self.infusion_heading = self._label("infusionHeading")
        self.infusion_heading.setFont(font)
        self.infusion_text = self._label("infusionText")
        self.table = _StepsTable(self)
        self.table.setObjectName("infusionSteps")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.checkpoints = self._label("infusionCheckpoints")
        for widget in (self.heading, self.lines, self.infusion_heading, self.infusion_text, self.table, self.checkpoints):
            layout.addWidget(widget)

    def show_result(self, result: OrderResult) -> None:
        """Show what ``result`` is given as; hidden when there is nothing to give it as."""
        from cc_dosecalc.administration.text import suggestion_lines

        lines = suggestion_lines(result)
        plan = result.infusion
        self.setVisible(bool(lines) or plan is not None)
        set_text(self.lines, units_unbroken("\n".join(lines)))
        self.lines.setVisible(bool(lines))
        for widget in (self.infusion_heading, self.infusion_text, self.table, self.checkpoints):
            widget.setVisible(plan is not None)
        if plan is not None:
            self._show_infusion(plan)

    def _show_infusion(self, plan: InfusionPlan) -> None:
        from cc_dosecalc.administration.text import STEP_HEADINGS, checkpoint_text, day_summary, rate_basis, step_rows

        day = plan.days[0]
        same = all(step_rows(other) == step_rows(day) for other in plan.days)
        heading = _heading(plan, day, same)
        # the dose given beside how it was made (the calculated dose, the rounding to whole vials and its %)
        text = f"{day_summary(plan, day)}.\n{plan.product.name}: {day.dose.step_text()}.\n{rate_basis(plan)}"
        set_text(self.infusion_heading, heading)
        set_text(self.infusion_text, units_unbroken(text))
        rows = step_rows(day)
        self.table.setAccessibleName(heading)
        self.table.setAccessibleDescription(text)
        if self.table.columnCount() != len(STEP_HEADINGS):
            self.table.setColumnCount(len(STEP_HEADINGS))
            # headings on two lines ("Rate" over "mL/h"): the figures, not the headings, set the widths
            self.table.setHorizontalHeaderLabels([heading.replace(" ", "\n", 1) for heading in STEP_HEADINGS])
            header = self.table.horizontalHeader()
            # the minutes column, which takes what is left, never narrower than its heading
            header.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("Minutes") + 12)
            for column, heading in enumerate(STEP_HEADINGS):
                # the minutes column takes what is left: its last step says "until the day's volume is given"
                mode = QHeaderView.ResizeMode.Stretch if heading == "Minutes" else QHeaderView.ResizeMode.ResizeToContents
                header.setSectionResizeMode(column, mode)
        self.table.setRowCount(len(rows))
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                item = self.table.item(row, column)
                if item is None:
                    self.table.setItem(row, column, QTableWidgetItem(value))
                elif item.text() != value:
                    item.setText(value)
        self.table.fit_height()
        set_text(self.checkpoints, units_unbroken(checkpoint_text(day)))

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label


class _StepsTable(QTableWidget):
    """The rate steps, every row whole: as tall as its rows at the width it has (the minutes
    column wraps), and scrolled sideways, never cut, when the column is narrower than the figures."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.horizontalHeader().sectionResized.connect(lambda *_: self.fit_height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_height()

    def fit_height(self) -> None:
        self.resizeRowsToContents()
        header = self.horizontalHeader()
        height = header.height() + sum(self.rowHeight(row) for row in range(self.rowCount())) + 2 * self.frameWidth()
        if header.length() > self.viewport().width():
            height += self.horizontalScrollBar().sizeHint().height()
        if self.height() != height:
            self.setFixedHeight(height)


def _heading(plan: InfusionPlan, day: InfusionDay, same: bool) -> str:
    from cc_dosecalc.administration.text import day_heading

    if len(plan.days) > 1 and same:
        return f"IVIG infusion plan, each of the {len(plan.days)} days (the same each day)"
    return day_heading(plan, day)
