"""Render page 1 of a realistic three-drug dosing summary to ``docs/summary-page.png``.

Usage: ``.venv/bin/python scripts/render_summary_page.py [OUT.png]`` (needs pdftoppm,
Debian ``poppler-utils``, which ``./dev test`` and ``./dev shots`` install).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import example_plan  # noqa: E402
from cc_dosecalc.review import Review, review_items  # noqa: E402
from cc_dosecalc.summary.document import SummaryDocument, build_summary  # noqa: E402
from cc_dosecalc.summary.printing import write_pdf  # noqa: E402

PRINTED_AT = datetime(2026, 3, 14, 9, 5)


def example_document() -> SummaryDocument:
    """The example plan with every warning acknowledged, as a nurse would print it."""
    plan = example_plan()
    review = Review()
    for item in review_items(plan):
        review = review.acknowledge(item.key)
    return build_summary(plan, review, printed_at=PRINTED_AT)


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "summary-page.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        pdf = write_pdf(example_document(), Path(folder) / "summary.pdf")
        stem = Path(folder) / "page"
        subprocess.run(["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)], check=True)
        out.write_bytes(stem.with_suffix(".png").read_bytes())
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
