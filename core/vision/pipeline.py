"""Image → events: validate, look up the content-hash cache, OCR, read the layout.

Images and their results are kept in the data dir by content hash
(``images/<sha256>.<ext>`` and ``images/<sha256>.<backend>.json``), so the same picture is
never read twice. Thread-safe: the desktop runs ``read`` on a worker thread.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from core.nlu.result import ParseResult
from core.settings import Settings
from core.timeutil import format_event_time
from core.vision.backends import OcrBackend, make_backend
from core.vision.cancel import CancelToken
from core.vision.intake import LoadedImage, load_image
from core.vision.layout import read_events

log = logging.getLogger(__name__)

#: Bumped when reading changes, so cached results of an older reader are not reused.
READER_VERSION = 1


@dataclass(frozen=True)
class ImageExtraction:
    file: str
    sha256: str
    text: str
    events: list[ParseResult] = field(default_factory=list)
    ms: float = 0.0
    backend: str = "tesseract"
    cached: bool = False

    def to_json(self) -> dict[str, Any]:
        """The `iljeong extract-image` line: times in the corpus formats."""
        return {
            "file": self.file,
            "events": [_event_json(e) for e in self.events],
            "text": self.text,
            "ms": round(self.ms, 1),
        }


def _event_json(result: ParseResult) -> dict[str, Any]:
    return {
        "title": result.title,
        "start": None if result.start is None else format_event_time(result.start),
        "end": None if result.end is None else format_event_time(result.end),
        "all_day": result.all_day,
        "location": result.location,
    }


class ImageReader:
    def __init__(self, settings: Settings, *, data_dir: Path, backend: str | None = None) -> None:
        self.settings = settings
        self.backend_name = backend or settings.ocr.backend
        self.backend: OcrBackend = make_backend(self.backend_name, settings)
        self.folder = data_dir / "images"

    def read(
        self,
        source: bytes | Path,
        *,
        now: datetime | None = None,
        cancel: CancelToken | None = None,
        name: str | None = None,
    ) -> ImageExtraction:
        """Read one image. Raises ImageRejected, Cancelled or OcrUnavailable."""
        began = time.perf_counter()
        cancel = cancel or CancelToken()
        zone = self.settings.zone
        now = (now or datetime.now(zone)).astimezone(zone)
        img = load_image(source, name=name)
        cancel.check()
        text = self._cached_text(img)
        cached = text is not None
        events: list[ParseResult]
        if text is None:
            result = self.backend.run(img, now=now, zone=zone, cancel=cancel)
            cancel.check()
            text = result.text
            if result.events is None:
                events = [e.result for e in read_events(text, now, zone)]
            else:
                events = [e for e in result.events if e.intent == "create" and e.start]
            self._remember(img, text)
        else:
            events = [e.result for e in read_events(text, now, zone)]
        ms = (time.perf_counter() - began) * 1000
        log.info(
            "image read",
            extra={
                "backend": self.backend_name,
                "events": len(events),
                "ms": round(ms),
                "cached": cached,
            },
        )
        return ImageExtraction(img.name, img.sha256, text, events, ms, self.backend_name, cached)

    # -- the content-hash cache ------------------------------------------------------------

    def _result_path(self, img: LoadedImage) -> Path:
        return self.folder / f"{img.sha256}.{self.backend_name}.json"

    def _cached_text(self, img: LoadedImage) -> str | None:
        """The OCR text of an image read before (events are re-read: "now" may differ)."""
        if self.backend_name == "openai":
            return None  # its events come from the model, not from text
        try:
            data = json.loads(self._result_path(img).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if data.get("reader") != READER_VERSION or not isinstance(data.get("text"), str):
            return None
        return str(data["text"])

    def _remember(self, img: LoadedImage, text: str) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            original = self.folder / f"{img.sha256}.{img.format.lower()}"
            if not original.exists():
                _atomic_write(original, img.data)
            record = {"reader": READER_VERSION, "backend": self.backend_name, "text": text}
            _atomic_write(self._result_path(img), json.dumps(record, ensure_ascii=False).encode())
        except OSError as exc:  # a full disk must not lose the reading itself
            log.warning("could not keep the image in the data dir: %s", exc.strerror)


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
