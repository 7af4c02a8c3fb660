#!/usr/bin/env bash
# Installs or uninstalls cc-dosecalc from the unpacked tarball. Silent and scriptable: no
# question is asked; exit 0 on success, 1 on failure, 2 on a bad option.
#
#   sudo ./install.sh                 for every user: /opt/cc-dosecalc, /usr/local/bin/cc-dosecalc,
#                                     menu entry, icons and metainfo under /usr/local/share
#   ./install.sh --user               for the current user only: ~/.local/opt/cc-dosecalc,
#                                     ~/.local/bin/cc-dosecalc, ~/.local/share
#   sudo /opt/cc-dosecalc/uninstall.sh   (or ./install.sh --uninstall [--user]) removes what was installed
#
# Options: --app-dir DIR, --bin-dir DIR, --share-dir DIR place the files elsewhere;
#          --quiet prints only errors and warnings.
# The new copy runs its self-test before it replaces anything: an install that fails leaves the
# previous version in place. Installing over an existing copy upgrades it.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
APP_ID=io.github.ccdosecalc.CcDosecalc
MANIFEST_NAME=.installed-files

MODE=install
[[ $(basename "$0") == uninstall.sh ]] && MODE=uninstall
QUIET=no
APP_DIR=/opt/cc-dosecalc BIN_DIR=/usr/local/bin SHARE_DIR=/usr/local/share
NEED_ROOT=$([[ $(id -u) -eq 0 ]] && echo no || echo yes)
user_dirs() { APP_DIR=$HOME/.local/opt/cc-dosecalc BIN_DIR=$HOME/.local/bin SHARE_DIR=${XDG_DATA_HOME:-$HOME/.local/share}; NEED_ROOT=no; }
[[ $MODE == uninstall ]] && APP_DIR=$HERE NEED_ROOT=no

usage() { sed -n '2,15p' "$0" >&2; exit "${1:-2}"; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --user) user_dirs; shift ;;
    --uninstall) MODE=uninstall; shift ;;
    --app-dir) APP_DIR=$(realpath -m "${2:?}"); NEED_ROOT=no; shift 2 ;;
    --bin-dir) BIN_DIR=$(realpath -m "${2:?}"); shift 2 ;;
    --share-dir) SHARE_DIR=$(realpath -m "${2:?}"); shift 2 ;;
    --quiet) QUIET=yes; shift ;;
    -h|--help) usage 0 ;;
    *) echo "install.sh: unknown option $1" >&2; usage ;;
  esac
done

say() { [[ $QUIET == yes ]] || echo "cc-dosecalc: $*"; }
warn() { echo "cc-dosecalc: warning: $*" >&2; }
fail() { echo "cc-dosecalc: $MODE FAILED: $*" >&2; exit 1; }

refresh_caches() {
  command -v update-desktop-database >/dev/null && update-desktop-database -q "$SHARE_DIR/applications" 2>/dev/null || true
  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t -f "$SHARE_DIR/icons/hicolor" 2>/dev/null || true
}

have_library() {  # have_library libcups.so.2
  local folder
  for folder in /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib /lib/x86_64-linux-gnu; do
    [[ -e $folder/$1 ]] && return 0
  done
  { /sbin/ldconfig -p || ldconfig -p; } 2>/dev/null | grep -qF "$1 "
}

uninstall() {
  local manifest=$APP_DIR/$MANIFEST_NAME
  [[ -f $manifest ]] || fail "$APP_DIR holds no cc-dosecalc installation ($MANIFEST_NAME is missing)"
  [[ -w $APP_DIR/.. ]] || fail "no permission to remove $APP_DIR (run it as root for a system install)"
  # the manifest names the files placed outside the program folder, and where the shared files went
  SHARE_DIR=$(sed -n 's/^# share-dir: //p' "$manifest")
  grep -v '^#' "$manifest" | while IFS= read -r file; do
    if [[ -n $file ]]; then rm -f -- "$file"; fi
  done
  rm -rf -- "$APP_DIR"
  [[ -n $SHARE_DIR ]] && refresh_caches
  say "removed from $APP_DIR"
}

