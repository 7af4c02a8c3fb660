"""8 programs x 50 summaries started together on one new data folder, some killed (SIGKILL)
in the middle of their writes: every summary whose command exited 0 is in the history, and
the history passes SQLite's integrity check (issue 12)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from cc_dosecalc.history import HistoryStore

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = 8
SUMMARIES = 50
KILLED = (1, 4, 6)  # these programs are killed, each after its KILL_AFTER-th summary
KILL_AFTER = {1: 3, 4: 17, 6: 31}

# one program: waits for the start, then runs `cc-dosecalc summary` SUMMARIES times (the
# command line's own entry point, in this process), saying each command's exit status
PROGRAM = """
import sys, time
from pathlib import Path
from cc_dosecalc.cli import main
folder, program, count, go = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
print("ready", flush=True)
while not go.exists():
    time.sleep(0.001)
for index in range(count):
    pdf = folder / f"p{program}-{index}.pdf"
    code = main(["summary", "--weight", "70", "--age", "40", "--drug", "diltiazem", "--name", f"P{program} S{index}", "--pdf", str(pdf)])
    print("summary", index, code, flush=True)
"""


@pytest.mark.slow  # about 90 s on 2 cores: 400 summaries, each a PDF and a record written to disk
def test_programs_killed_mid_write_lose_no_summary_that_exited_0(tmp_path):
    go = tmp_path / "go"
    data = tmp_path / "data"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CC_DOSECALC_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen"}
    programs = [
        subprocess.Popen(
            [sys.executable, "-c", PROGRAM, str(tmp_path), str(number), str(SUMMARIES), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            cwd=tmp_path,
            env=env,
        )
        for number in range(PROGRAMS)
    ]
    for program in programs:
        assert program.stdout is not None and program.stdout.readline() == "ready\n"
    go.touch()
    exited_0: set[str] = set()
    for number, program in enumerate(programs):
        assert program.stdout is not None
        if number in KILLED:
            done = 0
            while done < KILL_AFTER[number]:
                line = program.stdout.readline()
                assert line, f"program {number} stopped early"
                if line.startswith("summary "):
                    _, index, code = line.split()
                    done += 1
                    if code == "0":
                        exited_0.add(f"P{number} S{index}")
            program.send_signal(signal.SIGKILL)  # in the middle of its next summary
    for number, program in enumerate(programs):
        assert program.stdout is not None
        for line in program.stdout.read().splitlines():
            if not line.startswith("summary "):
                continue  # the PDF's path, as the command prints it
            _, index, code = line.split()
            if code == "0":
                exited_0.add(f"P{number} S{index}")
        program.wait(timeout=300)
        assert program.returncode == (-signal.SIGKILL if number in KILLED else 0)
    store, notices = HistoryStore.open(data)
    assert notices == ()
    recorded = [record.patient_name for record in store.list(limit=None)]  # every record, not the first page
    assert exited_0 <= set(recorded)
    assert len(recorded) == len(set(recorded))  # no summary recorded twice
    # the programs not killed ran all their summaries
    assert len(exited_0) >= (PROGRAMS - len(KILLED)) * SUMMARIES + sum(KILL_AFTER.values()) - len(KILLED)
    assert store._connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    store.close()
