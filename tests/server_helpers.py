"""Helpers of the tests against a real PostgreSQL server (the ``postgres`` fixture)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg

from tests.services import OWNER_PASSWORD, OWNER_ROLE, WORKSTATION_PASSWORD, WORKSTATION_ROLE, PostgresCluster

ROOT = Path(__file__).resolve().parent.parent


def cli(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``cc-dosecalc ARGS`` in a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "cc_dosecalc", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        timeout=timeout,
        cwd=ROOT,
    )


def owner_url(postgres: PostgresCluster, database: str) -> str:
    return postgres.url(OWNER_ROLE, OWNER_PASSWORD, database)


def workstation_url(postgres: PostgresCluster, database: str) -> str:
    return postgres.url(WORKSTATION_ROLE, WORKSTATION_PASSWORD, database)


def set_up_server(postgres: PostgresCluster, data: Path) -> tuple[str, str]:
    """A new database with the hospital's history made by ``--init-server`` and its printed
    grants given; the workstation's URL and the database's name."""
    database = postgres.new_database()
    done = cli("history", "--init-server", "--role", WORKSTATION_ROLE, env={"CC_DOSECALC_HISTORY_URL": owner_url(postgres, database), "CC_DOSECALC_DATA_DIR": str(data)})
    assert done.returncode == 0, done.stderr
    grants = done.stdout.split("\n", 2)[2]
    with psycopg.connect(owner_url(postgres, database), autocommit=True) as connection:
        connection.execute(grants.encode())
    return workstation_url(postgres, database), database


def server_rows(postgres: PostgresCluster, database: str, query: str) -> list[tuple[object, ...]]:
    with psycopg.connect(owner_url(postgres, database)) as connection:
        return connection.execute(query.encode()).fetchall()
