"""Google Calendar event JSON <-> ``core.model.Event``.

* Timed events: ``start.dateTime`` with ``timeZone`` (the zone the event was made in and
  the one its RRULE expands in); without a zone, the calendar's zone.
* All-day events: ``start.date``/``end.date``, end exclusive on both sides.
* Series: ``recurrence`` lines (one RRULE, EXDATE, RDATE); changed or cancelled instances
  are events of their own naming the series in ``recurringEventId`` and the instance they
  replace in ``originalStartTime`` (our ``recurring_event_id``/``original_start``).
* Reminders: ``useDefault`` is our None; overrides are minutes (at most 5, as popups).
* Yearly lunar series (RFC 7529 ``RSCALE`` rules, see core/lunar.py): Google knows no
  RSCALE, so it gets the solar dates as an ``RDATE`` list from this year to
  ``LUNAR_YEARS_AHEAD`` years ahead, and the rule itself in
  ``extendedProperties.private.iljeongLunar``; an event carrying that property reads back
  as the rule (RDATEs the rule gives are dropped), any other RDATE list stays one.

Ids: an event made here has the Google id derived from its UUID (``core.ids``), and that id
decodes back to the same UUID on every device; any other Google id names a local id
derived from (Google calendar id, Google event id).
"""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from core import lunar
from core.errors import InvalidInput
from core.ids import google_event_id, local_id_for_google
from core.model import Attendee, Event, EventTime, Source
from core.timeutil import get_zone

NO_TITLE = "(no title)"
MAX_REMINDERS = 5
_FROM_BASE32HEX = str.maketrans(
    "0123456789abcdefghijklmnopqrstuv", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
)
_CALENDAR_NAMESPACE = uuid.UUID("b3c1e0a4-5d2f-4e0b-8a71-6c9d2f4e8b57")
#: Body keys this app manages; others (colorId, conferenceData ...) are never sent.
MANAGED_KEYS = (
    "summary",
    "description",
    "location",
    "start",
    "end",
    "recurrence",
    "reminders",
    "attendees",
    "extendedProperties",
)
#: Lunar series: Google gets their dates up to this many years after the current one.
LUNAR_YEARS_AHEAD = 10
LUNAR_PROPERTY = "iljeongLunar"


class UnsupportedEvent(Exception):
    """A Google event this app cannot represent (e.g. two RRULEs); it is skipped."""


# -- ids -------------------------------------------------------------------------------------


def local_id_from_derived(google_id: str) -> str | None:
    """The local UUID a derived Google id came from, or None if it is not one of ours."""
    if len(google_id) != 26:
        return None
    try:
        raw = base64.b32decode(google_id.lower().translate(_FROM_BASE32HEX) + "======")
    except (binascii.Error, ValueError):
        return None
    if len(raw) != 16:
        return None
    value = uuid.UUID(bytes=raw)
    # Any RFC 4122 UUID (ours are v7; .ics imports give v5). A Google-made id that happens
    # to decode is still named the same on every device, which is all identity needs.
    if value.variant != uuid.RFC_4122 or value.version not in range(1, 9):
        return None
    text = str(value)
    return text if google_event_id(text) == google_id else None


#: In a Google base's ``data``: the ``updated`` of the Google version it copies, in ms since
#: the epoch. It travels with the base (lease hand-over) and marks a change pushed to the
#: service as a copy of Google's own state (core/sync/engine.py, core/service/protocol.py).
UPDATED_KEY = "google_updated"


def updated_ms(item: Mapping[str, Any]) -> int | None:
    """Google's ``updated`` (RFC 3339, e.g. 2018-12-31T09:20:32.210Z) in ms, or None."""
    raw = item.get("updated")
    if not isinstance(raw, str):
        return None
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return int(moment.timestamp() * 1000 + 0.5)


@lru_cache(maxsize=65536)
def local_event_id(google_calendar_id: str, google_id: str) -> str:
    """The local id of a Google event: the same on every device that imports it."""
    return local_id_from_derived(google_id) or local_id_for_google(google_calendar_id, google_id)


def local_calendar_id(google_calendar_id: str) -> str:
    """Local id for a (non-primary) Google calendar, the same on every device."""
    return str(uuid.uuid5(_CALENDAR_NAMESPACE, google_calendar_id))


def instance_id(series_google_id: str, original_start: EventTime) -> str:
    """Google's id for one instance of a series: ``<series>_<start>`` (UTC, basic form)."""
    if isinstance(original_start, datetime):
        return f"{series_google_id}_{original_start.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    return f"{series_google_id}_{original_start:%Y%m%d}"


