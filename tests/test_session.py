"""The session without Qt: what the window shows (status, what is open, the dose, whether it may
print) after each edit a nurse makes, and the rules the window used to decide by itself."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cc_dosecalc.active_formulary import ActiveFormulary, load_active_formulary
from cc_dosecalc.app.session import Notice, OrderEntry, Session
from cc_dosecalc.app.typed import NO_PATIENT, TypedMeasurement, TypedPatient
from cc_dosecalc.app.view import NO_PLAN_YET, NOT_FOR_ORDERING_NO_DOSES, OpenItem, PlanRow, SessionView
from cc_dosecalc.override import Override
from cc_dosecalc.plan import Order
from cc_dosecalc.review import ReviewItem
from tests.conftest import make_patient, ordered

INTERACTION = "Diltiazem inhibits CYP3A4 and P-gp"
DILTIAZEM_70 = "diltiazem oral 140 to 280 mg/day (2 to 4 mg/kg/day)"

WARD_SITE = """
[formulary]
name = "Ward 7"
version = "w7-1"

[sources]
ward7 = "Ward 7 pharmacy"

[[drug]]
id = "ward-balm"
name = "ward balm"
class = "Local topical"
source = "ward7"

[[drug.regimen]]
id = "ward-balm-topical"
label = "topical"
route = "topical"
basis = "none"
period = "day"
source = "ward7"

[[drug]]
id = "diltiazem"

