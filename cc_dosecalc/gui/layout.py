"""The window's panels and how they are laid out: the patient and the plan on the left, the
treatments, the order and the guidance in the middle, the result on the right; and the layout
remembered in the settings. Plain construction, separate so the window module reads as a view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QMainWindow, QScrollArea, QSplitter, QVBoxLayout, QWidget

from cc_dosecalc.gui.fitting_scroll import FittingScrollArea
from cc_dosecalc.gui.guidance_view import GuidanceView
from cc_dosecalc.gui.notice_banner import NoticeBanner
from cc_dosecalc.gui.order_editor import OrderEditor
from cc_dosecalc.gui.patient_form import PatientForm
from cc_dosecalc.gui.plan_panel import PlanPanel
from cc_dosecalc.gui.results_view import ResultsView
from cc_dosecalc.gui.settings import Settings
from cc_dosecalc.gui.treatment_picker import TreatmentPicker
from cc_dosecalc.value_class import value_class


@value_class
class Panels:
    patient_form: PatientForm
    picker: TreatmentPicker
    order_editor: OrderEditor
    guidance: GuidanceView
    plan_panel: PlanPanel
    results: ResultsView
    splitter: QSplitter
    notice_banner: NoticeBanner
    status_label: QLabel
    formulary_label: QLabel


def build_panels(window: QMainWindow, weight_unit: str) -> Panels:
    """Build every panel into ``window`` (its central widget and status bar); the treatment list,
    the guidance and the notices are filled when the formulary is loaded."""
    patient_form = PatientForm(weight_unit, window)
    picker = TreatmentPicker(None, window)  # filled by finish_loading
    order_editor = OrderEditor(window)
    guidance = GuidanceView(None, window)
    plan_panel = PlanPanel(window)
    results = ResultsView(window)

    left = QWidget(window)
    left_layout = QVBoxLayout(left)
    # on a short screen the patient's fields scroll; the plan, its treatments and its status stay in view
    patient_scroll = QScrollArea(window)
    patient_scroll.setObjectName("patientScroll")
    patient_scroll.setWidgetResizable(True)
    patient_scroll.setFrameShape(QFrame.Shape.NoFrame)
    patient_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    patient_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    patient_scroll.setWidget(patient_form)
    patient_scroll.setMinimumHeight(140)
    patient_scroll.setMinimumWidth(patient_form.minimumSizeHint().width() + patient_scroll.verticalScrollBar().sizeHint().width())
    left_layout.addWidget(patient_scroll, 1)
    left_layout.addWidget(plan_panel, 2)
    middle = QWidget(window)
    middle_layout = QVBoxLayout(middle)
    middle_layout.addWidget(picker, 3)
    middle_layout.addWidget(order_editor)
    middle_layout.addWidget(picker.add_button)
    guidance_scroll = FittingScrollArea(window)
    guidance_scroll.setObjectName("guidanceScroll")
    guidance_scroll.setWidgetResizable(True)
    guidance_scroll.setWidget(guidance)
    guidance_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    guidance_scroll.setMinimumHeight(48)  # reference text, scrolled: on a short screen the order keeps its room
    middle_layout.addWidget(guidance_scroll, 2)
    splitter = QSplitter(Qt.Orientation.Horizontal, window)
    splitter.setObjectName("mainSplitter")
    splitter.setChildrenCollapsible(False)
    for widget in (left, middle, results):
        splitter.addWidget(widget)
    # a narrower window takes from every column, the result twice as much as the others (not from the result alone)
    for column, stretch in enumerate((1, 1, 2)):
        splitter.setStretchFactor(column, stretch)
    splitter.setSizes([390, 340, 630])

    central = QWidget(window)
    layout = QVBoxLayout(central)
    layout.setContentsMargins(4, 4, 4, 4)
    notice_banner = NoticeBanner((), central)  # filled when the formulary is loaded
    layout.addWidget(notice_banner)
    layout.addWidget(splitter, 1)
    window.setCentralWidget(central)

    status_label = QLabel(window)
    status_label.setObjectName("statusReview")
    window.statusBar().addPermanentWidget(status_label)
    formulary_label = QLabel(window.tr("Loading the formulary…"), window)
    formulary_label.setObjectName("formularyVersion")
    window.statusBar().addWidget(formulary_label)
    return Panels(patient_form, picker, order_editor, guidance, plan_panel, results, splitter, notice_banner, status_label, formulary_label)


def restore_layout(window: QMainWindow, splitter: QSplitter, settings: Settings) -> None:
    """The window's size, toolbars and columns as last left, else a size that fits the screen."""
    geometry = settings.geometry
    if geometry is None or not window.restoreGeometry(geometry):
        screen = window.screen().availableGeometry()
        window.resize(min(1360, int(screen.width() * 0.95)), min(860, int(screen.height() * 0.9)))
    state = settings.window_state
    if state is not None:
        window.restoreState(state)
    splitter_state = settings.splitter_state
    if splitter_state is not None:
        splitter.restoreState(splitter_state)


def save_layout(window: QMainWindow, splitter: QSplitter, settings: Settings) -> None:
    settings.geometry = window.saveGeometry()
    settings.window_state = window.saveState()
    settings.splitter_state = splitter.saveState()
    settings.sync()
