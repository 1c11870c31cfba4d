"""Start at login: an XDG autostart entry (``$XDG_CONFIG_HOME/autostart/iljeong.desktop``).

``apply(True)`` writes the entry (atomically) and returns its path; ``apply(False)``
removes it and returns None. Linux and the BSDs follow the XDG Autostart specification;
elsewhere ``apply(True)`` raises ``AutostartUnsupported`` (a readable message) and
``apply(False)`` has nothing to remove.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from core.errors import IljeongError

FILENAME = "iljeong.desktop"
DEFAULT_COMMAND = "iljeong"


class AutostartUnsupported(IljeongError):
    """Start at login is not available on this platform."""


def supported(platform: str | None = None) -> bool:
    name = platform or sys.platform
    return name.startswith(("linux", "freebsd", "openbsd", "netbsd"))


def autostart_dir() -> Path:
    """``$XDG_CONFIG_HOME/autostart`` (``~/.config/autostart`` when unset or relative)."""
    base = os.environ.get("XDG_CONFIG_HOME", "")
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".config"
    return root / "autostart"


def entry_path() -> Path:
    return autostart_dir() / FILENAME


def entry_text(command: str = DEFAULT_COMMAND) -> str:
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=iljeong\n"
        "Name[ko]=일정\n"
        "Comment=Calendar assistant: reminders at login\n"
        "Comment[ko]=일정 도우미: 로그인할 때 알림 시작\n"
        f"Exec={command}\n"
        "Icon=iljeong\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def is_enabled() -> bool:
    return entry_path().is_file()


def apply(enabled: bool, *, command: str | None = None, platform: str | None = None) -> Path | None:
    """Make the autostart entry match ``enabled``; the entry's path when enabled.

    ``command`` is the Exec line (default ``iljeong``; a frozen build passes its own
    executable). The file is rewritten only when its content differs.
    """
    if not supported(platform):
        if enabled:
            raise AutostartUnsupported(
                "start at login is not supported here (only on Linux/BSD desktops with XDG "
                "autostart); add iljeong to your system's login items yourself"
            )
        return None
    path = entry_path()
    if not enabled:
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise IljeongError(f"cannot remove {path}: {exc.strerror}") from exc
        return None
    text = entry_text(command or DEFAULT_COMMAND)
    try:
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        raise IljeongError(f"cannot write {path}: {exc.strerror}") from exc
    return path


def command_for_this_process() -> str:
    """The Exec line that starts this installation: a frozen build's own executable,
    else ``iljeong`` when it is on PATH, else this Python running ``desktop.entry``."""
    import shutil

    if getattr(sys, "frozen", False):
        return shlex.quote(sys.executable)
    if shutil.which(DEFAULT_COMMAND):
        return DEFAULT_COMMAND
    return f"{shlex.quote(sys.executable)} -m desktop.entry"
