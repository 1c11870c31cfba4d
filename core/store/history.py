"""The undo/redo journal of the local store: one history for every change, whatever made it.

Every outermost transaction of a user origin (anything but ``google``, ``service`` and
``system``: changes that came from elsewhere or that the app made by itself are not the
user's to undo) that changed events, calendars or conflicts records one entry in the same
transaction: for each entity it touched the row as it was (``before``, ``None`` when the
transaction created it) and as it was left (``after``), plus a label (kind, title, source,
count) for menus and the chat. Entries whose rows ended as they began record nothing.

Undo writes the ``before`` images back as a new change (new revisions, queued in the outbox
like any local change, so Google and the other devices follow); a created entity becomes a
tombstone. Redo writes the ``after`` images back. Sync bookkeeping (Google ids and etags,
revisions, timestamps) is never restored: it stays as it is now, so a restored event is an
update of what Google and the service hold, never a second copy. An entity whose content
changed since the entry (e.g. another device edited it) refuses the step with
``HistoryRefused`` and nothing changes. A new recorded change drops the redo list; the
journal keeps the newest ``MAX_ENTRIES``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, bindparam, select, text, update
from sqlalchemy.engine import Connection

from core.errors import IljeongError
from core.model import Event
from core.store import codec
from core.store.schema import calendars, conflicts, events, history

#: Transactions of these origins are never recorded.
UNRECORDED_ORIGINS = frozenset({"google", "service", "system"})
MAX_ENTRIES = 100

Key = tuple[str, str]  # (entity, id)

_TABLES: dict[str, Table] = {"event": events, "calendar": calendars, "conflict": conflicts}
#: Columns sync and bookkeeping own: never compared, never restored (kept as they are now).
_KEPT: dict[str, tuple[str, ...]] = {
    "event": ("google_event_id", "google_etag", "last_synced_at", "created_at", "revision"),
    "calendar": ("google_calendar_id", "created_at"),
    "conflict": (),
}
_IGNORED: dict[str, frozenset[str]] = {
    entity: frozenset({*kept, "updated_at"}) for entity, kept in _KEPT.items()
}
_KINDS = frozenset(
    {"create", "update", "delete", "move", "resolve", "import", "calendar", "change"}
)


class HistoryRefused(IljeongError):
    """An undo or redo that would overwrite a later change; nothing was changed."""


@dataclass(frozen=True, slots=True)
class HistoryLabel:
    """What an entry did, for menus ("Undo add “검진”") and the chat's replies."""

    kind: str = "change"
    title: str = ""
    source: str = "manual"  # manual, chat, image, conflict, ics
    count: int = 1  # events touched
    language: str | None = None  # the chat's language when the chat made it

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "source": self.source,
            "count": self.count,
            "language": self.language,
        }

    @classmethod
    def from_json(cls, data: Any) -> HistoryLabel:
        if not isinstance(data, Mapping):
            return cls()
        kind = str(data.get("kind") or "change")
        count = data.get("count")
        language = data.get("language")
        return cls(
            kind=kind if kind in _KINDS else "change",
            title=str(data.get("title") or ""),
            source=str(data.get("source") or "manual"),
            count=count if isinstance(count, int) and count > 0 else 1,
            language=language if language in ("ko", "en") else None,
        )

    def describe(self) -> str:
        """A short English description ("add “검진”", "import of 12 events")."""
        what = f"“{self.title}”" if self.title else f"{self.count} events"
        if self.count > 1 and self.kind in ("create", "delete", "update"):
            what = f"{self.count} events"
        verbs = {
            "create": "add",
            "update": "edit",
            "delete": "delete",
            "move": "move",
            "resolve": "conflict on",
            "import": "import of",
            "calendar": "calendar",
            "change": "change of",
        }
        return f"{verbs.get(self.kind, 'change of')} {what}"


