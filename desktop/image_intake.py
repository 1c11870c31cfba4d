"""Image intake on the main window: drop anywhere, paste, the capture shortcut.

Every way an image arrives ends in ``ImageIntake.add_sources``: the image shows as a
thumbnail bubble in the chat with progress and Cancel, ``ImageJobQueue`` reads it off the
UI thread (``core.vision``), and ``Assistant.propose_found`` turns what was found into
proposals that the chat pane shows as cards (Save = confirm, Cancel = cancel, "네"
confirms the first). Errors (a refused image, no OCR, a cancel) are one assistant bubble;
nothing is created.

* Drops: the window accepts drops; files (several at once) and raw image data
  (``image/png`` …, ``application/x-qt-image``) are taken, anything else (text) is left to
  the widget under the cursor.
* Ctrl+V in the chat input pastes an image when the clipboard holds one and no plain text;
  text paste works as before. Ctrl+Shift+V reads the clipboard image in any case.
* ``capture_requested`` may be emitted from any thread (global hotkey, ``iljeong capture``
  via the capture server); it reads the clipboard on the UI thread and raises the window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
)
from PySide6.QtWidgets import QWidget

from core.assistant import Assistant, Reply
from core.errors import IljeongError
from core.settings import Settings
from core.timeutil import Clock, utc_now
from core.vision.pipeline import ImageExtraction, ImageReader
from desktop.capture import capture_address
from desktop.capture_server import CaptureServer
from desktop.hotkey import GlobalHotkey, configured_hotkey, start_global_hotkey
from desktop.image_bubble import ImageBubble
from desktop.image_jobs import ImageJob, ImageJobQueue, JobState, ReaderFactory
from desktop.image_sources import (
    ImageSource,
    has_image_content,
    has_image_data,
    local_files,
    sources_from_mime,
)

log = logging.getLogger(__name__)

CAPTURE_SHORTCUT = "Ctrl+Shift+V"
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp", ".bmp", ".gif"})


class ChatSurface(Protocol):
    """What the intake needs from the chat pane (``desktop.chat_pane.ChatPane``)."""

    assistant: Assistant
    input: QWidget

    def add_image_row(self, widget: QWidget) -> None: ...
    def show_reply(self, reply: Reply) -> None: ...
    def show_error(self, text: str) -> None: ...


class ImageIntake(QObject):
    """Connects the window's image entrances to the read queue and the chat."""

    # Read the clipboard image now; safe to emit from any thread.
    capture_requested = Signal()

    def __init__(
        self,
        window: QWidget,
        chat: ChatSurface,
        *,
        settings: Settings,
        data_dir: Path,
        now: Clock = utc_now,
        parallel: int = 1,
        make_reader: ReaderFactory | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.chat = chat
        self.now: Callable[[], datetime] = now
        self.settings = settings
        factory = make_reader or (lambda: ImageReader(self.settings, data_dir=data_dir))
        self.queue = ImageJobQueue(factory, parallel=parallel, parent=self)
        self.queue.started.connect(self._on_started)
        self.queue.thumbnail_ready.connect(self._on_thumbnail)
        self.queue.finished.connect(self._on_finished)
        self.queue.failed.connect(self._on_failed)
        self.queue.cancelled.connect(self._on_cancelled)
        self.jobs: list[ImageJob] = []
        self.bubbles: dict[int, ImageBubble] = {}

        # Drops: the window takes them; widgets that accept drops of their own (the chat
        # input takes text) get a filter, so an image dropped on them still arrives here.
        window.setAcceptDrops(True)
        self._drop_filter = _DropFilter(self)
        window.installEventFilter(self._drop_filter)
        for child in window.findChildren(QWidget):
            if child.acceptDrops():
                child.installEventFilter(self._drop_filter)
        self._paste_filter = _PasteFilter(self)
        chat.input.installEventFilter(self._paste_filter)

        # An action of the window (its menu and the shortcuts help list it; text set there).
        self.capture_action = QAction(self.tr("Paste image"), window)
        self.capture_action.setShortcut(QKeySequence(CAPTURE_SHORTCUT))
        self.capture_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.capture_action.triggered.connect(lambda: self.capture_clipboard())
        window.addAction(self.capture_action)
        self.capture_requested.connect(self._capture_from_outside)
        self.capture_server: CaptureServer | None = None
        self.hotkey: GlobalHotkey | None = None

    # -- services the app starts (tests start what they need) -------------------------------

    def start_services(self, data_dir: Path) -> None:
        """The socket ``iljeong capture`` talks to, and the global hotkey where offered."""
        self.start_capture_server(capture_address(data_dir))
        self.hotkey = start_global_hotkey(
            self.capture_requested.emit, configured_hotkey(self.settings.hotkey)
        )

    def start_capture_server(self, address: str) -> bool:
        self.capture_server = CaptureServer(address, self.answer_capture, self)
        return self.capture_server.listen()

    def answer_capture(self) -> tuple[bool, str]:
        """``iljeong capture`` asked: read the clipboard here and show the window."""
        jobs = self._capture_from_outside()
        if not jobs:
            return False, "the clipboard holds no image (copy a screenshot or an image first)"
        count = len(jobs)
        images = "1 image" if count == 1 else f"{count} images"
        return True, f"the iljeong window is reading {images} from the clipboard"

    # -- entrances -------------------------------------------------------------------------

    def add_sources(self, sources: list[ImageSource]) -> list[ImageJob]:
        """Queue ``sources`` for reading; each gets its bubble in the chat at once."""
        moment = self.now()
        jobs = []
        for source in sources:
            bubble = ImageBubble(source.name)
            job = self.queue.add(source, moment)
            bubble.cancel_clicked.connect(lambda job=job: self.cancel(job))
            self.bubbles[job.id] = bubble
            self.jobs.append(job)
            self.chat.add_image_row(bubble)
            if job.state is JobState.READING:  # started before the bubble existed
                bubble.set_reading()
            jobs.append(job)
        log.info("images queued", extra={"count": len(jobs)})
        return jobs

    def add_files(self, paths: list[Path]) -> list[ImageJob]:
        return self.add_sources([ImageSource(path, path.name) for path in paths])

    def add_mime(self, md: QMimeData) -> list[ImageJob]:
        return self.add_sources(sources_from_mime(md))

    def capture_clipboard(self) -> list[ImageJob]:
        """Read the image on the clipboard (Ctrl+Shift+V, hotkey, ``iljeong capture``)."""
        md = QGuiApplication.clipboard().mimeData()
        sources = sources_from_mime(md) if md is not None else []
        if not sources:
            self.chat.show_error(
                self.tr("The clipboard holds no image. Copy a screenshot or an image first.")
            )
            return []
        return self.add_sources(sources)

    def paste(self) -> bool:
        """Ctrl+V in the chat input: take the clipboard image if the paste is about one."""
        md = QGuiApplication.clipboard().mimeData()
        if md is None or not paste_takes_image(md):
            return False
        files = [p for p in local_files(md) if p.suffix.lower() in IMAGE_SUFFIXES]
        if files:
            self.add_files(files)
        else:
            self.add_mime(md)
        return True

    def cancel(self, job: ImageJob) -> None:
        bubble = self.bubbles.get(job.id)
        if bubble is not None and job.active:
            bubble.set_cancelling()
        self.queue.cancel(job)

    def use_settings(self, settings: Settings) -> None:
        """New settings: the next image uses the OCR choice; a running hotkey follows."""
        old = self.settings
        self.settings = settings
        if (old.ocr, old.llm) != (settings.ocr, settings.llm):
            self.queue.reset_reader()
        if self.hotkey is not None and old.hotkey != settings.hotkey:
            self.hotkey.stop()
            self.hotkey = start_global_hotkey(
                self.capture_requested.emit, configured_hotkey(settings.hotkey)
            )

    def shutdown(self, wait_ms: int = 5000) -> bool:
        """Stop listening, cancel the reads and wait for the workers (window closing)."""
        if self.capture_server is not None:
            self.capture_server.close()
        if self.hotkey is not None:
            self.hotkey.stop()
            self.hotkey = None
        return self.queue.shutdown(wait_ms)

    def _capture_from_outside(self) -> list[ImageJob]:
        jobs = self.capture_clipboard()
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        return jobs

    # -- queue events (UI thread) ------------------------------------------------------------

    def _on_started(self, job: ImageJob) -> None:
        bubble = self.bubbles.get(job.id)
        if bubble is not None:
            bubble.set_reading()

    def _on_thumbnail(self, job: ImageJob, image: object) -> None:
        bubble = self.bubbles.get(job.id)
        if bubble is not None:
            bubble.set_thumbnail(image)  # type: ignore[arg-type]

    def _on_finished(self, job: ImageJob, extraction: ImageExtraction) -> None:
        bubble = self.bubbles.get(job.id)
        if bubble is not None:
            bubble.set_done(len(extraction.events))
        try:
            reply = self.chat.assistant.propose_found(extraction, now=job.now)
        except IljeongError as exc:  # the store refused: say so, nothing half-done
            self.chat.show_error(str(exc))
            return
        self.chat.show_reply(reply)

    def _on_failed(self, job: ImageJob, error: BaseException) -> None:
        bubble = self.bubbles.get(job.id)
        if bubble is not None:
            bubble.set_failed()
        if isinstance(error, IljeongError):
            text = str(error)  # the core's message, usually naming the file already
            if job.source.name not in text:
                text = self.tr("{0}: {1}").format(job.source.name, text)
        else:
            text = self.tr("{0} could not be read: an unexpected error (details in the log).")
            text = text.format(job.source.name)
        self.chat.show_error(text)

    def _on_cancelled(self, job: ImageJob) -> None:
        bubble = self.bubbles.get(job.id)
        if bubble is not None:
            bubble.set_cancelled()
        self.chat.show_error(
            self.tr("Reading {0} was cancelled; nothing was saved.").format(job.source.name)
        )


def paste_takes_image(md: QMimeData) -> bool:
    """Does Ctrl+V mean the image? Plain text wins (office apps offer a picture of the
    copied text too); copied image files and image data without text are images."""
    text = md.text().strip() if md.hasFormat("text/plain") else ""
    if text and not _only_locations(text):
        return False
    if has_image_data(md):
        return True
    return any(p.suffix.lower() in IMAGE_SUFFIXES for p in local_files(md))


def _only_locations(text: str) -> bool:
    """Text that is just the copied files' paths or URLs (file managers add it)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return all(line.startswith(("/", "file:", "http://", "https://")) for line in lines)


class _DropFilter(QObject):
    """Takes image drops for the window, whichever child they land on."""

    def __init__(self, intake: ImageIntake) -> None:
        super().__init__(intake)
        self.intake = intake

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(
            event, (QDragEnterEvent, QDragMoveEvent)
        ):
            md = event.mimeData()
            if md is not None and has_image_content(md):
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
            md = event.mimeData()
            if md is not None and has_image_content(md):
                event.acceptProposedAction()
                self.intake.add_mime(md)
                return True
        return False


class _PasteFilter(QObject):
    """Ctrl+V in the chat input: an image goes to the intake, text is pasted as usual."""

    def __init__(self, intake: ImageIntake) -> None:
        super().__init__(intake)
        self.intake = intake

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Paste)
        ):
            return self.intake.paste()
        return False
