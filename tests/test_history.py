"""The history of printed summaries: a local SQLite database that loses nothing."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from cc_dosecalc import __version__
from cc_dosecalc.app.records import reopen
from cc_dosecalc.datadir import DATA_DIR_ENV, data_dir
from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.history import DB_NAME, SCHEMA_VERSION, HistoryError, HistoryStore
from cc_dosecalc.parsing import InputError
from cc_dosecalc.plan import Order, WeightSource
from cc_dosecalc.report import plan_text
from cc_dosecalc.review import Review, review_items
from cc_dosecalc.serialize import inputs_from_dict, inputs_to_dict, plan_to_dict
from tests.conftest import make_patient, ordered

ROOT = Path(__file__).resolve().parent.parent


def a_plan(formulary, name: str = "Ann Example", identifier: str = "MRN 0001"):  # type: ignore[no-untyped-def]
    patient = replace(make_patient("154 lb", age="70", height="175", sex="male", crcl="25"), name=name, identifier=identifier)
    orders = [Order("diltiazem", ordered=ordered("600 mg"), frequency="once daily", form="extended-release"), Order("colchicine"), Order("ivig", days=3)]
    return calculate_plan(formulary, patient, orders)


def a_day_later(path: Path) -> None:
    """As if the history's last quick check were two days old (it runs at most once a day)."""
    connection = sqlite3.connect(path)
    connection.execute("UPDATE checked SET quick_check_utc = '2000-01-01T00:00:00+00:00'")
    connection.commit()
    connection.close()


def reviewed(plan):  # type: ignore[no-untyped-def]
    review = Review()
    for item in review_items(plan):
        if item.level == "stop":
            review = review.override(item.key, "Prescriber confirmed by phone", "Dr A. Lee")
        else:
            review = review.acknowledge(item.key)
    return review


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    opened, notices = HistoryStore.open(tmp_path / "data")
    assert notices == ()
    yield opened
    opened.close()


def test_a_record_keeps_what_was_printed_and_can_be_run_again(formulary, store):
    plan = a_plan(formulary)
    review = reviewed(plan)
    record_id = store.add(plan, review, plan_text(plan), "print")
    record = store.get(record_id)
    assert record.summary.how == "print"
    assert (record.summary.patient_name, record.summary.patient_identifier) == ("Ann Example", "MRN 0001")
    assert record.summary.drugs == "diltiazem, colchicine, immune globulin (IVIG)"
    assert record.summary.status == "Checked: ready for ordering"
    assert record.summary.created_utc.endswith("Z")
    assert record.printed_text == plan_text(plan)
    assert record.plan == json.loads(json.dumps(plan_to_dict(plan)))
    assert record.patient == plan.patient
    # the regimen and the number of days are pinned to the ones printed
    assert [(order.drug_id, order.regimen_id, order.days) for order in record.orders] == [
        ("diltiazem", "diltiazem-oral", None),
        ("colchicine", "colchicine-oral", None),
        ("ivig", "ivig-iv", 3),
    ]
    assert record.orders[0].ordered == ordered("600 mg")
    assert record.review == review
    overrides = [entry for entry in record.review_entries if entry.state == "overridden"]
    assert overrides and all(entry.reason == "Prescriber confirmed by phone" for entry in overrides)
    assert {entry.state for entry in record.review_entries} == {"overridden", "acknowledged"}
    assert record.formulary["kind"] == "built-in"
    assert record.summary.formulary_sha256 == formulary.sha256
    assert record.app_version == __version__
    reopened = reopen(record, formulary)
    assert reopened.differences == ()
    assert reopened.plan is not None and plan_text(reopened.plan) == record.printed_text


