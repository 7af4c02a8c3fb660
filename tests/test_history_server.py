"""The hospital's history on a real PostgreSQL server (pg_virtualenv's throw-away cluster):
the schema and its migration, the rights of the workstations' role, the URL's password kept
out of every message, paging and search, and a server that cannot be reached."""

from __future__ import annotations

import json

import psycopg
import pytest

from cc_dosecalc.app.records import Records
from cc_dosecalc.history import KeptUnsent, record_row
from cc_dosecalc.history.rows import RECORD_COLUMNS
from cc_dosecalc.history.server_store import ServerError, ServerStore
from cc_dosecalc.history.server_url import ServerUrl
from cc_dosecalc.review import Review
from tests.server_helpers import cli, owner_url, server_rows, set_up_server, workstation_url
from tests.services import OWNER_PASSWORD, WORKSTATION_PASSWORD, WORKSTATION_ROLE
from tests.test_history import a_plan

SUMMARY = ("summary", "--weight", "70", "--age", "40", "--drug", "diltiazem")


def test_init_server_creates_the_schema_and_migrates_one_made_by_an_older_version(postgres, formulary, tmp_path):
    database = postgres.new_database()
    owner = ServerUrl(owner_url(postgres, database), "test")
    store = ServerStore.open(owner, check_schema=False)
    assert store.init_schema(target=1) == (0, 1)  # as the first server release left it
    row = record_row(a_plan(formulary, name="ZOË Ancienne", identifier="MRN 0001"), Review(), "printed before", "print")
    old_columns = [column for column in ("record_uuid", *RECORD_COLUMNS) if column != "search_text"]
    with psycopg.connect(owner.url, autocommit=True) as connection:
        connection.execute(
            f"INSERT INTO cc_dosecalc.records ({', '.join(old_columns)}) VALUES ({', '.join(['%s'] * len(old_columns))})".encode(),
            [row[column] for column in old_columns],
        )
    store.close()
    env = {"CC_DOSECALC_HISTORY_URL": owner.url, "CC_DOSECALC_DATA_DIR": str(tmp_path)}
    done = cli("history", "--init-server", "--role", WORKSTATION_ROLE, env=env)
    assert done.returncode == 0 and done.stderr == ""
    lines = done.stdout.splitlines()
    assert lines[0] == f"The hospital's history at postgresql://ccd_owner@localhost:{postgres.port}/{database} was brought from schema 1 to schema 2."
    assert "GRANT SELECT, INSERT ON cc_dosecalc.records TO ccd_workstation;" in lines
    assert not [line for line in lines if "UPDATE" in line or "DELETE" in line]
    assert OWNER_PASSWORD not in done.stdout
    again = cli("history", "--init-server", env=env)
    assert again.stdout.splitlines()[0].endswith("is already at schema 2.")
    with psycopg.connect(owner.url, autocommit=True) as connection:
        connection.execute("\n".join(lines[2:]).replace("cc_dosecalc_workstation", WORKSTATION_ROLE).encode())
    # the old record is found by a search in any script, by the workstations' role
    with Records(tmp_path, server=ServerUrl(workstation_url(postgres, database), "test")) as records:
        (found,) = records.list("zoë")
        assert (found.patient_name, found.patient_identifier) == ("ZOË Ancienne", "MRN 0001")
        assert records.get(found.id).printed_text == "printed before"


def test_the_workstations_role_cannot_change_or_delete_a_record_nor_can_the_owner(postgres, formulary, tmp_path):
    url, database = set_up_server(postgres, tmp_path)
    with Records(tmp_path, server=ServerUrl(url, "test")) as records:
        record_id = records.add(a_plan(formulary), Review(), "printed", "print")
    for statement in (
        f"UPDATE cc_dosecalc.records SET patient_name = 'X' WHERE id = {record_id}",
        f"DELETE FROM cc_dosecalc.records WHERE id = {record_id}",
        "TRUNCATE cc_dosecalc.records",
    ):
        with psycopg.connect(url, autocommit=True) as connection, pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute(statement.encode())
        with psycopg.connect(owner_url(postgres, database), autocommit=True) as connection, pytest.raises(
            psycopg.errors.RaiseException, match="never changed or deleted"
        ):
            connection.execute(statement.encode())
    assert server_rows(postgres, database, "SELECT id, patient_name FROM cc_dosecalc.records") == [(record_id, "Ann Example")]


def test_history_pages_and_searches_the_server_and_reports_it_without_its_password(postgres, formulary, tmp_path):
    url, database = set_up_server(postgres, tmp_path)
    rows = [record_row(a_plan(formulary, name=f"Patient {n}", identifier=f"MRN {n:04}"), Review(), "t", "print") for n in range(1, 251)]
    store = ServerStore.open(ServerUrl(url, "test"))
    store.send(rows)
    store.close()
    env = {"CC_DOSECALC_HISTORY_URL": url, "CC_DOSECALC_DATA_DIR": str(tmp_path)}
    first = json.loads(cli("history", "--json", env=env).stdout)
    shown = f"postgresql://{WORKSTATION_ROLE}@localhost:{postgres.port}/{database}"
    assert first["server"] == {"url": shown, "unsent": 0}
    names = [record["patient_name"] for record in first["records"]]
    assert names == [f"Patient {n}" for n in range(250, 150, -1)]
    second = json.loads(cli("history", "--json", "--before", str(first["next_before"]), env=env).stdout)
    third = json.loads(cli("history", "--json", "--before", str(second["next_before"]), env=env).stdout)
    assert [len(second["records"]), len(third["records"]), third["next_before"]] == [100, 50, None]
    assert third["records"][-1]["patient_name"] == "Patient 1"
    text = cli("history", "--search", "mrn 0042", env=env)
    assert text.stdout.splitlines()[0] == f"History: the hospital's history at {shown}: 1 record(s) matching 'mrn 0042'"
    assert WORKSTATION_PASSWORD not in text.stdout + text.stderr
    short = cli("history", "--search", "ab", env=env)  # the index serves 3 letters or digits in a row
    assert (short.returncode, short.stdout) == (2, "")
    assert short.stderr == "cc-dosecalc: Search: the hospital's history is searched by at least 3 letters or digits in a row\n"


