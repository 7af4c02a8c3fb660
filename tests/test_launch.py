"""`cc-dosecalc` with no display says so in one line; the subcommands never load Qt."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from cc_dosecalc.gui.display import display_problem


def _env_without_display() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}


def test_no_display_is_one_clear_line_and_no_qt_abort() -> None:
    done = subprocess.run([sys.executable, "-m", "cc_dosecalc"], env=_env_without_display(), capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1
    assert "no display" in lines[0] and "cc-dosecalc summary" in lines[0]


def test_display_problem_only_on_linux_without_any_display() -> None:
    assert display_problem({}, "linux") is not None
    assert display_problem({"DISPLAY": ":0"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({}, "win32") is None


@pytest.mark.parametrize("entry", ["cc_dosecalc.cli", "cc_dosecalc.start"])
def test_subcommands_never_import_qt(entry: str) -> None:
    """Through the command line itself or the `cc-dosecalc` entry that hands arguments to it."""
    code = (
        f"import sys; from {entry} import main; "
        "status = main(['calc', '--weight', '70', '--drug', 'diltiazem']); "
        "assert status == 0; assert not any(name.startswith('PySide6') for name in sys.modules), 'Qt loaded'"
    )
    done = subprocess.run([sys.executable, "-c", code], env=_env_without_display(), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "diltiazem" in done.stdout
