"""User settings needed by the core.

``Settings.load()`` reads the settings file (core/config.py: ``iljeong config``, the
settings dialog) and lets environment variables override it; ``Settings.from_env()``
reads the environment alone (the sync service, tests).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from zoneinfo import ZoneInfo

from core.model import DEFAULT_DURATION
from core.timeutil import get_zone, local_zone_name

DEFAULT_LLM_MODEL = "gpt-4o-mini"
DEFAULT_LLM_TIMEOUT = 8.0


@dataclass(frozen=True, slots=True)
class LLMSettings:
    """The optional LLM path (OpenAI or any OpenAI-compatible server: Ollama, llama.cpp).

    Off unless the user configured a provider: nothing leaves the machine otherwise.
    ``base_url`` None means the openai package's own default (api.openai.com).
    """

    enabled: bool = False
    base_url: str | None = None
    model: str = DEFAULT_LLM_MODEL
    #: From OPENAI_API_KEY only; never logged (excluded from repr).
    api_key: str | None = field(default=None, repr=False)
    timeout_seconds: float = DEFAULT_LLM_TIMEOUT

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> LLMSettings:
        """ILJEONG_LLM_BASE_URL, ILJEONG_LLM_MODEL, ILJEONG_LLM_TIMEOUT, OPENAI_API_KEY.

        Enabled when a base URL or a model is configured, or ILJEONG_LLM=openai;
        ILJEONG_LLM=off (or none/0/false) turns it off whatever else is set.
        """
        source = os.environ if env is None else env
        switch = source.get("ILJEONG_LLM", "").strip().lower()
        base_url = source.get("ILJEONG_LLM_BASE_URL", "").strip() or None
        model = source.get("ILJEONG_LLM_MODEL", "").strip() or None
        key = source.get("OPENAI_API_KEY", "").strip() or None
        enabled = switch == "openai" or (
            switch not in {"off", "none", "0", "false", "no"}
            and (base_url is not None or model is not None)
        )
        return cls(
            enabled=enabled,
            base_url=base_url,
            model=model or DEFAULT_LLM_MODEL,
            api_key=key,
            timeout_seconds=_positive_float(source.get("ILJEONG_LLM_TIMEOUT"), DEFAULT_LLM_TIMEOUT),
        )


OCR_BACKENDS = ("tesseract", "gcv", "openai")
DEFAULT_VISION_MODEL = "gpt-4o-mini"


@dataclass(frozen=True, slots=True)
class OcrSettings:
    """How images are read. Tesseract runs locally; the cloud backends are opt-in and send
    the image to Google Cloud Vision or to the configured OpenAI-compatible server."""

    backend: str = "tesseract"
    tesseract_cmd: str = "tesseract"
    #: "host:port" of a Vision endpoint (tests point it at a fake on 127.0.0.1).
    gcv_endpoint: str | None = None
    gcv_credentials: str | None = None
    gcv_api_key: str | None = field(default=None, repr=False)
    openai_vision_model: str = DEFAULT_VISION_MODEL

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> OcrSettings:
        """ILJEONG_OCR, ILJEONG_TESSERACT, ILJEONG_GCV_ENDPOINT, GOOGLE_APPLICATION_CREDENTIALS,
        ILJEONG_GCV_API_KEY, ILJEONG_VISION_MODEL."""
        source = os.environ if env is None else env
        backend = source.get("ILJEONG_OCR", "").strip().lower() or "tesseract"
        return cls(
            backend=backend,
            tesseract_cmd=source.get("ILJEONG_TESSERACT", "").strip() or "tesseract",
            gcv_endpoint=source.get("ILJEONG_GCV_ENDPOINT", "").strip() or None,
            gcv_credentials=source.get("GOOGLE_APPLICATION_CREDENTIALS", "").strip() or None,
            gcv_api_key=source.get("ILJEONG_GCV_API_KEY", "").strip() or None,
            openai_vision_model=source.get("ILJEONG_VISION_MODEL", "").strip()
            or DEFAULT_VISION_MODEL,
        )


@dataclass(frozen=True, slots=True)
class Settings:
    time_zone: str = field(default_factory=local_zone_name)
    default_duration_minutes: int = int(DEFAULT_DURATION.total_seconds() // 60)
    llm: LLMSettings = field(default_factory=LLMSettings)
    ocr: OcrSettings = field(default_factory=OcrSettings)
    #: UI language: "system" (follow the OS locale), "ko" or "en".
    language: str = "system"
    #: Colours: "system" (follow the OS), "light" or "dark".
    theme: str = "system"
    #: The clipboard-capture hotkey in pynput spelling; "" turns it off.
    hotkey: str = "<ctrl>+<alt>+i"
    #: Local id of the calendar new events go to; None = the store's default calendar.
    default_calendar: str | None = None
    #: Local ids of calendars whose events the views leave out (a per-device preference).
    hidden_calendars: tuple[str, ...] = ()
    #: Reminders: notifications on/off, and the minutes before an event whose own
    #: reminders are unset (None = use this default, as Google's calendar default does).
    notifications: bool = True
    default_reminder_minutes: int = 10
    start_minimized: bool = False
    start_at_login: bool = False
    #: Base URL of the central sync service; None = not connected.
    sync_server: str | None = None

    @classmethod
    def load(
        cls,
        env: Mapping[str, str] | None = None,
        config_dir: str | os.PathLike[str] | None = None,
    ) -> Settings:
        """The settings file (``ILJEONG_CONFIG_DIR`` or the platform config dir), then the
        environment over it. A damaged file raises core.config.ConfigError."""
        from core import config  # imports this module

        return config.load_settings(env, config_dir)

    @classmethod
    def from_env(cls) -> Settings:
        llm = LLMSettings.from_env()
        ocr = OcrSettings.from_env()
        minutes = os.environ.get("ILJEONG_DEFAULT_DURATION")
        if minutes and minutes.isdigit():
            return cls(default_duration_minutes=int(minutes), llm=llm, ocr=ocr)
        return cls(llm=llm, ocr=ocr)

    @property
    def zone(self) -> ZoneInfo:
        return get_zone(self.time_zone)

    @property
    def default_duration(self) -> timedelta:
        return timedelta(minutes=self.default_duration_minutes)


def _positive_float(raw: str | None, default: float) -> float:
    try:
        value = float(raw) if raw else default
    except ValueError:
        return default
    return value if value > 0 else default
