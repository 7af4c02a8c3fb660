"""The log: a private, rotating file in the data folder that tells why something failed, never
names a patient, and never stops the program."""

from __future__ import annotations

import logging
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from cc_dosecalc import __version__
from cc_dosecalc.app.records import Records, reopen
from cc_dosecalc.datadir import DATA_DIR_ENV
from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.history import DB_NAME, HistoryError
from cc_dosecalc.logs import LOG_NAME, PrivateRotatingFile, configure_logging
from cc_dosecalc.plan import Order
from cc_dosecalc.review import Review
from tests.conftest import make_patient
from tests.summary_plans import pdf_text

ROOT = Path(__file__).resolve().parent.parent
NAME, IDENTIFIER = "Zoë Quillfeather", "MRN 5550199"


def run(data: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """The command as a nurse runs it (through the ``cc-dosecalc`` entry), umask 022."""
    return subprocess.run(
        [sys.executable, "-c", "import os, sys; os.umask(0o022); from cc_dosecalc.start import main; sys.exit(main(sys.argv[1:]))", *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, DATA_DIR_ENV: str(data)},
    )


@pytest.fixture
def logged_to(tmp_path: Path) -> Iterator[Path]:
    """This process logs to a folder of the test's own, as it would at start."""
    path = configure_logging(tmp_path / "logs")
    assert path is not None
    yield path
    logger = logging.getLogger("cc_dosecalc")
    for handler in [handler for handler in logger.handlers if isinstance(handler, PrivateRotatingFile)]:
        logger.removeHandler(handler)
        handler.close()


def test_the_log_is_created_owner_only_in_a_private_data_folder(tmp_path):
    data = tmp_path / "new" / "data"
    done = run(data, "calc", "--weight", "70", "--drug", "diltiazem")
    assert (done.returncode, done.stderr) == (0, "")
    log = data / LOG_NAME
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert " INFO cc_dosecalc.cli [pid " in log.read_text(encoding="utf-8")
    assert f"cc-dosecalc {__version__}: calc" in log.read_text(encoding="utf-8")


def test_a_log_readable_by_others_is_made_owner_only(tmp_path):
    log = tmp_path / LOG_NAME
    log.write_text("an older line\n", encoding="utf-8")
    os.chmod(log, 0o644)
    assert run(tmp_path, "drugs").returncode == 0
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert log.read_text(encoding="utf-8").startswith("an older line\n")  # appended to, not replaced


def _make_read_only(file: Path) -> None:
    if os.geteuid() != 0:
        os.chmod(file, 0o400)
    elif shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(file)], capture_output=True).returncode != 0:
        pytest.skip("running as root on a file system without the immutable attribute: cannot make a file read-only")


def test_a_history_failure_is_told_in_one_line_and_its_cause_is_in_the_log(tmp_path):
    data = tmp_path / "data"
    Records(data).store().close()  # a history from before
    _make_read_only(data / DB_NAME)
    target = tmp_path / "s.pdf"
    try:
        done = run(data, "summary", "--weight", "70", "--drug", "warfarin", "--name", NAME, "--patient-id", IDENTIFIER, "--pdf", str(target))
    finally:
        subprocess.run(["chattr", "-i", str(data / DB_NAME)], capture_output=True) if os.geteuid() == 0 else os.chmod(data / DB_NAME, 0o600)
    assert (done.returncode, done.stdout) == (0, f"{target}\n")
    assert done.stderr == (
        "cc-dosecalc: the PDF was written, but it is not in the history. The summary was not recorded in the history: "
        f"the disk or folder cannot be written (read-only or no permission) ({data / DB_NAME}).\n"
    )
    assert NAME in pdf_text(target)
    log = (data / LOG_NAME).read_text(encoding="utf-8")
    assert "ERROR cc_dosecalc.history.store [pid " in log and "A summary (cli-pdf) was not recorded in the history" in log
    assert "sqlite3.OperationalError: attempt to write a readonly database" in log, log  # SQLite's own words, kept
    assert NAME not in log and IDENTIFIER not in log


def test_no_patient_name_or_identifier_is_logged_at_info(formulary, tmp_path):
    data = tmp_path / "data"
    target = tmp_path / f"{NAME}.pdf"
    patient = ("--weight", "70", "--name", NAME, "--patient-id", IDENTIFIER)
    assert run(data, "summary", *patient, "--drug", "warfarin", "--pdf", str(target)).returncode == 0
    assert run(data, "summary", *patient, "--drug", "warfarin", "--pdf", str(tmp_path)).returncode == 1  # a folder: not written
    assert run(data, "calc", *patient, "--drug", "nothing-like-it").returncode == 2
    assert run(data, "calc", "--weight", "70", "--name", NAME + "\x01", "--drug", "warfarin").returncode == 2
    assert run(data, "history", "--search", NAME).returncode == 0
    log = (data / LOG_NAME).read_text(encoding="utf-8")
    assert "Summary recorded in the history as record 1 (cli-pdf)" in log
    assert "ERROR cc_dosecalc.cli [pid " in log and "A summary PDF was not written" in log
    assert "Input refused: Drug: unknown drug 'nothing-like-it'" in log
    assert "Input refused: Patient name: must not hold control characters" in log
    for secret in (NAME, "Zo", "Quillfeather", IDENTIFIER, "5550199"):
        assert secret not in log, secret


