#!/usr/bin/env bash
# Builds the cc-dosecalc application for Linux workstations, checks it, and packs it.
#
#   packaging/build.sh [--dist DIR] [--work DIR] [--no-tarball]
#
#   1. PyInstaller one-folder build from packaging/cc-dosecalc.spec   -> DIR/cc-dosecalc/
#   2. its size against the goal (at most 120 MB; the build fails above it)
#   3. the built program's own self-test, with no display
#   4. the .desktop file and the AppStream metainfo through their validators
#   5. the tarball IT installs from                                     -> DIR/cc-dosecalc-VERSION-linux-ARCH.tar.gz
#
# Python: the project's .venv when it has PyInstaller (./dev test sets it up), otherwise a
# build venv made in the work folder from pyproject.toml's `package` extra.
# Needs ldd and objdump (Debian: libc-bin, binutils), desktop-file-validate (desktop-file-utils)
# and appstreamcli (appstream). Exit 0 only when every step passed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

DIST=$ROOT/dist
WORK=$ROOT/build
TARBALL=yes
GOAL_MB=120
APP_ID=io.github.ccdosecalc.CcDosecalc
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dist) DIST=$(realpath -m "$2"); shift 2 ;;
    --work) WORK=$(realpath -m "$2"); shift 2 ;;
    --no-tarball) TARBALL=no; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "build.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

step() { echo "build.sh: $*"; }
since() { awk -v from="$1" -v now="$(date +%s.%N)" -v places="$2" 'BEGIN { printf "%.*f", places, now - from }'; }
megabytes() { awk -v bytes="$1" 'BEGIN { printf "%.1f", bytes / 1000000 }'; }
fail() { echo "build.sh: FAILED: $*" >&2; exit 1; }

for tool in ldd objdump desktop-file-validate appstreamcli; do
  command -v "$tool" >/dev/null || fail "$tool is missing (Debian: libc-bin, binutils, desktop-file-utils, appstream)"
done

mkdir -p "$WORK" "$DIST"
if [[ -x .venv/bin/pyinstaller ]]; then
  PY=.venv/bin/python
else
  PY=$WORK/venv/bin/python
  if [[ ! -x $WORK/venv/bin/pyinstaller ]]; then
    step "making the build venv in $WORK/venv"
    "${PYTHON:-python3}" -m venv "$WORK/venv"
    "$PY" -m pip install -q '.[package]'
  fi
fi
VERSION=$("$PY" -c 'import cc_dosecalc; print(cc_dosecalc.__version__)')
ARCH=$(uname -m)

# 1. the build
step "building cc-dosecalc $VERSION with $("$PY" -m PyInstaller --version 2>/dev/null || echo PyInstaller)"
started=$(date +%s.%N)
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN --distpath "$DIST" --workpath "$WORK/pyinstaller" \
  packaging/cc-dosecalc.spec >"$WORK/pyinstaller.log" 2>&1 || { cat "$WORK/pyinstaller.log" >&2; fail "PyInstaller"; }
APP=$DIST/cc-dosecalc
step "built $APP in $(since "$started" 1) s"

# 2. the size (1 MB = 1,000,000 bytes, what a file manager and a download page show)
bytes=$(du -sb "$APP" | cut -f1)
mb=$(megabytes "$bytes")
if (( bytes > GOAL_MB * 1000000 )); then
  fail "size: $mb MB is over the goal of at most $GOAL_MB MB"
fi
step "size: $mb MB (goal: at most $GOAL_MB MB): within the goal"

# 3. the built program checks itself, with no display
started=$(date +%s.%N)
env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$APP/cc-dosecalc" --self-test || fail "the built program's self-test"
step "self-test of the built program: passed ($(since "$started" 2) s from start to exit)"

# 4. the desktop metadata
desktop-file-validate "packaging/$APP_ID.desktop" || fail "desktop-file-validate packaging/$APP_ID.desktop"
appstreamcli validate --no-net "packaging/$APP_ID.metainfo.xml" >"$WORK/appstream.log" 2>&1 \
  || { cat "$WORK/appstream.log" >&2; fail "appstreamcli validate --no-net packaging/$APP_ID.metainfo.xml"; }
step "desktop file and metainfo: valid"

# 5. the tarball: install.sh, the program, and the files desktops read
[[ $TARBALL == yes ]] || exit 0
NAME=cc-dosecalc-$VERSION-linux-$ARCH
STAGE=$WORK/$NAME
rm -rf "$STAGE"
mkdir -p "$STAGE/share/applications" "$STAGE/share/metainfo" "$STAGE/share/icons/hicolor/scalable/apps"
cp -al "$APP" "$STAGE/cc-dosecalc" 2>/dev/null || cp -a "$APP" "$STAGE/cc-dosecalc"
install -m 755 packaging/install.sh "$STAGE/install.sh"
install -m 644 packaging/INSTALL.md "$STAGE/README.md"
install -m 644 "packaging/$APP_ID.desktop" "$STAGE/share/applications/"
install -m 644 "packaging/$APP_ID.metainfo.xml" "$STAGE/share/metainfo/"
install -m 644 packaging/icons/cc-dosecalc.svg "$STAGE/share/icons/hicolor/scalable/apps/$APP_ID.svg"
for size in 16 24 32 48 64 128 256 512; do
  mkdir -p "$STAGE/share/icons/hicolor/${size}x${size}/apps"
  install -m 644 "resources/icons/cc-dosecalc-$size.png" "$STAGE/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
done
tar -C "$WORK" --owner=0 --group=0 -czf "$DIST/$NAME.tar.gz" "$NAME"
rm -rf "$STAGE"
(cd "$DIST" && sha256sum "$NAME.tar.gz" >"$NAME.tar.gz.sha256")
step "tarball: $DIST/$NAME.tar.gz ($(megabytes "$(stat -c %s "$DIST/$NAME.tar.gz")") MB, sha256 in $NAME.tar.gz.sha256)"