[[drug.regimen]]
id = "diltiazem-site"
label = "oral, 1 to 3 mg/kg/day (site)"
route = "oral"
basis = "per_kg"
dose_low = 1
dose_high = 3
dose_unit = "mg/kg"
period = "day"
source = "ward7"
"""


def typed(
    weight: str = "70",
    unit: str = "kg",
    age: str = "40",
    height: str = "",
    sex: str | None = None,
    crcl: str = "",
    name: str = "",
    scr: TypedMeasurement | None = None,
    allergies: str = "",
    no_known_allergies: bool = True,
) -> TypedPatient:
    return TypedPatient(
        TypedMeasurement(weight, unit),
        "measured",
        age=TypedMeasurement(age, "years"),
        height=TypedMeasurement(height, "cm"),
        sex=sex,
        crcl=TypedMeasurement(crcl, None),
        name=name,
        scr=scr,
        allergies=allergies,
        no_known_allergies=no_known_allergies,
    )


class Seen:
    """What the window would be told: every view and every passing message."""

    def __init__(self, session: Session) -> None:
        self.views: list[SessionView] = []
        self.notices: list[Notice] = []
        self.selected: list[OrderEntry | None] = []
        session.changed.connect(self.views.append)
        session.told.connect(self.notices.append)
        session.selected.connect(self.selected.append)

    @property
    def told(self) -> str:
        return self.notices[-1].text if self.notices else ""


def planned(session: Session, *drug_ids: str, patient: TypedPatient | None = None) -> SessionView:
    """The plan with ``drug_ids`` added; colchicine, which has no dose in the reference, is ordered
    at 0.6 mg twice daily so that its dose limits can be checked."""
    session.set_patient(patient or typed())
    for drug_id in drug_ids:
        session.choose_drug(drug_id)
        session.add()
        if drug_id == "colchicine":
            session.edit_order(None, None, "0.6 mg", "twice daily")
    return session.view


def never_asked(item: ReviewItem) -> Override | None:
    raise AssertionError(f"no reason should be asked for {item.message}")


NO_QT = """
import sys
from cc_dosecalc.active_formulary import load_active_formulary
from cc_dosecalc.app.session import Session
from cc_dosecalc.app.typed import TypedMeasurement, TypedPatient
session = Session(load_active_formulary(None))
session.set_patient(TypedPatient(TypedMeasurement("70", "kg")))
session.choose_drug("diltiazem")
session.add()
assert session.view.shown is not None, session.view.message
qt = sorted(name for name in sys.modules if name.startswith("PySide6") or name.startswith("cc_dosecalc.gui"))
print(qt or "ok")
"""


def test_the_session_works_without_qt() -> None:
    done = subprocess.run([sys.executable, "-c", NO_QT], capture_output=True, text=True, timeout=60, env={**os.environ})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_a_new_session_waits_calmly(session: Session) -> None:
    view = session.view
    assert view.status.text == NO_PLAN_YET == "No plan yet: enter the patient's weight and add treatments."
    assert (view.status.level, view.status.short, view.status.open_items) == ("info", "No doses calculated", ())
    assert view.message == "Enter the patient's weight to see doses."
    assert not view.printing_allowed and view.plan is None and view.rows == ()
    assert not session.has_entries()


def test_a_weight_and_no_treatment_is_an_empty_plan(session: Session) -> None:
    session.set_patient(typed())
    view = session.view
    assert (view.status.level, view.status.text, view.status.short) == ("info", "No treatments in the plan yet.", "Plan empty")
    assert view.message == "Choose a treatment to see its dose."
    assert not view.printing_allowed
    assert session.has_entries()


def test_a_plan_that_loses_its_weight_is_not_for_ordering(session: Session) -> None:
    assert planned(session, "diltiazem").printing_allowed
    session.set_patient(typed(weight=""))
    view = session.view
    assert view.status.text == NOT_FOR_ORDERING_NO_DOSES
    assert view.status.text == "NOT FOR ORDERING: no doses calculated (the patient's entries are incomplete or refused)"
    assert view.status.level == "info"  # nothing refused: only the weight missing
    assert view.message == "Enter the patient's weight to see doses."
    assert view.rows == (PlanRow("diltiazem"),)  # the plan still names what is planned
    assert not view.printing_allowed and session.plan()[0] is None


@pytest.mark.parametrize(
    ("patient", "key", "shown"),
    [
        (typed(weight="70.5.5"), "weight", "Weight: enter a plain number such as 70.5 or 70,5"),
        (typed(weight="500"), "weight", "Weight: 500 kg is outside the accepted 0.5 to 400 kg"),
        (typed(weight="1000", unit="lb"), "weight", "Weight: 1,000 lb (453.592 kg) is outside the accepted 0.5 to 400 kg"),
        (typed(age="200"), "age", "Age: 200 years is above the accepted maximum of 130 years"),
        (typed(height="5"), "height", "Height: 5 cm is outside the accepted 20 to 272 cm"),
        (typed(crcl="400"), "crcl", "Creatinine clearance: "),
        (typed(name="Ann\tLee"), "name", "Patient name: "),
    ],
)
def test_a_refused_patient_entry_shows_no_dose_and_says_which(session: Session, patient: TypedPatient, key: str, shown: str) -> None:
    planned(session, "diltiazem")
    session.set_patient(patient)
    view = session.view
    assert key in view.reading.errors
    assert view.message.startswith("No dose is shown until the marked entries are corrected:\n" + shown)
    assert (view.status.level, view.status.text) == ("stop", NOT_FOR_ORDERING_NO_DOSES)
    assert view.shown is None and not view.printing_allowed
    session.set_patient(typed())
    assert session.view.reading.errors == {} and session.view.shown is not None
    assert session.view.shown.result.text == DILTIAZEM_70


def test_a_weight_in_lb_is_read_in_its_unit(session: Session) -> None:
    view = planned(session, "diltiazem", patient=typed("154", "lb", age="52"))
    assert view.reading.weight is not None and (view.reading.weight.value, view.reading.weight.unit) == (154, "lb")
    assert view.shown is not None and view.shown.result.text == "diltiazem oral 139.7 to 279.4 mg/day (2 to 4 mg/kg/day)"


def test_a_treatment_being_chosen_is_a_preview_that_cannot_be_printed(session: Session, active: ActiveFormulary) -> None:
    seen = Seen(session)
    session.set_patient(typed())
    session.choose_drug("warfarin")
    assert seen.selected[-1] == OrderEntry("warfarin")
    view = session.view
    assert view.shown is not None and view.shown.preview and view.shown.result.text == "warfarin oral 1 mg/day"
    assert view.plan is None and not view.printing_allowed
    session.add()
    assert seen.told == "Added to the plan."
    view = session.view
    assert view.shown is not None and not view.shown.preview
    assert view.rows == (PlanRow("warfarin oral 1 mg/day"),) and view.current == 0 and view.printing_allowed


def test_add_says_why_nothing_was_added(session: Session) -> None:
    seen = Seen(session)
    session.add()
    assert seen.told == "Choose a treatment from the list first."
    planned(session, "diltiazem")
    session.choose_drug("diltiazem")  # chosen again from the list: the planned order, not a new one
    session.add()
    assert seen.told == "diltiazem is already in the plan."
    assert len(session.orders) == 1


def test_interactions_go_with_a_removed_treatment(session: Session) -> None:
    seen = Seen(session)
    view = planned(session, "diltiazem", "colchicine")
    assert [(line.level, line.drugs) for line in view.interactions] == [("warning", "diltiazem + colchicine")]
    # the interaction, and diltiazem's contraindications to confirm
    assert view.status.text == "Not yet checked: 2 warnings to acknowledge"
    assert [row.worst for row in view.rows] == ["warning", "warning"]  # the interaction concerns both
    session.choose_row(1)
    session.remove()
    assert seen.told == "Removed from the plan."
    assert session.view.interactions == () and session.view.current == 0
    assert seen.selected[-1] == session.orders[0]
    assert session.view.status.text == "Not yet checked: 1 warning to acknowledge"
    confirm_diltiazem_contraindications(session)
    assert session.view.status.text == "Checked: ready for ordering"


def test_each_warning_is_acknowledged_on_its_own(session: Session) -> None:
    patient = typed("154", "lb", age="52", height="175", sex="male", crcl="55")
    view = planned(session, "diltiazem", "colchicine", "ivig", patient=patient)
    confirm_diltiazem_contraindications(session)
    view = session.view
    assert view.status.text == "Not yet checked: 2 warnings to acknowledge"
    assert view.status.level == "warning"
    kidney = next(item for item in view.status.open_items if "Creatinine clearance below 60 mL/min" in item.message)
    assert kidney.level == "warning" and kidney.where == "immune globulin (IVIG)"
    session.choose_row(0)
    shown = session.view.shown
    assert shown is not None
    interaction = next(line for line in shown.alerts if INTERACTION in line.message)
    assert interaction.where == "Interaction diltiazem + colchicine" and interaction.state == "open"
    assert interaction.key is not None
    session.tick(interaction.key, True, never_asked)
    assert session.view.status.text == "Not yet checked: 1 warning to acknowledge"
    assert [row.worst for row in session.view.rows] == [None, None, "warning"]
    kidney_key = next(item.key for item in review_items_of(session) if "Creatinine clearance below 60" in item.message)
    session.tick(kidney_key, True, never_asked)
    assert session.view.status == session.view.status.__class__("ok", "Checked: ready for ordering", (), "Checked: ready for ordering")
    assert [row.worst for row in session.view.rows] == [None, None, None]
    session.tick(interaction.key, False, never_asked)  # unticking reopens it
    assert session.view.status.text == "Not yet checked: 1 warning to acknowledge"


def confirm_diltiazem_contraindications(session: Session) -> None:
    key = next(item.key for item in review_items_of(session) if item.code == "diltiazem-contraindications")
    session.tick(key, True, never_asked)


def review_items_of(session: Session) -> tuple[ReviewItem, ...]:
    from cc_dosecalc.review import review_items

    plan = session.view.plan
    assert plan is not None
    return review_items(plan)


def stop_plan(session: Session) -> str:
    """Diltiazem extended-release ordered at 600 mg once daily: one stop and three warnings. Returns the stop's key."""
    planned(session, "diltiazem")
    session.edit_order(None, None, "600 mg", "once daily", "extended-release")
    return next(item.key for item in review_items_of(session) if item.level == "stop")


