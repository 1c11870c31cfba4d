"""Understanding: text → ParseResult. Offline rules by default; an LLM only if configured."""

from core.nlu.engine import parse
from core.nlu.result import INTENTS, Intent, ParseResult

__all__ = ["INTENTS", "Intent", "ParseResult", "parse"]
