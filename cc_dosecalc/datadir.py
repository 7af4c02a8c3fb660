"""Where the program keeps its data (the history of printed summaries).

``CC_DOSECALC_DATA_DIR`` overrides the folder (the tests use it). Otherwise it is the
platform's per-user application data folder:

- Linux and other Unix: ``$XDG_DATA_HOME/cc-dosecalc``, else ``~/.local/share/cc-dosecalc``
- Windows: ``%LOCALAPPDATA%\\cc-dosecalc`` (local, not roaming: a database must not be
  copied about by profile synchronisation while it is open)
- macOS: ``~/Library/Application Support/cc-dosecalc``

Qt-free on purpose: the command line must not import Qt.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "cc-dosecalc"
DATA_DIR_ENV = "CC_DOSECALC_DATA_DIR"


def data_dir() -> Path:
    """The data folder (not created here)."""
    override = os.environ.get(DATA_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / APP_DIR_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_DIR_NAME
    xdg = os.environ.get("XDG_DATA_HOME", "").strip()
    base_dir = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base_dir / APP_DIR_NAME


def ensure_private_dir(folder: Path) -> None:
    """Create ``folder`` (and its parents) if needed; a folder created here is owner-only (0700)."""
    if folder.is_dir():
        return
    folder.parent.mkdir(parents=True, exist_ok=True)
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        if not folder.is_dir():
            raise
        return
    os.chmod(folder, 0o700)  # mkdir's mode is reduced by the umask; make sure
