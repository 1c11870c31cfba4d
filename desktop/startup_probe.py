"""Start-up figures for tests/bench/bench_startup.py, taken inside the real ``iljeong`` app.

With ``ILJEONG_STARTUP_PROBE=FILE`` set, ``run_app`` calls `install` before the window is
shown. The probe watches the calendar view that is on screen; when its first paint event has
been handled (a zero timer queued from the paint runs once the paint and the backing-store
flush of that event-loop turn are done) it notes the wall-clock time and the memory
(/proc/self/status VmRSS and VmHWM), waits ``ILJEONG_STARTUP_PROBE_SETTLE`` seconds
(default 1) with the app running, notes the memory again, writes one JSON object to FILE
and quits the app. The parent process compares the paint time with the time it took just
before spawning, so interpreter start, imports and store opening are all counted. Without
the variable nothing here runs.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

ENV = "ILJEONG_STARTUP_PROBE"


def memory_kib() -> dict[str, int]:
    """VmRSS (now) and VmHWM (peak) of this process in KiB, from /proc (Linux)."""
    found: dict[str, int] = {}
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                found[key] = int(value.split()[0])
    except OSError:
        pass
    return found


class _Probe(QObject):
    def __init__(self, watched: QWidget, out: Path, settle: float, shown_at: float) -> None:
        super().__init__(watched)
        self.out = out
        self.settle = settle
        self.result: dict[str, object] = {"pid": os.getpid(), "show_called": shown_at}
        self.seen = False
        watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if not self.seen and event.type() == QEvent.Type.Paint:
            self.seen = True
            QTimer.singleShot(0, self._painted)
        return False

    def _painted(self) -> None:
        self.result["first_paint"] = time.time()
        self.result["at_paint"] = memory_kib()
        QTimer.singleShot(int(self.settle * 1000), self._settled)

    def _settled(self) -> None:
        self.result["settled"] = memory_kib()
        self.result["settle_s"] = self.settle
        self.out.write_text(json.dumps(self.result))
        QApplication.quit()


def install(window: QWidget, view: QWidget) -> None:
    """Watch ``view`` (the calendar view on screen) of ``window`` when the probe is asked."""
    target = os.environ.get(ENV)
    if not target:
        return
    try:
        settle = max(0.0, float(os.environ.get(ENV + "_SETTLE", "1")))
    except ValueError:
        settle = 1.0
    _Probe(view, Path(target), settle, time.time())  # owned by the view
