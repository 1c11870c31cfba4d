"""The Calendar emulator's recurrence expansion: skipping ahead gives the same instances.

tests/fakes/google_calendar/recurrence.py moves the start of DAILY/WEEKLY rules forward
when only a late window is wanted; this checks that against plain expansion.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fakes.google_calendar.recurrence import original_starts, split_instance_id
from tests.fakes.google_calendar.times import When

ZONES = ["Asia/Seoul", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "UTC"]
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


@st.composite
def rules(draw: st.DrawFn) -> tuple[list[str], When, datetime]:
    all_day = draw(st.booleans())
    first = date(2020, 1, 1) + timedelta(days=draw(st.integers(0, 900)))
    if all_day:
        start = When(day=first)
    else:
        zone = draw(st.sampled_from(ZONES))
        from zoneinfo import ZoneInfo

        hour, minute = draw(st.integers(0, 23)), draw(st.sampled_from([0, 15, 30]))
        local = datetime(first.year, first.month, first.day, hour, minute, tzinfo=ZoneInfo(zone))
        start = When(instant=local.astimezone(UTC), tz=zone)
    parts = [f"FREQ={draw(st.sampled_from(['DAILY', 'WEEKLY']))}"]
    interval = draw(st.integers(1, 4))
    if interval > 1:
        parts.append(f"INTERVAL={interval}")
    if draw(st.booleans()):
        chosen = draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=3, unique=True))
        parts.append("BYDAY=" + ",".join(chosen))
    if draw(st.booleans()):
        until = first + timedelta(days=draw(st.integers(30, 1500)))
        parts.append(f"UNTIL={until:%Y%m%d}" + ("" if all_day else "T235959Z"))
    lines = ["RRULE:" + ";".join(parts)]
    if draw(st.booleans()):
        lines.append(
            f"EXDATE;VALUE=DATE:{first + timedelta(days=draw(st.integers(0, 800))):%Y%m%d}"
        )
    after = datetime(2020, 1, 1, tzinfo=UTC) + timedelta(hours=draw(st.integers(0, 40_000)))
    return lines, start, after


@settings(max_examples=150, deadline=None)
@given(rules())
def test_skipping_ahead_keeps_every_instance_after_the_cut(
    case: tuple[list[str], When, datetime],
) -> None:
    lines, start, after = case
    until = after + timedelta(days=120)

    def moment(w: When) -> datetime:
        return w.instant if w.instant else datetime(w.day.year, w.day.month, w.day.day, tzinfo=UTC)  # type: ignore[union-attr]

    full = [
        w for w in original_starts(lines, start, until=until, limit=50_000) if moment(w) >= after
    ]
    fast = [
        w
        for w in original_starts(lines, start, until=until, limit=50_000, after=after)
        if moment(w) >= after
    ]
    assert fast == full


def test_instance_ids_split_back_into_series_and_start() -> None:
    assert split_instance_id("abc123_20260302T000000Z") == (
        "abc123",
        When(instant=datetime(2026, 3, 2, tzinfo=UTC)),
    )
    assert split_instance_id("abc123_20260302") == ("abc123", When(day=date(2026, 3, 2)))
    assert split_instance_id("abc123_20260302t000000z") is None
    assert split_instance_id("abc123") is None
