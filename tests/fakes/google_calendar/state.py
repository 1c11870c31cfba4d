"""The emulator's data: accounts, calendars, events, and the Calendar API operations on them.

Nothing here knows about HTTP. Every public method is called with the world's lock held
(``World.lock``); the HTTP layer and the backdoor methods of ``FakeGoogle`` take it.

Ordering: each write gets the next value of one global ``serial``. A calendar keeps an
append-only log of (serial, event id) in serial order, so an incremental list ("changed
after serial S") and paging of the default order are a bisect plus a scan of the page.
"""

from __future__ import annotations

import base64
import bisect
import copy
import hashlib
import hmac
import json
import random
import re
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from . import errors, recurrence
from .errors import bad_request
from .times import When, format_updated, parse_rfc3339, parse_when, zone

BASE32HEX = "0123456789abcdefghijklmnopqrstuv"
_ID_RE = re.compile(r"^[a-v0-9]{5,1024}$")

#: Fields the server owns: ignored in insert/update/patch bodies.
READ_ONLY = frozenset(
    {
        "kind",
        "etag",
        "id",
        "htmlLink",
        "created",
        "updated",
        "creator",
        "organizer",
        "iCalUID",
        "recurringEventId",
        "originalStartTime",
        "start",
        "end",
        "hangoutLink",
        "privateCopy",
    }
)
SYNC_FORBIDDEN = (
    "iCalUID",
    "orderBy",
    "privateExtendedProperty",
    "q",
    "sharedExtendedProperty",
    "timeMin",
    "timeMax",
    "updatedMin",
)
DEFAULT_REMINDERS = [{"method": "popup", "minutes": 10}]
MAX_PAGE = 2500
EXPANSION_HORIZON = timedelta(days=730)
MAX_INSTANCES_PER_SERIES = 10_000


class Query:
    """A multi-valued query string (``{"eventTypes": ["default", "focusTime"]}``)."""

    def __init__(self, values: Mapping[str, list[str]]) -> None:
        self.values = values

    def __contains__(self, key: str) -> bool:
        return key in self.values

    def get(self, key: str, default: str | None = None) -> str | None:
        found = self.values.get(key)
        return found[-1] if found else default

    def all(self, key: str) -> list[str]:
        return list(self.values.get(key, []))

    def flag(self, key: str, default: bool = False) -> bool:
        raw = self.get(key)
        if raw is None:
            return default
        if raw.lower() in ("true", "1"):
            return True
        if raw.lower() in ("false", "0"):
            return False
        raise bad_request(f"Invalid value for: {key}", location=key, location_type="parameter")

    def integer(self, key: str, default: int) -> int:
        raw = self.get(key)
        if raw is None:
            return default
        try:
            return int(raw)
        except ValueError:
            raise bad_request(
                f"Invalid value '{raw}'. Values must match the following regular expression: "
                "'-?\\d+'",
                location=key,
                location_type="parameter",
            ) from None

    def time(self, key: str) -> datetime | None:
        raw = self.get(key)
        return None if raw is None else parse_rfc3339(raw, key)


@dataclass(slots=True)
class StoredEvent:
    """One stored event: a single event, a series, or an exception of a series.

    Writes replace the object (never mutate it), so a page cache can hold references.
    """

    id: str
    body: dict[str, Any]
    start: When
    end: When
    serial: int
    updated: datetime
    recurring_event_id: str | None = None
    original_start: When | None = None

    @property
    def cancelled(self) -> bool:
        return bool(self.body.get("status") == "cancelled")

    @property
    def recurrence(self) -> list[str] | None:
        rec = self.body.get("recurrence")
        return rec if rec and self.recurring_event_id is None else None

    @property
    def etag(self) -> str:
        return str(self.body["etag"])


@dataclass
class Calendar:
    id: str
    owner: str
    summary: str
    time_zone: str
    primary: bool = False
    hidden: bool = False
    deleted: bool = False
    list_serial: int = 0
    events: dict[str, StoredEvent] = field(default_factory=dict)
    #: series id -> {instance suffix: exception id}
    exceptions: dict[str, dict[str, str]] = field(default_factory=dict)
    reserved: set[str] = field(default_factory=set)
    log_serials: list[int] = field(default_factory=list)
    log_ids: list[str] = field(default_factory=list)
    stale: int = 0
    generation: int = 0
    purged_through: int = 0
    purged_at: datetime | None = None
    last_serial: int = 0
    updated: datetime | None = None

    @property
    def tz(self) -> ZoneInfo:
        return zone(self.time_zone)


@dataclass
class Account:
    """A Google account of the fake. ``calendar_ids[0]`` is the primary calendar (== email)."""

    email: str
    sub: str
    calendar_ids: list[str] = field(default_factory=list)
    list_generation: int = 0
    #: calendarList entry names as given to add_account/add_calendar -> calendar id
    names: dict[str, str] = field(default_factory=dict)

    @property
    def primary(self) -> str:
        return self.calendar_ids[0]


