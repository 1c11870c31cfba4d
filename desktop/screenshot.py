"""Render the real main window offscreen and save it as a PNG (docs, visual review, smoke test).

    python -m desktop.screenshot OUT.png [--data-dir DIR] [--view month|week|day|agenda]
        [--language ko|en] [--theme light|dark] [--dialog settings|shortcuts]

Without --data-dir a temporary store is seeded with a realistic Korean week and a short
chat (one saved event, one proposal waiting with an overlap warning).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

# Fixed moment so the picture is the same on every run: Tuesday 2026-11-24, 10:20 in Seoul.
SEOUL = ZoneInfo("Asia/Seoul")
SHOT_NOW = datetime(2026, 11, 24, 10, 20, tzinfo=SEOUL)


def seed_korean_week(store: object, today: date) -> None:
    """A plausible week around ``today`` (all times Asia/Seoul)."""
    from core.model import Calendar, Event
    from core.store import Store

    assert isinstance(store, Store)
    main = store.default_calendar().id
    work = store.add_calendar(Calendar(name="회사", color="#0b8043")).id
    health = store.add_calendar(Calendar(name="건강", color="#e67c73")).id
    monday = today - timedelta(days=today.weekday())

    def at(day: date, hour: int, minute: int = 0) -> datetime:
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SEOUL)

    def add(title: str, start: datetime, minutes: int, cal: str, **extra: object) -> None:
        store.add_event(Event.timed(title, start, start + timedelta(minutes=minutes), calendar_id=cal, **extra))

    add("팀 미팅", at(monday, 10), 60, work, rrule="FREQ=WEEKLY;BYDAY=MO", location="3층 회의실")
    add("주간 보고서 작성", at(monday, 14), 90, work)
    add("치과 검진", at(monday + timedelta(days=1), 7, 40), 260, health, location="인천 연수구 갯벌로 156")
    add("점심 약속 (민지)", at(monday + timedelta(days=1), 12, 30), 60, main, location="을지로")
    add("클라이언트 미팅 서울역", at(monday + timedelta(days=2), 15), 90, work, location="서울역 회의실 A")
    add("코드 리뷰", at(monday + timedelta(days=2), 15, 30), 60, work)
    add("필라테스", at(monday + timedelta(days=3), 19, 30), 50, health, rrule="FREQ=WEEKLY;BYDAY=TH")
    add("프로젝트 회고", at(monday + timedelta(days=4), 16), 60, work)
    add("가족 저녁", at(monday + timedelta(days=5), 18), 120, main, location="수원")
    add("엄마 생신", at(monday + timedelta(days=6), 12), 120, main)
    store.add_event(
        Event.all_day_event(
            "부산 출장", monday + timedelta(days=2), monday + timedelta(days=5), calendar_id=work
        )
    )
    store.add_event(Event.all_day_event("김장 (본가)", monday + timedelta(days=12), calendar_id=main))
    add("독서 모임", at(monday + timedelta(days=9), 20), 90, main)
    add("건강검진 예약 확인", at(monday - timedelta(days=5), 9), 30, health)
    store.add_event(
        Event.all_day_event("월급날", date(today.year, today.month, 25), calendar_id=main, rrule="FREQ=MONTHLY")
    )


CHAT = (
    ("금요일 오후 3시 디자인 리뷰 3층 회의실", True),
    ("목요일 저녁 7시 반 요가", False),
)


def seed_chat(window: object) -> None:
    """A short conversation through the real pane and assistant: one event saved, one proposed."""
    from desktop.main_window import MainWindow

    assert isinstance(window, MainWindow)
    for message, save in CHAT:
        window.chat_pane.send(message)
        if save:
            window.chat_pane.save()
    window.go_today()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desktop.screenshot", description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--view", choices=("month", "week", "day", "agenda"), default="month")
    parser.add_argument("--language", "--lang", dest="lang", choices=("ko", "en"), default="ko")
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    parser.add_argument(
        "--dialog", choices=("settings", "shortcuts"), default=None, help="grab this dialog"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("ILJEONG_TZ", "Asia/Seoul")

    from PySide6.QtWidgets import QApplication, QWidget

    from core.settings import Settings
    from core.store import Store
    from desktop.app import make_application
    from desktop.main_window import MainWindow

    # The language (translator + locale) and colours, as the settings dialog would set them.
    app = make_application(
        settings=Settings(time_zone="Asia/Seoul", language=args.lang, theme=args.theme)
    )
    with tempfile.TemporaryDirectory(prefix="iljeong-shot-") as tmp:
        folder = args.data_dir or Path(tmp)
        with Store.open(folder) as store:
            if args.data_dir is None:
                seed_korean_week(store, SHOT_NOW.date())
            window = MainWindow(store, Settings(time_zone="Asia/Seoul"), now=lambda: SHOT_NOW)
            window.resize(1280, 800)
            if args.data_dir is None:
                seed_chat(window)
            window.show_view(args.view)
            window.show()
            for _ in range(5):
                QApplication.processEvents()
            shown: QWidget = window
            if args.dialog == "settings":
                shown = window.open_settings_dialog()
            elif args.dialog == "shortcuts":
                shown = window.show_shortcuts_help()
            for _ in range(5):
                QApplication.processEvents()
            args.out.parent.mkdir(parents=True, exist_ok=True)
            ok = shown.grab().save(str(args.out))
            if shown is not window:
                shown.close()
            window.close()
    del app
    if not ok:
        sys.stderr.write(f"could not write {args.out}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