@dataclass(frozen=True, slots=True)
class UndoResult:
    """One undo or redo: its entry's label and the events as the step left them."""

    label: HistoryLabel
    redone: bool
    events: tuple[Event, ...] = ()
    calendar_ids: tuple[str, ...] = ()
    conflict_ids: tuple[str, ...] = ()

    @property
    def removed_ids(self) -> tuple[str, ...]:
        """Events the step took away (tombstoned or cancelled)."""
        return tuple(e.id for e in self.events if e.deleted or e.cancelled)

    @property
    def restored_ids(self) -> tuple[str, ...]:
        """Events the step left live (brought back or changed back)."""
        return tuple(e.id for e in self.events if not (e.deleted or e.cancelled))


# -- recording -------------------------------------------------------------------------------


def _rows(conn: Connection, keys: Iterable[Key]) -> dict[Key, dict[str, Any]]:
    """The current rows of (entity, id) keys, read in chunks per table."""
    wanted: dict[str, list[str]] = {}
    for entity, entity_id in keys:
        wanted.setdefault(entity, []).append(entity_id)
    found: dict[Key, dict[str, Any]] = {}
    for entity, ids in wanted.items():
        table = _TABLES[entity]
        for start in range(0, len(ids), 500):
            query = select(table).where(table.c.id.in_(ids[start : start + 500]))
            for row in conn.execute(query).mappings():
                found[(entity, row["id"])] = dict(row)
    return found


def _content(entity: str, row: Mapping[str, Any]) -> dict[str, Any]:
    ignored = _IGNORED[entity]
    return {k: v for k, v in row.items() if k not in ignored}


def _gone(row: Mapping[str, Any] | None) -> bool:
    return row is None or bool(row.get("deleted")) or bool(row.get("cancelled"))


def _default_label(items: list[dict[str, Any]]) -> dict[str, Any]:
    evs = [i for i in items if i["entity"] == "event"]
    main = evs or items
    top = [i for i in main if i["after"].get("recurring_event_id") is None] or main
    if all(i["before"] is None for i in main):
        kind = "create" if evs else "calendar"
    elif all(_gone(i["after"]) and not _gone(i["before"]) for i in main):
        kind = "delete"
    else:
        kind = "update" if evs else "calendar"
    first = top[0]["after"]
    title = str(first.get("title") or first.get("name") or "")
    source = "manual"
    if kind == "create" and evs:
        source = str(first.get("source") or "manual")
    return {"kind": kind, "title": title, "source": source, "count": max(len(top), 1)}


def record(
    conn: Connection,
    captured: Mapping[Key, Mapping[str, Any] | None],
    label: Mapping[str, Any] | None,
    now: int,
) -> bool:
    """Journal one transaction (inside it): ``captured`` holds the before-images. Returns
    False when nothing ended different from how it began (no entry is made)."""
    after = _rows(conn, captured)
    items: list[dict[str, Any]] = []
    for key, before in captured.items():
        now_row = after.get(key)
        if now_row is None:
            continue
        entity, entity_id = key
        if before is not None and _content(entity, before) == _content(entity, now_row):
            continue
        items.append(
            {
                "entity": entity,
                "id": entity_id,
                "before": None if before is None else dict(before),
                "after": now_row,
            }
        )
    if not items:
        return False
    merged = {**_default_label(items), **{k: v for k, v in (label or {}).items() if v}}
    conn.execute(history.delete().where(history.c.state == "undone"))
    conn.execute(
        history.insert().values(
            created_at=now,
            state="done",
            label=json.dumps(HistoryLabel.from_json(merged).to_json(), ensure_ascii=False),
            items=json.dumps(items, ensure_ascii=False, separators=(",", ":")),
        )
    )
    conn.execute(
        text(
            "DELETE FROM history WHERE seq NOT IN "
            "(SELECT seq FROM history ORDER BY seq DESC LIMIT :n)"
        ),
        {"n": MAX_ENTRIES},
    )
    return True


# -- reading ---------------------------------------------------------------------------------


def _next(conn: Connection, redo: bool) -> Any:
    if redo:  # the oldest undone entry is the one undone last
        query = select(history).where(history.c.state == "undone").order_by(history.c.seq)
    else:
        query = select(history).where(history.c.state == "done").order_by(history.c.seq.desc())
    return conn.execute(query.limit(1)).mappings().first()


