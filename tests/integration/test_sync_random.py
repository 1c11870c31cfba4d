"""Randomized sync runs (fixed seeds): three devices create, edit, move, delete, resolve
conflicts and sync in random order, some pushes losing their answer, tombstones purged
now and then (lagging devices resync). After everyone has
synced, every device and the service hold the same live events, nothing is queued, no
change was rejected and every conflict record is the same everywhere."""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from core.model import Event
from core.service import protocol
from core.sync.errors import SyncUnavailable
from core.timeutil import utc_now
from tests.fakes.service_server import RunningService, SyncDevice, running_service, sync_device

SEOUL = ZoneInfo("Asia/Seoul")
WORDS = ["회의", "점심", "치과", "스터디", "운동", "review", "1:1", "dinner"]
PLACES = ["", "강남역", "판교", "Room 204", "온라인"]


@pytest.fixture(scope="module")
def service() -> Iterator[RunningService]:
    with running_service(rate_limit_per_minute=0) as svc:  # the runs are chatty
        yield svc


def snapshot(device: SyncDevice) -> dict[str, tuple[Any, ...]]:
    return {
        e.id: (e.title, e.location, e.description, e.start, e.end, e.calendar_id)
        for e in device.store.all_events()
    }


def step(rng: random.Random, devices: list[SyncDevice], service: RunningService) -> None:
    device = rng.choice(devices)
    store = device.store
    live = store.all_events()
    action = rng.choices(
        ["create", "edit", "move", "delete", "sync", "lossy", "resolve", "purge"],
        weights=[3, 5, 2, 1, 5, 1, 1, 0.2],
    )[0]
    if action == "create" or (not live and action in ("edit", "move", "delete")):
        start = datetime(2026, 12, 1, 8, tzinfo=SEOUL) + timedelta(hours=rng.randrange(0, 200))
        store.add_event(
            Event.timed(
                rng.choice(WORDS),
                start,
                calendar_id=store.default_calendar().id,
                location=rng.choice(PLACES),
            )
        )
    elif action == "edit":
        ev = rng.choice(live)
        field = rng.choice(["title", "location", "description"])
        value = {"title": rng.choice(WORDS), "location": rng.choice(PLACES)}.get(
            field, f"메모 {rng.randrange(5)}"
        )
        store.update_event(ev.evolve(**{field: value}))
    elif action == "move":
        ev = rng.choice(live)
        store.update_event(ev.moved_to(ev.start + timedelta(minutes=30 * rng.randrange(1, 5))))
    elif action == "delete":
        store.delete_event(rng.choice(live).id)
    elif action == "sync":
        device.sync()
    elif action == "lossy":
        device.transport.drop = 1
        with contextlib.suppress(SyncUnavailable):
            device.sync()
        device.transport.drop = 0  # armed only for this round (it may have pushed nothing)
    elif action == "purge":  # the tombstone window passes: lagging devices must resync
        with service.db.admin_tx() as conn:
            protocol.purge_tombstones(conn, utc_now() + timedelta(days=1))
    elif action == "resolve":
        open_ones = store.conflicts()
        if open_ones:
            store.resolve_conflict(rng.choice(open_ones).id, rng.choice(["local", "remote"]))


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_runs_converge(service: RunningService, tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    email = f"random{seed}@example.com"
    devices = [sync_device(service, tmp_path, service.token(email), n) for n in "abc"]
    try:
        for _ in range(70):
            step(rng, devices, service)
        rejected = []
        for _ in range(3):  # quiesce: everyone syncs until nothing moves
            for device in devices:
                rejected += device.sync().rejections
        assert rejected == []
        first = snapshot(devices[0])
        for device in devices:
            assert snapshot(device) == first, device.name
            assert device.store.outbox_size("service") == 0
            assert device.store.get_state("service:inflight") is None
            assert device.store.conflicts(include_resolved=True) == devices[0].store.conflicts(
                include_resolved=True
            )
        with service.db.user_tx(devices[0].client.session.user_id) as conn:  # type: ignore[union-attr]
            rows = protocol.list_entities(conn, devices[0].client.session.user_id, "event")  # type: ignore[union-attr]
        assert {r.id: r.data["title"] for r in rows} == {k: v[0] for k, v in first.items()}
    finally:
        for device in devices:
            device.close()
