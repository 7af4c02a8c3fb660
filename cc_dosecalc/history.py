"""The history: a record of every summary printed or saved, kept in a local SQLite database.

One record per summary, written in one transaction and never changed afterwards (the
database refuses UPDATE and DELETE on records). A record holds what is needed to show what
was printed and to run it again: the time, how it was produced, the patient's name and
identifier, the inputs as entered (with their units), the results as printed (the summary's
text and the plan as JSON), the acknowledgements and overrides with their reasons, the
formulary (kind, version, SHA-256) and the program's version.

The database lives in :func:`cc_dosecalc.datadir.data_dir` as ``history.sqlite3``, owner-only
(0600), in WAL mode with ``synchronous=FULL``: a record is on disk when :meth:`HistoryStore.add`
returns. A database that cannot be read is moved aside (never deleted) and a new one started;
a full or read-only disk raises :class:`HistoryError` with a one-line message, and the caller
goes on (the summary still prints).

Qt-free: used by the window and the command line alike.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, get_args

from cc_dosecalc import __version__
from cc_dosecalc.datadir import data_dir, ensure_private_dir
from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.formulary import Formulary
from cc_dosecalc.override import override_from_data, override_to_data
from cc_dosecalc.parsing import InputError, parse_text
from cc_dosecalc.plan import Order, Patient
from cc_dosecalc.results import PlanResult
from cc_dosecalc.review import Review, review_items, review_status
from cc_dosecalc.serialize import formulary_info, inputs_from_dict, inputs_to_dict, plan_to_dict
from cc_dosecalc.writing import format_weight

DB_NAME = "history.sqlite3"
# How a summary was produced: printed or saved as PDF from the window, saved as PDF from the
# command line, or a record reprinted from the History window.
How = Literal["print", "pdf", "cli-pdf", "reprint", "reprint-pdf"]
HOWS: tuple[How, ...] = get_args(How)
BUSY_TIMEOUT_SECONDS = 5.0
MAX_SEARCH_LENGTH = 80


class HistoryError(Exception):
    """The history cannot be used or written. The message is one line, for the user."""


# ---------------------------------------------------------------------------------------
# Schema and migrations: migration N brings a database from user_version N-1 to N
# ---------------------------------------------------------------------------------------


def _v1_records(connection: sqlite3.Connection) -> None:
    connection.execute(
        """CREATE TABLE records (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created_utc TEXT NOT NULL,
            created_local TEXT NOT NULL,
            how TEXT NOT NULL,
            patient_name TEXT NOT NULL,
            patient_identifier TEXT NOT NULL,
            inputs_json TEXT NOT NULL,
            plan_json TEXT NOT NULL,
            printed_text TEXT NOT NULL,
            review_json TEXT NOT NULL,
            formulary_kind TEXT NOT NULL,
            formulary_version TEXT NOT NULL,
            formulary_sha256 TEXT NOT NULL,
            formulary_json TEXT NOT NULL,
            app_version TEXT NOT NULL,
            os_user TEXT NOT NULL,
            host TEXT NOT NULL
        )"""
    )


def _v2_listing_and_immutability(connection: sqlite3.Connection) -> None:
    """Columns for the list (drugs, review status, reprint of), an index on time, and
    triggers that make records append-only."""
    connection.execute("ALTER TABLE records ADD COLUMN drugs TEXT NOT NULL DEFAULT ''")
    connection.execute("ALTER TABLE records ADD COLUMN status TEXT NOT NULL DEFAULT ''")
    connection.execute("ALTER TABLE records ADD COLUMN reprint_of INTEGER REFERENCES records(id)")
    rows = connection.execute("SELECT id, plan_json, review_json FROM records").fetchall()
    for record_id, plan_json, review_json in rows:
        connection.execute(
            "UPDATE records SET drugs = ?, status = ? WHERE id = ?",
            (_drugs_text(_loads(plan_json)), str(_loads(review_json).get("status", "")), record_id),
        )
    connection.execute("CREATE INDEX records_created ON records(created_utc)")
    connection.execute(
        "CREATE TRIGGER records_no_update BEFORE UPDATE ON records BEGIN SELECT RAISE(ABORT, 'history records are never changed'); END"
    )
    connection.execute(
        "CREATE TRIGGER records_no_delete BEFORE DELETE ON records BEGIN SELECT RAISE(ABORT, 'history records are never deleted'); END"
    )


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1_records, _v2_listing_and_immutability)
SCHEMA_VERSION = len(MIGRATIONS)


def _loads(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _drugs_text(plan: dict[str, Any]) -> str:
    orders = plan.get("orders")
    if not isinstance(orders, list):
        return ""
    return ", ".join(str(order.get("drug_name", "")) for order in orders if isinstance(order, dict))


# ---------------------------------------------------------------------------------------
# What is read back
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordSummary:
    """One line of the history list."""

    id: int
    created_utc: str
    created_local: str
    how: str
    patient_name: str
    patient_identifier: str
    drugs: str
    status: str
    formulary_kind: str
    formulary_version: str
    formulary_sha256: str
    reprint_of: int | None


@dataclass(frozen=True)
class ReviewEntry:
    """A warning or stop as it stood when the summary was printed."""

    key: str
    level: str
    where: str
    message: str
    state: str
    reason: str | None
    # the clinician who overrode the stop; None in records kept before the name was asked
    overridden_by: str | None = None


@dataclass(frozen=True)
class Record:
    summary: RecordSummary
    patient: Patient
    orders: tuple[Order, ...]
    plan: dict[str, Any]
    printed_text: str
    review: Review
    review_entries: tuple[ReviewEntry, ...]
    formulary: dict[str, Any]
    app_version: str
    os_user: str
    host: str

    @property
    def id(self) -> int:
        return self.summary.id


_SUMMARY_COLUMNS = (
    "id, created_utc, created_local, how, patient_name, patient_identifier, drugs, status, "
    "formulary_kind, formulary_version, formulary_sha256, reprint_of"
)


def _summary(row: Sequence[Any]) -> RecordSummary:
    return RecordSummary(*row)


# ---------------------------------------------------------------------------------------
# Errors: what SQLite says, in words for the user
# ---------------------------------------------------------------------------------------

_CORRUPT_CODES = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}


def _code(error: sqlite3.Error) -> int:
    return int(getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF


def _why(error: BaseException) -> str:
    if isinstance(error, sqlite3.Error):
        code = _code(error)
        if code == sqlite3.SQLITE_FULL:
            return "the disk is full"
        if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_CANTOPEN):
            return "the disk or folder cannot be written (read-only or no permission)"
        if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return "another cc-dosecalc kept the history busy; try again"
        if code == sqlite3.SQLITE_IOERR:
            return f"a disk error ({error})"
    if isinstance(error, OSError):
        return str(error.strerror or error)
    return " ".join(str(error).split())


class _Unreadable(Exception):
    """The database file is corrupt or cannot be read: it is to be moved aside."""


# ---------------------------------------------------------------------------------------
# The store
# ---------------------------------------------------------------------------------------


class HistoryStore:
    """The history database. Open it with :meth:`open`."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._connection = connection

    @classmethod
    def open(cls, folder: str | Path | None = None) -> tuple[HistoryStore, tuple[str, ...]]:
        """Open (or start) the history in ``folder`` (default: :func:`data_dir`).

        Returns the store and notices for the user (a database moved aside). Raises
        :class:`HistoryError` when the folder cannot hold a history at all.
        """
        directory = Path(folder) if folder is not None else data_dir()
        try:
            ensure_private_dir(directory)
        except OSError as error:
            raise HistoryError(
                f"The history folder {directory} cannot be created ({_why(error)}): summaries are not being recorded."
            ) from None
        path = directory / DB_NAME
        notices: list[str] = []
        try:
            connection = _connect(path)
        except _Unreadable as why:
            moved = _move_aside(path)
            notices.append(
                f"The history database {path} could not be read ({why}). It was kept as {moved} "
                "and a new, empty history was started. Tell the records department."
            )
            try:
                connection = _connect(path)
            except _Unreadable as again:
                raise HistoryError(f"A new history database {path} cannot be started ({again}).") from None
        return cls(path, connection), tuple(notices)

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
            "review_json": json.dumps(_review_to_dict(plan, review, status), ensure_ascii=False),
            "formulary_kind": plan.formulary.kind,
            "formulary_version": plan.formulary.version,
            "formulary_sha256": plan.formulary.sha256,
            "formulary_json": json.dumps(formulary, ensure_ascii=False),
            "app_version": __version__,
            "os_user": _os_user(),
            "host": socket.gethostname(),
            "drugs": _drugs_text(plan_dict),
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
            raise HistoryError(f"The summary was not recorded in the history: {_why(error)} ({self.path}).") from None
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    # --- reading ---------------------------------------------------------------------

    def list(self, search: str = "", limit: int | None = None) -> list[RecordSummary]:
        """Records, newest first; ``search`` matches (case-insensitively, as a plain
        substring) the patient's name or identifier, the drugs, the time or the formulary."""
        text = parse_text(search, "Search", MAX_SEARCH_LENGTH)
        query = f"SELECT {_SUMMARY_COLUMNS} FROM records"
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
            return [_summary(row) for row in self._connection.execute(query, parameters)]
        except sqlite3.Error as error:
            raise HistoryError(f"The history cannot be read: {_why(error)} ({self.path}).") from None

    def get(self, record_id: int) -> Record:
        try:
            row = self._connection.execute(
                f"SELECT {_SUMMARY_COLUMNS}, inputs_json, plan_json, printed_text, review_json, formulary_json, app_version, os_user, host "
                "FROM records WHERE id = ?",
                (record_id,),
            ).fetchone()
        except sqlite3.Error as error:
            raise HistoryError(f"The history cannot be read: {_why(error)} ({self.path}).") from None
        if row is None:
            raise HistoryError(f"There is no record {record_id} in the history.")
        summary = _summary(row[:12])
        inputs_json, plan_json, printed_text, review_json, formulary_json, app_version, os_user, host = row[12:]
        try:
            patient, orders = inputs_from_dict(_loads(inputs_json))
        except InputError as error:
            raise HistoryError(f"Record {record_id}: its inputs cannot be read ({error}).") from None
        review_data = _loads(review_json)
        return Record(
            summary=summary,
            patient=patient,
            orders=orders,
            plan=_loads(plan_json),
            printed_text=printed_text,
            review=_review_from_dict(review_data),
            review_entries=tuple(ReviewEntry(**item) for item in review_data.get("items", [])),
            formulary=_loads(formulary_json),
            app_version=app_version,
            os_user=os_user,
            host=host,
        )

    def schema_version(self) -> int:
        return int(self._connection.execute("PRAGMA user_version").fetchone()[0])


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


