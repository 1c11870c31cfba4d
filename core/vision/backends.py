"""The OCR backend interface and the factory that picks one from settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol
from zoneinfo import ZoneInfo

from core.errors import IljeongError
from core.nlu.result import ParseResult
from core.settings import OCR_BACKENDS, Settings
from core.vision.cancel import CancelToken

if TYPE_CHECKING:
    from core.vision.intake import LoadedImage


class OcrUnavailable(IljeongError):
    """The chosen backend cannot run (not installed, not configured, not reachable)."""


@dataclass(frozen=True)
class BackendResult:
    text: str
    #: Set only by backends that return events directly (OpenAI vision); otherwise the
    #: pipeline reads events from ``text`` with core/nlu.
    events: list[ParseResult] | None = None


class OcrBackend(Protocol):
    name: str

    def run(
        self, img: LoadedImage, *, now: datetime, zone: ZoneInfo, cancel: CancelToken
    ) -> BackendResult: ...


def make_backend(name: str, settings: Settings) -> OcrBackend:
    """The backend called ``name`` ("tesseract", "gcv" or "openai")."""
    if name == "tesseract":
        from core.vision.tesseract import TesseractBackend

        return TesseractBackend(settings.ocr.tesseract_cmd)
    if name == "gcv":
        from core.vision.gcv import GoogleVisionBackend

        return GoogleVisionBackend(settings.ocr)
    if name == "openai":
        from core.vision.openai_vision import OpenAIVisionBackend

        return OpenAIVisionBackend(settings.llm, settings.ocr.openai_vision_model)
    raise OcrUnavailable(f"unknown OCR backend {name!r}; choose one of {', '.join(OCR_BACKENDS)}")