def test_the_records_side_logs_no_name_at_info(formulary, tmp_path, logged_to, caplog):
    caplog.set_level(logging.INFO, logger="cc_dosecalc")
    patient = replace(make_patient("70"), name=NAME, identifier=IDENTIFIER)
    plan = calculate_plan(formulary, patient, [Order("diltiazem")])
    with Records(tmp_path / "data") as records:
        record = records.get(records.add(plan, Review(), "text", "print"))
        smaller = replace(formulary, drugs=tuple(drug for drug in formulary.drugs if drug.id != "diltiazem"))
        assert reopen(record, smaller).plan is None
        records.store()._connection.execute("PRAGMA query_only = 1")
        with pytest.raises(HistoryError):
            records.add(plan, Review(), "text", "print")
    messages = [record.getMessage() for record in caplog.records]
    assert "Summary recorded in the history as record 1 (print)" in messages
    assert "Record 1 cannot be recalculated with the formulary 2026.11.0: Drug" in messages
    assert any(message.startswith("A summary (print) was not recorded in the history ") for message in messages)
    assert "attempt to write a readonly database" in logged_to.read_text(encoding="utf-8")
    assert NAME not in caplog.text + logged_to.read_text(encoding="utf-8")
    assert IDENTIFIER not in caplog.text + logged_to.read_text(encoding="utf-8")


def test_a_log_that_cannot_be_opened_changes_nothing_for_the_user(tmp_path):
    (tmp_path / LOG_NAME).mkdir()  # a folder where the log goes
    done = run(tmp_path, "calc", "--weight", "70", "--drug", "diltiazem")
    assert (done.returncode, done.stderr) == (0, "")
    assert "diltiazem" in done.stdout


def test_a_log_that_fails_while_writing_is_said_once_and_done_without(tmp_path, logged_to, capsys):
    logger = logging.getLogger("cc_dosecalc")
    (handler,) = [handler for handler in logger.handlers if isinstance(handler, PrivateRotatingFile)]
    handler.stream.close()
    handler.stream = open(os.devnull, encoding="utf-8")  # noqa: SIM115 (read-only: every write fails)
    logger.warning("first")
    logger.warning("second")
    assert capsys.readouterr().err == f"cc-dosecalc: the log {logged_to} cannot be written (not writable); going on without it.\n"
    assert handler not in logger.handlers


def test_the_log_is_rotated_by_size_and_every_file_stays_owner_only(tmp_path):
    handler = PrivateRotatingFile(tmp_path / LOG_NAME, max_bytes=200, backup_count=2)
    handler.setFormatter(logging.Formatter("%(message)s"))
    lines = [f"line {number:02d} " + "x" * 41 for number in range(16)]  # 50 bytes a line: 4 a file
    for line in lines:
        handler.emit(logging.LogRecord("cc_dosecalc.test", logging.INFO, __file__, 1, line, None, None))
    handler.close()
    files = [tmp_path / f"{LOG_NAME}.2", tmp_path / f"{LOG_NAME}.1", tmp_path / LOG_NAME]
    kept = [text for path in files for text in path.read_text(encoding="utf-8").splitlines()]
    assert kept == lines[4:]  # the newest, in order; the oldest file's lines dropped
    assert not (tmp_path / f"{LOG_NAME}.3").exists()
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in files)


def test_the_window_logs_to_the_same_file_from_its_start(tmp_path):
    environment = {key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run(
        [sys.executable, "-m", "cc_dosecalc"], capture_output=True, text=True, timeout=60, cwd=ROOT, env={**environment, DATA_DIR_ENV: str(tmp_path)}
    )
    assert done.returncode == 1 and len(done.stderr.splitlines()) == 1  # no display: one line, as before
    log = (tmp_path / LOG_NAME).read_text(encoding="utf-8")
    assert f"cc-dosecalc {__version__}: the window is starting" in log
    assert "ERROR cc_dosecalc.gui.launch" in log and "The window cannot start: cc-dosecalc: no display to open the window on" in log
    assert stat.S_IMODE((tmp_path / LOG_NAME).stat().st_mode) == 0o600
