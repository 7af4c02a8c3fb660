"""The command line: ``cc-dosecalc`` opens the window; subcommands work without a display.

Nothing here imports Qt, except the window launcher when it is asked for.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, NoReturn

from cc_dosecalc import __version__
from cc_dosecalc.active_formulary import load_active_formulary
from cc_dosecalc.allergies import parse_allergies
from cc_dosecalc.app.records import Records
from cc_dosecalc.console import OutputLost, guard_output, output_lost, system_arguments, write_out
from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.exit_codes import EXIT_BAD_INPUT, EXIT_CANNOT_RUN
from cc_dosecalc.formulary import Formulary, FormularyError
from cc_dosecalc.frequency import accepted_frequencies, frequency
from cc_dosecalc.history import HistoryError, KeptUnsent
from cc_dosecalc.history_cli import add_history_parser, run_history
from cc_dosecalc.localtime import settle_time_zone
from cc_dosecalc.logs import configure_logging
from cc_dosecalc.override import CLINICIAN_FIELD, REASON_FIELD, REASON_RULE, check_clinician, check_reason
from cc_dosecalc.parsing import (
    AGE,
    CRCL,
    HEIGHT,
    ORDERED_DOSE,
    SCR,
    WEIGHT,
    InputError,
    parse_measurement,
    parse_text,
    parse_whole_number,
    printable,
)
from cc_dosecalc.plan import DOSING_WEIGHT_CHOICES, SEXES, Order, Patient, WeightSource
from cc_dosecalc.report import plan_text
from cc_dosecalc.results import PlanResult
from cc_dosecalc.review import Review, review_items
from cc_dosecalc.serialize import formulary_to_dict, plan_to_dict

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

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

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        # argparse drops a failed write of --help or --version; here it reaches main (exit 1)
        if message:
            (file or sys.stdout).write(message)


class _OrderOption(argparse.Action):
    """``--drug`` starts an order; ``--regimen``, ``--days``, ``--ordered``, ``--frequency``,
    ``--form`` and ``--dosing-weight`` belong to the ``--drug`` before them."""

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


class _Once(argparse.Action):
    """An option that may be given once: ``--age 40 --age 4`` is refused, never read as 4."""

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, option_string: str | None = None
    ) -> None:
        given: frozenset[str] = getattr(namespace, "given_once", frozenset())
        if self.dest in given:
            parser.error(f"{self.option_strings[0]} given twice: give it once")
        namespace.given_once = given | {self.dest}
        setattr(namespace, self.dest, values)


def _add_plan_options(parser: argparse.ArgumentParser) -> None:
    patient = parser.add_argument_group("patient (each option once)")
    add = patient.add_argument
    add("--weight", action=_Once, required=True, metavar="TEXT", help='weight, e.g. "70.5", "70,5" or "154 lb" (a bare number is kg)')
    add("--weight-unit", action=_Once, choices=("kg", "lb", "g"), help="unit of --weight when the text has none")
    add(
        "--weight-source",
        action=_Once,
        choices=[source.value for source in WeightSource],
        help="how the weight was obtained (no default: until it is given the plan is not checked)",
    )
    add("--age", action=_Once, metavar="TEXT", help='age, e.g. "6 years", "18 months", "20 days" (a bare number is years)')
    add("--height", action=_Once, metavar="TEXT", help='height, e.g. "175" or "175 cm" or "69 in"')
    add("--sex", action=_Once, choices=SEXES)
    add("--crcl", action=_Once, metavar="TEXT", help="creatinine clearance in mL/min (used over an estimate from --scr)")
    add("--scr", action=_Once, metavar="TEXT", help='serum creatinine with its unit, e.g. "1.1 mg/dL" or "97 µmol/L" (or umol/L)')
    add("--allergies", action=_Once, metavar="TEXT", help="the patient's allergies as recorded (or --no-known-allergies)")
    add("--no-known-allergies", action="store_true", help="the patient has no known allergies")
    add("--name", action=_Once, metavar="TEXT", default="", help="patient name (for the summary)")
    add("--patient-id", action=_Once, metavar="TEXT", default="", help="patient identifier (for the summary)")
    orders = parser.add_argument_group("orders (repeat --drug; the options after it belong to it)")
    orders.add_argument("--drug", action=_OrderOption, required=True, metavar="ID", help="drug id (see `cc-dosecalc drugs`)")
    orders.add_argument("--regimen", action=_OrderOption, metavar="ID", help="regimen id (default: the drug's first)")
    orders.add_argument("--days", action=_OrderOption, metavar="N", help="IVIG: days the course is given over (2 to 5)")
    orders.add_argument(
        "--ordered",
        action=_OrderOption,
        metavar="TEXT",
        help=(
            'the dose the prescriber ordered per administration, with its unit ("60 mg"); needs --frequency '
            "(for IVIG: the dose of each day of the course)"
        ),
    )
    orders.add_argument(
        "--frequency",
        action=_OrderOption,
        metavar="TEXT",
        help=f"how often the ordered dose is given, one of: {accepted_frequencies()}",
    )
    orders.add_argument(
        "--form",
        action=_OrderOption,
        metavar="ID",
        help="the form ordered, for a regimen with forms (diltiazem: immediate-release, extended-release; see `drugs --json`)",
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


def _add_override_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("overrides of stops")
    group.add_argument(
        "--override",
        action="append",
        default=[],
        metavar="CODE=REASON",
        help=f"override every stop with this alert code, recording the reason (repeatable; the reason: {REASON_RULE})",
    )
    group.add_argument("--overridden-by", metavar="NAME", help="the clinician who overrides the stops (needed with --override)")


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
    _add_override_options(calc)
    calc.add_argument("--json", action="store_true", help="print JSON")
    summary = commands.add_parser(
        "summary",
        help="write the printed dosing summary as a PDF (no display needed)",
        description="Write the dosing summary as a PDF. Warnings print as not acknowledged; a stop without an "
        "--override prints the summary NOT FOR ORDERING.",
    )
    _add_plan_options(summary)
    summary.add_argument(
        "--pdf", action=_Once, required=True, metavar="PATH", help="where to write the PDF: a new file, or an existing PDF it replaces"
    )
    _add_override_options(summary)
    summary.add_argument("--json", action="store_true", help="print the plan as JSON (with its status as overridden) and the PDF's path")
    add_history_parser(commands)
    return parser


def patient_from_args(args: argparse.Namespace) -> Patient:
    def optional(text: str | None, spec: Any) -> Any:
        return parse_measurement(text, spec) if text is not None else None

    return Patient(
        weight=parse_measurement(args.weight, WEIGHT, args.weight_unit),
        weight_source=WeightSource(args.weight_source) if args.weight_source else None,
        age=optional(args.age, AGE),
        height=optional(args.height, HEIGHT),
        sex=args.sex,
        crcl=optional(args.crcl, CRCL),
        name=parse_text(args.name, "Patient name"),
        identifier=parse_text(args.patient_id, "Patient identifier"),
        scr=optional(args.scr, SCR),
        allergies=parse_allergies(args.allergies, args.no_known_allergies),
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
            shown = f"'{printable(choice, 20)}'"
            raise InputError("Dosing weight", f"{shown} is not one of: {', '.join(DOSING_WEIGHT_CHOICES)}")
        orders.append(
            Order(
                drug_id=parse_text(given["drug"], "Drug", 64),
                regimen_id=parse_text(given["regimen"], "Regimen", 64) if "regimen" in given else None,
                days=parse_whole_number(given["days"], "Days", 1, 365) if "days" in given else None,
                ordered=parse_measurement(given["ordered"], ORDERED_DOSE) if "ordered" in given else None,
                dosing_weight=choice,
                frequency=_frequency_option(given),
                form=parse_text(given["form"], "Form", 64).lower() if "form" in given else None,
                product_id=parse_text(given["product"], "Product", 64) if "product" in given else None,
            )
        )
    return orders


def _frequency_option(given: dict[str, str]) -> str | None:
    """The order's frequency from the list; ``--ordered`` without ``--frequency`` is refused, and
    so is a frequency without an ordered dose (it would say nothing)."""
    if "frequency" not in given:
        if "ordered" in given:
            raise InputError("Frequency", f"--ordered needs --frequency for --drug {given['drug'][:40]}: one of {accepted_frequencies()}")
        return None
    if "ordered" not in given:
        raise InputError("Frequency", "--frequency belongs to an ordered dose: give --ordered too")
    return frequency(given["frequency"]).text


def _launch_window() -> int:
    """Open the window: the one import of the window's package the command line makes."""
    from cc_dosecalc.gui.launch import launch_window

    return launch_window()


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command (``argv`` None: this process's own arguments, see
    :func:`cc_dosecalc.console.system_arguments`). Output that cannot be written ends it cleanly
    (:func:`cc_dosecalc.console.guard_output`)."""
    return guard_output(lambda: _run(argv))


def _run(argv: Sequence[str] | None) -> int:
    argv = system_arguments() if argv is None else list(argv)
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
        return run_history(args)
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
        review = review_from_overrides(plan, args.override, args.overridden_by)
    except InputError as error:
        _log.info("Input refused: %s", error)  # messages never quote a name or an identifier (parse_text)
        print(f"cc-dosecalc: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.command == "summary":
        return _summary(plan, review, args.pdf, active.notices, args.json)
    write_out(json.dumps(plan_to_dict(plan, review), indent=2) if args.json else plan_text(plan, review))
    return 0


def review_from_overrides(plan: PlanResult, overrides: Sequence[str], overridden_by: str | None) -> Review:
    """``CODE=REASON`` overrides every stop of the plan whose alert code is CODE, in the name of
    the clinician ``overridden_by`` (one for the whole command); each reason and the name are held
    to the rule of :mod:`cc_dosecalc.override`."""
    if overridden_by is not None and not overrides:
        raise InputError(CLINICIAN_FIELD, "--overridden-by is given without an --override")
    if not overrides:
        return Review()
    if overridden_by is None:
        raise InputError(CLINICIAN_FIELD, "--override needs --overridden-by NAME, the clinician who overrides the stop")
    by = check_clinician(overridden_by)
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
            raise InputError("Override", f"no stop with code '{printable(code, 40)}' in this plan (stops: {known})")
        try:
            reason = check_reason(reason)
        except InputError as error:
            raise InputError(f"{REASON_FIELD} for {printable(code, 40)}", error.message) from None
        for item in matching:
            review = review.override(item.key, reason, by)
    return review


def _summary(plan: PlanResult, review: Review, path: str, notices: Sequence[str], as_json: bool) -> int:
    """Write the summary's PDF, then record it; Qt is loaded here only, offscreen (no display is needed).

    The history is opened first so that its notices (a damaged history moved aside) are printed on
    the summary too. A history that cannot be used never stops the PDF: it is said in one line.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    zone_notice = settle_time_zone()
    if zone_notice is not None:
        print(f"cc-dosecalc: {zone_notice}", file=sys.stderr)
    from cc_dosecalc.summary.document import build_summary
    from cc_dosecalc.summary.printing import SummaryWriteError, write_pdf

    not_recorded = ""
    with Records() as records:
        history_notices = records.notices()
        for notice in history_notices:
            print(f"cc-dosecalc: {notice}", file=sys.stderr)
        document = build_summary(plan, review, printed_at=datetime.now().astimezone(), notices=(*notices, *history_notices))
        try:
            written = write_pdf(document, path, protected=[file.path for file in plan.formulary.files])
        except SummaryWriteError as error:
            _log.error("A summary PDF was not written")
            _log.debug("Not written: %s", error)  # its path may name the patient
            print(f"cc-dosecalc: {error}", file=sys.stderr)
            return EXIT_CANNOT_RUN
        try:
            records.add(plan, review, document.text(), "cli-pdf")
        except KeptUnsent as error:
            not_recorded = f"the PDF was written. {error}"
        except HistoryError as error:
            not_recorded = f"the PDF was written, but it is not in the history. {error}"
    if not_recorded:
        print(f"cc-dosecalc: {not_recorded}", file=sys.stderr)
    try:
        write_out(json.dumps({**plan_to_dict(plan, review), "pdf": str(written)}, indent=2) if as_json else str(written))
    except OutputLost as lost:  # the PDF is written (and recorded): that is what status 0 says
        output_lost(lost.error, f"the PDF was written at {printable(str(written))}, but its path could not be printed")
    return 0


def _drugs(formulary: Formulary, as_json: bool) -> int:
    if as_json:
        write_out(json.dumps(formulary_to_dict(formulary), indent=2))
        return 0
    lines = [f"{formulary.name} {formulary.version} (sha256 {formulary.sha256})"]
    for drug in formulary.drugs:
        lines.append(f"\n{drug.id}: {drug.display_name} ({drug.drug_class})")
        for regimen in drug.regimens:
            site = "  [site formulary]" if regimen.origin == "site" else ""
            lines.append(f"  {regimen.id}: {regimen.label}{site}")
    write_out("\n".join(lines))
    return 0
