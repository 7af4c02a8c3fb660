"""Words the window shows about formularies and history records, and a record's inputs as a
nurse would type them back. Qt-free (plain functions of the domain's values)."""

from __future__ import annotations

from decimal import Decimal

from cc_dosecalc.active_formulary import ActiveFormulary
from cc_dosecalc.app.typed import TypedMeasurement, TypedPatient
from cc_dosecalc.history import Record, RecordSummary
from cc_dosecalc.override import NOT_RECORDED
from cc_dosecalc.parsing import Measurement, unambiguous
from cc_dosecalc.plan import DosingWeightChoice, Order, Patient

HOW_WORDS = {
    "print": "printed",
    "pdf": "saved as PDF",
    "cli-pdf": "saved as PDF (command line)",
    "reprint": "reprinted",
    "reprint-pdf": "reprint saved as PDF",
}


def formulary_in_force(active: ActiveFormulary) -> list[str]:
    """Which formulary is in force, for the About box: built-in or site, version, SHA-256."""
    formulary = active.formulary
    if formulary.kind == "site" and formulary.site is not None:
        site, built_in = formulary.site, formulary.built_in
        return [
            f"Formulary in force: SITE formulary {site.name} {site.version}, laid over the built-in formulary {built_in.version}",
            f"Site file: {site.path} (SHA-256 {site.sha256})",
            f"Combined version {formulary.version}, SHA-256 {formulary.sha256}",
        ]
    lines = [
        f"Formulary in force: the built-in formulary {formulary.name}, version {formulary.version}",
        f"Formulary SHA-256: {formulary.sha256}",
    ]
    if active.site_refused:
        lines.append(f"The site formulary {active.site_requested} was refused (see below).")
    return lines


def about_lines(version: str, active: ActiveFormulary | None, load_error: str, history_where: str) -> list[str]:
    """The About box: the version, the formulary in force and its notices, where summaries are
    recorded; with no formulary loaded (``active`` None), why it was refused."""
    if active is None:
        return [f"cc-dosecalc {version}", f"Formulary refused: {load_error}"]
    return [
        f"cc-dosecalc {version}",
        "Dose calculator for the treatments of calcinosis cutis.",
        "",
        *formulary_in_force(active),
        *active.notices,
        history_where,
    ]


def number_text(value: float) -> str:
    """A number as typed into a field: plain digits, a point, no grouping, no exponent, never
    read as thousands ("2.1250", not "2.125")."""
    text = format(Decimal(repr(float(value))).normalize(), "f")
    return unambiguous(text.rstrip("0").rstrip(".") if "." in text else text)


def _field(measurement: Measurement | None) -> TypedMeasurement | None:
    return None if measurement is None else TypedMeasurement(number_text(measurement.value), measurement.unit)


def patient_fields(patient: Patient) -> TypedPatient:
    """The patient as the form would hold it, typed: what a reopened record puts in the window."""
    return TypedPatient(
        TypedMeasurement(number_text(patient.weight.value), patient.weight.unit),
        patient.weight_source.value if patient.weight_source else None,
        _field(patient.age),
        _field(patient.height),
        patient.sex,
        _field(patient.crcl),
        patient.name,
        patient.identifier,
        scr=_field(patient.scr),
        # a record from before allergies were recorded has none: "not recorded" again
        allergies=patient.allergies.text if patient.allergies is not None else "",
        no_known_allergies=patient.allergies is not None and patient.allergies.none_known,
        ivig_risk_factors=patient.ivig_risk_factors,
    )


def order_entry_fields(
    order: Order,
) -> tuple[str, str | None, int | None, str, DosingWeightChoice, str | None, str | None, str | None]:
    """drug id, regimen id, days, the ordered dose as text, the dosing weight choice, the
    frequency, the form, the (IVIG) product."""
    ordered = "" if order.ordered is None else f"{number_text(order.ordered.value)} {order.ordered.unit}"
    return order.drug_id, order.regimen_id, order.days, ordered, order.dosing_weight, order.frequency, order.form, order.product_id


def list_row(summary: RecordSummary) -> list[str]:
    """The History list's columns: time, patient, identifier, drugs, status, formulary, how."""
    how = HOW_WORDS.get(summary.how, summary.how)
    if summary.reprint_of is not None:
        how += f" (of record {summary.reprint_of})"
    formulary = f"{summary.formulary_version} ({summary.formulary_kind})"
    return [summary.created_local, summary.patient_name, summary.patient_identifier, summary.drugs, summary.status, formulary, how]


LIST_HEADERS = ("Time", "Patient", "Identifier", "Treatments", "Status", "Formulary", "How")


def record_details(record: Record) -> str:
    """Everything a record holds that the nurse or the records department reads."""
    summary = record.summary
    lines = [
        f"Record {summary.id}: {HOW_WORDS.get(summary.how, summary.how)} on {summary.created_local} ({summary.created_utc} UTC)",
    ]
    if summary.reprint_of is not None:
        lines.append(f"Reprint of record {summary.reprint_of}")
    lines += [
        f"Patient: {summary.patient_name or '(no name)'}; identifier: {summary.patient_identifier or '(none)'}",
        f"Treatments: {summary.drugs}",
        f"Status when printed: {summary.status}",
        f"Formulary: {summary.formulary_kind}, version {summary.formulary_version}",
        f"Formulary SHA-256: {summary.formulary_sha256}",
        f"cc-dosecalc version: {record.app_version}; user {record.os_user} on {record.host}",
        "",
        "Acknowledgements and overrides:",
    ]
    if not record.review_entries:
        lines.append("  (no warnings or stops)")
    for entry in record.review_entries:
        reason = f" (reason: {entry.reason}; by: {entry.overridden_by or NOT_RECORDED})" if entry.reason is not None else ""
        lines.append(f"  {entry.level.upper()} {entry.state}: {entry.where}: {entry.message}{reason}")
    lines += ["", "The summary as printed:", "", record.printed_text]
    return "\n".join(lines)
