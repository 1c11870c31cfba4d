"""What the window's start leaves unloaded (start-up time, see tests/bench/bench_startup.py):
the Google and sync-service HTTP stacks load only when a login or a sync runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from core.google.engine import pending_changes
from core.model import Calendar
from core.store import Store

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("googleapiclient", "httplib2", "requests", "google_auth_oauthlib", "httpx", "alembic")

PROBE = """
import sys
from pathlib import Path
from core.settings import Settings
from core.store import Store
from core.sync.scheduler import scheduler_for
from desktop.app import make_application
from desktop.main_window import MainWindow
import desktop.tray
app = make_application()
with Store.open(Path(sys.argv[1])) as store:  # at the head revision already
    window = MainWindow(store, Settings(time_zone="Asia/Seoul"))
    window.show()
    app.processEvents()
    assert scheduler_for(store) is None  # no sync server remembered
    window.close()
print(" ".join(sorted({m.split(".")[0] for m in sys.modules})))
"""


def test_window_start_does_not_load_the_network_stacks(tmp_path: Path) -> None:
    Store.open(tmp_path / "data").close()  # created and migrated here
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "data")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert proc.returncode == 0, proc.stderr
    loaded = set(proc.stdout.split())
    assert "PySide6" in loaded and "core" in loaded
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


def test_pending_changes_counts_event_rows_only(store: Store) -> None:
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from core.model import Event

    start = datetime(2026, 11, 30, 14, tzinfo=ZoneInfo("Asia/Seoul"))
    cal = store.add_calendar(Calendar(name="회사", color="#0b8043"))
    store.add_event(Event.timed("미팅", start, start + timedelta(hours=1), calendar_id=cal.id))
    assert store.outbox_size("google", entity="event") == 1
    assert store.outbox_size("google") > 1  # the calendar rows wait too
    assert pending_changes(store) == 1
