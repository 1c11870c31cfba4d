"""Two-way sync of the local store with Google Calendar (DESIGN.md "Google").

One run: refresh the calendar list when it is stale, push the outbox (target "google"),
then pull each selected calendar incrementally. Pushing first means the echo of our own
writes arrives in the same run (and is recognised by its etag), so a sync right after a
sync writes nothing.

Push. Each queued event becomes one write: an insert with the id derived from our UUID
(409 = it is already there, from a run that died before it noted the success: read it,
then patch what differs), a patch of the fields that differ from the last synced copy
(``sync_base``) with If-Match (412 = Google changed it meanwhile: read it, merge three
ways against the base, record a true conflict for the user, never overwrite silently),
or a delete with If-Match (404/410 = already gone; 412 = edited remotely: the edit wins
and comes back). Writes go in batch requests; follow-ups (reads after 409/412) go in the
next round's batch. Each round's outcomes are committed in one transaction with origin
"google" (so nothing echoes back), and the outbox rows are acknowledged only then.

Pull. ``events.list`` with the calendar's syncToken (none: a full listing); each page is
applied in one transaction; the new token is stored only after the last page, so a run
killed mid-way repeats the pull and, since ids are derived and copies compared by etag,
creates nothing twice. 410 (or a malformed token) -> a full listing; synced events missing
from it were deleted remotely. A remote edit of an event with a local change still queued
is merged three ways; a remote delete of an event edited locally loses to the edit, and
the deleted event is read for its last content, merged into the edit three ways (a pulled
cancelled item carries none), as a push's read after a 412 does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from core.errors import InvalidInput, NotFound
from core.google import lunar_refresh, mapping
from core.google.errors import GoogleApiError
from core.google.mapping import UnsupportedEvent
from core.google.merge import merge, with_fields
from core.model import Calendar, Conflict, Event, OutboxEntry, SyncBase
from core.store import Store
from core.store.codec import event_from_dict, event_to_dict
from core.timeutil import utc_now

if TYPE_CHECKING:  # the API client (googleapiclient, httplib2) loads when a sync runs
    from googleapiclient.http import HttpRequest

    from core.google.client import CalendarClient, PartResult

log = logging.getLogger(__name__)

TARGET = "google"
ENTITY = "event"
PAGE_SIZE = 2500
CALENDAR_LIST_MAX_AGE = timedelta(hours=6)
MAX_ROUNDS = 6
OUTBOX_CHUNK = 500
CALENDARS_KEY = "google:calendars"
LAST_SYNC_KEY = "google:last_sync"


def pending_changes(store: Store) -> int:
    """Local event changes not yet on Google (calendar rows in the queue do not count)."""
    return store.outbox_size(TARGET, entity=ENTITY)  # a count, not 10 000 decoded rows


def token_key(google_calendar_id: str) -> str:
    return f"google:sync_token:{google_calendar_id}"


@dataclass(slots=True)
class SyncReport:
    calendars: list[str] = field(default_factory=list)
    pulled: int = 0  # local events written from Google
    pushed: int = 0  # writes Google accepted
    conflicts: int = 0
    full_resyncs: int = 0
    skipped: list[str] = field(default_factory=list)  # Google events we cannot represent
    failed: list[str] = field(default_factory=list)  # changes left queued with an error
    requests: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "calendars": self.calendars,
            "pulled": self.pulled,
            "pushed": self.pushed,
            "conflicts": self.conflicts,
            "full_resyncs": self.full_resyncs,
            "skipped": self.skipped,
            "failed": self.failed,
            "requests": self.requests,
        }


@dataclass(frozen=True, slots=True)
class SyncedCalendar:
    local: Calendar
    google_id: str
    time_zone: str


# -- push bookkeeping -----------------------------------------------------------------------


@dataclass(slots=True)
class _Push:
    """One queued event on its way to Google (a small state machine over rounds)."""

    entry: OutboxEntry
    event: Event
    base: SyncBase | None
    calendar: SyncedCalendar
    google_id: str
    #: "insert" | "patch" | "delete" | "restore" | "read" | "move"
    action: str = ""
    body: dict[str, Any] | None = None
    if_match: str | None = None
    #: Why we read (after a 409 or a 412), which decides what the answer means.
    read_after: str = ""
    # outcome, applied when done
    done: bool = False
    new_base: SyncBase | None = None
    drop_base: bool = False
    save_local: Event | None = None
    conflict: Conflict | None = None
    error: str | None = None
    wrote: bool = False
    #: Inserted again under a new id after the first was found taken and unreadable.
    reborn: bool = False


class GoogleSync:
    """Runs syncs of one store against one connected Google account."""

    def __init__(
        self,
        store: Store,
        client: CalendarClient,
        *,
        account: str,
        now: Callable[[], datetime] = utc_now,
        calendar_list_max_age: timedelta = CALENDAR_LIST_MAX_AGE,
    ) -> None:
        self.store = store
        self.client = client
        self.account = account
        self.now = now
        self.calendar_list_max_age = calendar_list_max_age
        self.report = SyncReport()
        self._bases: dict[str, SyncBase] | None = None
        self._remote_index: dict[tuple[str, str], str] | None = None
        self._pending: set[str] | None = None
        self._conflicted: dict[str, frozenset[str]] | None = None
        self._staged_events: dict[str, Event] = {}
        self._staged_bases: dict[str, SyncBase] = {}
        self._known: dict[str, Event | None] = {}
        self._events_resource: Any = None
        #: Deletes pulled over pending local edits, to read back (calendar, local id,
        #: the base before the delete, Google id).
        self._rereads: list[tuple[SyncedCalendar, str, SyncBase | None, str]] = []

    @property
    def events(self) -> Any:
        # Building the resource walks the discovery document (~10 ms): once per run.
        if self._events_resource is None:
            self._events_resource = self.client.service.events()
        return self._events_resource

    # -- entry point ---------------------------------------------------------------------

    def run(self, only: str | None = None, *, refresh_calendars: bool = False) -> SyncReport:
        start = self.client.requests_made
        self.report = SyncReport()
        try:
            calendars = self.calendars(refresh=refresh_calendars)
            if only is not None:
                calendars = [c for c in calendars if only in (c.google_id, c.local.id)] or [
                    c for c in self._all_mapped() if only in (c.google_id, c.local.id)
                ]
                if not calendars:
                    raise NotFound(
                        f"no Google calendar {only!r} is known (see 'iljeong google status')"
                    )
            self.report.calendars = [c.google_id for c in calendars]
            by_local = {c.local.id: c for c in calendars}
            lunar_refresh.queue_stale(self.store, self.now().date())
            self.push(by_local)
            for cal in calendars:
                self.pull(cal)
        finally:
            self.report.requests = self.client.requests_made - start
        return self.report

    # -- calendars -----------------------------------------------------------------------

    def calendars(self, *, refresh: bool = False) -> list[SyncedCalendar]:
        """The selected Google calendars, refreshing the calendar list when it is stale."""
        state = self.store.get_state(CALENDARS_KEY)
        fresh = (
            isinstance(state, dict)
            and state.get("account") == self.account
            and self.now().timestamp() - float(state.get("fetched_at", 0))
            < self.calendar_list_max_age.total_seconds()
        )
        if refresh or not fresh or not self._all_mapped():
            self._refresh_calendar_list()
        return [c for c in self._all_mapped() if c.local.selected]

    def _all_mapped(self) -> list[SyncedCalendar]:
        state = self.store.get_state(CALENDARS_KEY)
        zones: dict[str, str] = {}
        if isinstance(state, dict):
            zones = {e["id"]: e.get("timeZone") or "UTC" for e in state.get("items", [])}
        out = []
        for cal in self.store.calendars():
            if cal.google_calendar_id and cal.google_calendar_id in zones:
                zone = cal.time_zone or zones[cal.google_calendar_id]
                out.append(SyncedCalendar(cal, cal.google_calendar_id, zone))
        return out

    def _refresh_calendar_list(self) -> None:
        items: list[dict[str, Any]] = []
        page_token: str | None = None
        while True:
            request = self.client.service.calendarList().list(maxResults=250, pageToken=page_token)
            page = self.client.must(request, "cannot read the Google calendar list")
            items.extend(i for i in page.get("items", []) if not i.get("deleted"))
            page_token = page.get("nextPageToken")
            if not page_token:
                break
        kept = [
            {
                "id": i["id"],
                "summary": i.get("summaryOverride") or i.get("summary") or i["id"],
                "primary": bool(i.get("primary")),
                "timeZone": i.get("timeZone") or "UTC",
                "accessRole": i.get("accessRole"),
                "color": i.get("backgroundColor"),
            }
            for i in items
        ]
        with self.store.transaction(origin=TARGET):
            self._map_calendars(kept)
            self.store.set_state(
                CALENDARS_KEY,
                {"account": self.account, "fetched_at": self.now().timestamp(), "items": kept},
            )

    def _map_calendars(self, items: list[dict[str, Any]]) -> None:
        """Primary <-> the default local calendar; the others become local calendars
        that are not selected (the user picks which to show and sync)."""
        local = {c.id: c for c in self.store.calendars(include_deleted=True)}
        by_google = {c.google_calendar_id: c for c in local.values() if c.google_calendar_id}
        default = self.store.default_calendar()
        for item in items:
            gid = item["id"]
            known = by_google.get(gid)
            if item["primary"]:
                if default.google_calendar_id != gid:
                    self.store.update_calendar(
                        replace(
                            default,
                            google_calendar_id=gid,
                            time_zone=default.time_zone or item["timeZone"],
                        )
                    )
                continue
            if known is not None:
                continue
            cal_id = mapping.local_calendar_id(gid)
            if cal_id in local:
                self.store.update_calendar(replace(local[cal_id], google_calendar_id=gid))
                continue
            self.store.add_calendar(
                Calendar(
                    name=item["summary"],
                    id=cal_id,
                    color=item.get("color") or "#4285f4",
                    google_calendar_id=gid,
                    selected=False,
                    time_zone=item["timeZone"],
                )
            )

    # -- shared lookups ------------------------------------------------------------------

    def bases(self) -> dict[str, SyncBase]:
        if self._bases is None:
            self._bases = {b.entity_id: b for b in self.store.bases(TARGET, ENTITY)}
            self._remote_index = {
                (str(b.data.get("calendar_id")), b.remote_id): b.entity_id
                for b in self._bases.values()
                if b.remote_id
            }
        return self._bases

    def remote_index(self) -> dict[tuple[str, str], str]:
        self.bases()
        assert self._remote_index is not None
        return self._remote_index

    def pending_ids(self) -> set[str]:
        if self._pending is None:
            ids: set[str] = set()
            for chunk in self._outbox_chunks():
                ids.update(e.entity_id for e in chunk if e.entity == ENTITY)
            self._pending = ids
        return self._pending

    def _outbox_chunks(self) -> Iterable[list[OutboxEntry]]:
        entries = self.store.pending(TARGET, limit=1_000_000)
        for i in range(0, len(entries), OUTBOX_CHUNK):
            yield entries[i : i + OUTBOX_CHUNK]

    def conflicted(self) -> dict[str, frozenset[str]]:
        """Fields of each event under an unresolved conflict with Google (never pushed)."""
        if self._conflicted is None:
            found: dict[str, set[str]] = {}
            for c in self.store.conflicts():
                if c.target == TARGET and c.entity == ENTITY:
                    found.setdefault(c.entity_id, set()).update(c.fields)
            self._conflicted = {k: frozenset(v) for k, v in found.items()}
        return self._conflicted

    def _settled(
        self, event_id: str, base: Mapping[str, Any], remote: Mapping[str, Any]
    ) -> dict[str, Any]:
        """The base of a merge: fields under an open Google conflict count as Google's
        current value, so they merge to the local side (which keeps them while the
        conflict is open) instead of raising the same conflict again; the record in
        place already tells the user both sides."""
        held = self.conflicted().get(event_id)
        return with_fields(base, remote, held) if held else dict(base)

    def _set_base(self, base: SyncBase) -> None:
        self._staged_bases[base.entity_id] = base
        bases = self.bases()
        old = bases.get(base.entity_id)
        if old is not None and old.remote_id:
            self.remote_index().pop((str(old.data.get("calendar_id")), old.remote_id), None)
        bases[base.entity_id] = base
        if base.remote_id:
            self.remote_index()[(str(base.data.get("calendar_id")), base.remote_id)] = (
                base.entity_id
            )

    def _drop_base(self, event_id: str) -> None:
        self._staged_bases.pop(event_id, None)
        old = self.bases().pop(event_id, None)
        if old is not None:
            self.store.delete_base(TARGET, ENTITY, event_id)
            if old.remote_id:
                self.remote_index().pop((str(old.data.get("calendar_id")), old.remote_id), None)

    def _base_from(self, ev: Event, item: Mapping[str, Any]) -> SyncBase:
        data = event_to_dict(ev)
        updated = mapping.updated_ms(item)
        if updated is not None:
            data[mapping.UPDATED_KEY] = updated
        return SyncBase(
            target=TARGET,
            entity=ENTITY,
            entity_id=ev.id,
            data=data,
            remote_id=str(item["id"]),
            version=item.get("etag"),
            synced_at=self.now(),
        )

    def _find(self, event_id: str) -> Event | None:
        staged = self._staged_events.get(event_id)
        if staged is not None:
            return staged
        if event_id in self._known:
            return self._known[event_id]
        try:
            return self.store.get_event(event_id, include_deleted=True)
        except NotFound:
            return None

    # Writes of a pull page are staged and written together: an import of thousands of
    # events then costs a few statements per page instead of several per event.

    def _save(self, ev: Event) -> None:
        self._staged_events[ev.id] = ev
        self.report.pulled += 1

    def _delete_local(self, event_id: str) -> None:
        self._flush()
        self.store.delete_event(event_id)
        self._known.pop(event_id, None)
        self.report.pulled += 1

    def _prefetch(self, event_ids: Iterable[str]) -> None:
        """Read the local copies of a page's events at once (None: not stored here)."""
        wanted = [i for i in dict.fromkeys(event_ids) if i not in self._known]
        if not wanted:
            return
        found = self.store.get_events(wanted, include_deleted=True)
        for event_id in wanted:
            self._known[event_id] = found.get(event_id)

    def _flush(self) -> None:
        """Write the staged events and bases (inside the caller's transaction)."""
        events = list(self._staged_events.values())
        bases = list(self._staged_bases.values())
        self._staged_events.clear()
        self._staged_bases.clear()
        if events:
            self.store.save_events(events)
        if bases:
            self.store.set_bases(bases)
        for ev in events:
            self._known.pop(ev.id, None)

    def _push_view(
        self, data: Mapping[str, Any], base: Mapping[str, Any] | None, event_id: str
    ) -> dict[str, Any]:
        """What may go to Google: fields under an unresolved conflict keep Google's value."""
        held = self.conflicted().get(event_id)
        if not held or base is None:
            return dict(data)
        return with_fields(data, base, held)

    # -- push ----------------------------------------------------------------------------

    def push(self, calendars: Mapping[str, SyncedCalendar]) -> None:
        """Send every queued local change for these calendars to Google."""
        # Series before their changed instances: an instance is patched by its series' id.
        for instances in (False, True):
            for entries in self._outbox_chunks():
                pushes: list[_Push] = []
                settled: list[OutboxEntry] = []
                for entry in entries:
                    plan = self._plan(entry, calendars, instances)
                    if plan is None:
                        continue
                    if isinstance(plan, _Push):
                        pushes.append(plan)
                    else:
                        settled.append(entry)
                if settled:
                    self.store.acknowledge(TARGET, settled)
                if pushes:
                    self._run_rounds(pushes)

    def _plan(
        self, entry: OutboxEntry, calendars: Mapping[str, SyncedCalendar], instances: bool
    ) -> _Push | bool | None:
        """A push, True (nothing to send: acknowledge), or None (not now)."""
        if entry.entity != ENTITY:
            return None if instances else True  # calendars and the rest do not go to Google
        ev = self._find(entry.entity_id)
        if ev is None:
            return None if instances else True
        if ev.is_override != instances:
            return None
        base = self.store.get_base(TARGET, ENTITY, ev.id)
        cal = calendars.get(ev.calendar_id)
        source = calendars.get(str(base.data.get("calendar_id"))) if base is not None else None
        if cal is None and source is not None and base is not None and not ev.is_override:
            # Moved into a calendar that is not on Google: it leaves Google.
            push = _Push(entry, ev, base, source, base.remote_id or _derived(ev.id))
            push.action, push.if_match = "delete", base.version
            return push
        if cal is None:
            mapped = {c.local.id: c for c in self._all_mapped()}
            if ev.calendar_id in mapped or (base and base.data.get("calendar_id") in mapped):
                return None  # a Google calendar not synced in this run
            return True  # a local-only calendar
        if base is not None and base.data.get("calendar_id") not in (None, ev.calendar_id):
            moved = self._plan_move(entry, ev, base, cal, calendars)
            if moved is not False:
                return moved
            base = None  # its old calendar is no longer on Google: a new event there
        if ev.is_override:
            return self._plan_instance(entry, ev, base, cal)
        google_id = (base.remote_id if base else None) or ev.google_event_id or _derived(ev.id)
        push = _Push(entry, ev, base, cal, google_id)
        if ev.deleted:
            if base is not None and base.data.get("deleted"):
                push.drop_base = True
                push.done = True
                return push
            push.action, push.if_match = "delete", base.version if base else None
            return push
        if base is None:
            push.action, push.body = "insert", mapping.insert_body(ev, google_id, self.now().date())
            return push
        if base.data.get("deleted"):
            return self._plan_restore(push)
        return self._plan_patch(push)

    def _plan_patch(self, push: _Push) -> _Push | bool:
        assert push.base is not None
        local = self._push_view(event_to_dict(push.event), push.base.data, push.event.id)
        body = mapping.diff(
            mapping.to_google(event_from_dict(local), self.now().date()),
            # A lunar series' RDATE years as they were when Google last had it.
            mapping.to_google(event_from_dict(push.base.data), push.base.synced_at.date()),
        )
        if not body:
            return True
        push.action, push.body, push.if_match = "patch", body, push.base.version
        return push

    def _plan_restore(self, push: _Push) -> _Push:
        """The local edit wins over a remote delete: bring the Google event back."""
        body = mapping.to_google(push.event, self.now().date())
        if push.event.is_override:
            body.pop("recurrence")
        body["status"] = "confirmed"
        push.action, push.body, push.if_match = "restore", body, None
        return push

    def _plan_instance(
        self, entry: OutboxEntry, ev: Event, base: SyncBase | None, cal: SyncedCalendar
    ) -> _Push | bool | None:
        assert ev.recurring_event_id is not None and ev.original_start is not None
        series = self._find(ev.recurring_event_id)
        if series is None or series.deleted:
            return True  # the series' delete takes its instances along
        series_base = self.store.get_base(TARGET, ENTITY, series.id)
        if series_base is None or series_base.data.get("deleted"):
            return None  # the series is not on Google yet: later
        google_id = (base.remote_id if base else None) or mapping.instance_id(
            series_base.remote_id or _derived(series.id), ev.original_start
        )
        push = _Push(entry, ev, base, cal, google_id)
        if ev.deleted or ev.cancelled:
            if base is not None and base.data.get("cancelled"):
                return True
            push.action, push.if_match = "delete", base.version if base else None
            return push
        if base is None or base.data.get("cancelled"):
            body = mapping.to_google(ev)
            body.pop("recurrence")
            body["status"] = "confirmed"
            push.action, push.body = "patch", body
            return push
        return self._plan_patch(push)

    def _plan_move(
        self,
        entry: OutboxEntry,
        ev: Event,
        base: SyncBase,
        cal: SyncedCalendar,
        calendars: Mapping[str, SyncedCalendar],
    ) -> _Push | bool | None:
        """A move on Google; False when the old calendar is not a Google one any more."""
        if ev.is_override:
            return True  # instances move with their series (Google moves them together)
        source_id = str(base.data.get("calendar_id"))
        source = calendars.get(source_id)
        if source is None:
            mapped = {c.local.id for c in self._all_mapped()}
            return None if source_id in mapped else False
        push = _Push(entry, ev, base, cal, base.remote_id or _derived(ev.id))
        if ev.deleted:  # moved, then deleted: delete it where Google has it
            push.calendar = source
            push.action, push.if_match = "delete", base.version
            return push
        push.action = "move"
        push.body = {"source": source.google_id}
        return push

    def _request(self, push: _Push) -> HttpRequest:
        cal = push.calendar.google_id
        events = self.events
        if push.action == "insert":
            req = events.insert(calendarId=cal, body=push.body, sendUpdates="none")
        elif push.action in ("patch", "restore"):
            req = events.patch(
                calendarId=cal, eventId=push.google_id, body=push.body, sendUpdates="none"
            )
        elif push.action == "delete":
            req = events.delete(calendarId=cal, eventId=push.google_id, sendUpdates="none")
        elif push.action == "move":
            assert push.body is not None
            req = events.move(
                calendarId=push.body["source"],
                eventId=push.google_id,
                destination=cal,
                sendUpdates="none",
            )
        else:
            req = events.get(calendarId=cal, eventId=push.google_id)
        if push.if_match and push.action in ("patch", "delete", "restore"):
            req.headers["If-Match"] = push.if_match
        return req

    def _run_rounds(self, pushes: list[_Push]) -> None:
        self._commit([p for p in pushes if p.done])  # settled without a request
        active = [p for p in pushes if not p.done]
        for _ in range(MAX_ROUNDS):
            if not active:
                break
            keyed = {str(i): p for i, p in enumerate(active)}
            results = self.client.call_many([(k, self._request(p)) for k, p in keyed.items()])
            for key, push in keyed.items():
                result = results.get(key)
                if result is None:
                    push.error = "no answer from Google"
                    push.done = True
                else:
                    self._advance(push, result)
            self._commit([p for p in active if p.done])
            active = [p for p in active if not p.done]
        for push in active:
            push.error = push.error or "Google kept changing the event while it was sent"
        self._commit(active)

    def _commit(self, pushes: list[_Push]) -> None:
        if not pushes:
            return
        failed: list[_Push] = []
        with self.store.transaction(origin=TARGET):
            for push in pushes:
                if push.error is not None:
                    failed.append(push)
                    continue
                if push.conflict is not None:
                    self.store.add_conflict(push.conflict)
                    self.report.conflicts += 1
                    if self._conflicted is not None:
                        held = self._conflicted.get(push.event.id, frozenset())
                        self._conflicted[push.event.id] = held | set(push.conflict.fields)
                if push.save_local is not None:
                    self._save(push.save_local)
                if push.new_base is not None:
                    self._set_base(push.new_base)
                elif push.drop_base:
                    self._drop_base(push.event.id)
                if push.wrote:
                    self.report.pushed += 1
            self._flush()
            self.store.acknowledge(TARGET, [p.entry for p in pushes if p.error is None])
        for push in failed:
            assert push.error is not None
            self.report.failed.append(f"{push.event.title}: {push.error}")
            self.store.record_failure([push.entry], push.error)

    # -- push state machine ----------------------------------------------------------------

    def _advance(self, push: _Push, result: PartResult) -> None:
        status = result.status
        action = push.action
        if action == "read":
            self._after_read(push, result)
            return
        if status < 300:
            push.wrote = True
            if action == "delete":
                self._gone(push)
            elif action == "move":
                item = result.response
                moved = self._base_from(
                    event_from_dict(
                        {
                            **(push.base.data if push.base else {}),
                            "calendar_id": push.event.calendar_id,
                        }
                    ),
                    item,
                )
                push.base = moved
                push.new_base = moved
                nxt = self._plan_patch(push)
                if nxt is True:
                    push.done = True
            else:
                self._accepted(push, result.response)
            return
        if action == "delete" and status in (404, 410):
            self._gone(push)
        elif action == "insert" and status == 409:
            self._read(push, "exists")
        elif status == 412:
            self._read(push, "changed")
        elif action in ("patch", "restore") and status in (404, 410):
            if push.event.is_override:
                self._fail(push, result, "the repeating event's instance is not on Google")
            elif action == "restore":
                self._lost_remote(push)
            else:
                self._read(push, "missing")
        else:
            self._fail(push, result, f"Google refused the {action}")

    def _fail(self, push: _Push, result: PartResult, what: str) -> None:
        assert result.error is not None
        from core.google.client import api_error

        push.error = str(api_error(result.error, what))
        push.done = True

    def _read(self, push: _Push, why: str) -> None:
        push.action, push.read_after, push.body, push.if_match = "read", why, None, None

    def _gone(self, push: _Push) -> None:
        push.done = True
        if push.event.is_override:
            push.new_base = SyncBase(
                TARGET,
                ENTITY,
                push.event.id,
                event_to_dict(push.event),
                push.google_id,
                push.base.version if push.base else None,
                self.now(),
            )
        else:
            push.drop_base = True

    def _accepted(self, push: _Push, item: Mapping[str, Any]) -> None:
        """Google holds ``item`` now; it becomes the base (as our local copy maps it)."""
        push.done = True
        try:
            remote = self._map(item, push.calendar, push.event)
        except UnsupportedEvent:
            remote = push.event
        push.new_base = self._base_from(remote, item)

    def _map(self, item: Mapping[str, Any], cal: SyncedCalendar, like: Event) -> Event:
        series = self._find(like.recurring_event_id) if like.recurring_event_id else None
        ev = mapping.from_google(
            item,
            local_id=like.id,
            calendar_id=cal.local.id,
            calendar_tz=cal.time_zone,
            series_id=like.recurring_event_id,
            series=series,
        )
        if like.is_override and ev.original_start is None:
            ev = ev.evolve(original_start=like.original_start)
        return ev

    def _lost_remote(self, push: _Push) -> None:
        """Google lost the event for good (deleted and forgotten): keep ours locally,
        record the conflict so the user knows it is no longer on Google."""
        data = event_to_dict(push.event)
        push.conflict = Conflict(
            entity=ENTITY,
            entity_id=push.event.id,
            target=TARGET,
            fields=("deleted",),
            local={"deleted": False},
            remote={"deleted": True},
            base=push.base.data if push.base else None,
        )
        push.new_base = replace(
            push.base or SyncBase(TARGET, ENTITY, push.event.id, data),
            data={**data, "deleted": True},
            synced_at=self.now(),
        )
        push.done = True

    def _take_last_remote_edits(self, push: _Push, item: Mapping[str, Any]) -> None:
        """Merge the last content of a Google event deleted there into the local edit
        that brings it back (see ``_merge_last_remote``)."""
        merged, conflict = self._merge_last_remote(push.base, push.event, push.calendar, item)
        if conflict is not None:
            push.conflict = conflict
        if merged is not None:
            push.event = push.save_local = merged

    def _merge_last_remote(
        self, base: SyncBase | None, local: Event, cal: SyncedCalendar, item: Mapping[str, Any]
    ) -> tuple[Event | None, Conflict | None]:
        """Google's last content of an event deleted there (``item``, as a read returns
        it) merged three ways into the local edit that brings it back: the merged event
        (None: the local one stands as it is) and a conflict for fields both sides
        changed (they keep the local value; Google's is in the record, nothing is dropped
        silently)."""
        if base is None or base.data.get("deleted") or "start" not in item:
            return None, None  # nothing to measure Google's changes against, or no content
        try:
            live = {**item, "status": "confirmed"}
            remote_d = event_to_dict(self._map(live, cal, local))
        except (UnsupportedEvent, InvalidInput):
            return None, None
        local_d = event_to_dict(local)
        result = merge(base.data, local_d, remote_d)
        conflict = None
        if result.conflicts:
            conflict = Conflict(
                entity=ENTITY,
                entity_id=local.id,
                target=TARGET,
                fields=result.conflicts,
                local={f: local_d.get(f) for f in result.conflicts},
                remote={f: remote_d.get(f) for f in result.conflicts},
                base={f: base.data.get(f) for f in result.conflicts},
            )
        if _mergeable(result.merged) == _mergeable(local_d):
            return None, conflict
        try:
            merged = event_from_dict(result.merged)
        except InvalidInput:
            return None, conflict
        return merged.evolve(source=local.source, source_ref=local.source_ref), conflict

    def _read_deleted(self) -> None:
        """Deletes pulled over pending local edits (the edit wins): read each deleted
        event for its last content (a pulled cancelled item has none) and merge it into
        the local edit as a push's read would (``_merge_last_remote``)."""
        rereads, self._rereads = self._rereads, []
        for cal, local_id, base, google_id in rereads:
            result = self.client.call(self.events.get(calendarId=cal.google_id, eventId=google_id))
            if result.error is not None:
                continue  # gone for good or unreadable: the local edit comes back as it is
            with self.store.transaction(origin=TARGET):
                local = self._find(local_id)
                if local is None or local.deleted or local_id not in self.pending_ids():
                    continue
                merged, conflict = self._merge_last_remote(base, local, cal, result.response)
                if conflict is not None:
                    self.store.add_conflict(conflict)
                    self.report.conflicts += 1
                    held = self.conflicted().get(local_id, frozenset())
                    self.conflicted()[local_id] = held | set(conflict.fields)
                if merged is not None:
                    self._save(merged)
                    self._flush()

    def _after_read(self, push: _Push, result: PartResult) -> None:
        if result.status in (404, 410):
            if push.read_after == "exists":
                if push.event.is_override or push.event.deleted or push.reborn:
                    self._fail(push, result, "Google reports the event both existing and missing")
                    return
                # Deleted in Google and forgotten there: the id stays taken (409) but cannot
                # be read or restored. Insert under a new id derived from the taken one (the
                # same on every device) and keep it on the event so every replica knows it.
                google_id = _reborn(push.google_id)
                push.reborn = True
                push.google_id = google_id
                push.event = push.save_local = push.event.evolve(google_event_id=google_id)
                push.action, push.if_match = "insert", None
                push.body = mapping.insert_body(push.event, google_id, self.now().date())
                return
            elif push.entry.op == "delete" or push.event.deleted:
                self._gone(push)
            else:
                self._lost_remote(push)
            return
        if result.error is not None:
            self._fail(push, result, "cannot read the event back from Google")
            return
        item = result.response
        if item.get("status") == "cancelled":
            if push.event.deleted or push.event.cancelled:
                push.wrote = True
                self._gone(push)
                return
            # Deleted on Google, edited here: the edit wins, and what Google's copy had
            # changed before it was deleted comes back with it (a read carries it all).
            self._take_last_remote_edits(push, item)
            push.base = replace(
                push.base or SyncBase(TARGET, ENTITY, push.event.id, event_to_dict(push.event)),
                version=item.get("etag"),
            )
            self._plan_restore(push)
            push.if_match = item.get("etag")
            return
        try:
            remote_ev = self._map(item, push.calendar, push.event)
        except UnsupportedEvent as exc:
            push.error = f"Google's copy cannot be read here ({exc})"
            push.done = True
            return
        remote_d = event_to_dict(remote_ev)
        if push.event.deleted:
            # Deleted here, edited on Google: the edit wins and comes back.
            push.save_local = remote_ev.evolve(
                source=push.event.source, source_ref=push.event.source_ref
            )
            push.new_base = self._base_from(remote_ev, item)
            push.done = True
            return
        base_d = (
            push.base.data if push.base is not None and push.read_after != "exists" else remote_d
        )
        local_d = event_to_dict(push.event)
        result_m = merge(self._settled(push.event.id, base_d, remote_d), local_d, remote_d)
        if result_m.conflicts:
            push.conflict = Conflict(
                entity=ENTITY,
                entity_id=push.event.id,
                target=TARGET,
                fields=result_m.conflicts,
                local={f: local_d.get(f) for f in result_m.conflicts},
                remote={f: remote_d.get(f) for f in result_m.conflicts},
                base={f: base_d.get(f) for f in result_m.conflicts},
            )
        merged_local = result_m.merged
        if _mergeable(merged_local) != _mergeable(local_d):
            try:
                push.save_local = event_from_dict(merged_local).evolve(
                    source=push.event.source, source_ref=push.event.source_ref
                )
            except InvalidInput:
                push.error = "the merged event is not valid; kept for the next sync"
                push.done = True
                return
        view = self._push_view(result_m.remote_view(remote_d), remote_d, push.event.id)
        try:
            body = mapping.diff(
                mapping.to_google(event_from_dict(view)), mapping.to_google(remote_ev)
            )
        except InvalidInput:
            body = {}
        new_base = self._base_from(remote_ev, item)
        if not body:
            push.new_base = new_base
            push.done = True
            return
        push.base = new_base
        push.action, push.body, push.if_match = "patch", body, item.get("etag")

    # -- pull ----------------------------------------------------------------------------

    def pull(self, cal: SyncedCalendar) -> None:
        state = self.store.get_state(token_key(cal.google_id))
        token = (
            state.get("token")
            if isinstance(state, dict) and state.get("account") == self.account
            else None
        )
        resynced = False
        while True:
            seen: set[str] | None = None if token else set()
            deferred: list[dict[str, Any]] = []
            next_token = self._list(cal, token, seen, deferred)
            if next_token is None:  # the token was refused: list everything once
                if resynced or token is None:
                    raise GoogleApiError("Google refused a full listing of the calendar")
                resynced = True
                self.report.full_resyncs += 1
                token = None
                continue
            break
        with self.store.transaction(origin=TARGET):
            for item in deferred:
                self._apply(cal, item, seen, None)
            self._flush()
            if seen is not None:
                self._vanished(cal, seen)
            self._flush()
            if next_token != token:
                self.store.set_state(
                    token_key(cal.google_id), {"account": self.account, "token": next_token}
                )
        self._read_deleted()

    def _list(
        self,
        cal: SyncedCalendar,
        token: str | None,
        seen: set[str] | None,
        deferred: list[dict[str, Any]],
    ) -> str | None:
        """Apply every page; the new sync token, or None when Google refused ``token``."""
        page_token: str | None = None
        while True:
            params: dict[str, Any] = {"calendarId": cal.google_id, "maxResults": PAGE_SIZE}
            if token:
                params["syncToken"] = token
            if page_token:
                params["pageToken"] = page_token
            result = self.client.call(self.events.list(**params))
            if result.error is not None:
                if token and (
                    result.status == 410 or (result.status == 400 and result.reason == "invalid")
                ):
                    log.info("google sync token for a calendar refused (%s)", result.status)
                    return None
                from core.google.client import api_error

                raise api_error(result.error, "cannot list the events of a Google calendar")
            page = result.response
            items = sorted(page.get("items", []), key=lambda i: "recurringEventId" in i)
            if items:
                with self.store.transaction(origin=TARGET):
                    self._prefetch_page(cal, items)
                    for item in items:
                        self._apply(cal, item, seen, deferred)
                    self._flush()
                self._known.clear()
                self._read_deleted()
            page_token = page.get("nextPageToken")
            if not page_token:
                found = page.get("nextSyncToken")
                if not found:
                    raise GoogleApiError("Google's last page of events carried no sync token")
                return str(found)

    def _prefetch_page(self, cal: SyncedCalendar, items: list[dict[str, Any]]) -> None:
        index = self.remote_index()
        ids = []
        for item in items:
            for gid in (item.get("id"), item.get("recurringEventId")):
                if gid:
                    key = str(gid)
                    ids.append(
                        index.get((cal.local.id, key)) or mapping.local_event_id(cal.google_id, key)
                    )
        self._prefetch(ids)

    def _local_id(self, cal: SyncedCalendar, item: Mapping[str, Any], series: Event | None) -> str:
        gid = str(item["id"])
        known = self.remote_index().get((cal.local.id, gid))
        if known is not None:
            return known
        if series is not None and item.get("originalStartTime"):
            try:
                original = mapping.parse_point(item["originalStartTime"], series.tz)
            except UnsupportedEvent:
                original = None
            if original is not None:
                for inst in self.store.instances_of(series.id):
                    if inst.original_start is not None and _same_point(
                        inst.original_start, original
                    ):
                        return inst.id
        return mapping.local_event_id(cal.google_id, gid)

    def _apply(
        self,
        cal: SyncedCalendar,
        item: dict[str, Any],
        seen: set[str] | None,
        deferred: list[dict[str, Any]] | None,
    ) -> None:
        series: Event | None = None
        series_gid = item.get("recurringEventId")
        if series_gid:
            series_id = self.remote_index().get(
                (cal.local.id, str(series_gid))
            ) or mapping.local_event_id(cal.google_id, str(series_gid))
            series = self._find(series_id)
            if series is None or series.deleted:
                if deferred is not None:
                    deferred.append(item)
                return
        local_id = self._local_id(cal, item, series)
        if seen is not None:
            seen.add(local_id)
        base = self.bases().get(local_id)
        if (
            base is not None
            and base.version == item.get("etag")
            and base.remote_id == item["id"]
            and (item.get("status") == "cancelled" or self._find(local_id) is not None)
        ):
            # What we already have (often the echo of our own write). A base handed over
            # with the lease may come before its event does: then the event is made here.
            return
        if (
            base is not None
            and item.get("status") == "cancelled"
            and base.data.get("calendar_id") not in (None, cal.local.id)
        ):
            return  # the tombstone a move to another calendar left behind
        local = self._find(local_id)
        pending = local_id in self.pending_ids()
        if (
            item.get("status") == "cancelled"
            and local is not None
            and local.calendar_id != cal.local.id
        ):
            return  # it lives in another calendar now (moved); this is what it left behind
        if item.get("status") == "cancelled":
            self._apply_cancel(cal, item, local_id, local, base, series, pending)
            return
        try:
            remote = mapping.from_google(
                item,
                local_id=local_id,
                calendar_id=cal.local.id,
                calendar_tz=cal.time_zone,
                series_id=series.id if series else None,
                synced_at=self.now(),
            )
        except UnsupportedEvent as exc:
            self.report.skipped.append(f"{item.get('summary') or item['id']}: {exc}")
            return
        new_base = self._base_from(remote, item)
        if local is None:
            self._save(remote)
            self._set_base(new_base)
            return
        remote = remote.evolve(source=local.source, source_ref=local.source_ref)
        remote_d = event_to_dict(remote)
        local_d = event_to_dict(local)
        if local.deleted and pending:
            target_d = remote_d  # deleted here, edited there: the edit wins
        elif not pending:
            target_d = remote_d
            held = self.conflicted().get(local_id)
            if held:
                target_d = with_fields(remote_d, local_d, held)
        else:
            base_d = base.data if base is not None and not base.data.get("deleted") else remote_d
            result = merge(self._settled(local_id, base_d, remote_d), local_d, remote_d)
            target_d = result.merged
            if result.conflicts:
                self.store.add_conflict(
                    Conflict(
                        entity=ENTITY,
                        entity_id=local_id,
                        target=TARGET,
                        fields=result.conflicts,
                        local={f: local_d.get(f) for f in result.conflicts},
                        remote={f: remote_d.get(f) for f in result.conflicts},
                        base={f: base_d.get(f) for f in result.conflicts},
                    )
                )
                self.report.conflicts += 1
                held = self.conflicted().get(local_id, frozenset())
                self.conflicted()[local_id] = held | set(result.conflicts)
        if _mergeable(target_d) != _mergeable(local_d) or local.deleted:
            try:
                updated = event_from_dict(target_d)
            except InvalidInput as exc:
                self.report.skipped.append(f"{remote.title}: {exc}")
                return
            self._save(updated.evolve(google_etag=item.get("etag"), last_synced_at=self.now()))
        self._set_base(new_base)

    def _apply_cancel(
        self,
        cal: SyncedCalendar,
        item: Mapping[str, Any],
        local_id: str,
        local: Event | None,
        base: SyncBase | None,
        series: Event | None,
        pending: bool,
    ) -> None:
        if series is not None:  # one instance of a series was cancelled
            try:
                remote = mapping.from_google(
                    item,
                    local_id=local_id,
                    calendar_id=cal.local.id,
                    calendar_tz=cal.time_zone,
                    series_id=series.id,
                    series=series,
                )
            except UnsupportedEvent as exc:
                self.report.skipped.append(f"{item['id']}: {exc}")
                return
            if local is not None and pending and not (local.cancelled or local.deleted):
                # Edited here, cancelled there: the edit wins (pushed back next time).
                self._set_base(replace(self._base_from(remote, item), data=event_to_dict(remote)))
                return
            if local is None or not local.cancelled or local.deleted:
                saved = remote if local is None else local.evolve(cancelled=True, deleted=False)
                self._save(saved)
            self._set_base(self._base_from(remote, item))
            return
        if local is None or local.deleted:
            self._drop_base(local_id)
            return
        if pending:
            # Edited here, deleted there: the edit wins and is pushed back, with what
            # Google's copy had changed before the delete (read after this page).
            self._rereads.append((cal, local_id, base, str(item["id"])))
            data = base.data if base is not None else event_to_dict(local)
            self._set_base(
                SyncBase(
                    TARGET,
                    ENTITY,
                    local_id,
                    {**data, "deleted": True},
                    str(item["id"]),
                    item.get("etag"),
                    self.now(),
                )
            )
            return
        self._delete_local(local_id)
        self._drop_base(local_id)

    def _vanished(self, cal: SyncedCalendar, seen: set[str]) -> None:
        """After a full listing: synced events Google no longer lists were deleted there."""
        for event_id, base in list(self.bases().items()):
            if event_id in seen or base.data.get("calendar_id") != cal.local.id:
                continue
            if base.data.get("deleted") or base.data.get("recurring_event_id"):
                continue
            local = self._find(event_id)
            if local is None or local.deleted:
                self._drop_base(event_id)
                continue
            if event_id in self.pending_ids():
                if base.remote_id:
                    self._rereads.append((cal, event_id, base, base.remote_id))
                self._set_base(replace(base, data={**base.data, "deleted": True}))
                continue
            self._delete_local(event_id)
            self._drop_base(event_id)


def _derived(local_id: str) -> str:
    from core.ids import google_event_id

    return google_event_id(local_id)


def _reborn(google_id: str) -> str:
    """The Google id for inserting again an event whose id Google holds as deleted and
    forgotten: derived from that id, so every device picks the same one."""
    import uuid

    return _derived(str(uuid.uuid5(uuid.NAMESPACE_URL, f"iljeong:google-reinsert:{google_id}")))


def _mergeable(data: Mapping[str, Any]) -> tuple[Any, ...]:
    from core.store.codec import EVENT_FIELDS

    return tuple(data.get(f) for f in EVENT_FIELDS)


def _same_point(a: Any, b: Any) -> bool:
    if isinstance(a, datetime) and isinstance(b, datetime):
        return a.timestamp() == b.timestamp()
    if isinstance(a, datetime) or isinstance(b, datetime):
        return False
    return bool(a == b)
