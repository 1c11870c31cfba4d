"""View and range-query figures with 10 000 events (run: python tests/bench/bench_views.py).

Prints medians; asserts nothing about time (DESIGN.md: figures, not timed asserts).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ILJEONG_TZ", "Asia/Seoul")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from core.model import Calendar, Event  # noqa: E402
from core.settings import Settings  # noqa: E402
from core.store import Store  # noqa: E402

SEOUL = ZoneInfo("Asia/Seoul")
N_EVENTS = 10_000
ROUNDS = 20
NOW = datetime(2026, 11, 24, 10, 20, tzinfo=SEOUL)
CENTER = date(2026, 11, 1)
TITLES = ["팀 미팅", "치과 검진", "클라이언트 미팅 서울역", "필라테스", "점심 약속", "코드 리뷰", "1:1", "Standup"]
# (rule, weight): mostly weekly/monthly series, a few open-ended daily ones (each of those
# alone puts ~42 occurrences into a month grid)
RULES = [
    ("FREQ=WEEKLY", 40), ("FREQ=WEEKLY;BYDAY=MO,WE,FR", 10), ("FREQ=MONTHLY", 20),
    ("FREQ=YEARLY", 10), ("FREQ=DAILY;COUNT=10", 15), ("FREQ=DAILY", 5),
]


def seed(store: Store, rng: random.Random) -> None:
    cals = [store.default_calendar().id]
    cals += [store.add_calendar(Calendar(name=n, color=c)).id for n, c in (("회사", "#0b8043"), ("건강", "#e67c73"))]
    with store.transaction():
        for i in range(N_EVENTS):
            day = CENTER + timedelta(days=rng.randint(-365, 365))
            title = f"{rng.choice(TITLES)} {i}"
            cal = rng.choice(cals)
            rrule = rng.choices([r for r, _ in RULES], [w for _, w in RULES])[0] if i % 10 == 0 else None
            if i % 15 == 1:
                store.add_event(Event.all_day_event(title, day, day + timedelta(days=rng.randint(1, 4)),
                                                    calendar_id=cal, rrule=rrule))
                continue
            start = datetime(day.year, day.month, day.day, rng.randint(7, 20), rng.choice((0, 15, 30, 45)),
                             tzinfo=SEOUL)
            end = start + timedelta(minutes=rng.choice((30, 45, 60, 90, 120)))
            store.add_event(Event.timed(title, start, end, calendar_id=cal, rrule=rrule))


def median_ms(fn: Callable[[], object], rounds: int = ROUNDS) -> float:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    from PySide6.QtGui import QImage

    from desktop.app import make_application
    from desktop.views import MonthView, TimeGridView

    app = make_application()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory(prefix="iljeong-bench-") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        with Store.open(folder) as store:
            seed(store, rng)
        print(f"seed {N_EVENTS} events: {time.perf_counter() - t0:.1f} s (setup, not a target)")

        t0 = time.perf_counter()
        store = Store.open(folder)
        print(f"open store: {(time.perf_counter() - t0) * 1000:.1f} ms")
        zone = Settings(time_zone="Asia/Seoul").zone
        month_lo, month_hi = datetime(2026, 11, 1, tzinfo=SEOUL), datetime(2026, 12, 13, tzinfo=SEOUL)
        first = store.occurrences(month_lo, month_hi, view_zone=zone)
        print(f"month range holds {len(first)} occurrences")
        ms = median_ms(lambda: store.occurrences(month_lo, month_hi, view_zone=zone))
        print(f"month range query, repeated (decoded + expanded caches warm): median {ms:.1f} ms (target ≤ 5 ms)")
        cold_stores = [Store.open(folder) for _ in range(ROUNDS)]
        ms = median_ms(lambda: cold_stores.pop().occurrences(month_lo, month_hi, view_zone=zone))
        print(f"month range query, cold (fresh Store, nothing cached): median {ms:.1f} ms")
        week_lo = datetime(2026, 11, 22, tzinfo=SEOUL)
        ms = median_ms(lambda: store.occurrences(week_lo, week_lo + timedelta(days=7), view_zone=zone))
        print(f"week range query: median {ms:.1f} ms (target ≤ 5 ms)")

        image = QImage(1280, 800, QImage.Format.Format_ARGB32_Premultiplied)

        def paint(widget: object) -> None:
            widget.render(image)  # type: ignore[attr-defined]

        month = MonthView(store, zone, lambda: NOW)
        month.resize(1280, 800)
        month.set_anchor(NOW.date())
        month.reload()
        paint(month)  # warm-up: fonts, glyph caches
        print(f"month reload (query + buckets): median {median_ms(month.reload):.1f} ms")
        print(f"month paint: median {median_ms(lambda: paint(month)):.1f} ms (target ≤ 16 ms)")
        print(f"month grab(): median {median_ms(month.grab):.1f} ms")

        week = TimeGridView(store, zone, lambda: NOW, days=7)
        week.resize(1280, 800)
        week.show()
        app.processEvents()
        week.set_anchor(NOW.date())
        week.reload()
        app.processEvents()
        paint(week)
        print(f"week reload (query + layout): median {median_ms(week.reload):.1f} ms")
        print(f"week paint: median {median_ms(lambda: paint(week)):.1f} ms (target ≤ 16 ms)")
        week.close()
        store.close()


if __name__ == "__main__":
    main()
