"""The real system parts some tests use: a CUPS print queue that writes PDF files, and an X
display with a session D-Bus and the AT-SPI bus and registry that a screen reader listens on.

./dev installs the Debian packages; these context managers (used as session fixtures in
tests/conftest.py) start whatever is not already running and stop, by their own process
groups, only what they started. Each of them raises :class:`ServiceError` with one line
saying what did not start: a test that needs them fails, it never skips.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

QUEUE = "PDF"
CUPS_PDF_PPD = "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd"
# cups-pdf's default PostScript step (Ghostscript) turns the fonts into Type 3 glyphs without
# their characters: the file prints the same on paper but its text cannot be read back.
# pdftocairo (poppler) keeps the characters, so the printed file can be compared with the PDF.
RENDERER = "pdftocairo"
ATSPI_BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
ATSPI_REGISTRY = "/usr/libexec/at-spi2-registryd"


class ServiceError(RuntimeError):
    """A system part a test needs did not start."""


def _wait(ready: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not ready():
        if time.monotonic() > deadline:
            raise ServiceError(f"{what} was not ready within {seconds:g} s")
        time.sleep(0.05)


def _start(command: list[str], env: dict[str, str] | None = None, **options: object) -> subprocess.Popen[bytes]:
    if not Path(command[0]).exists() and shutil.which(command[0]) is None:
        raise ServiceError(f"{command[0]} is not installed (./dev test installs it)")
    return subprocess.Popen(command, env=env, start_new_session=True, **options)  # type: ignore[call-overload,no-any-return]


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End a process we started, and its children, by its own process group."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


# ---------------------------------------------------------------------------------------
# CUPS
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """The queue's output files and unfinished jobs just before a print."""

    files: frozenset[Path]
    jobs: frozenset[str]


@dataclass(frozen=True)
class PrintQueue:
    name: str
    output_folder: Path  # where cups-pdf writes each job: ~/PDF of the user who printed

    def mark(self) -> Mark:
        return Mark(frozenset(self._files()), frozenset(self._unfinished_jobs()))

    def collect(self, mark: Mark, seconds: float = 60) -> Path:
        """The one PDF the queue wrote since ``mark``, once every job sent since is finished."""

        def done() -> bool:
            return not (self._unfinished_jobs() - mark.jobs) and bool(self._files() - mark.files)

        _wait(done, seconds, f"the print job on the {self.name} queue")
        files = sorted(self._files() - mark.files)
        assert len(files) == 1, f"expected one printed file, got {files}"
        return files[0]

    def _files(self) -> set[Path]:
        return set(self.output_folder.glob("*.pdf")) if self.output_folder.is_dir() else set()

    def _unfinished_jobs(self) -> set[str]:
        return {line.split()[0] for line in _run(["lpstat", "-o", self.name]).stdout.splitlines() if line.strip()}


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=30)


def _scheduler_running() -> bool:
    return "scheduler is running" in _run(["lpstat", "-r"]).stdout


