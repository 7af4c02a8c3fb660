"""What the printed dosing summary says: one function turns a calculated plan into it.

:func:`build_summary` is the single source of what is on the page. The window's preview,
its printer, its "Save as PDF" and ``cc-dosecalc summary`` all print the same
:class:`SummaryDocument`, laid out by :mod:`cc_dosecalc.summary.printing`. No Qt here.
Every figure is written by :mod:`cc_dosecalc.writing`; every string is escaped in the HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape

from cc_dosecalc import __version__
from cc_dosecalc.engine import describe_ordered
from cc_dosecalc.formulary import Formulary, Level
from cc_dosecalc.plan import Patient
from cc_dosecalc.results import Alert, OrderResult, PlanResult
from cc_dosecalc.review import Review, alert_key, interaction_scope, order_scope, review_status
from cc_dosecalc.summary.bidi import isolate_identifier, isolate_name
from cc_dosecalc.writing import format_mass, format_mass_range, format_quantity, format_volume_ml, format_weight

TITLE = "Dosing summary"
NOT_FOR_ORDERING = "NOT FOR ORDERING"
LEVEL_WORDS: dict[Level, str] = {"stop": "STOP", "warning": "WARNING", "info": "INFO"}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
_BASIS_WORDS = {"actual": "actual body weight", "ideal": "ideal body weight", "adjusted": "adjusted body weight"}
_NOT_ENTERED = "not entered: write it here"


@dataclass(frozen=True)
class PrintedAlert:
    """An alert as printed: its level in words and what the nurse did with it."""

    level: Level
    where: str
    message: str
    source: str
    status: str
    reason: str = ""

    @property
    def level_text(self) -> str:
        return LEVEL_WORDS[self.level]

    @property
    def unresolved(self) -> bool:
        return self.status.startswith("NOT")


@dataclass(frozen=True)
class PrintedOrder:
    number: int
    drug: str
    drug_class: str
    route: str
    regimen: str
    order_line: str
    # label and value: dosing weight, the weights compared, course total, ordered dose
    details: tuple[tuple[str, str], ...]
    # day, dose, volume of the product ("" when the regimen names no concentration)
    schedule: tuple[tuple[str, str, str], ...]
    steps: tuple[str, ...]
    alerts: tuple[PrintedAlert, ...]
    side_effects: tuple[str, ...]
    monitoring: tuple[str, ...]
    cautions: tuple[str, ...]
    sources: tuple[str, ...]
    double_check: str | None


@dataclass(frozen=True)
class SignatureLine:
    role: str
    note: str


@dataclass(frozen=True)
class SummaryDocument:
    """Everything printed on the dosing summary, already written as the nurse reads it."""

    title: str
    printed_at: str
    patient: tuple[tuple[str, str], ...]
    # who the pages belong to, repeated in every page's footer
    patient_label: str
    patient_alerts: tuple[PrintedAlert, ...]
    notices: tuple[str, ...]
    orders: tuple[PrintedOrder, ...]
    interactions: tuple[PrintedAlert, ...]
    interactions_note: str
    status: str
    for_ordering: bool
    formulary_name: str
    formulary_version: str
    formulary_sha256: str
    app_version: str
    signatures: tuple[SignatureLine, ...]
    # "Reprint of history record 12, first printed ...", in full on page 1 of a reprint
    reprint_note: str = ""
    # the record it reprints, named in every page's header
    reprint_of: int | None = None

    @property
    def banner(self) -> str:
        """What every page says at the top in large letters ("" when the plan may be ordered)."""
        return "" if self.for_ordering else NOT_FOR_ORDERING

    @property
    def running_header(self) -> str:
        reprint = f" (REPRINT of history record {self.reprint_of})" if self.reprint_of is not None else ""
        return f"{self.title}{reprint}: printed {self.printed_at}"

    @property
    def running_footer(self) -> str:
        return f"{self.patient_label} | cc-dosecalc {self.app_version} | formulary {self.formulary_version}"

    def html(self) -> str:
        return summary_html(self)

    def text(self) -> str:
        return summary_text(self)


def build_summary(
    plan: PlanResult,
    review: Review,
    *,
    printed_at: datetime,
    notices: Sequence[str] = (),
    reprint_of: int | None = None,
    reprint_note: str = "",
) -> SummaryDocument:
    """The dosing summary of a calculated plan, with the nurse's acknowledgements and overrides.
    ``reprint_note`` marks a reprint of a history record (on every page)."""
    status = review_status(plan, review)
    items = _ReviewStates(review, plan.formulary)
    patient_alerts = tuple(items.printed(alert, "patient", "patient") for alert in plan.patient_alerts)
    orders = tuple(_order(number, result, items) for number, result in enumerate(plan.orders, start=1))
    interactions = tuple(
        items.printed(
            Alert(interaction.level, "interaction", interaction.message, interaction.source),
            interaction_scope(interaction.drugs),
            interaction.names(plan.formulary),
        )
        for interaction in plan.interactions
    )
    if len(plan.orders) < 2:
        interactions_note = "One treatment on this summary: no interactions to check."
    elif not interactions:
        interactions_note = "None found between the treatments on this summary."
    else:
        interactions_note = ""
    overridden = [alert for alert in (*patient_alerts, *interactions, *(a for o in orders for a in o.alerts)) if alert.reason]
    return SummaryDocument(
        title=TITLE,
        printed_at=format_datetime(printed_at),
        patient=_patient_rows(plan.patient),
        patient_label=_patient_label(plan.patient),
        patient_alerts=patient_alerts,
        notices=tuple(notices),
        orders=orders,
        interactions=interactions,
        interactions_note=interactions_note,
        status=status.text(),
        for_ordering=status.for_ordering,
        formulary_name=plan.formulary.name,
        formulary_version=plan.formulary.version,
        formulary_sha256=plan.formulary.sha256,
        app_version=__version__,
        signatures=_signatures(orders, overridden),
        reprint_note=reprint_note,
        reprint_of=reprint_of,
    )


def format_datetime(moment: datetime) -> str:
    """ "14 March 2026, 09:05" (month in words: never read the wrong way round)."""
    text = f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}, {moment:%H:%M}"
    zone = moment.tzname()
    return f"{text} {zone}" if zone else text


class _ReviewStates:
    """What the nurse did with each printed alert, looked up by the review's own key."""

    def __init__(self, review: Review, formulary: Formulary) -> None:
        self._review = review
        self._formulary = formulary

    def printed(self, alert: Alert, scope: str, where: str) -> PrintedAlert:
        source = self._formulary.sources.get(alert.source, alert.source)
        if alert.level == "info":
            return PrintedAlert(alert.level, where, alert.message, source, "no acknowledgement needed")
        key = alert_key(scope, alert.code, alert.message)
        reason = self._review.reason(key)
        if alert.level == "stop":
            if reason is not None:
                return PrintedAlert(alert.level, where, alert.message, source, "overridden", reason)
            return PrintedAlert(alert.level, where, alert.message, source, "NOT overridden")
        if key in self._review.acknowledged:
            return PrintedAlert(alert.level, where, alert.message, source, "acknowledged")
        return PrintedAlert(alert.level, where, alert.message, source, "NOT acknowledged")


