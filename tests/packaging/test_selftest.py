"""``iljeong --selftest`` from the source tree, as a real subprocess (offscreen)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtGui import QImage

from core.store import Store

ROOT = Path(__file__).resolve().parents[2]


def run_selftest(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from desktop.entry import main; main()", "--selftest", *args],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def summary(proc: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def test_selftest_passes_and_saves_a_screenshot(tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    proc = run_selftest("--selftest-out", str(out))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = summary(proc)
    assert report["ok"] is True and report["failed"] is None and report["frozen"] is False
    checks = report["checks"]
    required = ("qt", "translations", "icons", "korean_calendar", "store", "window", "assistant")
    for name in (*required, "screenshot"):
        assert checks[name]["ok"], name
    assert checks["assistant"]["start"] == "2026-11-30T14:00:00+09:00"
    assert checks["assistant"]["location"] == "서울역"
    assert checks["translations"]["file"].endswith("iljeong_ko.qm")
    assert report["screenshot"] == str(out.resolve())
    image = QImage(str(out))
    assert not image.isNull() and image.width() >= 800 and image.height() >= 600
    assert "tesseract" in checks  # reported either way, never required


def test_selftest_on_a_given_data_dir_leaves_it_as_it_was(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    proc = run_selftest("--data-dir", str(folder), "--selftest-out", str(tmp_path / "s.png"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert summary(proc)["checks"]["store"]["data_dir"] == str(folder)
    with Store.open(folder) as store:
        assert store.all_events(include_deleted=True) == []
        from core.assistant import Assistant
        from core.settings import Settings

        assert Assistant(store, Settings(time_zone="Asia/Seoul")).history() == []


def test_a_failing_check_is_named_and_exits_1(tmp_path: Path) -> None:
    broken = tmp_path / "resources"
    (broken / "i18n").mkdir(parents=True)  # no .qm inside
    proc = run_selftest(
        "--selftest-out", str(tmp_path / "s.png"), env={"ILJEONG_RESOURCES_DIR": str(broken)}
    )
    assert proc.returncode == 1
    report = summary(proc)
    assert report["ok"] is False and report["failed"] == "translations"
    assert "iljeong_ko.qm did not load" in report["checks"]["translations"]["error"]
    assert "FAILED check 'translations'" in proc.stderr
