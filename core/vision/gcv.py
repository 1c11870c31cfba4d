"""Google Cloud Vision OCR (opt-in): DOCUMENT_TEXT_DETECTION with Korean and English hints.

The client is google-cloud-vision's ``ImageAnnotatorClient`` on its REST transport (plain
HTTPS + JSON, so no gRPC channel and a local fake can stand in for the service).
Credentials, in order: an API key (ILJEONG_GCV_API_KEY, sent as ``x-goog-api-key``), a
credentials file (GOOGLE_APPLICATION_CREDENTIALS, normally a service account key), else
Application Default Credentials (``gcloud auth application-default login``).

ILJEONG_GCV_ENDPOINT overrides the host: ``host:port`` on a loopback address is spoken to
over plain http (the test fake), anything else over https unless a scheme is given.

Exactly one request per image (no retries); every failure becomes ``OcrUnavailable`` with
a message saying what went wrong and what to set. The image text is never logged.
"""

from __future__ import annotations

import io
import json
import logging
import re
import threading
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from core.settings import OcrSettings
from core.vision.backends import BackendResult, OcrUnavailable
from core.vision.cancel import CancelToken
from core.vision.intake import LoadedImage

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_SECONDS = 30.0
LANGUAGE_HINTS = ("ko", "en")
SCOPES = ("https://www.googleapis.com/auth/cloud-platform",)
#: The JSON request limit is 10 MB and base64 adds a third: keep the image below this.
MAX_IMAGE_BYTES = 7_000_000
_LOOPBACK = ("127.0.0.1", "localhost", "[::1]", "::1")
_NOT_CONFIGURED = (
    "Google Cloud Vision is not configured: set ILJEONG_GCV_API_KEY to an API key, or "
    "GOOGLE_APPLICATION_CREDENTIALS to a service account key file (or choose the "
    "tesseract reader)."
)


def api_endpoint(endpoint: str | None) -> str | None:
    """The client's ``api_endpoint`` for ILJEONG_GCV_ENDPOINT (None = Google's own)."""
    if endpoint is None or not endpoint.strip():
        return None
    endpoint = endpoint.strip().rstrip("/")
    if "://" in endpoint:
        return endpoint
    host = endpoint.rsplit(":", 1)[0] if endpoint.count(":") == 1 else endpoint
    if host in _LOOPBACK or endpoint.startswith("[::1]"):
        return "http://" + endpoint
    return endpoint


class GoogleVisionBackend:
    """OcrBackend "gcv". Thread-safe: the client is built once, on first use."""

    name = "gcv"

    def __init__(
        self, settings: OcrSettings, *, timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS
    ) -> None:
        self.settings = settings
        self.timeout_seconds = timeout_seconds
        self._client: Any = None
        self._lock = threading.Lock()

    # -- client ----------------------------------------------------------------------------
    def _get_client(self) -> Any:
        with self._lock:
            if self._client is None:
                self._client = self._make_client()
            return self._client

    def _make_client(self) -> Any:
        from google.api_core.client_options import ClientOptions
        from google.cloud import vision

        endpoint = api_endpoint(self.settings.gcv_endpoint)
        key = (self.settings.gcv_api_key or "").strip() or None
        if key is not None:
            options = ClientOptions(api_endpoint=endpoint, api_key=key)
            return vision.ImageAnnotatorClient(transport="rest", client_options=options)
        credentials = self._credentials()
        return vision.ImageAnnotatorClient(
            transport="rest",
            credentials=credentials,
            client_options=ClientOptions(api_endpoint=endpoint),
        )

    def _credentials(self) -> Any:
        import google.auth
        from google.auth.exceptions import DefaultCredentialsError

        path = (self.settings.gcv_credentials or "").strip() or None
        if path is not None:
            if not Path(path).is_file():
                raise OcrUnavailable(
                    f"GOOGLE_APPLICATION_CREDENTIALS names {path}, which is not a file; "
                    "point it at a service account key file."
                )
            return _credentials_from_file(Path(path))
        try:
            credentials, _project = google.auth.default(scopes=list(SCOPES))
        except DefaultCredentialsError as exc:
            raise OcrUnavailable(_NOT_CONFIGURED) from exc
        return credentials

    def close(self) -> None:
        with self._lock:
            client, self._client = self._client, None
        if client is not None:
            client.transport.close()

    # -- OcrBackend ------------------------------------------------------------------------
    def run(
        self, img: LoadedImage, *, now: datetime, zone: ZoneInfo, cancel: CancelToken
    ) -> BackendResult:
        from google.cloud import vision

        cancel.check()
        client = self._get_client()
        request = vision.AnnotateImageRequest(
            image=vision.Image(content=image_payload(img)),
            features=[vision.Feature(type_=vision.Feature.Type.DOCUMENT_TEXT_DETECTION)],
            image_context=vision.ImageContext(language_hints=list(LANGUAGE_HINTS)),
        )
        cancel.check()
        try:
            response = client.batch_annotate_images(
                requests=[request], retry=None, timeout=self.timeout_seconds
            )
        except Exception as exc:  # noqa: BLE001 - every failure gets a readable message
            raise OcrUnavailable(self._describe(exc)) from exc
        cancel.check()
        if not response.responses:
            return BackendResult(text="")
        answer = response.responses[0]
        if answer.error.code:
            raise OcrUnavailable(
                f"Google Cloud Vision could not read the image: {answer.error.message}"
            )
        return BackendResult(text=reading_text(answer))

    def _describe(self, exc: Exception) -> str:
        """A message for the user; never the request body or the key."""
        import requests
        from google.api_core import exceptions as api
        from google.auth import exceptions as auth

        where = api_endpoint(self.settings.gcv_endpoint) or "vision.googleapis.com"
        detail = _api_message(exc)
        log.warning("Cloud Vision request failed: %s", type(exc).__name__)
        if isinstance(exc, requests.Timeout | api.DeadlineExceeded):
            return (
                f"Google Cloud Vision did not answer within {self.timeout_seconds:g} s. "
                "Try again later or use the tesseract reader."
            )
        if isinstance(exc, api.Unauthorized | api.Unauthenticated):
            return (
                f"Google Cloud Vision rejected the credentials ({detail}). Check "
                "ILJEONG_GCV_API_KEY or GOOGLE_APPLICATION_CREDENTIALS."
            )
        if isinstance(exc, api.Forbidden | api.PermissionDenied):
            return (
                f"Google Cloud Vision refused the request ({detail}). Check that the Cloud "
                "Vision API is enabled for the project and that the key or service account "
                "may use it."
            )
        if isinstance(exc, api.TooManyRequests | api.ResourceExhausted):
            return (
                f"Google Cloud Vision quota is used up ({detail}). Try again later or use "
                "the tesseract reader."
            )
        if isinstance(exc, api.BadRequest | api.InvalidArgument):
            return f"Google Cloud Vision did not accept the image ({detail})."
        if isinstance(exc, api.ServerError):
            return f"Google Cloud Vision failed ({detail}). Try again later."
        if isinstance(exc, api.GoogleAPICallError):
            return f"Google Cloud Vision answered with an error ({detail})."
        if isinstance(exc, requests.ConnectionError):
            return f"Cannot reach Google Cloud Vision at {where}: is the network up?"
        if isinstance(exc, auth.GoogleAuthError):
            return f"Could not sign in to Google Cloud ({detail})."
        return f"Google Cloud Vision failed ({type(exc).__name__}: {detail})."