# -- Google -> Event -------------------------------------------------------------------------


def _zone_or(name: object, fallback: str) -> str:
    if isinstance(name, str) and name:
        try:
            get_zone(name)
            return name
        except InvalidInput:
            pass
    return fallback


def parse_point(value: Mapping[str, Any] | None, tz: str) -> EventTime:
    """An EventDateTime (``date`` or ``dateTime`` [+ ``timeZone``]) as a date or an aware datetime."""
    if not value:
        raise UnsupportedEvent("no start or end")
    if value.get("date"):
        try:
            return date.fromisoformat(str(value["date"]))
        except ValueError as exc:
            raise UnsupportedEvent(f"bad date {value['date']!r}") from exc
    raw = value.get("dateTime")
    if not raw:
        raise UnsupportedEvent("no date or dateTime")
    try:
        parsed = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    except ValueError as exc:
        raise UnsupportedEvent(f"bad dateTime {raw!r}") from exc
    zone = get_zone(_zone_or(value.get("timeZone"), tz))
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=zone)
    return parsed.astimezone(zone)


def _parse_stamp(text: str, params: Mapping[str, str], tz: str) -> EventTime:
    raw = text.strip()
    try:
        if params.get("VALUE") == "DATE" or len(raw) == 8:
            return date(int(raw[0:4]), int(raw[4:6]), int(raw[6:8]))
        naive = datetime.strptime(raw.rstrip("Z"), "%Y%m%dT%H%M%S")  # noqa: DTZ007
    except ValueError as exc:
        raise UnsupportedEvent(f"bad date in recurrence: {raw!r}") from exc
    if raw.endswith("Z"):
        return naive.replace(tzinfo=UTC).astimezone(get_zone(tz))
    return naive.replace(tzinfo=get_zone(_zone_or(params.get("TZID"), tz)))


def _as_kind(value: EventTime, like: EventTime, tz: str) -> EventTime:
    """An EXDATE/RDATE value in the kind of the series' start (date or date-time)."""
    zone = get_zone(tz)
    if isinstance(like, datetime):
        if isinstance(value, datetime):
            return value.astimezone(zone)
        return datetime.combine(value, like.astimezone(zone).time(), zone)
    if isinstance(value, datetime):
        return value.astimezone(zone).date()
    return value


def parse_recurrence(
    lines: Iterable[str], start: EventTime, tz: str
) -> tuple[str | None, tuple[EventTime, ...], tuple[EventTime, ...]]:
    """(RRULE text, EXDATEs, RDATEs) from Google's ``recurrence`` list."""
    rule: str | None = None
    exdates: list[EventTime] = []
    rdates: list[EventTime] = []
    for line in lines:
        head, sep, values = str(line).partition(":")
        if not sep:
            raise UnsupportedEvent(f"bad recurrence line {line!r}")
        name, *raw_params = head.split(";")
        params = {k.upper(): v for k, _, v in (p.partition("=") for p in raw_params) if k}
        kind = name.strip().upper()
        if kind == "RRULE":
            if rule is not None:
                raise UnsupportedEvent("more than one RRULE")
            rule = values.strip()
        elif kind in ("EXDATE", "RDATE"):
            if params.get("VALUE") == "PERIOD":
                raise UnsupportedEvent("RDATE periods")
            target = exdates if kind == "EXDATE" else rdates
            for item in values.split(","):
                if item.strip():
                    target.append(_as_kind(_parse_stamp(item, params, tz), start, tz))
        else:
            raise UnsupportedEvent(f"{kind} in recurrence")
    return (
        rule,
        tuple(sorted(set(exdates), key=_sort_key)),
        tuple(sorted(set(rdates), key=_sort_key)),
    )


def _lunar_property(item: Mapping[str, Any]) -> str | None:
    private = (item.get("extendedProperties") or {}).get("private") or {}
    value = private.get(LUNAR_PROPERTY)
    return value if isinstance(value, str) and lunar.is_lunar(value) else None


def _beyond_rule(
    rule: str, start: EventTime, tz: str, rdates: tuple[EventTime, ...]
) -> tuple[EventTime, ...]:
    """The RDATEs a lunar rule does not give itself (normally none)."""
    if not rdates:
        return ()
    try:
        parsed = lunar.parse(rule)
    except InvalidInput:
        return rdates
    first = start.astimezone(get_zone(tz)).date() if isinstance(start, datetime) else start
    given = set(lunar.dates(parsed, first))
    return tuple(
        r
        for r in rdates
        if (r.astimezone(get_zone(tz)).date() if isinstance(r, datetime) else r) not in given
    )