def test_list_and_search(formulary, store):
    for name, identifier in (("Ann Example", "MRN 0001"), ("Bob O'Test", "MRN 0002"), ("Cé 100%_x", "MRN 0003")):
        store.add(a_plan(formulary, name, identifier), Review(), "text", "print")
    assert [record.patient_name for record in store.list()] == ["Cé 100%_x", "Bob O'Test", "Ann Example"]
    assert [record.patient_identifier for record in store.list("mrn 0002")] == ["MRN 0002"]
    assert [record.patient_name for record in store.list("100%")] == ["Cé 100%_x"]
    # % and _ are plain characters, not wildcards
    assert [record.patient_name for record in store.list("%")] == ["Cé 100%_x"]
    assert [record.patient_name for record in store.list("_")] == ["Cé 100%_x"]
    assert len(store.list("ivig")) == 3
    assert store.list("nobody") == []
    assert len(store.list(limit=2)) == 2
    with pytest.raises(InputError, match="Search: must not hold control characters"):
        store.list("a\x00b")


def test_records_are_never_changed_or_deleted(formulary, store):
    record_id = store.add(a_plan(formulary), Review(), "text", "print")
    connection = sqlite3.connect(store.path)
    with pytest.raises(sqlite3.IntegrityError, match="never changed"):
        connection.execute("UPDATE records SET printed_text = 'x' WHERE id = ?", (record_id,))
    with pytest.raises(sqlite3.IntegrityError, match="never deleted"):
        connection.execute("DELETE FROM records")
    connection.close()
    assert store.get(record_id).printed_text == "text"


def test_the_database_is_in_wal_mode_owner_only_and_in_an_owner_only_folder(formulary, tmp_path):
    folder = tmp_path / "new" / "cc-dosecalc"
    store, _ = HistoryStore.open(folder)
    store.add(a_plan(formulary), Review(), "text", "print")
    assert store.path == folder / DB_NAME
    assert sqlite3.connect(store.path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for suffix in ("", "-wal", "-shm"):
        assert stat.S_IMODE(Path(f"{store.path}{suffix}").stat().st_mode) == 0o600, suffix
    store.close()


def test_a_database_readable_by_others_is_made_owner_only(tmp_path):
    HistoryStore.open(tmp_path)[0].close()
    os.chmod(tmp_path / DB_NAME, 0o644)
    HistoryStore.open(tmp_path)[0].close()
    assert stat.S_IMODE((tmp_path / DB_NAME).stat().st_mode) == 0o600


def test_the_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "here"))
    assert data_dir() == tmp_path / "here"
    monkeypatch.delenv(DATA_DIR_ENV)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert data_dir() == tmp_path / "xdg" / "cc-dosecalc"
        monkeypatch.delenv("XDG_DATA_HOME")
        assert data_dir() == Path.home() / ".local" / "share" / "cc-dosecalc"


# ---------------------------------------------------------------------------------------
# Schema versions
# ---------------------------------------------------------------------------------------

V1_SCHEMA = """CREATE TABLE records (
    id INTEGER PRIMARY KEY AUTOINCREMENT, created_utc TEXT NOT NULL, created_local TEXT NOT NULL, how TEXT NOT NULL,
    patient_name TEXT NOT NULL, patient_identifier TEXT NOT NULL, inputs_json TEXT NOT NULL, plan_json TEXT NOT NULL,
    printed_text TEXT NOT NULL, review_json TEXT NOT NULL, formulary_kind TEXT NOT NULL, formulary_version TEXT NOT NULL,
    formulary_sha256 TEXT NOT NULL, formulary_json TEXT NOT NULL, app_version TEXT NOT NULL, os_user TEXT NOT NULL,
    host TEXT NOT NULL)"""


def test_a_version_1_database_is_migrated_and_keeps_its_records(formulary, tmp_path):
    plan = a_plan(formulary)
    connection = sqlite3.connect(tmp_path / DB_NAME)
    connection.execute(V1_SCHEMA)
    connection.execute(
        "INSERT INTO records VALUES (7, '2026-01-02T03:04:05Z', '2026-01-02 03:04:05 UTC', 'print', 'Old Patient', 'MRN 9', ?, ?, "
        "'old text', ?, 'built-in', '2025.1.0', 'abc', '{}', '0.0.1', 'nurse', 'ward-pc')",
        (
            json.dumps(inputs_to_dict(plan.patient, [Order("diltiazem")])),
            json.dumps(plan_to_dict(plan)),
            json.dumps({"status": "Checked: ready for ordering"}),
        ),
    )
    connection.execute("PRAGMA user_version = 1")
    connection.commit()
    connection.close()
    store, notices = HistoryStore.open(tmp_path)
    assert notices == ()
    assert store.schema_version() == SCHEMA_VERSION == 4
    (old,) = store.list()
    assert (old.id, old.patient_name, old.drugs, old.status) == (
        7,
        "Old Patient",
        "diltiazem, colchicine, immune globulin (IVIG)",
        "Checked: ready for ordering",
    )
    assert store.get(7).printed_text == "old text"
    assert store.add(plan, Review(), "new", "print") == 8
    store.close()


