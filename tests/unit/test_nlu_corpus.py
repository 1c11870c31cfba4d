"""The offline engine on the dev corpus (../shared/corpus/nl_dev.jsonl): ≥ 97 % fully right.

Scored with tests/nlu_scoring.py (CONVENTIONS.md "Suggested scoring"). Skipped only when
the corpus directory is missing. The held-out set (tests/data/nl_heldout.jsonl) is
measured by `make bench`, not asserted here: it measures generality.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from core.nlu import parse
from core.nlu.result import ParseResult
from tests.nlu_scoring import (
    corpus_dir,
    load_jsonl,
    parse_now,
    read_point,
    score_case,
    summarise,
)

SEOUL = ZoneInfo("Asia/Seoul")
HELDOUT = Path(__file__).resolve().parents[1] / "data" / "nl_heldout.jsonl"
THRESHOLD = 0.97


def _dev_cases() -> list[dict[str, Any]]:
    folder = corpus_dir()
    if folder is None:
        pytest.skip("corpus dir missing (../shared/corpus or $ILJEONG_CORPUS_DIR)")
    return load_jsonl(folder / "nl_dev.jsonl")


def _run(case: dict[str, Any]) -> ParseResult | Exception:
    try:
        return parse(case["text"], parse_now(case["now"]), SEOUL)
    except Exception as exc:  # noqa: BLE001 - reported per case
        return exc


def _oracle(case: dict[str, Any]) -> ParseResult:
    """The label itself as a ParseResult (checks the labels and the scorer together)."""

    def point(raw: str | None) -> Any:
        return None if raw is None else read_point(raw)

    qr = case["query_range"]
    return ParseResult(
        intent=case["intent"],
        title=case["title"],
        start=point(case["start"]),
        end=point(case["end"]),
        all_day=case["all_day"],
        location=case["location"],
        rrule=case["rrule"],
        query_range=None if qr is None else (point(qr[0]), point(qr[1])),
    )


def test_dev_corpus_fully_right() -> None:
    cases = _dev_cases()
    scores = [score_case(case, _run(case)) for case in cases]
    right = sum(s.fully_right for s in scores)
    failing = [s for s in scores if not s.fully_right]
    lines = [
        f"{s.id} {s.text!r}: " + "; ".join(f"{f} expected {e} got {g}" for f, e, g in s.failures())
        for s in failing
    ]
    rows = summarise(scores)
    table = "\n".join(f"  {name:<28} {tally}" for name, tally in rows.items())
    share = right / len(cases)
    assert share >= THRESHOLD, (
        f"{right}/{len(cases)} fully right (need {THRESHOLD:.0%})\n{table}\nfailing:\n"
        + "\n".join(lines)
    )


@pytest.mark.parametrize("source", ["dev", "heldout"])
def test_labels_score_perfectly_against_themselves(source: str) -> None:
    cases = _dev_cases() if source == "dev" else load_jsonl(HELDOUT)
    for case in cases:
        score = score_case(case, _oracle(case))
        assert score.fully_right, (case["id"], score.failures())
        assert all(c.ok for c in score.checks), (case["id"], score.failures())


def test_heldout_set_is_well_formed() -> None:
    cases = load_jsonl(HELDOUT)
    assert len(cases) >= 100
    assert len({c["id"] for c in cases}) == len(cases)
    folder = corpus_dir()
    if folder is not None:
        dev_texts = {c["text"] for c in load_jsonl(folder / "nl_dev.jsonl")}
        assert not dev_texts & {c["text"] for c in cases}
    for case in cases:
        now = parse_now(case["now"])
        assert now.utcoffset() is not None and isinstance(now, datetime)
        if case["intent"] in ("confirm", "cancel", "other"):
            extraction = [
                case[k] for k in ("title", "start", "end", "location", "rrule", "query_range")
            ]
            assert extraction == [None] * 6 and case["all_day"] is False, case["id"]
