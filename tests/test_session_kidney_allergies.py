"""The session reads the serum creatinine and the allergies as the window's form holds them."""

from __future__ import annotations

import pytest

from cc_dosecalc.allergies import NOT_RECORDED
from cc_dosecalc.app.session import Session
from cc_dosecalc.app.typed import TypedMeasurement
from cc_dosecalc.app.view import OpenItem
from cc_dosecalc.plan import Allergies, Order
from tests.conftest import make_patient
from tests.test_session import planned, typed


def test_the_creatinine_needs_its_unit_chosen_or_typed(session: Session) -> None:
    view = planned(session, "alendronate", patient=typed(age="60", sex="male", scr=TypedMeasurement("1.0", None)))
    assert view.plan is None
    assert view.reading.errors["scr"].startswith("a bare number is ambiguous")
    for scr in (TypedMeasurement("1.0", "mg/dL"), TypedMeasurement("88.4 umol/L", None), TypedMeasurement("88.4", "µmol/L")):
        session.set_patient(typed(age="60", sex="male", scr=scr))
        plan = session.view.plan
        assert plan is not None and plan.kidney is not None and plan.kidney.crcl_ml_min == 77.8, scr


def test_allergies_not_recorded_are_an_open_item(session: Session) -> None:
    view = planned(session, "warfarin", patient=typed(no_known_allergies=False))
    assert view.status.text == f"Not yet checked: {NOT_RECORDED}"
    assert view.status.level == "warning"
    assert view.status.open_items == (OpenItem("warning", "Patient", NOT_RECORDED[:1].upper() + NOT_RECORDED[1:]),)
    session.set_patient(typed())  # no known allergies ticked
    assert session.view.status.text == "Checked: ready for ordering"


def test_allergies_typed_and_ticked_are_refused(session: Session) -> None:
    view = planned(session, "warfarin", patient=typed(allergies="penicillin", no_known_allergies=True))
    assert view.plan is None and "not both" in view.reading.errors["allergies"]


def test_an_allergy_typed_is_a_stop_on_the_drug_it_names(session: Session) -> None:
    view = planned(session, "ceftriaxone", patient=typed(allergies="Cephalosporins (rash)", no_known_allergies=False))
    assert view.status.text.startswith("NOT FOR ORDERING: 1 stop")
    assert any(item.level == "stop" and item.message.startswith("Allergy recorded") for item in view.status.open_items)


@pytest.mark.parametrize("allergies", [Allergies("penicillin"), Allergies("", none_known=True), None])
def test_a_record_reopens_with_its_creatinine_and_allergies(session: Session, allergies: Allergies | None) -> None:
    patient = make_patient("70", age="60", sex="male", scr="88.4 µmol/L", allergies=allergies)
    session.load_record(patient, [Order("warfarin")])
    assert session.patient.scr == TypedMeasurement("88.4", "µmol/L")
    assert session.patient.allergies == (allergies.text if allergies else "")
    assert session.patient.no_known_allergies == (allergies is not None and allergies.none_known)
    plan = session.view.plan
    assert plan is not None and plan.patient == patient
    assert (NOT_RECORDED in plan.open_items) == (allergies is None)