@contextlib.contextmanager
def cups_pdf_queue() -> Iterator[PrintQueue]:
    """The cups-pdf queue named PDF, with cupsd started when it is not running already."""
    started = None
    if shutil.which("lpstat") is None or not Path("/usr/lib/cups/backend/cups-pdf").exists():
        raise ServiceError("CUPS and cups-pdf are not installed (./dev test installs cups and printer-driver-cups-pdf)")
    if not _scheduler_running():
        started = _start(["/usr/sbin/cupsd", "-f"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait(_scheduler_running, 15, "the CUPS scheduler (cupsd)")
        logger.info("started cupsd, process %s", started.pid)
    try:
        if _run(["lpstat", "-v", QUEUE]).returncode != 0:
            _admin(["lpadmin", "-p", QUEUE, "-E", "-v", "cups-pdf:/", "-m", CUPS_PDF_PPD])
        _admin(["lpadmin", "-p", QUEUE, "-o", f"pdftops-renderer-default={RENDERER}"])
        _admin(["cupsenable", QUEUE])
        _admin(["cupsaccept", QUEUE])
        yield PrintQueue(QUEUE, Path(pwd.getpwuid(os.getuid()).pw_dir) / "PDF")
    finally:
        if started is not None:
            _stop(started)


def _admin(command: list[str]) -> None:
    result = _run(command)
    if result.returncode != 0:
        raise ServiceError(f"{' '.join(command)} failed: {result.stderr.strip()}")


# ---------------------------------------------------------------------------------------
# X display, session bus, AT-SPI
# ---------------------------------------------------------------------------------------


def _bus_answers(env: dict[str, str]) -> bool:
    """The AT-SPI bus is up once its launcher owns its name on the session bus (asked without
    calling it, which would have D-Bus start a second launcher of its own)."""
    result = subprocess.run(
        [
            "dbus-send",
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            "string:org.a11y.Bus",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=10,
    )
    return result.returncode == 0 and "boolean true" in result.stdout


@contextlib.contextmanager
def accessible_desktop(screen: str = "1280x1024x24") -> Iterator[dict[str, str]]:
    """A fresh Xvfb display, a session D-Bus and the AT-SPI bus launcher and registry on it.
    Yields the environment an application (and a screen-reader script) runs in there."""
    started: list[subprocess.Popen[bytes]] = []
    try:
        read_end, write_end = os.pipe()
        xvfb = _start(["Xvfb", "-displayfd", str(write_end), "-screen", "0", screen, "-nolisten", "tcp"], pass_fds=(write_end,))
        started.append(xvfb)
        os.close(write_end)
        with os.fdopen(read_end) as displays:
            number = displays.readline().strip()
        if not number:
            raise ServiceError("Xvfb did not start (no display number)")
        bus = _start(["dbus-daemon", "--session", "--nofork", "--print-address=1"], stdout=subprocess.PIPE)
        started.append(bus)
        assert bus.stdout is not None
        address = bus.stdout.readline().decode().strip()
        if not address:
            raise ServiceError("the session D-Bus (dbus-daemon --session) did not start")
        env = {key: value for key, value in os.environ.items() if key not in ("QT_QPA_PLATFORM", "AT_SPI_BUS_ADDRESS")}
        env.update(DISPLAY=f":{number}", DBUS_SESSION_BUS_ADDRESS=address, QT_QPA_PLATFORM="xcb", NO_AT_BRIDGE="0")
        started.append(_start([ATSPI_BUS_LAUNCHER, "--launch-immediately"], env=env))
        _wait(lambda: _bus_answers(env), 15, "the AT-SPI bus (at-spi-bus-launcher)")
        started.append(_start([ATSPI_REGISTRY], env=env))
        logger.info("display :%s with a session bus and AT-SPI, processes %s", number, [p.pid for p in started])
        yield env
    finally:
        for process in reversed(started):
            _stop(process)


# ---------------------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------------------

PG_VIRTUALENV = "/usr/bin/pg_virtualenv"
# the roles the server tests use: the schema's owner (IT) and the workstations'
OWNER_ROLE, OWNER_PASSWORD = "ccd_owner", "owner-secret-pw"
WORKSTATION_ROLE, WORKSTATION_PASSWORD = "ccd_workstation", "ws-secret-pw"


@dataclass
class PostgresCluster:
    """A throw-away PostgreSQL cluster made by pg_virtualenv, which it drops afterwards."""

    env: dict[str, str]  # pg_virtualenv's PGHOST, PGPORT, PGUSER, PGPASSWORD, PG_CLUSTER_CONF_ROOT...
    databases: int = 0

    @property
    def port(self) -> str:
        return self.env["PGPORT"]

    def url(self, role: str, password: str | None, database: str) -> str:
        secret = f":{password}" if password is not None else ""
        return f"postgresql://{role}{secret}@localhost:{self.port}/{database}"

    def admin_url(self, database: str = "postgres") -> str:
        return self.url(self.env["PGUSER"], self.env["PGPASSWORD"], database)

    def new_database(self) -> str:
        """A new empty database owned by the schema's owner."""
        self.databases += 1
        name = f"ccd_test_{os.getpid()}_{self.databases}"
        self.psql(f'CREATE DATABASE "{name}" OWNER {OWNER_ROLE}')
        return name

    def psql(self, command: str, database: str = "postgres") -> str:
        done = subprocess.run(
            ["psql", "-v", "ON_ERROR_STOP=1", "-qtAX", "-d", database, "-c", command],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if done.returncode != 0:
            raise ServiceError(f"psql failed: {' '.join(done.stderr.split())}")
        return done.stdout

    def _cluster(self, action: str) -> None:
        done = subprocess.run(
            ["pg_ctlcluster", self.env["PGVERSION"], "regress", action], env=self.env, capture_output=True, text=True, timeout=120
        )
        if done.returncode != 0:
            raise ServiceError(f"pg_ctlcluster {action} failed: {' '.join(done.stderr.split())}")

    def stop(self) -> None:
        self._cluster("stop")

    def start(self) -> None:
        self._cluster("start")
        _wait(self._ready, 60, "PostgreSQL after its restart")

    def _ready(self) -> bool:
        return subprocess.run(["pg_isready", "-q"], env=self.env, timeout=30).returncode == 0


@contextlib.contextmanager
def postgres_cluster() -> Iterator[PostgresCluster]:
    """A real PostgreSQL server (Debian's postgresql, through pg_virtualenv, which works as root
    too) with the owner's and the workstations' roles; dropped at the end."""
    if not Path(PG_VIRTUALENV).exists() or not list(Path("/usr/lib/postgresql").glob("*/bin/postgres")):
        raise ServiceError("PostgreSQL is not installed (./dev test installs postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="ccd-pg-"))
    env_file = folder / "env"
    # pg_virtualenv runs the command while the cluster lives: it writes the cluster's environment,
    # then waits for its standard input to close; -t keeps the cluster in a folder of its own
    process = subprocess.Popen(
        [PG_VIRTUALENV, "-t", "sh", "-c", 'env > "$0.part" && mv "$0.part" "$0" && exec cat > /dev/null', str(env_file)],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        cwd=folder,
    )
    try:
        _wait(lambda: env_file.exists() or process.poll() is not None, 120, "pg_virtualenv's cluster")
        if not env_file.exists():
            error = process.stderr.read().decode(errors="replace") if process.stderr else ""
            raise ServiceError(f"pg_virtualenv did not start a cluster: {' '.join(error.split())[-300:]}")
        env = dict(line.split("=", 1) for line in env_file.read_text().splitlines() if "=" in line)
        cluster = PostgresCluster({**os.environ, **{key: value for key, value in env.items() if key.startswith("PG")}})
        cluster.psql(
            f"CREATE ROLE {OWNER_ROLE} LOGIN PASSWORD '{OWNER_PASSWORD}'; "
            f"CREATE ROLE {WORKSTATION_ROLE} LOGIN PASSWORD '{WORKSTATION_PASSWORD}'"
        )
        yield cluster
    finally:
        if process.stdin is not None:
            process.stdin.close()  # the command ends: pg_virtualenv drops the cluster
        try:
            process.wait(120)
        except subprocess.TimeoutExpired:
            _stop(process)
        shutil.rmtree(folder, ignore_errors=True)
