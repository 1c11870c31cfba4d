"""The whole sync system as a hypothesis state machine (vdirsyncer's SyncMachine, scaled up):
three devices, the sync service (a subprocess on PostgreSQL) and Google (the emulator).

Rules: creates, edits (title, location) and moves (start) on any device and in Google;
deletes on either side; device↔service and holder↔Google rounds in any order; offline
periods; push answers lost after commit; SIGKILL of a device's sync (subprocess) and of
the server mid-round; tombstone purges (410 for lagging devices) and invalidated Google
sync tokens (410); Google error rates (403/429/5xx, dropped connections after a write was
applied); the service's 429; a schema bump (426 until the device upgrades); lease
hand-overs; the user settling a conflict (keep local / keep remote, sometimes undone at
once). ``quiesce`` (and the end of every run) syncs until nothing moves and checks the
invariants of ``World.check``.

Profiles (env ILJEONG_MODEL_PROFILE): ``small`` (the default, in ``make test``: a fixed
seed, a few short runs) and ``soak`` (``make soak`` runs ``tests/model/soak.py``).
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import HealthCheck, Phase, seed, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from core.service.app import purge_expired
from core.sync.errors import LeaseHeld, SyncError, SyncUnavailable
from tests.model.world import (
    EXPECTED_ERRORS,
    RATE_LIMIT,
    Device,
    Infra,
    Stats,
    Violation,
    World,
    event_row,
    in_thread,
    key_of,
    model_value,
    start_at,
)

SMALL_SEED = 20261201
PROFILES: dict[str, settings] = {
    # Hypothesis tries the simplest example (one rule over and over) first: the others
    # are the random ones.
    "small": settings(
        max_examples=3,
        stateful_step_count=20,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    ),
    "soak": settings(
        max_examples=4,
        stateful_step_count=60,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    ),
}

devices = st.integers(0, 2)
picks = st.integers(0, 10_000)
fields = st.sampled_from(["title", "location", "start"])


class ModelSync(RuleBasedStateMachine):
    infra: ClassVar[Infra]
    stats: ClassVar[Stats] = Stats()

    @initialize()
    def start(self) -> None:
        folder = Path(tempfile.mkdtemp(prefix="world-", dir=self.infra.root))
        self.world = World(self.infra, folder, self.stats)

    def teardown(self) -> None:
        world = getattr(self, "world", None)
        if world is None:
            return
        try:
            world.quiesce()
            world.check()
        finally:
            world.close()

    # -- helpers ------------------------------------------------------------------------------

    def device(self, i: int) -> Device:
        self.stats.steps += 1
        return self.world.devices[i]

    def attempt(self, action: Any, *, fault: str | None = None) -> None:
        """Run a sync step; the errors a real round may end with are outcomes, not bugs."""
        try:
            action()
        except LeaseHeld:
            pass
        except EXPECTED_ERRORS as exc:
            self.stats.kinds[f"error:{type(exc).__name__}"] += 1

    # -- changes on devices ------------------------------------------------------------------

    @rule(i=devices)
    def create_on_device(self, i: int) -> None:
        device, world = self.device(i), self.world
        key, serial = world.new_key(), world.next_serial()
        from core.model import Event

        ev = device.store.add_event(
            Event.timed(
                f"{key} t{serial}",
                start_at(serial),
                calendar_id=device.store.default_calendar().id,
                location=f"L{serial}",
            )
        )
        world.oracle.create(key, (ev.title, ev.location, int(ev.start.timestamp())), device.name)

    @rule(i=devices, name=fields, n=picks)
    def edit_on_device(self, i: int, name: str, n: int) -> None:
        device, world = self.device(i), self.world
        live = device.live()
        if not live:
            return
        ev = live[n % len(live)]
        key, serial = key_of(ev.title), world.next_serial()
        prev = model_value(ev, name)
        if name == "title":
            changed = ev.evolve(title=f"{key} t{serial}")
        elif name == "location":
            changed = ev.evolve(location=f"L{serial}")
        else:
            changed = ev.moved_to(start_at(serial))
        device.store.update_event(changed)
        world.oracle.edit(key, name, model_value(changed, name), prev, device.name)

    @rule(i=devices, j=st.integers(0, 3), name=fields, n=picks)
    def concurrent_edits(self, i: int, j: int, name: str, n: int) -> None:
        """The same field of one event edited on two replicas (j = 3: Google) without a
        sync between: a fork that must end in one conflict record."""
        live = self.device(i).live()
        if not live:
            return
        key = key_of(live[n % len(live)].title)
        self.edit_key(i, key, name)
        if j == 3:
            items = self.google_items()
            keys = [key_of(item["summary"]) for item in items]
            if key in keys:
                self.edit_in_google(name, keys.index(key))
        elif j != i:
            self.edit_key(j, key, name)

    def edit_key(self, i: int, key: str, name: str) -> None:
        live = self.world.devices[i].live()
        keys = [key_of(ev.title) for ev in live]
        if key in keys:
            self.edit_on_device(i, name, keys.index(key))

    @rule(i=devices, n=picks)
    def delete_on_device(self, i: int, n: int) -> None:
        device, world = self.device(i), self.world
        live = device.live()
        if not live:
            return
        ev = live[n % len(live)]
        held_seen = world.held_google_seen(device, ev)
        device.store.delete_event(ev.id)
        row = (ev.title, ev.location or "", int(ev.start.timestamp()))
        world.oracle.delete(key_of(ev.title), row, device.name, held_seen)

    # -- changes in Google (another Google client) -----------------------------------------------

    def google_items(self) -> list[dict[str, Any]]:
        items = self.world.fake.events(self.world.email)
        return sorted(
            (i for i in items if not i.get("recurringEventId")), key=lambda i: i["summary"]
        )

    @rule()
    def create_in_google(self) -> None:
        self.stats.steps += 1
        world = self.world
        key, serial = world.new_key(), world.next_serial()
        start = start_at(serial)
        body = {
            "summary": f"{key} t{serial}",
            "location": f"L{serial}",
            "start": {"dateTime": start.isoformat(), "timeZone": "Asia/Seoul"},
            "end": {"dateTime": (start + (start_at(12) - start_at(0))).isoformat()},
        }
        body["end"]["timeZone"] = "Asia/Seoul"
        world.fake.insert_event(world.email, body)
        world.oracle.create(key, (body["summary"], body["location"], int(start.timestamp())), "g")

    @rule(name=fields, n=picks)
    def edit_in_google(self, name: str, n: int) -> None:
        self.stats.steps += 1
        world, items = self.world, self.google_items()
        if not items:
            return
        item = items[n % len(items)]
        key, serial = key_of(item["summary"]), world.next_serial()
        from datetime import datetime

        start = datetime.fromisoformat(item["start"]["dateTime"])
        end = datetime.fromisoformat(item["end"]["dateTime"])
        prev = {
            "title": item["summary"],
            "location": item.get("location") or "",
            "start": int(start.timestamp()),
        }[name]
        if name == "title":
            patch: dict[str, Any] = {"summary": f"{key} t{serial}"}
            value: Any = patch["summary"]
        elif name == "location":
            patch = {"location": f"L{serial}"}
            value = patch["location"]
        else:
            new = start_at(serial)
            patch = {
                "start": {"dateTime": new.isoformat(), "timeZone": "Asia/Seoul"},
                "end": {"dateTime": (new + (end - start)).isoformat(), "timeZone": "Asia/Seoul"},
            }
            value = int(new.timestamp())
        world.fake.patch_event(world.email, item["id"], patch)
        world.oracle.edit(key, name, value, prev, "g")

    @rule(n=picks)
    def delete_in_google(self, n: int) -> None:
        self.stats.steps += 1
        world, items = self.world, self.google_items()
        if not items:
            return
        item = items[n % len(items)]
        from datetime import datetime

        start = datetime.fromisoformat(item["start"]["dateTime"])
        world.fake.delete_event(world.email, item["id"])
        row = (item["summary"], item.get("location") or "", int(start.timestamp()))
        world.oracle.delete(key_of(item["summary"]), row, "g")

    # -- sync steps ------------------------------------------------------------------------

    @rule(i=devices)
    def sync(self, i: int) -> None:
        device = self.device(i)
        self.attempt(device.sync)

    @rule(i=devices)
    def sync_answer_lost(self, i: int) -> None:
        device = self.device(i)
        device.transport.drop = 1
        self.attempt(device.sync)
        if device.transport.drop == 0:
            self.stats.fault("lost-answer")
        device.transport.drop = 0

    @rule(i=devices)
    def push_again(self, i: int) -> None:
        """The same round twice in a row (a repeated push)."""
        device = self.device(i)
        self.attempt(device.sync)
        self.attempt(device.sync)

    @rule(i=devices, faulty=st.booleans())
    def google_sync(self, i: int, faulty: bool) -> None:
        device, world = self.device(i), self.world
        if faulty:
            world.fake.faults = world.fake.faults.__class__(
                error_rate=0.25,
                statuses=(403, 429, "userRateLimitExceeded", 500, 503),
                drop_rate=0.1,
            )
            self.stats.fault("google-errors")
        try:
            self.attempt(device.google_sync)
        finally:
            from tests.fakes.google_calendar import Faults

            world.fake.faults = Faults()

    @rule()
    def release_lease(self) -> None:
        self.stats.steps += 1
        holder = self.world.holder
        if holder is not None:
            holder.release()

    @rule(i=devices)
    def go_offline_or_online(self, i: int) -> None:
        device = self.device(i)
        device.transport.offline = not device.transport.offline
        if device.transport.offline:
            self.stats.fault("offline")

    # -- crashes -------------------------------------------------------------------------

    @rule(kind=st.sampled_from(["device", "google", "server"]), i=devices, delay=st.floats(0, 1))
    def crash(self, kind: str, i: int, delay: float) -> None:
        """SIGKILL in the middle of a sync (one rule for all three: they are slow)."""
        if kind == "device":
            self.kill_device_sync(i, 0.6 + 1.9 * delay)
        elif kind == "google" and self.world.holder is not None:
            self.kill_google_sync(0.6 + 2.4 * delay)
        elif kind == "server":
            self.kill_server_mid_sync(i, 0.3 * delay)

    @rule(kind=st.sampled_from(["purge", "google-410", "google-purge", "429", "schema"]), i=devices)
    def server_event(self, kind: str, i: int) -> None:
        """Something happens to a server (one rule for all: most are slow)."""
        if kind == "purge":
            self.purge_tombstones()
        elif kind in ("google-410", "google-purge"):
            self.google_token_expired(kind == "google-purge")
        elif kind == "429":
            self.rate_limited(i)
        else:
            self.schema_bump()

    def kill_device_sync(self, i: int, delay: float) -> None:
        device = self.device(i)
        args = ["sync", "--server", self.infra.server.url, "--token", device.token, "--json"]
        if device.killed_run(args, delay):
            self.stats.fault("kill-device")

    def kill_google_sync(self, delay: float) -> None:
        self.stats.steps += 1
        holder = self.world.holder
        assert holder is not None
        if holder.killed_run(["google", "sync"], delay):
            self.stats.fault("kill-google-sync")

    def kill_server_mid_sync(self, i: int, delay: float) -> None:
        device = self.device(i)
        thread, errors = in_thread(device.sync)
        time.sleep(delay)
        self.infra.server.kill()
        thread.join(timeout=60)
        assert not thread.is_alive(), "a sync hung after the server died"
        unexpected = [e for e in errors if not isinstance(e, SyncError)]
        assert not unexpected, unexpected
        self.stats.fault("kill-server")
        self.infra.server.start()

    # -- server-side events ----------------------------------------------------------------

    def purge_tombstones(self) -> None:
        self.stats.steps += 1
        purge_expired(self.infra.db, 0)
        self.stats.fault("purge")

    def google_token_expired(self, purge: bool) -> None:
        self.stats.steps += 1
        fake, email = self.world.fake, self.world.email
        if purge:
            fake.purge_tombstones(email)
        else:
            fake.invalidate_sync_tokens(email)
        self.stats.fault("google-410")

    def rate_limited(self, i: int) -> None:
        """Spend the device's request budget, then sync (429 somewhere in the round)."""
        device = self.device(i)
        if device.transport.offline or device.schema != self.infra.server.schema:
            return
        try:
            for _ in range(RATE_LIMIT + 20):
                device.client.me()
        except SyncUnavailable:
            self.stats.fault("rate-limit")
        except SyncError:
            return
        time.sleep(random.Random(self.world.serial).uniform(0.0, 0.8))
        self.attempt(device.sync)

    def schema_bump(self) -> None:
        """A new server version speaks another schema: old devices get 426 until updated."""
        self.stats.steps += 1
        server = self.infra.server
        server.stop()
        server.schema += 1
        server.start()
        self.stats.fault("schema-bump")

    @rule(i=devices)
    def upgrade_device(self, i: int) -> None:
        device = self.device(i)
        device.schema = device.transport.schema = self.infra.server.schema

    # -- the user settles conflicts ------------------------------------------------------

    @rule(i=devices, n=picks, keep=st.sampled_from(["local", "remote"]), undo=st.booleans())
    def resolve_conflict(self, i: int, n: int, keep: str, undo: bool) -> None:
        """At a quiescent point (so the oracle knows what the resolution overwrites), a
        user settles an open conflict on a device (keep this device's or the other value,
        as ``iljeong conflicts resolve`` and the conflicts dialog do); with ``undo`` the
        user takes it back at once (Edit ▸ Undo): the field and the open record return.
        The next quiescence makes every replica equal on that field."""
        world = self.world
        world.quiesce()
        world.check()
        device = self.device(i)
        found = world.resolvable(device)
        if not found:
            return
        conflict, key, ev = found[n % len(found)]
        before = device.store.get_event(ev.id)
        device.store.resolve_conflict(conflict.id, keep)  # type: ignore[arg-type]
        self.stats.kinds[f"resolve-{keep}"] += 1
        if undo:
            device.store.undo()
            self.stats.kinds["resolve-undone"] += 1
            after = device.store.get_event(ev.id)
            if (
                event_row(after) != event_row(before)
                or device.store.get_conflict(conflict.id).resolved
            ):
                raise Violation(f"undo of a resolution did not restore {key}: {after}")
            return
        world.oracle_resolution(conflict, key, keep, device.name)

    # -- quiescence -----------------------------------------------------------------------

    @rule()
    def quiesce(self) -> None:
        self.stats.steps += 1
        self.world.quiesce()
        self.world.check()

    @invariant()
    def no_duplicates_on_any_device(self) -> None:
        world = getattr(self, "world", None)
        if world is None:
            return
        for device in world.devices:
            for key, rows in world.device_view(device).items():
                if len(rows) > 1:
                    raise Violation(f"duplicate {key} on {device.name}: {rows}")


def profile() -> str:
    return os.environ.get("ILJEONG_MODEL_PROFILE", "small")


@pytest.fixture(scope="module")
def infra(tmp_path_factory: pytest.TempPathFactory) -> Any:
    started = Infra.start(tmp_path_factory.mktemp("model"))
    try:
        yield started
    finally:
        started.stop()


@pytest.mark.slow
def test_model_sync(infra: Infra) -> None:
    ModelSync.infra = infra
    chosen = profile()
    print(f"model profile {chosen}, seed {SMALL_SEED}")
    machine = seed(SMALL_SEED)(type("SeededModelSync", (ModelSync,), {}))
    run_state_machine_as_test(machine, settings=PROFILES[chosen])
