"""The command line: ``cc-dosecalc`` opens the window; subcommands work without a display.

Nothing here imports Qt, except the window launcher when it is asked for.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import sys
from collections.abc import Sequence
from datetime import datetime
from typing import Any, NoReturn

from cc_dosecalc import __version__
from cc_dosecalc.active_formulary import load_active_formulary
from cc_dosecalc.app.records import Records
from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.exit_codes import EXIT_BAD_INPUT, EXIT_CANNOT_RUN
from cc_dosecalc.formulary import Formulary, FormularyError
from cc_dosecalc.history import HistoryError
from cc_dosecalc.logs import configure_logging
from cc_dosecalc.parsing import AGE, CRCL, HEIGHT, ORDERED_DOSE, WEIGHT, InputError, parse_measurement, parse_text, parse_whole_number
from cc_dosecalc.plan import DOSING_WEIGHT_CHOICES, SEXES, Order, Patient, WeightSource
from cc_dosecalc.report import plan_text
from cc_dosecalc.results import PlanResult
from cc_dosecalc.review import Review, review_items
from cc_dosecalc.serialize import formulary_to_dict, plan_to_dict

_log = logging.getLogger(__name__)
MAX_ERROR_LENGTH = 300


class _Parser(argparse.ArgumentParser):
    """Refuses bad options with one line on standard error and exit status 2."""

    def error(self, message: str) -> NoReturn:
        # one line, whatever was typed (argparse quotes the value it refuses, and it may be huge)
        line = " ".join(message.split())
        if len(line) > MAX_ERROR_LENGTH:
            line = line[: MAX_ERROR_LENGTH - 3] + "..."
        print(f"cc-dosecalc: {line}", file=sys.stderr)
        sys.exit(EXIT_BAD_INPUT)


class _OrderOption(argparse.Action):
    """``--drug`` starts an order; ``--regimen``, ``--days``, ``--ordered`` and
    ``--dosing-weight`` belong to the ``--drug`` before them."""

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, option_string: str | None = None
    ) -> None:
        orders: list[dict[str, str]] = list(getattr(namespace, "orders", None) or [])
        if self.dest == "drug":
            orders.append({"drug": values})
        elif not orders:
            parser.error(f"{option_string} must follow the --drug it belongs to")
        elif self.dest in orders[-1]:
            parser.error(f"{option_string} given twice for --drug {orders[-1]['drug']}")
        else:
            orders[-1] = {**orders[-1], self.dest: values}
        namespace.orders = orders


def _add_plan_options(parser: argparse.ArgumentParser) -> None:
    patient = parser.add_argument_group("patient")
    patient.add_argument("--weight", required=True, metavar="TEXT", help='weight, e.g. "70.5", "70,5" or "154 lb" (a bare number is kg)')
    patient.add_argument("--weight-unit", choices=("kg", "lb", "g"), help="unit of --weight when the text has none")
    patient.add_argument("--weight-source", choices=[source.value for source in WeightSource], default="measured")
    patient.add_argument("--age", metavar="TEXT", help='age, e.g. "6 years", "18 months", "20 days" (a bare number is years)')
    patient.add_argument("--height", metavar="TEXT", help='height, e.g. "175" or "175 cm" or "69 in"')
    patient.add_argument("--sex", choices=SEXES)
    patient.add_argument("--crcl", metavar="TEXT", help="creatinine clearance in mL/min")
    patient.add_argument("--name", metavar="TEXT", default="", help="patient name (for the summary)")
    patient.add_argument("--patient-id", metavar="TEXT", default="", help="patient identifier (for the summary)")
    orders = parser.add_argument_group("orders (repeat --drug; the options after it belong to it)")
    orders.add_argument("--drug", action=_OrderOption, required=True, metavar="ID", help="drug id (see `cc-dosecalc drugs`)")
    orders.add_argument("--regimen", action=_OrderOption, metavar="ID", help="regimen id (default: the drug's first)")
    orders.add_argument("--days", action=_OrderOption, metavar="N", help="IVIG: days the course is given over (2 to 5)")
    orders.add_argument(
        "--ordered",
        action=_OrderOption,
        metavar="TEXT",
        help=(
            'the dose the prescriber ordered, with its unit ("300 mg"): per day for daily regimens, '
            "per dose for weekly ones, per day of the course for IVIG"
        ),
    )
    orders.add_argument(
        "--dosing-weight", action=_OrderOption, metavar="BASIS", help="IVIG: actual, ideal or adjusted (default: as suggested)"
    )
    orders.add_argument(
        "--product", action=_OrderOption, metavar="ID", help="IVIG: the product for the infusion plan (see `drugs --json`, \"products\")"
    )
    risk = patient.add_mutually_exclusive_group()
    risk.add_argument(
        "--risk-factor", action="append", metavar="ID", help="IVIG: a risk factor of the label's list that applies (repeatable)"
    )
    risk.add_argument("--no-risk-factors", action="store_true", help="IVIG: none of the label's risk factors applies")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="cc-dosecalc", description="Dose calculator for the treatments of calcinosis cutis. With no command, opens the window."
    )
    parser.add_argument("--version", action="version", version=f"cc-dosecalc {__version__}")
    parser.add_argument("--self-test", action="store_true", help="check this installation without a display (exit 0 when it passes)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    drugs = commands.add_parser("drugs", help="list the formulary")
    drugs.add_argument("--json", action="store_true", help="print JSON")
    calc = commands.add_parser("calc", help="calculate doses for a patient")
    _add_plan_options(calc)
    calc.add_argument("--json", action="store_true", help="print JSON")
    summary = commands.add_parser(
        "summary",
        help="write the printed dosing summary as a PDF (no display needed)",
        description="Write the dosing summary as a PDF. Warnings print as not acknowledged; a stop without an "
        "--override prints the summary NOT FOR ORDERING.",
    )
    _add_plan_options(summary)
    summary.add_argument("--pdf", required=True, metavar="PATH", help="where to write the PDF (replaced atomically)")
    summary.add_argument(
        "--override",
        action="append",
        default=[],
        metavar="CODE=REASON",
        help="override every stop with this alert code, recording the reason (repeatable)",
    )
    history = commands.add_parser("history", help="list the summaries printed or saved (the history)")
    history.add_argument("--search", metavar="TEXT", default="", help="only records whose patient, identifier, drugs or time hold TEXT")
    history.add_argument("--json", action="store_true", help="print JSON")
    return parser


def patient_from_args(args: argparse.Namespace) -> Patient:
    def optional(text: str | None, spec: Any) -> Any:
        return parse_measurement(text, spec) if text is not None else None

    return Patient(
        weight=parse_measurement(args.weight, WEIGHT, args.weight_unit),
        weight_source=WeightSource(args.weight_source),
        age=optional(args.age, AGE),
        height=optional(args.height, HEIGHT),
        sex=args.sex,
        crcl=optional(args.crcl, CRCL),
        name=parse_text(args.name, "Patient name"),
        identifier=parse_text(args.patient_id, "Patient identifier"),
        ivig_risk_factors=_risk_factors(args),
    )


def _risk_factors(args: argparse.Namespace) -> tuple[str, ...] | None:
    """The IVIG risk factor checklist: None when not answered, () for --no-risk-factors."""
    if args.no_risk_factors:
        return ()
    if not args.risk_factor:
        return None
    return tuple(parse_text(item, "Risk factor", 64) for item in args.risk_factor)


def orders_from_args(args: argparse.Namespace) -> list[Order]:
    orders = []
    for given in args.orders:
        choice = given.get("dosing_weight", "auto")
        if choice not in DOSING_WEIGHT_CHOICES:
            shown = f"'{choice[:20]}'" if choice.isprintable() else "that value"
            raise InputError("Dosing weight", f"{shown} is not one of: {', '.join(DOSING_WEIGHT_CHOICES)}")
        orders.append(
            Order(
                drug_id=parse_text(given["drug"], "Drug", 64),
                regimen_id=parse_text(given["regimen"], "Regimen", 64) if "regimen" in given else None,
                days=parse_whole_number(given["days"], "Days", 1, 365) if "days" in given else None,
                ordered=parse_measurement(given["ordered"], ORDERED_DOSE) if "ordered" in given else None,
                dosing_weight=choice,
                product_id=parse_text(given["product"], "Product", 64) if "product" in given else None,
            )
        )
    return orders


def _launch_window() -> int:
    """Open the window: the one import of the window's package the command line makes."""
    from cc_dosecalc.gui.launch import launch_window

    return launch_window()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        return _launch_window()
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging()
    # the command only: the arguments carry the patient's name
    _log.info("cc-dosecalc %s: %s", __version__, "--self-test" if args.self_test else args.command or "the window")
    if args.self_test:
        if args.command is not None:
            parser.error("--self-test takes no command")
        from cc_dosecalc.selftest import run_self_test

        return run_self_test()
    if args.command is None:
        return _launch_window()
    if args.command == "history":
        return _history(args.search, args.json)
    try:
        active = load_active_formulary()
    except FormularyError as error:
        _log.error("Formulary refused: %s", error)
        print(f"cc-dosecalc: formulary refused: {error}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    for notice in active.notices:
        print(f"cc-dosecalc: {notice}", file=sys.stderr)
    formulary = active.formulary
    if args.command == "drugs":
        return _drugs(formulary, args.json)
    try:
        plan = calculate_plan(formulary, patient_from_args(args), orders_from_args(args))
        review = review_from_overrides(plan, args.override) if args.command == "summary" else Review()
    except InputError as error:
        _log.info("Input refused: %s", error)  # messages never quote a name or an identifier (parse_text)
        print(f"cc-dosecalc: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.command == "summary":
        return _summary(plan, review, args.pdf, active.notices)
    print(json.dumps(plan_to_dict(plan), indent=2) if args.json else plan_text(plan))
    return 0


def review_from_overrides(plan: PlanResult, overrides: Sequence[str]) -> Review:
    """``CODE=REASON`` overrides every stop of the plan whose alert code is CODE."""
    stops = [item for item in review_items(plan) if item.level == "stop"]
    review = Review()
    for given in overrides:
        code, sep, reason = given.partition("=")
        code = code.strip()
        if not sep or not code:
            raise InputError("Override", "write it as CODE=REASON, e.g. ordered-above-range=confirmed with the prescriber")
        matching = [item for item in stops if item.code == code]
        if not matching:
            known = ", ".join(dict.fromkeys(item.code for item in stops)) or "none"
            raise InputError("Override", f"no stop with code '{code[:40]}' in this plan (stops: {known})")
        for item in matching:
            review = review.override(item.key, reason)
    return review


def _summary(plan: PlanResult, review: Review, path: str, notices: Sequence[str]) -> int:
    """Write the summary's PDF, then record it; Qt is loaded here only, offscreen (no display is needed).

    The history is opened first so that its notices (a damaged history moved aside) are printed on
    the summary too. A history that cannot be used never stops the PDF: it is said in one line.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from cc_dosecalc.summary.document import build_summary
    from cc_dosecalc.summary.printing import SummaryWriteError, write_pdf

    not_recorded = ""
    with Records() as records:
        history_notices = records.notices()
        for notice in history_notices:
            print(f"cc-dosecalc: {notice}", file=sys.stderr)
        document = build_summary(plan, review, printed_at=datetime.now().astimezone(), notices=(*notices, *history_notices))
        try:
            written = write_pdf(document, path)
        except SummaryWriteError as error:
            _log.error("A summary PDF was not written")
            _log.debug("Not written: %s", error)  # its path may name the patient
            print(f"cc-dosecalc: {error}", file=sys.stderr)
            return EXIT_CANNOT_RUN
        try:
            records.add(plan, review, document.text(), "cli-pdf")
        except HistoryError as error:
            not_recorded = str(error)
    if not_recorded:
        print(f"cc-dosecalc: the PDF was written, but it is not in the history. {not_recorded}", file=sys.stderr)
    print(written)
    return 0


def _drugs(formulary: Formulary, as_json: bool) -> int:
    if as_json:
        print(json.dumps(formulary_to_dict(formulary), indent=2))
        return 0
    print(f"{formulary.name} {formulary.version} (sha256 {formulary.sha256})")
    for drug in formulary.drugs:
        print(f"\n{drug.id}: {drug.display_name} ({drug.drug_class})")
        for regimen in drug.regimens:
            site = "  [site formulary]" if regimen.origin == "site" else ""
            print(f"  {regimen.id}: {regimen.label}{site}")
    return 0


def _history(search: str, as_json: bool) -> int:
    with Records() as history:
        try:
            store = history.store()
        except HistoryError as error:
            print(f"cc-dosecalc: {error}", file=sys.stderr)
            return EXIT_CANNOT_RUN
        for notice in history.notices():
            print(f"cc-dosecalc: {notice}", file=sys.stderr)
        try:
            records = history.list(search)
        except InputError as error:
            print(f"cc-dosecalc: {error}", file=sys.stderr)
            return EXIT_BAD_INPUT
        except HistoryError as error:
            print(f"cc-dosecalc: {error}", file=sys.stderr)
            return EXIT_CANNOT_RUN
    if as_json:
        data = {"database": str(store.path), "records": [dataclasses.asdict(record) for record in records]}
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    matching = f" matching '{search.strip()}'" if search.strip() else ""
    print(f"History: {store.path}: {len(records)} record(s){matching}")
    for record in records:
        patient = record.patient_name or "(no name)"
        if record.patient_identifier:
            patient += f" ({record.patient_identifier})"
        reprint = f", reprint of {record.reprint_of}" if record.reprint_of else ""
        print(
            f"{record.id:>6}  {record.created_local}  {record.how}{reprint}  {patient}  {record.drugs}  "
            f"formulary {record.formulary_version} ({record.formulary_kind})  {record.status}"
        )
    return 0
