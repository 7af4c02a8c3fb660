"""Where the files shipped with the application live."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resource_dir() -> Path:
    """The ``resources/`` folder: beside the package in a checkout, inside a frozen build."""
    override = os.environ.get("CC_DOSECALC_RESOURCES")
    if override:
        return Path(override)
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def builtin_formulary_path() -> Path:
    return resource_dir() / "formulary.toml"


def units_path() -> Path:
    return resource_dir() / "units.txt"
