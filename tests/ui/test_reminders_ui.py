"""ReminderService end to end: real store, real APScheduler, the real desktop-notifier client
over a private D-Bus session bus to the fake notification server."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot

from core import reminders
from core.model import Event
from core.settings import Settings
from core.store import Store
from desktop.app import make_application
from desktop.reminders import ReminderService
from tests.fakes.notification_server import NotificationServer

pytestmark = pytest.mark.skipif(
    shutil.which("dbus-daemon") is None, reason="dbus-daemon is not installed"
)

SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=SEOUL)
SETTINGS = Settings(time_zone="Asia/Seoul", default_reminder_minutes=10)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[NotificationServer]:
    with NotificationServer() as srv:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", srv.address)
        yield srv
        _stop_all()  # the services' bus connections close before the bus goes


_started: list[ReminderService] = []


@pytest.fixture(autouse=True)
def _stop_services() -> Iterator[None]:
    yield
    _stop_all()


def _stop_all() -> None:
    while _started:
        _started.pop().stop()


def _service(qtbot: QtBot, store: Store, settings: Settings = SETTINGS, **kw: Any) -> Any:
    make_application()
    service = ReminderService(store, settings, now=lambda: NOW, **kw)
    _started.append(service)
    return service


def _add(store: Store, title: str, start: datetime, **fields: Any) -> Event:
    return store.add_event(
        Event.timed(title, start, calendar_id=store.default_calendar().id, **fields)
    )


def test_due_and_scheduled_reminders_notify_once(
    qtbot: QtBot, store: Store, server: NotificationServer
) -> None:
    # Fires exactly now (1 minute before an event 1 minute ahead) and one second from now.
    _add(store, "팀 회의", NOW + timedelta(minutes=1), reminders=(1,), location="3층")
    _add(store, "치과", NOW + timedelta(minutes=1, seconds=1), reminders=(1,))
    service = _service(qtbot, store)
    with qtbot.waitSignals([service.fired, service.fired], timeout=10_000):
        service.start()
    got = server.wait_for(2)
    assert [(n.summary, n.app_name) for n in got] == [("팀 회의", "iljeong"), ("치과", "iljeong")]
    assert "3층" in got[0].body and "10:01" in got[0].body
    assert got[0].app_icon.endswith("iljeong.png")
    # Planning again, or in a new process, fires nothing more.
    service.reschedule()
    again = _service(qtbot, store)
    again.start()
    qtbot.wait(300)
    assert len(server.received) == 2
    assert again.scheduled() == []


def test_click_opens_the_event_day(qtbot: QtBot, store: Store, server: NotificationServer) -> None:
    _add(store, "검진", NOW + timedelta(minutes=5), reminders=(5,))
    service = _service(qtbot, store)
    with qtbot.waitSignal(service.fired, timeout=10_000):
        service.start()
    (note,) = server.wait_for(1)
    assert "default" in note.actions
    with qtbot.waitSignal(service.open_requested, timeout=10_000) as opened:
        server.invoke_action(note.id, "default")
    assert opened.args == [date(2026, 11, 24)]


def test_snooze_shows_the_reminder_again_unless_the_event_went(
    qtbot: QtBot, store: Store, server: NotificationServer
) -> None:
    ev = _add(store, "약 먹기", NOW + timedelta(minutes=5), reminders=(5,))
    service = _service(qtbot, store)
    with qtbot.waitSignal(service.fired, timeout=10_000):
        service.start()
    (note,) = server.wait_for(1)
    pairs = dict(zip(note.actions[::2], note.actions[1::2], strict=True))
    [snooze_key] = [key for key, label in pairs.items() if label == "Snooze 10 min"]
    server.invoke_action(note.id, snooze_key)
    qtbot.waitUntil(lambda: len(service.snoozed()) == 1, timeout=5_000)
    [waiting] = service.snoozed()
    # Ten minutes later (the job's own wait is real time; run its handler now):
    with qtbot.waitSignal(service.fired, timeout=10_000):
        service._on_snooze_due(waiting)
    assert [n.summary for n in server.wait_for(2)] == ["약 먹기", "약 먹기"]
    store.delete_event(ev.id)
    service._on_snooze_due(waiting)  # a snooze of a deleted event shows nothing
    qtbot.wait(300)
    assert len(server.received) == 2


def test_editing_the_time_reschedules(
    qtbot: QtBot, store: Store, server: NotificationServer
) -> None:
    ev = _add(store, "회의", NOW + timedelta(hours=2))
    service = _service(qtbot, store)
    service.start()
    (first,) = service.scheduled()
    assert first.fire_at == NOW + timedelta(hours=1, minutes=50)
    moved = store.update_event(ev.moved_to(NOW + timedelta(hours=3)))
    qtbot.waitUntil(
        lambda: [r.fire_at for r in service.scheduled()] == [NOW + timedelta(hours=2, minutes=50)],
        timeout=5_000,
    )
    # The job of the old time, had it run, sends nothing: the event moved.
    service._on_job_due(first)
    # Moved to ten minutes and one second from now: fires after one second.
    with qtbot.waitSignal(service.fired, timeout=10_000) as fired:
        store.update_event(moved.moved_to(NOW + timedelta(minutes=10, seconds=1)))
    assert fired.args[0].start == NOW + timedelta(minutes=10, seconds=1)
    assert [n.summary for n in server.wait_for(1)] == ["회의"]
    assert len(server.received) == 1


def test_deleting_cancels(qtbot: QtBot, store: Store, server: NotificationServer) -> None:
    ev = _add(store, "취소될 약속", NOW + timedelta(minutes=10, seconds=2))
    service = _service(qtbot, store)
    service.start()
    (job,) = service.scheduled()
    store.delete_event(ev.id)
    qtbot.waitUntil(lambda: service.scheduled() == [], timeout=5_000)
    service._on_job_due(job)  # a job already on its way sends nothing either
    qtbot.wait(2_500)  # past the original fire time
    assert server.received == []


def test_notifications_off_sends_nothing(
    qtbot: QtBot, store: Store, server: NotificationServer
) -> None:
    _add(store, "알림 없음", NOW + timedelta(minutes=5))
    _add(store, "나중", NOW + timedelta(hours=5))
    off = Settings(time_zone="Asia/Seoul", notifications=False)
    service = _service(qtbot, store, off)
    service.start()
    assert service.scheduled() == []
    qtbot.wait(500)
    assert server.received == []
    assert reminders.fired_keys(store) == set()
    # Turned on again: the due one fires, the later one is scheduled.
    with qtbot.waitSignal(service.fired, timeout=10_000):
        service.apply_settings(SETTINGS)
    assert [n.summary for n in server.wait_for(1)] == ["알림 없음"]
    assert [r.title for r in service.scheduled()] == ["나중"]


def test_without_a_notification_server_the_fallback_shows_it(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus'}")
    shown: list[tuple[str, str]] = []
    _add(store, "오프라인", NOW + timedelta(minutes=3))
    service = _service(qtbot, store, fallback=lambda t, m: shown.append((t, m)))
    with qtbot.waitSignal(service.fired, timeout=10_000):
        service.start()
    assert [t for t, _ in shown] == ["오프라인"]
    assert "3 minute" in shown[0][1]