@pytest.mark.parametrize(
    "wrong",
    [
        pytest.param(lambda postgres, db: postgres.url(WORKSTATION_ROLE, "not-the-password-77", db), id="wrong password"),
        pytest.param(lambda postgres, db: f"postgresql://{WORKSTATION_ROLE}:not-the-password-77@no-such-host.invalid/{db}", id="unknown host"),
        pytest.param(lambda postgres, db: f"postgresql://{WORKSTATION_ROLE}:not-the-password-77@127.0.0.1:1/{db}", id="nothing listening"),
    ],
)
def test_a_server_that_refuses_or_cannot_be_found_is_one_line_and_the_summary_still_prints(postgres, tmp_path, wrong):
    _url, database = set_up_server(postgres, tmp_path / "setup")
    url = wrong(postgres, database)
    data = tmp_path / "data"
    pdf = tmp_path / "summary.pdf"
    done = cli(*SUMMARY, "--name", "Away Patient", "--pdf", str(pdf), env={"CC_DOSECALC_HISTORY_URL": url, "CC_DOSECALC_DATA_DIR": str(data)})
    assert (done.returncode, done.stdout) == (0, f"{pdf}\n")
    assert pdf.read_bytes().startswith(b"%PDF-")
    (line,) = done.stderr.splitlines()
    shown = url.replace(":not-the-password-77", "")
    assert line.startswith(f"cc-dosecalc: the PDF was written. The summary is kept on this workstation, but it is NOT yet in the hospital's history: The hospital's history at {shown} cannot be reached: ")
    assert line.endswith("It is sent at the next summary, at the next start, or by `cc-dosecalc history --sync`.")
    assert "Traceback" not in done.stderr and "not-the-password-77" not in done.stderr
    assert "not-the-password-77" not in (data / "cc-dosecalc.log").read_text()
    listed = cli("history", "--json", env={"CC_DOSECALC_HISTORY_URL": url, "CC_DOSECALC_DATA_DIR": str(data)})
    assert listed.returncode == 1 and len(listed.stderr.splitlines()) == 1 and "not-the-password-77" not in listed.stderr


def test_a_summary_kept_while_the_server_was_away_is_sent_by_the_next_one_once(postgres, formulary, tmp_path):
    url, database = set_up_server(postgres, tmp_path)
    away = ServerUrl(f"postgresql://{WORKSTATION_ROLE}:x@127.0.0.1:1/{database}", "test")
    with Records(tmp_path, server=away) as records, pytest.raises(KeptUnsent):
        records.add(a_plan(formulary, name="Kept Patient"), Review(), "printed", "print")
    with Records(tmp_path, server=ServerUrl(url, "test")) as records:
        assert records.unsent() == 1
        records.add(a_plan(formulary, name="Next Patient"), Review(), "printed", "print")
        assert records.unsent() == 0
        assert records.sync() == (0, 0)
        assert [summary.patient_name for summary in records.list()] == ["Next Patient", "Kept Patient"]
    assert server_rows(postgres, database, "SELECT count(*) FROM cc_dosecalc.records") == [(2,)]


def test_a_server_not_set_up_is_said_in_one_line(postgres, tmp_path):
    database = postgres.new_database()
    with pytest.raises(ServerError, match=r"is not set up for this cc-dosecalc \(schema 0, this one needs 2\): IT runs"):
        ServerStore.open(ServerUrl(workstation_url(postgres, database), "test"))


def test_a_migration_that_fails_leaves_the_schema_as_it_was_and_says_so_in_one_line(postgres, tmp_path):
    database = postgres.new_database()
    owner = ServerUrl(owner_url(postgres, database), "test")
    store = ServerStore.open(owner, check_schema=False)
    store.init_schema(target=1)
    store.close()
    with psycopg.connect(owner.url, autocommit=True) as connection:  # in the way of migration 2's index
        connection.execute(b"CREATE TABLE cc_dosecalc.records_search (x int)")
    done = cli("history", "--init-server", env={"CC_DOSECALC_HISTORY_URL": owner.url, "CC_DOSECALC_DATA_DIR": str(tmp_path)})
    assert (done.returncode, done.stdout) == (1, "")
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"cc-dosecalc: The hospital's history at postgresql://ccd_owner@localhost:{postgres.port}/{database} could not be set up: ")
    assert OWNER_PASSWORD not in line and "Traceback" not in done.stderr
    assert server_rows(postgres, database, "SELECT version FROM cc_dosecalc.schema_version") == [(1,)]
    columns = server_rows(postgres, database, "SELECT column_name FROM information_schema.columns WHERE table_name = 'records' AND column_name = 'search_text'")
    assert columns == []
