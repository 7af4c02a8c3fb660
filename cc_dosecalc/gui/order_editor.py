"""The chosen treatment's order: regimen, IVIG days, and the dose the prescriber ordered with its
frequency and, for a regimen with forms, its form. Neither has a default: until chosen, the
ordered dose is an incomplete order, not checked. For IVIG, the product (brand) the infusion
plan is for: none until chosen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QSpinBox, QWidget

from cc_dosecalc.gui.common import MAX_TYPED, FieldError, units_unbroken

if TYPE_CHECKING:
    from cc_dosecalc.formulary import Drug


class OrderEditor(QGroupBox):
    """Edits one order; ``changed`` fires on every edit the user makes (not on :meth:`load`);
    ``submitted`` when Enter is pressed in "Course over" or "Ordered dose"."""

    changed = Signal()
    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Order"), parent)
        self.setObjectName("orderEditor")
        form = QFormLayout(self)
        self.heading = QLabel(self.tr("Choose a treatment from the list."), self)
        self.heading.setObjectName("orderHeading")
        self.heading.setWordWrap(True)
        form.addRow(self.heading)
        self.regimen = QComboBox(self)
        self.regimen.setObjectName("regimenInput")
        self.regimen.setAccessibleName(self.tr("Regimen"))
        self.regimen.setToolTip(self.tr("The regimen from the reference: dose, route and period"))
        self._regimen_label = QLabel(self.tr("&Regimen:"), self)
        self._regimen_label.setBuddy(self.regimen)
        form.addRow(self._regimen_label, self.regimen)
        self.days = QSpinBox(self)
        self.days.setObjectName("daysInput")
        self.days.setAccessibleName(self.tr("Days the course is given over"))
        self.days.setToolTip(self.tr("The course is given in equal daily doses over this many consecutive days"))
        self.days.setSuffix(self.tr(" days"))
        self._days_label = QLabel(self.tr("Co&urse over:"), self)
        self._days_label.setBuddy(self.days)
        form.addRow(self._days_label, self.days)
        self.ordered = QLineEdit(self)
        self.ordered.setObjectName("orderedInput")
        self.ordered.setAccessibleName(self.tr("Ordered dose"))
        self.ordered.setToolTip(self.tr("Optional: the dose the prescriber ordered, with its unit, for example 300 mg or 2 g"))
        self.ordered.setPlaceholderText(self.tr("optional, e.g. 300 mg"))
        self.ordered.setMaxLength(MAX_TYPED)
        ordered_label = QLabel(self.tr("&Ordered dose:"), self)
        ordered_label.setBuddy(self.ordered)
        form.addRow(ordered_label, self.ordered)
        self.ordered_error = FieldError("orderedInputError", self)
        form.addRow("", self.ordered_error)
        self.frequency = QComboBox(self)
        self.frequency.setObjectName("frequencyInput")
        self.frequency.setAccessibleName(self.tr("Frequency of the ordered dose"))
        self.frequency.setToolTip(self.tr("How often the ordered dose is given, as the prescriber wrote it"))
        self.frequency.addItem(self.tr("choose the frequency"), None)  # the list itself comes with the formulary
        frequency_label = QLabel(self.tr("Fre&quency:"), self)
        frequency_label.setBuddy(self.frequency)
        form.addRow(frequency_label, self.frequency)
        self.form = QComboBox(self)
        self.form.setObjectName("formInput")
        self.form.setAccessibleName(self.tr("Form ordered"))
        self.form.setToolTip(self.tr("The form the prescriber ordered: each has its own limits"))
        self._form_label = QLabel(self.tr("For&m:"), self)
        self._form_label.setBuddy(self.form)
        form.addRow(self._form_label, self.form)
        self.product = QComboBox(self)
        self.product.setObjectName("productInput")
        self.product.setAccessibleName(self.tr("IVIG product"))
        self.product.setToolTip(self.tr("The IVIG product given: its vials and the label's rate steps make the infusion plan"))
        self._product_label = QLabel(self.tr("Product / &brand:"), self)
        self._product_label.setBuddy(self.product)
        form.addRow(self._product_label, self.product)
        self.regimen.currentIndexChanged.connect(self._regimen_changed)
        self.days.valueChanged.connect(self.changed)
        self.days.lineEdit().textEdited.connect(self.changed)  # an emptied box changes no value
        self.ordered.textChanged.connect(self.changed)
        self.ordered.returnPressed.connect(self.submitted)
        self.days.lineEdit().returnPressed.connect(self.submitted)  # QAbstractSpinBox passes Enter on to it
        self.frequency.currentIndexChanged.connect(self.changed)
        self.form.currentIndexChanged.connect(self.changed)
        self.product.currentIndexChanged.connect(self.changed)
        self.load(None, None, None, "")

    def load(
        self,
        drug: Drug | None,
        regimen_id: str | None,
        days: int | None,
        ordered: str,
        frequency: str | None = None,
        form: str | None = None,
        product: str | None = None,
    ) -> None:
        """Show ``drug``'s order (None: nothing chosen) without emitting ``changed``."""
        self._drug = drug
        for widget in (self.regimen, self.days, self.ordered, self.frequency, self.form, self.product):
            widget.blockSignals(True)
        self.regimen.clear()
        if drug is not None:
            for regimen in drug.regimens:
                self.regimen.addItem(regimen.label, regimen.id)
            self.regimen.setCurrentIndex(max(0, self.regimen.findData(regimen_id)))
        several = drug is not None and len(drug.regimens) > 1
        self.regimen.setVisible(several)
        self._regimen_label.setVisible(several)
        self._load_days(days)
        self.ordered.setText(ordered)
        self.ordered.setEnabled(drug is not None)
        if drug is not None and self.frequency.count() == 1:
            # imported here: the window paints before the domain is loaded
            from cc_dosecalc.frequency import FREQUENCIES

            for item in FREQUENCIES:
                self.frequency.addItem(item.text, item.text)
        self.frequency.setCurrentIndex(max(0, self.frequency.findData(frequency)))
        self.frequency.setEnabled(drug is not None)
        self._load_forms(form)
        self._load_products(product)
        for widget in (self.regimen, self.days, self.ordered, self.frequency, self.form, self.product):
            widget.blockSignals(False)
        self.heading.setText(self._heading())
        self._fit_height()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        """At least as tall as the heading wrapped at this width needs: a short column takes its
        room from the treatment list (which scrolls), never from the order's own lines."""
        needed = self.heightForWidth(self.width())
        if needed > 0 and self.minimumHeight() != needed:
            self.setMinimumHeight(needed)

    def entry(self) -> tuple[str | None, int | None, str, str | None, str | None, str | None]:
        """The order as edited, in :meth:`cc_dosecalc.app.session.Session.edit_order`'s order:
        regimen, days, the ordered dose as typed, frequency, form, product."""
        return self.regimen_id(), self.days_value(), self.ordered.text(), self.frequency_value(), self.form_value(), self.product_value()

    def regimen_id(self) -> str | None:
        data = self.regimen.currentData()
        return data if isinstance(data, str) else None

    def frequency_value(self) -> str | None:
        data = self.frequency.currentData()
        return data if isinstance(data, str) else None

    def form_value(self) -> str | None:
        data = self.form.currentData()
        return data if isinstance(data, str) and self.form.isVisibleTo(self) else None

    def product_value(self) -> str | None:
        data = self.product.currentData()
        return data if isinstance(data, str) and self.product.isVisibleTo(self) else None

    def _load_products(self, product_id: str | None) -> None:
        products = self._drug.infusion_products if self._drug is not None else ()
        self.product.clear()
        self.product.addItem(self.tr("choose the product"), None)
        for item in products:
            # the concentration with every name (Privigen is 10% too): the volume depends on it
            percent = f"{item.concentration_mg_per_ml.value / 10:g}%"
            self.product.addItem(item.name if percent in item.name else f"{item.name} {percent}", item.id)
        self.product.setCurrentIndex(max(0, self.product.findData(product_id)))
        self.product.setVisible(bool(products))
        self._product_label.setVisible(bool(products))

    def _load_forms(self, form_id: str | None) -> None:
        regimen = self._drug.regimen(self.regimen_id()) if self._drug is not None else None
        forms = regimen.forms if regimen is not None else ()
        self.form.blockSignals(True)
        self.form.clear()
        self.form.addItem(self.tr("choose the form"), None)
        for item in forms:
            self.form.addItem(item.name, item.id)
        self.form.setCurrentIndex(max(0, self.form.findData(form_id)))
        self.form.blockSignals(False)
        self.form.setVisible(bool(forms))
        self._form_label.setVisible(bool(forms))

    def days_value(self) -> int | None:
        """The days typed; 0 while the box holds no whole number in range (emptied, mid-edit), so
        the engine refuses it and no dose is shown for days that are no longer on screen."""
        if not self.days.isVisibleTo(self):
            return None
        return self.days.value() if self.days.hasAcceptableInput() else 0

    def _heading(self) -> str:
        if self._drug is None:
            return self.tr("Choose a treatment from the list.")
        regimen = self._drug.regimen(self.regimen_id())
        return f"<b>{self._drug.display_name}</b> ({self._drug.drug_class}): {units_unbroken(regimen.label)}"

    def _load_days(self, days: int | None) -> None:
        regimen = self._drug.regimen(self.regimen_id()) if self._drug is not None else None
        has_days = regimen is not None and regimen.days_min is not None and regimen.days_max is not None
        self.days.setVisible(has_days)
        self._days_label.setVisible(has_days)
        if regimen is not None and regimen.days_min is not None and regimen.days_max is not None:
            self.days.blockSignals(True)
            self.days.setRange(regimen.days_min, regimen.days_max)
            self.days.setValue(days or regimen.days_default or regimen.days_min)
            self.days.blockSignals(False)

    def _regimen_changed(self) -> None:
        self._load_days(None)
        self._load_forms(None)
        self.heading.setText(self._heading())
        self._fit_height()
        self.changed.emit()
