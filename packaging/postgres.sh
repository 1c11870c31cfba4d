#!/usr/bin/env bash
# PostgreSQL for the sync-service tests: use the server already running on 127.0.0.1:5432,
# else start the installed cluster, else (as root on Debian) install and start one.
# The tests connect as postgres without a password (trust on loopback), or to ILJEONG_TEST_PG.
set -euo pipefail

url="${ILJEONG_TEST_PG:-postgresql://postgres@127.0.0.1:5432/postgres}"

ready() { pg_isready -q -d "$url" 2>/dev/null; }

if command -v pg_isready >/dev/null && ready; then
  echo "postgres: using the running server ($url)"
  exit 0
fi

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else return 1; fi; }

if ! command -v pg_ctlcluster >/dev/null; then
  echo "postgres: not installed; installing (Debian packages postgresql, postgresql-client)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql postgresql-client >/dev/null \
    || { as_root apt-get update -q >/dev/null && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql postgresql-client >/dev/null; } \
    || { echo "postgres: cannot install PostgreSQL (need root); start one on 127.0.0.1:5432 or set ILJEONG_TEST_PG" >&2; exit 1; }
fi

version="$(ls /etc/postgresql | sort -V | tail -1)"
hba="/etc/postgresql/$version/main/pg_hba.conf"
# Loopback trust for the tests' throw-away databases (a CI machine only).
if [ -w "$hba" ] || [ "$(id -u)" = 0 ]; then
  if ! grep -qE '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$hba"; then
    as_root sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\nlocal all postgres trust' "$hba"
  fi
fi
echo "postgres: starting cluster $version/main"
as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null \
  || as_root pg_ctlcluster --skip-systemctl-redirect "$version" main reload 2>/dev/null || true

for _ in $(seq 1 30); do
  if ready; then echo "postgres: ready"; exit 0; fi
  sleep 1
done
echo "postgres: the server did not come up on $url" >&2
exit 1
