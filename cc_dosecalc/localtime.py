"""The local time zone, checked before any time is printed or recorded. Qt-free.

A summary prints the time it was made with its zone ("14 March 2026, 09:05 CET"). A ``TZ`` the
system cannot use is not guessed at: ``TZ=UTC+25`` (an offset of a day or more) makes Python
fail, and an unknown name such as ``TZ=Nowhere/Garbage`` makes the C library use UTC under that
name, which would print "09:05 Nowhere". In both cases the program works in UTC, says so in one
line, and every time it prints or records says "UTC".
"""

from __future__ import annotations

import logging
import os
import re
import time
import zoneinfo
from datetime import datetime
from pathlib import Path

from cc_dosecalc.parsing import printable

logger = logging.getLogger(__name__)

# POSIX: std offset [dst [offset] [,start[/time],end[/time]]], e.g. "EST5EDT,M3.2.0,M11.1.0", "<+03>-3"
_NAME = r"(?:[A-Za-z]{3,}|<[A-Za-z0-9+-]{3,}>)"
_OFFSET = r"[+-]?[0-9]{1,2}(?::[0-9]{1,2}){0,2}"
_RULE = r"(?:J?[0-9]{1,3}|M[0-9]{1,2}\.[0-9]\.[0-9])(?:/[+-]?[0-9]{1,3}(?::[0-9]{1,2}){0,2})?"
_POSIX_TZ = re.compile(rf"{_NAME}{_OFFSET}(?:{_NAME}(?:{_OFFSET})?(?:,{_RULE},{_RULE})?)?", re.ASCII)


def zone_problem() -> str | None:
    """Why this process's ``TZ`` cannot be used, or None when it can (or is not set)."""
    tz = os.environ.get("TZ")
    if not tz:
        return None  # the system's own zone (/etc/localtime); without one the C library uses UTC
    name = tz.removeprefix(":")
    if not _known_zone(name) and not _POSIX_TZ.fullmatch(name):
        return "not a time zone this computer knows"
    try:
        datetime.now().astimezone()
    except (ValueError, OverflowError):
        return "its offset from UTC is a day or more"
    return None


def _known_zone(name: str) -> bool:
    try:
        if os.path.isabs(name):
            with Path(name).open("rb") as file:
                zoneinfo.ZoneInfo.from_file(file)
        else:
            zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def settle_time_zone() -> str | None:
    """Check ``TZ``; when it cannot be used, switch this process to UTC and return the one-line
    notice that says so (None when the zone is fine)."""
    problem = zone_problem()
    if problem is None:
        return None
    notice = f"the time zone TZ='{printable(os.environ['TZ'], 40)}' cannot be used ({problem}): times are printed and recorded in UTC"
    os.environ["TZ"] = "UTC"
    if hasattr(time, "tzset"):  # not on Windows, whose C library reads TZ differently
        time.tzset()
    logger.info(notice)
    return notice
