"""The tray path for real: the app under Xvfb (xcb) on a private session bus whose fake
StatusNotifierWatcher makes Qt see a tray. Skipped where Xvfb or dbus-daemon is missing.

What is not covered: a close made by a window manager's title-bar button (no window
manager runs under Xvfb); ``Tray.hide_to_tray`` is what that close calls.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fakes.notification_server import NotificationServer

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    shutil.which("xvfb-run") is None or shutil.which("dbus-daemon") is None,
    reason="needs xvfb-run and dbus-daemon (packaging/system-deps.sh)",
)


def _run(server: NotificationServer, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="xcb",
        DBUS_SESSION_BUS_ADDRESS=server.address,
        XDG_CONFIG_HOME=str(data_dir / "config"),
        PYTHONPATH=str(ROOT),
        LC_ALL="C.UTF-8",  # English texts whatever the machine's locale
        LANGUAGE="en",
    )
    return subprocess.run(
        ["xvfb-run", "-a", sys.executable, "-m", "tests.ui.tray_scenario", str(data_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_tray_start_hidden_toggle_hide_and_quit(tmp_path: Path) -> None:
    with NotificationServer(with_tray=True) as server:
        done = _run(server, tmp_path)
        items = server.tray_items
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["tray"] and seen["icon_visible"]
    assert items, "the tray icon registered with the desktop's StatusNotifierWatcher"
    assert seen["started_hidden"]  # start_minimized with a tray: only the icon
    assert "치과 예약" in seen["tooltip"]
    settings = ["Settings…"] if seen["window_has_settings"] else []
    assert seen["menu"] == ["Show window", "New event", *settings, "Quit"]
    assert seen["quit_on_last_closed"] is False
    assert seen["shown_by_toggle"] and seen["hidden_to_tray"] and seen["still_running"]
    assert seen["window_cleaned_up"] and seen["quit"]


def test_without_a_tray_host_xcb_has_no_tray(tmp_path: Path) -> None:
    with NotificationServer(with_tray=False) as server:
        done = _run(server, tmp_path)
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == {"tray": False}
    assert done.returncode == 3
