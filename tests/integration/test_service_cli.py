"""`iljeong-server` as a program: migrate, create-token, serve (JSON logs), errors."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from core.service.wire import SCHEMA_HEADER, SCHEMA_VERSION
from tests.fakes.service_server import throwaway_database

SERVER = [str(Path(sys.executable).parent / "iljeong-server")]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SERVER, *args], capture_output=True, text=True, timeout=60, env=env, check=False
    )


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    with throwaway_database() as url:
        yield url


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_migrate_is_repeatable(database: str) -> None:
    first = run("migrate", "--database-url", database)
    assert first.returncode == 0, first.stderr
    # The newest migration file names the head (0001_…, 0002_…): no number to keep up to date.
    versions = Path(__file__).resolve().parents[2] / "migrations" / "service" / "versions"
    newest = max(f.name[:4] for f in versions.glob("[0-9][0-9][0-9][0-9]_*.py"))
    assert f"schema at {newest}" in first.stdout
    assert run("migrate", "--database-url", database).returncode == 0
    purged = run("purge", "--database-url", database, "--days", "30")
    assert purged.returncode == 0 and purged.stdout.startswith("purged 0 tombstones")


def test_serve_create_token_and_sync_calls(database: str, tmp_path: Path) -> None:
    port = free_port()
    log = (tmp_path / "server.log").open("w")
    env = {**os.environ, "ILJEONG_SERVER_SECRET": "s" * 48}
    proc = subprocess.Popen(
        [*SERVER, "serve", "--database-url", database, "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                if httpx.get(f"{url}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None:
                pytest.fail((tmp_path / "server.log").read_text())
            time.sleep(0.05)
        made = run("create-token", "--database-url", database, "--user", "cli@example.com")
        assert made.returncode == 0, made.stderr
        token = made.stdout.strip()
        assert token.startswith("ilj_dt_") and len(token) > 40
        headers = {"Authorization": f"Bearer {token}", SCHEMA_HEADER: str(SCHEMA_VERSION)}
        me = httpx.get(f"{url}/v1/me", headers=headers)
        assert me.status_code == 200 and me.json()["email"] == "cli@example.com"
        session = httpx.post(
            f"{url}/v1/auth/device", json={"device_token": token}, headers=headers
        ).json()
        # The secret came from ILJEONG_SERVER_SECRET: a JWT signed with it is accepted.
        assert httpx.get(
            f"{url}/v1/me",
            headers={**headers, "Authorization": f"Bearer {session['access_token']}"},
        ).is_success
        assert "iljeong_request_seconds" in httpx.get(f"{url}/metrics").text
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        log.close()
    lines = [ln for ln in (tmp_path / "server.log").read_text().splitlines() if ln.strip()]
    records = [json.loads(ln) for ln in lines]  # every line is one JSON object
    requests = [r for r in records if r.get("msg") == "request"]
    assert any(r["route"] == "/v1/me" and r["status"] == 200 for r in requests)
    assert token not in (tmp_path / "server.log").read_text()


def test_errors_are_one_line(tmp_path: Path) -> None:
    bad = run("migrate", "--database-url", "postgresql://postgres@127.0.0.1:1/none")
    assert bad.returncode == 1
    assert bad.stderr.startswith("iljeong-server: error: cannot use the database")
    assert len(bad.stderr.strip().splitlines()) == 1
    wrong = run("migrate", "--database-url", "mysql://x/y")
    assert wrong.returncode == 1 and "not a PostgreSQL URL" in wrong.stderr
    env = {k: v for k, v in os.environ.items() if k != "ILJEONG_SERVER_DATABASE_URL"}
    missing = run("create-token", "--user", "x@example.com", env=env)
    assert missing.returncode == 2 and "--database-url" in missing.stderr


def test_bad_e_mail_is_refused(database: str) -> None:
    result = run("create-token", "--database-url", database, "--user", "not-an-address")
    assert result.returncode == 1 and "not an e-mail address" in result.stderr
