"""Image figures (run: python tests/bench/bench_images.py).

- ../shared/corpus/images (truth.jsonl, or $ILJEONG_CORPUS_DIR/images): exact start, end,
  title-contains and location-contains accuracy of the tesseract pipeline; median / p90
  time per image (fresh cache, so every image is really read).
- The reference: plain `tesseract IMAGE - -l kor+eng` on the same images: its time and
  the share of true dates its text contains at all (any usual spelling of the date),
  beside the same share for our preprocessed text.
- Held-out layouts drawn here (tests/image_factory.py: messenger light/dark, mail card,
  schedule lists, notices), with truth computed from the drawn values.

Prints figures; never fails on one image (each is caught on its own).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("ILJEONG_TZ", "Asia/Seoul")
REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from core.settings import Settings  # noqa: E402
from core.vision.pipeline import ImageReader  # noqa: E402
from tests import image_factory as draw  # noqa: E402
from tests.nlu_scoring import corpus_dir  # noqa: E402

SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2026, 11, 22, 10, tzinfo=SEOUL)
MONTHS = "January February March April May June July August September October November December"


def date_spellings(day: date) -> list[str]:
    m, d = day.month, day.day
    return [
        f"{m}월 {d}일",
        f"{m}월{d}일",
        f"{day.year}.{m:02d}.{d:02d}",
        f"{day.year}-{m:02d}-{d:02d}",
        f"{MONTHS.split()[m - 1]} {d},",
        f"{m:02d}/{d:02d}",
    ]


def contains_date(text: str, iso: str) -> bool:
    day = date.fromisoformat(iso[:10])
    flat = " ".join(text.split())
    return any(s in flat for s in date_spellings(day))


def plain_tesseract(path: Path) -> tuple[str, float]:
    began = time.perf_counter()
    out = subprocess.run(
        ["tesseract", str(path), "-", "-l", "kor+eng"],
        capture_output=True,
        text=True,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        check=False,
    ).stdout
    return out, (time.perf_counter() - began) * 1000


def pct(n: int, total: int) -> str:
    return f"{n}/{total} ({100 * n / max(total, 1):.0f}%)"


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))]


Reading = tuple[dict[str, object], str, float]  # first event, OCR text, ms


def score(
    rows: list[dict[str, object]], read: Callable[[dict[str, object]], Reading]
) -> dict[str, object]:
    hits = {"start": 0, "end": 0, "title": 0, "location": 0, "date in text": 0}
    times: list[float] = []
    misses: list[str] = []
    for row in rows:
        try:
            event, text, ms = read(row)
        except Exception as exc:  # noqa: BLE001 - one bad image must not stop the figures
            misses.append(f"{row['file']}: error {exc}")
            continue
        times.append(ms)
        ok = {
            "start": event.get("start") == row["start"],
            "end": event.get("end") == row["end"],
            "title": str(row["title_contains"]).lower() in str(event.get("title") or "").lower(),
            "location": str(row["location_contains"]).lower()
            in str(event.get("location") or "").lower(),
            "date in text": contains_date(text, str(row["start"])),
        }
        for key, good in ok.items():
            hits[key] += good
        if not all(ok.values()):
            bad = ", ".join(k for k, v in ok.items() if not v)
            misses.append(
                f"{row['file']}: {bad} (got {event.get('title')!r} {event.get('start')} @ {event.get('location')!r})"
            )
    return {"hits": hits, "times": times, "misses": misses, "n": len(rows)}


def report(name: str, result: dict[str, object], *, only_text: bool = False) -> None:
    n = int(result["n"])  # type: ignore[call-overload]
    times = result["times"]  # type: ignore[assignment]
    print(f"\n## {name} ({n} images)")
    for key, value in result["hits"].items():  # type: ignore[attr-defined]
        if not only_text or key == "date in text":
            print(f"  {key:<13} {pct(value, n)}")
    if times:
        print(f"  time/image    median {statistics.median(times):.0f} ms, p90 {p90(times):.0f} ms")  # type: ignore[arg-type]
    for line in [] if only_text else result["misses"]:  # type: ignore[attr-defined]
        print(f"  miss: {line}")


def heldout() -> list[tuple[str, object, dict[str, object]]]:
    """Layouts not in the corpus, truth from the drawn values (now = 2026-11-22 10:00)."""

    def truth(start: str, end: str | None, title: str, place: str) -> dict[str, object]:
        return {"start": start, "end": end, "title_contains": title, "location_contains": place}

    return [
        (
            "chat-light",
            draw.chat(
                [
                    ("left", "내일 얘기한 거 공지요"),
                    (
                        "right",
                        "[스프린트 리뷰]\n일시: 12월 8일(화) 오전 10시 ~ 11시\n장소: 본사 7층 대회의실",
                    ),
                ]
            ),
            truth("2026-12-08T10:00:00+09:00", "2026-12-08T11:00:00+09:00", "스프린트", "대회의실"),
        ),
        (
            "chat-dark",
            draw.chat(
                [
                    (
                        "left",
                        "[필라테스 체험 수업]\n일시: 12월 2일 오후 7시 30분\n장소: 역삼동 바디랩",
                    )
                ],
                dark=True,
            ),
            truth("2026-12-02T19:30:00+09:00", None, "필라테스", "바디랩"),
        ),
        (
            "chat-en",
            draw.chat(
                [("left", "Team dinner\nWhen: Friday, December 4, 2026 7:00 PM\nWhere: Cafe Luna")]
            ),
            truth("2026-12-04T19:00:00+09:00", None, "dinner", "Cafe Luna"),
        ),
        (
            "mail-small",
            draw.email(
                "초대: 분기 실적 리뷰",
                [
                    ("일시", "2026년 12월 10일(목) 오후 2시 ~ 3시 30분"),
                    ("장소", "강남 파이낸스센터 12층"),
                    ("참석자", "김민지, 박서준"),
                ],
                scale=0.8,
            ),
            truth("2026-12-10T14:00:00+09:00", "2026-12-10T15:30:00+09:00", "실적", "파이낸스"),
        ),
        (
            "mail-large",
            draw.email(
                "초대: 신년 워크숍",
                [("일시", "2027.01.08(금) 09:30 ~ 18:00"), ("장소", "양평 블루밍 리조트")],
                scale=1.25,
            ),
            truth("2027-01-08T09:30:00+09:00", "2027-01-08T18:00:00+09:00", "워크숍", "블루밍"),
        ),
        (
            "notice",
            draw.poster(
                [
                    "[서울중앙의원] 홍길동님",
                    "건강검진 예약이",
                    "2026-12-14 (월) 오전 8시 30분",
                    "으로 확정되었습니다.",
                    "장소: 강남구 테헤란로 152",
                ]
            ),
            truth("2026-12-14T08:30:00+09:00", None, "건강검진", "테헤란로"),
        ),
        (
            "notice-en",
            draw.poster(
                [
                    "Reminder from Seoul Dental",
                    "Scaling appointment",
                    "Wednesday, December 16, 2026 4:20 PM",
                    "at Gangnam Station Exit 3.",
                    "Reply C to confirm.",
                ]
            ),
            truth("2026-12-16T16:20:00+09:00", None, "Scaling", "Gangnam"),
        ),
        (
            "schedule",
            draw.poster(
                [
                    "[12월 동아리 일정]",
                    "12월 9일(수) 오후 7시 보드게임 카페 모임",
                    "12월 23일(수) 오후 7시 송년회",
                ]
            ),
            truth("2026-12-09T19:00:00+09:00", None, "보드게임", ""),
        ),
    ]


def main() -> None:
    folder = corpus_dir() / "images"
    rows = [
        json.loads(line)
        for line in (folder / "truth.jsonl").read_text().splitlines()
        if line.strip()
    ]
    settings = Settings(time_zone="Asia/Seoul")
    print("# Images → events (tesseract kor+eng, 2-core machine; figures, not asserts)")

    def ours(row: dict[str, object]) -> Reading:
        reader = ImageReader(settings, data_dir=Path(tempfile.mkdtemp()))
        extraction = reader.read(
            folder / str(row["file"]), now=datetime.fromisoformat(str(row["now"]))
        )
        events = extraction.to_json()["events"]
        return (events[0] if events else {}), extraction.text, extraction.ms

    def plain(row: dict[str, object]) -> Reading:
        text, ms = plain_tesseract(folder / str(row["file"]))
        return {}, text, ms

    report("iljeong pipeline on ../shared/corpus/images", score(rows, ours))
    report(
        "reference: plain `tesseract IMAGE - -l kor+eng` (its text only)",
        score(rows, plain),
        only_text=True,
    )

    items = heldout()
    with tempfile.TemporaryDirectory() as tmp:
        held_rows = []
        for name, image, truth in items:
            path = Path(tmp) / f"{name}.png"
            image.save(path)  # type: ignore[attr-defined]
            held_rows.append({"file": str(path), "now": NOW.isoformat(), **truth})
        report("held-out layouts drawn here", score(held_rows, ours))


if __name__ == "__main__":
    main()
