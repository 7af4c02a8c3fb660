"""The weight in the session, without Qt: every new patient starts in the site's unit (kg), never
the last one chosen; the weight source has no default and is an open item until chosen; the
weight's figures for age are shown with the reference named."""

from __future__ import annotations

from cc_dosecalc.active_formulary import ActiveFormulary
from cc_dosecalc.app.session import Session
from cc_dosecalc.app.typed import TypedMeasurement, TypedPatient
from cc_dosecalc.app.view import OpenItem

SOURCE_OPEN = OpenItem("warning", "Patient", "Weight source not stated (choose measured, stated, estimated)")


def patient(weight: str = "70", unit: str = "kg", source: str | None = None, age: str = "40", months: bool = False) -> TypedPatient:
    # no known allergies ticked: the allergies' open item is tested in test_session_kidney_allergies
    return TypedPatient(TypedMeasurement(weight, unit), source, TypedMeasurement(age, "months" if months else "years"), no_known_allergies=True)


def test_a_new_patient_starts_in_kg_whatever_the_last_nurse_chose(active: ActiveFormulary) -> None:
    session = Session(active)
    assert session.patient.weight.unit == "kg"
    session.set_patient(patient("154", "lb", "measured"))
    session.new_patient()
    assert session.patient.weight.unit == "kg" and session.patient.weight.text == ""
    assert session.patient.weight_source is None


def test_a_site_default_unit_is_where_every_new_patient_starts(active: ActiveFormulary) -> None:
    session = Session(active, "lb")
    assert session.patient.weight.unit == "lb"
    session.set_patient(patient("70", "kg", "measured"))
    session.new_patient()
    assert session.patient.weight.unit == "lb"


def test_until_the_weight_source_is_chosen_the_plan_is_not_checked(active: ActiveFormulary) -> None:
    session = Session(active)
    session.set_patient(patient())
    session.choose_drug("warfarin")
    session.add()
    status = session.view.status
    assert status.text == "Not yet checked: weight source not stated (choose measured, stated, estimated)"
    assert status.level == "warning" and SOURCE_OPEN in status.open_items
    session.set_patient(patient(source="measured"))
    assert session.view.status.text == "Checked: ready for ordering" and SOURCE_OPEN not in session.view.status.open_items


def test_the_weight_for_age_is_shown_as_soon_as_the_patient_reads(active: ActiveFormulary) -> None:
    session = Session(active)
    session.set_patient(patient("12.5", source="measured", age="24", months=True))
    assert session.view.weight_for_age.startswith("Weight for age: z-score ")
    assert "CDC 2000 growth charts (weight-for-age)" in session.view.weight_for_age
    assert "sex not given: the wider of the boys' and girls' bands" in session.view.weight_for_age
    session.set_patient(patient("70", source="measured", age="40"))
    assert session.view.weight_for_age == ""


def test_the_issue_cases_in_the_session_are_not_checked(active: ActiveFormulary) -> None:
    session = Session(active)
    session.set_patient(patient("154", source="measured", age="6"))
    session.choose_drug("diltiazem")
    session.add()
    assert session.view.status.text.startswith("NOT FOR ORDERING")
    stop = next(item for item in session.view.status.open_items if item.level == "stop")
    assert stop.where == "Patient" and "implausible for age" in stop.message
