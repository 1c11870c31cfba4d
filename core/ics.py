"""iCalendar (.ics, RFC 5545) import and export for the local store.

Import is all-or-nothing: the file is parsed and checked before anything is written, and
every write happens in one ``store.transaction()``. A file that cannot be read (not
iCalendar, truncated, a broken DTSTART ...) raises :class:`CalendarFileError` and changes
nothing; a single VEVENT that is valid iCalendar but that iljeong cannot represent (e.g.
``FREQ=HOURLY``) is skipped with a warning while the rest imports.

Identity: an imported event's id is ``local_id_for_ics(UID, recurrence-id)``, so importing
the same file again updates instead of duplicating. A UID that is the id of an event of
this store (a file exported from iljeong itself) updates that event, and a changed instance
is matched to an existing one of its series by its original start.

Time (DESIGN.md "Time"): a TZID that is an IANA zone is kept; a Windows zone name is
mapped to its IANA zone; any other TZID is converted to UTC by the offsets of its VTIMEZONE
(with a warning), or read in the local zone when the file has no VTIMEZONE for it. UTC
times stay UTC unless the calendar has ``X-WR-TIMEZONE`` (Google's exports), in which case
``x_wr_timezone`` moves them into that zone first. Floating times are read in the local zone.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from importlib import metadata
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import x_wr_timezone
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from core.errors import CalendarFileError, InvalidInput, NotFound
from core.ids import local_id_for_ics
from core.model import DEFAULT_DURATION, Attendee, Event, EventTime, Source
from core.store import Store
from core.timeutil import add_absolute, get_zone, local_zone_name, utc_now

__all__ = ["ImportResult", "export_ics", "import_ics", "parse_ics"]

# Properties whose damage makes the whole file unreadable (rather than one event skipped).
_ESSENTIAL = frozenset(
    {"DTSTART", "DTEND", "DURATION", "RRULE", "EXDATE", "RDATE", "RECURRENCE-ID"}
)
_PARTSTAT_TO_RESPONSE = {
    "NEEDS-ACTION": "needsAction",
    "ACCEPTED": "accepted",
    "DECLINED": "declined",
    "TENTATIVE": "tentative",
}
_RESPONSE_TO_PARTSTAT = {v: k for k, v in _PARTSTAT_TO_RESPONSE.items()}
NO_TITLE = "(no title)"


@dataclass(slots=True)
class ImportResult:
    """What an import did. ``skipped`` counts VEVENTs not imported (see ``warnings``)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    warnings: list[str] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.skipped} skipped"
        )


# -- reading --------------------------------------------------------------------------------


def _read_source(source: str | os.PathLike[str] | bytes) -> tuple[bytes, str]:
    if isinstance(source, bytes | bytearray):
        return bytes(source), "the calendar data"
    path = Path(source)
    try:
        return path.read_bytes(), str(path)
    except FileNotFoundError as exc:
        raise CalendarFileError(f"cannot read {path}: no such file") from exc
    except IsADirectoryError as exc:
        raise CalendarFileError(f"cannot read {path}: it is a directory") from exc
    except OSError as exc:
        raise CalendarFileError(f"cannot read {path}: {exc.strerror or exc}") from exc


