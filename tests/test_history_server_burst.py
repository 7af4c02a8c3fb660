"""Many workstations at once on a real PostgreSQL server, and the server stopped in the middle
of a burst of summaries: nothing lost, nothing twice."""

from __future__ import annotations

import subprocess
import sys
import threading

from tests.server_helpers import ROOT, cli, server_rows, set_up_server

# one program recording summaries one after another, as a workstation does
RECORDER = """
import sys
from cc_dosecalc.app.records import Records
from cc_dosecalc.formulary import load_formulary
from cc_dosecalc.history.server_url import ServerUrl
from cc_dosecalc.paths import builtin_formulary_path
from cc_dosecalc.review import Review
from tests.test_history import a_plan

url, folder, worker, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
formulary = load_formulary(builtin_formulary_path())
with Records(folder, server=ServerUrl(url, "test")) as records:
    for n in range(count):
        records.add(a_plan(formulary, name=f"Worker {worker} summary {n}"), Review(), "printed", "print")
"""


def test_eight_programs_of_a_hundred_summaries_at_once_make_exactly_800_rows(postgres, tmp_path):
    url, database = set_up_server(postgres, tmp_path / "setup")
    folder = tmp_path / "data"  # one workstation's history, shared by the eight: each may send the others' kept summaries
    programs = [
        subprocess.Popen([sys.executable, "-c", RECORDER, url, str(folder), str(worker), "100"], cwd=ROOT, stderr=subprocess.PIPE, text=True)
        for worker in range(8)
    ]
    for program in programs:
        _, errors = program.communicate(timeout=600)
        assert program.returncode == 0, errors
    rows = server_rows(postgres, database, "SELECT count(*), count(DISTINCT record_uuid), count(DISTINCT patient_name) FROM cc_dosecalc.records")
    assert rows == [(800, 800, 800)]


def test_the_server_stopped_mid_burst_then_started_loses_no_summary_and_holds_none_twice(postgres, tmp_path):
    url, database = set_up_server(postgres, tmp_path / "setup")
    env = {"CC_DOSECALC_HISTORY_URL": url, "CC_DOSECALC_DATA_DIR": str(tmp_path / "data")}
    results: dict[str, subprocess.CompletedProcess[str]] = {}
    done_count = threading.Semaphore(0)

    def workstation(worker: int) -> None:
        for n in range(8):
            name = f"Burst {worker}-{n}"
            results[name] = cli("summary", "--weight", "70", "--drug", "diltiazem", "--name", name, "--pdf", str(tmp_path / f"{worker}-{n}.pdf"), env=env)
            done_count.release()

    threads = [threading.Thread(target=workstation, args=(worker,)) for worker in range(2)]
    for thread in threads:
        thread.start()
    for _ in range(4):
        done_count.acquire(timeout=300)
    postgres.stop()
    for _ in range(6):
        done_count.acquire(timeout=300)
    postgres.start()
    for thread in threads:
        thread.join(600)
    exited_0 = sorted(name for name, result in results.items() if result.returncode == 0)
    kept = [name for name, result in results.items() if "NOT yet in the hospital's history" in result.stderr]
    assert len(results) == 16 and len(exited_0) == 16
    assert kept, "no summary was printed while the server was stopped"
    synced = cli("history", "--sync", env=env)
    assert synced.returncode == 0, synced.stderr
    assert synced.stdout.endswith("0 still kept on this workstation.\n")
    on_server = server_rows(postgres, database, "SELECT patient_name, count(*) FROM cc_dosecalc.records GROUP BY patient_name ORDER BY 1")
    assert on_server == [(name, 1) for name in exited_0]
