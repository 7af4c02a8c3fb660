"""Helpers shared by the benchmarks: timing, subprocess start-up, table rows."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.formulary import load_formulary
from cc_dosecalc.parsing import AGE, CRCL, HEIGHT, WEIGHT, parse_measurement
from cc_dosecalc.paths import builtin_formulary_path
from cc_dosecalc.plan import Order, Patient
from cc_dosecalc.results import PlanResult

EXAMPLE_ORDERS = (Order("ivig", days=2), Order("diltiazem"), Order("colchicine"))


def example_patient() -> Patient:
    """The patient of the benchmarks and the README's pictures: a 52-year-old man, 220 lb, 175 cm."""
    return Patient(
        weight=parse_measurement("220 lb", WEIGHT),
        age=parse_measurement("52", AGE),
        height=parse_measurement("175", HEIGHT),
        sex="male",
        crcl=parse_measurement("55", CRCL),
        name="Alex Example",
        identifier="MRN 0042-7781",
    )


def example_plan() -> PlanResult:
    """IVIG on the adjusted weight over 2 days, diltiazem and colchicine (an interaction)."""
    return calculate_plan(load_formulary(builtin_formulary_path()), example_patient(), EXAMPLE_ORDERS)


@dataclass(frozen=True)
class Row:
    """One line of the table. ``goal`` is text such as "<= 1.5x" or "< 100 ms"; ``met`` None
    when the benchmark has no goal."""

    name: str
    measured: str
    baseline: str = ""
    ratio: float | None = None
    goal: str = ""
    met: bool | None = None

    def cells(self) -> tuple[str, str, str, str, str, str]:
        ratio = "" if self.ratio is None else f"{self.ratio:.2f}x"
        met = "" if self.met is None else ("yes" if self.met else "NO")
        return (self.name, self.measured, self.baseline, ratio, self.goal, met)


def per_call_seconds(function: Callable[[], object], repeat: int = 7, number: int | None = None) -> float:
    """Median seconds per call over ``repeat`` batches (batch size found automatically)."""
    if number is None:
        number = 1
        while True:
            start = time.perf_counter()
            for _ in range(number):
                function()
            if time.perf_counter() - start > 0.05:
                break
            number *= 4
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            function()
        samples.append((time.perf_counter() - start) / number)
    return statistics.median(samples)


def process_seconds(argv: Sequence[str], runs: int = 9, env: dict[str, str] | None = None) -> float:
    """Median wall-clock seconds for a command to run to completion (one warm-up run first)."""
    subprocess.run(argv, check=True, capture_output=True, env=env)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True, env=env)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def python() -> str:
    return sys.executable


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms" if seconds < 0.01 else f"{seconds * 1000:.1f} ms"
