"""Helpers shared by the benchmarks: timing, subprocess start-up, table rows."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


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
