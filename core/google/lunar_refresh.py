"""Keeping Google's copy of yearly lunar series up to date.

Google gets a lunar series as an RDATE list from the current year to
``mapping.LUNAR_YEARS_AHEAD`` years ahead (core/google/mapping.py). The engine diffs a
series against its ``sync_base`` as of the base's ``synced_at`` year, so a series written
to Google in an earlier year differs from today's body in its RDATE line. Once a year
(the first Google round of a new year on this device), every lunar series whose Google
copy was last written in an earlier year is queued for Google; the push then sends the
new RDATE list (one patch per series, with If-Match). A base refreshed by a pull in a later
year without a push is caught the year after, so Google's dates always reach 8+ years ahead.
"""

from __future__ import annotations

from datetime import date

from core import lunar
from core.model import OutboxEntry
from core.store import Store

TARGET = "google"
STATE_KEY = "google:lunar_refresh_year"


def queue_stale(store: Store, today: date, *, force: bool = False) -> int:
    """Queue the lunar series Google has from an earlier year; once per year unless ``force``.

    Returns how many were queued."""
    if not force and store.get_state(STATE_KEY) == today.year:
        return 0
    queued = 0
    for base in store.bases(TARGET):
        rule = base.data.get("rrule")
        if not isinstance(rule, str) or not lunar.is_lunar(rule) or base.data.get("deleted"):
            continue
        if base.synced_at.year >= today.year:
            continue
        ev = store.find_event(base.entity_id)
        if ev is None or ev.deleted or not lunar.is_lunar(ev.rrule):
            continue
        store.enqueue(OutboxEntry(TARGET, "event", ev.id, "upsert", {}, revision=ev.revision))
        queued += 1
    store.set_state(STATE_KEY, today.year)
    return queued
