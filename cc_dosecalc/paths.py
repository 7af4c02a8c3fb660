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


def icon_path(size: int | None = None) -> Path:
    """The application icon: the SVG source, or the PNG rendered at ``size`` pixels
    (16, 24, 32, 48, 64, 128, 256 or 512)."""
    icons = resource_dir() / "icons"
    return icons / ("cc-dosecalc.svg" if size is None else f"cc-dosecalc-{size}.png")


def build_info_path() -> Path:
    """Written by the packaged build only: what was built, and the formulary it was tested with."""
    return resource_dir() / "build-info.json"
