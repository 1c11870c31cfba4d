"""`iljeong parse`: the understanding of a message as corpus JSON, without a database."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.integration.test_cli import ROOT, RUN_CLI, cli, run_subprocess  # noqa: F401

NOW = "2026-11-22T10:00:00+09:00"
FIELDS = {"intent", "title", "start", "end", "all_day", "location", "rrule", "query_range"}


def test_parse_prints_the_corpus_fields(cli: Any, data_dir: Path) -> None:  # noqa: F811
    result = cli("parse", "--now", NOW, "내일", "오후", "3시", "강남역에서", "팀", "미팅")
    assert result.code == 0, result.err
    out = json.loads(result.out)
    assert set(out) == FIELDS
    assert out["intent"] == "create"
    assert out["start"] == "2026-11-23T15:00:00+09:00"
    assert out["location"] == "강남역"
    assert "팀 미팅" in result.out  # ensure_ascii=False
    assert not data_dir.exists()  # parse never opens the database


def test_parse_zone_and_default_now(cli: Any) -> None:  # noqa: F811
    out = json.loads(
        cli(
            "parse", "--now", "2026-11-22T10:00", "--tz", "America/New_York", "tomorrow 3pm lunch"
        ).out
    )
    assert out["start"] == "2026-11-23T15:00:00-05:00"
    assert json.loads(cli("parse", "네").out)["intent"] == "confirm"
    assert json.loads(cli("parse").out)["intent"] == "other"


def test_parse_jsonl_keeps_order_and_reports_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": "내일 오후 3시 팀 미팅", "now": NOW}, ensure_ascii=False),
        "not json",
        json.dumps({"now": NOW}),
        "",
        json.dumps(
            {"text": "내일 뭐 있어?", "now": "2026-11-23T08:30:00+09:00"}, ensure_ascii=False
        ),
        json.dumps({"text": "네", "now": "soon"}, ensure_ascii=False),
        json.dumps({"text": "yes"}),
    ]
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            RUN_CLI,
            "--data-dir",
            str(tmp_path / "d"),
            "parse",
            "--jsonl",
            "--now",
            NOW,
        ],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(out) == 6
    assert out[0]["start"] == "2026-11-23T15:00:00+09:00"
    assert "error" in out[1] and "error" in out[2] and "error" in out[4]
    assert out[3]["query_range"] == ["2026-11-24T00:00:00+09:00", "2026-11-25T00:00:00+09:00"]
    assert out[5]["intent"] == "confirm"
    assert not (tmp_path / "d").exists()


def test_parse_as_a_subprocess() -> None:
    result = run_subprocess("parse", "--now", NOW, "Cancel my dentist appointment tomorrow")
    assert result.code == 0, result.err
    out = json.loads(result.out)
    assert out["intent"] == "delete" and out["title"] == "dentist appointment"
