"""The client's sessions (short JWTs refreshed and rotated, recovery after revocation) and
the app's background scheduler woken by server-sent pokes."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from core.model import Event
from core.service.wire import SCHEMA_HEADER
from core.sync.errors import SchemaMismatch
from core.sync.scheduler import SyncScheduler
from tests.fakes.service_server import RunningService, running_service, sync_device

SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture(scope="module")
def service() -> Iterator[RunningService]:
    # Access tokens live 1 s: every round of the client has to refresh.
    with running_service(jwt_ttl_seconds=1) as svc:
        yield svc


def used_refresh_tokens(service: RunningService) -> int:
    with service.db.admin_tx() as conn:
        return int(
            conn.execute(
                text("SELECT count(*) FROM refresh_tokens WHERE used_at IS NOT NULL")
            ).scalar_one()
        )


def test_short_sessions_are_refreshed_and_revocation_recovers(
    service: RunningService, tmp_path: Path
) -> None:
    device = sync_device(service, tmp_path, service.token("short@example.com"), "a")
    try:
        device.sync()
        before = used_refresh_tokens(service)
        device.sync()
        device.sync()
        assert used_refresh_tokens(service) >= before + 2  # rotated on every use
        # Someone replays an old refresh token: the device's refresh tokens are revoked.
        with service.db.admin_tx() as conn:
            conn.execute(text("UPDATE refresh_tokens SET revoked_at = now()"))
        device.store.add_event(
            Event.timed(
                "계속 동기화",
                datetime(2026, 12, 5, 9, tzinfo=SEOUL),
                calendar_id=device.store.default_calendar().id,
            )
        )
        report = device.sync()  # falls back to the device token and goes on
        assert report.applied == 1
    finally:
        device.close()


def test_schema_mismatch_blocks_sync_but_keeps_the_outbox(
    service: RunningService, tmp_path: Path
) -> None:
    device = sync_device(service, tmp_path, service.token("schema@example.com"), "a")
    try:
        device.store.add_event(
            Event.timed(
                "기다림",
                datetime(2026, 12, 5, 9, tzinfo=SEOUL),
                calendar_id=device.store.default_calendar().id,
            )
        )
        device.client._http.headers[SCHEMA_HEADER] = "999"  # an app from the future
        with pytest.raises(SchemaMismatch, match="Update iljeong"):
            device.sync()
        assert device.store.outbox_size("service") >= 2
        status = device.store.get_state("service:status")
        assert status["ok"] is False and "schema" in status["error"]
    finally:
        device.close()


def test_scheduler_syncs_on_pokes(service: RunningService, tmp_path: Path) -> None:
    email = "background@example.com"
    writer = sync_device(service, tmp_path, service.token(email), "writer")
    reader = sync_device(service, tmp_path, service.token(email), "reader")
    statuses: list[dict[str, Any]] = []
    arrived = threading.Event()

    def on_status(status: dict[str, Any]) -> None:
        statuses.append(status)
        if any(e.title == "푸시로 도착" for e in reader.store.all_events()):
            arrived.set()

    # The interval is an hour: only the first round and pokes can bring the event.
    scheduler = SyncScheduler(reader.store, reader.client, interval_minutes=60, on_status=on_status)
    scheduler.start()
    try:
        for _ in range(200):
            if statuses:
                break
            threading.Event().wait(0.05)
        assert statuses and statuses[0]["ok"], statuses
        writer.store.add_event(
            Event.timed(
                "푸시로 도착",
                datetime(2026, 12, 6, 9, tzinfo=SEOUL),
                calendar_id=writer.store.default_calendar().id,
            )
        )
        writer.sync()
        assert arrived.wait(15), "the poke did not bring the change"
        assert scheduler.rounds >= 2
    finally:
        scheduler.stop()
        writer.close()
        reader.store.close()