def test_a_stop_needs_an_override_with_a_name_and_a_written_reason(session: Session) -> None:
    key = stop_plan(session)
    view = session.view
    assert view.status.text == "NOT FOR ORDERING: 1 stop without an override; 3 warnings to acknowledge"
    assert view.status.level == "stop" and view.rows[0].worst == "stop"
    assert view.printing_allowed  # printed NOT FOR ORDERING, after asking (the printing's rule)
    assert view.status.open_items[0] == OpenItem("stop", "diltiazem", view.status.open_items[0].message)
    assert view.status.open_items[0].message.startswith("Extended-release diltiazem above 480 mg/day")
    refused = session.tick(key, True, lambda item: Override("Dr Lee ok", "Dr A. Lee"))  # 9 characters
    assert refused == (
        "Override reason: write at least 10 characters with at least 2 different words (a word: 2 or more letters, not one letter repeated)"
    )
    assert session.view.status.text.startswith("NOT FOR ORDERING: 1 stop")
    refused = session.tick(key, True, lambda item: Override("Prescriber confirmed 600 mg/day by phone", " "))
    assert refused == "Overridden by: write the name of the clinician who overrides the stop"
    assert session.view.status.text.startswith("NOT FOR ORDERING: 1 stop")
    assert session.tick(key, True, lambda item: None) is None  # cancelled: nothing recorded
    assert session.view.status.text.startswith("NOT FOR ORDERING: 1 stop")
    assert session.tick(key, True, lambda item: Override("Prescriber confirmed 600 mg/day by phone", "Dr A. Lee")) is None
    assert session.view.status.text == "Not yet checked: 3 warnings to acknowledge"
    assert session.view.rows[0].worst == "warning"
    shown = session.view.shown
    assert shown is not None
    stop = next(line for line in shown.alerts if line.key == key)
    assert (stop.state, stop.reason, stop.overridden_by) == ("overridden", "Prescriber confirmed 600 mg/day by phone", "Dr A. Lee")
    session.tick(key, False, never_asked)  # unticked: the override is withdrawn
    assert session.view.status.text.startswith("NOT FOR ORDERING: 1 stop")


