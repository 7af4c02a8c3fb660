"""Where a summary's PDF may be written, and writing it there atomically. No Qt here.

The policy (also in the README, "Printing or saving the dosing summary"): a PDF is written as
a new file, or replaces an existing file only when that file is a regular file that is a PDF
by its first bytes (``%PDF-``). It never replaces the history database or its ``-wal``,
``-shm`` or ``-journal`` files (even before they exist), a formulary file in force (built-in
or site), a folder, a symbolic link, a device, a pipe, a socket or any other file.

The PDF goes first to a temporary file in the same folder whose name holds nothing of the
patient (``.cc-dosecalc-XXXXXXXX.pdf.part``), owner-only (0600, whatever the umask), flushed to
disk and then renamed over the path; on a failure it is removed and the path is left as it was.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

from cc_dosecalc.active_formulary import site_formulary_path
from cc_dosecalc.datadir import data_dir
from cc_dosecalc.parsing import printable
from cc_dosecalc.paths import builtin_formulary_path

logger = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
TEMPORARY_PREFIX = ".cc-dosecalc-"
TEMPORARY_SUFFIX = ".pdf.part"
# a PDF carries a patient's name: readable by its owner only
PDF_MODE = 0o600
_HISTORY_SUFFIXES = ("", "-wal", "-shm", "-journal")


class SummaryWriteError(OSError):
    """The PDF could not be written; nothing at the path was changed. The message is one line."""


def protected_paths(extra: Iterable[str | os.PathLike[str]] = ()) -> dict[Path, str]:
    """The files a PDF never replaces, whether or not they exist yet, with what each one is."""
    from cc_dosecalc.history import DB_NAME

    protected = {Path(f"{data_dir() / DB_NAME}{suffix}"): "the history database" for suffix in _HISTORY_SUFFIXES}
    site = site_formulary_path()
    formularies = [builtin_formulary_path(), *([site] if site is not None else []), *(Path(path) for path in extra)]
    protected.update({Path(path): "a formulary file in force" for path in formularies})
    return protected


def check_target(target: Path, protected: dict[Path, str]) -> None:
    """Raise :class:`SummaryWriteError` unless a PDF may be written at ``target`` (see the module)."""
    real = Path(os.path.realpath(target))
    for path, what in protected.items():
        if real == Path(os.path.realpath(path)) or _same_file(target, path):
            _refuse(target, f"it is {what}: choose another file")
    try:
        status = os.lstat(target)
    except FileNotFoundError:
        return  # a new file (a missing folder is said when the temporary file is made)
    except OSError as error:
        _refuse(target, _reason(error), error)
    mode = status.st_mode
    if stat.S_ISDIR(mode):
        _refuse(target, "it is a folder")
    if stat.S_ISLNK(mode):
        _refuse(target, "it is a symbolic link: a PDF replaces only an existing PDF file")
    if not stat.S_ISREG(mode):
        _refuse(target, "it is a device, a pipe or a socket, not a file")
    try:
        descriptor = os.open(target, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        try:
            first = os.read(descriptor, len(PDF_MAGIC))
        finally:
            os.close(descriptor)
    except OSError as error:
        _refuse(target, f"it cannot be read to check that it is a PDF ({_reason(error)})", error)
    if first != PDF_MAGIC:
        _refuse(target, "it is an existing file that is not a PDF: a PDF replaces only an existing PDF file")


def write_atomically(content: bytes, path: str | os.PathLike[str], protected: Iterable[str | os.PathLike[str]] = ()) -> Path:
    """Write ``content`` at ``path`` through a temporary file in the same folder, flushed to disk
    and renamed over ``path``; on failure nothing at ``path`` changes (:class:`SummaryWriteError`).
    ``protected`` adds files never to replace (a formulary in force named by the caller)."""
    target = Path(path)
    check_target(target, protected_paths(protected))
    folder = target.parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, suffix=TEMPORARY_SUFFIX, dir=folder)
    except OSError as error:
        _refuse(target, _reason(error), error)
    try:
        os.fchmod(handle, PDF_MODE)
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        _refuse(target, _reason(error), error)
    _sync_folder(folder)
    return target


def not_saved(target: Path, reason: str, cause: OSError | None = None) -> SummaryWriteError:
    """The refusal to the user, and its cause in the log. The path goes to the log only at debug
    level: a suggested file name carries the patient's identifier or name."""
    system = f" ({type(cause).__name__} errno {cause.errno}: {cause.strerror})" if cause is not None else ""
    logger.warning("PDF not saved: %s%s", reason, system)
    logger.debug("PDF not saved at %s", target)
    return SummaryWriteError(f"Cannot save the PDF at {printable(str(target))}: {reason}")


def _refuse(target: Path, reason: str, cause: OSError | None = None) -> NoReturn:
    raise not_saved(target, reason, cause) from cause


def _same_file(target: Path, other: Path) -> bool:
    try:
        return os.path.samefile(target, other)
    except OSError:
        return False


def _reason(error: OSError) -> str:
    """The cause in words: "the folder is read-only", "the disk is full", or the system's message."""
    words = {
        errno.EACCES: "permission denied (the folder is read-only or not yours)",
        errno.EPERM: "permission denied (the folder is read-only or not yours)",
        errno.EROFS: "the disk is read-only",
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is full",
        errno.ENOENT: "the folder does not exist",
        errno.ENOTDIR: "the folder does not exist",
    }
    return words.get(error.errno or 0, printable(error.strerror or str(error) or type(error).__name__))


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the system allows it (not on Windows)."""
    with contextlib.suppress(OSError, AttributeError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
