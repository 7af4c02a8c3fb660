"""The patient: weight with its unit and source, age, height, sex, creatinine clearance, serum
creatinine, allergies, name.

The form holds the text as typed (:meth:`PatientForm.typed`); the session reads it, and each
refusal is shown in words beside its field (:meth:`PatientForm.show_reading`). No validator
blocks typing, so a decimal comma is accepted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from cc_dosecalc.app.typed import TypedMeasurement, TypedPatient
from cc_dosecalc.gui.common import MAX_TYPED, FieldError, set_spoken_text

if TYPE_CHECKING:  # the domain is imported after the window's first paint
    from cc_dosecalc.app.view import PatientReading

# the values of cc_dosecalc.plan.WeightSource, which the session reads the form's choice into
_WEIGHT_SOURCES = ("measured", "stated", "estimated")
# the kg figure of a weight in lb or g, against the form's text
KG_FIGURE_SCALE = 1.6


class PatientForm(QGroupBox):
    changed = Signal()

    def __init__(self, weight_unit: str = "kg", parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Patient"), parent)
        self.setObjectName("patientForm")
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._errors: dict[str, FieldError] = {}

        self.weight = self._line("weightInput", self.tr("Weight"), self.tr("The patient's weight, for example 70.5 or 70,5"))
        self.weight_unit = self._combo("weightUnit", self.tr("Weight unit"), [("kg", "kg"), ("lb", "lb"), ("g", "g")])
        self.weight_unit.setToolTip(self.tr("The unit the weight is entered in; the kg figure is shown beside it"))
        self.weight_unit.setCurrentIndex(max(0, self.weight_unit.findData(weight_unit)))
        self.weight_kg = QLabel(self)
        self.weight_kg.setObjectName("weightInKg")
        self.weight_kg.setAccessibleName(self.tr("Weight in kg"))
        # a weight in lb or g: its kg figure large and bold right under the field, not in small print
        # (on its own row: beside the field it left the field too narrow to read what was typed)
        large = self.weight_kg.font()
        large.setPointSizeF(large.pointSizeF() * KG_FIGURE_SCALE)
        large.setBold(True)
        self.weight_kg.setFont(large)
        self._row(form, self.tr("&Weight:"), "weight", self.weight, self.weight_unit)
        form.addRow("", self.weight_kg)
        self.weight_for_age = QLabel(self)
        self.weight_for_age.setObjectName("weightForAge")
        self.weight_for_age.setWordWrap(True)
        self.weight_for_age.hide()
        form.addRow("", self.weight_for_age)

        measured, stated, estimated = _WEIGHT_SOURCES
        sources = [(self.tr("not stated"), None), (self.tr("measured"), measured), (self.tr("stated"), stated)]
        sources.append((self.tr("estimated"), estimated))
        self.weight_source = self._combo("weightSourceInput", self.tr("Weight source"), sources)
        self.weight_source.setToolTip(self.tr("How the weight was obtained (no default: until chosen the plan is not checked)"))
        self._row(form, self.tr("Weight &source:"), None, self.weight_source)

        self.age = self._line("ageInput", self.tr("Age"), self.tr("The patient's age, for example 52, or 18 with months chosen"))
        units = [(self.tr("years"), "years"), (self.tr("months"), "months"), (self.tr("weeks"), "weeks"), (self.tr("days"), "days")]
        self.age_unit = self._combo("ageUnit", self.tr("Age unit"), units)
        self._row(form, self.tr("&Age:"), "age", self.age, self.age_unit)

        self.height_input = self._line("heightInput", self.tr("Height"), self.tr("Height, used for the ideal body weight (IVIG)"))
        self.height_unit = self._combo("heightUnit", self.tr("Height unit"), [("cm", "cm"), (self.tr("in"), "in")])
        self._row(form, self.tr("Hei&ght:"), "height", self.height_input, self.height_unit)

        self.sex = self._combo("sexInput", self.tr("Sex"), [(self.tr("not given"), None), (self.tr("female"), "female")])
        self.sex.addItem(self.tr("male"), "male")
        self.sex.setToolTip(self.tr("Sex, used for the ideal body weight (IVIG)"))
        self._row(form, self.tr("Se&x:"), None, self.sex)

        self.crcl = self._line("crclInput", self.tr("Creatinine clearance"), self.tr("Creatinine clearance in mL/min, if known"))
        self._row(form, self.tr("&Creatinine clearance:"), "crcl", self.crcl, QLabel(self.tr("mL/min"), self))

        self.scr = self._line("scrInput", self.tr("Serum creatinine"), self.tr("Serum creatinine, with its unit chosen beside it"))
        # no default unit: mg/dL and µmol/L are 88.4 times apart, so a bare number is refused until one is chosen
        scr_units = [(self.tr("choose unit"), None), ("mg/dL", "mg/dL"), ("µmol/L", "µmol/L")]
        self.scr_unit = self._combo("scrUnit", self.tr("Serum creatinine unit"), scr_units)
        self._row(form, self.tr("Serum c&reatinine:"), "scr", self.scr, self.scr_unit)

        self.allergies = self._line("allergiesInput", self.tr("Allergies"), self.tr("The patient's allergies as recorded"))
        self.no_known_allergies = QCheckBox(self.tr("No known allergies"), self)
        self.no_known_allergies.setObjectName("noKnownAllergies")
        self.no_known_allergies.setAccessibleName(self.tr("No known allergies"))
        self.no_known_allergies.toggled.connect(self.changed)
        self._row(form, self.tr("&Known allergies:"), "allergies", self.allergies)
        form.addRow("", self.no_known_allergies)  # its own row: beside the field it left the field too narrow to read

        self.name = self._line("patientNameInput", self.tr("Patient name"), self.tr("Optional: printed on the summary"))
        self._row(form, self.tr("Na&me (optional):"), "name", self.name)
        self.identifier = self._line("patientIdInput", self.tr("Patient identifier"), self.tr("Optional: printed on the summary"))
        self._row(form, self.tr("&Identifier (optional):"), "identifier", self.identifier)

        for combo in (self.weight_unit, self.weight_source, self.age_unit, self.height_unit, self.sex):
            # AT-SPI gives a combo box its value as its name: what the box is goes in its description
            name, tip = combo.accessibleName(), combo.toolTip()
            combo.setAccessibleDescription(tip if tip.startswith(name) else ". ".join(part for part in (name, tip) if part))

    def inputs(self) -> list[QWidget]:
        """The form's inputs in tab order."""
        return [
            self.weight, self.weight_unit, self.weight_source, self.age, self.age_unit,
            self.height_input, self.height_unit, self.sex, self.crcl, self.scr, self.scr_unit,
            self.allergies, self.no_known_allergies, self.name, self.identifier,
        ]  # fmt: skip

    def clear(self) -> None:
        for line in (self.weight, self.age, self.height_input, self.crcl, self.scr, self.allergies, self.name, self.identifier):
            line.clear()
        for combo in (self.weight_source, self.age_unit, self.height_unit, self.sex, self.scr_unit):
            combo.setCurrentIndex(0)
        self.no_known_allergies.setChecked(False)

    def set_fields(self, fields: TypedPatient) -> None:
        """Fill the form (a history record's patient), each value in the unit it was entered in."""

        def choose(combo: QComboBox, data: object) -> None:
            index = combo.findData(data)
            if index >= 0:
                combo.setCurrentIndex(index)

        measured = ((self.weight, self.weight_unit, fields.weight), (self.age, self.age_unit, fields.age))
        for line, unit_combo, value in (*measured, (self.height_input, self.height_unit, fields.height), (self.crcl, None, fields.crcl)):
            if value is not None and unit_combo is not None and value.unit is not None:
                choose(unit_combo, value.unit)
            line.setText(value.text if value is not None else "")
        choose(self.scr_unit, fields.scr.unit if fields.scr is not None else None)
        self.scr.setText(fields.scr.text if fields.scr is not None else "")
        self.allergies.setText(fields.allergies)
        self.no_known_allergies.setChecked(fields.no_known_allergies)
        choose(self.weight_source, fields.weight_source)
        choose(self.sex, fields.sex)
        self.name.setText(fields.name)
        self.identifier.setText(fields.identifier)

    def typed(self) -> TypedPatient:
        """Every field as typed, nothing read: the session reads it."""

        def measured(line: QLineEdit, unit: QComboBox | None) -> TypedMeasurement:
            return TypedMeasurement(line.text(), unit.currentData() if unit is not None else None)

        return TypedPatient(
            weight=measured(self.weight, self.weight_unit),
            weight_source=self.weight_source.currentData(),
            age=measured(self.age, self.age_unit),
            height=measured(self.height_input, self.height_unit),
            sex=self.sex.currentData(),
            crcl=measured(self.crcl, None),
            name=self.name.text(),
            identifier=self.identifier.text(),
            scr=measured(self.scr, self.scr_unit),
            allergies=self.allergies.text(),
            no_known_allergies=self.no_known_allergies.isChecked(),
        )

    def show_weight_for_age(self, text: str) -> None:
        """The weight's z-score and centile for age, with the reference, under the weight."""
        if self.weight_for_age.text() != text:
            self.weight_for_age.setText(text)
        self.weight_for_age.setVisible(bool(text))

    def error_text(self, key: str) -> str:
        return self._errors[key].text()

    def show_reading(self, reading: PatientReading) -> None:
        """Show each refusal beside its field and the kg figure of the weight."""
        from cc_dosecalc.writing import format_weight_entered

        errors, weight = reading.errors, reading.weight
        for key, error_label in self._errors.items():
            error_label.show_error(errors.get(key))
        lines = (("weight", self.weight), ("age", self.age), ("height", self.height_input), ("crcl", self.crcl), ("scr", self.scr))
        for key, field_line in (*lines, ("allergies", self.allergies)):
            field_line.setAccessibleDescription(errors.get(key, ""))
        kg_text = format_weight_entered(weight.value, weight.unit, beside_entry=True) if weight is not None else ""
        set_spoken_text(self.weight_kg, kg_text)
        if self.weight_kg.isHidden() == bool(kg_text):
            self.weight_kg.setVisible(bool(kg_text))  # hidden when empty: no gap under the weight

    def _line(self, name: str, accessible: str, tooltip: str) -> QLineEdit:
        line = QLineEdit(self)
        line.setObjectName(name)
        line.setAccessibleName(accessible)
        line.setToolTip(tooltip)
        line.setMaxLength(MAX_TYPED)  # longer than any accepted entry: too long is refused in words, never cut
        line.textChanged.connect(self.changed)
        return line

    def _combo(self, name: str, accessible: str, items: Sequence[tuple[str, object]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        for text, data in items:
            combo.addItem(text, data)
        combo.currentIndexChanged.connect(self.changed)
        return combo

    def _row(self, form: QFormLayout, label_text: str, error_key: str | None, main: QWidget, *extra: QWidget) -> None:
        label = QLabel(label_text, self)
        label.setBuddy(main)
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(main, 1)
        for widget in extra:
            layout.addWidget(widget)
        form.addRow(label, row)
        if error_key:
            error = FieldError(f"{main.objectName()}Error", self)
            self._errors[error_key] = error
            form.addRow("", error)
