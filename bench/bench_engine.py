"""The engine's time per calculation, and the command line's start-up against ``python -c pass``."""

from __future__ import annotations

from bench.common import EXAMPLE_ORDERS, Row, example_patient, ms, per_call_seconds, process_seconds, python
from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.formulary import load_formulary
from cc_dosecalc.parsing import WEIGHT, parse_measurement
from cc_dosecalc.paths import builtin_formulary_path
from cc_dosecalc.plan import Order


def run() -> list[Row]:
    formulary = load_formulary(builtin_formulary_path())
    patient = example_patient()
    one = [Order("diltiazem")]
    three = list(EXAMPLE_ORDERS)
    load = per_call_seconds(lambda: load_formulary(builtin_formulary_path()))
    single = per_call_seconds(lambda: calculate_plan(formulary, patient, one))
    triple = per_call_seconds(lambda: calculate_plan(formulary, patient, three))
    parse = per_call_seconds(lambda: parse_measurement("154,5 lb", WEIGHT))
    baseline = process_seconds([python(), "-c", "pass"])
    command = [python(), "-m", "cc_dosecalc", "calc", "--weight", "154 lb", "--drug", "diltiazem", "--json"]
    startup = process_seconds(command)
    return [
        Row('parse a weight ("154,5 lb")', ms(parse)),
        Row("load and validate the formulary", ms(load)),
        Row("engine: one-drug plan", ms(single)),
        Row("engine: three-drug plan (IVIG on adjusted weight)", ms(triple)),
        Row(
            "`cc-dosecalc calc --json`, whole process",
            ms(startup),
            f"{ms(baseline)} (python -c pass)",
            startup / baseline,
            "< 1 s",
            startup < 1.0,
        ),
    ]
