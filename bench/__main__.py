"""``./dev bench``: run every benchmark module and print one table.

Each ``bench/bench_*.py`` exposes ``run() -> list[Row]``. Ratios are measured against a
baseline in the same run, so the table compares like with like on whatever machine runs it.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
from pathlib import Path

from bench.common import Row


def main() -> int:
    only = sys.argv[1:]
    # one QApplication for every benchmark in this process (the summary's renderer would
    # otherwise make a QGuiApplication, and the window could not have its QApplication after it)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from cc_dosecalc.gui.app import application

    application()
    rows: list[Row] = []
    folder = Path(__file__).parent
    for module in sorted(info.name for info in pkgutil.iter_modules([str(folder)]) if info.name.startswith("bench_")):
        if only and not any(name in module for name in only):
            continue
        rows.extend(importlib.import_module(f"bench.{module}").run())
    print(render(rows))
    return 0


def render(rows: list[Row]) -> str:
    header = ("benchmark", "measured", "baseline", "ratio", "goal", "met")
    lines = [header] + [row.cells() for row in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = ["| " + " | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) + " |" for line in lines]
    out.insert(1, "|" + "|".join("-" * (width + 2) for width in widths) + "|")
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