install_copy() {
  [[ $NEED_ROOT == yes ]] && fail "run it as root for an install for every user, or give --user"
  [[ -x $HERE/cc-dosecalc/cc-dosecalc ]] || fail "run install.sh from the unpacked tarball (no cc-dosecalc/ beside it)"
  mkdir -p "$(dirname "$APP_DIR")" "$BIN_DIR" "$SHARE_DIR/applications" "$SHARE_DIR/metainfo" || fail "cannot create the folders"
  NEW=$APP_DIR.new.$$ OLD=$APP_DIR.old.$$
  trap 'rm -rf -- "$NEW" "$OLD"' EXIT
  cp -a "$HERE/cc-dosecalc" "$NEW" || fail "cannot copy the program to $NEW"
  install -m 755 "$HERE/install.sh" "$NEW/uninstall.sh"
  # the copy must pass its self-test before it replaces anything
  if ! out=$(env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$NEW/cc-dosecalc" --self-test 2>&1); then
    echo "$out" >&2
    fail "the self-test of the new copy failed; nothing was changed"
  fi
  local manifest=$NEW/$MANIFEST_NAME files=()
  {
    echo "# cc-dosecalc $("$NEW/cc-dosecalc" --version | cut -d' ' -f2) installed $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "# share-dir: $SHARE_DIR"
  } >"$manifest"
  # the menu entry runs this copy, whatever PATH holds
  local desktop=$SHARE_DIR/applications/$APP_ID.desktop
  sed -e "s|^Exec=.*|Exec=\"$APP_DIR/cc-dosecalc\"|" -e "s|^TryExec=.*|TryExec=$APP_DIR/cc-dosecalc|" \
    "$HERE/share/applications/$APP_ID.desktop" >"$desktop.tmp" && mv "$desktop.tmp" "$desktop" && chmod 644 "$desktop"
  files+=("$desktop")
  install -m 644 "$HERE/share/metainfo/$APP_ID.metainfo.xml" "$SHARE_DIR/metainfo/"
  files+=("$SHARE_DIR/metainfo/$APP_ID.metainfo.xml")
  local icon
  while IFS= read -r icon; do
    local relative=${icon#"$HERE/share/"}
    install -D -m 644 "$icon" "$SHARE_DIR/$relative"
    files+=("$SHARE_DIR/$relative")
  done < <(find "$HERE/share/icons" -type f)
  ln -sfn "$APP_DIR/cc-dosecalc" "$BIN_DIR/cc-dosecalc"
  files+=("$BIN_DIR/cc-dosecalc")
  printf '%s\n' "${files[@]}" >>"$manifest"
  # swap in the new copy; the old one goes only once the new one is in place
  if [[ -e $APP_DIR ]]; then
    mv -- "$APP_DIR" "$OLD" || fail "cannot move the previous copy aside"
  fi
  mv -- "$NEW" "$APP_DIR" || { [[ -e $OLD ]] && mv -- "$OLD" "$APP_DIR"; fail "cannot move the new copy into $APP_DIR"; }
  rm -rf -- "$OLD"
  trap - EXIT
  refresh_caches
  if ! have_library libcups.so.2; then
    warn "the CUPS library (libcups.so.2) was not found: the program runs and saves PDFs but lists no printers."
    warn "install it: Debian/Ubuntu libcups2, RHEL/Fedora cups-libs, SUSE libcups2"
  fi
  if ! have_library libpq.so.5; then
    warn "the PostgreSQL client library (libpq.so.5) was not found: needed only for the hospital's shared history."
    warn "install it: Debian/Ubuntu libpq5, RHEL/Fedora libpq"
  fi
  say "installed $("$APP_DIR/cc-dosecalc" --version) in $APP_DIR (command: $BIN_DIR/cc-dosecalc; uninstall: $APP_DIR/uninstall.sh)"
}

if [[ $MODE == uninstall ]]; then uninstall; else install_copy; fi