def parse_ics(data: bytes, name: str = "the calendar data") -> icalendar.Calendar:
    """Parse and sanity-check iCalendar bytes; CalendarFileError when they are not usable."""
    if data.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte order mark (Outlook, Notepad)
        data = data[3:]
    stripped = data.strip()
    if not stripped:
        raise CalendarFileError(f"{name} is empty, not an iCalendar (.ics) file")
    if not stripped.upper().startswith(b"BEGIN:VCALENDAR"):
        raise CalendarFileError(f"{name} is not an iCalendar (.ics) file (no BEGIN:VCALENDAR)")
    if not stripped.upper().endswith(b"END:VCALENDAR"):
        raise CalendarFileError(
            f"{name} is incomplete (it does not end with END:VCALENDAR; truncated?)"
        )
    try:
        cal = icalendar.Calendar.from_ical(data)
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        raise CalendarFileError(f"{name} is not a valid iCalendar file: {_short(exc)}") from exc
    if not isinstance(cal, icalendar.Calendar):
        raise CalendarFileError(f"{name} is not an iCalendar (.ics) file")
    for component in cal.walk("VEVENT"):
        for prop, message in getattr(component, "errors", ()):
            if prop in _ESSENTIAL:
                uid = str(component.get("UID", "?"))
                raise CalendarFileError(
                    f"{name}: event {uid!r} has an invalid {prop}: {_short(message)}"
                )
    try:
        standard: icalendar.Calendar = x_wr_timezone.to_standard(cal)
    except (ValueError, KeyError, TypeError) as exc:
        raise CalendarFileError(f"{name}: cannot apply its X-WR-TIMEZONE: {_short(exc)}") from exc
    return standard


