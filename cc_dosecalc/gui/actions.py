"""The window's menus, toolbar, keyboard shortcuts and Tab order: how the mouse and the keyboard
reach what the window does.

Separate from the window so that the window module turns edits into calls on the session, and
this one holds the long but plain list of commands. Every command calls a method of
:class:`Commands` (what the window does) or focuses a widget; nothing here holds state, and
nothing here imports the window.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QMainWindow, QStyle, QToolBar, QWidget

from cc_dosecalc.gui.order_editor import OrderEditor
from cc_dosecalc.gui.patient_form import PatientForm
from cc_dosecalc.gui.plan_panel import PlanPanel
from cc_dosecalc.gui.results_view import ResultsView
from cc_dosecalc.gui.treatment_picker import TreatmentPicker
from cc_dosecalc.value_class import value_class

HOW_TO = """\
1. Type the weight and choose its unit (kg, lb or g). The kg figure appears, large, under a weight in lb or g.
2. Fill in age, height, sex and creatinine clearance when you have them: the checks use them.
3. Find a treatment by typing part of its name, choose its regimen, and press Enter or Add to plan.
   With the prescriber's order: type the dose of one administration (for example 60 mg), then choose
   its frequency (there is no default), and for diltiazem its form (immediate- or extended-release).
   Until both are chosen the order is incomplete and is not checked. For IVIG choose the product (Alt+B).
4. Read the order line, the totals, the verdict against the calculated range and the alerts. Tick each warning to acknowledge it.
   A stop can only be ticked with a written reason (an override). For IVIG answer the risk factor checklist
   under the alerts (tick each that applies, or None of these apply): until then the plan is not checked.
   Under it: suggested orders from the strengths that exist, and for IVIG the infusion plan's rate steps.
