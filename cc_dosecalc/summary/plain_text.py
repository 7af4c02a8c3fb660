"""The dosing summary as plain text: what a history record keeps, and the terminal shows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cc_dosecalc.summary.infusion_page import pages_text

if TYPE_CHECKING:  # the document imports its renderers
    from cc_dosecalc.summary.document import PrintedAlert, SummaryDocument


def _alert_text(alert: PrintedAlert, with_where: bool) -> str:
    where = f"{alert.where}: " if with_where else ""
    status = f"overridden by {alert.overridden_by}, reason: {alert.reason}" if alert.reason else alert.status
    return f"[{alert.level_text}] {where}{alert.message} ({status})"


def summary_text(document: SummaryDocument) -> str:
    lines = []
    if document.banner:
        lines += [document.banner, ""]
    lines += [document.title, f"Printed {document.printed_at} by cc-dosecalc {document.app_version}"]
    if document.reprint_note:
        lines.append(f"REPRINT. {document.reprint_note}")
    lines.append(f"Status: {document.status}")
    lines.append(f"ALLERGIES: {document.allergies}")
    lines += [f"Formulary notice: {notice}" for notice in document.notices]
    lines += ["", "Patient"]
    lines += [f"  {label}: {value}" for label, value in document.patient]
    lines += [f"  = {step}" for step in document.kidney_steps]
    lines += [f"  {_alert_text(alert, False)}" for alert in document.patient_alerts]
    for order in document.orders:
        lines += ["", f"{order.number}. {order.order_line}", f"  Regimen: {order.regimen}"]
        lines += [f"  {label}: {value}" for label, value in order.details]
        lines += [f"  {day}: {dose}" + (f" ({volume})" if volume else "") for day, dose, volume in order.schedule]
        lines += [f"  = {step}" for step in order.steps]
        lines += [f"  {_alert_text(alert, False)}" for alert in order.alerts]
        lines += [f"  {label}: {text}" for label, text in order.notes()]
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
    lines += pages_text(document.infusion_pages)
    return "\n".join(lines)
