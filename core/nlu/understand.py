"""Which path answers a message: the offline engine, or (if configured) one LLM call.

The offline engine always runs first. The LLM is asked only when a provider is configured
(settings.llm.enabled) and the engine is unsure (confidence below ``UNSURE_BELOW``) or the
message is long free text (more than ``LONG_TEXT_CHARS`` characters or ``LONG_TEXT_LINES``
non-empty lines) -- and never when the engine read a confirmation or a cancel. At most one
call per message; when it fails, or answers something invalid, the offline result stands.
``ParseResult.path`` says which path answered.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from core.nlu.engine import parse
from core.nlu.llm import LLMAdapter
from core.nlu.result import ParseResult, Path, nothing
from core.settings import Settings

log = logging.getLogger(__name__)

UNSURE_BELOW = 0.6
LONG_TEXT_CHARS = 200
LONG_TEXT_LINES = 4
#: Replies to a pending proposal: the offline reading is final, the LLM is never asked.
NEVER_ASK = frozenset({"confirm", "cancel"})

Engine = Callable[[str, datetime, ZoneInfo], ParseResult]


def is_long_free_text(text: str) -> bool:
    stripped = text.strip()
    lines = [line for line in stripped.splitlines() if line.strip()]
    return len(stripped) > LONG_TEXT_CHARS or len(lines) >= LONG_TEXT_LINES


def wants_llm(text: str, offline: ParseResult) -> bool:
    """True when the offline reading should be checked by the LLM (if one is configured)."""
    if offline.intent in NEVER_ASK:
        return False
    return offline.confidence < UNSURE_BELOW or is_long_free_text(text)


class Understander:
    """text → ParseResult. ``llm_calls`` counts the LLM requests made, ``last_path`` says
    which path answered the last message."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        engine: Engine | None = None,
        llm: LLMAdapter | None = None,
    ) -> None:
        self.settings = settings or Settings.from_env()
        self._engine: Engine = engine or parse
        self._llm = llm if llm is not None else LLMAdapter(self.settings.llm)
        self.llm_calls = 0
        self.last_path: Path = "rules"

    @property
    def llm_enabled(self) -> bool:
        return self._llm.usable

    def offline(self, text: str, now: datetime, zone: ZoneInfo) -> ParseResult:
        try:
            return self._engine(text, now, zone)
        except Exception:  # a bug in the engine must not lose the user's message
            log.exception("offline engine failed on a message of %d characters", len(text))
            return nothing("other", confidence=0.0)

    def understand(self, text: str, now: datetime, zone: ZoneInfo) -> ParseResult:
        result = self.offline(text, now, zone)
        if self.llm_enabled and wants_llm(text, result):
            self.llm_calls += 1
            answer = self._llm.ask(text, now, zone, result)
            if answer is not None:
                result = answer
        self.last_path = result.path
        return result

    def close(self) -> None:
        self._llm.close()
