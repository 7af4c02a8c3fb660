"""The window's menus, toolbar, keyboard shortcuts and Tab order: how the mouse and the keyboard
reach what the window does.

Separate from the window so that the window module holds its state and its calculation, and this
one the long but plain list of commands. Every command calls a public method of the window (or
focuses one of its widgets); nothing here holds state.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QStyle, QToolBar, QWidget

if TYPE_CHECKING:
    from cc_dosecalc.gui.main_window import MainWindow

HOW_TO = """\
1. Type the weight and choose its unit (kg, lb or g). The kg figure appears beside a weight in lb or g.
2. Fill in age, height, sex and creatinine clearance when you have them: the checks use them.
3. Find a treatment by typing part of its name, choose its regimen, and press Enter or Add to plan.
   With the prescriber's order: type the dose of one administration (for example 60 mg), then choose
   its frequency (there is no default), and for diltiazem its form (immediate- or extended-release).
   Until both are chosen the order is incomplete and is not checked.
4. Read the order line, the totals, the verdict against the calculated range and the alerts. Tick each warning to acknowledge it.
   A stop can only be ticked with a written reason (an override).
5. The plan is checked when nothing is left open; until then it says what is still open."""


def build_actions(window: MainWindow) -> None:
    """The menus and the toolbar; the actions the window enables and disables become its attributes."""
    style = window.style()
    menu_file = window.menuBar().addMenu(window.tr("&File"))
    window.new_action = _action(window, "newPatientAction", window.tr("&New patient"), QKeySequence.StandardKey.New, window.new_patient)
    window.new_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_FileIcon))
    window.new_action.setToolTip(window.tr("Clear the patient, the plan and its checks (Ctrl+N)"))
    window.print_action = _action(window, "printAction", window.tr("&Print summary…"), QKeySequence.StandardKey.Print, window.print_summary)
    window.print_preview_action = _action(window, "printPreviewAction", window.tr("Print pre&view…"), None, window.preview_summary)
    window.save_pdf_action = _action(
        window, "savePdfAction", window.tr("Save summary as P&DF…"), QKeySequence("Ctrl+Shift+S"), window.save_summary_pdf
    )
    window.print_action.setToolTip(window.tr("Print the dosing summary for the second nurse's check (Ctrl+P)"))
    window.print_preview_action.setToolTip(window.tr("See the dosing summary as it will print"))
    window.save_pdf_action.setToolTip(window.tr("Save the dosing summary as a PDF file (Ctrl+Shift+S)"))
    history = _action(window, "historyAction", window.tr("&History…"), QKeySequence("Ctrl+H"), window.show_history)
    history.setToolTip(window.tr("Every summary printed or saved: search, reopen, reprint (Ctrl+H)"))
    window.print_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton))
    quit_action = _action(window, "quitAction", window.tr("&Quit"), QKeySequence.StandardKey.Quit, window.close)
    menu_file.addActions([window.new_action])
    menu_file.addSeparator()
    menu_file.addActions([window.print_action, window.print_preview_action, window.save_pdf_action])
    menu_file.addSeparator()
    menu_file.addAction(history)
    menu_file.addSeparator()
    menu_file.addAction(quit_action)
    menu_edit = window.menuBar().addMenu(window.tr("&Edit"))
    menu_edit.addAction(
        _action(window, "settingsAction", window.tr("&Settings…"), QKeySequence.StandardKey.Preferences, window.open_settings)
    )

    menu_plan = window.menuBar().addMenu(window.tr("&Plan"))
    find = _action(window, "findAction", window.tr("&Find a treatment"), QKeySequence.StandardKey.Find, lambda: _focus_search(window))
    weight = _action(window, "weightAction", window.tr("Go to &weight"), QKeySequence("Ctrl+L"), lambda: _focus_weight(window))
    window.add_action = _action(window, "addAction", window.tr("&Add to plan"), QKeySequence("Ctrl+Return"), window.add_to_plan)
    window.add_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowRight))
    window.remove_action = _action(window, "removeAction", window.tr("&Remove from plan"), None, window.remove_from_plan)
    window.remove_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_TrashIcon))
    menu_plan.addActions([weight, find, window.add_action, window.remove_action])

    menu_help = window.menuBar().addMenu(window.tr("&Help"))
    how_to = _action(window, "howToAction", window.tr("&How to use"), QKeySequence.StandardKey.HelpContents, lambda: _show_how_to(window))
    about = _action(window, "aboutAction", window.tr("&About cc-dosecalc"), None, lambda: _show_about(window))
    menu_help.addActions([how_to, about])

    toolbar = QToolBar(window.tr("Main toolbar"), window)
    toolbar.setObjectName("mainToolbar")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.addActions([window.new_action, window.add_action, window.remove_action])
    toolbar.addSeparator()
    toolbar.addActions([window.print_action, window.save_pdf_action])
    window.addToolBar(toolbar)


def _action(
    window: MainWindow, name: str, text: str, shortcut: QKeySequence | QKeySequence.StandardKey | None, slot: Callable[[], object]
) -> QAction:
    action = QAction(text, window)
    action.setObjectName(name)
    if shortcut is not None:
        action.setShortcut(shortcut)
    action.triggered.connect(slot)
    window.addAction(action)
    return action


def set_tab_order(window: MainWindow) -> None:
    """Tab goes down the patient form, then through the treatment, the plan and the dosing weight."""
    chain: list[QWidget] = [
        *window.patient_form.inputs(),
        window.picker.search,
        window.picker.tree,
        window.order_editor.regimen,
        window.order_editor.days,
        window.order_editor.ordered,
        window.order_editor.frequency,
        window.order_editor.form,
        window.picker.add_button,
        window.plan_panel.list,
        window.plan_panel.remove_button,
        window.plan_panel.interactions,
        *window.results.weight_buttons.values(),
    ]
    for first, second in itertools.pairwise(chain):
        QWidget.setTabOrder(first, second)


def _focus_search(window: MainWindow) -> None:
    window.picker.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
    window.picker.search.selectAll()


def _focus_weight(window: MainWindow) -> None:
    window.patient_form.weight.setFocus(Qt.FocusReason.ShortcutFocusReason)
    window.patient_form.weight.selectAll()


def _show_about(window: MainWindow) -> None:
    QMessageBox.about(window, window.tr("About cc-dosecalc"), window.about_text())


def _show_how_to(window: MainWindow) -> None:
    QMessageBox.information(window, window.tr("How to use cc-dosecalc"), window.tr(HOW_TO))
