"""Start-up time and memory of the real ``iljeong`` app (run: python tests/bench/bench_startup.py).

What is measured: each run is a new ``iljeong --data-dir DIR`` process (offscreen) with
``ILJEONG_STARTUP_PROBE`` set (desktop/startup_probe.py). The time runs from just before
this script spawns the process to the moment the first paint event of the calendar view on
screen (the month view) has been handled inside the app, so interpreter start, imports,
settings, the store (migrations check), the window, reminders/tray set-up and the first
paint are all in it. The OS file cache is warm (one unrecorded warm-up run per
configuration); nothing else is cached between runs. Memory is /proc VmRSS when that paint
is done and again after the app has run 1 s more, and VmHWM (the peak).

Stores: an empty one (first start) and one with 10 000 events (500 recurring) around today,
written with the bulk ``Store.save_events``. The frozen build (dist/iljeong/iljeong) is
measured too when it exists. Targets (issue 7): start ≤ 1.5 s, memory ≤ 250 MB.
Figures only, nothing asserted.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from core.model import Event  # noqa: E402
from core.store import Store  # noqa: E402

SEOUL = ZoneInfo("Asia/Seoul")
N_EVENTS = 10_000
N_RECURRING = 500
RUNS = 5
TARGET_S = 1.5
TARGET_MB = 250
TITLES = [
    "팀 미팅",
    "치과 검진",
    "클라이언트 미팅 서울역",
    "필라테스",
    "점심 약속",
    "코드 리뷰",
    "1:1",
]
RULES = ["FREQ=WEEKLY", "FREQ=WEEKLY;BYDAY=MO,WE,FR", "FREQ=MONTHLY", "FREQ=YEARLY", "FREQ=DAILY"]


def seed(folder: Path, today: date) -> None:
    """10 000 events within a year either side of today, 500 of them recurring."""
    rng = random.Random(11)
    with Store.open(folder) as store:
        cal = store.default_calendar().id
        batch = []
        for i in range(N_EVENTS):
            day = today + timedelta(days=rng.randint(-365, 365))
            start = datetime(day.year, day.month, day.day, rng.randint(7, 20), 0, tzinfo=SEOUL)
            end = start + timedelta(minutes=rng.choice((30, 60, 90)))
            rule = RULES[i % len(RULES)] if i < N_RECURRING else None
            batch.append(
                Event.timed(
                    f"{TITLES[i % len(TITLES)]} {i}", start, end, calendar_id=cal, rrule=rule
                )
            )
        store.save_events(batch)
        assert len(store.all_events()) == N_EVENTS


def command(variant: str) -> list[str] | None:
    if variant == "frozen":
        exe = ROOT / "dist" / "iljeong" / "iljeong"
        return [str(exe)] if exe.is_file() else None
    script = Path(sys.executable).parent / "iljeong"  # the console script users run
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from desktop.entry import main; main()"]


def one_run(argv: list[str], data: Path, scratch: Path) -> dict[str, float]:
    probe = scratch / "probe.json"
    probe.unlink(missing_ok=True)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "ILJEONG_STARTUP_PROBE": str(probe),
        "ILJEONG_STARTUP_PROBE_SETTLE": "1",
        "ILJEONG_LOG_DIR": str(scratch / "logs"),
        "XDG_CONFIG_HOME": str(scratch / "config"),  # default settings, no user's
        "XDG_RUNTIME_DIR": str(scratch / "run"),
        "ILJEONG_HOTKEY": "off",
    }
    (scratch / "run").mkdir(mode=0o700, exist_ok=True)
    spawned = time.time()
    try:
        proc = subprocess.run(
            [*argv, "--data-dir", str(data)],
            env=env,
            cwd=scratch,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise SystemExit(
            f"{argv[0]} did not report within 60 s: a build without desktop/startup_probe.py "
            "(older than this bench)? Rebuild it with make package."
        ) from None
    if proc.returncode != 0 or not probe.exists():
        raise SystemExit(f"{argv[0]} exited {proc.returncode} without figures:\n{proc.stderr}")
    got = json.loads(probe.read_text())
    return {
        "start_s": got["first_paint"] - spawned,
        "show_s": got["show_called"] - spawned,
        "rss_paint_mb": got["at_paint"]["VmRSS"] / 1024,
        "rss_settled_mb": got["settled"]["VmRSS"] / 1024,
        "peak_mb": got["settled"]["VmHWM"] / 1024,
    }


def main() -> None:
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    rows: list[tuple[str, ...]] = []
    with tempfile.TemporaryDirectory(prefix="iljeong-bench-start-") as tmp:
        base = Path(tmp)
        stores = {"empty": base / "empty", f"{N_EVENTS // 1000}k events": base / "full"}
        t0 = time.perf_counter()
        seed(stores[f"{N_EVENTS // 1000}k events"], datetime.now(SEOUL).date())
        print(
            f"seed {N_EVENTS} events ({N_RECURRING} recurring) with save_events: "
            f"{time.perf_counter() - t0:.1f} s (setup)"
        )
        for variant in ("source",) if "--source-only" in sys.argv else ("source", "frozen"):
            argv = command(variant)
            if argv is None:
                print("frozen: dist/iljeong/iljeong not built (make package), skipped")
                continue
            for label, data in stores.items():
                scratch = base / f"{variant}-{label.replace(' ', '')}"
                scratch.mkdir()
                one_run(argv, data, scratch)  # warm-up: file cache, .pyc, font cache
                runs = [one_run(argv, data, scratch) for _ in range(RUNS)]
                starts = [r["start_s"] for r in runs]
                print(
                    f"{variant:6} {label:10} start per run (s): "
                    + " ".join(f"{s:.2f}" for s in starts)
                    + f"   spawn→show() median {statistics.median(r['show_s'] for r in runs):.2f} s"
                )
                rows.append(
                    (
                        variant,
                        label,
                        f"{statistics.median(starts):.2f}",
                        f"{min(starts):.2f}",
                        f"{statistics.median(r['rss_paint_mb'] for r in runs):.0f}",
                        f"{statistics.median(r['rss_settled_mb'] for r in runs):.0f}",
                        f"{max(r['peak_mb'] for r in runs):.0f}",
                    )
                )
    head = ("build", "store", "median s", "best s", "RSS@paint MB", "RSS+1s MB", "peak MB")
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
    print()
    print("  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)))
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    print(
        f"targets: start ≤ {TARGET_S} s (median of {RUNS}), memory ≤ {TARGET_MB} MB "
        f"with {N_EVENTS} events"
    )


if __name__ == "__main__":
    main()
