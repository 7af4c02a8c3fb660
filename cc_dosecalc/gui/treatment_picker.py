"""Finding a treatment: type part of its name; the formulary's treatments grouped by class,
with the reference's guidance beside them. Until the formulary is loaded (just after the
window's first paint) the list says it is loading; a search typed meanwhile is kept."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGroupBox, QLabel, QLineEdit, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from cc_dosecalc.gui.common import name_clear_button

if TYPE_CHECKING:
    from cc_dosecalc.formulary import Drug, Formulary

DRUG_ROLE = Qt.ItemDataRole.UserRole


class _SearchLine(QLineEdit):
    """Down arrow or Enter moves to the first treatment that matches."""

    to_list = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.to_list.emit()
            return
        super().keyPressEvent(event)


class _DrugTree(QTreeWidget):
    """Enter on a treatment adds it to the plan."""

    activated_drug = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        current = self.currentItem()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and current is not None and current.data(0, DRUG_ROLE):
            self.activated_drug.emit()
            return
        super().keyPressEvent(event)


class TreatmentPicker(QGroupBox):
    drug_selected = Signal(str)
    add_requested = Signal()

    def __init__(self, formulary: Formulary | None, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Treatments"), parent)
        self.setObjectName("treatmentPicker")
        self._formulary = formulary
        layout = QVBoxLayout(self)
        find = QLabel(self.tr("Fin&d a treatment:"), self)
        self.search = _SearchLine(self)
        self.search.setObjectName("drugSearch")
        self.search.setAccessibleName(self.tr("Find a treatment"))
        self.search.setPlaceholderText(self.tr("Type part of a name"))
        self.search.setToolTip(self.tr("Type part of a treatment's name; Down or Enter moves to the list"))
        self.search.setClearButtonEnabled(True)
        name_clear_button(self.search, self.tr("Clear the search"))
        find.setBuddy(self.search)
        self.tree = _DrugTree(self)
        self.tree.setObjectName("drugList")
        self.tree.setAccessibleName(self.tr("Treatments"))
        self.tree.setToolTip(self.tr("Treatments grouped by class; Enter or double-click adds one to the plan"))
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.no_match = QLabel(self)
        self.no_match.setObjectName("noMatch")
        self.no_match.hide()
        self.add_button = QPushButton(self.tr("Add to p&lan"), self)
        self.add_button.setObjectName("addToPlan")
        self.add_button.setAccessibleName(self.tr("Add to plan"))
        self.add_button.setToolTip(self.tr("Add the chosen treatment to the patient's plan (Ctrl+Enter)"))
        layout.addWidget(find)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.no_match)
        self._items: dict[str, QTreeWidgetItem] = {}
        if formulary is None:
            loading = QTreeWidgetItem(self.tree, [self.tr("Loading the treatments…")])
            loading.setFlags(Qt.ItemFlag.NoItemFlags)
            self.tree.setAccessibleDescription(self.tr("Loading the treatments"))
        else:
            self._populate()
        self.search.textChanged.connect(self._filter)
        self.search.to_list.connect(self._to_first_match)
        self.tree.currentItemChanged.connect(self._current_changed)
        self.tree.itemDoubleClicked.connect(lambda item, _column: self._activate(item))
        self.tree.activated_drug.connect(self.add_requested)
        self.add_button.clicked.connect(self.add_requested)

    def set_formulary(self, formulary: Formulary) -> None:
        """Fill the list from the formulary just loaded (or another one), keeping any search typed."""
        self._formulary = formulary
        self.tree.blockSignals(True)
        self.tree.clear()
        self.tree.setAccessibleDescription("")
        self._populate()
        self.tree.blockSignals(False)
        if self.search.text().strip():
            self._filter(self.search.text())

    def show_refused(self, message: str) -> None:
        """The formulary could not be loaded: say so where the treatments would be."""
        self.tree.clear()
        refused = QTreeWidgetItem(self.tree, [message])
        refused.setFlags(Qt.ItemFlag.NoItemFlags)
        refused.setToolTip(0, message)
        self.tree.setAccessibleDescription(message)

    def current_drug(self) -> Drug | None:
        item = self.tree.currentItem()
        drug_id = item.data(0, DRUG_ROLE) if item is not None else None
        return self._formulary.drug(drug_id) if drug_id and self._formulary is not None else None

    def select(self, drug_id: str | None) -> None:
        """Make ``drug_id`` the current treatment (None clears the choice) without signals."""
        self.tree.blockSignals(True)
        self.tree.setCurrentItem(self._items.get(drug_id) if drug_id else None)  # type: ignore[arg-type]
        if drug_id is None:
            self.tree.clearSelection()
        self.tree.blockSignals(False)

    def reset(self) -> None:
        self.search.clear()
        self.select(None)

    def visible_drug_ids(self) -> list[str]:
        return [drug_id for drug_id, item in self._items.items() if not item.isHidden() and not item.parent().isHidden()]  # type: ignore[union-attr]

    def _populate(self) -> None:
        assert self._formulary is not None
        self._items = {}
        groups: dict[str, QTreeWidgetItem] = {}
        for drug in self._formulary.drugs:
            group = groups.get(drug.drug_class)
            if group is None:
                group = QTreeWidgetItem(self.tree, [drug.drug_class])
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                groups[drug.drug_class] = group
            item = QTreeWidgetItem(group, [drug.display_name])
            item.setData(0, DRUG_ROLE, drug.id)
            regimens = "; ".join(regimen.label for regimen in drug.regimens)
            item.setToolTip(0, "\n".join([*drug.indications, regimens]))
            self._items[drug.id] = item
        self.tree.expandAll()

    def _filter(self, text: str) -> None:
        if self._formulary is None:
            return  # applied when the treatments are loaded
        wanted = text.strip().lower()
        shown = 0
        for index in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(index)
            assert group is not None
            any_shown = False
            for child_index in range(group.childCount()):
                item = group.child(child_index)
                assert item is not None
                drug = self._formulary.drug(item.data(0, DRUG_ROLE))
                match = not wanted or wanted in drug.name.lower() or wanted in drug.id.replace("-", " ") or wanted in group.text(0).lower()
                item.setHidden(not match)
                any_shown = any_shown or match
                shown += match
            group.setHidden(not any_shown)
        echoed = "".join(char if char.isprintable() else "?" for char in text.strip()[:40])  # one line, whatever was pasted
        self.no_match.setText(self.tr("No treatment matches “%1”.").replace("%1", echoed))
        self.no_match.setVisible(shown == 0)

    def _to_first_match(self) -> None:
        visible = self.visible_drug_ids()
        if visible:
            current = self.current_drug()
            if current is None or current.id not in visible:
                self.tree.setCurrentItem(self._items[visible[0]])
            self.tree.setFocus(Qt.FocusReason.TabFocusReason)

    def _current_changed(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        drug_id = current.data(0, DRUG_ROLE) if current is not None else None
        if drug_id:
            self.drug_selected.emit(drug_id)

    def _activate(self, item: QTreeWidgetItem) -> None:
        if item.data(0, DRUG_ROLE):
            self.add_requested.emit()
