"""The optional system-wide capture hotkey (pynput, the "hotkey" extra).

Offered only where an app may grab keys: X11, Windows, macOS. Not offered (and logged
why) without pynput, without a display, on Wayland (apps cannot grab keys there: the
user binds ``iljeong capture`` in the desktop's own shortcut settings), or when
the hotkey setting (``iljeong config set hotkey``, the settings dialog; the environment
variable ``ILJEONG_HOTKEY`` overrides it) is empty/"off". pynput is imported only here and only when tried: it
raises ImportError when there is no display.

The callback runs on pynput's thread; pass something thread-safe (a Qt signal's emit).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QGuiApplication

log = logging.getLogger(__name__)

DEFAULT_HOTKEY = "<ctrl>+<alt>+i"
OFF = frozenset({"", "off", "none", "no", "0"})


class GlobalHotkey:
    """A running pynput listener; ``stop()`` ends it."""

    def __init__(self, combo: str, listener: Any) -> None:
        self.combo = combo
        self._listener = listener

    def wait(self) -> None:
        """Block until the listener is ready (the first key after this is seen)."""
        self._listener.wait()

    def stop(self) -> None:
        self._listener.stop()


def configured_hotkey(setting: str | None = None) -> str | None:
    """``ILJEONG_HOTKEY``, else ``setting`` (Settings.hotkey), else the default, in pynput's
    spelling (``<ctrl>+<alt>+i``); None when turned off."""
    value = os.environ.get("ILJEONG_HOTKEY", DEFAULT_HOTKEY if setting is None else setting)
    value = value.strip()
    return None if value.lower() in OFF else value


def unavailable_reason() -> str | None:
    """Why no global hotkey can be offered here, or None."""
    platform = QGuiApplication.platformName()
    chosen_backend = os.environ.get("PYNPUT_BACKEND")  # set: the user picked one, try it
    if platform in ("offscreen", "minimal") and not chosen_backend:
        return "no display"
    unix_desktop = sys.platform not in ("win32", "darwin")
    if unix_desktop and not chosen_backend and not os.environ.get("DISPLAY"):
        if os.environ.get("WAYLAND_DISPLAY"):
            return "Wayland: bind 'iljeong capture' in the desktop's keyboard settings"
        return "no display"
    if platform.startswith("wayland"):
        return "Wayland: bind 'iljeong capture' in the desktop's keyboard settings"
    return None


def start_global_hotkey(
    trigger: Callable[[], None], combo: str | None = None
) -> GlobalHotkey | None:
    """Listen for ``combo`` (default: the configured hotkey) system-wide; None if not offered."""
    combo = combo if combo is not None else configured_hotkey()
    if combo is None:
        log.info("global hotkey turned off")
        return None
    reason = unavailable_reason()
    if reason is not None:
        log.info("global hotkey not offered", extra={"reason": reason})
        return None
    try:
        from pynput import keyboard
    except Exception as exc:  # noqa: BLE001 - ImportError, or Xlib failing at import
        log.info("global hotkey not offered", extra={"reason": f"pynput unavailable: {exc}"})
        return None
    try:
        listener = keyboard.GlobalHotKeys({combo: trigger})
        listener.daemon = True
        listener.start()
    except Exception as exc:  # noqa: BLE001 - a bad combo or a backend that cannot start
        log.warning("global hotkey failed", extra={"combo": combo, "error": str(exc)})
        return None
    log.info("global hotkey on", extra={"combo": combo})
    return GlobalHotkey(combo, listener)
