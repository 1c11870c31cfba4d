"""Random interleavings of edits here, edits on Google and syncs (seeded, so repeatable):
after a quiet sync both sides hold the same events, none twice, and a further sync
writes nothing (gcal_sync.md §5: convergence, no loss, no duplicates, idempotence)."""

# ruff: noqa: F811 - pytest fixtures are imported from test_google_fixtures and used as arguments

from __future__ import annotations

import contextlib
import random
from datetime import datetime, timedelta
from typing import Any

import pytest

from core.google.mapping import local_event_id
from tests.fakes.google_calendar import Faults
from tests.integration.test_google_fixtures import (  # noqa: F401 - fixtures
    EMAIL,
    SEOUL,
    Google,
    fake,
    google,
    timed_body,
)

START = datetime(2026, 12, 1, 8, 0, tzinfo=SEOUL)


def _local_view(google: Google) -> dict[str, tuple[Any, ...]]:
    return {
        e.id: (e.title, e.location, e.start.timestamp(), e.end.timestamp())
        for e in google.store.all_events()
        if not e.is_override
    }


def _remote_view(google: Google) -> dict[str, tuple[Any, ...]]:
    out = {}
    for item in google.fake.events("primary"):
        start = datetime.fromisoformat(item["start"]["dateTime"]).timestamp()
        end = datetime.fromisoformat(item["end"]["dateTime"]).timestamp()
        out[item["id"]] = (item.get("summary"), item.get("location", ""), start, end)
    return out


def _by_local_id(google: Google, remote: dict[str, tuple[Any, ...]]) -> dict[str, tuple[Any, ...]]:
    index = {b.remote_id: b.entity_id for b in google.store.bases("google")}
    return {index.get(gid) or local_event_id(EMAIL, gid): v for gid, v in remote.items()}


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_random_edits_on_both_sides_converge(google: Google, seed: int) -> None:
    rng = random.Random(seed)

    def when() -> datetime:
        return START + timedelta(hours=rng.randrange(0, 24 * 20))

    for counter in range(1, 61):
        step = rng.random()
        local = [e for e in google.store.all_events() if not e.is_override]
        remote = google.fake.events("primary")
        if step < 0.15:
            google.add(f"L{counter}", when())
        elif step < 0.30 and local:
            ev = rng.choice(local)
            change = rng.choice(["title", "location", "time"])
            if change == "title":
                google.store.update_event(ev.evolve(title=f"{ev.title} l{counter}"))
            elif change == "location":
                google.store.update_event(ev.evolve(location=f"room l{counter}"))
            else:
                google.store.update_event(ev.moved_to(when()))
        elif step < 0.37 and local:
            google.store.delete_event(rng.choice(local).id)
        elif step < 0.50:
            start = when()
            google.fake.insert_event(
                "primary",
                timed_body(
                    f"R{counter}", start.isoformat(), (start + timedelta(hours=1)).isoformat()
                ),
            )
        elif step < 0.65 and remote:
            item = rng.choice(remote)
            change = rng.choice(["summary", "location", "time"])
            if change == "time":
                start = when()
                body: dict[str, Any] = {
                    "start": {"dateTime": start.isoformat(), "timeZone": "Asia/Seoul"},
                    "end": {
                        "dateTime": (start + timedelta(minutes=30)).isoformat(),
                        "timeZone": "Asia/Seoul",
                    },
                }
            elif change == "summary":
                body = {"summary": f"{item.get('summary')} r{counter}"}
            else:
                body = {"location": f"room r{counter}"}
            google.fake.patch_event("primary", item["id"], body)
        elif step < 0.72 and remote:
            google.fake.delete_event("primary", rng.choice(remote)["id"])
        elif step < 0.80:
            google.fake.faults = Faults(error_rate=0.3, drop_rate=0.1, short_page_rate=0.3)
            with contextlib.suppress(Exception):  # a faulty run may give up; later ones go on
                google.sync()
            google.fake.faults = Faults()
        else:
            google.sync()

    google.sync()
    for conflict in google.store.conflicts():
        google.store.resolve_conflict(conflict.id, rng.choice(["local", "remote"]))
    google.sync()

    assert google.fake.internal_errors == []
    local_view = _local_view(google)
    remote_view = _by_local_id(google, _remote_view(google))
    assert len(remote_view) == len(google.fake.events("primary"))  # no two Google events per id
    assert local_view == remote_view
    assert google.store.outbox_size("google") == 0
    google.fake.reset_requests()
    google.sync()
    assert not google.writes()