def _review_to_dict(plan: PlanResult, review: Review, status: str) -> dict[str, Any]:
    items = [
        {
            "key": item.key,
            "level": item.level,
            "where": item.where,
            "message": item.message,
            "state": review.state(item),
            "reason": review.reason(item.key) if item.level == "stop" else None,
            "overridden_by": _overridden_by(review, item.key) if item.level == "stop" else None,
        }
        for item in review_items(plan)
    ]
    # only what the printed plan holds: an acknowledgement of an alert since reworded or gone
    # was not part of this summary's check
    printed_keys = {item["key"] for item in items}
    return {
        "status": status,
        "items": items,
        "acknowledged": sorted(key for key in review.acknowledged if key in printed_keys),
        "overrides": [override_to_data(key, given) for key, given in review.overrides if key in printed_keys],
    }


def _overridden_by(review: Review, key: str) -> str | None:
    given = review.override_of(key)
    return None if given is None else given.by


def _review_from_dict(data: dict[str, Any]) -> Review:
    """The review a record holds. Overrides are kept as recorded, even an old record's that does
    not meet today's rule: :meth:`Review.state` does not count those (see cc_dosecalc.override)."""
    acknowledged = frozenset(str(key) for key in data.get("acknowledged", []))
    overrides = tuple(pair for pair in map(override_from_data, data.get("overrides", [])) if pair is not None)
    return Review(acknowledged, overrides)