def image_payload(img: LoadedImage) -> bytes:
    """The normalised image (EXIF orientation applied, first GIF frame) within the size cap.

    PNG when it fits; a very large image goes as a high-quality JPEG, scaled down only if
    even that is too big.
    """
    data = img.png_bytes()
    if len(data) <= MAX_IMAGE_BYTES:
        return data
    picture = img.image
    while True:
        buffer = io.BytesIO()
        picture.save(buffer, format="JPEG", quality=92)
        data = buffer.getvalue()
        if len(data) <= MAX_IMAGE_BYTES or min(picture.size) < 64:
            return data
        width, height = picture.size
        picture = picture.resize((width * 3 // 4, height * 3 // 4))


#: TextAnnotation.DetectedBreak.BreakType values → what they stand for in plain text.
_BREAKS = {1: " ", 2: " ", 3: "\n", 4: "-\n", 5: "\n"}


def reading_text(answer: Any) -> str:
    """The text of one AnnotateImageResponse in the service's reading order.

    ``full_text_annotation.text`` is that order already; when it is absent the text is
    rebuilt from the page → block → paragraph → word → symbol tree in the order the
    service returned it (never re-sorted), then ``text_annotations[0]`` is the last resort.
    """
    full = answer.full_text_annotation
    if full.text.strip():
        return str(full.text)
    rebuilt = _text_from_pages(full.pages)
    if rebuilt.strip():
        return rebuilt
    if answer.text_annotations:
        return str(answer.text_annotations[0].description)
    return ""


def _text_from_pages(pages: Any) -> str:
    out: list[str] = []
    for page in pages:
        for block in page.blocks:
            for paragraph in block.paragraphs:
                for word in paragraph.words:
                    for symbol in word.symbols:
                        out.append(symbol.text)
                        out.append(_BREAKS.get(int(symbol.property.detected_break.type_), ""))
            if out and not out[-1].endswith("\n"):
                out.append("\n")
    return "".join(out)


def _credentials_from_file(path: Path) -> Any:
    """A service account key (or a gcloud user login) file; other types are refused."""
    from google.oauth2 import credentials as user_credentials
    from google.oauth2 import service_account

    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise OcrUnavailable(f"{path} is not a readable JSON credentials file.") from exc
    kind = info.get("type") if isinstance(info, dict) else None
    try:
        if kind == "service_account":
            return service_account.Credentials.from_service_account_info(  # type: ignore[no-untyped-call]
                info, scopes=list(SCOPES)
            )
        if kind == "authorized_user":
            return user_credentials.Credentials.from_authorized_user_info(  # type: ignore[no-untyped-call]
                info, scopes=list(SCOPES)
            )
    except (ValueError, KeyError) as exc:
        raise OcrUnavailable(
            f"{path} is not a usable Google credentials file ({_first_line(exc)})."
        ) from exc
    raise OcrUnavailable(
        f"{path} is not a usable Google credentials file (type {kind!r}); use a service "
        "account key file."
    )


_REQUEST_PREFIX = re.compile(r"^[A-Z]+ \S+: ")


def _api_message(exc: BaseException) -> str:
    """The service's own message, without the "POST https://...: " the client prepends."""
    message = getattr(exc, "message", None)
    if not isinstance(message, str) or not message.strip():
        return _first_line(exc)
    return _REQUEST_PREFIX.sub("", message.strip())


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


__all__ = ["GoogleVisionBackend", "api_endpoint", "image_payload", "reading_text"]
