"""The suggested orders and the infusion plan in words and rows, for the terminal, the JSON
output, the summary and the window: one writing of each."""

from __future__ import annotations

from typing import Any

from cc_dosecalc.administration.infusion import InfusionDay, InfusionPlan, format_clock, format_duration
from cc_dosecalc.results import OrderResult
from cc_dosecalc.writing import format_number, format_volume_ml

STEP_HEADINGS = ("Clock time", "Rate mL/h", "Rate mg/kg/min", "Minutes", "Volume in step", "Cumulative volume")


def step_rows(day: InfusionDay) -> list[tuple[str, ...]]:
    """One row per step: clock time from the start, mL/h, mg/kg/min, how long, volumes."""
    rows: list[tuple[str, ...]] = []
    for step in day.steps:
        minutes = format_number(step.minutes, 0) if not step.last else f"{format_number(step.minutes, 0)} (until the day's volume is given)"
        rows.append(
            (
                format_clock(step.start_min),
                format_number(step.rate_ml_h, 1),
                format_number(step.rate_mg_kg_min, 2),
                minutes,
                format_volume_ml(step.volume_ml),
                format_volume_ml(step.cumulative_ml),
            )
        )
    return rows


def day_heading(plan: InfusionPlan, day: InfusionDay) -> str:
    return f"IVIG infusion plan, day {day.day} of {len(plan.days)}"


def day_summary(plan: InfusionPlan, day: InfusionDay) -> str:
    """ "Octagam 10%: 70 g (2 x 30 g + 1 x 10 g), 700 mL; 4 h 48 min" """
    return (
        f"{plan.product.name}: {format_number(day.dose.dose_g, 2)} g ({day.dose.vials_text()}), {format_volume_ml(day.volume_ml)}; "
        f"total duration {format_duration(day.duration_min)}"
    )


def rate_basis(plan: InfusionPlan) -> str:
    at_risk = f"at risk ({'; '.join(plan.at_risk.reasons)})" if plan.at_risk.at_risk else "not at risk"
    return (
        f"Rates on {format_number(plan.weight_kg, 2)} kg ({plan.weight_basis} weight); "
        f"maximum {format_number(plan.max_rate.value, 2)} mg/kg/min; {at_risk}."
    )


def checkpoint_text(day: InfusionDay) -> str:
    return "Vital signs: " + "; ".join(f"{format_clock(point.minute)} {point.what}" for point in day.checkpoints) + "."


def suggestion_lines(result: OrderResult) -> list[str]:
    """The suggested orders and how the ordered dose is made up, one line each."""
    lines = [f"Suggested order: {item.text}" for item in result.suggested_orders]
    if result.made_up:
        lines.append(f"Ordered dose made up as: {result.made_up}")
    return lines


def order_lines(result: OrderResult) -> list[str]:
    """The lines the terminal prints under an order."""
    lines = suggestion_lines(result)
    plan = result.infusion
    if plan is not None:
        lines.append(rate_basis(plan))
        for day in plan.days:
            lines.append(f"{day_heading(plan, day)}: {day_summary(plan, day)}")
            lines += ["  " + " | ".join(row) for row in step_rows(day)]
            lines.append("  " + checkpoint_text(day))
    return lines


def administration_dict(result: OrderResult) -> dict[str, Any]:
    """The JSON keys of an order for what is given (the command line's contract)."""
    data: dict[str, Any] = {
        "suggested_orders": [
            {
                "text": item.text,
                "form": item.product.form,
                "product": item.product.id,
                "frequency": item.frequency.text,
                "per_day_mg": item.per_day_mg,
                "difference_percent": item.difference_percent,
                "units": [{"strength_mg": unit.strength_mg, "count": unit.count} for unit in item.units],
            }
            for item in result.suggested_orders
        ],
        "ordered_made_up": result.made_up or None,
    }
    plan = result.infusion
    if plan is not None:
        data["infusion"] = {
            "product": plan.product.id,
            "product_name": plan.product.name,
            "at_risk": plan.at_risk.at_risk,
            "at_risk_reasons": list(plan.at_risk.reasons),
            "risk_factors_answered": plan.at_risk.answered,
            "max_rate_mg_kg_min": plan.max_rate.value,
            "weight_kg": plan.weight_kg,
            "weight_basis": plan.weight_basis,
            "rounding_tolerance_percent": plan.tolerance_percent,
            "days": [
                {
                    "day": day.day,
                    "dose_g": day.dose.dose_g,
                    "calculated_g": day.dose.calculated_g,
                    "difference_percent": day.dose.difference_percent,
                    "rounded": day.dose.rounded,
                    "vials": [{"size_g": vial.size_g, "count": vial.count} for vial in day.dose.vials],
                    "volume_ml": day.volume_ml,
                    "duration_min": day.duration_min,
                    "steps": [
                        {
                            "start_min": step.start_min,
                            "minutes": step.minutes,
                            "rate_ml_h": step.rate_ml_h,
                            "rate_mg_kg_min": step.rate_mg_kg_min,
                            "volume_ml": step.volume_ml,
                            "cumulative_ml": step.cumulative_ml,
                        }
                        for step in day.steps
                    ],
                    "vital_signs_min": [point.minute for point in day.checkpoints],
                }
                for day in plan.days
            ],
        }
    return data