def next_label(conn: Connection, redo: bool) -> HistoryLabel | None:
    row = _next(conn, redo)
    return None if row is None else _label_of(row)


def _label_of(row: Mapping[str, Any]) -> HistoryLabel:
    try:
        return HistoryLabel.from_json(json.loads(row["label"]))
    except ValueError:
        return HistoryLabel()


def count(conn: Connection, redo: bool) -> int:
    state = "undone" if redo else "done"
    query = text("SELECT count(*) FROM history WHERE state = :s")
    return int(conn.execute(query, {"s": state}).scalar_one())


# -- undo and redo ---------------------------------------------------------------------------


def step(conn: Connection, redo: bool, now: int) -> tuple[UndoResult, list[Key]] | None:
    """Undo (or redo) the next entry inside the caller's transaction; the caller must
    not journal this transaction. Returns the result and the keys written, or None when
    there is nothing to do. Raises ``HistoryRefused`` before writing anything when an
    entity changed since."""
    row = _next(conn, redo)
    if row is None:
        return None
    label = _label_of(row)
    try:
        items: list[dict[str, Any]] = json.loads(row["items"])
        keys = [(str(i["entity"]), str(i["id"])) for i in items]
    except (ValueError, KeyError, TypeError) as exc:
        conn.execute(history.delete().where(history.c.seq == row["seq"]))
        raise HistoryRefused("that history entry cannot be read; it was dropped") from exc
    current = _rows(conn, keys)
    verb = "redo" if redo else "undo"
    for item, key in zip(items, keys, strict=True):
        entity = key[0]
        expected = item.get("expect") or item["after"]
        now_row = current.get(key)
        if now_row is None or _content(entity, now_row) != _content(entity, expected):
            what = now_row or expected
            name = what.get("title") or what.get("name") or label.title
            raise HistoryRefused(
                f"cannot {verb} {label.describe()}: “{name}” was changed since "
                "(on another device or by a sync); nothing was changed"
            )
    writes: dict[str, list[dict[str, Any]]] = {}
    for item, key in zip(items, keys, strict=True):
        entity, entity_id = key
        target = item["after"] if redo else item["before"]
        written = _image(entity, target, current[key], now)
        item["expect"] = written
        writes.setdefault(entity, []).append(
            {"key": entity_id, **{f"v_{k}": v for k, v in written.items()}}
        )
    for entity, params in writes.items():  # one executemany per table
        table = _TABLES[entity]
        columns: dict[str, Any] = {n[2:]: bindparam(n) for n in params[0] if n != "key"}
        conn.execute(update(table).where(table.c.id == bindparam("key")).values(columns), params)
    conn.execute(
        update(history)
        .where(history.c.seq == row["seq"])
        .values(
            state="done" if redo else "undone",
            items=json.dumps(items, ensure_ascii=False, separators=(",", ":")),
        )
    )
    after = _rows(conn, keys)
    result = UndoResult(
        label=label,
        redone=redo,
        events=tuple(codec.row_to_event(after[k]) for k in keys if k[0] == "event"),
        calendar_ids=tuple(k[1] for k in keys if k[0] == "calendar"),
        conflict_ids=tuple(k[1] for k in keys if k[0] == "conflict"),
    )
    return result, keys


def _image(
    entity: str, target: Mapping[str, Any] | None, current: Mapping[str, Any], now: int
) -> dict[str, Any]:
    """The row to write: ``target``'s content (a tombstone of ``current`` when the entity
    did not exist) with the bookkeeping columns as they are now."""
    if target is None:
        row = dict(current)
        row["deleted"] = True
        if entity == "calendar":
            row["is_default"] = False
    else:
        row = dict(target)
        for column in _KEPT[entity]:
            row[column] = current[column]
    if entity == "event":
        row["revision"] = int(current["revision"]) + 1
    if "updated_at" in row:
        row["updated_at"] = now
    return row
