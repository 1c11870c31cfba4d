"""A yearly lunar series syncs between two devices through the real service (PostgreSQL):
events travel as portable dicts with the rule as text, so the RSCALE rule arrives intact."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from core.model import Event
from tests.fakes.service_server import RunningService, running_service, sync_device

SEOUL = ZoneInfo("Asia/Seoul")
CHUSEOK = "RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=15"


@pytest.fixture(scope="module")
def service() -> Iterator[RunningService]:
    with running_service() as svc:
        yield svc


def test_a_lunar_series_syncs_between_two_devices(service: RunningService, tmp_path: Path) -> None:
    email = "lunar@example.com"
    a, b = (sync_device(service, tmp_path, service.token(email), n) for n in ("a", "b"))
    try:
        made = a.store.add_event(
            Event.all_day_event(
                "엄마 생신",
                date(2026, 9, 25),
                calendar_id=a.store.default_calendar().id,
                rrule=CHUSEOK,
            )
        )
        a.sync()
        b.sync()
        got = b.store.get_event(made.id)
        assert got.rrule == CHUSEOK and got.start == date(2026, 9, 25)
        sept = b.store.occurrences(
            datetime(2027, 9, 1, tzinfo=SEOUL), datetime(2027, 10, 1, tzinfo=SEOUL)
        )
        assert [(o.event.title, o.start) for o in sept] == [("엄마 생신", date(2027, 9, 15))]
        # An edit on b comes back to a with the rule unchanged.
        b.store.update_event(got.evolve(location="큰집"))
        b.sync()
        a.sync()
        back = a.store.get_event(made.id)
        assert (back.rrule, back.location) == (CHUSEOK, "큰집")
    finally:
        a.close()
        b.close()
