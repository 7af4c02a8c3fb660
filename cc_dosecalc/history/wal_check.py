"""A damaged write-ahead log, found and copied aside before SQLite reads it.

SQLite reads a WAL up to its first frame whose checksum fails and silently ignores the rest,
committed or not; when its last connection closes it checkpoints and deletes the WAL. So a
damaged WAL would lose committed records without a word, and leave nothing to examine.

Before the first connection of this process to a history, the -wal file is read here (plain
file reads: no SQLite connection of this process holds a lock that closing these files could
drop, see :mod:`cc_dosecalc.history.connection`). It is **damaged** when a frame of the current
log (the header's salts) fails its checksum and a later complete commit frame of the same log
follows: committed work after the bad frame would be lost. A torn tail (a write killed part
way, never reported committed) is not damage: nothing after it commits. Then the database and
its WAL are copied aside, as found, before SQLite opens them.

The format: https://www.sqlite.org/fileformat2.html#walformat
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import struct
import time
from pathlib import Path

from cc_dosecalc.history.damaged import aside_name
from cc_dosecalc.value_class import value_class

_log = logging.getLogger(__name__)

WAL_HEADER = 32
FRAME_HEADER = 24
MAGICS = (0x377F0682, 0x377F0683)  # little-endian and big-endian checksums


@value_class
class WalDamage:
    """Where the log first fails, and the frames it would silently lose."""

    frame: int
    lost_commits: int


def _checksum(data: bytes, big_endian: bool, s1: int, s2: int) -> tuple[int, int]:
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    mask = 0xFFFFFFFF
    for index in range(0, len(words), 2):
        s1 = (s1 + words[index] + s2) & mask
        s2 = (s2 + words[index + 1] + s1) & mask
    return s1, s2


def find_damage(wal: bytes) -> WalDamage | None:
    """The damage in a WAL's bytes, or None when every committed frame reads back."""
    if len(wal) < WAL_HEADER:
        return None
    magic, _version, page_size, _sequence, salt1, salt2, check1, check2 = struct.unpack(">8I", wal[:WAL_HEADER])
    if magic not in MAGICS:
        return None  # not a log SQLite would read either: nothing of it was ever committed
    big_endian = bool(magic & 1)
    if _checksum(wal[:24], big_endian, 0, 0) != (check1, check2):
        return None  # a header not yet (fully) written: SQLite starts the log afresh
    frame_size = FRAME_HEADER + page_size
    s1, s2 = check1, check2
    offset, frame, bad_at = WAL_HEADER, 0, 0
    lost = 0
    while offset + frame_size <= len(wal):
        header = wal[offset : offset + FRAME_HEADER]
        _page, commit_size, frame_salt1, frame_salt2, frame_check1, frame_check2 = struct.unpack(">6I", header)
        frame += 1
        if (frame_salt1, frame_salt2) != (salt1, salt2):
            break  # the end of the current log: what follows is left from an older one
        if bad_at:
            lost += commit_size != 0
        else:
            s1, s2 = _checksum(header[:8], big_endian, s1, s2)
            s1, s2 = _checksum(wal[offset + FRAME_HEADER : offset + frame_size], big_endian, s1, s2)
            if (s1, s2) != (frame_check1, frame_check2):
                bad_at = frame
        offset += frame_size
    return WalDamage(bad_at, lost) if bad_at and lost else None


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


# SQLite's unix VFS: every connection holds a shared lock on this byte of the -shm file
# (the "dead man switch") for as long as it has the database open
SHM_DMS_BYTE = 128


def in_use_elsewhere(path: Path) -> bool:
    """Whether another program has the database open now (its lock on the -shm file's dead
    man switch), asked without taking a lock (F_GETLK). Then its WAL is live, read by SQLite
    in that program already: not the log left by a crash that SQLite is about to recover.
    False when this cannot be told (the WAL is then checked)."""
    try:
        descriptor = os.open(f"{path}-shm", os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        request = struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, SHM_DMS_BYTE, 1, 0)
        answer = fcntl.fcntl(descriptor, fcntl.F_GETLK, request)
        return int(struct.unpack("hhqqi4x", answer)[0]) != fcntl.F_UNLCK
    except (OSError, struct.error):
        return False
    finally:
        os.close(descriptor)


def check_wal(path: Path) -> tuple[str, ...]:
    """Notices for the user when the WAL beside ``path`` is damaged, after the database and
    the WAL were copied aside as found; () when it reads back whole (or there is none).

    Checked when no program has the database open: the log then is one left by a program
    that ended without closing it, which SQLite recovers on opening (a 4 MB log takes this
    check about a second)."""
    wal_path = Path(f"{path}-wal")
    if not wal_path.exists() or in_use_elsewhere(path):
        return ()
    try:
        wal = wal_path.read_bytes()
    except FileNotFoundError:
        return ()
    except OSError as error:
        _log.warning("The history's write-ahead log %s could not be read to be checked", wal_path, exc_info=error)
        return ()
    damage = find_damage(wal)
    if damage is not None:
        # another program may be starting the log afresh as it is read: damage is damage
        # only when a second read a moment later finds it too, under the same header
        time.sleep(0.05)
        again = _read(wal_path)
        damage = damage if again[:WAL_HEADER] == wal[:WAL_HEADER] and find_damage(again) is not None else None
    if damage is None:
        return ()
    target = aside_name(path, "history-damaged-wal")
    try:
        shutil.copyfile(path, target)
        shutil.copyfile(wal_path, f"{target}-wal")
        os.chmod(target, 0o600)
        os.chmod(f"{target}-wal", 0o600)
    except OSError as error:
        _log.error("The damaged write-ahead log %s could not be copied aside to %s", wal_path, target, exc_info=error)
        return (
            f"The history's write-ahead log {wal_path} is damaged at frame {damage.frame} and could not be copied aside: "
            f"{damage.lost_commits} saved change(s) after it may be missing. Tell the records department.",
        )
    _log.warning("The history's write-ahead log %s is damaged at frame %d; copied aside to %s", wal_path, damage.frame, target)
    return (
        f"The history's write-ahead log {wal_path} is damaged at frame {damage.frame}: {damage.lost_commits} saved change(s) "
        f"after it cannot be read and may be missing from the history. The history and its log as found were kept as {target} "
        "(and -wal). Tell the records department.",
    )


def copy_beside_connection(path: Path) -> tuple[Path | None, list[int]]:
    """Copy the database and its WAL, as they are now, while this process's own connection
    to them is still open (and holds the write lock): before SQLite checkpoints the WAL into
    a damaged database on closing. Returns where the copy is (None when there is no WAL, or
    it failed) and the file descriptors read, which the caller closes only **after** closing
    its connection (closing them first would drop that connection's locks)."""
    wal_path = Path(f"{path}-wal")
    if not wal_path.is_file() or wal_path.stat().st_size == 0:
        return None, []
    target = aside_name(path, "history-corrupt-as-found")
    descriptors: list[int] = []
    try:
        for source, copy in ((path, target), (wal_path, Path(f"{target}-wal"))):
            descriptor = os.open(source, os.O_RDONLY | os.O_CLOEXEC)
            descriptors.append(descriptor)
            with open(os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600), "wb") as out:
                offset = 0
                while chunk := os.pread(descriptor, 1 << 20, offset):
                    out.write(chunk)
                    offset += len(chunk)
                out.flush()
                os.fsync(out.fileno())
    except OSError as error:
        _log.error("The damaged history %s could not be copied aside as found to %s", path, target, exc_info=error)
        return None, descriptors
    _log.warning("The damaged history %s and its write-ahead log were copied aside as found to %s", path, target)
    return target, descriptors
