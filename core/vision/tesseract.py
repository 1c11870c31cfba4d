"""The local OCR backend: the tesseract binary (kor+eng) on a preprocessed page.

One tesseract process per image, killed when the read is cancelled. OMP threads are
limited to one: on a 2-core machine tesseract's OpenMP only adds contention.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from PIL import Image

from core.errors import IljeongError
from core.vision.backends import BackendResult, OcrUnavailable
from core.vision.cancel import Cancelled, CancelToken
from core.vision.intake import LoadedImage
from core.vision.preprocess import prepare

LANGUAGES = "kor+eng"
_TIMEOUT_SECONDS = 60


class TesseractBackend:
    name = "tesseract"

    def __init__(self, command: str = "tesseract") -> None:
        self.command = command

    def run(
        self, img: LoadedImage, *, now: datetime, zone: ZoneInfo, cancel: CancelToken
    ) -> BackendResult:
        page = prepare(img.image, cancel)
        cancel.check()
        return BackendResult(text=self.read_page(page, cancel))

    def read_page(self, page: Image.Image, cancel: CancelToken) -> str:
        """Run tesseract on a PIL image (page segmentation: automatic)."""
        executable = shutil.which(self.command)
        if executable is None:
            raise OcrUnavailable(
                f"tesseract is not installed ({self.command!r} not found); install the "
                "tesseract-ocr and tesseract-ocr-kor packages or choose another OCR backend"
            )
        with tempfile.TemporaryDirectory(prefix="iljeong-ocr-") as tmp:
            path = Path(tmp) / "page.png"
            page.save(path, format="PNG", compress_level=1)
            env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
            process = subprocess.Popen(
                [executable, str(path), "-", "-l", LANGUAGES, "--psm", "4"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
            )
            detach = cancel.on_cancel(process.kill)
            try:
                out, err = process.communicate(timeout=_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired as exc:
                process.kill()
                process.communicate()
                raise IljeongError("tesseract took too long on this image") from exc
            finally:
                detach()
        if cancel.cancelled:
            raise Cancelled()
        if process.returncode != 0:
            message = err.decode("utf-8", "replace").strip().splitlines()
            raise OcrUnavailable(
                "tesseract failed: " + (message[-1] if message else f"exit {process.returncode}")
            )
        return out.decode("utf-8", "replace")
