"""The local history at 50,000 records (the size the first release was measured at: 617 MB,
each record a real three-drug summary): ``cc-dosecalc summary`` against its time on an empty
history, opening the history with and without its daily quick check, the first page of the
list and of a search, and the History window's first page."""

from __future__ import annotations

import os
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path

from bench.common import Row, example_plan, ms, per_call_seconds, process_seconds
from cc_dosecalc.history import DB_NAME, HistoryStore, record_row
from cc_dosecalc.history.rows import RECORD_COLUMNS
from cc_dosecalc.history.search import search_text
from cc_dosecalc.review import Review

RECORDS = 50_000
SUMMARY_GOAL = 1.5
WINDOW_GOAL_SECONDS = 0.300
SUMMARY = ("summary", "--weight", "220 lb", "--age", "52", "--height", "175", "--sex", "male", "--crcl", "55",
           "--name", "Alex Example", "--patient-id", "MRN 0042-7781", "--drug", "ivig", "--days", "2",
           "--drug", "diltiazem", "--drug", "colchicine")  # fmt: skip


def fill(folder: Path, count: int) -> float:
    """A history of ``count`` real records (one summary's row, each with its own name, identifier
    and UUID), written in one transaction; its size in MB."""
    HistoryStore.open(folder)[0].close()
    from cc_dosecalc.summary.document import build_summary

    plan = example_plan()
    printed = build_summary(plan, Review(), printed_at=datetime.now().astimezone()).text()
    row = record_row(plan, Review(), printed, "cli-pdf")
    columns = (*RECORD_COLUMNS, "record_uuid")
    connection = sqlite3.connect(folder / DB_NAME)
    with connection:
        rows = []
        for n in range(count):
            one = {**row, "patient_name": f"Patient {n}", "patient_identifier": f"MRN {n:07}", "record_uuid": str(uuid.uuid4())}
            one["search_text"] = search_text(one)
            rows.append(tuple(one[column] for column in columns))
        connection.executemany(f"INSERT INTO records ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", rows)
    connection.close()
    return (folder / DB_NAME).stat().st_size / 1e6


def _check_due_again(folder: Path) -> None:
    connection = sqlite3.connect(folder / DB_NAME)
    with connection:
        connection.execute("DELETE FROM checked")
    connection.close()


def _history_window_first_page(folder: Path) -> float:
    """Seconds from asking for the History window to its first page listed (the history opened
    then), in a new main window each time; median of 5."""
    from PySide6.QtWidgets import QApplication

    from cc_dosecalc.active_formulary import load_active_formulary
    from cc_dosecalc.gui.main_window import MainWindow

    os.environ["CC_DOSECALC_DATA_DIR"] = str(folder)
    active = load_active_formulary()
    samples = []
    for _ in range(5):
        window = MainWindow(active)
        window.show()
        QApplication.processEvents()
        start = time.perf_counter()
        history = window.show_history()
        QApplication.processEvents()
        samples.append(time.perf_counter() - start)
        assert history.list.topLevelItemCount() == 100
        history.close()
        window.records.close()
        window.close()
        window.deleteLater()
        QApplication.processEvents()
    return statistics.median(samples)


def run() -> list[Row]:
    saved = os.environ.get("CC_DOSECALC_DATA_DIR")
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as empty, tempfile.TemporaryDirectory() as full, tempfile.TemporaryDirectory() as out:
        size = fill(Path(full), RECORDS)
        command = [sys.executable, "-m", "cc_dosecalc", *SUMMARY, "--pdf", str(Path(out) / "s.pdf")]
        base = process_seconds(command, env={**os.environ, "CC_DOSECALC_DATA_DIR": empty})
        big = process_seconds(command, env={**os.environ, "CC_DOSECALC_DATA_DIR": full})
        ratio = big / base
        name = f"`cc-dosecalc summary`, whole process, {RECORDS:,} local records ({size:.0f} MB)"
        rows.append(Row(name, ms(big), f"{ms(base)} (an empty history)", ratio, f"<= {SUMMARY_GOAL}x", ratio <= SUMMARY_GOAL))
        opening = per_call_seconds(lambda: HistoryStore.open(full)[0].close(), repeat=5, number=1)

        def checked_open() -> None:
            _check_due_again(Path(full))
            HistoryStore.open(full)[0].close()

        checked = per_call_seconds(checked_open, repeat=3, number=1)
        store, _ = HistoryStore.open(full)
        first = per_call_seconds(lambda: store.list(), repeat=5)
        search = per_call_seconds(lambda: store.list("mrn 00424"), repeat=5)
        rare = per_call_seconds(lambda: store.list("MRN 0042424"), repeat=5)
        store.close()
        window = _history_window_first_page(Path(full))
        rows += [
            Row(f"local history: open {RECORDS:,} records (its quick check ran today)", ms(opening)),
            Row(f"local history: open {RECORDS:,} records with the quick check (once a day)", ms(checked)),
            Row(f"local history: first page (100) of {RECORDS:,} records", ms(first)),
            Row(f"local history: first page of a search in {RECORDS:,} records (100 match, 7,600 rows read)", ms(search)),
            Row(f"local history: a search of {RECORDS:,} records that one matches (every row read)", ms(rare)),
            Row(
                f"History window: first page of {RECORDS:,} local records (history opened)",
                ms(window),
                goal="< 300 ms",
                met=window < WINDOW_GOAL_SECONDS,
            ),
        ]
    if saved is None:
        os.environ.pop("CC_DOSECALC_DATA_DIR", None)
    else:
        os.environ["CC_DOSECALC_DATA_DIR"] = saved
    return rows