def lunar_rdates(ev: Event, today: date | None = None) -> tuple[EventTime, ...]:
    """A lunar series' instance starts Google gets: this year to LUNAR_YEARS_AHEAD on."""
    assert ev.rrule is not None
    today = today or datetime.now(get_zone(ev.tz)).date()
    first = date(today.year, 1, 1)
    last = date(today.year + LUNAR_YEARS_AHEAD, 12, 31)
    if isinstance(ev.start, datetime):
        start = ev.start.astimezone(get_zone(ev.tz))
        lower = max(start, datetime.combine(first, time(0), start.tzinfo))
        points: list[EventTime] = []
        for point in lunar.points_after(ev.rrule, start, lower):
            if point.date() > last:
                break
            points.append(point)
    else:
        points = []
        for day in lunar.dates(lunar.parse(ev.rrule), ev.start, first):
            if day > last:
                break
            points.append(day)
    return tuple(p for p in points if p != ev.start)


def _sort_key(value: EventTime) -> float:
    if isinstance(value, datetime):
        return value.timestamp()
    return datetime.combine(value, time(0), UTC).timestamp()


def parse_reminders(raw: Mapping[str, Any] | None) -> tuple[int, ...] | None:
    if not raw or raw.get("useDefault", True) and not raw.get("overrides"):
        return None
    minutes = sorted({int(o.get("minutes", 0)) for o in raw.get("overrides") or ()})
    return tuple(m for m in minutes if m >= 0)


def parse_attendees(raw: Iterable[Mapping[str, Any]] | None) -> tuple[Attendee, ...]:
    result = []
    for item in raw or ():
        email = item.get("email")
        if not email:
            continue
        result.append(
            Attendee(
                email=str(email),
                name=item.get("displayName") or None,
                response=str(item.get("responseStatus") or "needsAction"),
            )
        )
    return tuple(result)


def from_google(
    item: Mapping[str, Any],
    *,
    local_id: str,
    calendar_id: str,
    calendar_tz: str,
    series_id: str | None = None,
    series: Event | None = None,
    synced_at: datetime | None = None,
) -> Event:
    """The local Event for a live Google event (or a cancelled instance: pass ``series``).

    ``series_id`` is the local id of the series a changed instance belongs to. A
    cancelled instance carries only its ids; its times come from the series.
    """
    cancelled = item.get("status") == "cancelled"
    start_raw = item.get("start")
    tz = _zone_or((start_raw or {}).get("timeZone"), calendar_tz)
    original: EventTime | None = None
    if item.get("originalStartTime"):
        original = parse_point(item["originalStartTime"], tz)
    if cancelled and series is not None and original is not None:
        return _cancelled_instance(item, local_id, series, original)
    start = parse_point(start_raw, tz)
    all_day = not isinstance(start, datetime)
    end_raw = item.get("end")
    if end_raw:
        end = parse_point(end_raw, tz)
    else:
        end = start + timedelta(days=1) if all_day else start + timedelta(hours=1)
    if all_day != (not isinstance(end, datetime)):
        raise UnsupportedEvent("start and end of different kinds")
    rule, exdates, rdates = parse_recurrence(item.get("recurrence") or (), start, tz)
    lunar_rule = _lunar_property(item)
    if lunar_rule is not None and rule is None:
        rule, rdates = lunar_rule, _beyond_rule(lunar_rule, start, tz, rdates)
    if original is not None and isinstance(start, datetime) != isinstance(original, datetime):
        original = _as_kind(original, start, tz)
    try:
        return Event(
            id=local_id,
            title=(item.get("summary") or "").strip() or NO_TITLE,
            start=start,
            end=end,
            calendar_id=calendar_id,
            all_day=all_day,
            tz=tz,
            description=item.get("description") or "",
            location=(item.get("location") or "").strip(),
            rrule=rule,
            exdates=exdates,
            rdates=rdates,
            recurring_event_id=series_id,
            original_start=original,
            cancelled=cancelled,
            reminders=parse_reminders(item.get("reminders")),
            attendees=parse_attendees(item.get("attendees")),
            source=Source.GOOGLE,
            google_event_id=str(item["id"]),
            google_etag=item.get("etag"),
            last_synced_at=synced_at,
        )
    except InvalidInput as exc:
        raise UnsupportedEvent(str(exc)) from exc


