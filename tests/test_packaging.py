"""The installable application: desktop metadata, icons, the self-test, and the build itself.

The build test runs packaging/build.sh (about 30 s), installs the tarball it made into a
temporary folder with install.sh, runs the installed copy, and uninstalls it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import tarfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from cc_dosecalc import __version__, selftest
from cc_dosecalc.cli import main
from cc_dosecalc.paths import icon_path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
APP_ID = "io.github.ccdosecalc.CcDosecalc"
DESKTOP = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def run(*command: str | Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(part) for part in command], capture_output=True, text=True, check=False, **kwargs)


def no_display_env() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}


# --- desktop metadata -------------------------------------------------------------------


def test_desktop_file_is_valid():
    result = run("desktop-file-validate", DESKTOP)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout + result.stderr == ""


def test_metainfo_is_valid():
    result = run("appstreamcli", "validate", "--no-net", METAINFO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Validation was successful" in result.stdout


def test_metainfo_names_the_desktop_file_icon_and_this_release():
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("icon") == APP_ID
    assert root.findtext("provides/binary") == "cc-dosecalc"
    # IT reads the version in the software centre: the newest release must be this program's
    assert root.find("releases/release").get("version") == __version__
    assert root.find("screenshots/screenshot/image").text.endswith("/docs/window.png")
    entry = dict(line.split("=", 1) for line in DESKTOP.read_text().splitlines() if "=" in line)
    assert entry["Icon"] == APP_ID
    assert entry["Exec"] == "cc-dosecalc"


# --- icons ------------------------------------------------------------------------------


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("size", PNG_SIZES)
def test_png_icon_has_its_size(size):
    assert png_size(icon_path(size)) == (size, size)


def test_svg_shipped_with_the_program_is_the_source():
    assert icon_path().read_bytes() == (PACKAGING / "icons" / "cc-dosecalc.svg").read_bytes()


def test_windows_icon_holds_every_size_up_to_256():
    data = (PACKAGING / "icons" / "cc-dosecalc.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = []
    for index in range(count):
        width, height, _, _, _, _, length, offset = struct.unpack("<BBBBHHII", data[6 + 16 * index : 22 + 16 * index])
        assert width == height
        assert data[offset : offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + length <= len(data)
        sizes.append(width or 256)
    assert sizes == [16, 24, 32, 48, 64, 128, 256]


# --- the self-test ----------------------------------------------------------------------


def test_self_test_passes_and_says_what_it_checked(qapp, capsys):
    assert main(["--self-test"]) == 0
    out = capsys.readouterr().out
    assert f"cc-dosecalc {__version__} self-test" in out
    assert "ok  calculation: IVIG 164.6 g per course, 82.3 g daily; diltiazem 139.7 to 279.4 mg/day" in out
    assert re.search(r"ok  summary PDF: [\d,]+ bytes", out)
    assert "self-test passed" in out


def test_self_test_takes_no_command(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--self-test", "drugs"])
    assert exit_.value.code == 2
    assert capsys.readouterr().err == "cc-dosecalc: --self-test takes no command\n"


def copy_resources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    resources = tmp_path / "resources"
    shutil.copytree(ROOT / "resources", resources)
    monkeypatch.setenv("CC_DOSECALC_RESOURCES", str(resources))
    return resources


def test_self_test_fails_on_a_changed_formulary(tmp_path, monkeypatch, capsys):
    formulary = copy_resources(tmp_path, monkeypatch) / "formulary.toml"
    text = formulary.read_text()
    assert "obese_above_percent_of_ibw = 120" in text
    formulary.write_text(text.replace("obese_above_percent_of_ibw = 120", "obese_above_percent_of_ibw = 150"))
    assert selftest.run_self_test() == 1
    err = capsys.readouterr().err
    assert err == "cc-dosecalc: self-test FAILED at calculation: IVIG dosing weight basis: expected 'adjusted', found 'actual'\n"


def test_self_test_fails_when_the_installed_formulary_is_not_the_one_built(tmp_path, monkeypatch, capsys):
    resources = copy_resources(tmp_path, monkeypatch)
    build_info = {"version": __version__, "formulary_version": "2026.11.0", "formulary_sha256": "0" * 64}
    (resources / "build-info.json").write_text(json.dumps(build_info))
    assert selftest.run_self_test() == 1
    err = capsys.readouterr().err
    assert err.startswith("cc-dosecalc: self-test FAILED at formulary: the formulary is 2026.11.0 sha256 ")
    assert "but this build shipped 2026.11.0 sha256 0000" in err
    assert err.count("\n") == 1


def test_self_test_fails_on_a_wrong_order_text(qapp, monkeypatch, capsys):
    monkeypatch.setattr(selftest, "DILTIAZEM_TEXT", "diltiazem oral 140 to 280 mg/day (2 to 4 mg/kg/day)")
    assert selftest.run_self_test() == 1
    err = capsys.readouterr().err
    assert err == (
        "cc-dosecalc: self-test FAILED at calculation: diltiazem order text: expected "
        "'diltiazem oral 140 to 280 mg/day (2 to 4 mg/kg/day)', found 'diltiazem oral 139.7 to 279.4 mg/day (2 to 4 mg/kg/day)'\n"
    )


def test_self_test_checks_the_installation_on_the_built_in_formulary_and_reports_the_site_one(qapp, monkeypatch, capsys):
    monkeypatch.setenv("CC_DOSECALC_FORMULARY", str(ROOT / "resources" / "site-formulary.example.toml"))
    assert selftest.run_self_test() == 0
    assert "ok  site formulary: " in capsys.readouterr().out


def test_self_test_fails_when_the_site_formulary_is_refused(qapp, tmp_path, monkeypatch, capsys):
    site = tmp_path / "site.toml"
    site.write_text('[formulary]\nname = "ward 7"\n')
    monkeypatch.setenv("CC_DOSECALC_FORMULARY", str(site))
    assert selftest.run_self_test() == 1
    err = capsys.readouterr().err
    assert err.startswith(f"cc-dosecalc: self-test FAILED at site formulary: Site formulary refused: {site}: formulary.version: missing.")


# --- the build --------------------------------------------------------------------------


@pytest.mark.slow
def test_build_makes_an_application_that_installs_checks_itself_and_uninstalls(tmp_path):
    dist, work = tmp_path / "dist", tmp_path / "work"
    built = run(PACKAGING / "build.sh", "--dist", dist, "--work", work, cwd=ROOT, env=no_display_env())
    assert built.returncode == 0, built.stdout + built.stderr
    size = re.search(r"size: ([\d.]+) MB \(goal: at most 120 MB\): within the goal", built.stdout)
    assert size, built.stdout
    assert float(size.group(1)) <= 120
    assert "self-test passed" in built.stdout
    assert "desktop file and metainfo: valid" in built.stdout
    app = dist / "cc-dosecalc"
    # what was left out stays out
    plugins = {path.relative_to(app / "_internal/PySide6/Qt/plugins").as_posix() for path in app.glob("_internal/PySide6/Qt/plugins/*/*")}
    assert "platforms/libqxcb.so" in plugins
    assert "printsupport/libcupsprintersupport.so" in plugins
    assert not any("wayland" in plugin or "eglfs" in plugin or "qgtk3" in plugin for plugin in plugins)
    assert not list(app.glob("_internal/**/libQt6Qml*")) + list(app.glob("_internal/**/libQt6Network*"))
    assert not list(app.glob("_internal/PySide6/Qt/translations"))
    assert not [link for link in app.rglob("*") if link.is_symlink() and not link.exists()]

    tarball = dist / f"cc-dosecalc-{__version__}-linux-x86_64.tar.gz"
    with tarfile.open(tarball) as archive:
        archive.extractall(tmp_path / "unpacked", filter="tar")
    unpacked = tmp_path / "unpacked" / f"cc-dosecalc-{__version__}-linux-x86_64"
    target = tmp_path / "target"
    where = ["--app-dir", target / "opt/cc-dosecalc", "--bin-dir", target / "bin", "--share-dir", target / "share"]
    installed = run(unpacked / "install.sh", *where, env=no_display_env())
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert f"installed cc-dosecalc {__version__} in {target / 'opt/cc-dosecalc'}" in installed.stdout

    desktop = target / "share/applications" / DESKTOP.name
    assert f'Exec="{target}/opt/cc-dosecalc/cc-dosecalc"' in desktop.read_text()
    assert run("desktop-file-validate", desktop).returncode == 0
    assert (target / f"share/icons/hicolor/48x48/apps/{APP_ID}.png").is_file()
    assert (target / f"share/icons/hicolor/scalable/apps/{APP_ID}.svg").is_file()
    checked = run(target / "bin/cc-dosecalc", "--self-test", env=no_display_env())
    assert checked.returncode == 0, checked.stderr
    assert run(target / "bin/cc-dosecalc", "--version").stdout == f"cc-dosecalc {__version__}\n"

    # an install whose copy fails its self-test changes nothing
    formulary = unpacked / "cc-dosecalc/_internal/resources/formulary.toml"
    formulary.write_text(formulary.read_text().replace("dose_high = 4", "dose_high = 5"))
    refused = run(unpacked / "install.sh", *where, env=no_display_env())
    assert refused.returncode == 1
    assert "self-test FAILED at formulary" in refused.stderr
    assert "the self-test of the new copy failed; nothing was changed" in refused.stderr
    assert run(target / "bin/cc-dosecalc", "--self-test", env=no_display_env()).returncode == 0
    assert sorted(path.name for path in (target / "opt").iterdir()) == ["cc-dosecalc"]

    removed = run(target / "opt/cc-dosecalc/uninstall.sh")
    assert removed.returncode == 0, removed.stderr
    assert not (target / "opt/cc-dosecalc").exists()
    left = [path for path in target.rglob("*") if (path.is_file() or path.is_symlink()) and path.name != "mimeinfo.cache"]
    assert left == []
