"""``iljeong --selftest``: prove an installation works, from the source tree or frozen.

    iljeong --selftest [--data-dir DIR] [--selftest-out FILE.png]

Offscreen unless a display is set; a throw-away data dir unless --data-dir is given. It opens
the real main window (``make_application`` + ``MainWindow``), sends one message through the
real chat pane and assistant ("11월 30일 오후 2시 서울역에서 클라이언트 미팅" must become a
proposal starting 2026-11-30 14:00 in Seoul), checks that the translations and the icon load,
checks holiday names and a lunar date, reports whether tesseract is there (not required),
and saves a screenshot of the window.

Each check prints one line; the last line is one JSON object (``{"ok": …, "checks": …}``).
Exit 0 when every required check passed, 1 naming the first that failed.
With --data-dir the message goes to a conversation of its own ("selftest") and its
proposal is cancelled, so the user's chat and calendar stay as they were.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

SEOUL = ZoneInfo("Asia/Seoul")
#: The moment the selftest pretends it is (a Tuesday), so the expected date is fixed.
NOW = datetime(2026, 11, 24, 10, 20, tzinfo=SEOUL)
MESSAGE = "11월 30일 오후 2시 서울역에서 클라이언트 미팅"
EXPECTED_START = datetime(2026, 11, 30, 14, 0, tzinfo=SEOUL)


class CheckFailed(Exception):
    """A required check failed; the message says why."""


@dataclass
class Report:
    checks: dict[str, dict[str, Any]] = field(default_factory=dict)
    failed: str | None = None

    def run(self, name: str, check: Callable[[], dict[str, Any]], required: bool = True) -> bool:
        started = time.perf_counter()
        try:
            detail = check()
            ok = True
        except Exception as exc:  # a selftest reports every failure, whatever its type
            detail = {"error": f"{type(exc).__name__}: {exc}"}
            frames = traceback.extract_tb(exc.__traceback__)
            if frames and not isinstance(exc, CheckFailed):
                detail["where"] = f"{frames[-1].filename}:{frames[-1].lineno}"
            ok = False
        detail["ok"] = ok
        detail["ms"] = round((time.perf_counter() - started) * 1000, 1)
        self.checks[name] = detail
        shown = {k: v for k, v in detail.items() if k not in ("ok", "ms")}
        mark = "ok  " if ok else ("FAIL" if required else "warn")
        print(f"{mark} {name} {json.dumps(shown, ensure_ascii=False)}", flush=True)
        if not ok and required and self.failed is None:
            self.failed = name
        return ok


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="iljeong --selftest", description=__doc__)
    parser.add_argument("--selftest", action="store_true")
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--selftest-out", type=Path, default=None, metavar="FILE")
    return parser.parse_args(argv)


def _user() -> str:
    """A per-user file name part, so two users' selftests never fight over one file."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getpid())


def _choose_platform() -> str:
    if not os.environ.get("QT_QPA_PLATFORM") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return os.environ.get("QT_QPA_PLATFORM", "")


def _check_translations() -> dict[str, Any]:
    from PySide6.QtCore import QLocale, QTranslator

    from desktop import i18n

    translator = QTranslator()
    if not translator.load(QLocale("ko_KR"), "iljeong", "_", str(i18n.I18N_DIR)):
        raise CheckFailed(f"iljeong_ko.qm did not load from {i18n.I18N_DIR}")
    if translator.isEmpty():
        raise CheckFailed(f"{translator.filePath()} holds no translations")
    return {"file": translator.filePath()}


def _check_icons() -> dict[str, Any]:
    from PySide6.QtGui import QImageReader, QPixmap

    from core.paths import resource_dir

    found: dict[str, Any] = {}
    for name in ("iljeong.png", "iljeong.svg"):
        path = resource_dir() / "icons" / name
        if not path.is_file():
            raise CheckFailed(f"{path} is missing")
        pixmap = QPixmap(str(path))
        if pixmap.isNull():
            formats = sorted(bytes(f.data()).decode() for f in QImageReader.supportedImageFormats())
            raise CheckFailed(f"{path} did not load (image formats: {', '.join(formats)})")
        found[name] = f"{pixmap.width()}x{pixmap.height()}"
    return found


def _check_korean_calendar() -> dict[str, Any]:
    """Holiday names (the holidays package and its .mo files) and lunar dates are bundled."""
    from datetime import date

    from core import lunar
    from core.holidays import holiday_names

    chuseok = date(2026, 9, 25)
    names = {"ko": holiday_names(chuseok), "en": holiday_names(chuseok, language="en")}
    if "추석" not in names["ko"] or "Chuseok" not in names["en"]:
        raise CheckFailed(f"holidays on {chuseok}: {names}")
    solar = lunar.to_solar(2026, 8, 15)
    if solar != chuseok:
        raise CheckFailed(f"lunar 2026-08-15 became {solar} (expected {chuseok})")
    return {"2026-09-25": names["ko"] + names["en"], "lunar 8/15": solar.isoformat()}


