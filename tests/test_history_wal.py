"""A WAL or database that fails a check is copied aside, as found, before SQLite changes it
(issue 12, item 7); a torn tail (a write killed part way) is not damage."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

from cc_dosecalc.history import DB_NAME, HistoryStore
from cc_dosecalc.history.wal_check import FRAME_HEADER, WAL_HEADER, find_damage, in_use_elsewhere
from cc_dosecalc.review import Review
from tests.test_history import a_plan

ROOT = Path(__file__).resolve().parent.parent

# adds records, one transaction each, and ends without closing: the WAL is left as it is
WRITER = """
import os, sys
from cc_dosecalc.formulary import load_formulary
from cc_dosecalc.paths import builtin_formulary_path
from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.history import HistoryStore
from cc_dosecalc.parsing import WEIGHT, parse_measurement
from cc_dosecalc.plan import Order, Patient
from cc_dosecalc.review import Review

formulary = load_formulary(builtin_formulary_path())
plan = calculate_plan(formulary, Patient(parse_measurement("70", WEIGHT), name="Walter"), [Order("diltiazem")])
store, notices = HistoryStore.open(sys.argv[1])
assert notices == (), notices
for _ in range(int(sys.argv[2])):
    print(store.add(plan, Review(), "x" * 5000, "print"), flush=True)
if len(sys.argv) > 3:  # as if its quick check were two days old (it runs at most once a day)
    store._connection.execute("UPDATE checked SET quick_check_utc = '2000-01-01T00:00:00+00:00'")
os._exit(0)
"""


def write_and_vanish(folder: Path, count: int, a_day_later: bool = False) -> list[int]:
    done = subprocess.run(
        [sys.executable, "-c", WRITER, str(folder), str(count), *(["a day later"] if a_day_later else [])],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
        check=True,
    )
    return [int(line) for line in done.stdout.split()]


def page_size(wal: bytes) -> int:
    return int(struct.unpack(">I", wal[8:12])[0])


def damage_frame(wal_path: Path, frame: int) -> None:
    data = bytearray(wal_path.read_bytes())
    start = WAL_HEADER + (frame - 1) * (FRAME_HEADER + page_size(data)) + FRAME_HEADER + 100
    data[start : start + 16] = bytes(byte ^ 0xFF for byte in data[start : start + 16])
    wal_path.write_bytes(bytes(data))


def test_a_damaged_wal_is_said_so_and_copied_aside_as_found(tmp_path):
    ids = write_and_vanish(tmp_path, 10)
    path, wal_path = tmp_path / DB_NAME, tmp_path / f"{DB_NAME}-wal"
    assert find_damage(wal_path.read_bytes()) is None  # a whole log is not damage
    damage_frame(wal_path, 3)
    found = (path.read_bytes(), wal_path.read_bytes())
    damage = find_damage(found[1])
    assert damage is not None and damage.frame == 3 and damage.lost_commits >= 7
    store, notices = HistoryStore.open(tmp_path)
    (notice,) = notices
    (kept,) = tmp_path.glob("history-damaged-wal-*.sqlite3")
    assert notice.startswith(f"The history's write-ahead log {wal_path} is damaged at frame 3: ")
    assert f"were kept as {kept} (and -wal)" in notice and "\n" not in notice
    assert (kept.read_bytes(), Path(f"{kept}-wal").read_bytes()) == found  # as found, before SQLite read it
    assert len(store.list()) < len(ids)  # what SQLite could not read is the copy's to examine
    store.close()


def test_a_torn_tail_is_not_damage(tmp_path):
    write_and_vanish(tmp_path, 5)
    wal_path = tmp_path / f"{DB_NAME}-wal"
    data = wal_path.read_bytes()
    frame = FRAME_HEADER + page_size(data)
    # the last frame written part way: its header there, its page not
    torn = data[: len(data) - frame + FRAME_HEADER + 10]
    assert find_damage(torn) is None
    wal_path.write_bytes(torn)
    store, notices = HistoryStore.open(tmp_path)
    assert notices == ()
    assert not list(tmp_path.glob("history-damaged-wal-*"))
    store.close()


def test_a_damaged_database_with_a_wal_is_kept_as_found_before_sqlite_closes_it(formulary, tmp_path):
    store, _ = HistoryStore.open(tmp_path)
    for _ in range(30):
        store.add(a_plan(formulary), Review(), "x" * 3000, "print")
    store.close()
    write_and_vanish(tmp_path, 2, a_day_later=True)
    path, wal_path = tmp_path / DB_NAME, tmp_path / f"{DB_NAME}-wal"
    data = bytearray(path.read_bytes())
    data[4096 * 2 : 4096 * 6] = b"\xff" * (4096 * 4)
    path.write_bytes(bytes(data))
    found = (path.read_bytes(), wal_path.read_bytes())
    store, notices = HistoryStore.open(tmp_path)
    (notice,) = notices
    (as_found,) = tmp_path.glob("history-corrupt-as-found-*.sqlite3")
    assert (as_found.read_bytes(), Path(f"{as_found}-wal").read_bytes()) == found
    assert f"(as found, with its write-ahead log, in {as_found})" in notice
    assert store.list() == []
    store.close()


HOLDER = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1])
connection.execute("PRAGMA journal_mode=WAL")
connection.execute("CREATE TABLE t (x)")
connection.execute("INSERT INTO t VALUES (1)")
connection.commit()
print("open", flush=True)
sys.stdin.read()
"""


def test_another_program_s_open_database_is_seen_without_taking_a_lock(tmp_path):
    """While another program has the history open its WAL is live: not the one a crash left."""
    path = tmp_path / DB_NAME
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline() == "open\n"
    try:
        assert in_use_elsewhere(path)
    finally:
        holder.communicate("", timeout=30)
    assert not in_use_elsewhere(path)
