"""`iljeong undo` / `iljeong redo`: the store's history, headless (in-process and as a
subprocess against the same data dir)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from core.cli import main
from core.model import Event
from core.store import Store

ROOT = Path(__file__).resolve().parents[2]
RUN_CLI = "import sys; from core.cli import main; sys.exit(main(sys.argv[1:]))"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def titles(data_dir: Path) -> list[str]:
    with Store.open(data_dir) as store:
        return sorted(e.title for e in store.all_events())


def test_undo_and_redo_from_the_command_line(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "undo")
    assert (code, out, err.strip()) == (1, "", "iljeong: error: nothing to undo")
    run(capsys, "events", "add", "--title", "검진", "--start", "2026-11-24T07:40")
    assert titles(data_dir) == ["검진"]
    code, out, _ = run(capsys, "undo")
    assert code == 0 and out.splitlines()[0] == "undone: add “검진”"
    assert "removed" in out.splitlines()[1] and titles(data_dir) == []
    code, out, _ = run(capsys, "redo")
    assert code == 0 and out.startswith("redone: add “검진”") and titles(data_dir) == ["검진"]
    assert run(capsys, "redo")[2].strip() == "iljeong: error: nothing to redo"


def test_a_subprocess_undoes_what_an_open_store_did(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        at = datetime(2026, 11, 30, 14, tzinfo=ZoneInfo("Asia/Seoul"))
        ev = store.add_event(Event.timed("팀 회의", at, calendar_id=store.default_calendar().id))
        store.update_event(ev.evolve(title="팀 회식"))
        proc = subprocess.run(
            [sys.executable, "-c", RUN_CLI, "undo", "--data-dir", str(data_dir)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=ROOT,
            env=dict(os.environ),
            timeout=60,
        )
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.startswith("undone: edit “팀 회식”")
        assert store.poll_external_changes()
        assert store.get_event(ev.id).title == "팀 회의"
        assert store.redo_label() is not None
