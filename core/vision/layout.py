"""OCR text → event texts for core/nlu, aware of how screenshots are laid out.

OCR text is not a message: it carries phone chrome (the status bar's clock, which would
read as an event time), chat timestamps, sender names and greetings above the invitation,
labels in table cells without a colon ("일시      2027.01.23"), e-mail subject prefixes
("초대:", "Invitation:"), and sometimes several events. This module cleans the lines and
cuts the text into one block per event; the engine does the understanding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from core.nlu.engine import parse
from core.nlu.result import ParseResult

# A phone status bar: a clock with network/battery marks ("10:24 LTE 87%").
_STATUS_BAR = re.compile(
    r"^\s*\d{1,2}[:.]\d{2}\s*(?:[AP]M)?\b.*(?:LTE|5G|4G|3G|Wi-?Fi|\d{1,3}\s*%)", re.I
)
# The "[Web발신]" prefix of SMS sent from the web (often misread around the Korean).
_WEB_SENT = re.compile(r"^\W*(?:web|웹)\W*\S{0,5}\W*$", re.I)
# A lone chat timestamp ("오후 3:12", "3:12 PM") or a read counter beside a bubble.
# ("모후 3:12": the two letters before the clock are often misread).
_CHAT_STAMP = re.compile(r"^\s*(?:(?:[가-힣]{2}\s*)?\d{1,2}:\d{2}\s*(?:[AP]M)?|\d)\s*$", re.I)
# Labels a table cell or card row may hold without a colon (one misread Korean letter
# is forgiven: "일서" is 일시, "상소" is 장소).
_LABELS = (
    *("일시", "일자", "날짜", "시간", "기간", "장소", "위치", "주소", "내용", "제목"),
    *("행사", "참석자", "참석", "대상", "문의", "준비물", "보낸사람", "받는사람"),
    *("When", "Where", "Date", "Time", "Location", "Venue", "What", "Event", "Who"),
    *("Attendees", "From", "To"),
)
_LABEL_ROW = re.compile(
    r"^\s*(?P<label>[가-힣]{2,4}|[A-Za-z]{2,9})\s*(?::|：|\s{2,}|\t)\s*(?P<value>\S.*)$"
)
# OCR often keeps one space of a table's gap: long labels, or a label before a number.
# Cloud OCR keeps no gaps at all, so the strong two-letter labels count at a line's start.
_LOOSE_LABEL_ROW = re.compile(
    r"^\s*(?P<label>[가-힣]{3,4}|[A-Za-z]{4,9}|[가-힣]{2}(?=\s\d)|일시|일자|날짜|장소|위치|주소)"
    r"\s(?P<value>\S.*)$"
)
# Subject prefixes of invitations: the rest of the line is the event's name.
_SUBJECT = re.compile(
    r"^\s*(?:초대|초대장|공지|안내|알림|invitation|invite|updated invitation|reminder|notice)"
    r"\s*[:：]\s*(?P<title>\S.*)$",
    re.I,
)
# Lines that tell the reader what to do, not what happens.
_INSTRUCTION = re.compile(
    r"문의|회신|수신\s*거부|\breply\b|\brsvp\b|\bconfirm\b|unsubscribe|let\s+me\s+know", re.I
)
# A time-zone note after a time: the user's zone is ours, so it adds nothing.
_ZONE_NOTE = re.compile(
    r"\(\s*(?:KST|GMT\+0?9(?::00)?|UTC\+0?9(?::00)?|한국\s*시간)\s*[)}\]]?|\bKST\b"
)
# "at Seoul Grand Hyatt, Namsan Room." on a line of its own: the venue.
_AT_LINE = re.compile(r"^\s*(?:at|@)\s+(?P<place>\S.*?)[.\s]*$", re.I)
_BRACKET_TITLE = re.compile(r"^\s*[\[【「〈<].{2,60}[\]】」〉>]\s*$")
# Common OCR confusions in the words that matter most for times.
_OCR_WORDS = ((re.compile(r"오우(?=\s*\d)"), "오후"), (re.compile(r"오선(?=\s*\d)"), "오전"))


@dataclass(frozen=True)
class EventText:
    """One event's text as handed to the engine, and what the engine made of it."""

    text: str
    result: ParseResult


