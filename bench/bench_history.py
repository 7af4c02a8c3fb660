"""The history: time to record a summary (committed to disk, synchronous=FULL), to open a
history of 2,000 records (its daily quick check already run), to list and search it (the first page), and to load the
formulary with a site file laid over it."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.common import EXAMPLE_ORDERS, Row, example_patient, ms, per_call_seconds
from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.formulary import load_formulary, load_site_formulary
from cc_dosecalc.history import HistoryStore
from cc_dosecalc.paths import builtin_formulary_path, resource_dir
from cc_dosecalc.report import plan_text
from cc_dosecalc.review import Review

RECORDS = 2_000


def run() -> list[Row]:
    formulary = load_formulary(builtin_formulary_path())
    plan = calculate_plan(formulary, example_patient(), EXAMPLE_ORDERS)
    text = plan_text(plan)
    with tempfile.TemporaryDirectory() as folder:
        store, _ = HistoryStore.open(folder)
        start = time.perf_counter()
        for _ in range(RECORDS):
            store.add(plan, Review(), text, "print")
        add = (time.perf_counter() - start) / RECORDS
        listing = per_call_seconds(lambda: store.list(), repeat=3)
        search = per_call_seconds(lambda: store.list("mrn 1"), repeat=3)
        store.close()
        size = (Path(folder) / "history.sqlite3").stat().st_size
        opening = per_call_seconds(lambda: HistoryStore.open(folder)[0].close(), repeat=3)
    site = per_call_seconds(lambda: load_site_formulary(builtin_formulary_path(), resource_dir() / "site-formulary.example.toml"))
    return [
        Row("history: record one summary (committed, fsync)", ms(add)),
        Row(f"history: open {RECORDS:,} records ({size / 1e6:.1f} MB), its quick check run today", ms(opening)),
        Row(f"history: list {RECORDS:,} records (the first page, 100)", ms(listing)),
        Row(f"history: search {RECORDS:,} records (the first page)", ms(search)),
        Row("load the formulary with the example site file", ms(site)),
    ]