def test_an_acknowledgement_reopens_when_the_alert_is_reworded(session: Session) -> None:
    planned(session, "diltiazem")
    session.edit_order(None, None, "400 mg", "once daily", "extended-release")
    key = next(item.key for item in review_items_of(session) if "diltiazem above 360" in item.message)
    session.tick(key, True, never_asked)
    assert not [item for item in session.view.status.open_items if "diltiazem above 360" in item.message]
    session.edit_order(None, None, "420 mg", "once daily", "extended-release")
    assert [item for item in session.view.status.open_items if "diltiazem above 360" in item.message]


def test_an_alert_not_in_the_plan_records_nothing(session: Session) -> None:
    planned(session, "diltiazem")
    assert session.tick("order0:diltiazem|nothing|no such alert", True, never_asked) is None
    assert session.review.acknowledged == frozenset()


def test_a_refused_ordered_dose_on_a_planned_order_shows_no_plan(session: Session) -> None:
    planned(session, "diltiazem")
    session.edit_order(None, None, "300")
    view = session.view
    assert view.ordered_error == "give a unit: mg, g, mcg"
    assert view.plan is None and not view.printing_allowed and view.status.text == NOT_FOR_ORDERING_NO_DOSES
    assert view.message.startswith("No dose is shown until the marked entries are corrected:\ndiltiazem: Ordered dose: give a unit")
    session.edit_order(None, None, "300 mg")
    assert session.view.ordered_error is None and session.view.printing_allowed