def _one_letter_apart(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def _label_of(word: str) -> str | None:
    """The known label ``word`` is, if any."""
    for label in _LABELS:
        if word.lower() == label.lower():
            return label
    if re.fullmatch(r"[가-힣]{2,4}", word):
        for label in _LABELS:
            if _one_letter_apart(label, word):
                return label
    return None


def clean_lines(text: str) -> list[str]:
    """OCR lines without chrome and noise; table labels get their colon back, subject
    prefixes become bracketed title lines, zone notes go."""
    lines: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or any(p.match(line) for p in (_STATUS_BAR, _CHAT_STAMP, _WEB_SENT)):
            continue
        letters = len(re.findall(r"[가-힣A-Za-z0-9]", line))
        if letters < 2 or letters < 0.4 * len(line.replace(" ", "")):
            continue  # ". =", "|" and other specks read as text
        for pattern, word in _OCR_WORDS:
            line = pattern.sub(word, line)
        line = _ZONE_NOTE.sub("", line).strip()
        subject = _SUBJECT.match(line) or _misread_subject(line)
        if subject:
            line = "[" + subject["title"].strip() + "]"
        at_line = _AT_LINE.match(line)
        if at_line:
            line = f"Where: {at_line['place']}"
        row = _LABEL_ROW.match(line) or _LOOSE_LABEL_ROW.match(line)
        if row:
            label = _label_of(row["label"])
            if label is not None:
                line = f"{label}: {row['value'].strip()}"
        if line:
            lines.append(re.sub(r"\s{2,}", " ", line))
    return lines


_SUBJECT_WORDS = ("초대", "공지", "안내", "알림")
_KOREAN_PREFIX = re.compile(r"^\s*(?P<word>[가-힣]{2})\s*[:：]\s*(?P<title>\S.*)$")


def _misread_subject(line: str) -> re.Match[str] | None:
    """ "조대: 세무 상담": a subject prefix with one misread letter."""
    m = _KOREAN_PREFIX.match(line)
    if m and any(_one_letter_apart(w, m["word"]) for w in _SUBJECT_WORDS):
        return m
    return None


def _is_label(line: str) -> bool:
    head = line.split(":", 1)[0]
    return ":" in line and _label_of(head.strip()) is not None


def _when(line: str, now: datetime, zone: ZoneInfo) -> ParseResult | None:
    """What ``line`` says of a date or time, if anything."""
    result = parse(line, now, zone)
    return result if result.start is not None and (result.date_given or result.time_given) else None


def event_blocks(lines: list[str], now: datetime, zone: ZoneInfo) -> list[list[str]]:
    """Cut the lines into one text per event: its title line, then its details.

    An event is anchored on lines that name a date or time. Its details run from the
    label rows just above the anchor through what follows, up to the next event or an
    instruction line ("변경 문의 …", "Reply C to confirm"). Its title line is the nearest
    bracketed title or subject above, else the line just above the details; sender
    names and greetings further up are left out.
    """
    # A bracketed title ("[12월 행사 안내]") heads events; its month is not an event's date.
    dated = {
        i: result
        for i, line in enumerate(lines)
        if not _BRACKET_TITLE.match(line) and (result := _when(line, now, zone)) is not None
    }
    anchors = list(dated)
    if not anchors:
        return [lines] if lines else []
    groups: list[list[int]] = [[anchors[0]]]
    for index in anchors[1:]:
        previous = groups[-1][-1]
        between = lines[previous + 1 : index]
        bare = dated[index].title is None or dated[previous].title is None
        if all(_is_label(b) for b in between) and (_is_label(lines[index]) or bare):
            groups[-1].append(index)  # a date row then a time row of the same event
        else:
            groups.append([index])
    firsts = [
        _details_start(lines, g[0], groups[k - 1][-1] + 1 if k else 0) for k, g in enumerate(groups)
    ]
    blocks: list[list[str]] = []
    for k, first in enumerate(firsts):
        floor = groups[k - 1][-1] + 1 if k else 0
        # The next event's title line (just above its details) is not a detail of this one.
        ceiling = firsts[k + 1] - 1 if k + 1 < len(firsts) else len(lines)
        details: list[str] = []
        for line in lines[first : max(ceiling, groups[k][-1] + 1)]:
            if _INSTRUCTION.search(line) and not _is_label(line):
                break
            details.append(line)
        labelled = [i for i, line in enumerate(details) if _is_label(line)]
        if labelled and labelled[-1] >= groups[k][-1] - first:
            details = details[: labelled[-1] + 1]  # a card ends with its last row
        title = _title_line(lines, floor, first)
        blocks.append(([lines[title]] if title is not None else []) + details)
    return blocks


def _details_start(lines: list[str], anchor: int, floor: int) -> int:
    first = anchor
    while first > floor and _is_label(lines[first - 1]):
        first -= 1
    return first


def _title_line(lines: list[str], floor: int, first: int) -> int | None:
    """The line naming the event whose details start at ``first``: the line just above
    them, unless a bracketed title or subject sits a little higher with labels between."""
    if first <= floor:
        return None
    above = first - 1
    if _BRACKET_TITLE.match(lines[above]) or not _is_label(lines[above]):
        if not _BRACKET_TITLE.match(lines[above]):
            for index in range(above - 1, max(floor, first - 4) - 1, -1):
                if _BRACKET_TITLE.match(lines[index]) and all(
                    _is_label(x) for x in lines[index + 1 : above]
                ):
                    return index
        return above
    for index in range(above, max(floor, first - 6) - 1, -1):
        if _BRACKET_TITLE.match(lines[index]):
            return index
    return None


def read_events(text: str, now: datetime, zone: ZoneInfo) -> list[EventText]:
    """Every event the OCR text describes (create results with a start), in order.

    Chat around an invitation ("내일 얘기한 거 공지요") names days too: when some block
    is a real event (a clock time, or label rows), blocks with only a loose date go.
    """
    found: list[tuple[EventText, bool]] = []
    seen: set[tuple[object, ...]] = set()
    for block in event_blocks(clean_lines(text), now, zone):
        joined = "\n".join(block)
        result = parse(joined, now, zone)
        if result.start is None:
            continue
        if result.intent != "create":
            # Text in an image describes an event; it never asks us to change anything.
            result = result.evolve(intent="create")
        key = (result.start, result.end, (result.title or "").strip().lower())
        if key in seen:
            continue
        seen.add(key)
        firm = result.time_given or any(_is_label(line) for line in block)
        found.append((EventText(joined, result), firm))
    if any(firm for _, firm in found):
        return [event for event, firm in found if firm]
    return [event for event, _ in found]
