"""Which hospital history (PostgreSQL server) a workstation records in, if any, and its URL
with the password taken out for every message, log line and window.

The URL is a libpq connection URI (``postgresql://ccd@records.hospital/ccd``). It is chosen,
first found first:

1. the settings IT deploys for every user (read only; on Linux
   ``/etc/xdg/cc-dosecalc/cc-dosecalc.ini``, or ``site.ini`` in ``CC_DOSECALC_SETTINGS_DIR``),
   ``[history] server_url``;
2. the environment variable ``CC_DOSECALC_HISTORY_URL``;
3. the user's own settings (``~/.config/cc-dosecalc/cc-dosecalc.ini``), ``[history] server_url``.

None of them set (or set to nothing): the local SQLite history only. The settings files are
QSettings' INI files, read here without Qt (the command line never imports Qt).
"""

from __future__ import annotations

import configparser
import logging
import os
import re
import sys
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from cc_dosecalc.value_class import value_class

_log = logging.getLogger(__name__)

HISTORY_URL_ENV = "CC_DOSECALC_HISTORY_URL"
SETTINGS_DIR_ENV = "CC_DOSECALC_SETTINGS_DIR"  # as cc_dosecalc.gui.settings reads it
SETTINGS_KEY = ("history", "server_url")
# the workstations' role named in the grants --init-server prints
DEFAULT_ROLE = "cc_dosecalc_workstation"


@value_class
class ServerUrl:
    """The hospital history's URL and where it was set ("the site's settings"...)."""

    url: str
    origin: str

    @property
    def shown(self) -> str:
        """The URL as every message shows it: without its password."""
        return without_password(self.url)

    @property
    def password(self) -> str | None:
        return password_in(self.url)


def configured_url() -> ServerUrl | None:
    """The hospital history in force, or None for the local history only."""
    site_file, user_file = _settings_files()
    for origin, value in (
        (f"the site's settings ({site_file})", _setting(site_file)),
        (HISTORY_URL_ENV, os.environ.get(HISTORY_URL_ENV, "")),
        (f"the user's settings ({user_file})", _setting(user_file)),
    ):
        if value.strip():
            return ServerUrl(value.strip(), origin)
    return None


def _settings_files() -> tuple[Path, Path]:
    folder = os.environ.get(SETTINGS_DIR_ENV, "").strip()
    if folder:
        return Path(folder) / "site.ini", Path(folder) / "cc-dosecalc.ini"
    if sys.platform == "win32" or sys.platform == "darwin":  # QSettings keeps them elsewhere: the variable is used there
        return Path(os.devnull), Path(os.devnull)
    system = (os.environ.get("XDG_CONFIG_DIRS", "").split(":")[0] or "/etc/xdg").strip()
    user = os.environ.get("XDG_CONFIG_HOME", "").strip() or str(Path.home() / ".config")
    return Path(system) / "cc-dosecalc" / "cc-dosecalc.ini", Path(user) / "cc-dosecalc" / "cc-dosecalc.ini"


def _setting(path: Path) -> str:
    """``[history] server_url`` of a QSettings INI file ("" when absent or unreadable)."""
    if not path.is_file():
        return ""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except (OSError, UnicodeError, configparser.Error) as error:
        _log.warning("The settings file %s cannot be read: %s", path, type(error).__name__)
        return ""
    value = parser.get(*SETTINGS_KEY, fallback="").strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':  # QSettings quotes a value holding a comma or a semicolon
        value = value[1:-1]
    return value


def password_in(url: str) -> str | None:
    """The password the URL holds (in its user part or as ``?password=``), if any."""
    if "://" not in url:  # a key=value connection string
        found = re.search(r"\bpassword\s*=\s*('(?:[^'\\]|\\.)*'|\S+)", url)
        return found.group(1).strip("'") if found else None
    try:
        parts = urlsplit(url)
        password = parts.password
        query = dict(parse_qsl(parts.query))
    except ValueError:
        return None
    return password or query.get("password") or None


def without_password(url: str) -> str:
    """``url`` with its password removed (``postgresql://ccd:secret@host/db`` is
    ``postgresql://ccd@host/db``); a text that is not a URL is not shown at all."""
    try:
        parts = urlsplit(url)
        if parts.scheme not in ("postgresql", "postgres"):
            return "(a connection string that is not a postgresql:// URL)"
        netloc = parts.netloc
        if "@" in netloc:
            userinfo, _, hosts = netloc.rpartition("@")
            netloc = f"{userinfo.partition(':')[0]}@{hosts}"
        query = urlencode([(key, value) for key, value in parse_qsl(parts.query) if key != "password"])
        return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    except ValueError:
        return "(a URL that cannot be read)"


def scrubbed(text: str, url: str) -> str:
    """``text`` in one line, with the URL's password taken out wherever it appears."""
    line = " ".join(text.split())
    password = password_in(url)
    if password:
        line = line.replace(password, "***")
    return line
