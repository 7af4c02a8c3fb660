"""The selected order's result: the dose, large; the dosing weight; for IVIG the risk factor
checklist; the alerts; what it is given as (suggested orders, the infusion plan); the
calculation; side effects and monitoring; the source. It shows only what the engine returned, and the
checklist as the session holds it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QGroupBox, QLabel, QRadioButton, QVBoxLayout, QWidget

from cc_dosecalc.gui.alerts_view import AlertsView
from cc_dosecalc.gui.common import set_spoken_text, set_text
from cc_dosecalc.gui.fitting_scroll import FittingScrollArea
from cc_dosecalc.gui.given_as_view import GivenAsView
from cc_dosecalc.gui.risk_factor_box import RiskFactorBox

if TYPE_CHECKING:  # the view is built before the domain is imported
    from cc_dosecalc.app.view import AlertLine, RiskChecklist
    from cc_dosecalc.results import DoseBasis, OrderResult

BASES: tuple[DoseBasis, ...] = ("actual", "ideal", "adjusted")


class ResultsView(FittingScrollArea):
    dosing_weight_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultsView")
        self.setAccessibleName(self.tr("Result of the selected treatment"))
        self.setWidgetResizable(True)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        self.title = self._label("resultTitle", bold=True)
        self.preview = self._label("previewNote")
        self.preview.setText(self.tr("Preview: this treatment is not in the plan. Add it to the plan to check it for ordering."))
        self.message = self._label("resultMessage")
        self.dose = self._label("doseResult", selectable=True)
        self.dose.setAccessibleName(self.tr("Dose"))
        font = self.dose.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.dose.setFont(font)

        # beside the order line: the order's totals, the calculated dose and the verdict
        self.order_text = self._label("orderDetails", selectable=True)
        self.weight_box = QGroupBox(self.tr("Dosing weight"), body)
        weight_layout = QVBoxLayout(self.weight_box)
        self.weight_text = self._label("dosingWeightText")
        self.weight_group = QButtonGroup(self)
        choices = QVBoxLayout()  # one under another: each choice whole, however narrow the column
        self.weight_buttons: dict[str, QRadioButton] = {}
        for basis in BASES:
            button = QRadioButton(self.weight_box)
            button.setObjectName(f"dosingWeight{basis.capitalize()}")
            button.setToolTip(self.tr("Dose on this weight"))
            self.weight_group.addButton(button)
            self.weight_buttons[basis] = button
            choices.addWidget(button)
            button.clicked.connect(lambda _checked=False, chosen=basis: self.dosing_weight_chosen.emit(chosen))
        weight_layout.addLayout(choices)
        weight_layout.addWidget(self.weight_text)  # the choices first: in view on a short screen

        self.steps = self._label("stepsView", selectable=True)
        self.alerts = AlertsView(body)
        self.risk_factors = RiskFactorBox(body)
        self.given_as = GivenAsView(body)
        self.details = self._label("detailsView", selectable=True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.source = self._label("sourceView", selectable=True)
        self._steps_heading = self._label("stepsHeading", bold=True)
        self._steps_heading.setText(self.tr("Calculation"))
        self._alerts_heading = self._label("alertsHeading", bold=True)
        self._alerts_heading.setText(self.tr("Alerts"))
        for widget in self._all_parts():
            layout.addWidget(widget)
        layout.addStretch(1)
        self.setWidget(body)
        self._details_of: OrderResult | None = None
        self.clear_result(self.tr("Enter the patient's weight, then choose a treatment."))

    def clear_result(self, message: str) -> None:
        """Show no dose at all: only why there is none."""
        self._details_of = None
        set_text(self.message, message)
        self.message.show()
        for label in (self.title, self.dose, self.order_text, self.steps, self.details, self.source, self.weight_text):
            label.clear()
        self.dose.setAccessibleDescription("")
        for widget in self._all_parts():
            widget.setVisible(widget is self.message)
        self.alerts.show_entries([], reviewable=False)

    def show_result(
        self,
        result: OrderResult,
        alerts: Sequence[AlertLine],
        preview: bool,
        order_lines: Sequence[str] = (),
        checklist: RiskChecklist | None = None,
    ) -> None:
        """Show one order's result. Only what changed is set again (a keystroke in the weight
        usually changes the numbers only), so the column is not laid out again for nothing."""
        self.message.hide()
        set_text(self.title, f"{result.drug.display_name}: {result.regimen.label}")
        self.preview.setVisible(preview)
        set_spoken_text(self.dose, result.text)
        set_text(self.order_text, "\n".join(order_lines))
        self._show_weight(result)
        set_text(self.steps, "\n".join(result.steps))
        self.alerts.show_entries(alerts, reviewable=not preview)
        if result is not self._details_of:
            self._details_of = result
            set_text(self.details, self._details(result))
        set_text(self.source, self.tr("Source: ") + "; ".join(result.sources))
        own_visibility = (self.message, self.preview, self.risk_factors, self.given_as)
        for widget in self._all_parts():
            # identity: PySide's == on widgets leaks None
            if all(widget is not other for other in own_visibility) and widget.isHidden():
                widget.show()
        if checklist is not None:
            self.risk_factors.load(checklist.factors, checklist.ticked)
        self.risk_factors.setVisible(checklist is not None)
        self.given_as.show_result(result)
        self.alerts.setVisible(bool(alerts))
        set_text(self._alerts_heading, self.tr("Alerts") if alerts else self.tr("Alerts: none"))

    def _all_parts(self) -> list[QWidget]:
        return [
            # the IVIG checklist high, under the dosing weight: the plan's open item until it is answered;
            # what is given before how it was calculated
            self.title, self.preview, self.message, self.dose, self.order_text, self.weight_box, self.risk_factors,
            self._alerts_heading, self.alerts, self.given_as, self._steps_heading, self.steps, self.details, self.source,
        ]  # fmt: skip

    def _show_weight(self, result: OrderResult) -> None:
        from cc_dosecalc.writing import format_weight

        weight = result.dosing_weight
        available = weight.available()
        words = {"actual": self.tr("actual"), "ideal": self.tr("ideal"), "adjusted": self.tr("adjusted")}
        text = self.tr("Dosing on %1 weight: %2").replace("%1", words[weight.basis]).replace("%2", format_weight(weight.kg))
        if weight.reason:
            text += "\n" + weight.reason
        set_text(self.weight_text, text)
        several = len(available) > 1
        for basis, button in self.weight_buttons.items():
            if button.isHidden() == several:
                button.setVisible(several)
            if basis in available:
                label = f"{words[basis].capitalize()}: {format_weight(available[basis])}"
                if basis == weight.suggested:
                    label += self.tr(" (suggested)")
                if basis == weight.basis:
                    label += self.tr(" — used")
                if button.text() != label:
                    button.setText(label)
                    button.setAccessibleName(label)
            if button.isChecked() != (basis == weight.basis):
                button.setChecked(basis == weight.basis)

    def _details(self, result: OrderResult) -> str:
        from html import escape  # imported after the first paint

        parts = []
        for title, items in (
            (self.tr("Side effects"), result.side_effects),
            (self.tr("Monitoring"), result.monitoring),
            (self.tr("Cautions"), result.cautions),
        ):
            if items:
                parts.append(f"<p><b>{escape(title)}</b></p><ul>" + "".join(f"<li>{escape(item.text)}</li>" for item in items) + "</ul>")
        return "".join(parts)

    def _label(self, name: str, *, bold: bool = False, selectable: bool = False) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        if bold:
            font = label.font()
            font.setBold(True)
            label.setFont(font)
        if selectable:
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label
