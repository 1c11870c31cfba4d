"""``iljeong capture``: hand the clipboard image to the running app, or read it here.

For desktops where the user binds a key in their own shortcut settings (GNOME on Wayland
has no global hotkey for apps). Transport only:

1. The app listens on a per-user local socket named from the data dir
   (``capture_address``; ``desktop.capture_server``). This command connects with a plain
   socket (no Qt), sends ``capture`` and prints the app's one-line answer; the app reads
   its own clipboard and shows the image in the chat.
2. When nothing listens, the clipboard is read here (``wl-paste`` on Wayland, Qt on the
   display's platform, ``xclip`` on X11), each image goes through
   ``core.vision.pipeline.ImageReader`` and ``Assistant.propose_found``, and one JSON object
   per image is printed (the ``extract-image`` fields plus ``reply`` and ``proposals``).
   Nothing is saved: the proposals wait in the assistant's state, so ``iljeong chat 네``
   saves the first (``iljeong chat 취소`` drops it), or the app shows them on its next start.

Exit status: 0 done (the app took it, or the image was read); 1 no image in the clipboard,
an image that cannot be read, or an app that did not answer; 2 a usage error.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import platformdirs

from core.errors import IljeongError
from core.paths import APP_NAME
from core.paths import data_dir as resolve_data_dir

if TYPE_CHECKING:
    from desktop.image_sources import ImageSource

log = logging.getLogger(__name__)

PROG = "iljeong capture"
COMMAND = b"capture\n"
ANSWER_TIMEOUT = 15.0  # the app may wait up to Qt's clipboard timeout for another app
TOOL_TIMEOUT = 10.0
RAW_TYPES = ("image/png", "image/jpeg", "image/webp", "image/gif", "image/bmp")


# -- the address both sides use ------------------------------------------------------------


def runtime_dir() -> Path:
    """The per-user runtime dir ($XDG_RUNTIME_DIR/iljeong, else a private /tmp dir)."""
    with warnings.catch_warnings():  # platformdirs warns when XDG_RUNTIME_DIR is unset
        warnings.simplefilter("ignore")
        return Path(platformdirs.user_runtime_dir(APP_NAME, appauthor=False))


def capture_address(data_dir: Path) -> str:
    """The local socket of the app that uses ``data_dir`` (one app per data dir).

    On Unix a socket file path (QLocalServer takes a full path as is); on Windows a pipe
    name (``\\\\.\\pipe\\<name>``).
    """
    key = str(Path(data_dir).expanduser().resolve())
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    if sys.platform == "win32":
        return f"iljeong-capture-{digest}"
    return str(runtime_dir() / f"capture-{digest}.sock")


def private_dir(address: str, *, create: bool = False) -> bool:
    """True when the socket's folder belongs to this user alone (made 0700 if ``create``).

    The runtime dir may fall back to /tmp, where another user could have made the folder
    first; then neither side uses it.
    """
    if sys.platform == "win32":
        return True
    folder = Path(address).parent
    if create:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        info = folder.stat()
    except OSError:
        return False
    return info.st_uid == os.getuid() and not info.st_mode & 0o077


# -- talking to the running app ------------------------------------------------------------


class AppDidNotAnswer(IljeongError):
    """Something listens on the capture socket but gave no answer."""


def ask_running_app(address: str, timeout: float = ANSWER_TIMEOUT) -> tuple[bool, str] | None:
    """Send ``capture`` to the app; its (ok, message), or None when no app listens."""
    if not private_dir(address):
        return None
    try:
        channel = _connect(address, timeout)
    except OSError:
        return None
    try:
        channel.sendall(COMMAND)
        answer = b""
        while not answer.endswith(b"\n"):
            chunk = channel.recv(4096)
            if not chunk:
                break
            answer += chunk
    except OSError as exc:  # timeout or reset
        raise AppDidNotAnswer(f"the iljeong app did not answer ({exc})") from exc
    finally:
        channel.close()
    text = answer.decode("utf-8", "replace").strip()
    if not text:
        raise AppDidNotAnswer("the iljeong app closed the connection without an answer")
    status, _, message = text.partition(" ")
    return status == "ok", message


class _PipeChannel:
    """A Windows named pipe with the three socket calls used above."""

    def __init__(self, path: str) -> None:
        self._file = open(path, "r+b", buffering=0)  # noqa: SIM115 - closed by close()

    def sendall(self, data: bytes) -> None:
        self._file.write(data)

    def recv(self, size: int) -> bytes:
        return self._file.read(size) or b""

    def close(self) -> None:
        self._file.close()


def _connect(address: str, timeout: float) -> socket.socket | _PipeChannel:
    if sys.platform == "win32":
        return _PipeChannel(r"\\.\pipe" + "\\" + address)
    channel = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    channel.settimeout(timeout)
    try:
        channel.connect(address)
    except OSError:
        channel.close()
        raise
    return channel


# -- reading the clipboard without the app -------------------------------------------------


def read_clipboard() -> list[ImageSource]:
    """The images on the system clipboard (empty when there is none or no display).

    Wayland: ``wl-paste`` first (a windowless Qt client may not see the clipboard), then
    Qt. X11: Qt (xcb), then ``xclip``. Windows/macOS: Qt. The offscreen platform has no
    system clipboard, so Qt is not asked when QT_QPA_PLATFORM is offscreen/minimal.
    """
    wayland = bool(os.environ.get("WAYLAND_DISPLAY"))
    x11 = bool(os.environ.get("DISPLAY"))
    if wayland:
        found = _from_tool(["wl-paste", "--list-types"], ["wl-paste", "--no-newline", "-t"])
        if found:
            return found
    platform = _qt_platform(wayland=wayland, x11=x11)
    if platform is not None:
        found = _from_qt(platform)
        if found:
            return found
    if x11:
        return _from_tool(
            ["xclip", "-selection", "clipboard", "-t", "TARGETS", "-o"],
            ["xclip", "-selection", "clipboard", "-o", "-t"],
        )
    return []


def _qt_platform(*, wayland: bool, x11: bool) -> str | None:
    chosen = os.environ.get("QT_QPA_PLATFORM", "")
    if chosen:
        names = [name.split(":", 1)[0] for name in chosen.split(";")]
        return None if set(names) <= {"offscreen", "minimal", "vnc", "eglfs"} else chosen
    if sys.platform in ("win32", "darwin"):
        return ""
    if wayland and x11:
        return "wayland;xcb"
    if wayland:
        return "wayland"
    if x11:
        return "xcb"
    return None


def _from_qt(platform: str) -> list[ImageSource]:
    if platform:
        os.environ["QT_QPA_PLATFORM"] = platform
    from PySide6.QtGui import QGuiApplication

    from desktop.image_sources import sources_from_mime

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0] or "iljeong"])
    md = app.clipboard().mimeData()  # type: ignore[attr-defined]
    return sources_from_mime(md) if md is not None else []


def _from_tool(list_types: list[str], read_type: list[str]) -> list[ImageSource]:
    from desktop.image_sources import CLIPBOARD_NAME, ImageSource

    if shutil.which(list_types[0]) is None:
        return []
    try:
        listed = subprocess.run(list_types, capture_output=True, timeout=TOOL_TIMEOUT, check=False)
        offered = listed.stdout.decode("utf-8", "replace").split()
        fmt = next((t for t in RAW_TYPES if t in offered), None)
        if fmt is None:
            fmt = next((t for t in offered if t.startswith("image/")), None)
        if fmt is None:
            return []
        data = subprocess.run(
            [*read_type, fmt], capture_output=True, timeout=TOOL_TIMEOUT, check=False
        ).stdout
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.info("clipboard tool failed", extra={"tool": list_types[0], "error": str(exc)})
        return []
    if not data:
        return []
    suffix = fmt.split("/", 1)[1].replace("jpeg", "jpg")
    return [ImageSource(data, f"{CLIPBOARD_NAME.rsplit('.', 1)[0]}.{suffix}")]


# -- the command ---------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _Usage(f"{message} (see '{self.prog} --help')")


class _Usage(Exception):
    pass


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Read the image on the clipboard: in the running iljeong app if there "
        "is one, else here (printing the proposals; nothing is saved until confirmed).",
    )
    parser.add_argument("--data-dir", metavar="DIR", help="the data dir (as for iljeong)")
    parser.add_argument("--now", metavar="ISO", help="reference time (default: now)")
    parser.add_argument("--ocr", choices=("tesseract", "gcv", "openai"), help="OCR backend")
    parser.add_argument(
        "--no-app", action="store_true", help="read here even when the app is running"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    except _Usage as exc:
        _error(str(exc))
        return 2
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else 0
    try:
        folder = resolve_data_dir(args.data_dir)
        if not args.no_app:
            answer = ask_running_app(capture_address(folder))
            if answer is not None:
                ok, message = answer
                print(
                    message if ok else f"{PROG}: {message}", file=sys.stdout if ok else sys.stderr
                )
                return 0 if ok else 1
        return _read_here(args, folder)
    except IljeongError as exc:
        _error(str(exc))
        return 1
    except KeyboardInterrupt:
        _error("interrupted")
        return 130


def _read_here(args: argparse.Namespace, folder: Path) -> int:
    from core.assistant import Assistant
    from core.settings import Settings
    from core.store import Store
    from core.timeutil import get_zone, parse_datetime, utc_now
    from core.vision.pipeline import ImageReader

    settings = Settings.load()
    zone = get_zone(settings.time_zone)
    now = parse_datetime(args.now, zone, what="--now") if args.now else utc_now()
    sources = read_clipboard()
    if not sources:
        _error("the clipboard holds no image (copy a screenshot or an image first)")
        return 1
    reader = ImageReader(settings, data_dir=folder, backend=args.ocr)
    waiting = 0
    with Store.open(folder) as store:
        assistant = Assistant(store, settings)
        try:
            for source in sources:
                extraction = reader.read(source.data, now=now, name=source.name)
                reply = assistant.propose_found(extraction, now=now)
                record = extraction.to_json()
                record["reply"] = reply.text
                record["proposals"] = [p.to_json() for p in reply.proposals]
                print(json.dumps(record, ensure_ascii=False))
            waiting = len(assistant.pending_all())
        finally:
            assistant.close()
    if waiting:
        print(
            "nothing is saved yet: 'iljeong chat 네' saves the first proposal, "
            "'iljeong chat 취소' drops it (or open the app to see them all)",
            file=sys.stderr,
        )
    return 0


def _error(message: str) -> None:
    print(f"iljeong: error: {' '.join(message.split())}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
