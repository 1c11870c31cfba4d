"""The chat assistant: proposes, confirms and acts (see dialog.py for the rules)."""

from core.assistant.dialog import Assistant
from core.assistant.types import Proposal, Reply, Target

__all__ = ["Assistant", "Proposal", "Reply", "Target"]