# ---------------------------------------------------------------------------------------
# Opening, checking and migrating the database file
# ---------------------------------------------------------------------------------------


def _connect(path: Path) -> sqlite3.Connection:
    """An open, checked, migrated connection; :class:`_Unreadable` for a file to move aside;
    :class:`HistoryError` for anything else."""
    try:
        if not path.exists():
            # created owner-only before SQLite touches it; SQLite gives -wal and -shm the same mode
            os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
        elif path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
    except FileExistsError:
        pass
    except OSError as error:
        raise HistoryError(f"The history database {path} cannot be created ({_why(error)}): summaries are not being recorded.") from None
    if not os.access(path, os.R_OK):
        raise _Unreadable("no permission to read it")
    connection: sqlite3.Connection | None = None
    try:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        mode = connection.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise HistoryError(f"The history database {path} cannot use write-ahead logging on this disk (journal mode {mode}).")
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("PRAGMA foreign_keys=ON")
        result = connection.execute("PRAGMA quick_check").fetchall()
        if result != [("ok",)]:
            raise _Unreadable(f"integrity check failed: {' '.join(str(row[0]) for row in result[:3])[:200]}")
        _migrate(connection, path)
        return connection
    except sqlite3.Error as error:
        if connection is not None:
            connection.close()
        if _code(error) in _CORRUPT_CODES:
            raise _Unreadable(_why(error)) from None
        raise HistoryError(f"The history database {path} cannot be opened: {_why(error)}.") from None
    except BaseException:
        if connection is not None:
            connection.close()
        raise