def test_a_refused_entry_on_the_treatment_being_chosen_leaves_the_plan_standing(session: Session) -> None:
    planned(session, "diltiazem")
    session.choose_drug("colchicine")  # chosen, not yet added
    session.edit_order(None, None, "300")  # no unit: refused
    view = session.view
    assert view.ordered_error == "give a unit: mg, g, mcg"
    assert view.status.text == "Not yet checked: 1 warning to acknowledge"  # diltiazem's contraindications
    assert view.plan is not None and view.printing_allowed
    assert view.shown is None
    assert view.message == "No dose is shown for colchicine until its marked entry is corrected."
    session.choose_row(0)  # the planned order shown: the refusal was the other one's
    assert session.view.ordered_error is None


def test_days_that_are_not_a_whole_number_in_range_show_no_dose(session: Session) -> None:
    view = planned(session, "ivig")
    assert view.shown is not None and view.shown.result.text.endswith("70 g daily for 2 days")
    session.edit_order(None, 0, "")  # an emptied days box
    assert session.view.plan is None and session.view.shown is None
    session.edit_order(None, 4, "")
    assert session.view.shown is not None and session.view.shown.result.text.endswith("35 g daily for 4 days")


def test_a_chosen_dosing_weight_that_can_no_longer_be_calculated_returns_to_the_suggested_one(session: Session) -> None:
    seen = Seen(session)
    view = planned(session, "ivig", patient=typed("100", height="175", sex="male"))
    assert view.shown is not None and view.shown.result.dosing_weight.suggested == "adjusted"
    session.choose_dosing_weight("ideal")
    assert session.orders[0].dosing_weight == "ideal"
    assert session.view.shown is not None and session.view.shown.result.text.startswith("immune globulin (IVIG) IV 140.9 g per course")
    session.choose_dosing_weight("adjusted")  # the suggested one: the automatic choice again
    assert session.orders[0].dosing_weight == "auto"
    session.choose_dosing_weight("ideal")
    session.set_patient(typed("100", height="", sex="male"))
    assert seen.told.startswith("Dosing weight back to the suggested weight: ")
    assert session.orders[0].dosing_weight == "auto"
    assert session.view.shown is not None and session.view.shown.result.text.startswith("immune globulin (IVIG) IV 200 g per course")
    assert session.view.printing_allowed


def test_an_edit_is_not_a_new_selection(session: Session) -> None:
    seen = Seen(session)
    planned(session, "diltiazem")
    chosen = len(seen.selected)
    session.edit_order(None, None, "300 mg")
    session.set_patient(typed("71"))
    assert len(seen.selected) == chosen
    assert len(seen.views) > chosen


def test_new_patient_clears_everything(session: Session) -> None:
    seen = Seen(session)
    key = stop_plan(session)
    session.tick(key, True, lambda item: Override("Prescriber confirmed by phone", "Dr A. Lee"))
    session.new_patient()
    assert seen.selected[-1] is None
    assert (session.patient, session.orders, session.review.overrides) == (NO_PATIENT, (), ())
    assert session.view.status.text == NO_PLAN_YET and not session.has_entries()


def test_a_record_is_loaded_as_if_typed(session: Session) -> None:
    patient = make_patient("154 lb", age="52", height="175", sex="male", crcl="55")
    orders = [
        Order("diltiazem", None, None, ordered("300 mg"), frequency="four times daily", form="immediate-release"),
        Order("ivig", None, 3, None, "actual"),
        Order("no-such-drug"),
    ]
    gone = session.load_record(patient, orders)
    assert gone == ("no-such-drug",)
    assert session.patient.weight == TypedMeasurement("154", "lb") and session.patient.sex == "male"
    assert [entry.drug_id for entry in session.orders] == ["diltiazem", "ivig"]
    assert session.orders[0].ordered_text == "300 mg" and session.orders[1].dosing_weight == "actual"
    assert (session.orders[0].frequency, session.orders[0].form) == ("four times daily", "immediate-release")
    view = session.view
    assert view.current == 0 and view.shown is not None
    assert view.shown.result.text == "diltiazem immediate-release 300 mg orally four times daily"
    assert view.shown.result.calculated_text == "diltiazem oral 139.7 to 279.4 mg/day (2 to 4 mg/kg/day)"
    assert view.rows[1].text == "immune globulin (IVIG) IV 139.7 g per course (2 g/kg): 46.6 g daily for 3 days"  # actual weight
    assert session.has_entries()


