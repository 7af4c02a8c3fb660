from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.plan import Order
from tests.conftest import make_patient


def test_diltiazem_in_lb(formulary):
    plan = calculate_plan(formulary, make_patient("154 lb"), [Order("diltiazem")])
    result = plan.orders[0]
    assert result.text == "diltiazem oral 139.7 to 279.4 mg/day (2 to 4 mg/kg/day)"
    assert "2 mg/kg/day x 69.85 kg (actual weight) = 139.7 mg/day" in result.steps
