"""``cc-dosecalc --self-test``: proves an installed copy calculates, checks and prints.

Meant for hospital IT after an install or an update, and for the build script on what it
built. Needs no display: Qt runs on its offscreen platform unless QT_QPA_PLATFORM says
otherwise. It loads the formulary shipped with the program and checks it is the one the
build was made with, calculates two known plans and compares every number and text a nurse
would read with the expected ones, then writes the summary PDF to a temporary folder and
checks the file. Exit 0 and one line per step when all pass; exit 1 and one line naming the
step and what was wrong at the first failure.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from cc_dosecalc import __version__
from cc_dosecalc.active_formulary import load_active_formulary
from cc_dosecalc.digest import sha256_hex
from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.formulary import Formulary, FormularyError, load_formulary
from cc_dosecalc.parsing import AGE, HEIGHT, WEIGHT, InputError, parse_measurement
from cc_dosecalc.paths import build_info_path, builtin_formulary_path
from cc_dosecalc.plan import Order, Patient
from cc_dosecalc.results import PlanResult

if TYPE_CHECKING:
    from PySide6.QtGui import QGuiApplication

EXIT_PASSED = 0
EXIT_FAILED = 1
MIN_PDF_BYTES = 2_000

# The known plans and what a nurse must read for them (built-in formulary; see clinical-rules.md).
IVIG_TEXT = "immune globulin (IVIG) IV 164.6 g per course (2 g/kg): 82.3 g daily for 2 days"
IVIG_STEPS = (
    "Adjusted body weight: 70.46 kg + 0.4 x (100 kg - 70.46 kg) = 82.28 kg",
    "2 g/kg per course x 82.28 kg (adjusted weight) = 164.6 g per course",
    "164.6 g / 2 days = 82.3 g daily",
)
DILTIAZEM_TEXT = "diltiazem oral 139.7 to 279.4 mg/day (2 to 4 mg/kg/day)"


class SelfTestFailure(Exception):
    """One line: what was checked and what was found."""


def run_self_test(out: TextIO | None = None) -> int:
    out = out or sys.stdout
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    print(f"cc-dosecalc {__version__} self-test", file=out)
    step = "formulary"
    try:
        formulary = _check_formulary()
        print(f"  ok  {step}: {formulary.name} {formulary.version}, sha256 {formulary.sha256}", file=out)
        step = "calculation"
        plan = _check_known_plans(formulary)
        print(f"  ok  {step}: IVIG 164.6 g per course, 82.3 g daily; diltiazem 139.7 to 279.4 mg/day", file=out)
        step = "summary PDF"
        application = _qt_application()
        print(f"  ok  {step}: {_check_summary_pdf(plan)} ({application.platformName()} platform)", file=out)
        step = "history"
        print(f"  ok  {step}: {_check_history(plan)}", file=out)
        step = "site formulary"
        site = _check_site_formulary()
        if site:
            print(f"  ok  {step}: {site}", file=out)
    except SelfTestFailure as failure:
        print(f"cc-dosecalc: self-test FAILED at {step}: {failure}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as error:  # a broken installation: name it in one line, never a traceback
        print(f"cc-dosecalc: self-test FAILED at {step}: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_FAILED
    print(f"cc-dosecalc self-test passed in {time.perf_counter() - started:.2f} s", file=out)
    return EXIT_PASSED


def _check_formulary() -> Formulary:
    """The built-in formulary, as shipped: the known plans are checked against it."""
    try:
        formulary = load_formulary(builtin_formulary_path())
    except FormularyError as error:
        raise SelfTestFailure(f"the formulary was refused: {error}") from None
    on_disk = sha256_hex(Path(formulary.path).read_bytes())
    if on_disk != formulary.sha256:
        raise SelfTestFailure(f"{formulary.path} changed while it was read (sha256 {on_disk}, loaded {formulary.sha256})")
    built = _build_info()
    if built is not None:
        if built.get("version") != __version__:
            raise SelfTestFailure(f"program {__version__} but the build is {built.get('version')!r}: a mixed installation")
        if built.get("formulary_sha256") != formulary.sha256 or built.get("formulary_version") != formulary.version:
            raise SelfTestFailure(
                f"the formulary is {formulary.version} sha256 {formulary.sha256}, but this build shipped "
                f"{built.get('formulary_version')} sha256 {built.get('formulary_sha256')}: the installed file was changed"
            )
    return formulary


def _check_history(plan: PlanResult) -> str:
    """A record written to a history in a temporary folder reads back as written."""
    from cc_dosecalc.history import HistoryStore
    from cc_dosecalc.review import Review

    with tempfile.TemporaryDirectory(prefix="cc-dosecalc-self-test-") as folder:
        store, _ = HistoryStore.open(folder)
        with store:
            record_id = store.add(plan, Review(), "self-test", "pdf")
            record = store.get(record_id)
            if record.printed_text != "self-test":
                raise SelfTestFailure(f"record {record_id} read back as {record.printed_text[:40]!r}")
    return f"record {record_id} written and read back (SQLite)"


def _check_site_formulary() -> str:
    """A site formulary configured on this workstation must load: otherwise the program would
    run on the built-in one, which is not what the pharmacy intended. "" when none is set."""
    active = load_active_formulary()
    if active.site_refused:
        raise SelfTestFailure(" ".join(active.notices))
    site = active.formulary.site
    return "" if site is None else f"{site.path}: {site.name} {site.version}, sha256 {site.sha256}"


def _build_info() -> dict[str, str] | None:
    """The build's record of itself; None when running from a checkout."""
    path = build_info_path()
    if not path.exists():
        if getattr(sys, "frozen", False):
            raise SelfTestFailure(f"{path} is missing from this build")
        return None
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SelfTestFailure(f"{path} is unreadable: {error}") from None
    if not isinstance(info, dict):
        raise SelfTestFailure(f"{path} is not a build record")
    return {str(key): str(value) for key, value in info.items()}


