"""`make soak`: the model test's long profile, run for SOAK_MINUTES (default 10).

Each run is one hypothesis example of ``ModelSync`` (up to 60 steps) with a fresh random
seed, on one shared database, server and emulator. A failure (an invariant violated, or an
unexpected error) is recorded with its seed and the steps hypothesis printed, in
``soak-violations.log`` (or SOAK_LOG), and the soak goes on. The last line printed is
exactly ``steps: N, faults: M, violations: V``; the exit status is 1 when V > 0.

Reproduce a recorded failure with ``SOAK_SEED=<seed> SOAK_MINUTES=0 make soak`` (one run).
"""

from __future__ import annotations

import os
import random
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

from hypothesis import seed
from hypothesis.stateful import run_state_machine_as_test

from tests.model.test_model_sync import PROFILES, ModelSync
from tests.model.world import Infra


def _one_run(run_seed: int) -> str | None:
    """One example; None when it passed, else the failure with its steps."""
    machine = seed(run_seed)(type("SoakModelSync", (ModelSync,), {}))
    try:
        run_state_machine_as_test(machine, settings=PROFILES["soak"])
    except Exception as exc:  # noqa: BLE001 - every failure is recorded, the soak goes on
        text = "".join(traceback.format_exception_only(exc))
        notes = "\n".join(n for n in getattr(exc, "__notes__", []) if n not in text)
        steps = [line for line in (text + notes).splitlines() if "no_duplicates_" not in line]
        return "\n".join(steps)
    return None


def main() -> int:
    minutes = float(os.environ.get("SOAK_MINUTES", "10"))
    fixed = os.environ.get("SOAK_SEED")
    log_path = Path(os.environ.get("SOAK_LOG", "soak-violations.log"))
    os.environ.setdefault("ILJEONG_TZ", "Asia/Seoul")
    os.environ.setdefault("ILJEONG_LOG_DIR", tempfile.mkdtemp(prefix="iljeong-soak-logs-"))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # still stop the server, drop the db
    root = Path(tempfile.mkdtemp(prefix="iljeong-soak-"))
    infra = Infra.start(root)
    ModelSync.infra = infra
    stats = ModelSync.stats
    violations = runs = 0
    started = time.monotonic()
    deadline = started + minutes * 60
    try:
        while True:
            run_seed = int(fixed) if fixed else random.SystemRandom().randrange(2**32)
            runs += 1
            failure = _one_run(run_seed)
            if failure is not None:
                violations += 1
                record = f"--- seed {run_seed} (SOAK_SEED={run_seed})\n{failure}\n"
                with log_path.open("a", encoding="utf-8") as log:
                    log.write(record)
                print(record, flush=True)
            elapsed = (time.monotonic() - started) / 60
            print(
                f"run {runs} seed {run_seed}: {'VIOLATION' if failure else 'ok'}; "
                f"{stats.steps} steps, {stats.faults} faults in {elapsed:.1f} min",
                flush=True,
            )
            if fixed or time.monotonic() >= deadline:
                break
    finally:
        infra.stop()
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(stats.kinds.items()))
    print(f"runs: {runs}; by kind: {kinds}")
    print(f"steps: {stats.steps}, faults: {stats.faults}, violations: {violations}")
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
