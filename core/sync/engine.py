"""One sync round with the central service: push the outbox, then pull and apply.

    engine = SyncEngine(store, client)     # client: core.sync.client.SyncClient
    report = engine.sync_once()            # SyncReport; SyncError types on failure

State kept in the store's ``sync_state`` (all keys start with ``service:``): ``device``
(server, device id, user), ``cursor``, ``next_mutation_id``, ``inflight`` (the batch being
pushed, kept until its answer is applied), ``resync`` (a snapshot resync is under way),
``rejected`` (the last 50 rejected mutations), ``status`` (for the window and the CLI).

Bases (``sync_base`` rows with target "service"): ``data`` is the portable form as the
service last had it, as far as this device knows, plus ``"__versions__"``: per field, the
service version at which it was seen; ``version`` is the row version last pulled.

Push. The outbox (target "service") is read in order; each entry becomes a mutation with
the entity's full portable data, the fields changed since the base, and the base's field
versions. The batch and the advanced mutation counter are stored before sending, so a
retry after a lost answer re-sends the same ids and the service answers from its receipts
(nothing is applied twice). The answer updates the bases of the fields the service now
holds as sent and acknowledges the outbox rows (a row changed meanwhile stays queued).

Pull. Pages after the cursor are applied one SQLite transaction each, with the new cursor
(``store.transaction(origin="service")``: nothing echoes back). An entity with a pending
local change is rebased: fields changed locally keep their local value and their old base
(so the service still sees what this device had seen and detects real conflicts), the rest
take the incoming values. A local pending delete, or an incoming delete of an entity with
pending edits, is left for the push to settle (the service answers with a conflict).

Resync (410: the device was away longer than the tombstone window). The cursor goes back
to 0 and every page is applied as usual; at the end, entities that have a service base but
did not come back (their tombstones were purged) are deleted locally unless a local change
is pending. The outbox is kept throughout.

First connection to a server: everything already in the store is queued for the service,
the service's data is pulled before pushing, and if the service has a default calendar the
local default calendar (never synced, not from Google) hands its events over and goes, so
two devices do not end up with two "My calendar"s.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from core.errors import InvalidInput
from core.google.mapping import UPDATED_KEY
from core.model import OutboxEntry, SyncBase
from core.service.wire import FIELD_GROUPS, Change, Mutation, PushRequest, PushResponse
from core.store import Store
from core.store.codec import EVENT_FIELDS
from core.sync.entities import DELETED, KINDS, LOCAL_ONLY, EventPage, Kind, Portable
from core.sync.errors import MutationOrderError, RequestRefused, ResyncNeeded, SyncError
from core.timeutil import utc_now

if TYPE_CHECKING:  # httpx loads with the client, when a sync runs
    from core.sync.client import DeviceSession, SyncClient

log = logging.getLogger("iljeong.sync")

TARGET = "service"
VERSIONS_KEY = "__versions__"
KEY = "service:"
_MISSING = object()
MAX_BATCHES_PER_ROUND = 50
DEFAULT_CALENDAR_NAMES = ("내 캘린더", "My calendar")
GOOGLE_TARGET = "google"
#: The fields an event shares with its Google copy (an exact copy of them all is marked).
COPIED_FIELDS = tuple(f for f in EVENT_FIELDS if f != DELETED)


@dataclass
class SyncReport:
    pushed: int = 0
    applied: int = 0
    conflicts: int = 0
    rejected: int = 0
    pulled: int = 0
    resynced: bool = False
    cursor: int = 0
    rejections: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "pushed": self.pushed,
            "applied": self.applied,
            "conflicts": self.conflicts,
            "rejected": self.rejected,
            "pulled": self.pulled,
            "resynced": self.resynced,
            "cursor": self.cursor,
            "rejections": self.rejections,
        }


def _split(base: SyncBase | None) -> tuple[dict[str, Any], dict[str, int], int]:
    if base is None:
        return {}, {}, 0
    values = dict(base.data)
    versions = {str(k): int(v) for k, v in (values.pop(VERSIONS_KEY, None) or {}).items()}
    return values, versions, int(base.version or 0)


def _entry_json(entry: OutboxEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "revision": entry.revision,
        "entity": entry.entity,
        "entity_id": entry.entity_id,
        "op": entry.op,
    }


def _entry(data: dict[str, Any]) -> OutboxEntry:
    return OutboxEntry(
        target=TARGET,
        entity=data["entity"],
        entity_id=data["entity_id"],
        op=data["op"],
        payload={},
        seq=data["seq"],
        revision=data["revision"],
    )


class SyncEngine:
    def __init__(
        self,
        store: Store,
        client: SyncClient,
        *,
        batch_size: int = 200,
        page_size: int = 500,
    ) -> None:
        self.store = store
        self.client = client
        self.batch_size = self.max_batch_size = batch_size
        self.page_size = page_size
        self._bases: list[SyncBase] | None = None

    # -- state ---------------------------------------------------------------------------

    def _get(self, name: str, default: Any = None) -> Any:
        value = self.store.get_state(KEY + name)
        return default if value is None else value

    def _set(self, name: str, value: Any) -> None:
        self.store.set_state(KEY + name, value)

    def _set_base(
        self, kind: str, entity_id: str, values: dict[str, Any], versions: dict[str, int], row: int
    ) -> None:
        base = SyncBase(
            target=TARGET,
            entity=kind,
            entity_id=entity_id,
            data={**values, VERSIONS_KEY: versions},
            version=str(row),
            synced_at=utc_now(),
        )
        if self._bases is not None:
            self._bases.append(base)
        else:
            self.store.set_base(base)

    @contextlib.contextmanager
    def _page(self) -> Iterator[None]:
        """One store transaction (origin "service"); bases are written together at its
        end. A page or batch names each entity once, so no base is read after a deferred
        write of it."""
        with self.store.transaction(origin=TARGET):
            self._bases = []
            try:
                yield
                self.store.set_bases(self._bases)
            finally:
                self._bases = None

    # -- the round ---------------------------------------------------------------------------

    def sync_once(self) -> SyncReport:
        report = SyncReport()
        try:
            local_default = self._unsynced_default_calendar()
            first = self._start_session()
            if first:
                self._pull_all(report)
                if local_default is not None:
                    self._adopt_default_calendar(local_default)
            self._push_all(report)
            self._pull_all(report)
        except SyncError as exc:
            self._save_status(report, str(exc))
            raise
        self._save_status(report, None)
        return report

    def _start_session(self) -> bool:
        """Log in (once per client); True when this store meets this account for the first
        time."""
        session: DeviceSession = self.client.session or self.client.login()
        known = self._get("device") or {}
        first = known.get("user_id") != session.user_id or known.get("server") != self.client.server
        with self.store.transaction(origin=TARGET):
            if first:
                self._forget_other_account(bool(known))
                self._queue_everything()
            if known.get("device_id") != session.device_id:
                self._set("inflight", None)
            next_mid = int(self._get("next_mutation_id", 1))
            if self._get("inflight") is None and next_mid <= session.last_mutation_id:
                next_mid = session.last_mutation_id + 1
            self._set("next_mutation_id", next_mid)
            self._set(
                "device",
                {
                    "server": self.client.server,
                    "device_id": session.device_id,
                    "user_id": session.user_id,
                    "email": session.email,
                },
            )
        return first

    def _forget_other_account(self, had_one: bool) -> None:
        self._set("cursor", 0)
        self._set("inflight", None)
        self._set("resync", None)
        if had_one:
            for kind in KINDS:
                for base in self.store.bases(TARGET, kind):
                    self.store.delete_base(TARGET, kind, base.entity_id)

    def _queue_everything(self) -> None:
        """Queue every local entity for the service (data made before sync was set up)."""
        store = self.store
        queued = {(e.entity, e.entity_id) for e in store.pending(TARGET, limit=1_000_000)}
        items: list[tuple[str, str]] = [("calendar", c.id) for c in store.calendars()]
        items += [("event", e.id) for e in store.all_events()]
        items += [("conflict", c.id) for c in store.conflicts(include_resolved=True)]
        for entity, entity_id in items:
            if (entity, entity_id) not in queued:
                store.enqueue(
                    OutboxEntry(
                        target=TARGET, entity=entity, entity_id=entity_id, op="upsert", payload={}
                    )
                )
        from sqlalchemy import select

        from core.store.schema import chat_turns

        with store.transaction(origin=TARGET) as conn:
            ids = conn.execute(select(chat_turns.c.id).order_by(chat_turns.c.created_at)).scalars()
            for turn_id in list(ids):
                if ("chat_turn", turn_id) not in queued:
                    store.enqueue(
                        OutboxEntry(
                            target=TARGET,
                            entity="chat_turn",
                            entity_id=turn_id,
                            op="upsert",
                            payload={},
                        )
                    )

    def _unsynced_default_calendar(self) -> str | None:
        """The local default calendar if it never synced and is not a Google calendar."""
        cal = self.store.default_calendar()
        if cal.google_calendar_id is not None or self.store.get_base(TARGET, "calendar", cal.id):
            return None
        return cal.id

    def _adopt_default_calendar(self, local_id: str) -> None:
        """After the first pull: if the account has a default calendar already, this
        store's own (auto-made) default calendar hands its events over and goes."""
        store = self.store
        synced = {b.entity_id for b in store.bases(TARGET, "calendar")}
        theirs = [c for c in store.calendars() if c.id in synced and c.is_default]
        mine = store.get_calendar(local_id)
        if not theirs or mine.deleted or mine.id in synced:
            return
        target = theirs[0]
        if mine.name not in (*DEFAULT_CALENDAR_NAMES, target.name):
            return  # a calendar the user named: keep it as a calendar of its own
        # a local change every target hears about, made by the app (not an undo entry)
        with store.transaction(origin="system"):
            for event in store.all_events(include_deleted=True):
                if event.calendar_id == mine.id:
                    store.put_back(event.evolve(calendar_id=target.id))
            store.update_calendar(dataclasses.replace(mine, deleted=True, is_default=False))
            store.update_calendar(dataclasses.replace(target, is_default=True))

    # -- push ----------------------------------------------------------------------------

    def _push_all(self, report: SyncReport) -> None:
        for _ in range(MAX_BATCHES_PER_ROUND):
            inflight = self._get("inflight")
            if inflight is None:
                inflight = self._prepare_batch(report)
                if inflight is None:
                    return
            if not inflight["mutations"]:
                self._set("inflight", None)
                continue
            try:
                response = self._send(inflight)
            except RequestRefused as exc:
                self._unwedge(inflight, report, str(exc))
                continue
            self._apply_push(inflight, response, report)
            self.batch_size = min(self.max_batch_size, self.batch_size * 2)

    def _unwedge(self, inflight: dict[str, Any], report: SyncReport, error: str) -> None:
        """The server refused a whole batch (nothing of it was applied): retry in halves;
        a single refused mutation is recorded as rejected and leaves the queue, so one bad
        change never blocks the others. Its ids were not used: they are handed out again."""
        mutations = inflight["mutations"]
        with self.store.transaction(origin=TARGET):
            self._set("next_mutation_id", int(mutations[0]["mutation_id"]))
            self._set("inflight", None)
            if len(mutations) > 1:
                self.batch_size = max(1, len(mutations) // 2)
                return
            entry = inflight["entries"][0]
            self._remember_rejection(report, entry["entity"], entry["entity_id"], error)
            report.rejected += 1
            self.store.acknowledge(TARGET, [_entry(entry)])

    def _prepare_batch(self, report: SyncReport) -> dict[str, Any] | None:
        entries = self.store.pending(TARGET, self.batch_size)
        if not entries:
            return None
        with self.store.transaction(origin=TARGET):
            next_mid = int(self._get("next_mutation_id", 1))
            mutations: list[dict[str, Any]] = []
            sent: list[OutboxEntry] = []
            skipped: list[OutboxEntry] = []
            for entry in entries:
                try:
                    mutation = self._mutation_for(entry)
                except (ValidationError, InvalidInput) as exc:
                    self._remember_rejection(report, entry.entity, entry.entity_id, str(exc))
                    mutation = None
                if mutation is None:
                    skipped.append(entry)
                    continue
                mutation.mutation_id = next_mid
                next_mid += 1
                mutations.append(mutation.model_dump(mode="json"))
                sent.append(entry)
            self.store.acknowledge(TARGET, skipped)
            inflight = {
                "device_id": (self._get("device") or {}).get("device_id"),
                "mutations": mutations,
                "entries": [_entry_json(e) for e in sent],
            }
            self._set("next_mutation_id", next_mid)
            self._set("inflight", inflight)
        return inflight

    def _mutation_for(self, entry: OutboxEntry) -> Mutation | None:
        kind = KINDS.get(entry.entity)
        if kind is None:
            return None
        current = kind.read(self.store, entry.entity_id)
        if current is None:
            return None
        base = self.store.get_base(TARGET, entry.entity, entry.entity_id)
        values, versions, row = _split(base)
        common: dict[str, Any] = {
            "kind": entry.entity,
            "id": entry.entity_id,
            "base_version": row if base is not None else None,
            "field_versions": versions if base is not None else None,
        }
        if current.get(DELETED):
            if base is None and self._in_google(entry):
                # The service never had it but Google has (this device imported it as the
                # lease holder and deleted it before pushing the import): the delete goes
                # with the event, so the service keeps a tombstone the holder deletes from.
                data = {k: v for k, v in current.items() if k != DELETED}
                return Mutation(op="delete", data=data, **common)
            if base is None or values.get(DELETED):
                return None  # the service never had it, or has the deletion already
            return Mutation(op="delete", **common)
        data = {k: v for k, v in current.items() if k != DELETED}
        if base is None or values.get(DELETED) or entry.entity == "chat_turn":
            return Mutation(
                op="upsert", data=data, changed=None, **common, **self._google_copy(entry, data)
            )
        changed = [
            k
            for k, v in data.items()
            if k not in LOCAL_ONLY and k != "id" and values.get(k, _MISSING) != v
        ]
        if not changed:
            return None
        return Mutation(
            op="upsert", data=data, changed=changed, **common, **self._google_copy(entry, data)
        )

    def _in_google(self, entry: OutboxEntry) -> bool:
        """The event is in Google as this device last knew it (a live Google base)."""
        if entry.entity != "event":
            return False
        gbase = self.store.get_base(GOOGLE_TARGET, "event", entry.entity_id)
        return gbase is not None and not gbase.data.get(DELETED)

    def _google_copy(self, entry: OutboxEntry, data: dict[str, Any]) -> dict[str, Any]:
        """``google_updated`` when the event is exactly Google's copy as this device last
        had it (its Google base): then what the service gets is Google's own state at that
        version, and the service orders it against other copies by Google's clock (an old
        lease holder's late import never beats or conflicts with a newer one)."""
        if entry.entity != "event":
            return {}
        gbase = self.store.get_base(GOOGLE_TARGET, "event", entry.entity_id)
        if gbase is None or gbase.data.get(DELETED):
            return {}
        mark = gbase.data.get(UPDATED_KEY)
        if not isinstance(mark, int):
            return {}
        if any(gbase.data.get(f, _MISSING) != data.get(f, _MISSING) for f in COPIED_FIELDS):
            # An edit of this device's own, made on that Google copy: say which, so the
            # service knows a later copy of that version (from another device) is stale.
            values = {f: gbase.data[f] for f in COPIED_FIELDS if f in gbase.data and f in data}
            return {"google_based_on": {"u": mark, "v": values}}
        return {"google_updated": mark}

    def _send(self, inflight: dict[str, Any]) -> PushResponse:
        device_id = str((self._get("device") or {}).get("device_id"))
        try:
            mutations = [Mutation.model_validate(m) for m in inflight["mutations"]]
        except ValidationError as exc:  # e.g. a batch stored by an older version
            raise RequestRefused(f"a queued change cannot be sent: {exc}") from exc
        try:
            return self.client.push(PushRequest(device_id=device_id, mutations=mutations))
        except MutationOrderError as exc:
            # The service expects other ids (e.g. this store was restored from a backup):
            # number the batch from there and send it once more.
            with self.store.transaction(origin=TARGET):
                for offset, mutation in enumerate(mutations):
                    mutation.mutation_id = exc.expected + offset
                inflight["mutations"] = [m.model_dump(mode="json") for m in mutations]
                self._set("inflight", inflight)
                self._set("next_mutation_id", exc.expected + len(mutations))
            return self.client.push(PushRequest(device_id=device_id, mutations=mutations))

    def _apply_push(
        self, inflight: dict[str, Any], response: PushResponse, report: SyncReport
    ) -> None:
        mutations = [Mutation.model_validate(m) for m in inflight["mutations"]]
        by_id = {r.mutation_id: r for r in response.results}
        with self._page():
            for mutation in mutations:
                result = by_id.get(mutation.mutation_id or -1)
                if result is None:
                    continue
                report.pushed += 1
                if result.status == "rejected":
                    report.rejected += 1
                    self._remember_rejection(
                        report, mutation.kind, mutation.id, result.error or "rejected"
                    )
                    continue
                if result.status == "conflict":
                    report.conflicts += 1
                else:
                    report.applied += 1
                if result.field_versions:
                    self._record_pushed(mutation, result.field_versions)
            self.store.acknowledge(TARGET, [_entry(e) for e in inflight["entries"]])
            self._set("inflight", None)

    def _record_pushed(self, mutation: Mutation, settled: dict[str, int]) -> None:
        base = self.store.get_base(TARGET, mutation.kind, mutation.id)
        values, versions, row = _split(base)
        for name, version in settled.items():
            if name == DELETED:
                values[DELETED] = mutation.op == "delete"
            elif name in mutation.data:
                values[name] = mutation.data[name]
            else:
                continue
            versions[name] = int(version)
        self._set_base(mutation.kind, mutation.id, values, versions, row)

    def _remember_rejection(
        self, report: SyncReport, kind: str, entity_id: str, error: str
    ) -> None:
        item = {"kind": kind, "id": entity_id, "error": error[:300], "at": utc_now().isoformat()}
        report.rejections.append(item)
        log.warning("service rejected a change", extra={"kind": kind, "entity_id": entity_id})
        recent = list(self._get("rejected", []))[-49:]
        self._set("rejected", [*recent, item])

    # -- pull ----------------------------------------------------------------------------

    def _pull_all(self, report: SyncReport) -> None:
        resync = bool(self._get("resync"))
        cursor = 0 if resync else int(self._get("cursor", 0))
        seen: set[tuple[str, str]] = set()
        while True:
            try:
                page = self.client.pull(cursor, self.page_size)
            except ResyncNeeded:
                if resync and cursor == 0:
                    raise
                log.info("sync cursor too old; resyncing from a snapshot")
                self._set("resync", True)
                resync, cursor, seen = True, 0, set()
                report.resynced = True
                continue
            pending = {(e.entity, e.entity_id) for e in self.store.pending(TARGET, 1_000_000)}
            with self._page():
                events = EventPage(self.store, [c.id for c in page.changes if c.kind == "event"])
                kinds = {**KINDS, "event": Kind("event", events.read, events.write)}
                for change in sorted(page.changes, key=_calendars_first):
                    self._apply_change(change, pending, kinds)
                    seen.add((change.kind, change.id))
                events.flush()
                report.pulled += len(page.changes)
                self._set("cursor", page.cursor)
                if resync and not page.has_more:
                    self._drop_unseen(seen, pending)
                    self._set("resync", None)
            cursor = report.cursor = page.cursor
            if not page.has_more:
                return

    def _apply_change(
        self, change: Change, pending: set[tuple[str, str]], kinds: dict[str, Kind]
    ) -> None:
        kind = kinds.get(change.kind)
        if kind is None:
            return
        incoming: Portable = {**change.data, DELETED: change.deleted}
        incoming_versions = {k: int(v) for k, v in change.field_versions.items()}
        local = kind.read(self.store, change.id)
        if local is None or (change.kind, change.id) not in pending:
            if local is None or _differs(local, incoming):
                kind.write(self.store, incoming)
            self._set_base(change.kind, change.id, incoming, incoming_versions, change.version)
            return
        base = self.store.get_base(TARGET, change.kind, change.id)
        values, versions, row = _split(base)
        mine = {
            f
            for f, v in local.items()
            if f not in LOCAL_ONLY and f != "id" and values.get(f, _MISSING) != v
        }
        for group in FIELD_GROUPS.get(change.kind, ()):
            if not group.isdisjoint(mine):
                mine |= group.intersection(local)
        if DELETED in mine or (change.deleted and mine):
            return  # a pending delete, or edits of what was deleted: the push settles it
        merged = dict(incoming)
        new_values = dict(incoming)
        new_versions = dict(incoming_versions)
        for name in mine:
            if local[name] == incoming.get(name, _MISSING):
                continue  # both sides agree: settled
            merged[name] = local[name]
            if name in values:
                new_values[name] = values[name]
            else:
                new_values.pop(name, None)
            new_versions[name] = versions.get(name, row)
        try:
            kind.write(self.store, merged)
        except InvalidInput:
            log.warning("incoming change does not fit the local edit; keeping the local copy")
            return
        self._set_base(change.kind, change.id, new_values, new_versions, change.version)

    def _drop_unseen(self, seen: set[tuple[str, str]], pending: set[tuple[str, str]]) -> None:
        for kind_name in ("event", "calendar"):
            kind = KINDS[kind_name]
            for base in self.store.bases(TARGET, kind_name):
                key = (kind_name, base.entity_id)
                if key in seen or key in pending:
                    continue
                local = kind.read(self.store, base.entity_id)
                if local is not None and not local.get(DELETED):
                    kind.write(self.store, {**local, DELETED: True})
                self.store.delete_base(TARGET, kind_name, base.entity_id)

    # -- status ----------------------------------------------------------------------------

    def _save_status(self, report: SyncReport, error: str | None) -> None:
        try:
            self._set(
                "status",
                {
                    "server": self.client.server,
                    "at": utc_now().isoformat(),
                    "ok": error is None,
                    "error": error,
                    "pending": self.store.outbox_size(TARGET),
                    "conflicts": len(self.store.conflicts()),
                    "report": report.as_dict(),
                },
            )
        except Exception:  # status is a convenience; never mask the real outcome
            log.exception("could not save the sync status")


def _differs(local: Portable, incoming: Portable) -> bool:
    """Whether writing ``incoming`` would change anything but local bookkeeping."""
    keys = (set(local) | set(incoming)) - LOCAL_ONLY
    return any(local.get(k, _MISSING) != incoming.get(k, _MISSING) for k in keys)


def _calendars_first(change: Change) -> tuple[int, int]:
    return (0 if change.kind == "calendar" else 1, change.version)


def installation_id(store: Store) -> str:
    """A random id for this local store, sent when logging in (one store, one device)."""
    value = store.get_state(KEY + "installation")
    if not value:
        value = str(uuid.uuid4())
        store.set_state(KEY + "installation", value)
    return str(value)


def status(store: Store) -> dict[str, Any] | None:
    """The last round's outcome (for the window's status line and ``iljeong sync``)."""
    value = store.get_state(KEY + "status")
    return dict(value) if isinstance(value, dict) else None
