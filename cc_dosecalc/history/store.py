"""The history store: one record per summary, added in one transaction, read back for the
list, the details and a reprint."""

from __future__ import annotations

import getpass
import json
import logging
import socket
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, get_args

from cc_dosecalc import __version__
from cc_dosecalc.datadir import data_dir, ensure_private_dir
from cc_dosecalc.history.connection import connect
from cc_dosecalc.history.damaged import move_aside
from cc_dosecalc.history.errors import HistoryError, Unreadable, why
from cc_dosecalc.history.records import (
    SUMMARY_COLUMN_COUNT,
    SUMMARY_COLUMNS,
    Record,
    RecordSummary,
    ReviewEntry,
    review_from_dict,
    review_to_dict,
    summary_from_row,
)
from cc_dosecalc.history.schema import drugs_text, loads
from cc_dosecalc.parsing import InputError, parse_text
from cc_dosecalc.plan import Order
from cc_dosecalc.results import PlanResult
from cc_dosecalc.review import Review, review_status
from cc_dosecalc.serialize import formulary_info, inputs_from_dict, inputs_to_dict, plan_to_dict

_log = logging.getLogger(__name__)

DB_NAME = "history.sqlite3"
# How a summary was produced: printed or saved as PDF from the window, saved as PDF from the
# command line, or a record reprinted from the History window.
How = Literal["print", "pdf", "cli-pdf", "reprint", "reprint-pdf"]
HOWS: tuple[How, ...] = get_args(How)
MAX_SEARCH_LENGTH = 80


class HistoryStore:
    """The history database. Open it with :meth:`open`."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._connection = connection

    @classmethod
    def open(cls, folder: str | Path | None = None) -> tuple[HistoryStore, tuple[str, ...]]:
        """Open (or start) the history in ``folder`` (default: :func:`data_dir`).

        Returns the store and notices for the user (a database moved aside, a damaged
        write-ahead log copied aside). Raises
        :class:`HistoryError` when the folder cannot hold a history at all.
        """
        directory = Path(folder) if folder is not None else data_dir()
        try:
            ensure_private_dir(directory)
        except OSError as error:
            _log.error("The history folder %s cannot be created", directory, exc_info=error)
            raise HistoryError(
                f"The history folder {directory} cannot be created ({why(error)}): summaries are not being recorded."
            ) from error
        path = directory / DB_NAME
        notices: list[str] = []
        try:
            connection, told = connect(path)
        except Unreadable as unreadable:
            moved = move_aside(path)
            notices.append(
                f"The history database {path} could not be read ({unreadable}). It was kept as {moved} "
                "and a new, empty history was started. Tell the records department."
            )
            try:
                connection, told = connect(path)
            except Unreadable as again:
                _log.error("A new history database %s cannot be started: %s", path, again)
                raise HistoryError(f"A new history database {path} cannot be started ({again}).") from again
        return cls(path, connection), (*notices, *told)

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing ---------------------------------------------------------------------

    def add(self, plan: PlanResult, review: Review, printed_text: str, how: How, reprint_of: int | None = None) -> int:
        """Record one summary; returns its id once it is committed to disk.

        Raises :class:`HistoryError` (one line) when it cannot be written; nothing is then
        half-written.
        """
        if how not in HOWS:
            raise ValueError(f"how must be one of {', '.join(HOWS)}")
        now = datetime.now(UTC)
        status = review_status(plan, review).text()
        plan_dict = plan_to_dict(plan)
        formulary = formulary_info(plan.formulary)
        row = {
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
            "formulary_json": json.dumps(formulary, ensure_ascii=False),
            "app_version": __version__,
            "os_user": _os_user(),
            "host": socket.gethostname(),
            "drugs": drugs_text(plan_dict),
            "status": status,
            "reprint_of": reprint_of,
        }
        columns = ", ".join(row)
        marks = ", ".join(f":{key}" for key in row)
        try:
            self._connection.execute("BEGIN IMMEDIATE")
            try:
                cursor = self._connection.execute(f"INSERT INTO records ({columns}) VALUES ({marks})", row)
                self._connection.execute("COMMIT")
            except BaseException:
                if self._connection.in_transaction:
                    self._connection.execute("ROLLBACK")
                raise
        except sqlite3.Error as error:
            _log.error("A summary (%s) was not recorded in the history %s", how, self.path, exc_info=error)
            raise HistoryError(f"The summary was not recorded in the history: {why(error)} ({self.path}).") from error
        assert cursor.lastrowid is not None
        _log.info("Summary recorded in the history as record %d (%s)", cursor.lastrowid, how)
        return cursor.lastrowid

    # --- reading ---------------------------------------------------------------------

    def list(self, search: str = "", limit: int | None = None) -> list[RecordSummary]:
        """Records, newest first; ``search`` matches (case-insensitively, as a plain
        substring) the patient's name or identifier, the drugs, the time or the formulary."""
        text = parse_text(search, "Search", MAX_SEARCH_LENGTH)
        query = f"SELECT {SUMMARY_COLUMNS} FROM records"
        parameters: list[Any] = []
        if text:
            pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            fields = ("patient_name", "patient_identifier", "drugs", "created_local", "created_utc", "formulary_version", "how")
            query += " WHERE " + " OR ".join(f"{field} LIKE ? ESCAPE '\\'" for field in fields)
            parameters += [pattern] * len(fields)
        query += " ORDER BY id DESC"
        if limit is not None:
            query += " LIMIT ?"
            parameters.append(limit)
        try:
            return [summary_from_row(row) for row in self._connection.execute(query, parameters)]
        except sqlite3.Error as error:
            raise self._unreadable(error) from error

    def get(self, record_id: int) -> Record:
        try:
            row = self._connection.execute(
                f"SELECT {SUMMARY_COLUMNS}, inputs_json, plan_json, printed_text, review_json, formulary_json, app_version, os_user, host "
                "FROM records WHERE id = ?",
                (record_id,),
            ).fetchone()
        except sqlite3.Error as error:
            raise self._unreadable(error) from error
        if row is None:
            raise HistoryError(f"There is no record {record_id} in the history.")
        summary = summary_from_row(row[:SUMMARY_COLUMN_COUNT])
        inputs_json, plan_json, printed_text, review_json, formulary_json, app_version, os_user, host = row[SUMMARY_COLUMN_COUNT:]
        try:
            patient, orders = inputs_from_dict(loads(inputs_json))
        except InputError as error:
            _log.error("Record %d of the history %s: its inputs cannot be read (%s)", record_id, self.path, error.field)
            raise HistoryError(f"Record {record_id}: its inputs cannot be read ({error}).") from error
        review_data = loads(review_json)
        return Record(
            summary=summary,
            patient=patient,
            orders=orders,
            plan=loads(plan_json),
            printed_text=printed_text,
            review=review_from_dict(review_data),
            review_entries=tuple(ReviewEntry(**item) for item in review_data.get("items", [])),
            formulary=loads(formulary_json),
            app_version=app_version,
            os_user=os_user,
            host=host,
        )

    def schema_version(self) -> int:
        return int(self._connection.execute("PRAGMA user_version").fetchone()[0])

    def _unreadable(self, error: sqlite3.Error) -> HistoryError:
        _log.error("The history %s cannot be read", self.path, exc_info=error)
        return HistoryError(f"The history cannot be read: {why(error)} ({self.path}).")


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