def _check_known_plans(formulary: Formulary) -> PlanResult:
    """A man of 100 kg, 175 cm, 40 years: IVIG over 2 days, dosed on adjusted weight."""
    try:
        man = Patient(
            weight=parse_measurement("100", WEIGHT),
            age=parse_measurement("40", AGE),
            height=parse_measurement("175", HEIGHT),
            sex="male",
        )
        plan = calculate_plan(formulary, man, [Order("ivig", days=2)])
        light = Patient(weight=parse_measurement("154 lb", WEIGHT), age=parse_measurement("40", AGE))
        diltiazem = calculate_plan(formulary, light, [Order("diltiazem")]).orders[0]
    except InputError as error:
        raise SelfTestFailure(f"the known plan was refused: {error}") from None
    ivig = plan.orders[0]
    _expect("IVIG dosing weight basis", ivig.dosing_weight.basis, "adjusted")
    _expect("IVIG dosing weight", round(ivig.dosing_weight.kg, 2), 82.28)
    _expect("IVIG days", ivig.days, 2)
    if ivig.course_total is None:
        raise SelfTestFailure("IVIG: no course total was calculated")
    _expect("IVIG course total (g)", round(ivig.course_total.high_mg / 1000, 1), 164.6)
    _expect("IVIG daily doses (g)", [round(dose.dose_mg / 1000, 1) for dose in ivig.schedule], [82.3, 82.3])
    _expect("IVIG order text", ivig.text, IVIG_TEXT)
    for step in IVIG_STEPS:
        if step not in ivig.steps:
            raise SelfTestFailure(f"IVIG: the working '{step}' is missing")
    if not ivig.requires_double_check:
        raise SelfTestFailure("IVIG: the independent double check is no longer required")
    _expect("diltiazem dosing weight", round(diltiazem.dosing_weight.kg, 2), 69.85)
    _expect("diltiazem order text", diltiazem.text, DILTIAZEM_TEXT)
    return plan


def _expect(what: str, found: object, expected: object) -> None:
    if found != expected:
        raise SelfTestFailure(f"{what}: expected {expected!r}, found {found!r}")


def _qt_application() -> QGuiApplication:
    """The process's QApplication (printing needs one), made here when the self-test runs alone."""
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    return existing if isinstance(existing, QGuiApplication) else QApplication(sys.argv[:1])


def _check_summary_pdf(plan: PlanResult) -> str:
    with tempfile.TemporaryDirectory(prefix="cc-dosecalc-self-test-") as folder:
        path = Path(folder) / "summary.pdf"
        started = time.perf_counter()
        _write_summary_pdf(plan, path)
        elapsed = time.perf_counter() - started
        if not path.is_file():
            raise SelfTestFailure(f"no file was written at {path}")
        data = path.read_bytes()
    if not data.startswith(b"%PDF-"):
        raise SelfTestFailure(f"the file written is not a PDF (starts {data[:8]!r})")
    if len(data) < MIN_PDF_BYTES:
        raise SelfTestFailure(f"the PDF is only {len(data)} bytes: nothing was printed on it")
    if b"/FontFile" not in data:
        raise SelfTestFailure("the PDF embeds no font, so it holds no text: install a font (Debian fonts-dejavu-core)")
    return f"{len(data):,} bytes in {elapsed * 1000:.0f} ms"


def _write_summary_pdf(plan: PlanResult, path: Path) -> None:
    """Writes the dosing summary of ``plan`` to ``path`` exactly as Save as PDF does."""
    from cc_dosecalc.review import Review
    from cc_dosecalc.summary.document import build_summary
    from cc_dosecalc.summary.printing import write_pdf

    write_pdf(build_summary(plan, Review(), printed_at=datetime.now().astimezone()), path)
