"""Which hospital history is used (the site's settings, then CC_DOSECALC_HISTORY_URL, then the
user's settings), its URL shown without the password, and psycopg left unloaded without one."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from cc_dosecalc.history.server_url import configured_url, scrubbed, without_password


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://ccd:s3cret@records.hospital/ccd", "postgresql://ccd@records.hospital/ccd"),
        ("postgresql://ccd:s3cret@records.hospital:5433/ccd?sslmode=verify-full", "postgresql://ccd@records.hospital:5433/ccd?sslmode=verify-full"),
        ("postgresql://ccd@records.hospital/ccd?password=s3cret&sslmode=require", "postgresql://ccd@records.hospital/ccd?sslmode=require"),
        ("postgresql://records.hospital/ccd", "postgresql://records.hospital/ccd"),
        ("host=records password=s3cret", "(a connection string that is not a postgresql:// URL)"),
    ],
)
def test_the_url_is_shown_without_its_password(url, shown):
    assert without_password(url) == shown
    if "s3cret" in url:
        assert scrubbed("FATAL: something about s3cret\n  and more", url) == "FATAL: something about *** and more"


def test_the_site_settings_win_over_the_variable_which_wins_over_the_users(tmp_path, monkeypatch):
    monkeypatch.setenv("CC_DOSECALC_SETTINGS_DIR", str(tmp_path))
    assert configured_url() is None
    (tmp_path / "cc-dosecalc.ini").write_text("[history]\nserver_url=postgresql://user@mine/ccd\n")
    assert configured_url().url == "postgresql://user@mine/ccd"  # type: ignore[union-attr]
    monkeypatch.setenv("CC_DOSECALC_HISTORY_URL", "postgresql://machine@records/ccd")
    assert configured_url().url == "postgresql://machine@records/ccd"  # type: ignore[union-attr]
    (tmp_path / "site.ini").write_text('[history]\nserver_url="postgresql://it@records.hospital/ccd"\n')
    chosen = configured_url()
    assert chosen is not None and chosen.url == "postgresql://it@records.hospital/ccd" and chosen.origin.startswith("the site's settings")


def test_without_a_server_the_command_line_never_loads_psycopg():
    code = "import sys, cc_dosecalc.cli, cc_dosecalc.app.records; print('psycopg' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "False\n"


def test_a_workstation_without_the_postgresql_client_library_keeps_the_summary_and_says_so_in_one_line(tmp_path):
    # psycopg cannot be imported (no libpq on the workstation): as a frozen build without libpq5
    code = "import sys; sys.modules['psycopg'] = None; from cc_dosecalc.start import main; sys.exit(main())"
    pdf = tmp_path / "s.pdf"
    env = {
        **os.environ,
        "CC_DOSECALC_DATA_DIR": str(tmp_path / "data"),
        "CC_DOSECALC_HISTORY_URL": "postgresql://ccd:pw-77@records.hospital/ccd",
    }
    args = ["summary", "--weight", "70", "--drug", "diltiazem", "--pdf", str(pdf)]
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=120)
    assert (done.returncode, done.stdout) == (0, f"{pdf}\n")
    assert done.stderr == (
        "cc-dosecalc: the PDF was written. The summary is kept on this workstation, but it is NOT yet in the hospital's history: "
        "The hospital's history at postgresql://ccd@records.hospital/ccd cannot be used on this workstation: the PostgreSQL client "
        "library (libpq5) is not installed. Tell IT support. It is sent at the next summary, at the next start, or by "
        "`cc-dosecalc history --sync`.\n"
    )
