"""The dosing summary as HTML, for QTextDocument to lay out on pages (no Qt here).

QTextDocument reads a subset of HTML 4 and CSS, sizes in points. Every string is escaped;
the page header, footer and "NOT FOR ORDERING" banner are painted per page by
:mod:`cc_dosecalc.summary.printing`.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from cc_dosecalc.summary.infusion_page import pages_html

if TYPE_CHECKING:  # the document imports its renderers
    from cc_dosecalc.formulary import Level
    from cc_dosecalc.summary.document import PrintedAlert, PrintedOrder, SummaryDocument

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
            status = f"<b>Overridden</b> by {_e(alert.overridden_by)}. Reason: {_e(alert.reason)}"
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


def _allergies_block(allergies: str) -> str:
    """The allergies at the top of the first page, boxed in red unless none are known."""
    colour = "#1f3a5f" if allergies == "no known allergies" else "#b00020"
    return (
        f'<table width="100%" cellspacing="0" cellpadding="5" border="1" style="border-collapse: collapse; border-color: {colour};">'
        f'<tr><td style="color: {colour};"><b>Allergies: {_e(allergies)}</b></td></tr></table>'
    )


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
    for label, text in order.notes():
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
        _allergies_block(document.allergies),
    ]
    for notice in document.notices:
        parts.append(
            '<table width="100%" cellspacing="0" cellpadding="5" border="1" style="border-collapse: collapse; border-color: #8a5a00;">'
            f'<tr><td style="background-color: #fff4e0;"><b>Formulary notice:</b> {_e(notice)}</td></tr></table>'
        )
    parts.append("<h2>Patient</h2>")
    patient_rows = [[f"<b>{_e(label)}</b>", _e(value)] for label, value in document.patient]
    parts.append(_table((), patient_rows, (22, 78)))
    if document.kidney_steps:
        parts.append('<p class="label">Kidney function</p><ol style="margin-top: 0; margin-bottom: 4px;">')
        parts += [f"<li>{_e(step)}</li>" for step in document.kidney_steps]
        parts.append("</ol>")
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
    parts.append(pages_html(document.infusion_pages))
    parts.append("</body></html>")
    return "".join(parts)
