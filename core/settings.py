"""User settings needed by the core. Environment variables override the defaults.

The settings dialog and `iljeong config` (a later issue) will persist these under
platformdirs; until then they come from the environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import timedelta
from zoneinfo import ZoneInfo

from core.model import DEFAULT_DURATION
from core.timeutil import get_zone, local_zone_name


@dataclass(frozen=True, slots=True)
class Settings:
    time_zone: str = field(default_factory=local_zone_name)
    default_duration_minutes: int = int(DEFAULT_DURATION.total_seconds() // 60)

    @classmethod
    def from_env(cls) -> Settings:
        minutes = os.environ.get("ILJEONG_DEFAULT_DURATION")
        if minutes and minutes.isdigit():
            return cls(default_duration_minutes=int(minutes))
        return cls()

    @property
    def zone(self) -> ZoneInfo:
        return get_zone(self.time_zone)

    @property
    def default_duration(self) -> timedelta:
        return timedelta(minutes=self.default_duration_minutes)
