"""The hostile corpus's site files: how long loading (and refusing) all of them takes in one
process, and the worst ones' time and peak memory each in a fresh process. A site file at the
nesting limit must be refused in under 1 s and under 100 MB (issue 12)."""

from __future__ import annotations

import json
import subprocess
import tempfile
import time
from pathlib import Path

from bench.common import Row, ms, python
from cc_dosecalc.active_formulary import load_active_formulary
from cc_dosecalc.formulary.nesting import MAX_KEYS, MAX_NESTING
from tests import hostile_corpus as corpus

HEADER = '[formulary]\nname = "Bench site"\nversion = "b1"\n[sources]\nsite-ptc = "Bench"\n'
REGIMEN = """
[[drug]]
id = "minocycline"
[[drug.regimen]]
id = "minocycline-site"
label = "oral, site"
route = "oral"
basis = "fixed"
dose_low = VALUE
dose_high = 100
dose_unit = "mg"
period = "day"
source = "site-ptc"
"""
LOOK_ALIKE = """
[[drug]]
id = "ID"
name = "NAME"
class = "Bench"
source = "site-ptc"
[[drug.regimen]]
id = "ID-oral"
label = "oral"
route = "oral"
basis = "fixed"
dose_low = 1
dose_high = 1
dose_unit = "mg"
period = "day"
source = "site-ptc"
"""

CHILD = """
import json, resource, sys, time
start = time.perf_counter()
from cc_dosecalc.active_formulary import load_active_formulary
imported = time.perf_counter()
active = load_active_formulary(sys.argv[1])
done = time.perf_counter()
print(json.dumps({"seconds": done - imported, "refused": active.site_refused, "notice": active.notices[0] if active.notices else "",
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

ONE_MB = 1_000_000


def corpus_files() -> list[tuple[str, str]]:
    files = [(f"nested: {name}", HEADER + text) for name, text in corpus.SITE_DEEP_TEXTS]
    for drug, name, _field in corpus.SITE_LOOK_ALIKE_DRUGS:
        files.append((f"look-alike: {name}", HEADER + LOOK_ALIKE.replace("ID", drug).replace("NAME", name)))
    files += [(f"dose_low = {literal[:20]}", HEADER + REGIMEN.replace("VALUE", literal)) for literal in corpus.NUMBER_LITERALS]
    return files


def worst_files() -> list[tuple[str, str]]:
    deep_line = "a" + ".a" * MAX_NESTING + " = 1\n"
    at_limit_line = "a" + ".a" * (MAX_NESTING - 1)
    return [
        ("1 MB, nested one past the limit", HEADER + (deep_line * (ONE_MB // len(deep_line)))[: ONE_MB - len(HEADER)]),
        ("the issue's 40 KB of deep dotted keys", HEADER + ("a" + ".a" * 2000 + " = 1\n") * 10),
        ("80 KB of deep dotted keys", HEADER + ("a" + ".a" * 2000 + " = 1\n") * 20),
        (
            f"1 MB at the limit ({MAX_NESTING} levels) past {MAX_KEYS:,} keys",
            HEADER + "".join(f"{at_limit_line}{index} = 1\n" for index in range(ONE_MB // 30))[: ONE_MB - len(HEADER)],
        ),
        (
            f"{MAX_KEYS:,} keys at the limit ({MAX_NESTING} levels), read by tomllib",
            HEADER + "".join(f"x{index}" + ".a" * (MAX_NESTING - 2) + " = 1\n" for index in range(MAX_KEYS - 10)),
        ),
        ("1 MB of brackets", HEADER + "x = " + "[" * (ONE_MB // 2 - 100) + "]" * (ONE_MB // 2 - 100) + "\n"),
    ]


def measure_in_process(files: list[tuple[str, str]], folder: Path) -> tuple[float, str, float]:
    total, worst, worst_name = 0.0, 0.0, ""
    for index, (name, text) in enumerate(files):
        path = folder / f"corpus-{index}.toml"
        path.write_text(text, encoding="utf-8")
        start = time.perf_counter()
        load_active_formulary(path)
        elapsed = time.perf_counter() - start
        total += elapsed
        if elapsed > worst:
            worst, worst_name = elapsed, name
    return total, worst_name, worst


def measure_child(path: Path) -> dict[str, object]:
    done = subprocess.run([python(), "-c", CHILD, str(path)], capture_output=True, text=True, check=True, timeout=600)
    result: dict[str, object] = json.loads(done.stdout)
    return result


def run() -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        files = corpus_files()
        total, worst_name, worst = measure_in_process(files, folder)
        rows.append(Row(f"hostile corpus: {len(files)} site files loaded or refused, in one process", ms(total)))
        rows.append(Row(f"hostile corpus: its slowest ({worst_name})", ms(worst)))
        baseline_path = folder / "baseline.toml"
        baseline_path.write_text(HEADER, encoding="utf-8")
        baseline = measure_child(baseline_path)
        for index, (case, text) in enumerate(worst_files()):
            path = folder / f"worst-{index}.toml"
            path.write_text(text, encoding="utf-8")
            result = measure_child(path)
            seconds, peak = float(result["seconds"]), float(result["peak_mb"])  # type: ignore[arg-type]
            refused = "refused" if result["refused"] else "accepted"
            rows.append(
                Row(
                    f"site file, {case} ({len(text) / 1000:,.0f} KB): {refused}, fresh process",
                    f"{ms(seconds)}, peak {peak:.0f} MB",
                    f"{ms(float(baseline['seconds']))}, peak {float(baseline['peak_mb']):.0f} MB",  # type: ignore[arg-type]
                    goal="< 1 s, < 100 MB",
                    met=seconds < 1.0 and peak < 100,
                )
            )
    return rows