def _patient_rows(patient: Patient) -> tuple[tuple[str, str], ...]:
    weight = format_weight(patient.weight_kg)
    if patient.weight.unit != "kg":
        weight = f"{format_quantity(patient.weight.value, patient.weight.unit, 3)} entered = {weight}"
    rows = [
        ("Name", isolate_name(patient.name) or _NOT_ENTERED),
        ("Identifier", isolate_identifier(patient.identifier) or _NOT_ENTERED),
        ("Weight", f"{weight} ({patient.weight_source.value})"),
    ]
    if patient.age is not None:
        rows.append(("Age", format_quantity(patient.age.value, patient.age.unit, 3)))
    if patient.height is not None:
        rows.append(("Height", format_quantity(patient.height.value, patient.height.unit, 3)))
    if patient.sex:
        rows.append(("Sex", patient.sex))
    if patient.crcl is not None:
        rows.append(("Kidney function", f"creatinine clearance {format_quantity(patient.crcl.value, patient.crcl.unit, 1)}"))
    return tuple(rows)


def _patient_label(patient: Patient) -> str:
    name = isolate_name(patient.name) or "name not entered"
    identifier = isolate_identifier(patient.identifier) or "identifier not entered"
    return f"Patient: {name}, {identifier}"


def _order(number: int, result: OrderResult, items: _ReviewStates) -> PrintedOrder:
    unit = result.regimen.mass_unit
    weight = result.dosing_weight
    details = [("Dosing weight", f"{format_weight(weight.kg)}, {_BASIS_WORDS[weight.basis]}")]
    available = weight.available()
    if len(available) > 1:
        compared = [
            f"{basis} {format_weight(kg)}{' (used)' if basis == weight.basis else ''}"
            + (" (suggested)" if basis == weight.suggested and basis != weight.basis else "")
            for basis, kg in available.items()
        ]
        details.append(("Weights compared", "; ".join(compared)))
    if weight.reason:
        details.append(("Why this weight", weight.reason))
    if result.course_total is not None:
        total = format_mass_range(result.course_total.low_mg, result.course_total.high_mg, unit)
        details.append(("Course total", total if result.days is None else f"{total} over {result.days} days"))
    if result.order.ordered is not None:
        details.append(("Ordered dose", describe_ordered(result.order.ordered, result.regimen)))
    concentration = result.regimen.product_concentration_mg_per_ml
    schedule = tuple(
        (f"Day {dose.day}", format_mass(dose.dose_mg, unit), format_volume_ml(dose.dose_mg / concentration) if concentration else "")
        for dose in result.schedule
    )
    where = result.drug.display_name
    return PrintedOrder(
        number=number,
        drug=result.drug.display_name,
        drug_class=result.drug.drug_class,
        route=result.regimen.route,
        regimen=result.regimen.label,
        order_line=result.text,
        details=tuple(details),
        schedule=schedule,
        steps=result.steps,
        alerts=tuple(items.printed(alert, order_scope(number - 1, result.drug.id), where) for alert in result.alerts),
        side_effects=tuple(item.text for item in result.side_effects),
        monitoring=tuple(item.text for item in result.monitoring),
        cautions=tuple(item.text for item in result.cautions),
        sources=result.sources,
        double_check=result.drug.double_check,
    )