def test_a_database_from_a_newer_program_is_left_alone(tmp_path):
    connection = sqlite3.connect(tmp_path / DB_NAME)
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    with pytest.raises(HistoryError, match="written by a newer cc-dosecalc"):
        HistoryStore.open(tmp_path)
    assert (tmp_path / DB_NAME).exists()
    assert not list(tmp_path.glob("history-corrupt-*"))


# ---------------------------------------------------------------------------------------
# Faults
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["garbage", "damaged pages"])
def test_a_corrupt_database_is_moved_aside_and_a_new_one_started(formulary, tmp_path, damage):
    path = tmp_path / DB_NAME
    if damage == "garbage":
        path.write_bytes(b"this is not a database, it is a shopping list\n" * 200)
    else:
        store, _ = HistoryStore.open(tmp_path)
        for _ in range(30):
            store.add(a_plan(formulary), Review(), "x" * 3000, "print")
        store.close()
        a_day_later(path)
        data = bytearray(path.read_bytes())
        data[4096 * 2 : 4096 * 6] = b"\xff" * (4096 * 4)
        path.write_bytes(bytes(data))
    damaged = path.read_bytes()
    store, notices = HistoryStore.open(tmp_path)
    (kept,) = tmp_path.glob("history-corrupt-*.sqlite3")
    assert kept.read_bytes() == damaged
    (notice,) = notices
    assert notice.startswith(f"The history database {path} could not be read (")
    assert f"It was kept as {kept} and a new, empty history was started." in notice
    assert store.list() == []
    assert store.add(a_plan(formulary), Review(), "text", "print") == 1
    store.close()


def _make_unwritable(folder: Path) -> None:
    if os.geteuid() != 0:
        os.chmod(folder, 0o555)
        return
    # root ignores permissions; the immutable attribute stops it from creating files there
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("running as root on a file system without the immutable attribute: cannot make a folder unwritable")


def _make_writable(folder: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(folder)], capture_output=True)
    else:
        os.chmod(folder, 0o755)


def test_a_read_only_folder_gives_a_clear_one_line_error(formulary, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    HistoryStore.open(folder)[0].close()  # a history from before the disk turned read-only
    _make_unwritable(folder)
    try:
        with pytest.raises(HistoryError) as raised:
            HistoryStore.open(folder)
        assert str(raised.value) == (
            f"The history database {folder / DB_NAME} cannot be opened: the disk or folder cannot be written (read-only or no permission)."
        )
        with pytest.raises(HistoryError, match="cannot be created"):
            HistoryStore.open(folder / "sub")
        done = subprocess.run(
            [sys.executable, "-m", "cc_dosecalc", "history"],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, DATA_DIR_ENV: str(folder)},
        )
        assert (done.returncode, done.stdout) == (1, "")
        assert done.stderr.splitlines() == [f"cc-dosecalc: {raised.value}"]
    finally:
        _make_writable(folder)


def test_a_full_disk_gives_a_clear_error_and_writes_nothing(formulary, store):
    store.add(a_plan(formulary), Review(), "first", "print")
    pages = store._connection.execute("PRAGMA page_count").fetchone()[0]
    store._connection.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "disk full"
    with pytest.raises(HistoryError) as raised:
        store.add(a_plan(formulary), Review(), "x" * 100_000, "print")
    assert str(raised.value) == f"The summary was not recorded in the history: the disk is full ({store.path})."
    assert [record.printed_text for record in (store.get(r.id) for r in store.list())] == ["first"]


