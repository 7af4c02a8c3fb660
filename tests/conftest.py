"""Shared fixtures. Qt runs offscreen; the domain tests never import it."""

from __future__ import annotations

import os
from collections.abc import Iterator

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from cc_dosecalc.active_formulary import ActiveFormulary, load_active_formulary
from cc_dosecalc.app.session import Session
from cc_dosecalc.formulary import Formulary, load_formulary
from cc_dosecalc.parsing import AGE, CRCL, HEIGHT, ORDERED_DOSE, SCR, WEIGHT, parse_measurement
from cc_dosecalc.paths import builtin_formulary_path
from cc_dosecalc.plan import Allergies, Patient, Sex, WeightSource
from tests.services import PostgresCluster, PrintQueue, accessible_desktop, cups_pdf_queue, postgres_cluster

NO_KNOWN_ALLERGIES = Allergies("", none_known=True)


@pytest.fixture(autouse=True)
def _history_in_tmp(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test (nor a command it runs) ever records in the user's own history."""
    monkeypatch.setenv("CC_DOSECALC_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    # nor in a hospital history set on this machine (a test that wants one sets it)
    monkeypatch.delenv("CC_DOSECALC_HISTORY_URL", raising=False)
    if not os.environ.get("CC_DOSECALC_SETTINGS_DIR"):
        monkeypatch.setenv("CC_DOSECALC_SETTINGS_DIR", str(tmp_path_factory.mktemp("settings")))


@pytest.fixture(scope="session")
def formulary() -> Formulary:
    return load_formulary(builtin_formulary_path())


def make_patient(
    weight: str = "70",
    age: str | None = "40",
    height: str | None = None,
    sex: Sex | None = None,
    crcl: str | None = None,
    source: WeightSource = WeightSource.MEASURED,
    scr: str | None = None,
    allergies: Allergies | None = NO_KNOWN_ALLERGIES,
) -> Patient:
    """A patient from text, exactly as a nurse would type it (with no known allergies unless
    told otherwise: the tests of other rules need a plan that can be checked)."""
    return Patient(
        weight=parse_measurement(weight, WEIGHT),
        weight_source=source,
        age=parse_measurement(age, AGE) if age else None,
        height=parse_measurement(height, HEIGHT) if height else None,
        sex=sex,
        crcl=parse_measurement(crcl, CRCL) if crcl else None,
        scr=parse_measurement(scr, SCR) if scr else None,
        allergies=allergies,
    )


def ordered(text: str):  # type: ignore[no-untyped-def]
    return parse_measurement(text, ORDERED_DOSE)


@pytest.fixture(scope="session")
def print_queue() -> Iterator[PrintQueue]:
    """The real cups-pdf queue (cupsd started for the session when it is not running)."""
    with cups_pdf_queue() as queue:
        yield queue


@pytest.fixture(scope="session")
def desktop() -> Iterator[dict[str, str]]:
    """A real X display (Xvfb) with a session D-Bus and the AT-SPI bus and registry."""
    with accessible_desktop() as env:
        yield env


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    """A real PostgreSQL server for the session (pg_virtualenv's throw-away cluster)."""
    with postgres_cluster() as cluster:
        yield cluster


@pytest.fixture(scope="module")
def active() -> ActiveFormulary:
    """The built-in formulary in force, for the Qt-free session's tests (loaded once per module)."""
    return load_active_formulary(None)


@pytest.fixture
def session(active: ActiveFormulary, monkeypatch: pytest.MonkeyPatch) -> Session:
    """A new session on the built-in formulary, whatever CC_DOSECALC_FORMULARY the machine sets."""
    monkeypatch.delenv("CC_DOSECALC_FORMULARY", raising=False)
    return Session(active)
