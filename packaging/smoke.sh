#!/usr/bin/env bash
# Smoke test of the built package (after packaging/build.sh and packaging/deb.sh):
#   1. dist/iljeong/iljeong --selftest offscreen and, when xvfb-run is there, in a real X
#      window under Xvfb, plus a CLI round trip on a throw-away store;
#   2. as root: install the .deb (dpkg -i; apt-get install ./file.deb when dependencies are
#      missing), run /usr/bin/iljeong --selftest, check the desktop entry and icons, then
#      dpkg -r iljeong and check every installed file is gone.
# Not root: step 2 is skipped with a note. Every failure says what failed and exits 1.
#   packaging/smoke.sh [DEB]     (DEB defaults to the newest dist/iljeong_*.deb)
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
export ILJEONG_TZ=${ILJEONG_TZ:-Asia/Seoul}
work=$(mktemp -d -t iljeong-smoke-XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "smoke: FAILED: $*" >&2; exit 1; }

selftest() {  # selftest BINARY LABEL
  local bin=$1 label=$2
  if ! "$bin" --selftest --selftest-out "$work/$label.png" >"$work/$label.out" 2>"$work/$label.err"; then
    cat "$work/$label.out" "$work/$label.err" >&2
    fail "$label: $bin --selftest exited non-zero"
  fi
  grep -q '"ok": true' "$work/$label.out" || fail "$label: no ok summary from --selftest"
  [ -s "$work/$label.png" ] || fail "$label: no screenshot at $work/$label.png"
  grep -q '"frozen": true' "$work/$label.out" || fail "$label: $bin did not run frozen"
  echo "smoke: $label --selftest ok ($(tail -1 "$work/$label.out" | grep -oE '"seconds": [0-9.]+'))"
}

cli_round_trip() {  # cli_round_trip BINARY LABEL
  local bin=$1 label=$2
  local data="$work/$label-data"
  "$bin" --data-dir "$data" chat "11월 30일 오후 2시 서울역에서 클라이언트 미팅" >/dev/null \
    || fail "$label: iljeong chat"
  "$bin" --data-dir "$data" chat "네" >/dev/null || fail "$label: iljeong chat 네"
  "$bin" --data-dir "$data" events list --from 2026-11-01 --to 2027-12-31 >"$work/$label.list" 2>&1 \
    || { cat "$work/$label.list" >&2; fail "$label: iljeong events list"; }
  grep -q "클라이언트 미팅" "$work/$label.list" || fail "$label: the saved event is not listed"
  echo "smoke: $label CLI chat → save → list ok"
}

selftest_x11() {  # selftest_x11 BINARY LABEL: a real X window (xcb plugin) under Xvfb
  local bin=$1 label=$2
  if ! command -v xvfb-run >/dev/null; then
    echo "smoke: xvfb-run not installed: the X11 check of $label is skipped"
    return 0
  fi
  env -u QT_QPA_PLATFORM -u WAYLAND_DISPLAY xvfb-run -a "$bin" --selftest \
    --selftest-out "$work/$label-x11.png" >"$work/$label-x11.out" 2>"$work/$label-x11.err" \
    || { cat "$work/$label-x11.out" "$work/$label-x11.err" >&2; fail "$label: --selftest under Xvfb"; }
  grep -q '"platform": "xcb"' "$work/$label-x11.out" || fail "$label: Xvfb run did not use xcb"
  echo "smoke: $label --selftest under Xvfb (xcb) ok"
}

# 1. The one-dir build.
[ -x dist/iljeong/iljeong ] || fail "dist/iljeong/iljeong is missing (run packaging/build.sh)"
selftest dist/iljeong/iljeong onedir
selftest_x11 dist/iljeong/iljeong onedir
cli_round_trip dist/iljeong/iljeong onedir

# 2. The .deb.
deb=${1:-$(ls -t dist/iljeong_*.deb 2>/dev/null | head -1 || true)}
[ -n "$deb" ] && [ -f "$deb" ] || fail "no .deb in dist/ (run packaging/deb.sh)"
dpkg-deb --info "$deb" >/dev/null || fail "$deb is not a valid .deb"
if [ "$(id -u)" -ne 0 ]; then
  echo "smoke: not root: the install/remove check of $deb is skipped"
  exit 0
fi
if dpkg-query -W -f='${Status}' iljeong 2>/dev/null | grep -q "install ok installed"; then
  fail "iljeong is already installed; remove it first (dpkg -r iljeong)"
fi
if ! dpkg -i "$deb" >"$work/dpkg.log" 2>&1; then
  echo "smoke: dpkg -i needs dependencies; trying apt-get install ./$deb"
  dpkg -r iljeong >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >>"$work/dpkg.log" 2>&1 \
    || { cat "$work/dpkg.log" >&2; fail "could not install $deb"; }
fi
remove() { dpkg -r iljeong >/dev/null 2>&1 || true; }
trap 'remove; rm -rf "$work"' EXIT
files=$(dpkg -L iljeong)
for f in /usr/bin/iljeong /opt/iljeong/iljeong /usr/share/applications/iljeong.desktop \
  /usr/share/icons/hicolor/256x256/apps/iljeong.png /usr/share/icons/hicolor/scalable/apps/iljeong.svg; do
  [ -e "$f" ] || fail "installed package lacks $f"
done
[ "$(command -v iljeong)" = /usr/bin/iljeong ] || fail "iljeong on PATH is $(command -v iljeong), not /usr/bin/iljeong"
grep -q '^Exec=iljeong$' /usr/share/applications/iljeong.desktop || fail "desktop entry Exec"
selftest /usr/bin/iljeong installed
cli_round_trip /usr/bin/iljeong installed

dpkg -r iljeong >"$work/remove.log" 2>&1 || { cat "$work/remove.log" >&2; fail "dpkg -r iljeong"; }
trap 'rm -rf "$work"' EXIT
left=0
while IFS= read -r f; do
  if [ -d "$f" ] && [ ! -L "$f" ]; then
    # A folder may stay when another package owns it or other files live in it.
    if dpkg -S "$f" >/dev/null 2>&1 || [ -n "$(ls -A "$f")" ]; then continue; fi
  fi
  if [ -e "$f" ] || [ -L "$f" ]; then echo "smoke: left behind: $f" >&2; left=$((left + 1)); fi
done <<<"$files"
[ "$left" -eq 0 ] || fail "$left file(s) of the package remain after dpkg -r"
[ ! -e /opt/iljeong ] || fail "/opt/iljeong remains after dpkg -r"
if dpkg-query -W -f='${Status}' iljeong 2>/dev/null | grep -q "install ok installed"; then
  fail "dpkg still lists iljeong as installed"
fi
echo "smoke: .deb installed, selftest ok, removed cleanly ($(echo "$files" | wc -l) paths)"
