"""Three-way merge of an event's portable form (``core.store.codec.event_to_dict``).

Each side's change is measured against the base (the last copy both sides agreed on).
A group of fields changed on one side only takes that side's values; changed on both
sides to the same values is no conflict; changed on both sides differently is a true
conflict: the local side keeps its values locally, the remote side keeps its values
remotely, and the caller records a ``Conflict`` for the user. The start/end columns
(with all-day and the zone) form one group, as do the recurrence columns, so a merge
never builds an event from half of one side's times and half of the other's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from core.store.codec import EVENT_FIELDS

WHEN = ("all_day", "tz", "start_ts", "end_ts", "start_date", "end_date")
REPEAT = ("rrule", "exdates", "rdates")
GROUPS: tuple[tuple[str, ...], ...] = (
    WHEN,
    REPEAT,
    *((f,) for f in EVENT_FIELDS if f not in WHEN and f not in REPEAT),
)


@dataclass(frozen=True, slots=True)
class MergeResult:
    #: Local values plus every non-conflicting remote change (what the local copy becomes).
    merged: dict[str, Any]
    #: Field names changed differently on both sides.
    conflicts: tuple[str, ...]

    def remote_view(self, remote: Mapping[str, Any]) -> dict[str, Any]:
        """What Google should hold: the merge, but Google's values where they conflict."""
        return {**self.merged, **{f: remote.get(f) for f in self.conflicts}}


def _values(data: Mapping[str, Any], group: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(data.get(f) for f in group)


def merge(
    base: Mapping[str, Any], local: Mapping[str, Any], remote: Mapping[str, Any]
) -> MergeResult:
    merged = dict(local)
    conflicts: list[str] = []
    for group in GROUPS:
        b, mine, theirs = _values(base, group), _values(local, group), _values(remote, group)
        if mine == theirs or theirs == b:
            continue  # nothing to take from the remote side
        if mine == b:
            merged.update(zip(group, theirs, strict=True))
            continue
        conflicts.extend(f for f, m, t in zip(group, mine, theirs, strict=True) if m != t)
    return MergeResult(merged, tuple(conflicts))


def changed_fields(a: Mapping[str, Any], b: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(f for f in EVENT_FIELDS if a.get(f) != b.get(f))


def with_fields(
    data: Mapping[str, Any], source: Mapping[str, Any], fields: tuple[str, ...] | frozenset[str]
) -> dict[str, Any]:
    """``data`` with the named fields (and the rest of their groups) taken from ``source``."""
    wanted = set(fields)
    for group in GROUPS:
        if wanted & set(group):
            wanted.update(group)
    return {**data, **{f: source.get(f) for f in wanted if f in source}}