def test_a_read_only_database_gives_a_clear_error(formulary, store):
    store._connection.execute("PRAGMA query_only = 1")  # SQLite's own "read-only database"
    with pytest.raises(HistoryError, match=r"^The summary was not recorded in the history: the disk or folder cannot be written"):
        store.add(a_plan(formulary), Review(), "text", "print")


CHILD = """
import sys
from cc_dosecalc.formulary import load_formulary
from cc_dosecalc.paths import builtin_formulary_path
from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.history import HistoryStore
from cc_dosecalc.parsing import WEIGHT, parse_measurement
from cc_dosecalc.plan import Order, Patient
from cc_dosecalc.report import plan_text
from cc_dosecalc.review import Review

formulary = load_formulary(builtin_formulary_path())
plan = calculate_plan(formulary, Patient(parse_measurement("70", WEIGHT), name="Burst"), [Order("diltiazem"), Order("ivig")])
text = plan_text(plan)
store, _ = HistoryStore.open(sys.argv[1])
while True:
    record_id = store.add(plan, Review(), text, "print")
    print(record_id, flush=True)
"""


def test_a_process_killed_mid_burst_loses_no_record_it_reported_saved(tmp_path):
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stdout is not None
    reported = []
    try:
        while len(reported) < 40:
            line = child.stdout.readline()
            assert line, "the child stopped writing"
            reported.append(int(line))
    finally:
        child.kill()  # SIGKILL, in the middle of the burst
        child.wait(timeout=30)
    reported += [int(line) for line in child.stdout.read().split()]
    assert child.returncode == -9
    store, notices = HistoryStore.open(tmp_path)
    assert notices == ()
    saved = {record.id for record in store.list()}
    assert set(reported) <= saved
    assert store._connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    store.close()


# ---------------------------------------------------------------------------------------
# Inputs as stored
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "patient",
    [
        make_patient("70"),
        make_patient("154 lb", age="18 months", height="69 in", sex="female", crcl="55", source=WeightSource.ESTIMATED),
        replace(make_patient("3500 g", age="20 days", height=None), name="Baby Ö", identifier="NHS 943 476 5919"),
    ],
)
def test_inputs_round_trip(patient):
    orders = (Order("ivig", "ivig-iv", 5, ordered("140 g"), "adjusted", "once daily"), Order("diltiazem"))
    data = json.loads(json.dumps(inputs_to_dict(patient, orders)))
    assert inputs_from_dict(data) == (patient, orders)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data["patient"].update(weight={"value": "70", "unit": "kg"}),
        lambda data: data["patient"].update(weight={"value": 70, "unit": "stone"}),
        lambda data: data["patient"].update(weight={"value": 4000, "unit": "kg"}),
        lambda data: data["patient"].update(weight={"value": float("nan"), "unit": "kg"}),
        lambda data: data["patient"].update(sex="other"),
        lambda data: data["orders"][0].update(dosing_weight="heaviest"),
        lambda data: data["orders"][0].update(days=True),
        lambda data: data.update(orders="diltiazem"),
    ],
)
def test_damaged_stored_inputs_are_refused(damage):
    data = inputs_to_dict(make_patient("70"), [Order("diltiazem")])
    damage(data)
    with pytest.raises(InputError):
        inputs_from_dict(data)


def test_the_history_command(formulary, tmp_path):
    store, _ = HistoryStore.open(tmp_path)
    first = store.add(a_plan(formulary, "Ann Example", "MRN 1"), Review(), "text", "print")
    store.add(a_plan(formulary, "Bob Test", "MRN 2"), Review(), "text", "cli-pdf")
    store.close()
    env = {**os.environ, DATA_DIR_ENV: str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "cc_dosecalc", "history", "--json", "--search", "ann"], capture_output=True, text=True, timeout=60, env=env
    )
    assert (done.returncode, done.stderr) == (0, "")
    result = json.loads(done.stdout)
    assert result["database"] == str(tmp_path / DB_NAME)
    (record,) = result["records"]
    assert (record["id"], record["patient_name"], record["how"], record["formulary_kind"]) == (first, "Ann Example", "print", "built-in")
    done = subprocess.run([sys.executable, "-m", "cc_dosecalc", "history"], capture_output=True, text=True, timeout=60, env=env)
    lines = done.stdout.splitlines()
    assert lines[0] == f"History: {tmp_path / DB_NAME}: 2 record(s)"
    assert "cli-pdf  Bob Test (MRN 2)  diltiazem, colchicine, immune globulin (IVIG)  formulary 2026.11.0 (built-in)" in lines[1]
    assert lines[2].lstrip().startswith(f"{first}  ")


