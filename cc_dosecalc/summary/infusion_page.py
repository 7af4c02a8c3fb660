"""The summary's IVIG infusion pages: one page per day of the course ("IVIG infusion plan,
day N of M") with the rate steps, and space to write the time each step started and the
observations. Built from the plan by :func:`infusion_pages`; written by :func:`pages_html`
and :func:`pages_text` (no Qt here)."""

from __future__ import annotations

from html import escape

from cc_dosecalc.administration.infusion import format_clock
from cc_dosecalc.administration.text import STEP_HEADINGS, day_heading, day_summary, rate_basis, step_rows
from cc_dosecalc.results import OrderResult, PlanResult
from cc_dosecalc.value_class import value_class
from cc_dosecalc.writing import format_number

_STEP_WIDTHS = (9, 9, 9, 15, 10, 11, 12, 25)

_BLANK = "&nbsp;<br/>&nbsp;"
_TABLE = '<table width="100%" cellspacing="0" cellpadding="4" border="1" style="border-collapse: collapse; border-color: #9aa7b5;">'


@value_class
class InfusionPage:
    heading: str
    patient_label: str
    lines: tuple[tuple[str, str], ...]
    rows: tuple[tuple[str, ...], ...]
    # clock time from the start and what to record then
    checkpoints: tuple[tuple[str, str], ...]


def administration_details(result: OrderResult) -> list[tuple[str, str]]:
    """Label and value lines for the order's box on the summary."""
    details = [("Suggested order", item.text) for item in result.suggested_orders]
    if result.made_up:
        details.append(("Ordered dose made up as", result.made_up))
    if result.infusion is not None:
        first = result.infusion.days[0]
        details.append(("Infusion", f"{day_summary(result.infusion, first)} a day; see the infusion page for each day"))
    return details


def infusion_pages(plan: PlanResult, patient_label: str) -> tuple[InfusionPage, ...]:
    pages = []
    for number, result in enumerate(plan.orders, start=1):
        infusion = result.infusion
        if infusion is None:
            continue
        for day in infusion.days:
            lines = (
                ("Treatment", f"{number}. {result.text}"),
                ("Today", day_summary(infusion, day)),
                ("Whole vials", day.dose.step_text()),
                ("Rates", rate_basis(infusion)),
                (
                    "Product",
                    f"{infusion.product.name}: label maximum {format_number(infusion.product.max_rate.value, 2)} mg/kg/min "
                    f"({infusion.product.max_rate_for})",
                ),
                ("Restart", "A new lot or a new product restarts at the first step."),
            )
            checkpoints = tuple((format_clock(point.minute), point.what) for point in day.checkpoints)
            pages.append(InfusionPage(day_heading(infusion, day), patient_label, lines, tuple(step_rows(day)), checkpoints))
    return tuple(pages)


def _e(text: str) -> str:
    return escape(text, quote=True)


def pages_html(pages: tuple[InfusionPage, ...]) -> str:
    parts = []
    for page in pages:
        parts.append(f'<h2 style="page-break-before: always;">{_e(page.heading)}</h2>')
        parts.append(f'<p class="muted">{_e(page.patient_label)}</p>')
        parts.append(
            _TABLE
            + "".join(f'<tr><td width="18%"><b>{_e(label)}</b></td><td>{_e(value)}</td></tr>' for label, value in page.lines)
            + "</table>"
        )
        parts.append('<p class="label">Rate steps</p>')
        headings = (*STEP_HEADINGS, "Time started", "Observations, initials")
        head = "".join(f'<th width="{width}%">{_e(text)}</th>' for width, text in zip(_STEP_WIDTHS, headings, strict=True))
        body = "".join(
            "<tr>" + "".join(f"<td>{_e(cell)}</td>" for cell in row) + f"<td>{_BLANK}</td><td>{_BLANK}</td></tr>" for row in page.rows
        )
        parts.append(f"{_TABLE}<thead><tr>{head}</tr></thead>{body}</table>")
        parts.append('<p class="label">Vital signs (temperature, pulse, blood pressure, respiratory rate)</p>')
        head = "".join(f"<th>{_e(text)}</th>" for text in ("Clock time", "When", "Time done", "Observations", "Initials"))
        body = "".join(
            f"<tr><td>{_e(clock)}</td><td>{_e(what)}</td><td>{_BLANK}</td><td>{_BLANK}</td><td>{_BLANK}</td></tr>"
            for clock, what in page.checkpoints
        )
        parts.append(f"{_TABLE}<thead><tr>{head}</tr></thead>{body}</table>")
        parts.append('<p class="label">Notes</p>' + _TABLE + f"<tr><td>{_BLANK}<br/>{_BLANK}</td></tr></table>")
    return "".join(parts)


def pages_text(pages: tuple[InfusionPage, ...]) -> list[str]:
    lines = []
    for page in pages:
        lines += ["", page.heading, f"  {page.patient_label}"]
        lines += [f"  {label}: {value}" for label, value in page.lines]
        lines.append("  " + " | ".join(STEP_HEADINGS) + " | time started ______")
        lines += ["  " + " | ".join(row) + " | ______" for row in page.rows]
        lines.append("  " + checkpoint_text_rows(page))
    return lines


def checkpoint_text_rows(page: InfusionPage) -> str:
    return "Vital signs: " + "; ".join(f"{clock} {what}" for clock, what in page.checkpoints) + "."
