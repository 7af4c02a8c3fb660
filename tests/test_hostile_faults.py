"""Faults of the machine and odd files from the hostile corpus (tests/hostile_corpus.py), each
met by a real process: one true line on standard error, never a traceback or a wrong reason."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests import hostile_corpus as corpus
from tests.test_history import a_day_later

ROOT = Path(__file__).resolve().parent.parent
SUMMARY = ("summary", "--weight", "70", "--drug", "warfarin")


def run(*args: str, env: dict[str, str] | None = None, wrapper: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    command = [*wrapper, sys.executable, "-m", "cc_dosecalc", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT, env={**os.environ, **(env or {})})


def test_a_full_disk_when_the_history_is_opened_is_called_a_full_disk(tmp_path):
    """A real full file system: a 256 KB tmpfs mounted in a private mount namespace (unshare,
    as root or in a user namespace), holding a history with one record, then filled up."""
    disk, data, target = tmp_path / "disk", tmp_path / "disk" / "data", tmp_path / "s.pdf"
    disk.mkdir()
    python = f"{sys.executable} -m cc_dosecalc {' '.join(SUMMARY)} --pdf {target}"
    script = (
        f"mount -t tmpfs -o size=256k tmpfs {disk} && mkdir {data} && {python} >/dev/null && "
        f"(dd if=/dev/zero of={disk}/filler bs=1k 2>/dev/null; true) && exec {python}"
    )
    done = subprocess.run(
        ["unshare", "--map-root-user", "--mount", "sh", "-c", script],
        capture_output=True, text=True, timeout=120, cwd=ROOT, env={**os.environ, "CC_DOSECALC_DATA_DIR": str(data)},
    )  # fmt: skip
    expected = corpus.FAULT_MESSAGES["a full disk when the history is opened"].format(db=data / "history.sqlite3")
    assert (done.returncode, done.stdout, done.stderr) == (0, f"{target}\n", expected)


def _damage_a_table_page(path: Path) -> None:
    """Point the cells of a leaf page of the records past the end of their page: the last table
    leaf page (the records are written after the schema's small tables), never sqlite_sequence's.

    Beyond the page's last four bytes: SQLite's quick check reports such an offset as out of
    range without reading the cell (a pointer a little inside the page may land on bytes that
    make the check itself fail with "malformed", depending on what the rows hold)."""
    connection = sqlite3.connect(path)
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    # a page of the records, not of sqlite_sequence (whose damage the insert path may read first)
    (sequence_page,) = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_sequence'").fetchone()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    data = bytearray(path.read_bytes())
    for start in reversed(range(page_size, len(data), page_size)):
        cells = int.from_bytes(data[start + 3 : start + 5], "big")
        if data[start] == 13 and cells and start // page_size + 1 != sequence_page:
            for cell in range(cells):
                data[start + 8 + 2 * cell : start + 10 + 2 * cell] = (page_size - 2 + cell).to_bytes(2, "big")
            path.write_bytes(data)
            return
    raise AssertionError("no table page with rows")


def test_a_failed_integrity_check_is_said_in_one_line(tmp_path):
    data = tmp_path / "data"
    env = {"CC_DOSECALC_DATA_DIR": str(data)}
    for _ in range(2):
        assert run(*SUMMARY, "--pdf", str(tmp_path / "s.pdf"), env=env).returncode == 0
    a_day_later(data / "history.sqlite3")  # the quick check runs once a day: damage found the next day
    _damage_a_table_page(data / "history.sqlite3")
    done = run("history", env=env)
    assert done.returncode == 0
    expected = corpus.FAULT_MESSAGES["a history that fails its integrity check"].format(db=data / "history.sqlite3")
    assert done.stderr.startswith(expected), done.stderr
    assert done.stderr.count("\n") == 1 and "kept as" in done.stderr


def test_an_override_code_holding_a_line_break_is_refused_in_one_line(tmp_path):
    done = run(
        "summary", "--weight", "30", "--age", "6", "--drug", "minocycline", "--override", "minocycline-under\n-8=some reason",
        "--overridden-by", "Dr J. Smith",
        "--pdf", str(tmp_path / "o.pdf"),
    )  # fmt: skip
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == corpus.FAULT_MESSAGES["an override code holding a line break"]


def test_a_site_formulary_starting_with_a_byte_order_mark_is_read(tmp_path):
    site = tmp_path / "site.toml"
    site.write_bytes(b"\xef\xbb\xbf" + (ROOT / "resources" / "site-formulary.example.toml").read_bytes())
    done = run("drugs", env={"CC_DOSECALC_FORMULARY": str(site)})
    assert (done.returncode, done.stderr) == (0, corpus.FAULT_MESSAGES["a site formulary starting with a byte-order mark"])
    assert done.stdout.startswith("cc-dosecalc built-in formulary + EXAMPLE site formulary")