def _migrate(connection: sqlite3.Connection, path: Path) -> None:
    version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise HistoryError(
            f"The history database {path} was written by a newer cc-dosecalc (schema {version}, this one knows {SCHEMA_VERSION}): "
            "summaries are not being recorded."
        )
    for number in range(version + 1, SCHEMA_VERSION + 1):
        connection.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[number - 1](connection)
            connection.execute(f"PRAGMA user_version = {number}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise


def _move_aside(path: Path) -> Path:
    """Rename the database (and its -wal and -shm files) to history-corrupt-<time>.sqlite3."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"history-corrupt-{stamp}.sqlite3")
    count = 1
    while any(Path(f"{target}{suffix}").exists() for suffix in ("", "-wal", "-shm")):
        count += 1
        target = path.with_name(f"history-corrupt-{stamp}-{count}.sqlite3")
    try:
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{path}{suffix}")
            if source.exists():
                os.rename(source, f"{target}{suffix}")
    except OSError as error:
        raise HistoryError(
            f"The history database {path} cannot be read and cannot be moved aside ({_why(error)}): summaries are not being recorded."
        ) from None
    return target


# ---------------------------------------------------------------------------------------
# Reopening a record with today's formulary
# ---------------------------------------------------------------------------------------


def recalculate(record: Record, formulary: Formulary) -> tuple[PlanResult | None, tuple[str, ...]]:
    """The record's inputs run again with ``formulary``, and every difference from what was
    printed, in plain words (empty when there is none). The plan is None when the inputs
    cannot be calculated any more (a drug or regimen no longer in the formulary)."""
    try:
        plan = calculate_plan(formulary, record.patient, list(record.orders))
    except InputError as error:
        return None, (f"Cannot be recalculated with today's formulary: {error}",)
    return plan, plan_differences(record.plan, plan_to_dict(plan))


def _formulary_words(info: dict[str, Any]) -> str:
    return f"the {info.get('kind', 'built-in')} formulary {info.get('version', '?')} (sha256 {str(info.get('sha256', '?'))[:12]}...)"


def _set_changes(label: str, printed: list[str], today: list[str]) -> list[str]:
    lines = [f"{label}: new today: {item}" for item in today if item not in printed]
    lines += [f"{label}: printed but no longer given: {item}" for item in printed if item not in today]
    return lines


def _alert_texts(alerts: object) -> list[str]:
    if not isinstance(alerts, list):
        return []
    return [f"[{str(alert.get('level', '')).upper()}] {alert.get('message', '')}" for alert in alerts if isinstance(alert, dict)]


def _interaction_texts(items: object) -> list[str]:
    if not isinstance(items, list):
        return []
    return [
        f"[{str(item.get('level', '')).upper()}] {' + '.join(item.get('drugs', []))}: {item.get('message', '')}"
        for item in items
        if isinstance(item, dict)
    ]


def _texts(items: object) -> list[str]:
    return [str(item) for item in items] if isinstance(items, list) else []


def plan_differences(printed: dict[str, Any], today: dict[str, Any]) -> tuple[str, ...]:
    """Every difference between a plan as printed and as calculated today (both as
    :func:`cc_dosecalc.serialize.plan_to_dict` gives them)."""
    lines: list[str] = []
    old_formulary, new_formulary = printed.get("formulary", {}), today.get("formulary", {})
    if old_formulary.get("sha256") != new_formulary.get("sha256"):
        lines.append(f"Formulary changed: printed with {_formulary_words(old_formulary)}; today {_formulary_words(new_formulary)}.")
    lines += _set_changes("Patient", _alert_texts(printed.get("patient_alerts")), _alert_texts(today.get("patient_alerts")))
    old_orders, new_orders = printed.get("orders", []), today.get("orders", [])
    if len(old_orders) != len(new_orders):
        lines.append(f"Printed with {len(old_orders)} treatment(s); today {len(new_orders)}.")
    for old, new in zip(old_orders, new_orders, strict=False):
        name = str(new.get("drug_name") or new.get("drug"))
        if old.get("drug") != new.get("drug") or old.get("regimen") != new.get("regimen"):
            lines.append(f"{name}: printed as {old.get('drug')} {old.get('regimen')}; today {new.get('drug')} {new.get('regimen')}.")
        if old.get("text") != new.get("text"):
            lines.append(f'{name}: dose printed "{old.get("text")}"; today "{new.get("text")}".')
        old_weight = (old.get("dosing_weight_kg"), old.get("dosing_weight_basis"))
        new_weight = (new.get("dosing_weight_kg"), new.get("dosing_weight_basis"))
        if old_weight != new_weight and None not in old_weight and None not in new_weight:
            lines.append(
                f"{name}: dosing weight printed {format_weight(float(old_weight[0]))} ({old_weight[1]}); "
                f"today {format_weight(float(new_weight[0]))} ({new_weight[1]})."
            )
        lines += _set_changes(name, _alert_texts(old.get("alerts")), _alert_texts(new.get("alerts")))
        lists = (("steps", "calculation"), ("side_effects", "side effect"), ("monitoring", "monitoring"), ("cautions", "caution"))
        for key, words in lists:
            lines += _set_changes(f"{name}, {words}", _texts(old.get(key)), _texts(new.get(key)))
        if old.get("requires_double_check") != new.get("requires_double_check"):
            needed = "needs" if new.get("requires_double_check") else "no longer needs"
            lines.append(f"{name}: today {needed} an independent double check.")
    lines += _set_changes("Interactions", _interaction_texts(printed.get("interactions")), _interaction_texts(today.get("interactions")))
    return tuple(lines)
