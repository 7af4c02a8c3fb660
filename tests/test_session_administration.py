"""The session and what is given (issue 14): the IVIG product chosen for an order, the risk
factor checklist answered beside it, and what the window is shown of them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cc_dosecalc.app.session import Session
from cc_dosecalc.open_items import RISK_FACTORS_NOT_ANSWERED
from cc_dosecalc.plan import Order
from tests.conftest import make_patient
from tests.test_session import typed


def ivig_planned(session: Session, product_id: str | None = "octagam-10", age: str = "40") -> None:
    session.set_patient(replace(typed(weight="70", age=age), crcl=typed(crcl="90").crcl))
    session.choose_drug("ivig")
    session.add()
    session.edit_order("ivig-iv", 2, "", product_id=product_id)


def top_rate(session: Session) -> float:
    shown = session.view.shown
    assert shown is not None and shown.result.infusion is not None
    return shown.result.infusion.days[0].steps[-1].rate_ml_h


def test_the_product_chosen_gives_the_infusion_plan(session: Session) -> None:
    ivig_planned(session, product_id=None)
    shown = session.view.shown
    assert shown is not None and shown.result.infusion is None
    assert "Choose the IVIG product" in " ".join(line.message for line in shown.alerts)
    session.edit_order("ivig-iv", 2, "", product_id="octagam-10")
    assert session.orders[0].product_id == "octagam-10"
    shown = session.view.shown
    assert shown is not None and shown.result.infusion is not None
    assert [step.rate_ml_h for step in shown.result.infusion.days[0].steps] == [42, 84, 138.6]  # at risk until answered


def test_the_checklist_is_an_open_item_no_tick_closes(session: Session) -> None:
    ivig_planned(session)
    status = session.view.status
    # the status bar's few words count what the plan panel lists: here the checklist alone
    assert [item.message for item in status.open_items] == [RISK_FACTORS_NOT_ANSWERED]
    assert status.short == "Not yet checked: 1 item open"
    assert status.level == "warning" and status.text.startswith("Not yet checked") and RISK_FACTORS_NOT_ANSWERED in [item.message for item in status.open_items]
    # nothing in the alerts to tick stands for the checklist
    shown = session.view.shown
    assert shown is not None and not [line for line in shown.alerts if line.key is not None and "checklist" in line.message]
    session.set_risk_factors(())
    assert RISK_FACTORS_NOT_ANSWERED not in [item.message for item in session.view.status.open_items]
    assert top_rate(session) == 168  # not at risk: the label's last step
    session.set_risk_factors(("diabetes",))
    assert top_rate(session) == 138.6
    session.set_risk_factors(None)
    assert RISK_FACTORS_NOT_ANSWERED in [item.message for item in session.view.status.open_items]


def test_typing_in_the_patient_form_keeps_the_checklist_answered(session: Session) -> None:
    ivig_planned(session)
    session.set_risk_factors(("sepsis",))
    session.set_patient(typed(weight="71", age="40", crcl="90"))
    assert session.patient.ivig_risk_factors == ("sepsis",)
    assert top_rate(session) == pytest.approx(71 * 3.3 * 60 / 100, abs=0.1)
    session.new_patient()
    assert session.patient.ivig_risk_factors is None and not session.has_entries()


def test_a_record_reopens_with_its_product_and_checklist(session: Session) -> None:
    patient = replace(make_patient("70", "40", crcl="90"), ivig_risk_factors=("immobility",))
    session.load_record(patient, [Order("ivig", "ivig-iv", 2, product_id="privigen")])
    assert session.orders[0].product_id == "privigen"
    assert session.patient.ivig_risk_factors == ("immobility",)
    shown = session.view.shown
    assert shown is not None and shown.result.infusion is not None
    assert shown.result.infusion.product.id == "privigen" and shown.result.infusion.at_risk.at_risk


def test_a_product_the_formulary_does_not_list_is_to_be_chosen_again(session: Session) -> None:
    session.load_record(make_patient("70", "40"), [Order("ivig", "ivig-iv", 2, product_id="withdrawn-brand")])
    assert session.orders[0].product_id is None
    shown = session.view.shown
    assert shown is not None and shown.result.infusion is None


def test_the_status_bar_names_the_stops_and_counts_what_is_open(session: Session) -> None:
    from tests.test_session import typed as typed_patient

    session.set_patient(typed_patient())
    session.choose_drug("colchicine")
    session.add()
    session.edit_order(None, None, "60 mg", "once daily")  # above the label's 2.4 mg/day: a stop
    status = session.view.status
    assert status.short == status.text == "NOT FOR ORDERING: 1 stop without an override"
    session.edit_order(None, None, "0.6 mg", "twice daily")
    assert session.view.status.short == "Checked: ready for ordering"
    session.set_patient(replace(typed_patient(), weight_source=None, no_known_allergies=False))
    status = session.view.status
    assert len(status.open_items) == 2 and status.short == "Not yet checked: 2 items open"
    assert status.text.startswith("Not yet checked: weight source not stated")
