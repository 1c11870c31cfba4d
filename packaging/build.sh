#!/usr/bin/env bash
# PyInstaller one-dir build: dist/iljeong/iljeong (+ its libraries and data).
#   packaging/build.sh [PYTHON]    PYTHON defaults to .venv/bin/python (needs the `package` extra)
# Work files go to build/pyinstaller; the previous dist/iljeong is replaced.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${1:-.venv/bin/python}
if ! "$PY" -c 'import PyInstaller' 2>/dev/null; then
  echo "build: PyInstaller is missing; run: $PY -m pip install -e '.[package]'" >&2
  exit 1
fi
export PYNPUT_BACKEND=${PYNPUT_BACKEND:-dummy}  # its hook imports pynput, which wants X
started=$(date +%s)
"$PY" -m PyInstaller --noconfirm --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/iljeong.spec
test -x dist/iljeong/iljeong || { echo "build: dist/iljeong/iljeong was not made" >&2; exit 1; }
echo "build: dist/iljeong in $(( $(date +%s) - started )) s, $(du -sh dist/iljeong | cut -f1)"