def test_switching_formularies_keeps_what_the_new_one_has(session: Session, tmp_path: Path) -> None:
    site = tmp_path / "ward7.toml"
    site.write_text(WARD_SITE, encoding="utf-8")
    seen = Seen(session)
    session.set_formulary(load_active_formulary(site))
    assert seen.told == f"Working on the formulary {session.formulary.version} (site)."
    planned(session, "ward-balm", "diltiazem")
    session.edit_order("diltiazem-site", None, "")
    assert session.view.rows[1].text == "diltiazem oral 70 to 210 mg/day (1 to 3 mg/kg/day)"
    session.set_formulary(load_active_formulary(None))
    assert seen.told.endswith("(built-in). Removed from the plan (not in this formulary): ward-balm.")
    assert session.orders == (OrderEntry("diltiazem"),)  # its site regimen gone: the first regimen again
    assert session.view.current == 0 and seen.selected[-1] == OrderEntry("diltiazem")
    assert session.view.rows == (PlanRow(DILTIAZEM_70, "warning"),)  # its contraindications to confirm


def test_a_new_treatment_of_a_site_formulary_is_named_without_a_plan(session: Session, tmp_path: Path) -> None:
    site = tmp_path / "ward7.toml"
    site.write_text(WARD_SITE, encoding="utf-8")
    session.set_formulary(load_active_formulary(site))
    view = planned(session, "ward-balm")
    assert view.shown is not None and view.shown.result.text == "ward balm topical: no dose in the reference"
    session.set_patient(typed(weight=""))
    assert session.view.rows == (PlanRow("ward balm"),)


def test_an_ordered_dose_is_an_open_item_until_its_frequency_and_form_are_chosen(session: Session) -> None:
    planned(session, "diltiazem")  # 70 kg: 140 to 280 mg/day
    session.edit_order(None, None, "240 mg")
    view = session.view
    assert view.status.text == "Not yet checked: 1 warning to acknowledge; 1 incomplete order not checked"
    assert view.status.level == "warning"
    assert view.status.open_items[-1:] == (
        OpenItem("warning", "diltiazem", "The ordered dose has no frequency: it is not checked until the frequency is given."),
    )
    assert view.shown is not None and view.shown.result.text == "diltiazem 240 mg orally: incomplete order, not checked"
    session.edit_order(None, None, "240 mg", "once daily")
    assert session.view.status.open_items[-1].message.startswith("The ordered dose has no form")
    session.edit_order(None, None, "240 mg", "once daily", "extended-release")
    assert session.view.status.text == "Not yet checked: 1 warning to acknowledge"  # diltiazem's contraindications
    confirm_diltiazem_contraindications(session)
    view = session.view
    assert view.status.text == "Checked: ready for ordering" and view.status.open_items == ()
    assert view.shown is not None and view.shown.result.text == "diltiazem extended-release 240 mg orally once daily"
    assert view.shown.order_lines == (
        "Ordered dose: 240 mg once daily (240 mg/day)",
        "Calculated dose: diltiazem oral 140 to 280 mg/day (2 to 4 mg/kg/day)",
        "Verdict: within the calculated range 140 to 280 mg/day",
    )
    assert session.orders[0] == OrderEntry("diltiazem", None, None, "240 mg", "auto", "once daily", "extended-release")


def test_without_an_ordered_dose_the_window_says_the_line_is_not_an_order(session: Session) -> None:
    planned(session, "warfarin")
    assert session.view.shown is not None
    assert session.view.shown.order_lines == ("Order: No ordered dose entered: this shows the calculated dose, not an order.",)
