"""One record as a row of columns, built once for either store: the local SQLite history and
the hospital's PostgreSQL history hold the same fields, and the server's row carries the
record's UUID, made here on the workstation (a resend of the same row is then harmless)."""

from __future__ import annotations

import getpass
import json
import socket
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, Literal, get_args

from cc_dosecalc import __version__
from cc_dosecalc.history.records import review_to_dict
from cc_dosecalc.history.schema import drugs_text
from cc_dosecalc.history.search import search_text
from cc_dosecalc.plan import Order
from cc_dosecalc.results import PlanResult
from cc_dosecalc.review import Review, review_status
from cc_dosecalc.serialize import formulary_info, inputs_to_dict, plan_to_dict

# How a summary was produced: printed or saved as PDF from the window, saved as PDF from the
# command line, or a record reprinted from the History window.
How = Literal["print", "pdf", "cli-pdf", "reprint", "reprint-pdf"]
HOWS: tuple[How, ...] = get_args(How)

# the columns of a record, in the order both stores hold them (the local store's id and the
# server's id and record_uuid aside)
RECORD_COLUMNS = (
    "created_utc",
    "created_local",
    "how",
    "patient_name",
    "patient_identifier",
    "inputs_json",
    "plan_json",
    "printed_text",
    "review_json",
    "formulary_kind",
    "formulary_version",
    "formulary_sha256",
    "formulary_json",
    "app_version",
    "os_user",
    "host",
    "drugs",
    "status",
    "reprint_of",
    "search_text",
)


def record_row(plan: PlanResult, review: Review, printed_text: str, how: How, reprint_of: int | None = None) -> dict[str, Any]:
    """The record of one summary: every column of :data:`RECORD_COLUMNS` and ``record_uuid``."""
    if how not in HOWS:
        raise ValueError(f"how must be one of {', '.join(HOWS)}")
    now = datetime.now(UTC)
    status = review_status(plan, review).text()
    plan_dict = plan_to_dict(plan)
    row: dict[str, Any] = {
        "created_utc": now.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "created_local": now.astimezone().strftime("%Y-%m-%d %H:%M:%S %Z (UTC%z)"),
        "how": how,
        "patient_name": plan.patient.name,
        "patient_identifier": plan.patient.identifier,
        "inputs_json": json.dumps(inputs_to_dict(plan.patient, recorded_orders(plan)), ensure_ascii=False),
        "plan_json": json.dumps(plan_dict, ensure_ascii=False),
        "printed_text": printed_text,
        "review_json": json.dumps(review_to_dict(plan, review, status), ensure_ascii=False),
        "formulary_kind": plan.formulary.kind,
        "formulary_version": plan.formulary.version,
        "formulary_sha256": plan.formulary.sha256,
        "formulary_json": json.dumps(formulary_info(plan.formulary), ensure_ascii=False),
        "app_version": __version__,
        "os_user": _os_user(),
        "host": socket.gethostname(),
        "drugs": drugs_text(plan_dict),
        "status": status,
        "reprint_of": reprint_of,
    }
    row["search_text"] = search_text(row)
    row["record_uuid"] = str(uuid.uuid4())
    return row


def recorded_orders(plan: PlanResult) -> tuple[Order, ...]:
    """The orders as calculated: the regimen (and, for a course, the number of days) pinned
    to the ones printed, so that a formulary change cannot silently pick another."""
    return tuple(
        replace(
            result.order,
            regimen_id=result.regimen.id,
            days=result.days if result.regimen.period == "course" else result.order.days,
        )
        for result in plan.orders
    )


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name on this system: record that plainly
        return "unknown"