Item = tuple[StoredEvent, When | None]  # (event, None) or (series, original start of instance)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class World:
    def __init__(self, seed: int, clock: Callable[[], datetime]) -> None:
        self.rng = random.Random(f"ids-{seed}")
        self.secret = hashlib.sha256(f"fake-google-{seed}".encode()).digest()
        self.clock = clock
        self.serial = 0
        self.last_time: datetime | None = None
        self.accounts: dict[str, Account] = {}
        self.calendars: dict[str, Calendar] = {}
        self.page_cache: OrderedDict[str, list[Item]] = OrderedDict()
        self.cache_counter = 0
        self.occurrence_cache: OrderedDict[
            tuple[str, str, int], tuple[datetime, list[When], list[datetime]]
        ] = OrderedDict()
        self.batch_conflicts = True

    # -- clocks, ids, tokens ---------------------------------------------------------------
    def now(self) -> datetime:
        """The clock, strictly increasing by at least 1 ms between writes."""
        moment = self.clock().astimezone(UTC)
        moment = moment.replace(microsecond=moment.microsecond // 1000 * 1000)
        if self.last_time is not None and moment <= self.last_time:
            moment = self.last_time + timedelta(milliseconds=1)
        self.last_time = moment
        return moment

    def next_serial(self) -> int:
        self.serial += 1
        return self.serial

    def new_id(self, length: int = 26) -> str:
        return "".join(self.rng.choice(BASE32HEX) for _ in range(length))

    def etag_for(self, serial: int) -> str:
        return f'"{3_180_000_000_000_000 + serial * 1000}"'

    def _sign(self, payload: list[Any]) -> str:
        raw = json.dumps(payload, separators=(",", ":")).encode()
        mac = hmac.new(self.secret, raw, hashlib.sha256).digest()[:8]
        return _b64(mac + raw)

    def _unsign(self, token: str) -> list[Any] | None:
        try:
            data = _unb64(token)
        except (ValueError, TypeError):
            return None
        mac, raw = data[:8], data[8:]
        if not hmac.compare_digest(mac, hmac.new(self.secret, raw, hashlib.sha256).digest()[:8]):
            return None
        try:
            payload = json.loads(raw)
        except ValueError:
            return None
        return payload if isinstance(payload, list) else None

    # -- accounts and calendars ------------------------------------------------------------
    def add_account(self, email: str, sub: str, time_zone: str) -> Account:
        if email in self.accounts:
            raise ValueError(f"account {email} exists")
        account = Account(email=email, sub=sub)
        self.accounts[email] = account
        self.add_calendar(account, "primary", time_zone=time_zone, primary=True)
        return account

    def add_calendar(
        self,
        account: Account,
        name: str,
        *,
        time_zone: str,
        primary: bool = False,
        hidden: bool = False,
    ) -> Calendar:
        if primary:
            cal_id = account.email
            summary = account.email
        elif "@" in name:
            cal_id, summary = name, name
        else:
            slug = re.sub(r"[^a-z0-9]+", "", name.lower()) or "calendar"
            cal_id, summary = f"{slug}@group.calendar.google.com", name
        if cal_id in self.calendars:
            raise ValueError(f"calendar {cal_id} exists")
        zone(time_zone)
        cal = Calendar(
            id=cal_id,
            owner=account.email,
            summary=summary,
            time_zone=time_zone,
            primary=primary,
            hidden=hidden,
            list_serial=self.next_serial(),
        )
        self.calendars[cal_id] = cal
        account.calendar_ids.append(cal_id)
        account.names[name] = cal_id
        return cal

    def remove_calendar(self, cal: Calendar) -> None:
        cal.deleted = True
        cal.list_serial = self.next_serial()

    def resolve(self, calendar_id: str, account: Account | None = None) -> Calendar:
        """A calendar by id, by the name given when it was added, or "primary"."""
        if account is not None:
            if calendar_id == "primary":
                calendar_id = account.primary
            cal = self.calendars.get(calendar_id)
            if cal is None or cal.owner != account.email or cal.deleted:
                raise errors.not_found()
            return cal
        if calendar_id in self.calendars:
            return self.calendars[calendar_id]
        for acc in self.accounts.values():
            if calendar_id in acc.names:
                return self.calendars[acc.names[calendar_id]]
        if calendar_id == "primary" and self.accounts:
            return self.calendars[next(iter(self.accounts.values())).primary]
        raise KeyError(f"no calendar {calendar_id!r} in the fake")

    # -- the event log ---------------------------------------------------------------------
    def _store(self, cal: Calendar, event: StoredEvent) -> StoredEvent:
        if event.id in cal.events:
            cal.stale += 1
        cal.events[event.id] = event
        cal.log_serials.append(event.serial)
        cal.log_ids.append(event.id)
        cal.last_serial = event.serial
        cal.updated = event.updated
        if event.recurring_event_id and event.original_start is not None:
            suffix = recurrence.instance_suffix(event.original_start)
            cal.exceptions.setdefault(event.recurring_event_id, {})[suffix] = event.id
        if cal.stale > len(cal.events) + 1024:
            self._compact(cal)
        return event

    def _compact(self, cal: Calendar) -> None:
        live = sorted(cal.events.values(), key=lambda e: e.serial)
        cal.log_serials = [e.serial for e in live]
        cal.log_ids = [e.id for e in live]
        cal.stale = 0

    def _scan(self, cal: Calendar, after: int, upto: int) -> Iterator[StoredEvent]:
        """Current events whose last change has serial in (after, upto], in serial order."""
        i = bisect.bisect_right(cal.log_serials, after)
        serials, ids, events = cal.log_serials, cal.log_ids, cal.events
        while i < len(serials):
            serial = serials[i]
            if serial > upto:
                return
            event = events.get(ids[i])
            if event is not None and event.serial == serial:
                yield event
            i += 1

    # -- building events -------------------------------------------------------------------
    def _validate_times(self, start: When, end: When) -> None:
        if start.all_day != end.all_day:
            raise bad_request("Start and end times must either both be date or both be dateTime.")
        if start.day is not None and end.day is not None:
            if end.day <= start.day:
                raise errors.time_range_empty()
        elif start.instant is not None and end.instant is not None and end.instant < start.instant:
            raise errors.time_range_empty()

    def _times_from(self, body: Mapping[str, Any]) -> tuple[When, When]:
        if body.get("start") is None:
            raise errors.required("Missing start time.")
        if body.get("end") is None:
            raise errors.required("Missing end time.")
        start = parse_when(body["start"], "start")
        end = parse_when(body["end"], "end")
        self._validate_times(start, end)
        return start, end

    def _check_recurrence(self, body: dict[str, Any], start: When, is_exception: bool) -> None:
        rec = body.get("recurrence")
        if rec is None or rec == [] or is_exception:
            body.pop("recurrence", None)
            return
        if start.instant is not None and not start.tz:
            raise bad_request("Missing time zone definition for start time.")
        body["recurrence"] = recurrence.validate(rec, start)

    def _writable(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return {k: copy.deepcopy(v) for k, v in body.items() if k not in READ_ONLY}

    def _finish(
        self,
        cal: Calendar,
        event_id: str,
        fields: dict[str, Any],
        start: When,
        end: When,
        *,
        previous: StoredEvent | None,
        recurring_event_id: str | None = None,
        original_start: When | None = None,
        ical_uid: str | None = None,
    ) -> StoredEvent:
        """Store a new version of an event: server fields, sequence, etag, updated."""
        serial = self.next_serial()
        now = self.now()
        status = fields.get("status") or "confirmed"
        if status not in ("confirmed", "tentative", "cancelled"):
            raise bad_request("Invalid value for: status")
        fields["status"] = status
        current_sequence = int(previous.body.get("sequence", 0)) if previous else 0
        if "sequence" in fields:
            try:
                wanted = int(fields["sequence"])
            except (TypeError, ValueError):
                raise bad_request("Invalid sequence value.") from None
            if wanted < current_sequence:
                raise bad_request(
                    "Invalid sequence value. The specified sequence number is below the "
                    "current sequence number of the resource to update."
                )
        else:
            wanted = current_sequence
        if (
            previous is not None
            and wanted == current_sequence
            and (
                previous.start != start
                or previous.end != end
                or previous.body.get("recurrence") != fields.get("recurrence")
            )
        ):
            wanted = current_sequence + 1
        fields["sequence"] = wanted
        if "reminders" not in fields:
            fields["reminders"] = {"useDefault": True}
        fields.setdefault("eventType", "default")
        if previous is None:
            created = format_updated(now)
            uid = ical_uid or f"{event_id}@google.com"
        else:
            created = str(previous.body["created"])
            uid = str(previous.body["iCalUID"])
        owner = {"email": cal.owner, "self": True}
        organizer: dict[str, Any] = {"email": cal.id, "self": True}
        if not cal.primary:
            organizer["displayName"] = cal.summary
        eid = _b64(f"{event_id} {cal.id}".encode())
        body: dict[str, Any] = {
            "kind": "calendar#event",
            "etag": self.etag_for(serial),
            "id": event_id,
            "status": status,
            "htmlLink": f"https://www.google.com/calendar/event?eid={eid}",
            "created": created,
            "updated": format_updated(now),
        }
        updated = now
        if previous is not None and self._only_reminders_changed(previous.body, fields):
            # "Changing only the reminders does not change updated" (DISC Event.updated).
            body["updated"] = previous.body["updated"]
            updated = previous.updated
        for key, value in fields.items():
            if key not in body:
                body[key] = value
        body["creator"] = owner
        body["organizer"] = organizer
        body["iCalUID"] = uid
        event = StoredEvent(
            id=event_id,
            body=body,
            start=start,
            end=end,
            serial=serial,
            updated=updated,
            recurring_event_id=recurring_event_id,
            original_start=original_start,
        )
        return self._store(cal, event)

    @staticmethod
    def _only_reminders_changed(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
        ignore = READ_ONLY | {"sequence", "status", "reminders", "eventType"}
        if old.get("reminders") == new.get("reminders"):
            return False
        if old.get("status") != new.get("status"):
            return False
        a = {k: v for k, v in old.items() if k not in ignore}
        b = {k: v for k, v in new.items() if k not in ignore}
        return a == b

    # -- rendering -------------------------------------------------------------------------
    def render(self, event: StoredEvent, tz: ZoneInfo, minimal: bool = False) -> dict[str, Any]:
        if minimal:
            out: dict[str, Any] = {
                "kind": "calendar#event",
                "etag": event.body["etag"],
                "id": event.id,
                "status": "cancelled",
            }
        else:
            out = dict(event.body)
            out["start"] = event.start.render(tz)
            out["end"] = event.end.render(tz)
        if event.recurring_event_id is not None and event.original_start is not None:
            out["recurringEventId"] = event.recurring_event_id
            out["originalStartTime"] = event.original_start.render(tz)
        return out

    def render_instance(
        self, series: StoredEvent, original: When, tz: ZoneInfo, minimal: bool = False
    ) -> dict[str, Any]:
        instance_id = f"{series.id}_{recurrence.instance_suffix(original)}"
        if minimal:
            return {
                "kind": "calendar#event",
                "etag": series.body["etag"],
                "id": instance_id,
                "status": "cancelled",
                "recurringEventId": series.id,
                "originalStartTime": original.render(tz),
            }
        out = dict(series.body)
        out.pop("recurrence", None)
        out["id"] = instance_id
        out["start"] = original.render(tz)
        out["end"] = self._instance_end(series, original).render(tz)
        out["recurringEventId"] = series.id
        out["originalStartTime"] = original.render(tz)
        return out

    @staticmethod
    def _instance_end(series: StoredEvent, original: When) -> When:
        if series.start.day is not None and series.end.day is not None:
            return original.shifted(series.end.day - series.start.day)
        assert series.start.instant is not None and series.end.instant is not None
        return original.shifted(series.end.instant - series.start.instant)

    # -- recurrence helpers ----------------------------------------------------------------
    def occurrences(
        self,
        series: StoredEvent,
        until: datetime | None,
        cal: Calendar,
        after: datetime | None = None,
    ) -> Iterator[When]:
        """Original starts of the series' instances before ``until`` (default: a horizon
        of two years past today or the series start). Cached per event version; with
        ``after`` (instances starting before it are not wanted) computed lazily instead."""
        rec = series.recurrence
        if not rec:
            return iter(())
        key = (cal.id, series.id, series.serial)
        if after is not None and key not in self.occurrence_cache:
            horizon = until or self._default_horizon(series, cal)
            return recurrence.original_starts(
                rec, series.start, until=horizon, limit=MAX_INSTANCES_PER_SERIES, after=after
            )
        horizon = until or self._default_horizon(series, cal)
        cached = self.occurrence_cache.get(key)
        if cached is None or cached[0] < horizon:
            whens = list(
                recurrence.original_starts(
                    rec, series.start, until=horizon, limit=MAX_INSTANCES_PER_SERIES
                )
            )
            cached = (horizon, whens, [w.moment(cal.tz) for w in whens])
            self.occurrence_cache[key] = cached
            while len(self.occurrence_cache) > 4096:
                self.occurrence_cache.popitem(last=False)
        self.occurrence_cache.move_to_end(key)
        _, whens, moments = cached
        return iter(whens[: bisect.bisect_left(moments, horizon)])

    def _default_horizon(self, series: StoredEvent, cal: Calendar) -> datetime:
        today = self.clock().astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        return max(today, series.start.moment(cal.tz)) + EXPANSION_HORIZON

    def _first_end_after(
        self, cal: Calendar, series: StoredEvent, lo: datetime, hi: datetime | None
    ) -> bool:
        """Does an instance of the series end after ``lo`` (and start before ``hi``)?"""
        length = series.end.moment(cal.tz) - series.start.moment(cal.tz)
        for occ in self.occurrences(series, hi, cal, after=lo - length - timedelta(days=1)):
            if self._instance_end(series, occ).moment(cal.tz) > lo:
                return True
        return False

    def _find_occurrence(self, cal: Calendar, series: StoredEvent, wanted: When) -> When | None:
        if wanted.all_day != series.start.all_day:
            return None
        target = wanted.moment(cal.tz)
        for occ in self.occurrences(series, target + timedelta(seconds=1), cal):
            if occ.day == wanted.day and occ.instant == wanted.instant:
                return occ
            if occ.moment(cal.tz) > target:
                return None
        return None

    def _series_in_window(
        self, cal: Calendar, series: StoredEvent, lo: datetime | None, hi: datetime | None
    ) -> bool:
        if hi is not None and series.start.moment(cal.tz) >= hi:
            return False
        if lo is None:
            return True
        return self._first_end_after(cal, series, lo, hi)

    def lookup(self, cal: Calendar, event_id: str) -> tuple[StoredEvent | None, Item | None]:
        """(stored event, None) or (None, virtual instance) or (None, None)."""
        event = cal.events.get(event_id)
        if event is not None:
            return event, None
        split = recurrence.split_instance_id(event_id)
        if split is None:
            return None, None
        series = cal.events.get(split[0])
        if series is None or not series.recurrence:
            return None, None
        occ = self._find_occurrence(cal, series, split[1])
        return (None, (series, occ)) if occ is not None else (None, None)

    # -- events: get / insert / patch / update / delete -----------------------------------
    def get_event(self, cal: Calendar, event_id: str, tz: ZoneInfo) -> dict[str, Any]:
        event, instance = self.lookup(cal, event_id)
        if event is not None:
            return self.render(event, tz)
        if instance is not None:
            series, occ = instance
            assert occ is not None
            return self.render_instance(series, occ, tz)
        raise errors.not_found()

    def insert_event(self, cal: Calendar, body: Any) -> StoredEvent:
        if not isinstance(body, dict):
            raise bad_request("Parse Error", reason="parseError")
        event_id = body.get("id")
        parent_id = body.get("recurringEventId")
        start, end = self._times_from(body)
        if parent_id is not None:
            return self._insert_exception(cal, body, str(parent_id), start, end)
        if event_id is not None:
            if not isinstance(event_id, str) or not _ID_RE.match(event_id):
                raise bad_request("Invalid resource id value.")
            if event_id in cal.events or event_id in cal.reserved:
                raise errors.duplicate()
        else:
            event_id = self.new_id()
            while event_id in cal.events or event_id in cal.reserved:
                event_id = self.new_id()
        fields = self._writable(body)
        self._check_recurrence(fields, start, is_exception=False)
        ical = body.get("iCalUID") if isinstance(body.get("iCalUID"), str) else None
        return self._finish(cal, event_id, fields, start, end, previous=None, ical_uid=ical)

    def _insert_exception(
        self, cal: Calendar, body: dict[str, Any], parent_id: str, start: When, end: When
    ) -> StoredEvent:
        series = cal.events.get(parent_id)
        if series is None or not series.recurrence:
            raise errors.not_found()
        if body.get("originalStartTime") is None:
            raise errors.required("Missing originalStartTime.")
        occ = self._find_occurrence(
            cal, series, parse_when(body["originalStartTime"], "original start")
        )
        if occ is None:
            raise bad_request("Invalid originalStartTime.")
        instance_id = f"{series.id}_{recurrence.instance_suffix(occ)}"
        if body.get("id") not in (None, instance_id):
            raise bad_request("Invalid resource id value.")
        if instance_id in cal.events:
            raise errors.duplicate()
        fields = self._writable(body)
        fields.pop("recurrence", None)
        return self._finish(
            cal,
            instance_id,
            fields,
            start,
            end,
            previous=None,
            recurring_event_id=series.id,
            original_start=occ,
            ical_uid=str(series.body["iCalUID"]),
        )

    @staticmethod
    def check_if_match(current_etag: str, if_match: str | None) -> None:
        if if_match is None:
            return
        wanted = [t.strip() for t in if_match.split(",")]
        if "*" in wanted or current_etag in wanted:
            return
        raise errors.precondition_failed()

    def _base_for_write(
        self, cal: Calendar, event_id: str, if_match: str | None
    ) -> tuple[StoredEvent | None, dict[str, Any], When, When, str | None, When | None, str | None]:
        """What a patch/update starts from: a stored event or a virtual instance."""
        event, instance = self.lookup(cal, event_id)
        if event is not None:
            self.check_if_match(event.etag, if_match)
            return (
                event,
                self._writable(event.body),
                event.start,
                event.end,
                event.recurring_event_id,
                event.original_start,
                None,
            )
        if instance is not None:
            series, occ = instance
            assert occ is not None
            self.check_if_match(series.etag, if_match)
            fields = self._writable(series.body)
            fields.pop("recurrence", None)
            return (
                None,
                fields,
                occ,
                self._instance_end(series, occ),
                series.id,
                occ,
                str(series.body["iCalUID"]),
            )
        raise errors.not_found()

    def patch_event(
        self, cal: Calendar, event_id: str, body: Any, if_match: str | None = None
    ) -> StoredEvent:
        if not isinstance(body, dict):
            raise bad_request("Parse Error", reason="parseError")
        previous, fields, start, end, parent, original, uid = self._base_for_write(
            cal, event_id, if_match
        )
        for key, value in body.items():
            if key in READ_ONLY:
                continue
            if value is None:
                fields.pop(key, None)
            elif isinstance(value, dict) and isinstance(fields.get(key), dict):
                fields[key] = _merge(fields[key], value)
            else:
                fields[key] = copy.deepcopy(value)
        if body.get("start") is not None:
            start = parse_when(body["start"], "start")
        if body.get("end") is not None:
            end = parse_when(body["end"], "end")
        self._validate_times(start, end)
        if previous is not None and previous.recurring_event_id is None:
            self._check_recurrence(fields, start, is_exception=False)
        else:
            fields.pop("recurrence", None)
        return self._finish(
            cal,
            previous.id if previous else event_id,
            fields,
            start,
            end,
            previous=previous,
            recurring_event_id=parent,
            original_start=original,
            ical_uid=uid,
        )

    def update_event(
        self, cal: Calendar, event_id: str, body: Any, if_match: str | None = None
    ) -> StoredEvent:
        if not isinstance(body, dict):
            raise bad_request("Parse Error", reason="parseError")
        previous, _old, _s, _e, parent, original, uid = self._base_for_write(
            cal, event_id, if_match
        )
        start, end = self._times_from(body)
        fields = self._writable(body)
        if previous is not None and "sequence" not in fields:
            fields["sequence"] = previous.body.get("sequence", 0)
        if parent is None:
            self._check_recurrence(fields, start, is_exception=False)
        else:
            fields.pop("recurrence", None)
        return self._finish(
            cal,
            previous.id if previous else event_id,
            fields,
            start,
            end,
            previous=previous,
            recurring_event_id=parent,
            original_start=original,
            ical_uid=uid,
        )

    def delete_event(self, cal: Calendar, event_id: str, if_match: str | None = None) -> None:
        event, instance = self.lookup(cal, event_id)
        if event is None and instance is None:
            raise errors.not_found()
        if event is not None:
            self.check_if_match(event.etag, if_match)
            if event.cancelled:
                raise errors.deleted()
            self._cancel(cal, event)
            if event.recurrence:
                for exc_id in list(cal.exceptions.get(event.id, {}).values()):
                    exc = cal.events.get(exc_id)
                    if exc is not None and not exc.cancelled:
                        self._cancel(cal, exc)
            return
        assert instance is not None
        series, occ = instance
        assert occ is not None
        self.check_if_match(series.etag, if_match)
        if series.cancelled:
            raise errors.deleted()
        fields = self._writable(series.body)
        fields.pop("recurrence", None)
        fields["status"] = "cancelled"
        self._finish(
            cal,
            event_id,
            fields,
            occ,
            self._instance_end(series, occ),
            previous=None,
            recurring_event_id=series.id,
            original_start=occ,
            ical_uid=str(series.body["iCalUID"]),
        )

    def move_event(self, source: Calendar, event_id: str, target: Calendar) -> StoredEvent:
        """events.move: the event (a series with its exceptions) changes calendar, keeping
        its id and iCalUID; the source keeps a cancelled tombstone."""
        event = source.events.get(event_id)
        if event is None:
            if self.lookup(source, event_id)[1] is not None:
                raise bad_request("Cannot change the organizer of an instance.")
            raise errors.not_found()
        if event.cancelled:
            raise errors.not_found()
        if event.recurring_event_id is not None:
            raise bad_request("Cannot change the organizer of an instance.")
        if event.body.get("eventType", "default") != "default":
            raise bad_request("Only events of type default can be moved.")
        if target is source:
            return event
        moving = [event] + [
            source.events[x]
            for x in source.exceptions.get(event.id, {}).values()
            if x in source.events
        ]
        for item in moving:
            there = target.events.get(item.id)
            if (there is not None and not there.cancelled) or item.id in target.reserved:
                raise errors.duplicate()
        moved: StoredEvent | None = None
        for item in moving:
            was_cancelled = item.cancelled
            if not was_cancelled:
                self._cancel(source, item)
            fields = self._writable(item.body)
            fields["status"] = item.body.get("status", "confirmed")
            copy_ = self._finish(
                target,
                item.id,
                fields,
                item.start,
                item.end,
                previous=None,
                recurring_event_id=item.recurring_event_id,
                original_start=item.original_start,
                ical_uid=str(item.body["iCalUID"]),
            )
            copy_.body["created"] = item.body["created"]
            if item is event:
                moved = copy_
        assert moved is not None
        return moved

    def _cancel(self, cal: Calendar, event: StoredEvent) -> None:
        serial = self.next_serial()
        body = dict(event.body)
        body["status"] = "cancelled"
        body["etag"] = self.etag_for(serial)
        now = self.now()
        body["updated"] = format_updated(now)
        self._store(cal, replace(event, body=body, serial=serial, updated=now))

    def purge_tombstones(self, cal: Calendar, older_than: timedelta | None) -> int:
        """Forget cancelled events (ids stay reserved); older sync tokens then get 410."""
        now = self.clock()
        doomed: list[StoredEvent] = []
        for event in cal.events.values():
            if not event.cancelled:
                continue
            if older_than is not None and event.updated > now - older_than:
                continue
            if event.recurring_event_id is not None:
                parent = cal.events.get(event.recurring_event_id)
                if parent is not None and not parent.cancelled:
                    continue  # a cancelled instance lives as long as its series
            doomed.append(event)
        for event in doomed:
            del cal.events[event.id]
            cal.stale += 1
            cal.reserved.add(event.id)
            cal.purged_through = max(cal.purged_through, event.serial)
            if event.recurring_event_id and event.original_start is not None:
                suffix = recurrence.instance_suffix(event.original_start)
                cal.exceptions.get(event.recurring_event_id, {}).pop(suffix, None)
            if event.recurrence:
                cal.exceptions.pop(event.id, None)
        if doomed:
            cal.purged_at = self.now()
            self._compact(cal)
        return len(doomed)

    # -- events.list ------------------------------------------------------------------------
    def sync_token(self, cal: Calendar, serial: int) -> str:
        return self._sign(["s", cal.id, cal.generation, serial])

    def _read_sync_token(self, cal: Calendar, token: str) -> int:
        payload = self._unsign(token)
        if payload is None or len(payload) != 4 or payload[0] != "s" or payload[1] != cal.id:
            raise errors.invalid_sync_token()
        _, _, generation, serial = payload
        if generation != cal.generation or serial < cal.purged_through:
            raise errors.full_sync_required()
        return int(serial)

    def list_events(
        self, cal: Calendar, q: Query, short_page: Callable[[int], int]
    ) -> dict[str, Any]:
        sync_token = q.get("syncToken")
        single = q.flag("singleEvents")
        order_by = q.get("orderBy")
        since: int | None = None
        if sync_token is not None:
            bad = [p for p in SYNC_FORBIDDEN if p in q]
            if bad or (q.get("showDeleted") or "").lower() == "false":
                raise bad_request(
                    "Sync token cannot be used with other request restrictions.",
                    location=bad[0] if bad else "showDeleted",
                    location_type="parameter",
                )
            since = self._read_sync_token(cal, sync_token)
        if order_by not in (None, "startTime", "updated"):
            raise bad_request("Invalid value for: orderBy", location="orderBy")
        if order_by == "startTime" and not single:
            raise bad_request(
                "The requested ordering is not available for the particular query.",
                reason="badRequest",
            )
        max_results = q.integer("maxResults", 250)
        if max_results < 1:
            raise bad_request("Invalid max results value.", location="maxResults")
        max_results = min(max_results, MAX_PAGE)
        time_min, time_max = q.time("timeMin"), q.time("timeMax")
        if time_min is not None and time_max is not None and time_min >= time_max:
            raise errors.time_range_empty()
        updated_min = q.time("updatedMin")
        if updated_min is not None and cal.purged_at is not None and updated_min < cal.purged_at:
            raise errors.updated_min_too_long_ago()
        incremental = since is not None or updated_min is not None
        show_deleted = incremental or q.flag("showDeleted")
        tz = zone(q.get("timeZone") or cal.time_zone)
        filters = _Filters.from_query(q, updated_min)
        fingerprint = hashlib.sha256(
            json.dumps(
                [
                    cal.id,
                    sync_token,
                    single,
                    order_by,
                    q.get("showDeleted"),
                    {k: q.all(k) for k in sorted(q.values) if k in _FILTER_PARAMS},
                ]
            ).encode()
        ).hexdigest()[:16]

        page_token = q.get("pageToken")
        cache_id: str | None = None
        if page_token is not None:
            payload = self._unsign(page_token)
            if payload is None or len(payload) != 5 or payload[0] != fingerprint:
                raise bad_request("Invalid page token value.", location="pageToken")
            _, snapshot, position, cache_id, since_saved = payload
            since = since_saved
        else:
            snapshot = cal.last_serial
            position = since or 0
        limit = short_page(max_results)

        def window_ok(start: When, end: When) -> bool:
            if time_min is not None and end.moment(cal.tz) <= time_min:
                return False
            return not (time_max is not None and start.moment(cal.tz) >= time_max)

        items: list[dict[str, Any]] = []
        more = False
        if not single and order_by is None:
            # Default order: order of last change, stable; paging by serial.
            def visible(event: StoredEvent) -> bool:
                if event.cancelled and not show_deleted:
                    if event.recurring_event_id is None:
                        return False
                    parent = cal.events.get(event.recurring_event_id)
                    if parent is None or parent.cancelled:
                        return False
                if not filters.accept(event):
                    return False
                if time_min is None and time_max is None:
                    return True
                if event.recurrence:
                    return self._series_in_window(cal, event, time_min, time_max)
                return window_ok(event.start, event.end)

            scanned = self._scan(cal, int(position), int(snapshot))
            for event in scanned:
                if len(items) >= limit:
                    more = True
                    break
                if visible(event):
                    items.append(self.render(event, tz, minimal=event.cancelled))
                position = event.serial
            if more:
                # Only promise another page when one more visible item exists.
                more = False
                probe = self._scan(cal, int(position), int(snapshot))
                for checked, event in enumerate(probe):
                    if checked > 5000 or visible(event):
                        more = True
                        break
        else:
            if cache_id is None or cache_id not in self.page_cache:
                expanded = self._expand(
                    cal, since, int(snapshot), show_deleted, filters, time_min, time_max, window_ok
                )
                if order_by == "startTime":
                    expanded.sort(key=lambda it: (self._item_start(cal, it), self._item_id(it)))
                elif order_by == "updated":
                    expanded.sort(key=lambda it: (it[0].updated, self._item_id(it)))
                self.cache_counter += 1
                cache_id = f"c{self.cache_counter}"
                self.page_cache[cache_id] = expanded
                while len(self.page_cache) > 16:
                    self.page_cache.popitem(last=False)
            self.page_cache.move_to_end(cache_id)
            expanded = self.page_cache[cache_id]
            offset = int(position)
            chunk = expanded[offset : offset + limit]
            for event, original in chunk:
                if original is None:
                    items.append(self.render(event, tz, minimal=event.cancelled))
                else:
                    items.append(self.render_instance(event, original, tz, minimal=event.cancelled))
            position = offset + len(chunk)
            more = position < len(expanded)

        out: dict[str, Any] = {
            "kind": "calendar#events",
            "etag": f'"p{snapshot:020d}"',
            "summary": cal.summary,
            "description": "",
            "updated": format_updated(cal.updated or self.clock()),
            "timeZone": tz.key,
            "accessRole": "owner",
            "defaultReminders": DEFAULT_REMINDERS,
            "items": items,
        }
        if more:
            out["nextPageToken"] = self._sign([fingerprint, snapshot, position, cache_id, since])
        else:
            out["nextSyncToken"] = self.sync_token(cal, int(snapshot))
        return out

    @staticmethod
    def _item_id(item: Item) -> str:
        event, original = item
        return (
            event.id if original is None else f"{event.id}_{recurrence.instance_suffix(original)}"
        )

    def _item_start(self, cal: Calendar, item: Item) -> datetime:
        event, original = item
        return (original or event.start).moment(cal.tz)

    def _expand(
        self,
        cal: Calendar,
        since: int | None,
        snapshot: int,
        show_deleted: bool,
        filters: _Filters,
        time_min: datetime | None,
        time_max: datetime | None,
        window_ok: Callable[[When, When], bool],
    ) -> list[Item]:
        """singleEvents=true (or an orderBy): instances instead of series, as one list."""
        out: list[Item] = []
        single = True
        for event in self._scan(cal, since or 0, snapshot):
            if not filters.accept(event):
                continue
            if event.recurrence and single:
                if event.cancelled and not show_deleted:
                    continue
                overridden = cal.exceptions.get(event.id, {})
                early = None
                if time_min is not None:
                    length = event.end.moment(cal.tz) - event.start.moment(cal.tz)
                    early = time_min - length - timedelta(days=1)
                for occ in self.occurrences(event, time_max, cal, after=early):
                    if recurrence.instance_suffix(occ) in overridden:
                        continue
                    if window_ok(occ, self._instance_end(event, occ)):
                        out.append((event, occ))
                continue
            if event.cancelled and not show_deleted:
                continue
            if window_ok(event.start, event.end):
                out.append((event, None))
        return out

    def instances(self, cal: Calendar, event_id: str, q: Query, tz: ZoneInfo) -> dict[str, Any]:
        series = cal.events.get(event_id)
        if series is None:
            raise errors.not_found()
        show_deleted = q.flag("showDeleted")
        max_results = min(max(q.integer("maxResults", 250), 1), MAX_PAGE)
        time_min, time_max = q.time("timeMin"), q.time("timeMax")
        original_start = q.get("originalStart")
        wanted = parse_rfc3339(original_start, "originalStart") if original_start else None
        items: list[Item] = []
        if series.recurrence:
            overridden = cal.exceptions.get(series.id, {})
            for occ in self.occurrences(series, time_max, cal):
                exc_id = overridden.get(recurrence.instance_suffix(occ))
                exc = cal.events.get(exc_id) if exc_id else None
                item: Item = (exc, None) if exc is not None else (series, occ)
                start = exc.start if exc is not None else occ
                cancelled = exc.cancelled if exc is not None else series.cancelled
                if cancelled and not show_deleted:
                    continue
                # timeMin is inclusive here (DISC events.instances.timeMin)
                end = exc.end if exc is not None else self._instance_end(series, occ)
                if time_min is not None and end.moment(cal.tz) < time_min:
                    continue
                if time_max is not None and start.moment(cal.tz) >= time_max:
                    continue
                if wanted is not None and occ.moment(cal.tz) != wanted:
                    continue
                items.append(item)
        offset = 0
        page_token = q.get("pageToken")
        if page_token is not None:
            payload = self._unsign(page_token)
            if payload is None or len(payload) != 2 or payload[0] != f"i{series.id}":
                raise bad_request("Invalid page token value.", location="pageToken")
            offset = int(payload[1])
        chunk = items[offset : offset + max_results]
        rendered = [
            self.render(ev, tz, minimal=False)
            if occ is None
            else self.render_instance(ev, occ, tz, minimal=False)
            for ev, occ in chunk
        ]
        out: dict[str, Any] = {
            "kind": "calendar#events",
            "etag": series.etag,
            "summary": cal.summary,
            "updated": format_updated(cal.updated or self.clock()),
            "timeZone": tz.key,
            "accessRole": "owner",
            "defaultReminders": DEFAULT_REMINDERS,
            "items": rendered,
        }
        if offset + len(chunk) < len(items):
            out["nextPageToken"] = self._sign([f"i{series.id}", offset + len(chunk)])
        return out

    # -- calendarList / calendars ----------------------------------------------------------
    def calendar_entry(self, cal: Calendar) -> dict[str, Any]:
        if cal.deleted:
            return {
                "kind": "calendar#calendarListEntry",
                "etag": f'"{cal.list_serial}"',
                "id": cal.id,
                "deleted": True,
            }
        entry: dict[str, Any] = {
            "kind": "calendar#calendarListEntry",
            "etag": f'"{cal.list_serial}"',
            "id": cal.id,
            "summary": cal.summary,
            "timeZone": cal.time_zone,
            "colorId": "14" if cal.primary else "9",
            "backgroundColor": "#9fe1e7" if cal.primary else "#7bd148",
            "foregroundColor": "#000000",
            "selected": True,
            "accessRole": "owner",
            "defaultReminders": DEFAULT_REMINDERS if cal.primary else [],
            "conferenceProperties": {"allowedConferenceSolutionTypes": ["hangoutsMeet"]},
        }
        if cal.primary:
            entry["primary"] = True
            entry["notificationSettings"] = {
                "notifications": [
                    {"type": "eventCreation", "method": "email"},
                    {"type": "eventChange", "method": "email"},
                ]
            }
        if cal.hidden:
            entry["hidden"] = True
        return entry

    def calendar_resource(self, cal: Calendar) -> dict[str, Any]:
        return {
            "kind": "calendar#calendar",
            "etag": f'"{cal.list_serial}"',
            "id": cal.id,
            "summary": cal.summary,
            "timeZone": cal.time_zone,
            "conferenceProperties": {"allowedConferenceSolutionTypes": ["hangoutsMeet"]},
        }

    def calendar_list(self, account: Account, q: Query) -> dict[str, Any]:
        sync_token = q.get("syncToken")
        since: int | None = None
        if sync_token is not None:
            bad = [p for p in ("minAccessRole", "showOwnOrganizationOnly") if p in q]
            if (
                bad
                or (q.get("showDeleted") or "").lower() == "false"
                or ((q.get("showHidden") or "").lower() == "false")
            ):
                raise bad_request(
                    "Sync token cannot be used with other request restrictions.",
                    location=bad[0] if bad else "syncToken",
                    location_type="parameter",
                )
            payload = self._unsign(sync_token)
            if (
                payload is None
                or len(payload) != 4
                or payload[0] != "c"
                or payload[1] != account.email
            ):
                raise errors.invalid_sync_token()
            if payload[2] != account.list_generation:
                raise errors.full_sync_required()
            since = int(payload[3])
        max_results = q.integer("maxResults", 100)
        if max_results < 1:
            raise bad_request("Invalid max results value.", location="maxResults")
        max_results = min(max_results, 250)
        show_deleted = since is not None or q.flag("showDeleted")
        show_hidden = since is not None or q.flag("showHidden")
        cals = [self.calendars[c] for c in account.calendar_ids]
        top = max([c.list_serial for c in cals], default=0)
        chosen = [
            c
            for c in cals
            if (since is None or c.list_serial > since)
            and (show_deleted or not c.deleted)
            and (show_hidden or not c.hidden)
        ]
        offset = 0
        if q.get("pageToken") is not None:
            payload = self._unsign(str(q.get("pageToken")))
            if payload is None or len(payload) != 3 or payload[0] != "cp":
                raise bad_request("Invalid page token value.", location="pageToken")
            offset, top = int(payload[1]), int(payload[2])
        chunk = chosen[offset : offset + max_results]
        out: dict[str, Any] = {
            "kind": "calendar#calendarList",
            "etag": f'"p{top:020d}"',
            "items": [self.calendar_entry(c) for c in chunk],
        }
        if offset + len(chunk) < len(chosen):
            out["nextPageToken"] = self._sign(["cp", offset + len(chunk), top])
        else:
            out["nextSyncToken"] = self._sign(["c", account.email, account.list_generation, top])
        return out


_FILTER_PARAMS = frozenset(
    {
        "timeMin",
        "timeMax",
        "updatedMin",
        "q",
        "iCalUID",
        "privateExtendedProperty",
        "sharedExtendedProperty",
        "eventTypes",
        "showHiddenInvitations",
    }
)


@dataclass(frozen=True)
class _Filters:
    updated_min: datetime | None
    text: str | None
    ical_uid: str | None
    private: tuple[tuple[str, str], ...]
    shared: tuple[tuple[str, str], ...]
    event_types: frozenset[str]

    @classmethod
    def from_query(cls, q: Query, updated_min: datetime | None) -> _Filters:
        def pairs(key: str) -> tuple[tuple[str, str], ...]:
            out = []
            for raw in q.all(key):
                name, sep, value = raw.partition("=")
                if not sep:
                    raise bad_request(f"Invalid value for: {key}", location=key)
                out.append((name, value))
            return tuple(out)

        text = q.get("q")
        return cls(
            updated_min=updated_min,
            text=text.lower() if text else None,
            ical_uid=q.get("iCalUID"),
            private=pairs("privateExtendedProperty"),
            shared=pairs("sharedExtendedProperty"),
            event_types=frozenset(q.all("eventTypes")),
        )

    def accept(self, event: StoredEvent) -> bool:
        body = event.body
        if self.updated_min is not None and event.updated < self.updated_min:
            return False
        if self.ical_uid is not None and body.get("iCalUID") != self.ical_uid:
            return False
        if self.event_types and body.get("eventType", "default") not in self.event_types:
            return False
        if self.private or self.shared:
            props = body.get("extendedProperties") or {}
            for kind, wanted in (("private", self.private), ("shared", self.shared)):
                have = props.get(kind) or {}
                if any(have.get(k) != v for k, v in wanted):
                    return False
        if self.text is not None:
            hay = " ".join(
                str(body.get(k) or "") for k in ("summary", "description", "location")
            ).lower()
            attendees = body.get("attendees") or []
            hay += " " + " ".join(
                f"{a.get('email', '')} {a.get('displayName', '')}".lower()
                for a in attendees
                if isinstance(a, dict)
            )
            if not all(word in hay for word in self.text.split()):
                return False
        return True


def _merge(old: dict[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """Patch semantics: objects merge, arrays and scalars replace, null clears."""
    out = dict(old)
    for key, value in new.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out
