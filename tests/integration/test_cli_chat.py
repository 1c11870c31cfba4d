"""`iljeong chat`: one message per call; the proposal waits in the database between calls."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from core.store.repository import DB_FILENAME
from tests.integration.test_cli import Result, cli, run_subprocess  # noqa: F401

NOW = "2026-11-22T10:00:00+09:00"


def event_rows(data_dir: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(data_dir / DB_FILENAME) as conn:
        return conn.execute(
            "SELECT title, start_ts, source FROM events WHERE deleted = 0"
        ).fetchall()


def chat(data_dir: Path, *words: str, json_out: bool = False) -> Result:
    args = ["--data-dir", str(data_dir), "chat", "--now", NOW, *words]
    if json_out:
        args.append("--json")
    return run_subprocess(*args, env={"ILJEONG_TZ": "Asia/Seoul", "ILJEONG_LLM": "off"})


def test_propose_then_confirm_in_separate_processes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = chat(data, "내일", "오후", "3시", "팀", "미팅")
    assert first.code == 0, first.err
    assert "11월 23일 (월) 오후 3:00–4:00" in first.out
    assert any(line.startswith("    ") and "팀 미팅" in line for line in first.out.splitlines())
    assert event_rows(data) == []

    second = chat(data, "네")
    assert second.code == 0, second.err
    assert "추가했어요" in second.out
    rows = event_rows(data)
    assert len(rows) == 1 and rows[0][0] == "팀 미팅" and rows[0][2] == "chat"

    third = chat(data, "네")
    assert third.code == 0 and "확인할 제안이 없어요" in third.out
    assert len(event_rows(data)) == 1


def test_json_reply(tmp_path: Path) -> None:
    data = tmp_path / "data"
    proposed = chat(data, "team dinner tomorrow at 7pm", json_out=True)
    assert proposed.code == 0, proposed.err
    reply = json.loads(proposed.out)
    assert reply["language"] == "en"
    assert reply["proposal"]["title"] == "team dinner"
    assert reply["proposal"]["start"] == "2026-11-23T19:00:00+09:00"
    assert reply["saved_event_ids"] == [] and reply["path"] == "rules"
    saved = json.loads(chat(data, "yes", json_out=True).out)
    assert len(saved["saved_event_ids"]) == 1 and saved["proposal"] is None
    listed = json.loads(chat(data, "what's", "on", "tomorrow?", json_out=True).out)
    assert [e["title"] for e in listed["events"]] == ["team dinner"]
    assert listed["deleted_event_ids"] == []


def test_in_process_chat_and_errors(cli: Any, data_dir: Path) -> None:  # noqa: F811
    result = cli("chat", "--now", NOW, "--tz", "Asia/Seoul", "내일", "팀", "미팅")
    assert result.code == 0 and "몇 시" in result.out
    assert cli("chat", "3시", "--now", NOW).code == 0
    done = cli("chat", "네", "--now", NOW, "--data-dir", str(data_dir))
    assert done.code == 0 and "오후 3:00" in done.out
    listed = cli("--data-dir", str(data_dir), "chat", "--now", NOW, "--json", "내일", "일정")
    assert [e["title"] for e in json.loads(listed.out)["events"]] == ["팀 미팅"]
    bad_now = cli("chat", "--now", "yesterday", "네")
    assert bad_now.code == 1 and bad_now.err.startswith("iljeong: error: invalid --now")
    bad_zone = cli("chat", "--tz", "Mars/Olympus", "네")
    assert bad_zone.code == 1 and "unknown time zone" in bad_zone.err
    assert cli("chat").code == 2  # a message is required


@pytest.mark.parametrize("message", ["", "🎉", "\x01\x02"])
def test_odd_messages_are_answered(cli: Any, message: str) -> None:  # noqa: F811
    result = cli("chat", "--now", NOW, message)
    assert result.code == 0 and result.out.strip()