5. The plan is checked when nothing is left open; until then it says what is still open."""


class Commands(Protocol):
    """What the menus and the toolbar ask the window to do."""

    def start_new_patient(self) -> None: ...

    def print_summary(self) -> None: ...

    def preview_summary(self) -> None: ...

    def save_summary_pdf(self) -> None: ...

    def show_history(self) -> object: ...

    def open_settings(self) -> None: ...

    def add_to_plan(self) -> None: ...

    def remove_from_plan(self) -> None: ...

    def about_text(self) -> str: ...

    def quit(self) -> None: ...


@value_class
class WindowActions:
    """The actions the window enables and disables."""

    new: QAction
    print: QAction
    print_preview: QAction
    save_pdf: QAction
    add: QAction
    remove: QAction


def build_actions(window: QMainWindow, commands: Commands, picker: TreatmentPicker, form: PatientForm) -> WindowActions:
    """The menus and the toolbar of ``window``; ``picker`` and ``form`` are what Find and Go to weight focus."""
    style = window.style()
    menu_file = window.menuBar().addMenu(window.tr("&File"))
    new = _action(window, "newPatientAction", window.tr("&New patient"), QKeySequence.StandardKey.New, commands.start_new_patient)
    new.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_FileIcon))
    new.setToolTip(window.tr("Clear the patient, the plan and its checks (Ctrl+N)"))
    print_ = _action(window, "printAction", window.tr("&Print summary…"), QKeySequence.StandardKey.Print, commands.print_summary)
    preview = _action(window, "printPreviewAction", window.tr("Print pre&view…"), None, commands.preview_summary)
    save_pdf = _action(window, "savePdfAction", window.tr("Save summary as P&DF…"), QKeySequence("Ctrl+Shift+S"), commands.save_summary_pdf)
    print_.setToolTip(window.tr("Print the dosing summary for the second nurse's check (Ctrl+P)"))
    preview.setToolTip(window.tr("See the dosing summary as it will print"))
    save_pdf.setToolTip(window.tr("Save the dosing summary as a PDF file (Ctrl+Shift+S)"))
    history = _action(window, "historyAction", window.tr("&History…"), QKeySequence("Ctrl+H"), commands.show_history)
    history.setToolTip(window.tr("Every summary printed or saved: search, reopen, reprint (Ctrl+H)"))
    # Qt's own set has no printer: the desktop theme's, else none (the text is beside it); saving keeps the disk
    print_.setIcon(QIcon.fromTheme("document-print"))
    save_pdf.setIcon(QIcon.fromTheme("document-save-as", style.standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton)))
    quit_action = _action(window, "quitAction", window.tr("&Quit"), QKeySequence.StandardKey.Quit, commands.quit)
    menu_file.addActions([new])
    menu_file.addSeparator()
    menu_file.addActions([print_, preview, save_pdf])
    menu_file.addSeparator()
    menu_file.addAction(history)
    menu_file.addSeparator()
    menu_file.addAction(quit_action)
    menu_edit = window.menuBar().addMenu(window.tr("&Edit"))
    menu_edit.addAction(
        _action(window, "settingsAction", window.tr("&Settings…"), QKeySequence.StandardKey.Preferences, commands.open_settings)
    )

    menu_plan = window.menuBar().addMenu(window.tr("&Plan"))
    find = _action(window, "findAction", window.tr("&Find a treatment"), QKeySequence.StandardKey.Find, lambda: _focus_search(picker))
    weight = _action(window, "weightAction", window.tr("Go to &weight"), QKeySequence("Ctrl+L"), lambda: _focus_weight(form))
    add = _action(window, "addAction", window.tr("&Add to plan"), QKeySequence("Ctrl+Return"), commands.add_to_plan)
    add.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowRight))
    remove = _action(window, "removeAction", window.tr("&Remove from plan"), None, commands.remove_from_plan)
    remove.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_TrashIcon))
    menu_plan.addActions([weight, find, add, remove])

    menu_help = window.menuBar().addMenu(window.tr("&Help"))
    how_to = _action(window, "howToAction", window.tr("&How to use"), QKeySequence.StandardKey.HelpContents, lambda: _show_how_to(window))
    about = _action(window, "aboutAction", window.tr("&About cc-dosecalc"), None, lambda: _show_about(window, commands))
    menu_help.addActions([how_to, about])

    toolbar = QToolBar(window.tr("Main toolbar"), window)
    toolbar.setObjectName("mainToolbar")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.addActions([new, add, remove])
    toolbar.addSeparator()
    toolbar.addActions([print_, save_pdf])
    window.addToolBar(toolbar)
    return WindowActions(new, print_, preview, save_pdf, add, remove)


def _action(
    window: QMainWindow, name: str, text: str, shortcut: QKeySequence | QKeySequence.StandardKey | None, slot: Callable[[], object]
) -> QAction:
    action = QAction(text, window)
    action.setObjectName(name)
    if shortcut is not None:
        action.setShortcut(shortcut)
    action.triggered.connect(slot)
    window.addAction(action)
    return action


def set_tab_order(form: PatientForm, picker: TreatmentPicker, editor: OrderEditor, plan: PlanPanel, results: ResultsView) -> None:
    """Tab goes down the patient form, then the treatment found and Add to plan, the plan's list,
    the fields of the order selected in it, Remove, the interactions, and the result's choices:
    from the plan list, Tab reaches the order just selected (not Remove)."""
    chain: list[QWidget] = [
        *form.inputs(),
        picker.search,
        picker.tree,
        picker.add_button,
        plan.list,
        editor.regimen,
        editor.days,
        editor.ordered,
        editor.frequency,
        editor.form,
        editor.product,
        plan.remove_button,
        plan.interactions,
        *results.weight_buttons.values(),
        results.risk_factors.none_apply,
        results.given_as.table,
    ]
    for first, second in itertools.pairwise(chain):
        QWidget.setTabOrder(first, second)


def _focus_search(picker: TreatmentPicker) -> None:
    picker.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
    picker.search.selectAll()


def _focus_weight(form: PatientForm) -> None:
    form.weight.setFocus(Qt.FocusReason.ShortcutFocusReason)
    form.weight.selectAll()


def _show_about(window: QMainWindow, commands: Commands) -> None:
    from PySide6.QtWidgets import QMessageBox  # its class (and enums) is not built before the first paint

    QMessageBox.about(window, window.tr("About cc-dosecalc"), commands.about_text())


def _show_how_to(window: QMainWindow) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(window, window.tr("How to use cc-dosecalc"), window.tr(HOW_TO))