def _check_tesseract() -> dict[str, Any]:
    command = os.environ.get("ILJEONG_TESSERACT", "").strip() or "tesseract"
    path = shutil.which(command)
    if path is None:
        raise CheckFailed(f"{command} not found (image reading needs tesseract-ocr)")
    done = subprocess.run(
        [path, "--list-langs"], capture_output=True, text=True, timeout=20, check=False
    )
    langs = [line.strip() for line in done.stdout.splitlines()[1:] if line.strip()]
    if "kor" not in langs:
        raise CheckFailed(f"{path} has no Korean data (install tesseract-ocr-kor)")
    return {"path": path, "langs": langs}


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    platform = _choose_platform()
    report = Report()
    frozen = bool(getattr(sys, "frozen", False))
    print(f"iljeong selftest ({'frozen' if frozen else 'source'}, platform {platform or 'auto'})")

    with tempfile.TemporaryDirectory(prefix="iljeong-selftest-") as tmp:
        folder = args.data_dir or Path(tmp) / "data"
        out = args.selftest_out or Path(tempfile.gettempdir()) / f"iljeong-selftest-{_user()}.png"
        state: dict[str, Any] = {}

        def qt() -> dict[str, Any]:
            from PySide6 import __version__ as pyside_version
            from PySide6.QtGui import QGuiApplication

            from desktop.app import make_application

            state["app"] = make_application([sys.argv[0]])
            return {"pyside6": pyside_version, "platform": QGuiApplication.platformName()}

        def store() -> dict[str, Any]:
            from core.store import Store
            from core.store.migrate import head_revision

            state["store"] = Store.open(folder)
            return {"data_dir": str(folder), "schema": head_revision()}

        def window() -> dict[str, Any]:
            from PySide6.QtWidgets import QApplication

            from core.settings import Settings
            from desktop.main_window import MainWindow

            win = MainWindow(state["store"], Settings(time_zone="Asia/Seoul"), now=lambda: NOW)
            state["window"] = win
            win.resize(1280, 800)
            win.show()
            for _ in range(3):
                QApplication.processEvents()
            if not win.isVisible():
                raise CheckFailed("the main window is not visible")
            return {"title": win.windowTitle()}

        def assistant() -> dict[str, Any]:
            from PySide6.QtWidgets import QApplication

            win = state["window"]
            if args.data_dir is None:
                reply = win.chat_pane.send(MESSAGE)  # the real pane, so the card is shown
                chat = win.assistant
            else:  # the user's own store: a conversation of its own, cancelled after
                from core.assistant import Assistant

                chat = Assistant(state["store"], win.settings, conversation_id="selftest")
                reply = chat.handle(MESSAGE, now=NOW)
            QApplication.processEvents()
            proposal = chat.pending()
            if reply is None or proposal is None:
                raise CheckFailed(f"no proposal for {MESSAGE!r}")
            if args.data_dir is not None:
                chat.cancel(now=NOW)
            start = proposal.start
            if start != EXPECTED_START or not isinstance(start, datetime):
                raise CheckFailed(f"start {start} (expected {EXPECTED_START.isoformat()})")
            if "서울역" not in (proposal.location or "") or "미팅" not in (proposal.title or ""):
                raise CheckFailed(f"title {proposal.title!r}, place {proposal.location!r}")
            return {
                "title": proposal.title,
                "start": start.isoformat(),
                "location": proposal.location,
            }

        def screenshot() -> dict[str, Any]:
            from PySide6.QtWidgets import QApplication

            for _ in range(3):
                QApplication.processEvents()
            image = state["window"].grab().toImage()
            out.parent.mkdir(parents=True, exist_ok=True)
            if image.isNull() or not image.save(str(out)):
                raise CheckFailed(f"could not save the window to {out}")
            return {"file": str(out.resolve()), "size": f"{image.width()}x{image.height()}"}

        try:
            steps: list[tuple[str, Callable[[], dict[str, Any]], bool]] = [
                ("qt", qt, True),
                ("translations", _check_translations, True),
                ("icons", _check_icons, True),
                ("korean_calendar", _check_korean_calendar, True),
                ("store", store, True),
                ("window", window, True),
                ("assistant", assistant, True),
                ("screenshot", screenshot, True),
                ("tesseract", _check_tesseract, False),
            ]
            for name, check, required in steps:
                if not report.run(name, check, required) and required:
                    break
        finally:
            if "window" in state:
                state["window"].close()
            if "store" in state:
                state["store"].close()

    summary = {
        "ok": report.failed is None,
        "failed": report.failed,
        "frozen": frozen,
        "seconds": round(time.perf_counter() - started, 2),
        "screenshot": report.checks.get("screenshot", {}).get("file"),
        "checks": report.checks,
    }
    print(json.dumps(summary, ensure_ascii=False), flush=True)
    if report.failed is not None:
        sys.stderr.write(f"iljeong selftest: FAILED check {report.failed!r}\n")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    return run(parse_args(sys.argv[1:] if argv is None else argv))
