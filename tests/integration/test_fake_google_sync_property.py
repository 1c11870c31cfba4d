"""Stateful property test of the emulator's incremental sync, through the real client.

A client mirror follows the fake the way a sync engine would (full list, then syncToken
pages; 410 → start over) while Google-side edits happen, sometimes between two pages of
one sync, with short pages and tokens being invalidated or tombstones purged. After a quiet
sync the mirror must hold exactly the live events with their current etags.
"""

from __future__ import annotations

from typing import Any

from googleapiclient.errors import HttpError
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from tests.fakes.google_calendar import FakeGoogle, Faults
from tests.fakes.google_calendar.client import calendar_service

EMAIL = "user@example.com"


class SyncMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.fake = FakeGoogle(seed=3).start()
        self.fake.add_account(EMAIL)
        self.fake.faults = Faults(short_page_rate=0.3)
        self.service = calendar_service(self.fake)
        self.mirror: dict[str, dict[str, Any]] = {}
        self.token: str | None = None
        self.counter = 0
        self.synced = False

    def teardown(self) -> None:
        self.fake.stop()
        assert self.fake.internal_errors == []

    # -- Google-side edits --------------------------------------------------------------
    def _live(self) -> list[dict[str, Any]]:
        return self.fake.events(EMAIL)

    @rule(all_day=st.booleans(), recurring=st.booleans())
    def insert(self, all_day: bool, recurring: bool) -> None:
        self.counter += 1
        day = 1 + self.counter % 27
        if all_day:
            body: dict[str, Any] = {
                "start": {"date": f"2026-03-{day:02d}"},
                "end": {"date": f"2026-03-{day + 1:02d}"},
            }
        else:
            body = {
                "start": {"dateTime": f"2026-03-{day:02d}T09:00:00", "timeZone": "Asia/Seoul"},
                "end": {"dateTime": f"2026-03-{day:02d}T10:00:00", "timeZone": "Asia/Seoul"},
            }
        if recurring:
            body["recurrence"] = ["RRULE:FREQ=DAILY;COUNT=4"]
        self.fake.insert_event(EMAIL, {"summary": f"e{self.counter}", **body})
        self.synced = False

    @precondition(lambda self: bool(self._live()))
    @rule(pick=st.integers(0, 10_000), action=st.sampled_from(["patch", "delete", "instance"]))
    def edit(self, pick: int, action: str) -> None:
        events = self._live()
        target = events[pick % len(events)]
        if action == "patch":
            self.fake.patch_event(EMAIL, target["id"], {"summary": f"p{pick}"})
        elif action == "delete":
            self.fake.delete_event(EMAIL, target["id"])
        elif "recurrence" in target:
            instances = (
                self.service.events()
                .instances(calendarId="primary", eventId=target["id"])
                .execute()["items"]
            )
            instance = instances[pick % len(instances)]
            if pick % 2:
                self.fake.delete_event(EMAIL, instance["id"])
            else:
                self.fake.patch_event(EMAIL, instance["id"], {"summary": f"x{pick}"})
        self.synced = False

    @rule()
    def invalidate(self) -> None:
        self.fake.invalidate_sync_tokens()

    @rule()
    def purge(self) -> None:
        self.fake.purge_tombstones()

    # -- the client --------------------------------------------------------------------
    def _sync(self, edit_between_pages: bool) -> None:
        page_token: str | None = None
        while True:
            params: dict[str, Any] = {"calendarId": "primary", "maxResults": 3}
            if self.token:
                params["syncToken"] = self.token
            if page_token:
                params["pageToken"] = page_token
            try:
                page = self.service.events().list(**params).execute()
            except HttpError as error:
                assert error.status_code == 410 and self.token is not None
                event("410: full resync")
                self.token, self.mirror, page_token = None, {}, None
                continue
            for item in page["items"]:
                self.mirror[item["id"]] = item
            if "nextPageToken" in page:
                page_token = page["nextPageToken"]
                if edit_between_pages:
                    event("edit between two pages")
                    edit_between_pages = False
                    self.insert(all_day=False, recurring=False)
                continue
            self.token = page["nextSyncToken"]
            return

    @rule(edit_between_pages=st.booleans())
    def sync(self, edit_between_pages: bool) -> None:
        self._sync(edit_between_pages)
        self._sync(False)
        self.synced = True

    @invariant()
    def mirror_matches_after_a_quiet_sync(self) -> None:
        if not self.synced:
            return
        live = {e["id"]: e["etag"] for e in self._live()}
        seen = {k: v["etag"] for k, v in self.mirror.items() if v.get("status") != "cancelled"}
        assert seen == live


TestIncrementalSync = SyncMachine.TestCase
TestIncrementalSync.settings = settings(
    max_examples=25,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
