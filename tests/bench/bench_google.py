"""Google sync figures against the Calendar emulator (run: python tests/bench/bench_google.py).

1. Import 10 000 events (500 of them recurring) from Google into an empty store: wall
   time, and HTTP requests made vs the minimum (ceil(N / 2500) events.list pages).
2. An idle incremental sync: requests per calendar.
3. 200 local changes pushed: HTTP requests used (and the batch sizes).

Targets (issue 5): import <= 5 s here; idle sync 1 request per calendar; 200 changes in
<= 5 requests. Prints figures; asserts nothing about time.
"""

from __future__ import annotations

import math
import os
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("ILJEONG_TZ", "Asia/Seoul")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import keyring  # noqa: E402

from core.google import tokens  # noqa: E402
from core.google.account import Account, save_account  # noqa: E402
from core.google.client import RetryPolicy  # noqa: E402
from core.google.config import Endpoints, client_config_from  # noqa: E402
from core.google.connection import open_client  # noqa: E402
from core.google.engine import PAGE_SIZE, GoogleSync  # noqa: E402
from core.store import Store  # noqa: E402
from tests.fakes.google_calendar import FakeGoogle  # noqa: E402
from tests.fakes.keyring_backend import MemoryKeyring  # noqa: E402

EMAIL = "bench@example.com"
N_EVENTS = 10_000
N_RECURRING = 500
N_CHANGES = 200
SEOUL = ZoneInfo("Asia/Seoul")
START = datetime(2026, 1, 5, 8, 0, tzinfo=SEOUL)
RULES = [
    "FREQ=WEEKLY",
    "FREQ=DAILY;COUNT=10",
    "FREQ=MONTHLY;BYMONTHDAY=5",
    "FREQ=WEEKLY;BYDAY=MO,WE",
]


def _body(n: int) -> dict[str, object]:
    start = START + timedelta(hours=7 * n)
    body: dict[str, object] = {
        "summary": f"Event {n}",
        "location": f"Room {n % 40}",
        "start": {"dateTime": start.isoformat(), "timeZone": "Asia/Seoul"},
        "end": {"dateTime": (start + timedelta(minutes=45)).isoformat(), "timeZone": "Asia/Seoul"},
    }
    if n % (N_EVENTS // N_RECURRING) == 0:
        body["recurrence"] = [f"RRULE:{RULES[n % len(RULES)]}"]
    return body


def _engine(store: Store, endpoints: Endpoints) -> GoogleSync:
    client, record = open_client(
        store, endpoints=endpoints, sleep=lambda s: None, policy=RetryPolicy(attempts=8)
    )
    return GoogleSync(store, client, account=record.email)


def main() -> None:
    keyring.set_keyring(MemoryKeyring())
    fake = FakeGoogle(seed=1).start()
    try:
        fake.add_account(EMAIL)
        for n in range(N_EVENTS):
            fake.insert_event("primary", _body(n))
        endpoints = Endpoints(api_root=fake.api_endpoint, token_uri=fake.token_uri)
        folder = Path(tempfile.mkdtemp(prefix="iljeong-bench-google-"))
        with Store.open(folder) as store:
            issued = fake.issue_tokens(EMAIL)
            client = client_config_from(fake.client_config(), endpoints)
            tokens.save_token(
                tokens.record_from_token_response(
                    EMAIL,
                    {
                        "access_token": issued["access_token"],
                        "refresh_token": issued["refresh_token"],
                    },
                    client,
                    issued["scopes"],
                )
            )
            save_account(store, Account(email=EMAIL, status="connected"))

            # 1. import
            fake.reset_requests()
            began = time.perf_counter()
            report = _engine(store, endpoints).run()
            took = time.perf_counter() - began
            lists = [r for r in fake.requests if r.operation == "events.list"]
            minimum = math.ceil(N_EVENTS / PAGE_SIZE)
            series = sum(1 for e in store.all_events() if e.rrule)
            print(
                f"import: {report.pulled} events ({series} recurring) in {took:.2f} s "
                f"(target <= 5 s)"
            )
            print(
                f"  HTTP requests: {len(fake.requests)} in all "
                f"({len(lists)} events.list pages vs minimum ceil({N_EVENTS}/{PAGE_SIZE}) = "
                f"{minimum}; + {len(fake.requests) - len(lists)} calendar list)"
            )

            # 2. idle incremental sync
            fake.reset_requests()
            began = time.perf_counter()
            report = _engine(store, endpoints).run()
            took = time.perf_counter() - began
            calendars = len(report.calendars)
            print(
                f"idle sync: {len(fake.requests)} request(s) for {calendars} calendar(s) "
                f"= {len(fake.requests) / calendars:.1f} per calendar (target 1) in "
                f"{took * 1000:.0f} ms; writes: {sum(1 for r in fake.requests if r.is_write)}"
            )

            # 3. 200 local changes
            events = store.all_events()[:N_CHANGES]
            with store.transaction():
                for n, ev in enumerate(events):
                    if n % 4 == 0:
                        store.update_event(
                            ev.evolve(
                                title=ev.title + " (moved)",
                                start=ev.start + timedelta(hours=1),
                                end=ev.end + timedelta(hours=1),
                            )
                        )
                    else:
                        store.update_event(ev.evolve(location="Busan"))
            fake.reset_requests()
            began = time.perf_counter()
            report = _engine(store, endpoints).run()
            took = time.perf_counter() - began
            batches = [r.batch_parts for r in fake.requests if r.batch_parts]
            print(
                f"push: {report.pushed} changes in {len(fake.requests)} HTTP request(s) "
                f"(target <= 5): batches of {batches} + "
                f"{sum(1 for r in fake.requests if not r.batch_parts)} events.list; {took:.2f} s"
            )
    finally:
        fake.stop()


if __name__ == "__main__":
    main()
