"""Run by test_tray_xvfb.py in a subprocess under Xvfb (QT_QPA_PLATFORM=xcb), on the
private session bus of tests/fakes/notification_server.py with its tray: the real tray
path of the app. Prints one JSON object with what it saw; exits 0 when the app quit."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from core.model import Event
from core.settings import Settings
from core.store import Store
from desktop.app import make_application
from desktop.main_window import MainWindow
from desktop.tray import Background, show_initially

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Seoul"))


def main(data_dir: str) -> int:
    app = make_application()
    seen: dict[str, object] = {}
    with Store.open(Path(data_dir)) as store:
        store.add_event(
            Event.timed(
                "치과 예약",
                NOW + timedelta(hours=3),
                calendar_id=store.default_calendar().id,
            )
        )
        settings = Settings(time_zone="Asia/Seoul", start_minimized=True)
        window = MainWindow(store, settings, now=lambda: NOW)
        background = Background(window)
        background.start()
        show_initially(window, background.tray, settings.start_minimized)
        tray = background.tray
        seen["tray"] = tray is not None
        if tray is None:
            print(json.dumps(seen))
            return 3
        seen["started_hidden"] = not window.isVisible()
        seen["icon_visible"] = tray.icon.isVisible()
        seen["tooltip"] = tray.icon.toolTip()
        seen["menu"] = [a.text() for a in tray.menu.actions() if not a.isSeparator()]
        seen["window_has_settings"] = getattr(window, "settings_action", None) is not None
        seen["quit_on_last_closed"] = app.quitOnLastWindowClosed()

        def step_show() -> None:
            tray.toggle_window()  # a click on the icon
            seen["shown_by_toggle"] = window.isVisible()
            tray.hide_to_tray()  # what closing by the title bar does
            seen["hidden_to_tray"] = not window.isVisible()
            QTimer.singleShot(200, step_quit)

        def step_quit() -> None:
            seen["still_running"] = not QApplication.closingDown()
            tray.quit()
            seen["window_cleaned_up"] = window._unsubscribe is None

        QTimer.singleShot(300, step_show)
        app.exec()
        seen["quit"] = True
    print(json.dumps(seen, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