def _short(message: object, limit: int = 160) -> str:
    text = " ".join(str(message).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Skip(Exception):
    """One VEVENT cannot be imported; the message becomes a warning."""


class _Converter:
    """Turns the VEVENTs of one parsed calendar into Events (no store access)."""

    def __init__(self, default_zone: str) -> None:
        self.default_zone = default_zone
        self.warnings: list[str] = []
        self._warned: set[str] = set()

    def warn_once(self, text: str) -> None:
        if text not in self._warned:
            self._warned.add(text)
            self.warnings.append(text)

    # time values ------------------------------------------------------------------------

    def point(self, prop: Any, uid: str) -> tuple[EventTime, str | None]:
        """(value, IANA zone or None) of a DTSTART-like property; dates stay dates."""
        value = prop.dt if hasattr(prop, "dt") else prop
        return self.convert(value, _tzid(prop), uid)

    def convert(self, value: Any, tzid: str | None, uid: str) -> tuple[EventTime, str | None]:
        if isinstance(value, datetime):
            return self._datetime(value, tzid, uid)
        if isinstance(value, date):
            return value, None
        raise _Skip(f"event {uid!r}: unsupported time value {value!r}")

    def _datetime(self, value: datetime, tzid: str | None, uid: str) -> tuple[datetime, str]:
        tz = value.tzinfo
        if tz is None:
            if tzid:
                mapped = _iana_for(tzid)
                if mapped:
                    return value.replace(tzinfo=get_zone(mapped)), mapped
                self.warn_once(
                    f"unknown time zone {tzid!r} without a definition in the file: "
                    f"its times are read in {self.default_zone}"
                )
            zone = self.default_zone
            return value.replace(tzinfo=get_zone(zone)), zone
        if isinstance(tz, ZoneInfo):
            return value, tz.key
        if value.utcoffset() == timedelta(0) and _is_utc(tz):
            return value.astimezone(UTC), "UTC"
        mapped = _iana_for(tzid) if tzid else None
        if mapped:
            return value.replace(tzinfo=get_zone(mapped)), mapped
        self.warn_once(
            f"time zone {tzid or str(tz)!r} is not an IANA zone: its times are kept as UTC "
            "instants (recurring events may shift by an hour across daylight saving time)"
        )
        return value.astimezone(UTC), "UTC"

    # events -----------------------------------------------------------------------------

    def event(self, comp: Any, uid: str, calendar_id: str) -> Event:
        if "DTSTART" not in comp:
            raise _Skip(f"event {uid!r} has no DTSTART")
        start, zone = self.point(comp["DTSTART"], uid)
        all_day = not isinstance(start, datetime)
        end = self._end(comp, start, uid)
        tz = zone or "UTC"
        if all_day:
            assert isinstance(end, date) and not isinstance(end, datetime)
        fields: dict[str, Any] = {
            "title": _text(comp.get("SUMMARY")) or NO_TITLE,
            "start": start,
            "end": end,
            "calendar_id": calendar_id,
            "all_day": all_day,
            "tz": tz,
            "description": _text(comp.get("DESCRIPTION")),
            "location": _text(comp.get("LOCATION")),
            "reminders": self._reminders(comp, start, end, uid),
            "attendees": _attendees(comp),
            "source": Source.ICS,
            "source_ref": uid,
        }
        if "RECURRENCE-ID" not in comp:
            fields["rrule"] = self._rrule(comp, uid)
            fields["exdates"] = self._points(comp, "EXDATE", start, tz, uid)
            fields["rdates"] = self._points(comp, "RDATE", start, tz, uid)
        return Event(**fields)

    def _end(self, comp: Any, start: EventTime, uid: str) -> EventTime:
        all_day = not isinstance(start, datetime)
        if "DTEND" in comp:
            end, _ = self.point(comp["DTEND"], uid)
            if all_day and isinstance(end, datetime):
                end = end.date()
            elif not all_day and not isinstance(end, datetime):
                raise _Skip(f"event {uid!r}: DTEND is a date but DTSTART a date-time")
            if all_day and end == start:  # some writers use DTEND = DTSTART for one day
                end = start + timedelta(days=1)
            return end
        if "DURATION" in comp:
            duration = comp["DURATION"].dt
            if not isinstance(duration, timedelta):
                raise _Skip(f"event {uid!r}: invalid DURATION")
            if all_day:
                days = max(duration.days, 1)
                return start + timedelta(days=days)
            assert isinstance(start, datetime)
            return add_absolute(start, duration)
        if all_day:
            return start + timedelta(days=1)
        assert isinstance(start, datetime)
        return add_absolute(start, DEFAULT_DURATION)

    def _rrule(self, comp: Any, uid: str) -> str | None:
        raw = comp.get("RRULE")
        if raw is None:
            return None
        rules = raw if isinstance(raw, list) else [raw]
        if len(rules) > 1:
            self.warn_once(f"event {uid!r} has several RRULEs: only the first is kept")
        return _recur_text(rules[0])

    def _points(
        self, comp: Any, name: str, start: EventTime, tz: str, uid: str
    ) -> tuple[EventTime, ...]:
        """EXDATE/RDATE values in the series' terms: dates for all-day, else in its zone."""
        raw = comp.get(name)
        all_day = not isinstance(start, datetime)
        if raw is None:
            return ()
        props = raw if isinstance(raw, list) else [raw]
        result: list[EventTime] = []
        for prop in props:
            tzid = _tzid(prop)
            for item in getattr(prop, "dts", ()):
                value = item.dt
                if isinstance(value, tuple):  # RDATE;VALUE=PERIOD: keep the period start
                    value = value[0]
                point, _ = self.convert(value, tzid, uid)
                if all_day:
                    point = point.date() if isinstance(point, datetime) else point
                elif not isinstance(point, datetime):
                    # A date on a timed series (some writers do this): that day's instance.
                    assert isinstance(start, datetime)
                    local = start.astimezone(get_zone(tz))
                    point = datetime.combine(point, local.time(), tzinfo=local.tzinfo)
                else:
                    point = point.astimezone(get_zone(tz))
                if point not in result:
                    result.append(point)
        return tuple(result)

    def _reminders(
        self, comp: Any, start: EventTime, end: EventTime, uid: str
    ) -> tuple[int, ...] | None:
        alarms = [c for c in comp.subcomponents if c.name == "VALARM"]
        if not alarms:
            return None
        minutes: list[int] = []
        for alarm in alarms:
            trigger = alarm.get("TRIGGER")
            if trigger is None:
                continue
            value = trigger.dt
            if isinstance(value, timedelta):
                before = -value
                if str(trigger.params.get("RELATED", "START")).upper() == "END":
                    before -= _span(start, end)
            elif isinstance(value, datetime) and isinstance(start, datetime):
                before = start - (value if value.tzinfo else value.replace(tzinfo=start.tzinfo))
            else:
                continue
            if before < timedelta(0):
                self.warn_once(f"event {uid!r}: an alarm after the start is not supported; ignored")
                continue
            m = int(before.total_seconds() // 60)
            if m not in minutes:
                minutes.append(m)
        return tuple(sorted(minutes))


def _recur_text(recur: Any) -> str:
    """RRULE text with the parts in the file's order (vRecur.to_ical would reorder them)."""
    parts: list[str] = []
    for key, value in recur.items():
        single: Any = icalendar.vRecur({key: value})
        encoded = single.to_ical()
        parts.append(encoded.decode("utf-8") if isinstance(encoded, bytes) else str(encoded))
    return ";".join(parts)


class _RecurText(icalendar.vRecur):
    """An RRULE written exactly as stored, so export then import keeps the text equal."""

    def __init__(self, text: str) -> None:
        super().__init__(icalendar.vRecur.from_ical(text))
        self.text = text

    def to_ical(self) -> bytes:
        return self.text.encode("utf-8")


def _span(start: EventTime, end: EventTime) -> timedelta:
    if isinstance(start, datetime) and isinstance(end, datetime):
        return end.astimezone(UTC) - start.astimezone(UTC)
    return end - start  # type: ignore[operator]


def _is_utc(tz: tzinfo) -> bool:
    return tz is UTC or getattr(tz, "key", None) == "UTC" or str(tz) in ("UTC", "tzutc()")


def _tzid(prop: Any) -> str | None:
    params = getattr(prop, "params", None)
    if not params:
        return None
    value = params.get("TZID")
    return str(value) if value else None


def _iana_for(tzid: str) -> str | None:
    """IANA name for a TZID: itself when it is one, a mapped Windows name, else None."""
    name = tzid.strip().strip('"')
    candidates = [name, WINDOWS_TO_OLSON.get(name, "")]
    if name.startswith("/"):  # "/mozilla.org/20050126_1/Europe/Berlin" style prefixes
        candidates.append("/".join(name.split("/")[-2:]))
    for candidate in candidates:
        if not candidate:
            continue
        with contextlib.suppress(InvalidInput):
            get_zone(candidate)
            return candidate
    return None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value).strip()


def _attendees(comp: Any) -> tuple[Attendee, ...]:
    raw = comp.get("ATTENDEE")
    if raw is None:
        return ()
    result: list[Attendee] = []
    for prop in raw if isinstance(raw, list) else [raw]:
        address = str(prop)
        email = address[7:] if address.lower().startswith("mailto:") else address
        if not email:
            continue
        params = getattr(prop, "params", {})
        name = params.get("CN")
        partstat = str(params.get("PARTSTAT", "NEEDS-ACTION")).upper()
        result.append(
            Attendee(
                email=email,
                name=str(name) if name else None,
                response=_PARTSTAT_TO_RESPONSE.get(partstat, "needsAction"),
            )
        )
    return tuple(result)


def _uid_of(comp: Any) -> str:
    uid = _text(comp.get("UID"))
    if uid:
        return uid
    # RFC 5545 requires a UID; derive a stable one so a re-import still updates.
    digest = hashlib.sha256(comp.to_ical()).hexdigest()[:32]
    return f"iljeong-noid-{digest}"


def _recurrence_key(value: EventTime) -> str:
    """Canonical text of a RECURRENCE-ID for id derivation (the instant, not its spelling)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return value.strftime("%Y%m%d")


def _same_point(a: EventTime | None, b: EventTime | None) -> bool:
    if isinstance(a, datetime) and isinstance(b, datetime):
        return a.astimezone(UTC) == b.astimezone(UTC)
    return a == b and type(a) is type(b)


_CONTENT_FIELDS = (
    "title", "start", "end", "calendar_id", "all_day", "tz", "description", "location",
    "rrule", "exdates", "rdates", "recurring_event_id", "original_start", "cancelled",
    "reminders", "attendees", "source", "source_ref", "deleted",
)  # fmt: skip


def _same_content(a: Event, b: Event) -> bool:
    return all(getattr(a, name) == getattr(b, name) for name in _CONTENT_FIELDS)


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def import_ics(
    store: Store,
    source: str | os.PathLike[str] | bytes,
    calendar_id: str | None = None,
    *,
    default_zone: str | None = None,
) -> ImportResult:
    """Import the VEVENTs of an .ics file (path or bytes) into ``calendar_id`` (or the default).

    Raises CalendarFileError (nothing written) when the file cannot be read, NotFound when
    the calendar does not exist; events that cannot be represented are skipped with a warning.
    """
    data, name = _read_source(source)
    cal = parse_ics(data, name)
    zone = default_zone or local_zone_name()
    get_zone(zone)
    target = store.get_calendar(calendar_id) if calendar_id else store.default_calendar()
    if target.deleted:
        raise NotFound(f"no calendar with id {calendar_id}")
    converter = _Converter(zone)
    result = ImportResult()

    masters: list[tuple[str, Any]] = []
    changed: list[tuple[str, Any]] = []
    for comp in cal.walk("VEVENT"):
        uid = _uid_of(comp)
        (changed if "RECURRENCE-ID" in comp else masters).append((uid, comp))

    title = Path(name).name if isinstance(source, (str, os.PathLike)) else ""
    label = {"kind": "import", "title": title, "source": "ics", "count": len(masters)}
    with store.transaction(label=label):
        series_ids: dict[str, Event] = {}
        for uid, comp in masters:
            if str(comp.get("STATUS", "")).upper() == "CANCELLED":
                result.skipped += 1
                continue
            try:
                ev = converter.event(comp, uid, target.id)
            except (_Skip, InvalidInput) as exc:
                result.skipped += 1
                converter.warnings.append(f"skipped {_describe(comp, uid)}: {exc}")
                continue
            existing = _existing_master(store, uid)
            ev_id = existing.id if existing else local_id_for_ics(uid)
            saved = _save(store, ev.evolve(id=ev_id), existing, calendar_id, result)
            if saved is not None:
                series_ids[uid] = saved

        for uid, comp in changed:
            try:
                original, _ = converter.point(comp["RECURRENCE-ID"], uid)
                if str(comp["RECURRENCE-ID"].params.get("RANGE", "")).upper() == "THISANDFUTURE":
                    converter.warn_once(
                        f"event {uid!r}: RANGE=THISANDFUTURE is applied to one instance only"
                    )
                master = series_ids.get(uid) or _existing_master(store, uid)
                cancelled = str(comp.get("STATUS", "")).upper() == "CANCELLED"
                if master is None or not master.is_recurring:
                    if cancelled:
                        result.skipped += 1
                        continue
                    converter.warn_once(
                        f"event {uid!r}: a changed instance without its series is imported "
                        "as a single event"
                    )
                    ev = converter.event(comp, uid, target.id)
                    ev_id = local_id_for_ics(uid, _recurrence_key(original))
                    existing_single = store.find_event(ev_id)
                    _save(store, ev.evolve(id=ev_id), existing_single, calendar_id, result)
                    continue
                original = _align(original, master)
                if cancelled and "DTSTART" not in comp:
                    comp.add("DTSTART", original)
                ev = converter.event(comp, uid, master.calendar_id).evolve(
                    recurring_event_id=master.id, original_start=original, cancelled=cancelled
                )
                existing = next(
                    (
                        i
                        for i in store.instances_of(master.id)
                        if _same_point(i.original_start, original)
                    ),
                    None,
                )
                ev_id = (
                    existing.id if existing else local_id_for_ics(uid, _recurrence_key(original))
                )
                if existing is None:
                    existing = store.find_event(ev_id)
                _save(store, ev.evolve(id=ev_id), existing, calendar_id, result)
            except (_Skip, InvalidInput) as exc:
                result.skipped += 1
                converter.warnings.append(f"skipped {_describe(comp, uid)}: {exc}")
    result.warnings = converter.warnings
    return result


def _describe(comp: Any, uid: str) -> str:
    title = _text(comp.get("SUMMARY"))
    return f"event {title!r} ({uid})" if title else f"event {uid!r}"


def _align(original: EventTime, master: Event) -> EventTime:
    """A RECURRENCE-ID in the series' own terms (a date for all-day, its zone for timed)."""
    if master.all_day:
        return original.date() if isinstance(original, datetime) else original
    if not isinstance(original, datetime):
        raise _Skip("RECURRENCE-ID is a date but the series is timed")
    return original.astimezone(get_zone(master.tz))


def _existing_master(store: Store, uid: str) -> Event | None:
    """The stored event a UID names: the derived id, or an iljeong id from our own export."""
    found = store.find_event(local_id_for_ics(uid))
    if found is None and _is_uuid(uid):
        own = store.find_event(uid)
        if own is not None and own.recurring_event_id is None:
            found = own
    return found


def _save(
    store: Store,
    ev: Event,
    existing: Event | None,
    explicit_calendar: str | None,
    result: ImportResult,
) -> Event | None:
    if existing is not None:
        # Keep what the file does not know: sync links, origin of an event made here, and
        # its calendar unless one was named for this import.
        keep: dict[str, Any] = {
            "google_event_id": existing.google_event_id,
            "google_etag": existing.google_etag,
            "last_synced_at": existing.last_synced_at,
        }
        if existing.source != Source.ICS:
            keep["source"] = existing.source
            keep["source_ref"] = existing.source_ref
        if explicit_calendar is None and ev.recurring_event_id is None:
            keep["calendar_id"] = existing.calendar_id
        if ev.reminders is None:
            keep["reminders"] = existing.reminders
        ev = ev.evolve(**keep)
        if not existing.deleted and _same_content(ev, existing):
            result.unchanged += 1
            result.event_ids.append(existing.id)
            return existing
        saved = store.save_event(ev)
        result.updated += 1
    else:
        saved = store.save_event(ev)
        result.created += 1
    result.event_ids.append(saved.id)
    return saved


# -- writing --------------------------------------------------------------------------------

_FAR_PAST = datetime(1, 1, 2, tzinfo=UTC)
_FAR_FUTURE = datetime(9999, 12, 30, tzinfo=UTC)
_TZ_FIRST = date(1970, 1, 1)
_TZ_LAST = date(2038, 1, 1)


def _as_date(value: EventTime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _prodid() -> str:
    try:
        version = metadata.version("iljeong")
    except metadata.PackageNotFoundError:
        version = "0"
    return f"-//iljeong//iljeong {version}//EN"


def _uid_for(ev: Event) -> str:
    if ev.source == Source.ICS and ev.source_ref:
        return ev.source_ref
    return ev.id


def _ics_time(value: EventTime, tz: str) -> EventTime:
    if isinstance(value, datetime):
        return value.astimezone(get_zone(tz))
    return value


def _vevent(ev: Event, uid: str, stamp: datetime, series: Event | None = None) -> icalendar.Event:
    comp = icalendar.Event()
    comp.add("UID", uid)
    comp.add("DTSTAMP", stamp)
    comp.add("SUMMARY", ev.title)
    comp.add("DTSTART", _ics_time(ev.start, ev.tz))
    comp.add("DTEND", _ics_time(ev.end, ev.tz))
    if series is not None and ev.original_start is not None:
        comp.add("RECURRENCE-ID", _ics_time(ev.original_start, series.tz))
    if ev.cancelled:
        comp.add("STATUS", "CANCELLED")
    if ev.location:
        comp.add("LOCATION", ev.location)
    if ev.description:
        comp.add("DESCRIPTION", ev.description)
    if ev.rrule:
        comp.add("RRULE", _RecurText(ev.rrule))
    if ev.exdates:
        comp.add("EXDATE", [_ics_time(p, ev.tz) for p in ev.exdates])
    if ev.rdates:
        comp.add("RDATE", [_ics_time(p, ev.tz) for p in ev.rdates])
    for attendee in ev.attendees:
        params: dict[str, str] = {
            "PARTSTAT": _RESPONSE_TO_PARTSTAT.get(attendee.response, "NEEDS-ACTION")
        }
        if attendee.name:
            params["CN"] = attendee.name
        comp.add("ATTENDEE", f"mailto:{attendee.email}", parameters=params)
    comp.add("CREATED", ev.created_at.astimezone(UTC))
    comp.add("LAST-MODIFIED", ev.updated_at.astimezone(UTC))
    for minutes in ev.reminders or ():
        alarm = icalendar.Alarm()
        alarm.add("ACTION", "DISPLAY")
        alarm.add("DESCRIPTION", ev.title)
        alarm.add("TRIGGER", timedelta(minutes=-minutes))
        comp.add_component(alarm)
    return comp


def _events_for_export(store: Store, start: datetime | None, end: datetime | None) -> list[Event]:
    if start is None and end is None:
        return [e for e in store.all_events() if e.recurring_event_id is None]
    lo = start or _FAR_PAST
    hi = end or _FAR_FUTURE
    if hi <= lo:
        raise InvalidInput("the end of the export range must be after its start")
    return store.events_overlapping(lo, hi)


def build_calendar(
    store: Store,
    start: datetime | None = None,
    end: datetime | None = None,
    *,
    now: datetime | None = None,
) -> tuple[icalendar.Calendar, int]:
    """The VCALENDAR for events overlapping [start, end) (all events when both are None)."""
    stamp = (now or utc_now()).astimezone(UTC)
    cal = icalendar.Calendar()
    cal.add("PRODID", _prodid())
    cal.add("VERSION", "2.0")
    cal.add("CALSCALE", "GREGORIAN")
    count = 0
    first, last = _TZ_FIRST, _TZ_LAST
    for ev in _events_for_export(store, start, end):
        uid = _uid_for(ev)
        written = [ev, *store.instances_of(ev.id)] if ev.is_recurring else [ev]
        for item in written:
            cal.add_component(_vevent(item, uid, stamp, series=ev if item is not ev else None))
            count += 1
            first = min(first, _as_date(item.start))
            last = max(last, _as_date(item.end) + timedelta(days=366))
    try:
        # VTIMEZONE rules must cover every event (icalendar's default stops in 2038).
        cal.add_missing_timezones(first_date=first, last_date=min(last, date(9998, 1, 1)))
    except (ValueError, KeyError) as exc:  # a zone icalendar cannot describe
        raise CalendarFileError(f"cannot describe a time zone for export: {_short(exc)}") from exc
    return cal, count


def export_ics(
    store: Store,
    path: str | os.PathLike[str],
    start: datetime | None = None,
    end: datetime | None = None,
) -> int:
    """Write events overlapping [start, end) to ``path`` (atomically); returns the VEVENT count.

    Series are written whole, with their changed or cancelled instances as RECURRENCE-ID
    VEVENTs. UID: the original UID of imported events, else the iljeong id.
    """
    cal, count = build_calendar(store, start, end)
    write_atomic(Path(path), cal.to_ical())
    return count


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file and rename, so a failure never leaves half a file."""
    folder = path.parent if str(path.parent) else Path(".")
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp_name, path)
        tmp_name = None
    except OSError as exc:
        raise CalendarFileError(f"cannot write {path}: {exc.strerror or exc}") from exc
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