def test_only_the_acknowledgements_of_the_printed_plan_are_recorded(formulary, store):
    plan = a_plan(formulary)
    review = reviewed(plan).acknowledge("order0:diltiazem|diltiazem-above-usual-max|an earlier wording, since changed")
    record = store.get(store.add(plan, review, plan_text(plan), "print"))
    assert record.review == reviewed(plan)
    assert all(key in {item.key for item in review_items(plan)} for key in record.review.acknowledged)


# ---------------------------------------------------------------------------------------
# Nothing lost (issue 12: concurrent first opens, a file this user cannot read)
# ---------------------------------------------------------------------------------------

OPENER = """
import sys, time
from pathlib import Path
from cc_dosecalc.formulary import load_formulary
from cc_dosecalc.paths import builtin_formulary_path
from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.history import HistoryStore
from cc_dosecalc.parsing import WEIGHT, parse_measurement
from cc_dosecalc.plan import Order, Patient
from cc_dosecalc.review import Review

formulary = load_formulary(builtin_formulary_path())
plan = calculate_plan(formulary, Patient(parse_measurement("70", WEIGHT), name="Together"), [Order("diltiazem")])
print("ready", flush=True)
go = Path(sys.argv[2])
while not go.exists():
    time.sleep(0.001)
store, _ = HistoryStore.open(sys.argv[1])
for _ in range(5):
    store.add(plan, Review(), "text", "cli-pdf")
store.close()
"""


@pytest.mark.parametrize("start", ["new", "version 1"])
def test_programs_opening_a_new_or_older_history_at_once_lose_nothing(formulary, tmp_path, start):
    """8 processes open the history at the same moment (the first open creates or migrates it)."""
    for attempt in range(3):
        folder, go = tmp_path / f"data-{attempt}", tmp_path / f"go-{attempt}"
        folder.mkdir()
        if start == "version 1":
            connection = sqlite3.connect(folder / DB_NAME)
            connection.execute(V1_SCHEMA)
            connection.execute("PRAGMA user_version = 1")
            connection.close()
        children = [
            subprocess.Popen(
                [sys.executable, "-c", OPENER, str(folder), str(go)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )
            for _ in range(8)
        ]
        for child in children:
            assert child.stdout is not None and child.stdout.readline() == "ready\n"
        go.touch()
        outcomes = [child.communicate(timeout=120) for child in children]
        assert [child.returncode for child in children] == [0] * 8, [errors for _out, errors in outcomes]
        store, notices = HistoryStore.open(folder)
        assert notices == () and len(store.list()) == 40 and store.schema_version() == SCHEMA_VERSION
        assert store._connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        store.close()


def test_a_database_this_user_cannot_read_is_said_so_and_left_where_it_is(formulary, tmp_path):
    store, _ = HistoryStore.open(tmp_path)
    store.add(a_plan(formulary), Review(), "kept", "print")
    store.close()
    path = tmp_path / DB_NAME
    command = [sys.executable, "-m", "cc_dosecalc", "history"]
    if os.geteuid() == 0:  # root reads anything: run without the capabilities that let it
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: cannot take away the right to read a file")
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    os.chmod(path, 0)
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=ROOT, env={**os.environ, DATA_DIR_ENV: str(tmp_path)})
    finally:
        os.chmod(path, 0o600)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == [
        f"cc-dosecalc: The history database {path} cannot be read: this user has no permission to read it. It was left as it is; "
        "summaries are not being recorded. Tell IT support."
    ]
    assert not list(tmp_path.glob("history-corrupt-*"))
    store, notices = HistoryStore.open(tmp_path)
    assert notices == () and [record.printed_text for record in (store.get(row.id) for row in store.list())] == ["kept"]
    store.close()