def _signatures(orders: Sequence[PrintedOrder], overridden: Sequence[PrintedAlert]) -> tuple[SignatureLine, ...]:
    lines = [SignatureLine("Prepared by (nurse)", "I calculated these doses and checked them against the prescription.")]
    reasons = [order.double_check for order in orders if order.double_check]
    reasons += [f"A stop was overridden ({alert.where}): {alert.message}" for alert in overridden]
    if reasons:
        lines.append(SignatureLine("Independent double check (second nurse)", "Required: " + " ".join(dict.fromkeys(reasons))))
    return tuple(lines)


# ---------------------------------------------------------------------------------------
# HTML (laid out by QTextDocument: a subset of HTML 4 and CSS, sizes in points)
# ---------------------------------------------------------------------------------------

_LEVEL_COLOURS: dict[Level, str] = {"stop": "#b00020", "warning": "#8a5a00", "info": "#34495e"}
_STYLE = """
body { font-size: 9pt; color: #111111; }
h1 { font-size: 17pt; margin: 0; }
h2 { font-size: 12pt; margin-top: 14px; margin-bottom: 4px; color: #1f3a5f; }
h3 { font-size: 11pt; margin-top: 0; margin-bottom: 1px; }
p { margin-top: 0; margin-bottom: 2px; }
.label { margin-top: 6px; font-weight: bold; }
th { background-color: #e8edf3; text-align: left; font-weight: bold; }
.muted { color: #555555; }
.small { font-size: 7.5pt; }
.dose { font-size: 12.5pt; font-weight: bold; }
.mono { font-family: 'DejaVu Sans Mono', monospace; font-size: 7.5pt; }
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int] = ()) -> str:
    """A ruled table; cells are already HTML."""

    def cell(tag: str, index: int, content: str) -> str:
        width = f' width="{widths[index]}%"' if index < len(widths) else ""
        return f"<{tag}{width}>{content}</{tag}>"

    # a table broken over two pages repeats its header row
    head = "<thead><tr>" + "".join(cell("th", i, _e(text)) for i, text in enumerate(header)) + "</tr></thead>" if header else ""
    body = "".join("<tr>" + "".join(cell("td", i, content) for i, content in enumerate(row)) + "</tr>" for row in rows)
    return (
        '<table width="100%" cellspacing="0" cellpadding="3" border="1" style="border-collapse: collapse; border-color: #9aa7b5;">'
        f"{head}{body}</table>"
    )


def _alert_rows(alerts: Sequence[PrintedAlert], with_where: bool) -> list[list[str]]:
    rows = []
    for alert in alerts:
        level = f'<b style="color: {_LEVEL_COLOURS[alert.level]};">{alert.level_text}</b>'
        message = _e(alert.message) + (f'<br/><span class="small muted">Source: {_e(alert.source)}</span>' if alert.source else "")
        status = _e(alert.status)
        if alert.unresolved:
            status = f'<b style="color: #b00020;">{status}</b>'
        elif alert.status == "overridden":
            status = f"<b>Overridden.</b> Reason: {_e(alert.reason)}"
        elif alert.level == "info":
            status = f'<span class="muted">{status}</span>'
        rows.append([level, *([_e(alert.where)] if with_where else []), message, status])
    return rows


def _status_block(document: SummaryDocument) -> str:
    if not document.for_ordering:
        colour, background = "#b00020", "#fde8ec"
    elif document.status.startswith("Checked"):
        colour, background = "#1b5e20", "#e8f5e9"
    else:
        colour, background = "#8a5a00", "#fff4e0"
    return (
        f'<table width="100%" cellspacing="0" cellpadding="5" border="1" style="border-collapse: collapse; border-color: {colour};">'
        f'<tr><td style="background-color: {background}; color: {colour};"><b>Status: {_e(document.status)}</b></td></tr></table>'
    )


def _notes(order: PrintedOrder) -> list[tuple[str, str]]:
    """Side effects and monitoring as lists; cautions are sentences."""
    notes = [("Side effects", "; ".join(order.side_effects)), ("Monitoring", "; ".join(order.monitoring))]
    notes.append(("Cautions", " ".join(order.cautions)))
    return [(label, text) for label, text in notes if text]


def _order_html(order: PrintedOrder) -> str:
    # the heading and the dose line sit in one table row, which a page break never splits
    heading = (
        f"<h3>{order.number}. {_e(order.drug)} <span class='muted'>({_e(order.route)}; {_e(order.drug_class)})</span></h3>"
        f'<p class="muted">Regimen: {_e(order.regimen)}</p>'
        '<table width="100%" cellspacing="0" cellpadding="5" border="1" style="border-collapse: collapse; border-color: #1f3a5f;">'
        f'<tr><td style="background-color: #eef3f9;"><span class="dose">{_e(order.order_line)}</span></td></tr></table>'
    )
    parts = [
        f'<table width="100%" cellspacing="0" cellpadding="0" border="0" style="margin-top: 12px;"><tr><td>{heading}</td></tr></table>',
        _table((), [[f"<b>{_e(label)}</b>", _e(value)] for label, value in order.details], (22, 78)),
    ]
    if order.schedule:
        has_volume = any(volume for _, _, volume in order.schedule)
        header = ("Day", "Dose", "Volume (10% product)") if has_volume else ("Day", "Dose")
        rows = [[_e(day), f"<b>{_e(dose)}</b>", *([_e(volume)] if has_volume else [])] for day, dose, volume in order.schedule]
        parts += ['<p class="label">Daily schedule</p>', _table(header, rows, (22, 39, 39) if has_volume else (22, 78))]
    parts.append('<p class="label">Calculation</p><ol style="margin-top: 0; margin-bottom: 4px;">')
    parts += [f"<li>{_e(step)}</li>" for step in order.steps]
    parts.append("</ol>")
    if order.alerts:
        parts.append(_table(("Level", "Alert", "Status"), _alert_rows(order.alerts, with_where=False), (11, 62, 27)))
    for label, text in _notes(order):
        parts.append(f"<p><b>{label}:</b> {_e(text)}</p>")
    parts.append(f'<p class="small muted">Source: {_e("; ".join(order.sources))}</p>')
    return "".join(parts)


def summary_html(document: SummaryDocument) -> str:
    """The summary as HTML for QTextDocument; the page header, footer and banner are painted per page."""
    parts = [
        f"<html><head><style>{_STYLE}</style></head><body>",
        f"<h1>{_e(document.title)}</h1>",
        f'<p class="muted">Printed {_e(document.printed_at)} by cc-dosecalc {_e(document.app_version)}</p>',
        f"<p><b>REPRINT.</b> {_e(document.reprint_note)}</p>" if document.reprint_note else "",
        _status_block(document),
    ]
    for notice in document.notices:
        parts.append(
            '<table width="100%" cellspacing="0" cellpadding="5" border="1" style="border-collapse: collapse; border-color: #8a5a00;">'
            f'<tr><td style="background-color: #fff4e0;"><b>Formulary notice:</b> {_e(notice)}</td></tr></table>'
        )
    parts.append("<h2>Patient</h2>")
    patient_rows = [[f"<b>{_e(label)}</b>", _e(value)] for label, value in document.patient]
    parts.append(_table((), patient_rows, (22, 78)))
    if document.patient_alerts:
        parts.append(_table(("Level", "Alert", "Status"), _alert_rows(document.patient_alerts, with_where=False), (11, 62, 27)))
    parts.append(f"<h2>Treatments ({len(document.orders)})</h2>")
    parts += [_order_html(order) for order in document.orders]
    parts.append("<h2>Interactions between the treatments</h2>")
    if document.interactions:
        parts.append(_table(("Level", "Treatments", "Interaction", "Status"), _alert_rows(document.interactions, True), (11, 20, 44, 25)))
    else:
        parts.append(f"<p>{_e(document.interactions_note)}</p>")
    parts += [
        "<h2>Formulary and application</h2>",
        _table(
            (),
            [
                ["<b>Formulary</b>", f"{_e(document.formulary_name)}, version {_e(document.formulary_version)}"],
                ["<b>SHA-256</b>", f'<span class="mono">{_e(document.formulary_sha256)}</span>'],
                ["<b>Application</b>", f"cc-dosecalc {_e(document.app_version)}"],
            ],
            (22, 78),
        ),
        "<h2>Signatures</h2>",
    ]
    for line in document.signatures:
        parts.append(f"<p><b>{_e(line.role)}</b><br/><span class='small'>{_e(line.note)}</span></p>")
        blank = "&nbsp;<br/>&nbsp;"
        parts.append(_table(("Name (print)", "Signature", "Date", "Time"), [[blank, blank, blank, blank]], (34, 34, 18, 14)))
    parts.append("</body></html>")
    return "".join(parts)


# ---------------------------------------------------------------------------------------
# Plain text (for history records and the terminal)
# ---------------------------------------------------------------------------------------


def _alert_text(alert: PrintedAlert, with_where: bool) -> str:
    where = f"{alert.where}: " if with_where else ""
    status = f"overridden, reason: {alert.reason}" if alert.reason else alert.status
    return f"[{alert.level_text}] {where}{alert.message} ({status})"


def summary_text(document: SummaryDocument) -> str:
    lines = []
    if document.banner:
        lines += [document.banner, ""]
    lines += [document.title, f"Printed {document.printed_at} by cc-dosecalc {document.app_version}"]
    if document.reprint_note:
        lines.append(f"REPRINT. {document.reprint_note}")
    lines.append(f"Status: {document.status}")
    lines += [f"Formulary notice: {notice}" for notice in document.notices]
    lines += ["", "Patient"]
    lines += [f"  {label}: {value}" for label, value in document.patient]
    lines += [f"  {_alert_text(alert, False)}" for alert in document.patient_alerts]
    for order in document.orders:
        lines += ["", f"{order.number}. {order.order_line}", f"  Regimen: {order.regimen}"]
        lines += [f"  {label}: {value}" for label, value in order.details]
        lines += [f"  {day}: {dose}" + (f" ({volume})" if volume else "") for day, dose, volume in order.schedule]
        lines += [f"  = {step}" for step in order.steps]
        lines += [f"  {_alert_text(alert, False)}" for alert in order.alerts]
        lines += [f"  {label}: {text}" for label, text in _notes(order)]
        lines.append(f"  Source: {'; '.join(order.sources)}")
    lines += ["", "Interactions"]
    lines += [f"  {_alert_text(alert, True)}" for alert in document.interactions] or [f"  {document.interactions_note}"]
    lines += [
        "",
        f"Formulary: {document.formulary_name}, version {document.formulary_version}",
        f"SHA-256: {document.formulary_sha256}",
        f"Application: cc-dosecalc {document.app_version}",
        "",
    ]
    lines += [f"{line.role}: name ______ signature ______ date ______ time ______" for line in document.signatures]
    return "\n".join(lines)
