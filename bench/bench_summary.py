"""The time to produce the printed summary's PDF of a three-drug plan, in process."""

from __future__ import annotations

import os
import tempfile
from datetime import datetime
from pathlib import Path

from bench.common import Row, example_plan, ms, per_call_seconds
from cc_dosecalc.review import Review

GOAL_SECONDS = 0.100


def run() -> list[Row]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from cc_dosecalc.summary.document import build_summary
    from cc_dosecalc.summary.printing import ensure_gui_application, pdf_bytes, write_pdf

    ensure_gui_application()
    plan = example_plan()
    printed_at = datetime(2026, 3, 14, 9, 5)
    document = build_summary(plan, Review(), printed_at=printed_at)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "summary.pdf"
        whole = per_call_seconds(lambda: write_pdf(build_summary(plan, Review(), printed_at=printed_at), target), repeat=5, number=3)
    build = per_call_seconds(lambda: build_summary(plan, Review(), printed_at=printed_at))
    render = per_call_seconds(lambda: pdf_bytes(document), repeat=5, number=3)
    return [
        Row("summary: build the document (three-drug plan)", ms(build)),
        Row("summary: lay out and render the PDF pages", ms(render)),
        Row("summary PDF of a three-drug plan: build + render + atomic write", ms(whole), goal="< 100 ms", met=whole < GOAL_SECONDS),
    ]