def _cancelled_instance(
    item: Mapping[str, Any], local_id: str, series: Event, original: EventTime
) -> Event:
    """A cancelled instance as a local event: the series' instance, marked cancelled."""
    original = _as_kind(original, series.start, series.tz)
    if isinstance(original, datetime):
        end: EventTime = (original.astimezone(UTC) + series.duration).astimezone(original.tzinfo)
    else:
        end = original + series.duration
    return Event(
        id=local_id,
        title=series.title,
        start=original,
        end=end,
        calendar_id=series.calendar_id,
        all_day=series.all_day,
        tz=series.tz,
        description=series.description,
        location=series.location,
        recurring_event_id=series.id,
        original_start=original,
        cancelled=True,
        reminders=series.reminders,
        source=Source.GOOGLE,
        google_event_id=str(item["id"]),
    )


# -- Event -> Google -------------------------------------------------------------------------


def _point_json(value: EventTime, tz: str) -> dict[str, str]:
    if isinstance(value, datetime):
        return {"dateTime": value.astimezone(get_zone(tz)).isoformat(), "timeZone": tz}
    return {"date": value.isoformat()}


def _stamp(value: EventTime, tz: str) -> str:
    if isinstance(value, datetime):
        return f"{value.astimezone(get_zone(tz)):%Y%m%dT%H%M%S}"
    return f"{value:%Y%m%d}"


def _date_line(name: str, values: tuple[EventTime, ...], ev: Event) -> str:
    stamps = ",".join(_stamp(v, ev.tz) for v in sorted(values, key=_sort_key))
    if ev.all_day:
        return f"{name};VALUE=DATE:{stamps}"
    return f"{name};TZID={ev.tz}:{stamps}"


def recurrence_lines(ev: Event, today: date | None = None) -> list[str]:
    lines: list[str] = []
    rdates = ev.rdates
    if ev.rrule and lunar.is_lunar(ev.rrule):
        rdates = tuple(sorted(set(rdates) | set(lunar_rdates(ev, today)), key=_sort_key))
    elif ev.rrule:
        lines.append(f"RRULE:{ev.rrule}")
    if ev.exdates:
        lines.append(_date_line("EXDATE", ev.exdates, ev))
    if rdates:
        lines.append(_date_line("RDATE", rdates, ev))
    return lines


def to_google(ev: Event, today: date | None = None) -> dict[str, Any]:
    """The managed part of the Google body for ``ev`` (every key in MANAGED_KEYS).

    ``today`` decides the years of a lunar series' RDATE list (see ``lunar_rdates``); only
    lunar series carry ``extendedProperties`` (nothing of ours to set for others)."""
    if ev.reminders is None:
        reminders: dict[str, Any] = {"useDefault": True}
    else:
        chosen = sorted(set(ev.reminders))[:MAX_REMINDERS]
        reminders = {
            "useDefault": False,
            "overrides": [{"method": "popup", "minutes": m} for m in chosen],
        }
    attendees = []
    for a in ev.attendees:
        entry: dict[str, Any] = {"email": a.email, "responseStatus": a.response}
        if a.name:
            entry["displayName"] = a.name
        attendees.append(entry)
    body: dict[str, Any] = {
        "summary": ev.title,
        "description": ev.description,
        "location": ev.location,
        "start": _point_json(ev.start, ev.tz),
        "end": _point_json(ev.end, ev.tz),
        "recurrence": recurrence_lines(ev, today) if ev.recurring_event_id is None else [],
        "reminders": reminders,
        "attendees": attendees,
    }
    if ev.rrule and lunar.is_lunar(ev.rrule) and ev.recurring_event_id is None:
        body["extendedProperties"] = {"private": {LUNAR_PROPERTY: ev.rrule}}
    return body


def insert_body(ev: Event, google_id: str, today: date | None = None) -> dict[str, Any]:
    """A complete body for events.insert (empty lists left out)."""
    body = {k: v for k, v in to_google(ev, today).items() if v != []}
    body["id"] = google_id
    return body


def diff(local: Mapping[str, Any], base: Mapping[str, Any]) -> dict[str, Any]:
    """The managed keys whose values differ: a patch body (arrays are sent whole)."""
    body = {k: local.get(k) for k in MANAGED_KEYS if local.get(k) != base.get(k)}
    if "extendedProperties" in body and body["extendedProperties"] is None:
        # No longer lunar: clear only our key (patch semantics), never other apps' ones.
        body["extendedProperties"] = {"private": {LUNAR_PROPERTY: None}}
    return body
