"""Load on the sync service: 100 concurrent clients on loopback, next to pgbench's ceiling.

    .venv/bin/python -m tests.bench.bench_service [--clients 100] [--seconds 10]
                                                  [--workers 2] [--users N]

What it does:

1. A scratch database (created, dropped at the end). ``iljeong-server serve`` runs as a
   subprocess on it with ``--workers`` uvicorn processes (it migrates first).
2. Each client is a device with its own session JWT (traded for its device token once, as
   the desktop client does) and one keep-alive HTTP/1.1 connection; it sends its next
   request as soon as the last answer arrives (closed loop). The load generator is one
   asyncio process with a minimal HTTP client, so little of the 2 cores goes to it.
3. Phases of ``--seconds`` each: single-mutation pushes (each creates a new event, every
   mutation id in order), pulls of an up-to-date device (an empty page: the steady-state
   poll), pulls of 5 changes. Printed: requests/s, p50/p99/max latency, non-200 answers,
   and the CPU seconds the service, PostgreSQL and the load generator used, per request.
4. pgbench on a scratch database of the same PostgreSQL (scale 10): select-only
   (``-S``) and the default TPC-B-like write transaction, ``-c`` up to 100 (fewer if the
   server's max_connections does not leave room) and ``-j 2``, ``-T --seconds``.

Targets (issue 6): p99 ≤ 300 ms at 100 clients, ≥ 500 pushes/s, ≥ 800 pulls/s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from core.model import Event  # noqa: E402
from core.service import auth, migrate  # noqa: E402
from core.service.db import Database  # noqa: E402
from core.store.codec import event_to_dict  # noqa: E402
from tests.fakes.service_server import (  # noqa: E402
    ADMIN_URL,
    create_database,
    drop_database,
)

TICKS = os.sysconf("SC_CLK_TCK")


# -- CPU accounting ----------------------------------------------------------------------------


def _cpu_of(pid: int, *, reaped: bool = False) -> float:
    """utime + stime (+ cutime + cstime: children that have exited, e.g. the postmaster's
    backends of closed connections)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])
    if reaped:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / TICKS


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids = (task / "children").read_text().split()
        except OSError:
            continue
        for kid in kids:
            found.append(int(kid))
            found.extend(_children(int(kid)))
    return found


def _postgres_pids() -> list[int]:
    pids = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if (proc / "comm").read_text().strip() == "postgres":
                pids.append(int(proc.name))
        except OSError:
            continue
    return pids


@dataclass
class CpuMeter:
    """CPU seconds of the service's processes, of every PostgreSQL process (other users of
    the server included) and of this process; plus the bench database's own counters from
    pg_stat_database: statement time (active_time) and sessions opened."""

    server_pid: int
    database_url: str = ""

    def _database(self) -> dict[str, float]:
        if not self.database_url:
            return {}
        name = self.database_url.rsplit("/", 1)[1]
        with psycopg.connect(ADMIN_URL.replace("postgresql+psycopg://", "postgresql://")) as c:
            c.execute("SELECT pg_stat_clear_snapshot()")
            row = c.execute(
                "SELECT active_time / 1000.0, sessions FROM pg_stat_database WHERE datname = %s",
                (name,),
            ).fetchone()
        return {} if row is None else {"pg statements": float(row[0]), "pg sessions": row[1]}

    def sample(self) -> dict[str, float]:
        server = [self.server_pid, *_children(self.server_pid)] if self.server_pid else []
        return {
            "service": sum(_cpu_of(p) for p in server),
            "all postgres": sum(_cpu_of(p, reaped=True) for p in _postgres_pids()),
            "load generator": _cpu_of(os.getpid()),
            **self._database(),
        }


# -- a minimal keep-alive HTTP/1.1 client ------------------------------------------------------


class Connection:
    def __init__(self, host: str, port: int, headers: dict[str, str]) -> None:
        self.host, self.port = host, port
        self.fixed = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
        assert self.reader is not None and self.writer is not None
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\n{self.fixed}"
        if body is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        self.writer.write(head.encode() + b"\r\n" + (body or b""))
        raw = await self.reader.readuntil(b"\r\n\r\n")
        status = int(raw[9:12])
        match = re.search(rb"(?i)\r\ncontent-length: *(\d+)", raw)
        if match is None:
            raise RuntimeError(f"no content-length in {raw[:200]!r}")
        payload = await self.reader.readexactly(int(match.group(1)))
        return status, payload

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


