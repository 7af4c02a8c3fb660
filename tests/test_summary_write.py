"""Saving the summary's PDF is atomic: a complete new file, or nothing changed and a clear message."""

from __future__ import annotations

import errno
import logging
import os
import pwd
import shutil
import tempfile
from pathlib import Path

import pytest

from cc_dosecalc.review import Review
from cc_dosecalc.summary import printing
from cc_dosecalc.summary.document import build_summary
from cc_dosecalc.summary.pdf_file import SummaryWriteError, write_atomically
from cc_dosecalc.summary.printing import write_pdf
from tests.summary_plans import PRINTED_AT, one_drug_plan, pdf_text

OLD = b"%PDF-1.4 the summary printed yesterday"


@pytest.fixture
def document(formulary, qapp):  # type: ignore[no-untyped-def]
    return build_summary(one_drug_plan(formulary), Review(), printed_at=PRINTED_AT)


def test_writes_a_complete_pdf_and_replaces_the_old_one(document, tmp_path):
    target = tmp_path / "summary.pdf"
    target.write_bytes(OLD)
    assert write_pdf(document, target) == target
    assert "diltiazem oral 139.7 to 279.4 mg/day" in pdf_text(target)
    assert os.listdir(tmp_path) == ["summary.pdf"]


class _FailingFile:
    """A file that takes part of what it is given, then the disk is full."""

    def __init__(self, real):  # type: ignore[no-untyped-def]
        self.real = real

    def write(self, data: bytes) -> int:
        self.real.write(data[: len(data) // 2])
        self.real.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name):  # type: ignore[no-untyped-def]
        return getattr(self.real, name)

    def __enter__(self):  # type: ignore[no-untyped-def]
        return self

    def __exit__(self, *exc):  # type: ignore[no-untyped-def]
        self.real.close()


@pytest.mark.parametrize("existing", [True, False])
def test_a_failure_mid_write_changes_nothing(document, tmp_path, monkeypatch, existing):
    target = tmp_path / "summary.pdf"
    if existing:
        target.write_bytes(OLD)
    partial: list[int] = []
    real_fdopen = os.fdopen

    def fdopen(fd, *args, **kwargs):  # type: ignore[no-untyped-def]
        file = real_fdopen(fd, *args, **kwargs)
        partial.append(fd)
        return _FailingFile(file)

    monkeypatch.setattr(printing.os, "fdopen", fdopen)
    with pytest.raises(SummaryWriteError) as raised:
        write_pdf(document, target)
    assert partial, "the failure was injected after the temporary file was opened"
    assert str(raised.value) == f"Cannot save the PDF at {target}: the disk is full"
    assert "\n" not in str(raised.value)
    assert os.listdir(tmp_path) == (["summary.pdf"] if existing else [])
    if existing:
        assert target.read_bytes() == OLD


def test_a_failure_at_the_rename_leaves_no_temporary_file(document, tmp_path, monkeypatch):
    target = tmp_path / "summary.pdf"
    target.write_bytes(OLD)

    def replace(source, destination):  # type: ignore[no-untyped-def]
        assert Path(source).stat().st_size > 1000  # the complete temporary file was written first
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(printing.os, "replace", replace)
    with pytest.raises(SummaryWriteError, match=r"^Cannot save the PDF at .*summary\.pdf: Input/output error$"):
        write_pdf(document, target)
    assert os.listdir(tmp_path) == ["summary.pdf"]
    assert target.read_bytes() == OLD


def test_a_folder_is_not_a_file(document, tmp_path):
    with pytest.raises(SummaryWriteError, match="it is a folder"):
        write_pdf(document, tmp_path)


def test_a_missing_folder_is_named(document, tmp_path):
    with pytest.raises(SummaryWriteError, match=r"summary\.pdf: the folder does not exist$"):
        write_pdf(document, tmp_path / "no such folder" / "summary.pdf")


def test_a_failed_save_logs_its_cause_and_names_the_file_only_at_debug_level(tmp_path, caplog):
    target = tmp_path / "no such folder" / "dosing-summary-Jane-OBrien-20260314-0905.pdf"
    with caplog.at_level(logging.DEBUG, logger="cc_dosecalc.summary.pdf_file"), pytest.raises(SummaryWriteError):
        write_atomically(b"%PDF", target)
    above_debug = [(record.levelno, record.getMessage()) for record in caplog.records if record.levelno > logging.DEBUG]
    assert above_debug == [
        (logging.WARNING, "PDF not saved: the folder does not exist (FileNotFoundError errno 2: No such file or directory)")
    ]
    assert [record.getMessage() for record in caplog.records if record.levelno == logging.DEBUG] == [f"PDF not saved at {target}"]


def test_a_read_only_folder(tmp_path):
    """A real read-only folder. Root ignores folder permissions, so as root the write runs in a
    forked child that has dropped to the "nobody" user first (in a folder it can reach)."""
    base = Path(tempfile.mkdtemp(prefix="cc-dosecalc-test-")) if os.geteuid() == 0 else tmp_path
    base.chmod(0o755)
    folder = base / "locked"
    folder.mkdir()
    target = folder / "summary.pdf"
    target.write_bytes(OLD)
    if os.geteuid() == 0:  # the folder is nobody's own: only its read-only mode refuses the write
        nobody = pwd.getpwnam("nobody")
        os.chown(folder, nobody.pw_uid, nobody.pw_gid)
    folder.chmod(0o555)
    try:
        message = _write_unprivileged(b"%PDF-1.4 new", target)
    finally:
        folder.chmod(0o755)
    try:
        assert message == f"Cannot save the PDF at {target}: permission denied (the folder is read-only or not yours)"
        assert sorted(os.listdir(folder)) == ["summary.pdf"]
        assert target.read_bytes() == OLD
    finally:
        if base != tmp_path:
            shutil.rmtree(base)


def _write_unprivileged(content: bytes, target: Path) -> str:
    """The SummaryWriteError message of write_atomically, run without root's privileges."""
    if os.geteuid() != 0:
        with pytest.raises(SummaryWriteError) as raised:
            write_atomically(content, target)
        return str(raised.value)
    nobody = pwd.getpwnam("nobody")
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        os.close(reading)
        message = "no error"
        try:
            os.setgroups([])
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            write_atomically(content, target)
        except SummaryWriteError as error:
            message = str(error)
        except BaseException as error:
            message = f"unexpected {error!r}"
        os.write(writing, message.encode())
        os._exit(0)
    os.close(writing)
    with os.fdopen(reading, "rb") as pipe:
        message = pipe.read().decode()
    os.waitpid(child, 0)
    return message