# -- the service -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(
    database_url: str, port: int, workers: int, data_dir: str
) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env.update(ILJEONG_SERVER_DATA_DIR=data_dir, ILJEONG_LOG_LEVEL="WARNING")
    exe = shutil.which("iljeong-server", path=str(ROOT / ".venv" / "bin")) or "iljeong-server"
    proc = subprocess.Popen(
        [
            exe,
            "serve",
            "--database-url",
            database_url,
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(proc.stderr.read().decode() if proc.stderr else "server died")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    time.sleep(0.5 * workers)  # let every worker finish starting
                    return proc
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("iljeong-server did not come up in 60 s")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


# -- clients -----------------------------------------------------------------------------------


@dataclass
class Client:
    device_id: str
    token: str
    conn: Connection
    next_mutation: int = 1
    cursor: int = 0


def make_devices(database_url: str, clients: int, users: int) -> list[tuple[str, str]]:
    """(device token, device id) for ``clients`` devices spread over ``users`` users."""
    db = Database(database_url, pool_size=2, max_overflow=0)
    try:
        migrate.upgrade(db)
        out = []
        user_ids = [auth.user_for_email(db, f"bench-{n}@example.com") for n in range(users)]
        for n in range(clients):
            user_id = user_ids[n % users]
            device_id = auth.ensure_device(db, user_id, None, f"bench device {n}")
            out.append((auth.create_device_token(db, user_id, device_id), device_id))
        return out
    finally:
        db.dispose()


def event_template() -> dict[str, Any]:
    start = datetime(2026, 11, 30, 5, 0, tzinfo=UTC)
    ev = Event(
        title="부하 시험 회의",
        start=start,
        end=start + timedelta(hours=1),
        calendar_id="bench-calendar",
        tz="Asia/Seoul",
        location="본사 3층 회의실",
    )
    data = event_to_dict(ev)
    data.pop("deleted")
    return data


async def connect_clients(port: int, devices: list[tuple[str, str]]) -> list[Client]:
    clients = []
    for token, device_id in devices:
        login = Connection("127.0.0.1", port, {"X-Iljeong-Schema": "1"})
        await login.open()
        body = json.dumps({"device_token": token, "installation_id": device_id}).encode()
        status, payload = await login.request("POST", "/v1/auth/device", body)
        login.close()
        if status != 200:
            raise RuntimeError(f"login failed: {status} {payload[:200]!r}")
        access = json.loads(payload)["access_token"]
        conn = Connection(
            "127.0.0.1", port, {"X-Iljeong-Schema": "1", "Authorization": f"Bearer {access}"}
        )
        await conn.open()
        clients.append(Client(device_id, access, conn))
    return clients


@dataclass
class Phase:
    name: str
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0
    cpu: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> int:
        return self.statuses.get(200, 0)

    def line(self) -> str:
        lat = sorted(self.latencies)
        if not lat:
            return f"{self.name:<28} no requests"
        p50 = lat[len(lat) // 2] * 1000
        p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000
        rate = len(lat) / self.seconds
        bad = {k: v for k, v in self.statuses.items() if k != 200}
        n = max(len(lat), 1)
        per = ", ".join(
            f"{k} {1000 * v / n:.2f}" for k, v in self.cpu.items() if k != "pg sessions"
        )
        sessions = self.cpu.get("pg sessions")
        return (
            f"{self.name:<28} {rate:8.0f} req/s   p50 {p50:6.1f} ms   p99 {p99:6.1f} ms   "
            f"max {lat[-1] * 1000:6.0f} ms   non-200 {bad or 0}\n"
            f"{'':<28} s per 1000 requests: CPU {per}"
            + ("" if sessions is None else f"; new PG sessions {sessions:.0f}")
        )


async def run_phase(
    name: str, clients: list[Client], step: Any, seconds: float, meter: CpuMeter
) -> Phase:
    phase = Phase(name)
    stop = time.monotonic() + seconds

    async def loop(client: Client) -> None:
        while time.monotonic() < stop:
            began = time.perf_counter()
            status = await step(client)
            phase.latencies.append(time.perf_counter() - began)
            phase.statuses[status] = phase.statuses.get(status, 0) + 1

    before = meter.sample()
    began = time.monotonic()
    await asyncio.gather(*(loop(c) for c in clients))
    phase.seconds = time.monotonic() - began
    after = meter.sample()
    phase.cpu = {k: after[k] - before[k] for k in after}
    return phase


def push_step(template: dict[str, Any]) -> Any:
    async def step(client: Client) -> int:
        data = dict(template, id=str(uuid.uuid4()))
        body = json.dumps(
            {
                "device_id": client.device_id,
                "mutations": [
                    {
                        "mutation_id": client.next_mutation,
                        "kind": "event",
                        "id": data["id"],
                        "data": data,
                    }
                ],
            }
        ).encode()
        status, payload = await client.conn.request("POST", "/v1/push", body)
        if status == 200:
            client.next_mutation += 1
        elif status == 409:  # out of order (should not happen): follow the server
            client.next_mutation = int(json.loads(payload).get("expected", client.next_mutation))
        return status

    return step


def pull_step(behind: int) -> Any:
    async def step(client: Client) -> int:
        cursor = max(0, client.cursor - behind)
        status, _ = await client.conn.request("GET", f"/v1/pull?cursor={cursor}&limit=500")
        return status

    return step


async def catch_up(clients: list[Client]) -> None:
    for client in clients:
        cursor = 0
        while True:
            status, payload = await client.conn.request(
                "GET", f"/v1/pull?cursor={cursor}&limit=1000"
            )
            page = json.loads(payload)
            if status != 200:
                raise RuntimeError(f"pull failed: {status} {payload[:200]!r}")
            cursor = page["cursor"]
            if not page["has_more"]:
                break
        client.cursor = cursor


async def load(
    port: int, devices: list[tuple[str, str]], seconds: float, meter: CpuMeter
) -> list[Phase]:
    clients = await connect_clients(port, devices)
    template = event_template()
    try:
        await run_phase("warm-up (push)", clients, push_step(template), min(2.0, seconds), meter)
        phases = [await run_phase("push, 1 mutation", clients, push_step(template), seconds, meter)]
        await catch_up(clients)
        phases.append(await run_phase("pull, up to date", clients, pull_step(0), seconds, meter))
        phases.append(await run_phase("pull, 5 changes", clients, pull_step(5), seconds, meter))
        return phases
    finally:
        for c in clients:
            c.conn.close()


# -- pgbench -----------------------------------------------------------------------------------


def pgbench_binary() -> str | None:
    return shutil.which("pgbench") or next(
        (str(p) for p in Path("/usr/lib/postgresql").glob("*/bin/pgbench")), None
    )


def room_for_clients(wanted: int) -> int:
    with psycopg.connect(ADMIN_URL.replace("postgresql+psycopg://", "postgresql://")) as conn:
        limit = int(conn.execute("SHOW max_connections").fetchone()[0])  # type: ignore[index]
        reserved = int(conn.execute("SHOW superuser_reserved_connections").fetchone()[0])  # type: ignore[index]
        used = int(conn.execute("SELECT count(*) FROM pg_stat_activity").fetchone()[0])  # type: ignore[index]
    return max(1, min(wanted, limit - reserved - used - 4))


def run_pgbench(seconds: float, wanted_clients: int) -> list[str]:
    exe = pgbench_binary()
    if exe is None:
        return ["pgbench not found"]
    url = create_database("iljeong_pgbench")
    lines = []
    try:
        subprocess.run(
            [exe, "-q", "-i", "-s", "10", url],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        clients = room_for_clients(wanted_clients)
        for label, extra in (("select-only (-S)", ["-S"]), ("TPC-B-like write", [])):
            out = subprocess.run(
                [
                    exe,
                    "-c",
                    str(clients),
                    "-j",
                    "2",
                    "-T",
                    str(int(seconds)),
                    "-M",
                    "prepared",
                    *extra,
                    url,
                ],
                capture_output=True,
                text=True,
                check=False,
            )
            tps = re.search(r"tps = ([\d.]+) \(without initial", out.stdout)
            lat = re.search(r"latency average = ([\d.]+) ms", out.stdout)
            if tps is None:
                lines.append(f"pgbench {label}: failed: {(out.stderr or out.stdout)[-300:]}")
                continue
            lines.append(
                f"pgbench {label:<20} {float(tps.group(1)):8.0f} tps   "
                f"latency avg {lat.group(1) if lat else '?'} ms   ({clients} clients, -j 2)"
            )
    finally:
        drop_database(url)
    return lines


# -- main --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--users", type=int, default=0, help="default: one user per client")
    parser.add_argument("--no-pgbench", action="store_true")
    args = parser.parse_args(argv)
    users = args.users or args.clients

    load_before = f"{os.getloadavg()[0]:.1f}"
    url = create_database("iljeong_bench")
    data_dir = tempfile.mkdtemp(prefix="iljeong-bench-")
    server = None
    try:
        devices = make_devices(url, args.clients, users)
        port = free_port()
        server = start_server(url, port, args.workers, data_dir)
        meter = CpuMeter(server.pid, url)
        phases = asyncio.run(load(port, devices, args.seconds, meter))
    finally:
        if server is not None:
            stop_server(server)
        drop_database(url)
        shutil.rmtree(data_dir, ignore_errors=True)

    print(
        f"\niljeong-server, {args.workers} uvicorn worker(s), {args.clients} concurrent clients "
        f"({users} users), {args.seconds:.0f} s per phase, loopback, {os.cpu_count()} CPUs; "
        f"load average at start {load_before}, at end {os.getloadavg()[0]:.1f} "
        "(other work on the machine shares the CPUs)"
    )
    for phase in phases:
        print(phase.line())
        own = phase.cpu.get("service", 0.0)
        if phase.latencies and own:
            ceiling = (os.cpu_count() or 1) * len(phase.latencies) / own
            print(f"{'':<28} the service's CPU alone would allow ~{ceiling:.0f} req/s on this box")
    if not args.no_pgbench:
        for line in run_pgbench(args.seconds, args.clients):
            print(line)
    push, pull = phases[0], phases[1]

    def rate(p: Phase) -> float:
        return len(p.latencies) / p.seconds

    def p99(p: Phase) -> float:
        lat = sorted(p.latencies)
        return lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000 if lat else float("nan")

    print(
        "targets: push ≥ 500/s: {} ({:.0f}); pull ≥ 800/s: {} ({:.0f}); p99 ≤ 300 ms: {} "
        "(push {:.0f} ms, pull {:.0f} ms)".format(
            "met" if rate(push) >= 500 else "MISSED",
            rate(push),
            "met" if rate(pull) >= 800 else "MISSED",
            rate(pull),
            "met" if max(p99(push), p99(pull)) <= 300 else "MISSED",
            p99(push),
            p99(pull),
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
